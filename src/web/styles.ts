import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "sass";

const source = fileURLToPath(new URL("./assets/waymark.scss", import.meta.url));
const frontend = fileURLToPath(new URL("../../node_modules/govuk-frontend/dist", import.meta.url));
/** The compiled stylesheet; made by `npm install` (the prepare script) or at first start. */
export const stylesheetPath = fileURLToPath(new URL("../../dist/waymark.css", import.meta.url));

export function buildStyles(): string {
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
export function ensureStyles(): void {
  if (!existsSync(stylesheetPath) || statSync(stylesheetPath).mtimeMs < statSync(source).mtimeMs) buildStyles();
}
