import type { Database, Executor, Transaction } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/audit.ts";
import * as repository from "./repository.ts";
import type { MilestoneRow, OutcomeRow, PriorityRow } from "./repository.ts";
import type { MilestoneForm, OutcomeForm, PriorityForm } from "./schemas.ts";

/**
 * Changes to the plan made in the app. Each runs in one transaction with its audit event, and
 * each names the version the editor started from: if someone else saved first, nothing is
 * written and the caller gets the record as it now stands, to show the editor what changed.
 */
export type EditResult<T> = { ok: true; record: T } | { ok: false; conflict: T } | { ok: false; missing: true };

/** The fields of a priority that the audit trail and the conflict page compare. */
export function priorityFields(p: PriorityRow) {
  return { title: p.title, vision: p.vision, lead: p.lead ?? "", narrative: p.narrative, keyElements: p.keyElements };
}

export function milestoneFields(m: MilestoneRow) {
  return { text: m.text, owner: m.owner ?? "", dueOn: m.dueOn ?? "" };
}

export function outcomeFields(o: OutcomeRow) {
  return { text: o.text };
}

async function edit<T extends { id: number; version: number }, F>(
  db: Database,
  context: ChangeContext,
  recordType: string,
  load: (db: Executor) => Promise<T | undefined>,
  fields: (row: T) => Record<string, unknown>,
  update: (tx: Transaction, row: T) => Promise<boolean>,
  form: F & { version: number },
): Promise<EditResult<T>> {
  return db.transaction(async (tx) => {
    const current = await load(tx);
    if (!current) return { ok: false, missing: true } as const;
    if (current.version !== form.version || !(await update(tx, current))) return { ok: false, conflict: current } as const;
    const saved = await load(tx);
    if (!saved) return { ok: false, missing: true } as const;
    await recordChange(tx, context, { action: "update", recordType, recordId: current.id, before: fields(current), after: fields(saved) });
    return { ok: true, record: saved } as const;
  });
}

export function editPriority(db: Database, context: ChangeContext, id: number, form: PriorityForm) {
  return edit(db, context, "priority", (d) => repository.findPriorityById(d, id), priorityFields, (tx, row) =>
    repository.updatePriorityAt(tx, row.id, form.version, {
      title: form.title,
      vision: form.vision,
      lead: form.lead || null,
      narrative: form.narrative,
      keyElements: form.keyElements,
    }), form);
}

export function editMilestone(db: Database, context: ChangeContext, id: number, form: MilestoneForm) {
  return edit(db, context, "milestone", (d) => repository.findMilestone(d, id), milestoneFields, (tx, row) =>
    repository.updateMilestoneAt(tx, row.id, form.version, { text: form.text, owner: form.owner || null, dueOn: form.dueOn || null }), form);
}

export function editOutcome(db: Database, context: ChangeContext, id: number, form: OutcomeForm) {
  return edit(db, context, "outcome", (d) => repository.findOutcome(d, id), outcomeFields, (tx, row) =>
    repository.updateOutcomeAt(tx, row.id, form.version, { text: form.text }), form);
}

export async function addMilestone(
  db: Database,
  context: ChangeContext,
  priorityId: number,
  form: Omit<MilestoneForm, "version"> & { planYear: number },
): Promise<MilestoneRow> {
  return db.transaction(async (tx) => {
    const position = await repository.nextPosition(tx, "milestones", priorityId, form.planYear);
    const row = await repository.insertMilestone(tx, {
      priorityId,
      planYear: form.planYear,
      position,
      text: form.text,
      owner: form.owner || null,
      dueOn: form.dueOn || null,
    });
    await recordChange(tx, context, { action: "create", recordType: "milestone", recordId: row.id, after: { ...milestoneFields(row), planYear: row.planYear } });
    return row;
  });
}

export async function addOutcome(db: Database, context: ChangeContext, priorityId: number, form: Omit<OutcomeForm, "version">): Promise<OutcomeRow> {
  return db.transaction(async (tx) => {
    const position = await repository.nextPosition(tx, "outcomes", priorityId);
    const row = await repository.insertOutcome(tx, { priorityId, position, text: form.text });
    await recordChange(tx, context, { action: "create", recordType: "outcome", recordId: row.id, after: outcomeFields(row) });
    return row;
  });
}
