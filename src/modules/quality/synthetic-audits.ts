import type { AuditGrade } from "../../core/audit-grades.ts";
import type { TemplateContent } from "../../core/audit-templates.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import { computeAuditMeasures } from "./audit-measures.ts";
import * as repository from "./repository.ts";

/** A case audit made to match a reported distribution: its date, overall grade and a grade per domain of the template. */
export interface SyntheticAudit {
  auditDate: string;
  serviceArea: string;
  overallGrade: AuditGrade;
  domainGrades: AuditGrade[];
}

/** What a synthetic audit says in place of findings: none were recorded, and it says why. */
const noFindings = "None recorded: this audit is synthetic, made so that the quarter's grades match those the council reported.";

/**
 * Keeps a template and audits made to match grades a report gives where the audits themselves are
 * not held, each marked synthetic wherever it shows or counts, then computes the
 * quality-assurance measures from them. One audit event says how many and why.
 */
export async function loadSyntheticAudits(db: Database, context: ChangeContext, template: TemplateContent, audits: readonly SyntheticAudit[], reason: string): Promise<number> {
  return db.transaction(async (tx) => {
    const templateId = await repository.insertTemplate(tx);
    const version = await repository.insertVersion(tx, { templateId, number: 1, ...template, createdBy: context.username });
    for (const [i, audit] of audits.entries()) {
      await repository.insertAudit(tx, {
        templateVersionId: version.id,
        caseId: `SYNTHETIC-${String(i + 1).padStart(4, "0")}`,
        serviceArea: audit.serviceArea,
        team: "Not recorded",
        auditorId: null,
        auditorName: "Not recorded (synthetic)",
        practitionerManager: "Not recorded",
        auditDate: audit.auditDate,
        domainGrades: template.domains.map((d, at) => ({ domain: d.name, grade: audit.domainGrades[at] ?? audit.overallGrade })),
        answers: [],
        overallGrade: audit.overallGrade,
        strengths: noFindings,
        areasToStrengthen: noFindings,
        synthetic: true,
      });
    }
    await recordChange(tx, context, { action: "load", recordType: "case audit", recordId: templateId, after: { template: template.name, syntheticAudits: audits.length, reason } });
    await computeAuditMeasures(tx);
    return audits.length;
  });
}
