import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/audit.ts";
import { versionedEdit } from "../versioned-edit.ts";
import * as repository from "./repository.ts";
import type { MilestoneRow, OutcomeRow, PriorityRow } from "./repository.ts";
import type { MilestoneForm, OutcomeForm, PriorityForm } from "./schemas.ts";

/** Changes to the plan made in the app, each audited and refused when someone else saved first (see `versionedEdit`). */
export type { EditResult } from "../versioned-edit.ts";

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

export function editPriority(db: Database, context: ChangeContext, id: number, form: PriorityForm) {
  return versionedEdit(db, context, {
    recordType: "priority",
    load: (d) => repository.findPriorityById(d, id),
    fields: priorityFields,
    update: (tx, row) =>
      repository.updatePriorityAt(tx, row.id, form.version, { title: form.title, vision: form.vision, lead: form.lead || null, narrative: form.narrative, keyElements: form.keyElements }),
  }, form.version);
}

export function editMilestone(db: Database, context: ChangeContext, id: number, form: MilestoneForm) {
  return versionedEdit(db, context, {
    recordType: "milestone",
    load: (d) => repository.findMilestone(d, id),
    fields: milestoneFields,
    update: (tx, row) => repository.updateMilestoneAt(tx, row.id, form.version, { text: form.text, owner: form.owner || null, dueOn: form.dueOn || null }),
  }, form.version);
}

export function editOutcome(db: Database, context: ChangeContext, id: number, form: OutcomeForm) {
  return versionedEdit(db, context, {
    recordType: "outcome",
    load: (d) => repository.findOutcome(d, id),
    fields: outcomeFields,
    update: (tx, row) => repository.updateOutcomeAt(tx, row.id, form.version, { text: form.text }),
  }, form.version);
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
