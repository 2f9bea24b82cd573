import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const source = fileURLToPath(new URL("./assets/waymark.scss", import.meta.url));
const frontend = fileURLToPath(new URL("../../node_modules/govuk-frontend/dist", import.meta.url));
/** The compiled stylesheet; made by `npm install` (the prepare script) or at first start. */
export const stylesheetPath = fileURLToPath(new URL("../../dist/waymark.css", import.meta.url));

/** Compiles the stylesheet. Sass is loaded only here: the app needs it only when the stylesheet is missing or stale. */
export async function buildStyles(): Promise<string> {
  const { compile } = await import("sass");
  const result = compile(source, {
    loadPaths: [frontend],
    style: "compressed",
    quietDeps: true,
    silenceDeprecations: ["import", "global-builtin"],
  });
  mkdirSync(dirname(stylesheetPath), { recursive: true });
  writeFileSync(stylesheetPath, result.css);
  return stylesheetPath;
}

/** Builds the stylesheet when it is missing or older than its source. */
export async function ensureStyles(): Promise<void> {
  if (!existsSync(stylesheetPath) || statSync(stylesheetPath).mtimeMs < statSync(source).mtimeMs) await buildStyles();
}
