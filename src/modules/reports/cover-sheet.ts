import { formatDate } from "../../core/format.ts";
import type { CoverSheet, PaperRow, ReportSections } from "./repository.ts";
import type { Block } from "./document.ts";

/**
 * The council's cover sheet and the officer-written sections that open every committee report,
 * in the order of the council's report template.
 */

const exemptionParagraphs = [1, 2, 3, 4, 5, 6, 7];

const bullet = /^[-•]\s+/;

/**
 * Free text as the officer typed it: paragraphs parted by a blank line, and a run of lines that
 * each start with "- " as a bulleted list. Blank text leaves "None." as the template asks.
 */
function paragraphs(text: string): Block[] {
  const parts = text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return [{ kind: "paragraph", text: "None." }];
  return parts.map((part): Block => {
    const lines = part.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    if (lines.every((line) => bullet.test(line))) return { kind: "list", items: lines.map((line) => line.replace(bullet, "").replace(/\s+/g, " ")) };
    return { kind: "paragraph", text: part.replace(/\s+/g, " ") };
  });
}

function section(heading: string, body: Block[]): Block[] {
  return [{ kind: "heading", level: 1, text: heading }, ...body];
}

function numbered(items: string[]): Block {
  return { kind: "list", ordered: true, items: items.length > 0 ? items : ["None."] };
}

/** The recommendations, numbered; a first line ending in a colon ("That Cabinet:") leads them in, unnumbered. */
function recommendations(items: string[]): Block[] {
  const [first = "", ...rest] = items;
  return first.trim().endsWith(":") && rest.length > 0 ? [{ kind: "paragraph", text: first }, numbered(rest)] : [numbered(items)];
}

/** The strategic director's agreement and the cabinet member's approval, as the sign-off box records them. */
function approvals(sections: ReportSections): Block[] {
  const written = sections.cabinetMemberApproval.trim();
  const approval = written === "" || /[.!?]$/.test(written) ? written : `${written}.`;
  const approvedOn = sections.cabinetMemberApprovedOn ? `Date approved: ${formatDate(sections.cabinetMemberApprovedOn)}.` : "";
  return [
    { kind: "paragraph", label: "Strategic director has agreed the report:", text: sections.directorAgreedOn ? `Yes. Date agreed: ${formatDate(sections.directorAgreedOn)}.` : "Not yet recorded." },
    { kind: "paragraph", label: "Cabinet member approval:", text: [approval, approvedOn].filter(Boolean).join(" ") || "Not yet recorded." },
  ];
}

/**
 * The appendices or background papers table of the template: the reference and title, then a
 * narrow column for each exemption paragraph, headed by its number, with what the numbers mean
 * said just above the table.
 */
function papersTable(caption: string, titleHeading: string, rows: PaperRow[], withReference: boolean): Block[] {
  const lead = <T>(reference: T, title: T): T[] => (withReference ? [reference, title] : [title]);
  const body = rows.length > 0 ? rows : [{ reference: "–", title: "None", exemptions: [] }];
  return [
    {
      kind: "paragraph",
      label: "Exemption paragraph number:",
      text: "where some or all of the information is confidential, the columns 1 to 7 mark the paragraphs of Part 1 of Schedule 12A of the Local Government Act 1972 under which it is not for publication.",
    },
    {
      kind: "table",
      caption,
      columns: [...lead("Reference", titleHeading), ...exemptionParagraphs.map((n) => String(n))],
      rows: body.map((row) => [...lead(row.reference, row.title), ...exemptionParagraphs.map((n) => (row.exemptions.includes(n) ? "Yes" : ""))]),
      widths: [...lead(2, 6), ...exemptionParagraphs.map(() => 1)],
    },
  ];
}

function coverFields(cover: CoverSheet): Block {
  return {
    kind: "fields",
    caption: "Report details",
    rows: [
      { label: "Date of meeting", value: cover.meetingDate ? formatDate(cover.meetingDate) : "To be confirmed" },
      { label: "Title of report", value: cover.title },
      { label: "Lead member", value: cover.leadMember },
      { label: "Lead strategic director", value: cover.leadDirector },
      { label: "Author", value: cover.author },
      { label: "Contact email", value: cover.contactEmail },
      { label: "Your reference", value: cover.reference },
      { label: "Key decision", value: cover.keyDecision ? "Yes" : "No" },
      { label: "Confidentiality", value: cover.confidentiality },
    ],
  };
}

/** The other implications as the officer wrote them, followed by any written from the data (the risks linked to the plan, say); "None." only when there are neither. */
function otherImplications(typed: string, written: Block[]): Block[] {
  if (typed.trim() === "" && written.length > 0) return written;
  return [...paragraphs(typed), ...written];
}

/**
 * The cover sheet and template sections, up to the sign-off; the report's body follows.
 * `implications` are paragraphs written from the data that follow the officer's other implications.
 */
export function coverSheetBlocks(cover: CoverSheet, sections: ReportSections, implications: Block[] = []): Block[] {
  const signOff = sections.signOff.filter((s) => s.role.trim() !== "");
  return [
    coverFields(cover),
    ...section("Purpose of report", paragraphs(sections.purpose)),
    ...section("Recommendations and reasons", [
      ...recommendations(sections.recommendations),
      ...(sections.reasons.trim() === "" ? [] : [{ kind: "heading", level: 2, text: "Reasons" } as Block, ...paragraphs(sections.reasons)]),
    ]),
    ...section("Alternative options considered and rejected", [numbered(sections.alternatives)]),
    ...section("Relevance to the Corporate Plan", paragraphs(sections.corporatePlan)),
    ...section("Implications for the Medium Term Financial Plan and resource implications", paragraphs(sections.financial)),
    ...section("Financial risks", paragraphs(sections.financialRisks)),
    ...section("Carbon footprint (environmental) implications", paragraphs(sections.carbon)),
    ...section("Other implications, including equalities, health and safety, risk management and child poverty", otherImplications(sections.otherImplications, implications)),
    ...section("Appendices", papersTable("Appendices to this report", "Title of appendix", sections.appendices, true)),
    ...section("Background papers", papersTable("Unpublished background papers relied on in preparing this report", "Title of background paper", sections.backgroundPapers, false)),
    ...section("Sign off", [
      signOff.length > 0
        ? { kind: "table", caption: "Sign off by the council's professional services", columns: ["Service", "Reference"], rows: signOff.map((s) => [s.role, s.reference || "–"]) }
        : { kind: "paragraph", text: "Not yet signed off." },
      { kind: "paragraph", label: "Originating senior leadership team member:", text: sections.seniorLeader || "Not yet named." },
      ...approvals(sections),
    ]),
    { kind: "page-break" },
  ];
}

/** A body section of free text: nothing at all when the officer has left it empty. */
export function optionalSection(heading: string, text: string): Block[] {
  return text.trim() === "" ? [] : [{ kind: "heading", level: 1, text: heading }, ...paragraphs(text)];
}
