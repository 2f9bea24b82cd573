import { and, asc, eq, lt, inArray, ne, or, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../db/client.ts";
import { dataVersionsFingerprint } from "../../db/data-versions.ts";
import { auditEvents, sessions, userPriorities, userRoles, users } from "../../db/schema/access.ts";
import type { Role } from "./roles.ts";

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
type Db = Database | Transaction;

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  return user;
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export async function findUserByIdentity(db: Db, issuer: string, subject: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(and(eq(users.oidcIssuer, issuer), eq(users.oidcSubject, subject)));
  return user;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.username));
}

export async function listDemoUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).where(and(eq(users.demo, true), eq(users.disabled, false))).orderBy(asc(users.id));
}

export async function insertUser(tx: Db, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await tx.insert(users).values(values).returning();
  if (!row) throw new Error("no user row came back");
  return row;
}

/** Stores a new account, unless one of its username exists already (then nothing, and undefined). */
export async function insertUserIfNew(tx: Db, values: typeof users.$inferInsert): Promise<UserRow | undefined> {
  const [row] = await tx.insert(users).values(values).onConflictDoNothing({ target: users.username }).returning();
  return row;
}

/** Changes an account and moves it to its next version, whatever version it is at. */
export async function updateUserToNextVersion(tx: Db, id: number, values: Partial<typeof users.$inferInsert>): Promise<void> {
  await tx.update(users).set({ ...values, version: sql`${users.version} + 1` }).where(eq(users.id, id));
}

export async function updateUser(tx: Db, id: number, values: Partial<typeof users.$inferInsert>): Promise<void> {
  await tx.update(users).set(values).where(eq(users.id, id));
}

/** Changes an account only if it is still at `version`, moving it to the next; false if someone else changed it first. */
export async function updateUserAt(tx: Db, id: number, version: number, values: Partial<typeof users.$inferInsert>): Promise<boolean> {
  const rows = await tx
    .update(users)
    .set({ ...values, version: version + 1 })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning({ id: users.id });
  return rows.length === 1;
}

/** An account with its roles, the ids of the priorities it leads, and when it last signed in. */
export interface AccountRow extends UserRow {
  roles: Role[];
  priorityIds: number[];
  lastSignInAt: Date | null;
}

const list = (text: string | null) => (text ?? "").split(",").filter(Boolean);

// The subqueries name the outer table as `users` outright: Drizzle writes a column of the only
// table in a query without its table's name, which inside them would mean their own `id`.
function accountQuery(db: Db) {
  return db
    .select({
      user: users,
      roles: sql<string>`coalesce((select string_agg(r.role::text, ',' order by r.role) from ${userRoles} r where r.user_id = users.id), '')`,
      priorities: sql<string>`coalesce((select string_agg(up.priority_id::text, ',' order by up.priority_id) from ${userPriorities} up where up.user_id = users.id), '')`,
      // Both ways of signing in write a "sign in" event against the account.
      lastSignInAt: sql<Date | null>`(select max(a.occurred_at) from ${auditEvents} a where a.record_type = 'user' and a.record_id = users.id::text and a.action = 'sign in')`.mapWith(auditEvents.occurredAt),
    })
    .from(users)
    .$dynamic();
}

function toAccount(row: { user: UserRow; roles: string; priorities: string; lastSignInAt: Date | null }): AccountRow {
  return { ...row.user, roles: list(row.roles) as Role[], priorityIds: list(row.priorities).map(Number), lastSignInAt: row.lastSignInAt };
}

export async function listAccounts(db: Db): Promise<AccountRow[]> {
  const rows = await accountQuery(db).orderBy(asc(users.username));
  return rows.map(toAccount);
}

export async function findAccount(db: Db, id: number): Promise<AccountRow | undefined> {
  const [row] = await accountQuery(db).where(eq(users.id, id));
  return row ? toAccount(row) : undefined;
}

export async function findAccountByUsername(db: Db, username: string): Promise<AccountRow | undefined> {
  const [row] = await accountQuery(db).where(eq(users.username, username));
  return row ? toAccount(row) : undefined;
}

/** How many enabled accounts other than `userId` hold the administrator role. */
export async function countOtherEnabledAdministrators(db: Db, userId: number): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, "administrator"), eq(users.disabled, false), ne(users.id, userId)));
  return row?.count ?? 0;
}

export async function rolesOf(db: Db, userId: number): Promise<Role[]> {
  const rows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).orderBy(asc(userRoles.role));
  return rows.map((r) => r.role);
}

export async function replaceRoles(tx: Db, userId: number, roles: Role[]): Promise<void> {
  await tx.delete(userRoles).where(eq(userRoles.userId, userId));
  if (roles.length > 0) await tx.insert(userRoles).values(roles.map((role) => ({ userId, role })));
}

export async function priorityIdsOf(db: Db, userId: number): Promise<number[]> {
  const rows = await db.select({ id: userPriorities.priorityId }).from(userPriorities).where(eq(userPriorities.userId, userId));
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export async function replacePriorities(tx: Db, userId: number, priorityIds: number[]): Promise<void> {
  await tx.delete(userPriorities).where(eq(userPriorities.userId, userId));
  if (priorityIds.length > 0) await tx.insert(userPriorities).values(priorityIds.map((priorityId) => ({ userId, priorityId })));
}

export async function insertSession(db: Db, values: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(values);
}

export async function updateSession(db: Db, idHash: string, values: Partial<typeof sessions.$inferInsert>): Promise<void> {
  await db.update(sessions).set(values).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Deletes the sessions last used before `idleSince` or started before `startedBefore`, and answers how many. */
export async function deleteSessionsOutOfTime(db: Db, idleSince: Date, startedBefore: Date): Promise<number> {
  const removed = await db.delete(sessions).where(or(lt(sessions.lastSeenAt, idleSince), lt(sessions.createdAt, startedBefore))).returning({ idHash: sessions.idHash });
  return removed.length;
}

/** A person with their roles and priorities in one query: it runs on every request. */
export interface ActorRow {
  id: number;
  username: string;
  displayName: string;
  disabled: boolean;
  mustChangePassword: boolean;
  roles: Role[];
  priorityIds: number[];
}

/** An account's columns with its roles and priorities gathered beside them, for one query to read the lot. */
const actorColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  disabled: users.disabled,
  mustChangePassword: users.mustChangePassword,
  roles: sql<string>`coalesce((select string_agg(r.role::text, ',' order by r.role) from ${userRoles} r where r.user_id = ${users.id}), '')`,
  priorityIds: sql<string>`coalesce((select string_agg(p.priority_id::text, ',' order by p.priority_id) from ${userPriorities} p where p.user_id = ${users.id}), '')`,
};

type ActorColumns = { [K in keyof typeof actorColumns]: K extends "roles" | "priorityIds" ? string : ActorRow[K] };

function actorRowOf(row: ActorColumns): ActorRow {
  const list = (text: string) => text.split(",").filter(Boolean);
  return { ...row, roles: list(row.roles) as Role[], priorityIds: list(row.priorityIds).map(Number) };
}

export async function findActorRow(db: Db, userId: number): Promise<ActorRow | undefined> {
  const [row] = await db.select(actorColumns).from(users).where(eq(users.id, userId));
  return row && actorRowOf(row);
}

/** The query for a session, its account and the data versions, with the session's id as its one parameter. */
const sessionWithActorQuery = (db: Db) =>
  db
    .select({ session: sessions, actor: actorColumns, dataVersions: dataVersionsFingerprint })
    .from(sessions)
    .leftJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, sql.placeholder("idHash")))
    .prepare("session_with_actor");

/** The query prepared once for each database: planning it cost more than running it. */
const preparedSessionQueries = new WeakMap<Db, ReturnType<typeof sessionWithActorQuery>>();

/**
 * A session and the account signed in to it (none for a session before sign-in), read in one query
 * with the data versions' fingerprint, which a page kept as drawn is checked against: every request
 * reads them.
 */
export async function findSessionWithActor(db: Db, idHash: string): Promise<{ session: SessionRow; actor: ActorRow | undefined; dataVersions: string } | undefined> {
  let query = preparedSessionQueries.get(db);
  if (!query) {
    query = sessionWithActorQuery(db);
    preparedSessionQueries.set(db, query);
  }
  const [row] = await query.execute({ idHash });
  if (!row) return undefined;
  return { session: row.session, actor: row.actor ? actorRowOf(row.actor) : undefined, dataVersions: row.dataVersions };
}

/** The names of the enabled accounts assigned to each of these priorities (their leads), by priority id. */
export async function leadNamesByPriority(db: Db, priorityIds: readonly number[]): Promise<Map<number, string[]>> {
  if (priorityIds.length === 0) return new Map();
  const rows = await db
    .select({ priorityId: userPriorities.priorityId, name: users.displayName })
    .from(userPriorities)
    .innerJoin(users, eq(users.id, userPriorities.userId))
    .where(and(inArray(userPriorities.priorityId, [...priorityIds]), eq(users.disabled, false)));
  const map = new Map<number, string[]>();
  for (const row of rows) map.set(row.priorityId, [...(map.get(row.priorityId) ?? []), row.name]);
  return map;
}

/** The enabled accounts holding a role, with their email addresses and (for priority leads) priorities. */
export async function listActiveAccountsWithRole(db: Db, role: Role): Promise<{ id: number; displayName: string; email: string | null; priorityIds: number[] }[]> {
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, role), eq(users.disabled, false)))
    .orderBy(asc(users.id));
  const priorities = rows.length === 0 ? [] : await db.select().from(userPriorities).where(inArray(userPriorities.userId, rows.map((r) => r.id)));
  return rows.map((row) => ({
    ...row,
    priorityIds: priorities.filter((p) => p.userId === row.id).map((p) => p.priorityId).sort((a, b) => a - b),
  }));
}
