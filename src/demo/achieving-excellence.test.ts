import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mappingFilesOf, readMappingFolder } from "../modules/measures/index.ts";
import { readPlanFolder } from "../modules/plan/index.ts";
import { openDemoDatabase } from "../../test/support/demo.ts";
import { demoPlanFolder } from "./index.ts";
import { normaliseWording, seedWording } from "../../test/support/wording.ts";

// The demo is typed from the council's published papers, read here from the shared seeds.
const plan001 = seedWording("001_2a2a75c2058d063f.txt");
const progress000 = seedWording("000_9beb35d908bf020f.txt");

/** Obvious typos in the seeds that the demo corrects: the corrected text and the seed's own. */
const corrections = new Map([
  ["Evidence-based packages of support are reducing rates of NEET in groups of at risk young people.", "reducing rates of NEET in groups of at risk of young people"],
  ["Phased roll out of capital works to increase special school provision.", "Phased roll of out of capital works"],
  ["Reduced absence, including persistent absence.", "Reduced absence, including persistence absence"],
  ["Further strengthen engagement of children, young people and families in quality assurance and wider participation.", "families' in quality assurance"],
  ["Commissioning; helping us to ensure we have high quality provision in place to meet need, both now and in the future, and which represents value for money to the Council.", "helping to us to ensure"],
]);

const files = await readPlanFolder(demoPlanFolder);
const byNumber = new Map(files.priorities.map((p) => [p.number, p]));

describe("the Achieving Excellence demo", () => {
  it("has the plan's ten priorities, numbered 1 to 10", () => {
    expect(files.priorities.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(byNumber.get(4)?.title).toBe("The right homes for cared for children at the right time");
  });

  // Counted from the key milestones tables of the plan (seed 001) and the
  // "Priorities for the year" column of the 2025/26 progress report (seed 000).
  it.each([
    [1, 13, 9, 10, 9],
    [2, 12, 8, 6, 10],
    [3, 13, 13, 8, 8],
    [4, 12, 9, 8, 11],
    [5, 9, 8, 6, 7],
    [6, 10, 8, 7, 9],
    [7, 11, 10, 8, 9],
    [8, 7, 5, 4, 3],
    [9, 5, 0, 0, 5],
    [10, 0, 0, 0, 7],
  ])("priority %i has %i, %i and %i milestones for 2024/25–2026/27 and %i reset for 2025/26", (number, y1, y2, y3, reset) => {
    const priority = byNumber.get(number);
    expect(priority).toBeDefined();
    const count = (year: string) => priority?.milestones[year]?.length ?? 0;
    expect([count("2024/25"), count("2025/26"), count("2026/27")]).toEqual([y1, y2, y3]);
    expect(priority?.resetMilestones["2025/26"]?.length ?? 0).toBe(reset);
  });

  it("keeps exact milestone wording from the plan", () => {
    expect(byNumber.get(1)?.milestones["2024/25"]?.[0]?.text).toBe("Implement family hubs as agreed, review Children's Centre offer.");
    expect(byNumber.get(9)?.milestones["2024/25"]?.map((m) => m.text)).toContain(
      "Refresh our partnership priorities and strategy 'A Bright Future' for 2024-26.",
    );
    expect(byNumber.get(9)?.resetMilestones["2025/26"]?.[3]?.text).toBe("Deliver the partnership priorities set out in A Bright Future 2025-27.");
  });

  it("types every milestone and outcome word for word from its seed, apart from listed typo corrections", () => {
    const notFound: string[] = [];
    for (const priority of files.priorities) {
      const check = (seed: string, text: string) => {
        const correctedFrom = corrections.get(text);
        if (correctedFrom ? !seed.includes(normaliseWording(correctedFrom)) : !seed.includes(normaliseWording(text))) {
          notFound.push(`priority ${priority.number}: ${text}`);
        }
      };
      Object.values(priority.milestones).flat().forEach((m) => check(plan001, m.text));
      Object.values(priority.resetMilestones).flat().forEach((m) => check(progress000, m.text));
      priority.outcomes.forEach((o) => check(plan001, o));
    }
    expect(notFound).toEqual([]);
  });

  it("has the eight Ofsted areas for improvement, each answered by at least one priority", () => {
    expect(files.overview.ofstedAreas.map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const area of files.overview.ofstedAreas) expect(area.priorities.length, `area ${area.number}`).toBeGreaterThan(0);
    expect(files.overview.ofstedAreas[4]?.text).toBe("The timeliness of health assessments for children in care.");
  });

  it("has the Ten Wishes, the key indicators and where the plan will be in 2027", () => {
    expect(files.overview.tenWishes).toHaveLength(10);
    expect(files.overview.tenWishes[0]?.text).toBe("We want professionals to be easier to contact.");
    expect(files.overview.keyIndicators).toHaveLength(13);
    expect(files.overview.endState[0]?.achieve).toBe("The Partnership delivers an effective early help offer in localities");
    expect(files.overview.plan.youngPeopleAsk.headline).toBe("Equal, Kind and Safe");
  });

  it("records the 2025/26 reset at the year-one review", () => {
    expect(files.overview.resets).toEqual([expect.objectContaining({ planYear: "2025/26", heldOn: "2025-07-16" })]);
  });
});

describe("the Achieving Excellence demo's benchmark mappings", () => {
  it("maps the eight measures with DfE benchmarks, one file each, read as load-plan reads them", async () => {
    const mappings = await readMappingFolder(demoPlanFolder);
    expect(mappings.map((m) => m.label)).toEqual(["CIN-PERSISTENT-ABSENCE", "CLA-RATE", "CPP-REPEAT", "REREFERRALS", "SW-AGENCY", "SW-CASELOAD", "SW-TURNOVER", "SW-VACANCY"].map((code) => `mappings/${code}.yaml`));
    expect(mappings.find((m) => m.file.measure.code === "CLA-RATE")?.file.mapping).toMatchObject({ file: "cla_number_and_rate_per_10k_children.csv", column: "rate_per_10000", filters: { population_type: "Children looked after on 31 March each year" } });
  });

  it("ends loaded with each measure's mapping as its file says, so exporting it gives the same files", async () => {
    const handle = await openDemoDatabase();
    try {
      const exported = await mappingFilesOf(handle.db);
      expect(exported.map((f) => f.path)).toEqual((await readMappingFolder(demoPlanFolder)).map((m) => m.label));
      for (const file of exported) expect(file.text, file.path).toBe(readFileSync(join(demoPlanFolder, file.path), "utf8"));
    } finally {
      await handle.close();
    }
  }, 60_000);
});
