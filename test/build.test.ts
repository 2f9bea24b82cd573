import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildIsStale, stampName } from "../scripts/build-freshness.js";
import { runWaymark } from "./support/waymark-process.ts";

/** The compiled app: what `npm install` makes and the `waymark` command runs. */

describe("knowing when the compiled app is behind its source", () => {
  const root = mkdtempSync(join(tmpdir(), "waymark-build-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);

  mkdirSync(join(root, "src", "modules", "plan", "views"), { recursive: true });
  writeFileSync(join(root, "src", "modules", "plan", "service.ts"), "export {};\n");
  writeFileSync(join(root, "src", "modules", "plan", "service.test.ts"), "export {};\n");
  writeFileSync(join(root, "src", "modules", "plan", "views", "plan.njk"), "<h1></h1>\n");

  it.each([
    ["never built", () => rmSync(join(root, "dist"), { recursive: true, force: true }), true],
    ["built after every source file", () => (mkdirSync(join(root, "dist"), { recursive: true }), writeFileSync(join(root, "dist", stampName), ""), at(`dist/${stampName}`, 2000), at("src/modules/plan/service.ts", 1000), at("src/modules/plan/views/plan.njk", 1000), at("src/modules/plan/service.test.ts", 1000)), false],
    ["a module's code changed since", () => at("src/modules/plan/service.ts", 3000), true],
    ["the code built again", () => at(`dist/${stampName}`, 4000), false],
    ["a view changed since (views are copied into the build)", () => at("src/modules/plan/views/plan.njk", 5000), true],
    ["only a test changed since", () => (at(`dist/${stampName}`, 6000), at("src/modules/plan/service.test.ts", 7000)), false],
  ])("%s: stale is %s", (_case, arrange, stale) => {
    arrange();
    expect(buildIsStale(root)).toBe(stale);
  });
});

describe("the waymark command", () => {
  it("answers help from the compiled app", async () => {
    const result = await runWaymark(["help"], {});
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Usage: waymark <command>");
  });

  it("names an unknown command and lists the real ones", async () => {
    const result = await runWaymark(["serv"], {});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('There is no command "serv"');
    expect(result.stderr).toContain("load-plan FOLDER");
  });
});
