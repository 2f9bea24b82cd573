import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as yamlParse } from "yaml";
import type { DatabaseHandle } from "../../db/client.ts";
import { engines } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import { demoPlanFolder } from "../../demo/index.ts";
import { randomUUID } from "node:crypto";
import { addMilestone, addOutcome } from "./adding.ts";
import { milestoneList, move, priorityList, retire } from "./arranging.ts";
import { editedMilestone, editMilestone, editPriority } from "./editing.ts";
import { checkFolder, exportPlan, planFilesOf, planFolderFiles, PlanExportError, readStoredPlan, type PlanFolderFile } from "./plan-export.ts";
import { readPlanFolder } from "./plan-files.ts";
import * as repository from "./repository.ts";
import { planOverviewFileSchema, priorityFileSchema, type PlanFiles } from "./schemas.ts";
import * as plan from "./service.ts";

const folders: string[] = [];

/** Writes the files into a new folder, as `waymark export-plan` does, and returns its path. */
function writeFolder(files: PlanFolderFile[]): string {
  const folder = mkdtempSync(join(tmpdir(), "waymark-export-"));
  folders.push(folder);
  for (const file of files) {
    mkdirSync(dirname(join(folder, file.path)), { recursive: true });
    writeFileSync(join(folder, file.path), file.text);
  }
  return folder;
}

afterAll(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function exported(handle: DatabaseHandle): Promise<PlanFolderFile[]> {
  const result = await exportPlan(handle.db);
  if (!result) throw new Error("no plan to export");
  return result.files;
}

/** What a reader of a priority's page sees of its milestones and outcomes. */
async function priorityAsShown(handle: DatabaseHandle, number: number) {
  const view = await plan.priorityPage(handle.db, number);
  const shown = (m: plan.MilestoneView) => ({ text: m.text, owner: m.owner, dueOn: m.dueOn, ofstedAreas: m.ofstedAreas });
  return {
    lead: view?.priority.lead,
    narrative: view?.priority.narrative,
    years: view?.years.map((y) => ({ label: y.label, reset: y.reset?.name ?? null, milestones: y.milestones.map(shown), superseded: y.superseded.map(shown) })),
    outcomes: view?.outcomes.map((o) => o.text),
  };
}

describe.each(engines)("exporting the plan's files, on $name", (engine) => {
  const handles: DatabaseHandle[] = [];
  const open = async () => {
    const handle = await engine.open();
    handles.push(handle);
    return handle;
  };
  afterAll(async () => {
    for (const handle of handles.splice(0)) await handle.close();
  });

  let demo: PlanFiles;
  let first: PlanFolderFile[];

  beforeAll(async () => {
    demo = await readPlanFolder(demoPlanFolder);
    const loaded = await open();
    await plan.loadPlan(loaded.db, testContext, demo);
    first = await exported(loaded);
  }, 120_000);

  it("writes plan.yaml and one file per priority, which load-plan reads without problems", async () => {
    expect(first.map((f) => f.path)).toEqual([
      "plan.yaml",
      ...["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"].map((n) => `priorities/${n}.yaml`),
    ]);
    await expect(readPlanFolder(writeFolder(first))).resolves.toBeDefined();
    expect(checkFolder(first)).toEqual([]);
  });

  it("carries every priority, milestone of each plan year, outcome, Ofsted link and young people's item of the demo", async () => {
    const back = await readPlanFolder(writeFolder(first));
    // Field by field what the demo's own files hold, once read.
    expect(back).toEqual(demo);
    // And as a reader would count them.
    expect(back.priorities.map((p) => p.title)).toEqual(demo.priorities.map((p) => p.title));
    const third = back.priorities.find((p) => p.number === 3);
    expect(Object.keys(third?.milestones ?? {})).toEqual(["2024/25", "2025/26", "2026/27"]);
    expect(third?.resetMilestones["2025/26"]).toHaveLength(8);
    expect(third?.outcomes).toHaveLength(5);
    expect(third?.milestones["2024/25"]?.[0]?.ofstedAreas).toEqual([1, 2]);
    expect(back.overview.ofstedAreas.find((a) => a.number === 4)?.priorities).toEqual([3, 4, 9]);
    expect(back.overview.tenWishes).toHaveLength(10);
    expect(back.overview.youngPeopleSaid.map((s) => s.priorities)[1]).toEqual([3, 7]);
  });

  it("gives the same files, byte for byte, when its export is loaded into another database and exported again", async () => {
    const again = await open();
    await plan.loadPlan(again.db, testContext, await readPlanFolder(writeFolder(first)));
    const second = await exported(again);
    expect(second.map((f) => f.path)).toEqual(first.map((f) => f.path));
    for (const [i, file] of second.entries()) expect(file.text, file.path).toBe(first[i]?.text);
  }, 120_000);

  it("writes the same files whatever order the rows come back in", async () => {
    const loaded = handles[0];
    if (!loaded) throw new Error("no database");
    const stored = await readStoredPlan(loaded.db);
    if (!stored) throw new Error("no plan");
    const shuffled = Object.fromEntries(Object.entries(stored).map(([key, value]) => [key, Array.isArray(value) ? [...value].reverse() : value])) as typeof stored;
    expect(planFolderFiles(planFilesOf(shuffled))).toEqual(first);
  });

  describe("after the plan is edited in the app", () => {
    let edited: DatabaseHandle;
    let files: PlanFolderFile[];
    let reloaded: DatabaseHandle;

    beforeAll(async () => {
      edited = await open();
      await plan.loadPlan(edited.db, testContext, demo);
      const current = await repository.findCurrentPlan(edited.db);
      const priority = current && (await repository.findPriority(edited.db, current.id, 3));
      if (!priority) throw new Error("the demo has no priority 3");
      await editPriority(edited.db, testContext, priority.id, {
        title: priority.title,
        vision: priority.vision,
        lead: "Head of Children's Social Care: \"Safeguarding\" #1",
        narrative: [...priority.narrative, "A new paragraph: written after the year-one review."],
        keyElements: priority.keyElements,
        version: priority.version,
      });
      const [firstMilestone] = await repository.listMilestones(edited.db, [priority.id]);
      if (!firstMilestone) throw new Error("priority 3 has no milestones");
      // The milestone keeps the Ofsted areas it answers.
      const areas = new Map((await repository.listOfstedAreas(edited.db, priority.planId)).map((a) => [a.number, a.id]));
      const withAreas = await editedMilestone(edited.db, firstMilestone.id, new Map([...areas].map(([number, id]) => [id, number])));
      await editMilestone(edited.db, testContext, firstMilestone.id, { text: firstMilestone.text, owner: "Service Manager, LADO", dueOn: "2025-03-31", ofstedAreas: withAreas?.ofstedAreas ?? [], version: firstMilestone.version }, areas);
      // 2025/26 was reset at the year-one review: a milestone added since is in force, not superseded.
      const noAreas = { areaIds: [], areaNumbers: [] };
      await addMilestone(edited.db, testContext, randomUUID(), priority.id, { planYear: 2025, text: "- Out of hours: a review of the first six months", owner: "", dueOn: "2026-01-30", ...noAreas });
      await addMilestone(edited.db, testContext, randomUUID(), priority.id, { planYear: 2026, text: "Line one\nline two: with a colon", owner: "879", dueOn: "", ...noAreas });
      await addOutcome(edited.db, testContext, randomUUID(), priority.id, { text: "Children will say 'yes' when asked if they feel safe." });
      files = await exported(edited);
      reloaded = await open();
      await plan.loadPlan(reloaded.db, testContext, await readPlanFolder(writeFolder(files)));
    }, 180_000);

    it("writes the owner, due date and lead that were added", () => {
      const third = files.find((f) => f.path === "priorities/03.yaml")?.text ?? "";
      expect(third).toContain("owner: Service Manager, LADO");
      expect(third).toContain("dueOn: 2025-03-31");
      expect(third).toMatch(/^lead: /m);
    });

    it("loads back to the same priority as a reader sees it: milestones in force, superseded ones and outcomes", async () => {
      expect(await priorityAsShown(reloaded, 3)).toEqual(await priorityAsShown(edited, 3));
      const year = (await plan.priorityPage(reloaded.db, 3))?.years.find((y) => y.label === "2025/26");
      expect(year?.milestones.at(-1)?.text).toBe("- Out of hours: a review of the first six months");
      expect(year?.superseded).toHaveLength(13);
    });

    it("gives the same files again from the database it was loaded into", async () => {
      expect(await exported(reloaded)).toEqual(files);
    });

    it("refuses, naming the file and field, a plan that its files could not hold", async () => {
      const current = await repository.findCurrentPlan(edited.db);
      const priority = current && (await repository.findPriority(edited.db, current.id, 5));
      if (!priority) throw new Error("the demo has no priority 5");
      // The form takes 20,000 characters of narrative; a file takes 10,000 to a paragraph.
      await editPriority(edited.db, testContext, priority.id, { ...priority, lead: priority.lead ?? "", narrative: ["word ".repeat(2100).trim()] });
      const refusal = await exportPlan(edited.db).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(PlanExportError);
      expect((refusal as PlanExportError).problems).toEqual(["priorities/05.yaml: narrative › 0: must be 10,000 characters or fewer"]);
    });
  });

  it("leaves out what was retired: the files hold the plan as it stands", async () => {
    const handle = await open();
    await plan.loadPlan(handle.db, testContext, demo);
    const current = await repository.findCurrentPlan(handle.db);
    const priority = current && (await repository.findPriority(handle.db, current.id, 10));
    const three = current && (await repository.findPriority(handle.db, current.id, 3));
    if (!priority || !three) throw new Error("the demo has no priorities 3 and 10");
    const [milestone] = await repository.listMilestones(handle.db, [three.id]);
    if (!milestone) throw new Error("priority 3 has no milestones");
    expect((await retire(handle.db, testContext, priorityList, priority.id, priority.version, new Date())).ok).toBe(true);
    expect((await retire(handle.db, testContext, milestoneList, milestone.id, milestone.version, new Date())).ok).toBe(true);
    const files = await exported(handle);
    expect(files.map((f) => f.path)).not.toContain("priorities/10.yaml");
    expect(files.map((f) => f.path)).toContain("priorities/09.yaml");
    expect(files.find((f) => f.path === "priorities/03.yaml")?.text).not.toContain(milestone.text.split("\n")[0]);
  }, 120_000);

  it("keeps the order the priorities were put in: loaded into another database, the overview lists them so, and they export the same", async () => {
    const handle = await open();
    await plan.loadPlan(handle.db, testContext, demo);
    const current = await repository.findCurrentPlan(handle.db);
    const three = current && (await repository.findPriority(handle.db, current.id, 3));
    if (!current || !three) throw new Error("the demo has no priority 3");
    // Priority 3 moved above priority 2, as the "Move up" button on the plan's set-up page does.
    const order = (await repository.listPriorities(handle.db, current.id)).map((p) => p.id);
    expect(await move(handle.db, testContext, priorityList, three.id, { direction: "up", version: three.version, order })).toEqual({ ok: true });
    const reordered = [1, 3, 2, 4, 5, 6, 7, 8, 9, 10];
    expect((await plan.overview(handle.db))?.priorities.map((p) => p.number)).toEqual(reordered);

    const files = await exported(handle);
    const overviewFile = files.find((f) => f.path === "plan.yaml")?.text ?? "";
    expect(overviewFile).toContain("\npriorityOrder: [1, 3, 2, 4, 5, 6, 7, 8, 9, 10]\n");
    expect(overviewFile.replace(/^priorityOrder: .*\n/m, "")).toBe(first[0]?.text);
    expect(files.slice(1)).toEqual(first.slice(1));

    const again = await open();
    await plan.loadPlan(again.db, testContext, await readPlanFolder(writeFolder(files)));
    const shown = await plan.overview(again.db);
    expect(shown?.priorities.map((p) => p.number)).toEqual(reordered);
    expect(shown?.priorities[1]?.title).toBe(three.title);
    expect(await exported(again)).toEqual(files);
  }, 120_000);

  it("says there is nothing to export before a plan is loaded", async () => {
    expect(await exportPlan((await open()).db)).toBeNull();
  }, 120_000);
});

describe("the files' text", () => {
  const awkward = [
    "879",
    "2025-07-16",
    "yes",
    "null",
    "- a dash first",
    "a: colon",
    "# a hash first",
    "text with a # inside",
    "It's \"quoted\" both ways",
    "Line one\nline two\n\nA second paragraph",
    "Trailing spaces on a line  \nand the next",
    "[brackets] and {braces}",
    "Café — “curly” ‘quotes’ and 👍",
    "@at and `backtick` and *star and &amp and !bang and %percent and |pipe and >angle",
  ];

  it("reads back every awkward text exactly as it was", () => {
    const files: PlanFiles = {
      overview: planOverviewFileSchema.parse({
        council: { name: "A council", service: "Children's services", oldLaCode: "879" },
        plan: {
          slug: "awkward",
          title: "An awkward plan",
          subtitle: awkward[3],
          firstYear: 2025,
          years: 2,
          values: awkward[4],
          vision: awkward[9],
          introduction: awkward,
          youngPeopleAsk: { headline: awkward[6], statement: awkward[10] },
          highlights: awkward,
        },
        youngPeopleSaid: awkward.map((text) => ({ text, priorities: [1] })),
      }),
      priorities: [
        priorityFileSchema.parse({
          number: 1,
          title: awkward[0],
          vision: awkward[1],
          lead: awkward[2],
          milestones: { "2025/26": awkward.map((text, i) => ({ text, owner: awkward[i], dueOn: "2026-03-31" })) },
          outcomes: awkward,
        }),
      ],
    };
    const written = planFolderFiles(files);
    expect(checkFolder(written)).toEqual([]);
    const back = {
      overview: planOverviewFileSchema.parse(parseYamlText(written[0])),
      priorities: [priorityFileSchema.parse(parseYamlText(written[1]))],
    };
    expect(back).toEqual(files);
  });

  it("writes numbers on one line and leaves out what is empty, as people write the files", () => {
    const [overview, priority] = planFolderFiles({
      overview: planOverviewFileSchema.parse({
        council: { name: "A council", service: "Children's services" },
        plan: { slug: "small", title: "Small", subtitle: "A small plan", firstYear: 2025, years: 1, values: "Care", vision: "Safe", youngPeopleAsk: { headline: "Kind", statement: "Be kind" } },
        ofstedAreas: [{ number: 1, text: "Out of hours", priorities: [1] }],
        tenWishes: [{ number: 1, text: "Be on time", priorities: [] }],
      }),
      priorities: [priorityFileSchema.parse({ number: 1, title: "Help", vision: "Early", milestones: { "2025/26": [{ text: "Hubs open" }, { text: "Out of hours", ofstedAreas: [1] }] } })],
    });
    expect(overview?.text).toContain("    priorities: [1]\n");
    expect(overview?.text).toContain("    priorities: []\n");
    expect(overview?.text).not.toContain("oldLaCode");
    expect(priority?.text).toBe(
      ["number: 1", "title: Help", "vision: Early", "milestones:", "  2025/26:", "    - text: Hubs open", "    - text: Out of hours", "      ofstedAreas: [1]", ""].join("\n"),
    );
  });
});

function parseYamlText(file: PlanFolderFile | undefined): unknown {
  if (!file) throw new Error("no file");
  return yamlParse(file.text);
}
