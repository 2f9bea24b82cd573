import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { demoPlanFolder } from "../../demo/index.ts";
import { PlanFileError, readPlanFolder } from "./plan-files.ts";

const folders: string[] = [];

/** A copy of the demo's files, to break in one place. */
function copyOfDemo(): string {
  const folder = mkdtempSync(join(tmpdir(), "waymark-plan-"));
  folders.push(folder);
  cpSync(demoPlanFolder, folder, { recursive: true });
  return folder;
}

function edit(folder: string, file: string, change: (text: string) => string) {
  const path = join(folder, file);
  writeFileSync(path, change(readFileSync(path, "utf8")));
}

async function problemsOf(folder: string): Promise<string[]> {
  try {
    await readPlanFolder(folder);
  } catch (error) {
    if (error instanceof PlanFileError) return error.problems;
    throw error;
  }
  return [];
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("readPlanFolder", () => {
  it("reads the demo plan without problems", async () => {
    const files = await readPlanFolder(demoPlanFolder);
    expect(files.overview.plan.title).toBe("Achieving Excellence");
    expect(files.priorities).toHaveLength(10);
  });

  it("reads a plan with no strapline and nothing beside young people's ask, as one set up in the app may be", async () => {
    const folder = copyOfDemo();
    edit(folder, "plan.yaml", (text) => text.replace(/^ {2}subtitle: .*\n/m, "").replace(/^ {4}statement: .*\n/m, ""));
    const files = await readPlanFolder(folder);
    expect(files.overview.plan.subtitle).toBe("");
    expect(files.overview.plan.youngPeopleAsk).toEqual({ headline: "Equal, Kind and Safe", statement: "" });
  });

  it("names the file and field of an empty milestone", async () => {
    const folder = copyOfDemo();
    edit(folder, "priorities/03.yaml", (text) => text.replace(/- text: "Improved approaches in priority areas[^"]*"/, '- text: ""'));
    expect(await problemsOf(folder)).toEqual([expect.stringMatching(/^priorities\/03\.yaml: milestones › 2024\/25 › 0 › text: must not be empty$/)]);
  });

  it("names the field of a hidden control character or a due date that does not exist", async () => {
    const folder = copyOfDemo();
    edit(folder, "priorities/03.yaml", (text) => text.replace(/- text: "Improved approaches in priority areas/, '- text: "Improved\\0 approaches in priority areas'));
    edit(folder, "plan.yaml", (text) => text.replace(/heldOn: "?\d{4}-\d{2}-\d{2}"?/, "heldOn: 2025-02-30"));
    expect(await problemsOf(folder)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^priorities\/03\.yaml: milestones › 2024\/25 › 0 › text: must not contain hidden control characters$/),
        expect.stringMatching(/^plan\.yaml: resets › 0 › heldOn: must be a real date written YYYY-MM-DD$/),
      ]),
    );
  });

  it("names the line of a file that is not valid YAML", async () => {
    const folder = copyOfDemo();
    edit(folder, "priorities/01.yaml", (text) => text.replace("title:", "title: [unclosed"));
    expect((await problemsOf(folder))[0]).toMatch(/^priorities\/01\.yaml line \d+: this is not valid YAML$/);
  });

  it("refuses a plan year that is not written like 2025/26", async () => {
    const folder = copyOfDemo();
    edit(folder, "priorities/09.yaml", (text) => text.replace('"2024/25":', '"2024-25":'));
    expect((await problemsOf(folder)).join("\n")).toContain("priorities/09.yaml: milestones › 2024-25");
  });

  it("refuses a link to an Ofsted area that does not exist", async () => {
    const folder = copyOfDemo();
    edit(folder, "priorities/09.yaml", (text) => text.replace("ofstedAreas: [3]", "ofstedAreas: [12]"));
    expect(await problemsOf(folder)).toEqual(["priorities/09.yaml: milestones › 2024/25 › 0 › ofstedAreas: there is no area 12"]);
  });

  it("refuses a link to a priority that has no file", async () => {
    const folder = copyOfDemo();
    rmSync(join(folder, "priorities/10.yaml"));
    expect((await problemsOf(folder)).join("\n")).toContain("links to priority 10, which has no file");
  });

  it("reads the order the priorities are shown in, when plan.yaml gives one", async () => {
    const folder = copyOfDemo();
    edit(folder, "plan.yaml", (text) => `${text}priorityOrder: [2, 1, 3, 4, 5, 6, 7, 8, 9, 10]\n`);
    const files = await readPlanFolder(folder);
    expect(files.overview.priorityOrder).toEqual([2, 1, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it.each([
    ["a missing number", "[1, 2, 3, 4, 5, 6, 7, 8, 10]", ["plan.yaml: priorityOrder: priority 9 is missing"]],
    ["a repeat", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 3]", ["plan.yaml: priorityOrder: priority 3 is listed more than once"]],
    ["an unknown number", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", ["plan.yaml: priorityOrder: priority 11 has no file"]],
    ["something that is not a number", "[1, two, 3]", [expect.stringMatching(/^plan\.yaml: priorityOrder › 1: /)]],
  ])("refuses an order of priorities with %s, naming the field", async (_name, order, problems) => {
    const folder = copyOfDemo();
    edit(folder, "plan.yaml", (text) => `${text}priorityOrder: ${order}\n`);
    expect(await problemsOf(folder)).toEqual(problems);
  });

  it("reports a missing plan.yaml", async () => {
    const folder = copyOfDemo();
    rmSync(join(folder, "plan.yaml"));
    expect(await problemsOf(folder)).toContain("plan.yaml: the file cannot be read");
  });
});
