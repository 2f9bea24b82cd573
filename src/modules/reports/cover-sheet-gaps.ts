import type { CoverSheet, ReportSections } from "./repository.ts";

/**
 * What a report's cover sheet still lacks before it goes to a meeting: each empty field by the
 * name the cover sheet gives it, in the template's order. An issued report prints these as
 * "To be confirmed", blank, "Not yet signed off" or "Not yet recorded", so the approver is shown them before issuing.
 */
const textFields: [keyof CoverSheet, string][] = [
  ["committee", "Committee"],
  ["title", "Title of report"],
  ["leadMember", "Lead member"],
  ["leadDirector", "Lead strategic director"],
  ["author", "Author"],
  ["contactEmail", "Contact email"],
  ["reference", "Your reference"],
  ["confidentiality", "Confidentiality"],
];

export function coverSheetGaps(cover: CoverSheet, sections: Pick<ReportSections, "signOff" | "seniorLeader" | "directorAgreedOn" | "cabinetMemberApproval" | "cabinetMemberApprovedOn">): string[] {
  const blank = (value: unknown) => typeof value !== "string" || value.trim() === "";
  return [
    ...(cover.meetingDate ? [] : ["Date of meeting"]),
    ...textFields.filter(([field]) => blank(cover[field])).map(([, label]) => label),
    ...(sections.signOff.some((s) => s.role.trim() !== "") ? [] : ["Sign off by the council's professional services"]),
    ...(blank(sections.seniorLeader) ? ["Originating senior leadership team member"] : []),
    ...(sections.directorAgreedOn ? [] : ["Date the strategic director agreed the report"]),
    ...(blank(sections.cabinetMemberApproval) ? ["Cabinet member approval"] : []),
    ...(sections.cabinetMemberApprovedOn ? [] : ["Date of the cabinet member's approval"]),
  ];
}
