import { and, asc, count, eq, inArray, max, ne } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { boardMembers, boards, meetingAttendees, meetingItems, meetings } from "../../db/schema/risks.ts";

export type BoardRow = typeof boards.$inferSelect;
export type NewBoard = typeof boards.$inferInsert;
export type MemberRow = typeof boardMembers.$inferSelect;
export type NewMember = typeof boardMembers.$inferInsert;
export type MeetingRow = typeof meetings.$inferSelect;
export type NewMeeting = typeof meetings.$inferInsert;
export type ItemRow = typeof meetingItems.$inferSelect;
export type AttendeeRow = typeof meetingAttendees.$inferSelect;

export async function insertBoard(tx: Executor, values: NewBoard): Promise<BoardRow> {
  const [row] = await tx.insert(boards).values(values).returning();
  if (!row) throw new Error("the board was not added");
  return row;
}

export async function findBoard(db: Executor, id: number): Promise<BoardRow | undefined> {
  const [row] = await db.select().from(boards).where(eq(boards.id, id));
  return row;
}

/** The board of that name, other than `exceptId`: names are unique. */
export async function findBoardNamed(db: Executor, name: string, exceptId?: number): Promise<BoardRow | undefined> {
  const [row] = await db
    .select()
    .from(boards)
    .where(and(eq(boards.name, name), exceptId === undefined ? undefined : ne(boards.id, exceptId)));
  return row;
}

/** Every board, by name. */
export async function listBoards(db: Executor): Promise<BoardRow[]> {
  return db.select().from(boards).orderBy(asc(boards.name), asc(boards.id));
}

/** Saves a board's new values, if it is still at `version`. */
export async function updateBoardAt(tx: Executor, id: number, version: number, values: Partial<NewBoard>): Promise<boolean> {
  const rows = await tx
    .update(boards)
    .set({ ...values, version: version + 1 })
    .where(and(eq(boards.id, id), eq(boards.version, version)))
    .returning({ id: boards.id });
  return rows.length === 1;
}

export async function insertMember(tx: Executor, values: NewMember): Promise<MemberRow> {
  const [row] = await tx.insert(boardMembers).values(values).returning();
  if (!row) throw new Error("the member was not added");
  return row;
}

export async function findMember(db: Executor, boardId: number, id: number): Promise<MemberRow | undefined> {
  const [row] = await db
    .select()
    .from(boardMembers)
    .where(and(eq(boardMembers.boardId, boardId), eq(boardMembers.id, id)));
  return row;
}

/** A board's members, in the order they were added. */
export async function listMembers(db: Executor, boardId: number): Promise<MemberRow[]> {
  return db.select().from(boardMembers).where(eq(boardMembers.boardId, boardId)).orderBy(asc(boardMembers.id));
}

/** Removes a member of a board; undefined when they had gone already. */
export async function deleteMember(tx: Executor, boardId: number, id: number): Promise<MemberRow | undefined> {
  const [row] = await tx
    .delete(boardMembers)
    .where(and(eq(boardMembers.boardId, boardId), eq(boardMembers.id, id)))
    .returning();
  return row;
}

export async function insertMeeting(tx: Executor, values: NewMeeting): Promise<MeetingRow> {
  const [row] = await tx.insert(meetings).values(values).returning();
  if (!row) throw new Error("the meeting was not added");
  return row;
}

export async function findMeeting(db: Executor, id: number): Promise<MeetingRow | undefined> {
  const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
  return row;
}

/** A board's meetings, earliest first: by day, then in the order they were added. */
export async function listMeetings(db: Executor, boardId: number): Promise<MeetingRow[]> {
  return db.select().from(meetings).where(eq(meetings.boardId, boardId)).orderBy(asc(meetings.heldOn), asc(meetings.id));
}

/** How many meetings each board has recorded, and the day of its latest, by board. */
export async function meetingTotals(db: Executor): Promise<Map<number, { meetings: number; latestOn: string | null }>> {
  const rows = await db.select({ boardId: meetings.boardId, meetings: count(), latestOn: max(meetings.heldOn) }).from(meetings).groupBy(meetings.boardId);
  return new Map(rows.map((r) => [r.boardId, { meetings: Number(r.meetings), latestOn: r.latestOn }]));
}

/** Saves a meeting's new values, if it is still at `version`. */
export async function updateMeetingAt(tx: Executor, id: number, version: number, values: Partial<NewMeeting>): Promise<boolean> {
  const rows = await tx
    .update(meetings)
    .set({ ...values, version: version + 1 })
    .where(and(eq(meetings.id, id), eq(meetings.version, version)))
    .returning({ id: meetings.id });
  return rows.length === 1;
}

type ItemValues = Omit<typeof meetingItems.$inferInsert, "id" | "meetingId" | "position">;
type AttendeeValues = Omit<typeof meetingAttendees.$inferInsert, "id" | "meetingId">;

/** Puts a meeting's agenda in place of what it held: the items in the order given. */
export async function replaceItems(tx: Executor, meetingId: number, items: readonly ItemValues[]): Promise<void> {
  await tx.delete(meetingItems).where(eq(meetingItems.meetingId, meetingId));
  if (items.length > 0) await tx.insert(meetingItems).values(items.map((item, i) => ({ ...item, meetingId, position: i + 1 })));
}

/** The agenda items of the meetings named, in order. */
export async function listItems(db: Executor, meetingIds: readonly number[]): Promise<ItemRow[]> {
  if (meetingIds.length === 0) return [];
  return db
    .select()
    .from(meetingItems)
    .where(inArray(meetingItems.meetingId, [...meetingIds]))
    .orderBy(asc(meetingItems.meetingId), asc(meetingItems.position), asc(meetingItems.id));
}

/** Puts a meeting's attendance in place of what it held, in the order given. */
export async function replaceAttendees(tx: Executor, meetingId: number, attendees: readonly AttendeeValues[]): Promise<void> {
  await tx.delete(meetingAttendees).where(eq(meetingAttendees.meetingId, meetingId));
  if (attendees.length > 0) await tx.insert(meetingAttendees).values(attendees.map((a) => ({ ...a, meetingId })));
}

/** Who attended the meetings named, sent apologies or was absent, in the order recorded. */
export async function listAttendees(db: Executor, meetingIds: readonly number[]): Promise<AttendeeRow[]> {
  if (meetingIds.length === 0) return [];
  return db
    .select()
    .from(meetingAttendees)
    .where(inArray(meetingAttendees.meetingId, [...meetingIds]))
    .orderBy(asc(meetingAttendees.meetingId), asc(meetingAttendees.id));
}

/** The names of the boards with these ids, by id: how the register names the board a risk is escalated to. */
export async function boardNamesById(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: boards.id, name: boards.name }).from(boards).where(inArray(boards.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
