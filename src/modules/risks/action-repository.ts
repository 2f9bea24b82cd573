import { and, asc, eq, inArray, lt, ne, or, isNull, gte, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { boardActions, boardActionUpdates, meetings } from "../../db/schema/risks.ts";

export type BoardActionRow = typeof boardActions.$inferSelect;
export type NewBoardAction = typeof boardActions.$inferInsert;
export type ActionUpdateRow = typeof boardActionUpdates.$inferSelect;

export async function insertAction(tx: Executor, values: NewBoardAction): Promise<BoardActionRow> {
  const [row] = await tx.insert(boardActions).values(values).returning();
  if (!row) throw new Error("the action was not added");
  return row;
}

export async function findAction(db: Executor, id: number): Promise<BoardActionRow | undefined> {
  const [row] = await db.select().from(boardActions).where(eq(boardActions.id, id));
  return row;
}

export interface ActionFilters {
  riskIds?: readonly number[];
  meetingIds?: readonly number[];
  ownerId?: number;
  /** Only actions not complete. */
  open?: boolean;
  /** Only actions due before this ISO date. */
  dueBefore?: string;
}

/** Actions as the filters choose, soonest due first. */
export async function listActions(db: Executor, filters: ActionFilters): Promise<BoardActionRow[]> {
  if (filters.riskIds?.length === 0 || filters.meetingIds?.length === 0) return [];
  const conditions: SQL[] = [];
  if (filters.riskIds) conditions.push(inArray(boardActions.riskId, [...filters.riskIds]));
  if (filters.meetingIds) conditions.push(inArray(boardActions.meetingId, [...filters.meetingIds]));
  if (filters.ownerId !== undefined) conditions.push(eq(boardActions.ownerId, filters.ownerId));
  if (filters.open) conditions.push(ne(boardActions.status, "complete"));
  if (filters.dueBefore) conditions.push(lt(boardActions.dueOn, filters.dueBefore));
  return db
    .select()
    .from(boardActions)
    .where(and(...conditions))
    .orderBy(asc(boardActions.dueOn), asc(boardActions.id));
}

/**
 * The actions raised at meetings of a board held before `heldOn` that were not complete by the
 * day of the board's previous meeting, `previousOn` (or of this one, for its first): the
 * candidates for a meeting's matters arising, with the day of the meeting each was raised at.
 */
export async function actionsCarriedTo(db: Executor, boardId: number, heldOn: string, previousOn: string | null): Promise<(BoardActionRow & { raisedOn: string })[]> {
  const stillOpen = or(isNull(boardActions.completedOn), gte(boardActions.completedOn, previousOn ?? heldOn));
  const rows = await db
    .select({ action: boardActions, raisedOn: meetings.heldOn })
    .from(boardActions)
    .innerJoin(meetings, eq(meetings.id, boardActions.meetingId))
    .where(and(eq(meetings.boardId, boardId), lt(meetings.heldOn, heldOn), stillOpen))
    .orderBy(asc(meetings.heldOn), asc(boardActions.id));
  return rows.map((r) => ({ ...r.action, raisedOn: r.raisedOn }));
}

/** Saves an action's new values, if it is still at `version`. */
export async function updateActionAt(tx: Executor, id: number, version: number, values: Partial<NewBoardAction>): Promise<boolean> {
  const rows = await tx
    .update(boardActions)
    .set({ ...values, version: version + 1 })
    .where(and(eq(boardActions.id, id), eq(boardActions.version, version)))
    .returning({ id: boardActions.id });
  return rows.length === 1;
}

export async function insertUpdate(tx: Executor, values: typeof boardActionUpdates.$inferInsert): Promise<void> {
  await tx.insert(boardActionUpdates).values(values);
}

/** The notes on the actions named, oldest first. */
export async function listUpdates(db: Executor, actionIds: readonly number[]): Promise<ActionUpdateRow[]> {
  if (actionIds.length === 0) return [];
  return db
    .select()
    .from(boardActionUpdates)
    .where(inArray(boardActionUpdates.actionId, [...actionIds]))
    .orderBy(asc(boardActionUpdates.at), asc(boardActionUpdates.id));
}
