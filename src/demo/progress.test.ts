import { describe, expect, it } from "vitest";
import { readProgressFolder } from "../modules/progress/index.ts";
import { normaliseWording, seedWording } from "../../test/support/wording.ts";
import { demoProgressFolder } from "./index.ts";

const sources: Record<string, string> = {
  "2024-25-q3.yaml": seedWording("002_22b056c222cd495c.txt"),
  "2024-25-year-end.yaml": seedWording("003_eec89c8c605852ce.txt") + seedWording("000_9beb35d908bf020f.txt"),
  "2025-26-q1-q2.yaml": seedWording("000_9beb35d908bf020f.txt"),
};

/**
 * Items whose text the seeds break across lines, pages or table cells (rejoined here), or
 * where an obvious typo was corrected: checked by their opening words instead.
 */
const rejoined = [
  "However, some plans evidence actions that are not clear",
  "Improved approaches through our Place Based working arrangements",
  "The ICB is leading on the development of a new citywide",
  "The Belonging Framework launched at the Head Teacher Conference",
  "The Families First Front Door moved into better accommodation",
  "Additional placements Brokerage Officer and Quality Assurance Officer",
  "As per PSCP 'A Bright Future' priorities",
];

const files = await readProgressFolder(demoProgressFolder);
const byName = new Map(files.map((f) => [f.name, f.file]));

describe("the demo's reported progress", () => {
  it("has the three periods the seeds report", () => {
    expect([...byName.keys()]).toEqual(["2024-25-q3.yaml", "2024-25-year-end.yaml", "2025-26-q1-q2.yaml"]);
  });

  it("attaches Q3 2024/25 to the priorities the report concerns", () => {
    expect(byName.get("2024-25-q3.yaml")?.priorities.map((p) => p.number)).toEqual(expect.arrayContaining([2, 3, 4, 6, 7, 8]));
    const narrative = byName.get("2024-25-q3.yaml")?.priorities.find((p) => p.number === 2)?.narrative.join(" ") ?? "";
    expect(narrative).toContain("27%");
  });

  it("has every priority's Q1 and Q2 2025/26 progress and the report's highlights and challenges", () => {
    const half = byName.get("2025-26-q1-q2.yaml");
    expect(half?.priorities.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const p of half?.priorities ?? []) expect(p.narrative.length, `priority ${p.number}`).toBeGreaterThan(0);
    expect(half?.service?.highlights).toHaveLength(12);
    expect(half?.service?.challenges).toHaveLength(5);
  });

  it("marks 2024/25 milestones only where the seeds support it, and never as not achieved", () => {
    const statuses = byName.get("2024-25-year-end.yaml")?.milestones.map((m) => m.status) ?? [];
    expect(statuses.length).toBe(21);
    expect(new Set(statuses)).toEqual(new Set(["complete", "carried_forward"]));
  });

  it("types the progress word for word from its seed", () => {
    const notFound: string[] = [];
    for (const { name, file } of files) {
      const source = sources[name] ?? "";
      const texts = [
        ...(file.service?.highlights ?? []),
        ...(file.service?.challenges ?? []),
        ...file.priorities.flatMap((p) => [...p.narrative, ...p.achievements, ...p.plannedNext, ...p.challenges.flatMap((c) => [c.challenge, c.mitigation].filter(Boolean))]),
        ...file.milestones.map((m) => m.narrative).filter(Boolean),
      ];
      for (const text of texts) {
        // The caseload table, written out as text: each of its figures must be the seed's.
        if (text.startsWith("Caseloads by service area")) {
          for (const figure of text.match(/\d+(\.\d+)?/g) ?? []) if (!source.includes(figure)) notFound.push(`${name}: caseload figure ${figure}`);
          continue;
        }
        const opening = rejoined.find((prefix) => text.startsWith(prefix));
        if (!source.includes(normaliseWording(opening ?? text))) notFound.push(`${name}: ${text.slice(0, 80)}`);
      }
    }
    expect(notFound).toEqual([]);
  });
});
