import type { AuditGrade } from "../core/audit-grades.ts";
import { serviceAreas, type TemplateContent } from "../core/audit-templates.ts";
import type { Database } from "../db/client.ts";
import type { ChangeContext } from "../modules/access/index.ts";
import { placeComputedUnder, reportComputedAs } from "../modules/measures/index.ts";
import { priorityIdsByNumber } from "../modules/plan/index.ts";
import { auditMeasures, loadSyntheticAudits, type SyntheticAudit } from "../modules/quality/index.ts";

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

/** Loads the quarter's synthetic audits and sets the measures computed from them beside those typed from the report. */
export async function loadQualityRecord(db: Database, context: ChangeContext): Promise<number> {
  const loaded = await loadSyntheticAudits(db, context, wholeCaseAudit, syntheticQuarter(), "Scrutiny Panel report, 6 February 2025, section 6.1: the report gives the quarter's grades as percentages, not audits");
  await reportComputedAs(db, context, auditMeasures.goodOrBetter.code, "AUDIT-PRACTICE-GOOD");
  await reportComputedAs(db, context, auditMeasures.inadequateGrades.code, "AUDIT-GRADES-INADEQUATE");
  // The council reports no measure of audit actions closed on time: it stands on its own under
  // priority 8, the quality assurance framework's priority, as the audit measures do beside theirs.
  const priority8 = (await priorityIdsByNumber(db, [8])).get(8);
  if (priority8 !== undefined) await placeComputedUnder(db, context, auditMeasures.actionsClosedOnTime.code, [priority8]);
  return loaded;
}
