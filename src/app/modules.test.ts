import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { modules } from "./modules.ts";

const modulesFolder = fileURLToPath(new URL("../modules/", import.meta.url));
const folders = readdirSync(modulesFolder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

describe("the list of modules", () => {
  it("registers every module folder once, under its folder's name", () => {
    expect(modules.map((m) => m.name).sort()).toEqual([...folders].sort());
  });

  it("gives each module's views folder where it is", () => {
    for (const { name, views } of modules) if (views) expect(views, name).toBe(`${modulesFolder}${name}/views`);
    for (const { views } of modules) if (views) expect(existsSync(views)).toBe(true);
  });

  it("has no action declared by two modules", () => {
    const actions = modules.flatMap((m) => m.actions);
    expect(new Set(actions).size).toBe(actions.length);
  });
});
