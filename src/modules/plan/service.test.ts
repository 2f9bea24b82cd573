import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { engines } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import { demoPlanFolder } from "../../demo/index.ts";
import { readPlanFolder } from "./plan-files.ts";
import * as plan from "./service.ts";
import { milestoneList, retire } from "./arranging.ts";

describe.each(engines)("the plan, stored on $name", (engine) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await engine.openDemo();
  });
  afterAll(async () => handle?.close());

  it("shows ten priority cards with the milestones in force each year", async () => {
    const view = await plan.overview(handle.db);
    expect(view?.priorities).toHaveLength(10);
    // 2025/26 counts the reset milestones, not the superseded originals.
    expect(view?.priorities[0]?.milestoneCounts).toEqual([
      { label: "2024/25", count: 13 },
      { label: "2025/26", count: 9 },
      { label: "2026/27", count: 10 },
    ]);
    expect(view?.summary.period).toBe("2024–27");
  });

  it("keeps the original 2025/26 milestones as superseded history beside the reset ones", async () => {
    const view = await plan.priorityPage(handle.db, 4);
    const year = view?.years.find((y) => y.label === "2025/26");
    expect(year?.milestones).toHaveLength(11);
    expect(year?.superseded).toHaveLength(9);
    expect(year?.reset).toMatchObject({ name: "Year-one review", heldOn: "2025-07-16" });
    expect(view?.years.find((y) => y.label === "2024/25")?.reset).toBeNull();
  });

  it("lists the Ofsted areas a priority answers, through the priority or its milestones", async () => {
    const view = await plan.priorityPage(handle.db, 3);
    expect(view?.ofstedAreas.map((a) => a.number)).toEqual(expect.arrayContaining([1, 2]));
  });

  it("gives each Ofsted area its priorities and milestones", async () => {
    const view = await plan.ofstedPage(handle.db);
    expect(view?.areas).toHaveLength(8);
    const lado = view?.areas.find((a) => a.number === 2);
    expect(lado?.priorities.map((p) => p.number)).toContain(3);
    expect(lado?.milestones.some((m) => m.text.includes("LADO"))).toBe(true);
  });

  it("finds milestones by a word's stem and links to the milestone", async () => {
    const view = await plan.search(handle.db, "foster carer");
    expect(view?.hits.length).toBeGreaterThan(0);
    const milestone = view?.hits.find((h) => h.kind === "milestone");
    expect(milestone?.text.toLowerCase()).toMatch(/foster/);
    expect(milestone?.href).toMatch(/^\/priorities\/\d+#milestone-\d+$/);
  });

  it("puts milestones in force before superseded ones in search results", async () => {
    const hits = (await plan.search(handle.db, "family hubs"))?.hits ?? [];
    const firstSuperseded = hits.findIndex((h) => h.superseded);
    if (firstSuperseded >= 0) expect(hits.slice(firstSuperseded).every((h) => h.superseded)).toBe(true);
    expect(hits.length).toBeGreaterThan(0);
  });

  it("finds nothing for words the plan does not use", async () => {
    expect((await plan.search(handle.db, "zeppelin"))?.hits).toEqual([]);
  });

  it("refuses to load the same plan twice and changes nothing", async () => {
    const files = await readPlanFolder(demoPlanFolder);
    await expect(plan.loadPlan(handle.db, testContext, files)).rejects.toThrow(/already loaded; nothing was changed/);
    expect((await plan.overview(handle.db))?.priorities).toHaveLength(10);
  });

  it("loads nothing when a file's links fail part way through", async () => {
    const files = await readPlanFolder(demoPlanFolder);
    const broken = structuredClone(files);
    broken.overview.plan.slug = "broken-plan";
    // A milestone linking to an area that does not exist fails inside the transaction.
    const enablers = broken.priorities.find((p) => p.number === 10);
    if (!enablers) throw new Error("the demo has no priority 10");
    enablers.milestones["2024/25"] = [{ text: "A milestone", ofstedAreas: [99] }];
    await expect(plan.loadPlan(handle.db, testContext, broken)).rejects.toThrow();
    const current = await plan.currentPlanSummary(handle.db);
    expect(current?.title).toBe("Achieving Excellence");
  });

  // Last: it changes the plan the tests above read.
  it("counts a milestone no longer once it is retired", async () => {
    const page = await plan.priorityPage(handle.db, 1);
    const milestone = page?.years.find((y) => y.label === "2024/25")?.milestones[0];
    if (!milestone) throw new Error("priority 1 has no 2024/25 milestone");
    expect((await retire(handle.db, testContext, milestoneList, milestone.id, milestone.version, new Date())).ok).toBe(true);
    const counts = (await plan.overview(handle.db))?.priorities[0]?.milestoneCounts;
    expect(counts?.find((c) => c.label === "2024/25")?.count).toBe(12);
    expect(counts?.find((c) => c.label === "2025/26")?.count).toBe(9);
  });
});
