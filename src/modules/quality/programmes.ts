import { monthLabel, programmeProgress, type ProgrammeProgress } from "../../core/audit-programmes.ts";
import { UserError } from "../../core/problems.ts";
import type { Database } from "../../db/client.ts";
import { addOnce, type Added } from "../../db/form-submissions.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import * as repository from "./programme-repository.ts";
import type { PlannedAuditRow, PlannedAuditView, ProgrammeRow } from "./programme-repository.ts";

export type { PlannedAuditRow, PlannedAuditView, ProgrammeRow };

/**
 * Audit programmes: a month's planned audits, who does them and by when, and how far each month
 * has got. Adding and removing a planned audit are audited; recording the audit completes it.
 */

/** A month that already has a programme: there is one a month. */
export class ProgrammeExists extends UserError {
  constructor(readonly programme: ProgrammeRow) {
    super("conflict", `There is already a programme for ${monthLabel(programme.month)}`);
    this.name = "ProgrammeExists";
  }
}

/** A planned audit another audit has already completed, or that was taken out of its programme. */
export class PlannedAuditGone extends UserError {
  constructor() {
    super("conflict", "This planned audit has already been recorded or taken out of the programme: record the audit without it, or choose another");
    this.name = "PlannedAuditGone";
  }
}

export interface ProgrammeForm {
  formToken: string;
  month: string;
  focus: string;
}

export interface PlannedAuditForm {
  formToken: string;
  caseId: string;
  serviceArea: string;
  templateId: number;
  auditorId: number;
  dueOn: string;
}

export const findProgramme = (db: Database, id: number) => repository.findProgramme(db, id);
export const findPlannedAudit = (db: Database, id: number) => repository.findPlannedAudit(db, id);
export const listPlannedAudits = (db: Database, programmeId: number) => repository.listPlannedAudits(db, { programmeId });

/** Adds a month's programme, once per form; a month with one already is refused. */
export function addProgramme(db: Database, context: ChangeContext, form: ProgrammeForm): Promise<Added<ProgrammeRow>> {
  return addOnce(db, form.formToken, "audit programme", (tx, id) => repository.findProgramme(tx, id), async (tx) => {
    const existing = await repository.findProgrammeOfMonth(tx, form.month);
    if (existing) throw new ProgrammeExists(existing);
    const programme = await repository.insertProgramme(tx, { month: form.month, focus: form.focus, createdBy: context.username });
    await recordChange(tx, context, { action: "create", recordType: "audit programme", recordId: programme.id, after: { month: monthLabel(form.month), focus: form.focus } });
    return programme;
  });
}

/** Every programme, newest first, with how far it has got on `today`. */
export async function listProgrammes(db: Database, today: string): Promise<(ProgrammeRow & { label: string; progress: ProgrammeProgress })[]> {
  const byProgramme = new Map<number, PlannedAuditRow[]>();
  for (const { planned } of await repository.listPlannedAudits(db, {})) byProgramme.set(planned.programmeId, [...(byProgramme.get(planned.programmeId) ?? []), planned]);
  return (await repository.listProgrammes(db)).map((programme) => ({ ...programme, label: monthLabel(programme.month), progress: programmeProgress(byProgramme.get(programme.id) ?? [], today) }));
}

/** Adds a planned audit to a programme, once per form; `auditor` and `templateName` are as the form's lists gave them. */
export function addPlannedAudit(db: Database, context: ChangeContext, programme: ProgrammeRow, auditor: { id: number; displayName: string }, templateName: string, form: PlannedAuditForm): Promise<Added<PlannedAuditRow>> {
  return addOnce(db, form.formToken, "planned audit", (tx, id) => repository.findPlannedAudit(tx, id), async (tx) => {
    const planned = await repository.insertPlannedAudit(tx, {
      programmeId: programme.id,
      caseId: form.caseId,
      serviceArea: form.serviceArea,
      templateId: form.templateId,
      auditorId: auditor.id,
      auditorName: auditor.displayName,
      dueOn: form.dueOn,
      addedBy: context.username,
    });
    await recordChange(tx, context, {
      action: "create",
      recordType: "planned audit",
      recordId: planned.id,
      after: { programme: monthLabel(programme.month), caseId: form.caseId, serviceArea: form.serviceArea, template: templateName, auditor: auditor.displayName, dueOn: form.dueOn },
    });
    return planned;
  });
}

/** Takes a planned audit out of its programme; one already recorded stays. Whether it was taken out. */
export function removePlannedAudit(db: Database, context: ChangeContext, planned: PlannedAuditRow): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await repository.deletePlannedAudit(tx, planned.id))) return false;
    await recordChange(tx, context, { action: "delete", recordType: "planned audit", recordId: planned.id, before: { caseId: planned.caseId, auditor: planned.auditorName, dueOn: planned.dueOn } });
    return true;
  });
}

/** The planned audits an auditor has still to record, soonest due first. */
export function plannedAuditsOf(db: Database, auditorId: number): Promise<PlannedAuditView[]> {
  return repository.listPlannedAudits(db, { auditorId, open: true });
}

export { completePlannedAudit } from "./programme-repository.ts";
