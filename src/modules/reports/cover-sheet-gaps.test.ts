import { describe, expect, it } from "vitest";
import type { CoverSheet } from "./repository.ts";
import { coverSheetGaps } from "./cover-sheet-gaps.ts";

const complete: CoverSheet = {
  committee: "Education and Children's Social Care Overview and Scrutiny Panel",
  meetingDate: "2025-02-06",
  title: "Achieving Excellence: progress in Q3 2024/25",
  leadMember: "Councillor Jemima Laing",
  leadDirector: "David Haley",
  author: "Temperance Rogers",
  contactEmail: "temperance.rogers@plymouth.gov.uk",
  reference: "AE/Q3",
  keyDecision: false,
  confidentiality: "Part I - Official",
};
const signedOff = {
  signOff: [{ role: "Finance", reference: "FIN/25/26/117" }],
  seniorLeader: "David Haley",
  directorAgreedOn: "2025-01-24" as string | null,
  cabinetMemberApproval: "Councillor Jemima Laing – approved by email",
  cabinetMemberApprovedOn: "2025-01-24" as string | null,
};

describe("what a cover sheet still lacks", () => {
  it.each<[string, Partial<CoverSheet>, Partial<typeof signedOff>, string[]]>([
    ["nothing when every field is filled in", {}, {}, []],
    ["the meeting date when it is to be confirmed", { meetingDate: null }, {}, ["Date of meeting"]],
    ["the author, contact and reference when they are empty", { author: "", contactEmail: " ", reference: "" }, {}, ["Author", "Contact email", "Your reference"]],
    ["the lead member and director, in the template's order", { leadDirector: "", leadMember: "" }, {}, ["Lead member", "Lead strategic director"]],
    ["the sign-off when no service has signed it off", {}, { signOff: [{ role: " ", reference: "" }] }, ["Sign off by the council's professional services"]],
    ["the senior leader when none is named", {}, { seniorLeader: "" }, ["Originating senior leadership team member"]],
    ["a key decision of No, which is an answer, not a gap", { keyDecision: false }, {}, []],
    ["the strategic director's agreement when it has no date", {}, { directorAgreedOn: null }, ["Date the strategic director agreed the report"]],
    [
      "the cabinet member's approval and its date when neither is recorded",
      {},
      { cabinetMemberApproval: " ", cabinetMemberApprovedOn: null },
      ["Cabinet member approval", "Date of the cabinet member's approval"],
    ],

  ])("lists %s", (_name, cover, sections, expected) => {
    expect(coverSheetGaps({ ...complete, ...cover }, { ...signedOff, ...sections })).toEqual(expected);
  });
});
