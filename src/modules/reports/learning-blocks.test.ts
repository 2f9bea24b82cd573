import { describe, expect, it } from "vitest";
import type { AuditGrade } from "../../core/audit-grades.ts";
import type { LearningAudit, LearningRecord } from "../../core/learning-record.ts";
import type { ReportBasis } from "./builders.ts";
import type { Block, TableBlock } from "./document.ts";
import { learningReport, qualityAssuranceSection } from "./learning-blocks.ts";

const basis = {
  council: "Plymouth City Council",
  cover: { committee: "Children, Young People and Families Service", title: "Learning report: All service areas — Q3 2024/25" },
  sections: {},
  generatedAt: "2025-01-10T09:00:00.000Z",
} as unknown as ReportBasis;

const q3 = { label: "Q3 2024/25", startsOn: "2024-10-01", endsOn: "2024-12-31" };

function audits(n: number, auditDate: string, grade: AuditGrade, extra: Partial<LearningAudit> = {}): LearningAudit[] {
  return Array.from({ length: n }, () => ({
    auditDate,
    serviceArea: "Children in care",
    overallGrade: grade,
    moderatedGrade: null,
    domainGrades: [
      { domain: "Plans recorded on the child's file", grade: grade === "good" ? "good" : "inadequate" },
      { domain: "Supervision and management oversight", grade },
    ],
    synthetic: false,
    ...extra,
  }));
}

/** The demo's quarter: 36 good, 59 requiring improvement, 5 inadequate; and 31% good the quarter before. */
const demoQuarter = [...audits(36, "2024-11-01", "good"), ...audits(59, "2024-11-02", "requires-improvement"), ...audits(5, "2024-11-03", "inadequate")];
const quarterBefore = [...audits(31, "2024-08-01", "good"), ...audits(69, "2024-08-02", "requires-improvement")];

const sample: LearningRecord = {
  period: q3,
  serviceArea: null,
  audits: [...quarterBefore, ...demoQuarter],
  actions: [
    ...Array.from({ length: 6 }, () => ({ raisedOn: "2024-10-10", dueOn: "2024-11-30", closedOn: "2024-11-30" })),
    ...Array.from({ length: 5 }, () => ({ raisedOn: "2024-10-10", dueOn: "2024-12-01", closedOn: null })),
  ],
  feedback: [
    { kind: "strength", theme: "Being listened to", words: "The worker listened and did what they said they would." },
    { kind: "to-strengthen", theme: "Keeping in touch", words: "Tell us sooner when a worker changes." },
  ],
  practiceWeeks: [
    {
      theme: "Care leavers",
      serviceArea: "Care leavers",
      startsOn: "2024-11-11",
      endsOn: "2024-11-15",
      strengths: ["Personal advisers know their young people well."],
      areasForImprovement: ["Pathway plans are not always updated after a move."],
      learning: "Pathway plans are reviewed at every move.",
    },
  ],
};

/** Every piece of text in the blocks, in order: headings, paragraphs (with their labels), list items and table cells. */
function texts(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block): string[] => {
    if (block.kind === "heading") return [block.text];
    if (block.kind === "paragraph") return [block.label ? `${block.label} ${block.text}` : block.text];
    if (block.kind === "list") return block.items;
    if (block.kind === "table") return [block.caption, ...block.rows.flatMap((row) => row.map((cell) => (typeof cell === "string" ? cell : cell.items.join(" "))))];
    return [];
  });
}

const headings = (blocks: readonly Block[]) => blocks.filter((b) => b.kind === "heading").map((b) => `${String(b.level)} ${b.text}`);
const tableOf = (blocks: readonly Block[], caption: string): TableBlock => {
  const found = blocks.find((b): b is TableBlock => b.kind === "table" && b.caption.startsWith(caption));
  if (!found) throw new Error(`no table "${caption}"`);
  return found;
};

describe("a learning report", () => {
  const report = learningReport(basis, sample);

  it("is one page for teams: the title and who it is shared with, and no committee cover sheet", () => {
    expect(report.title).toBe("Learning report: All service areas — Q3 2024/25");
    expect(report.committee).toBe("Children, Young People and Families Service");
    expect(headings(report.blocks)).not.toContain("1 Purpose of report");
    expect(report.blocks.some((b) => b.kind === "fields" || b.kind === "page-break")).toBe(false);
  });

  it("names the service area and the quarter", () => {
    expect(texts(report.blocks)).toEqual(expect.arrayContaining(["Service area: All service areas", "Period: Q3 2024/25, 1 October 2024 to 31 December 2024"]));
  });

  it("counts the audits and the overall grades with their percentages", () => {
    expect(texts(report.blocks)).toContain("100 case audits were completed in the period; 36% of them were graded good or better (the moderated grade counting where an audit was moderated).");
    expect(tableOf(report.blocks, "Overall grades").rows).toEqual([
      ["Outstanding", "0", "0%"],
      ["Good", "36", "36%"],
      ["Requires improvement", "59", "59%"],
      ["Inadequate", "5", "5%"],
      ["All audits", "100", ""],
    ]);
  });

  it("gives the grades in each domain", () => {
    expect(tableOf(report.blocks, "Grades given in each domain").rows).toEqual([
      ["Plans recorded on the child's file", "0", "36", "0", "64", "100"],
      ["Supervision and management oversight", "0", "36", "59", "5", "100"],
    ]);
  });

  it("gives the trend of practice good or better over four quarters, saying where there were no audits", () => {
    expect(tableOf(report.blocks, "Case audits graded good or better").rows).toEqual([
      ["Q4 2023/24", "0", "No audits"],
      ["Q1 2024/25", "0", "No audits"],
      ["Q2 2024/25", "100", "31%"],
      ["Q3 2024/25", "100", "36%"],
    ]);
  });

  it("names the domains most often below good as the main themes, with practice weeks and families' feedback", () => {
    const all = texts(report.blocks);
    expect(all).toEqual(
      expect.arrayContaining([
        "Plans recorded on the child's file: 64 of 100 grades were 'requires improvement' or 'inadequate'",
        "Supervision and management oversight: 64 of 100 grades were 'requires improvement' or 'inadequate'",
        "Care leavers practice week",
        "Care leavers, 11 November 2024 to 15 November 2024.",
        "Personal advisers know their young people well.",
        "Pathway plans are not always updated after a move.",
        "Learning: Pathway plans are reviewed at every move.",
        "Being listened to: The worker listened and did what they said they would.",
        "Keeping in touch: Tell us sooner when a worker changes.",
      ]),
    );
    expect(headings(report.blocks)).toEqual(["1 Audits and grades", "1 Trend", "1 Main themes", "2 Practice weeks", "3 Care leavers practice week", "2 What families said is working well", "2 What families said we should strengthen", "1 Actions"]);
  });

  it("gives the actions as they stood at the quarter's end, small counts suppressed", () => {
    expect(tableOf(report.blocks, "Actions from case audits").rows).toEqual([
      ["Raised in Q3 2024/25", "11"],
      ["Closed by 31 December 2024", "6"],
      ["Closed on or before their due date", "6"],
      ["Open on 31 December 2024", "5"],
      ["Open and past their due date", "5"],
      ["Raised earlier and still open", "0"],
    ]);
  });

  it("says when its audits are synthetic", () => {
    const synthetic = learningReport(basis, { ...sample, audits: demoQuarter.map((a) => ({ ...a, synthetic: true })) });
    expect(texts(synthetic.blocks).find((t) => t.startsWith("Synthetic audits:"))).toContain("The audits counted here are synthetic");
    expect(texts(report.blocks).some((t) => t.startsWith("Synthetic audits:"))).toBe(false);
  });

  it("shows counts from 1 to 4 as c, and no percentage worked from them", () => {
    const few = learningReport(basis, { ...sample, audits: [...audits(3, "2024-11-01", "good"), ...audits(8, "2024-11-01", "requires-improvement")], actions: [], feedback: [], practiceWeeks: [] });
    expect(tableOf(few.blocks, "Overall grades").rows).toEqual([
      ["Outstanding", "0", "0%"],
      ["Good", "c", "c"],
      ["Requires improvement", "c", "c"],
      ["Inadequate", "0", "0%"],
      ["All audits", "11", ""],
    ]);
    expect(texts(few.blocks)).toContain("11 case audits were completed in the period; c of them were graded good or better (the moderated grade counting where an audit was moderated).");
    expect(texts(few.blocks).some((t) => t.startsWith("Small numbers: c: Confidential"))).toBe(true);
  });

  it("leaves out practice weeks and feedback when there are none", () => {
    const bare = learningReport(basis, { ...sample, feedback: [], practiceWeeks: [] });
    expect(headings(bare.blocks)).toEqual(["1 Audits and grades", "1 Trend", "1 Main themes", "1 Actions"]);
  });
});

describe("the Scrutiny report's quality assurance section", () => {
  const section = qualityAssuranceSection(sample);

  it("gives the quarter's grades in a sentence", () => {
    expect(texts(section)).toContain("100 case audits were completed in Q3 2024/25. 36% of the practice audited was graded 'good', 59% 'requires improvement' and 5% 'inadequate'.");
  });

  it("gives the change in practice good or better from the quarters before", () => {
    expect(texts(section)).toContain("Practice graded good or better was 36% in Q3 2024/25, against 31% in Q2 2024/25. It is up 5 percentage points on the quarter before.");
  });

  it("says there is no change to report when the quarters before have no audits", () => {
    expect(texts(qualityAssuranceSection({ ...sample, audits: demoQuarter }))).toContain("Practice graded good or better was 36% in Q3 2024/25. No figure is recorded for the three quarters before, so there is no change to report.");
  });

  it("gives the share of domain grades inadequate and the domains behind them", () => {
    expect(texts(section)).toEqual(expect.arrayContaining(["35% of the individual domain grades given in the period were 'inadequate'. They were given in:", "Plans recorded on the child's file: 32% of all grades", "Supervision and management oversight: 3% of all grades"]));
  });

  it("lists practice weeks, families' feedback as two lists, and the actions", () => {
    expect(headings(section)).toEqual(["1 Quality assurance", "2 Practice weeks", "3 Care leavers practice week", "2 What families told us", "3 What families said is working well", "3 What families said we should strengthen", "2 Actions from audits"]);
    expect(texts(section)).toEqual(
      expect.arrayContaining(["1 practice week was held.", "11 actions were raised from case audits in Q3 2024/25: 6 actions closed by the period's end (6 on or before the due date), and 5 open, of which 5 past the due date."]),
    );
  });

  it("is absent when the period has no quality-assurance record", () => {
    expect(qualityAssuranceSection({ period: q3, serviceArea: null, audits: quarterBefore, actions: [], feedback: [], practiceWeeks: [] })).toEqual([]);
  });
});
