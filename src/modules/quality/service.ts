import { countedGrade, gradesByQuarter, moderationRefusal, type AuditGrade, type QuarterGrades } from "../../core/audit-grades.ts";
import { auditGradeLabels } from "../../core/audit-grades.ts";
import { actionScopeLabels, closeRefusal, type ActionScope } from "../../core/audit-actions.ts";
import { complianceAnswerLabels, sameContent, type TemplateContent } from "../../core/audit-templates.ts";
import { notFound, succeeded, type Outcome } from "../../core/problems.ts";
import type { Database, Executor } from "../../db/client.ts";
import { addOnce, type Added } from "../../db/form-submissions.ts";
import { recordChange, versionedEdit, type Actor, type ChangeContext } from "../access/index.ts";
import { computeActionMeasures, computeAuditMeasures } from "./audit-measures.ts";
import { completePlannedAudit, PlannedAuditGone } from "./programmes.ts";
import * as repository from "./repository.ts";
import type { ActionFilters, ActionRow, ActionWithAudit, AuditFilters, AuditRow, AuditWithTemplate, TemplateRow, TemplateVersionRow } from "./repository.ts";
import type { AuditForm } from "./schemas.ts";

export type { ActionFilters, ActionRow, ActionWithAudit, AuditFilters, AuditRow, AuditWithTemplate, TemplateRow, TemplateVersionRow };

/**
 * Audit templates and case audits. Every change is one transaction with its audit event; a
 * template's change makes a new version and keeps the earlier ones; an audit keeps the version it
 * was recorded with; a moderation keeps the auditor's grade beside the moderator's.
 */

export { StaleFormError, type Added } from "../../db/form-submissions.ts";

/** A template version as the audit trail and the conflict page show it. */
export function templateFields(content: TemplateContent) {
  return {
    name: content.name,
    description: content.description,
    serviceAreas: content.serviceAreas,
    domains: content.domains.map((d) => (d.guidance ? `${d.name}: ${d.guidance}` : d.name)),
    questions: content.questions,
  };
}

const contentOf = (row: TemplateVersionRow): TemplateContent => ({ name: row.name, description: row.description, serviceAreas: row.serviceAreas, domains: row.domains, questions: row.questions });

export const listTemplates = (db: Database) => repository.listTemplates(db);
export const findTemplate = (db: Database, id: number) => repository.findTemplate(db, id);
export const listVersions = (db: Database, templateId: number) => repository.listVersions(db, templateId);
export const findVersion = (db: Database, templateId: number, number: number) => repository.findVersion(db, templateId, number);
export const findVersionById = (db: Database, id: number) => repository.findVersionById(db, id);

/** Adds a template, as its version 1. */
export function addTemplate(db: Database, context: ChangeContext, formToken: string, content: TemplateContent): Promise<Added<TemplateRow>> {
  return addOnce(db, formToken, "audit template", (tx, id) => repository.findTemplate(tx, id), async (tx) => {
    const id = await repository.insertTemplate(tx);
    const current = await repository.insertVersion(tx, { templateId: id, number: 1, ...content, createdBy: context.username });
    await recordChange(tx, context, { action: "create", recordType: "audit template", recordId: id, after: { ...templateFields(content), version: 1 } });
    return { id, version: 1, current };
  });
}

/**
 * Changes a template by adding its next version, if no one has since `version`; the earlier
 * versions stay, with the audits recorded against them. Saved unchanged, nothing is written.
 */
export async function changeTemplate(db: Database, context: ChangeContext, id: number, version: number, content: TemplateContent): Promise<Outcome<TemplateRow>> {
  const before = await repository.findTemplate(db, id);
  if (!before) return notFound();
  if (before.version === version && sameContent(contentOf(before.current), content)) return succeeded(before);
  return versionedEdit(
    db,
    context,
    {
      recordType: "audit template",
      load: (d) => repository.findTemplate(d, id),
      fields: (t) => ({ ...templateFields(contentOf(t.current)), version: t.version }),
      update: async (tx, current) => {
        if (!(await repository.advanceTemplate(tx, id, current.version))) return false;
        await repository.insertVersion(tx, { templateId: id, number: current.version + 1, ...content, createdBy: context.username });
        return true;
      },
    },
    version,
  );
}

/** The template as the person tried to save it, for the conflict page. */
export const attemptedTemplateFields = (content: TemplateContent, version: number) => ({ ...templateFields(content), version });
export const savedTemplateFields = (template: TemplateRow) => ({ ...templateFields(contentOf(template.current)), version: template.version });

/** An audit as the audit trail shows it. */
function auditFields(audit: AuditRow, template: TemplateVersionRow) {
  return {
    template: `${template.name} (version ${String(template.number)})`,
    caseId: audit.caseId,
    serviceArea: audit.serviceArea,
    team: audit.team,
    auditor: audit.auditorName,
    practitionerManager: audit.practitionerManager,
    auditDate: audit.auditDate,
    domainGrades: audit.domainGrades.map((d) => `${d.domain}: ${auditGradeLabels[d.grade]}`),
    answers: audit.answers.map((a) => `${a.question}: ${complianceAnswerLabels[a.answer]}`),
    overallGrade: auditGradeLabels[audit.overallGrade],
    strengths: audit.strengths,
    areasToStrengthen: audit.areasToStrengthen,
    familyFeedback: audit.familyFeedback,
    checksAction: audit.checksActionId === null ? "" : `Action ${String(audit.checksActionId)}`,
  };
}

/** What an audit was recorded for, besides itself: the action a re-audit checks, the planned audit of a month's programme it completes. */
export interface AuditPurpose {
  checksActionId?: number | null;
  plannedAuditId?: number | null;
}

/**
 * Records a case audit against the template version its form was shown with; the auditor is
 * whoever records it. A planned audit it completes must still be open, or nothing is recorded.
 */
export function recordAudit(db: Database, context: ChangeContext, auditor: Actor, template: TemplateVersionRow, form: AuditForm, purpose: AuditPurpose = {}): Promise<Added<AuditRow>> {
  const checksActionId = purpose.checksActionId ?? null;
  const plannedAuditId = purpose.plannedAuditId ?? null;
  return addOnce(db, form.formToken, "case audit", async (tx, id) => (await repository.findAudit(tx, id))?.audit, async (tx) => {
    const audit = await repository.insertAudit(tx, {
      templateVersionId: template.id,
      caseId: form.caseId,
      serviceArea: form.serviceArea,
      team: form.team,
      auditorId: auditor.id,
      auditorName: auditor.displayName,
      practitionerManager: form.practitionerManager,
      auditDate: form.auditDate,
      domainGrades: template.domains.map((d, i) => ({ domain: d.name, grade: form.domainGrades[i] ?? form.overallGrade })),
      answers: template.questions.map((question, i) => ({ question, answer: form.answers[i] ?? "not-applicable" })),
      overallGrade: form.overallGrade,
      strengths: form.strengths,
      areasToStrengthen: form.areasToStrengthen,
      familyFeedback: form.familyFeedback,
      checksActionId,
    });
    if (plannedAuditId !== null && !(await completePlannedAudit(tx, plannedAuditId, audit.id))) throw new PlannedAuditGone();
    const planned = plannedAuditId === null ? {} : { plannedAudit: `Planned audit ${String(plannedAuditId)}` };
    await recordChange(tx, context, { action: "create", recordType: "case audit", recordId: audit.id, after: { ...auditFields(audit, template), ...planned } });
    await computeAuditMeasures(tx);
    return audit;
  });
}

export const findAudit = (db: Database, id: number) => repository.findAudit(db, id);
export const listAudits = (db: Database, filters: AuditFilters) => repository.listAudits(db, filters);

/** A moderation as the audit trail and the conflict page show it. */
export function moderationFields(audit: AuditRow) {
  return {
    overallGrade: auditGradeLabels[audit.overallGrade],
    moderatedGrade: audit.moderatedGrade ? auditGradeLabels[audit.moderatedGrade] : "",
    moderationReason: audit.moderationReason ?? "",
    moderator: audit.moderatorName ?? "",
  };
}

/** An audit as a versioned edit reads it: its id and version beside the audit and its template. */
async function loadForEdit(db: Executor, id: number): Promise<(AuditWithTemplate & { id: number; version: number }) | undefined> {
  const found = await repository.findAudit(db, id);
  return found ? { ...found, id: found.audit.id, version: found.audit.version } : undefined;
}

export type ModerationResult = Outcome<AuditWithTemplate> | { ok: false; refused: string };

/**
 * A moderator agrees or changes an audit's overall grade, with their reason; the auditor's grade
 * is kept, and the moderated one counts. Refused to the audit's own auditor, and when someone
 * else has moderated it since `version`.
 */
export async function moderateAudit(db: Database, context: ChangeContext, moderator: Actor, id: number, form: { moderatedGrade: AuditGrade; reason: string; version: number }, now: Date): Promise<ModerationResult> {
  const before = await repository.findAudit(db, id);
  if (!before) return notFound();
  const refusal = moderationRefusal(before.audit, moderator.id);
  if (refusal) return { ok: false, refused: refusal };
  return versionedEdit(
    db,
    context,
    {
      recordType: "case audit",
      load: (d) => loadForEdit(d, id),
      fields: (found) => moderationFields(found.audit),
      update: async (tx, current) => {
        const moderated = await repository.moderateAuditAt(tx, id, current.audit.version, { moderatedGrade: form.moderatedGrade, moderationReason: form.reason, moderatorId: moderator.id, moderatorName: moderator.displayName, moderatedAt: now });
        if (moderated) await computeAuditMeasures(tx);
        return moderated;
      },
    },
    form.version,
  );
}

/** The overall grades of every audit by quarter, the moderated grade counting where there is one. */
export async function gradesOverview(db: Database, suppress: boolean): Promise<{ quarters: QuarterGrades[]; audits: number; moderated: number; synthetic: number }> {
  const rows = await repository.listAuditGrades(db);
  return {
    quarters: gradesByQuarter(
      rows.map((row) => ({ auditDate: row.auditDate, grade: countedGrade(row) })),
      { suppress },
    ),
    audits: rows.length,
    moderated: rows.filter((row) => row.moderatedGrade !== null).length,
    synthetic: rows.filter((row) => row.synthetic).length,
  };
}

/** An action as the audit trail and the conflict page show it. */
export function actionFields(action: ActionRow) {
  return {
    ...(action.auditId === null ? { practiceWeek: `Practice week ${String(action.practiceWeekId)}` } : { caseAudit: `Case audit ${String(action.auditId)}` }),
    scope: actionScopeLabels[action.scope],
    description: action.description,
    owner: action.ownerName,
    dueOn: action.dueOn,
    status: action.status === "closed" ? "Closed" : "Open",
    evidence: action.evidence ?? "",
    closedBy: action.closedByName ?? "",
  };
}

export interface ActionForm {
  formToken: string;
  scope: ActionScope;
  description: string;
  dueOn: string;
}

/** Where an action came from, in words: "From the case audit of …, team" or "From the practice week: theme". */
export function actionSourceInWords({ audit, week }: Pick<ActionWithAudit, "audit" | "week">): string {
  if (audit) return `From the case audit of ${audit.caseId}, ${audit.team}`;
  return `From the practice week: ${week?.theme ?? ""}`;
}

/** What raised an action: a case audit or a practice week. */
export type ActionSource = { auditId: number } | { practiceWeekId: number };

/** Raises an action from a case audit or a practice week, owned by one of the app's accounts; the raiser is whoever records it. */
export function raiseAction(db: Database, context: ChangeContext, raiser: Actor, source: ActionSource, owner: { id: number; displayName: string }, form: ActionForm): Promise<Added<ActionRow>> {
  return addOnce(db, form.formToken, "audit action", async (tx, id) => (await repository.findAction(tx, id))?.action, async (tx) => {
    const action = await repository.insertAction(tx, {
      ...source,
      scope: form.scope,
      description: form.description,
      ownerId: owner.id,
      ownerName: owner.displayName,
      dueOn: form.dueOn,
      raisedById: raiser.id,
      raisedByName: raiser.displayName,
    });
    await recordChange(tx, context, { action: "create", recordType: "audit action", recordId: action.id, after: actionFields(action) });
    await computeActionMeasures(tx);
    return action;
  });
}

export const findAction = (db: Database, id: number) => repository.findAction(db, id);
export const listActions = (db: Database, filters: ActionFilters) => repository.listActions(db, filters);
export const listActionsOfAudit = (db: Database, auditId: number) => repository.listActionsOfAudit(db, auditId);
export const listReaudits = (db: Database, actionId: number) => repository.listReaudits(db, actionId);

/** Open actions past their due date on `today`, soonest due first: everyone's, or one owner's. */
export async function overdueActions(db: Database, today: string, ownerId?: number): Promise<ActionWithAudit[]> {
  return repository.listActions(db, { status: "overdue", today, ownerId });
}

export type CloseResult = Outcome<ActionWithAudit & { id: number; version: number }> | { ok: false; refused: string };

/**
 * Closes an action with the evidence of what was done and where it is recorded, keeping who closed
 * it and when. Those who record audits (`mayRecord`) close any action; its owner closes their own.
 * Refused to anyone else, and when someone else has changed it since `version`.
 */
export async function closeAction(db: Database, context: ChangeContext, closer: Actor, mayRecord: boolean, id: number, form: { evidence: string; version: number }, now: Date): Promise<CloseResult> {
  const before = await repository.findAction(db, id);
  if (!before) return notFound();
  // Closed since the form was shown is someone else's change, which the conflict page shows; only
  // those who may close it see that.
  const refusal = closeRefusal({ ...before.action, status: "open" }, { id: closer.id, mayRecord });
  if (refusal) return { ok: false, refused: refusal };
  return versionedEdit(
    db,
    context,
    {
      recordType: "audit action",
      load: async (d) => {
        const found = await repository.findAction(d, id);
        return found ? { ...found, id: found.action.id, version: found.action.version } : undefined;
      },
      fields: (found) => actionFields(found.action),
      update: async (tx, current) => {
        const closed = await repository.closeActionAt(tx, id, current.action.version, { evidence: form.evidence, closedById: closer.id, closedByName: closer.displayName, closedAt: now });
        if (closed) await computeActionMeasures(tx);
        return closed;
      },
    },
    form.version,
  );
}
