import { boardActionOverdue, boardActionStatusLabels, mattersArising, type BoardActionStatus } from "../../core/board-actions.ts";
import { notFound, type Outcome } from "../../core/problems.ts";
import { riskReference } from "../../core/risks.ts";
import type { Database } from "../../db/client.ts";
import { addOnce, type Added } from "../../db/form-submissions.ts";
import { recordChange, versionedEdit, type Actor, type ChangeContext } from "../access/index.ts";
import * as quality from "../quality/index.ts";
import * as repository from "./action-repository.ts";
import * as boards from "./board-repository.ts";
import { formatDate } from "../../core/format.ts";
import type { ActionUpdateRow, BoardActionRow } from "./action-repository.ts";

export type { ActionUpdateRow, BoardActionRow };

/**
 * Actions with an owner and a due date: those a meeting raises (its action log) and those that
 * mitigate a risk. An action's owner updates it with a note and a status; plan editors update any.
 * Completing one that names an audit action closes that too, with the note as its evidence.
 */

export function boardActionFields(action: BoardActionRow) {
  return {
    description: action.description,
    owner: action.ownerName,
    dueOn: action.dueOn,
    status: boardActionStatusLabels[action.status],
    completedOn: action.completedOn,
    meetingId: action.meetingId,
    riskId: action.riskId,
    auditActionId: action.qualityActionId,
  };
}

export interface BoardActionForm {
  formToken: string;
  description: string;
  dueOn: string;
  /** An audit action this one closes when it is complete. */
  qualityActionId?: number | null;
}

/** Where an action was raised: at a meeting, for a risk, or at a meeting for a risk. */
export type RaisedFor = { meetingId: number; riskId?: number | null } | { riskId: number; meetingId?: null };

/** Raises an action once per form, owned by `owner`. */
export function raiseBoardAction(db: Database, context: ChangeContext, raiser: Actor, raisedFor: RaisedFor, owner: { id: number; displayName: string }, form: BoardActionForm): Promise<Added<BoardActionRow>> {
  return addOnce(db, form.formToken, "board action", (tx, id) => repository.findAction(tx, id), async (tx) => {
    const action = await repository.insertAction(tx, {
      meetingId: raisedFor.meetingId ?? null,
      riskId: raisedFor.riskId ?? null,
      qualityActionId: form.qualityActionId ?? null,
      description: form.description,
      ownerId: owner.id,
      ownerName: owner.displayName,
      dueOn: form.dueOn,
      raisedById: raiser.id,
      raisedByName: raiser.displayName,
    });
    await recordChange(tx, context, { action: "create", recordType: "board action", recordId: action.id, after: boardActionFields(action) });
    return action;
  });
}

export const findBoardAction = (db: Database, id: number) => repository.findAction(db, id);
export const actionsOfRisks = (db: Database, riskIds: readonly number[]) => repository.listActions(db, { riskIds });
export const actionsOfMeetings = (db: Database, meetingIds: readonly number[]) => repository.listActions(db, { meetingIds });
export const actionUpdates = (db: Database, actionIds: readonly number[]) => repository.listUpdates(db, actionIds);

/** A person's actions not yet complete, soonest due first. */
export const openActionsOf = (db: Database, ownerId: number) => repository.listActions(db, { ownerId, open: true });

/** A person's actions past their due date on `today`, soonest due first, each with where it came from in words: "Performance Board, meeting of 1 November 2024". */
export async function overdueActionsOf(db: Database, ownerId: number, today: string): Promise<{ action: BoardActionRow; source: string }[]> {
  const actions = await repository.listActions(db, { ownerId, open: true, dueBefore: today });
  const meetingWords = new Map<number, string>();
  for (const meetingId of new Set(actions.flatMap((a) => (a.meetingId === null ? [] : [a.meetingId])))) {
    const meeting = await boards.findMeeting(db, meetingId);
    const board = meeting && (await boards.findBoard(db, meeting.boardId));
    if (meeting && board) meetingWords.set(meetingId, `${board.name}, meeting of ${formatDate(meeting.heldOn)}`);
  }
  return actions.map((action) => ({ action, source: boardActionSourceInWords(action, action.meetingId === null ? undefined : meetingWords.get(action.meetingId)) }));
}

/** Whether `person` may update the action: its owner, or one who manages risks and boards. */
export function mayUpdate(action: BoardActionRow, person: { id: number; mayManage: boolean }): boolean {
  return person.mayManage || (action.ownerId !== null && action.ownerId === person.id);
}

/**
 * The matters arising at a meeting of a board on `heldOn`, its previous meeting on `previousOn`:
 * actions raised at the board's earlier meetings not complete by the previous meeting's day, each
 * with the day it was raised, oldest first.
 */
export async function mattersArisingAt(db: Database, boardId: number, heldOn: string, previousOn: string | null) {
  const candidates = await repository.actionsCarriedTo(db, boardId, heldOn, previousOn);
  return candidates.filter((a) => mattersArising({ raisedOn: a.raisedOn, completedOn: a.completedOn }, heldOn, previousOn));
}

export interface ActionUpdateForm {
  status: BoardActionStatus;
  note: string;
  version: number;
}

export type ActionUpdateResult = Outcome<BoardActionRow> | { ok: false; refused: string };

/**
 * Records progress on an action: a note and the status it leaves the action in, on `today` (its
 * completion day, when complete). Refused to anyone but its owner and those who manage boards, and
 * when someone else has changed it since `version`. Completing it closes the audit action it names.
 */
export async function updateBoardAction(db: Database, context: ChangeContext, person: Actor, mayManage: boolean, id: number, form: ActionUpdateForm, today: string, now: Date): Promise<ActionUpdateResult> {
  const before = await repository.findAction(db, id);
  if (!before) return notFound();
  if (!mayUpdate(before, { id: person.id, mayManage })) return { ok: false, refused: "Only the action's owner or a plan editor may update it" };
  const result = await versionedEdit<BoardActionRow>(
    db,
    context,
    {
      recordType: "board action",
      load: (d) => repository.findAction(d, id),
      fields: boardActionFields,
      update: async (tx, current) => {
        const completedOn = form.status === "complete" ? (current.completedOn ?? today) : null;
        const saved = await repository.updateActionAt(tx, id, current.version, { status: form.status, completedOn });
        if (saved) await repository.insertUpdate(tx, { actionId: id, note: form.note, status: form.status, byName: person.displayName });
        return saved;
      },
    },
    form.version,
  );
  if (result.ok && result.value.status === "complete" && result.value.qualityActionId !== null) await closeAuditAction(db, context, person, result.value, form.note, now);
  return result;
}

/** Closes the audit action a completed action names, unless it is closed already, with the note as its evidence. */
async function closeAuditAction(db: Database, context: ChangeContext, person: Actor, action: BoardActionRow, note: string, now: Date): Promise<void> {
  if (action.qualityActionId === null) return;
  const audit = await quality.findAction(db, action.qualityActionId);
  if (!audit || audit.action.status === "closed") return;
  const evidence = `Completed as board action ${String(action.id)}: ${note || action.description}`;
  await quality.closeAction(db, context, person, true, audit.action.id, { evidence, version: audit.action.version }, now);
}

/** Where an action came from, in words: the risk it mitigates, the meeting it was raised at, or both. */
export function boardActionSourceInWords(action: BoardActionRow, meetingWords?: string): string {
  const risk = action.riskId === null ? "" : `Mitigating risk ${riskReference({ id: action.riskId, kind: "risk" })}`;
  const meeting = action.meetingId === null ? "" : (meetingWords ?? "Raised at a board meeting");
  return [meeting, risk].filter((w) => w !== "").join("; ");
}

/** An action as lists show it: overdue or not on `today`, its status in words. */
export function presentBoardAction(action: BoardActionRow, today: string) {
  return { action, overdue: boardActionOverdue(action, today), statusLabel: boardActionStatusLabels[action.status] };
}
