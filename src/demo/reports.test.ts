import { describe, expect, it } from "vitest";
import { readReportsFile } from "../modules/reports/index.ts";
import { demoReportsFile } from "./index.ts";
import { normaliseWording, seedWording } from "../../test/support/wording.ts";

// The demo's reports in preparation are typed from the council's published reports, read here from the shared seeds.
const file = await readReportsFile(demoReportsFile);
const cabinet = file.reports.find((r) => r.kind === "cabinet");
const cabinet004 = seedWording("004_7944c61eab0e9a77.txt");

/** What the demo corrects in the published text: the corrected text and the text as published. */
const corrections = new Map([
  [
    "Councillor Jemima Laing (Deputy Leader, and Cabinet Member for Children's Social Care, Culture and Communications) – approved by email.",
    "Councillor Jemima Laing</i> ((Deputy Leader, and Cabinet Member for Children’s Social Care, Culture and Communications)– <i>approved by email.",
  ],
]);

/** "2024-06-26" as the council's sign-off box writes it, "26/06/2024". */
const slashed = (iso: string | null) => (iso ?? "").split("-").reverse().join("/");

/** The paragraphs and list items of a free-text section, each on its own. */
const pieces = (text: string) =>
  text
    .split(/\n/)
    .map((line) => line.replace(/^- /, "").trim())
    .filter(Boolean);

describe("the demo's Cabinet report of 8 July 2024", () => {
  it("is in the demo, with the meeting's date and no reporting period", () => {
    expect(cabinet?.cover.meetingDate).toBe("2024-07-08");
    expect(cabinet?.period).toBeUndefined();
    expect(cabinet004).toContain("date of meeting: 08 july 2024");
  });

  it("types every word of its cover sheet and sections from the published report, apart from listed corrections", () => {
    if (!cabinet) throw new Error("the demo has no Cabinet report");
    const { cover, sections } = cabinet;
    const texts = [
      cover.committee,
      cover.title,
      cover.leadMember,
      cover.leadDirector,
      cover.author,
      cover.contactEmail,
      cover.confidentiality,
      ...pieces(sections.purpose),
      ...sections.recommendations,
      ...pieces(sections.reasons),
      ...sections.alternatives,
      sections.corporatePlan,
      sections.financial,
      sections.financialRisks,
      sections.carbon,
      ...pieces(sections.otherImplications),
      ...sections.appendices.map((a) => a.title),
      ...sections.backgroundPapers.map((b) => b.title),
      sections.seniorLeader,
      sections.cabinetMemberApproval,
    ];
    const notFound = texts.filter((text) => !cabinet004.includes(normaliseWording(corrections.get(text) ?? text)));
    expect(notFound).toEqual([]);
    expect(texts.filter((t) => t.trim() === "")).toEqual([]);
  });

  it("has the sign-off references and approval dates of the published report", () => {
    const squashed = cabinet004.replace(/\s+/g, "");
    for (const { role, reference } of cabinet?.sections.signOff ?? []) {
      if (reference !== "") expect(squashed, role).toContain(reference.toLowerCase());
    }
    expect(cabinet?.sections.signOff.filter((s) => s.reference !== "").map((s) => s.role)).toEqual(["Finance", "Legal", "HR"]);
    expect(cabinet004).toContain(`date agreed: ${slashed(cabinet?.sections.directorAgreedOn ?? null)}`);
    expect(cabinet004).toContain(`date approved: ${slashed(cabinet?.sections.cabinetMemberApprovedOn ?? null)}`);
  });
});

describe("the approvals of the demo's Scrutiny reports", () => {
  it.each([
    ["Q3 2024/25", "002_22b056c222cd495c.txt"],
    ["Year-end review 2024/25", "003_eec89c8c605852ce.txt"],
  ])("%s has the strategic director's and cabinet member's approvals of its published sign-off box", (period, seed) => {
    const report = file.reports.find((r) => r.period === period);
    const published = seedWording(seed);
    expect(report?.sections.cabinetMemberApproval).not.toBe("");
    expect(published).toContain(`cabinet member approval: ${normaliseWording(report?.sections.cabinetMemberApproval ?? "?")}`);
    expect(published).toContain(`date agreed: ${slashed(report?.sections.directorAgreedOn ?? null)}`);
    expect(published).toContain(`date approved: ${slashed(report?.sections.cabinetMemberApprovedOn ?? null)}`);
  });
});
