import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRenderer } from "./render.ts";

const root = mkdtempSync(join(tmpdir(), "waymark-views-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A module's views folder holding these templates. */
function viewsOf(name: string, templates: Record<string, string>) {
  const views = join(root, name);
  mkdirSync(views, { recursive: true });
  for (const [file, text] of Object.entries(templates)) writeFileSync(join(views, file), text);
  return { name, views };
}

describe("the renderer's views, named by module", () => {
  const plan = viewsOf("plan", { "tags.njk": "plan tags", "page.njk": '{% include "plan/tags.njk" %} then {% include "progress/tags.njk" %}' });
  const progress = viewsOf("progress", { "tags.njk": "progress tags" });
  const render = createRenderer([plan, progress]);

  it("gives each module its own template where two share a file name", () => {
    expect(render("plan/tags.njk", {})).toBe("plan tags");
    expect(render("progress/tags.njk", {})).toBe("progress tags");
    expect(render("plan/page.njk", {})).toBe("plan tags then progress tags");
  });

  it("finds no module's template by its file name alone", () => {
    expect(() => render("tags.njk", {})).toThrow(/template not found/);
  });

  it("finds a template only in the folder its name gives", () => {
    expect(() => render("progress/page.njk", {})).toThrow(/template not found/);
  });

  it("keeps the shared views and GOV.UK Frontend's under their own names", () => {
    expect(render("error.njk", { pageTitle: "Page not found", paragraphs: [] })).toContain("Page not found");
  });

  it("refuses two modules' views under one name", () => {
    expect(() => createRenderer([plan, { name: "plan", views: progress.views }])).toThrow(/Two sets of views are named "plan"/);
  });
});
