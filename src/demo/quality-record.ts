import type { AuditGrade } from "../core/audit-grades.ts";
import { serviceAreas, type TemplateContent } from "../core/audit-templates.ts";
import type { Database } from "../db/client.ts";
import type { ChangeContext } from "../modules/access/index.ts";
import { placeComputedUnder, reportComputedAs } from "../modules/measures/index.ts";
import { priorityIdsByNumber } from "../modules/plan/index.ts";
import { acrossServiceAreas, type FeedbackTheme } from "../core/feedback-themes.ts";
import { auditMeasures, loadPracticeRecord, loadSyntheticAudits, type ReportedFeedback, type SyntheticAudit, type WeekContent } from "../modules/quality/index.ts";

/**
 * The quality-assurance record of October to December 2024 as the Scrutiny Panel report of
 * 6 February 2025 gives it (section 6.1): 36% of audited practice good and 59% requiring
 * improvement; 20% of individual audit grades inadequate, a quarter of them (5% of all grades) for
 * each of four reasons. The report gives percentages, not audits, so 100 synthetic audits are made
 * whose grades are exactly those shares, each marked synthetic. The report does not say how the
 * remaining 5% of audits were graded: they are graded inadequate, the grade its inadequate
 * individual grades point to, and the audits' provenance says so.
 */
const wholeCaseAudit: TemplateContent = {
  name: "Whole-case audit, October to December 2024 (synthetic record)",
  description:
    "The four areas the Scrutiny Panel report of 6 February 2025 names where individual audit grades found inadequate practice. The audits recorded with this template are synthetic: made so that the quarter's grades match those reported.",
  serviceAreas: [...serviceAreas],
  domains: [
    { name: "Plans recorded on the child's file", guidance: "Is the child's plan recorded on their file and up to date?" },
    { name: "Reviews held as required", guidance: "Are the child's reviews held when they should be?" },
    { name: "Supervision and management oversight", guidance: "Is there regular supervision and management oversight of the work?" },
    { name: "Living arrangements", guidance: "Are the child's living arrangements safe and meeting their needs?" },
  ],
  questions: [],
};

/** 100 audits: 36 good, 59 requires improvement, 5 inadequate; 80 of their 400 domain grades inadequate, 20 in each domain. */
export function syntheticQuarter(): SyntheticAudit[] {
  const overall: AuditGrade[] = [...Array<AuditGrade>(36).fill("good"), ...Array<AuditGrade>(59).fill("requires-improvement"), ...Array<AuditGrade>(5).fill("inadequate")];
  const audits = overall.map((grade, i) => ({
    // Spread over the quarter's weeks: 1 October to 31 December 2024.
    auditDate: new Date(Date.UTC(2024, 9, 1 + Math.floor((i * 91) / overall.length))).toISOString().slice(0, 10),
    serviceArea: serviceAreas[i % serviceAreas.length] ?? "Assessment",
    overallGrade: grade,
    domainGrades: wholeCaseAudit.domains.map((): AuditGrade => grade),
  }));
  // The five inadequate audits are inadequate in every domain (20 grades); the other 60 inadequate
  // grades fall on the audits requiring improvement, 15 in each domain.
  const requiresImprovement = audits.filter((a) => a.overallGrade === "requires-improvement");
  for (let k = 0; k < 60; k += 1) {
    const audit = requiresImprovement[k % requiresImprovement.length];
    if (audit) audit.domainGrades[k % wholeCaseAudit.domains.length] = "inadequate";
  }
  return audits;
}

/**
 * The practice weeks the council's reports name, with only what they say of each: the Scrutiny
 * Panel report of 6 February 2025 (the care leavers week and the multi-agency week on domestic
 * abuse of November 2024, and the Front Door week of 20 January 2025, whose findings it does not
 * give) and the plan's 2025/26 progress report (November 2025's week in the Families First Front
 * Door). The reports give no number of activities, and no day for the November weeks.
 */
/**
 * The priorities each week is linked to: the one the council's report tells of it under (the
 * Front Door under targeted help, domestic abuse under social work practice, care leavers under
 * preparation for adulthood) and priority 8, whose milestones include delivering practice weeks.
 */
const weekPriorities: Record<string, number[]> = {
  "Care leavers": [6, 8],
  "Domestic abuse (multi-agency)": [3, 8],
  "Front Door": [2, 8],
  "Families First Front Door": [2, 8],
};

export const practiceWeeks: WeekContent[] = [
  {
    theme: "Care leavers",
    serviceArea: "Care leavers",
    startsOn: "2024-11-01",
    endsOn: "2024-11-30",
    description: "Held in November 2024: the council's report gives the month, not the days, so the whole month is recorded.",
    activities: [],
    strengths: [
      "Passion and pride in our young people",
      "Most visits, assessments and plans written to the young person",
      "Risks identified well and shared with managers appropriately",
      "Young people well supported to take part in education, employment and training",
    ],
    areasForImprovement: [
      "Personal Advisers' understanding of the earlier experiences of the young people they work with",
      "Every young person to have a high quality, ambitious Pathway Plan made with them",
    ],
    learning:
      "The week led to focused improvement work in the care leaving service: making sure every young person has a Pathway Plan, and that each plan is ambitious for the whole of their life, including where they live and their education, employment and training.",
  },
  {
    theme: "Domestic abuse (multi-agency)",
    serviceArea: "Children in need and child protection",
    startsOn: "2024-11-01",
    endsOn: "2024-11-30",
    description: "A multi-agency practice week on domestic abuse, held in November 2024 as part of that month's quality assurance: the council's report gives the month, not the days, so the whole month is recorded.",
    activities: [],
    strengths: ["Children's histories explored well in assessments", "Patterns of harm understood and used to inform decisions"],
    areasForImprovement: ["Children always spoken to alone in these assessments", "Fathers' views fully considered", "Safety planning for children fully recorded"],
    learning: "",
  },
  {
    theme: "Front Door",
    serviceArea: "Front door and early help",
    startsOn: "2025-01-20",
    endsOn: "2025-01-24",
    description: "A practice week of the Front Door in the week of 20 January 2025: a thorough programme of quality assurance activity, to give detailed learning about current practice in the service. The council's report was written before the week, so no findings are recorded.",
    activities: [],
    strengths: [],
    areasForImprovement: [],
    learning: "",
  },
  {
    theme: "Families First Front Door",
    serviceArea: "Front door and early help",
    startsOn: "2025-11-01",
    endsOn: "2025-11-30",
    description: "Held in November 2025 in the Families First Front Door: the council's report gives the month, not the days, so the whole month is recorded.",
    activities: [],
    strengths: ["Timely responses", "Child centred practice"],
    areasForImprovement: [],
    learning: "",
  },
];

/** An item of the quarter's feedback from families, gathered across the audit programme of October to December 2024. */
const reported = (kind: ReportedFeedback["kind"], theme: FeedbackTheme, words: string): ReportedFeedback => ({ kind, theme, words, givenBy: "family", serviceArea: acrossServiceAreas, gatheredFrom: "2024-10-01", gatheredTo: "2024-12-31" });

/**
 * What families said of October to December 2024's audit programme, as the Scrutiny Panel report
 * of 6 February 2025 lists it (section 6.1): eleven strengths and six things to strengthen, each
 * coded by theme here. The report does not say which family member said each, so each is a family's.
 */
export const quarterFeedback: ReportedFeedback[] = [
  reported("strength", "being-listened-to", "Feeling listened to."),
  reported("strength", "health", "Support with accessing health appointments including the dentist."),
  reported("strength", "relationships-with-workers", "Building positive relationships."),
  reported("strength", "help-from-other-services", "Therapeutic approach from the Edge of Care Team."),
  reported("strength", "kindness-and-care", "Feeling cared for and cared about."),
  reported("strength", "kindness-and-care", "Feeling invested in and supported."),
  reported("strength", "not-being-judged", "Not feeling judged."),
  reported("strength", "education", "Support with education and attending school."),
  reported("strength", "help-from-other-services", "Referrals to services of support including CAMHS."),
  reported("strength", "kindness-and-care", "Being kind."),
  reported("strength", "meetings-and-reviews", "Being invited to reviews and seeing their Independent Reviewing Officer."),
  reported("to-strengthen", "understanding-the-plan", "A better understanding of the purpose of having a social worker."),
  reported("to-strengthen", "understanding-the-plan", "Children having a better understanding of their plan or what their plan is for."),
  reported("to-strengthen", "meetings-and-reviews", "Being regularly invited to meetings."),
  reported("to-strengthen", "being-listened-to", "Feeling listened to."),
  reported("to-strengthen", "not-being-judged", "Not feeling judged."),
  reported("to-strengthen", "being-seen", "Being seen regularly."),
];

/**
 * Loads the quarter's synthetic audits and sets the measures computed from them beside those typed
 * from the report; then the practice weeks and families' feedback the reports give.
 */
export async function loadQualityRecord(db: Database, context: ChangeContext): Promise<number> {
  const numbers = [...new Set(Object.values(weekPriorities).flat())];
  const ids = await priorityIdsByNumber(db, numbers);
  const weeks = practiceWeeks.map((week) => ({ ...week, priorityIds: (weekPriorities[week.theme] ?? []).flatMap((n) => ids.get(n) ?? []) }));
  await loadPracticeRecord(db, context, { weeks, feedback: quarterFeedback, recordedBy: "From the council's published reports", source: "Scrutiny Panel report, 6 February 2025, section 6.1" });
  const loaded = await loadSyntheticAudits(db, context, wholeCaseAudit, syntheticQuarter(), "Scrutiny Panel report, 6 February 2025, section 6.1: the report gives the quarter's grades as percentages, not audits");
  await reportComputedAs(db, context, auditMeasures.goodOrBetter.code, "AUDIT-PRACTICE-GOOD");
  await reportComputedAs(db, context, auditMeasures.requiresImprovement.code, "AUDIT-PRACTICE-REQUIRES-IMPROVEMENT");
  await reportComputedAs(db, context, auditMeasures.inadequateGrades.code, "AUDIT-GRADES-INADEQUATE");
  // The council reports no measure of audit actions closed on time, nor of audits graded inadequate
  // overall: they stand on their own under priority 8, the quality assurance framework's priority, as the audit measures do beside theirs.
  const priority8 = (await priorityIdsByNumber(db, [8])).get(8);
  if (priority8 !== undefined) {
    await placeComputedUnder(db, context, auditMeasures.actionsClosedOnTime.code, [priority8]);
    await placeComputedUnder(db, context, auditMeasures.inadequate.code, [priority8]);
  }
  return loaded;
}
