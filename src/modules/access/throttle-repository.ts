import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../db/client.ts";
import { signInThrottles, trustedDevices } from "../../db/schema/access.ts";

type Db = Database | Transaction;
export type ThrottleScope = (typeof signInThrottles.$inferSelect)["scope"];
export interface ThrottleKey {
  scope: ThrottleScope;
  key: string;
}
export type ThrottleRow = typeof signInThrottles.$inferSelect;

const matching = (keys: ThrottleKey[]) => or(...keys.map((k) => and(eq(signInThrottles.scope, k.scope), eq(signInThrottles.key, k.key))));

/**
 * The keys' rows, created if new and locked until the transaction ends, always in the same order
 * (scope, then key) so that two attempts sharing keys never wait on each other in a circle.
 */
export async function lockThrottles(tx: Transaction, keys: ThrottleKey[]): Promise<ThrottleRow[]> {
  const ordered = [...keys].sort((a, b) => (a.scope === b.scope ? (a.key < b.key ? -1 : 1) : a.scope < b.scope ? -1 : 1));
  // A row removed (as forgotten) while this waited for it is made again: every key must be counted.
  for (let tries = 1; ; tries += 1) {
    await tx.insert(signInThrottles).values(ordered.map((k) => ({ ...k, failures: 0 }))).onConflictDoNothing();
    const rows = await tx.select().from(signInThrottles).where(matching(ordered)).orderBy(signInThrottles.scope, signInThrottles.key).for("update");
    if (rows.length === ordered.length || tries === 3) return rows;
  }
}

export async function saveThrottle(tx: Transaction, key: ThrottleKey, failures: number, lastFailureAt: Date): Promise<void> {
  await tx.update(signInThrottles).set({ failures, lastFailureAt }).where(matching([key]));
}

/** Rows made for an attempt that was refused, which never counted a failure, are not kept. */
export async function deleteUncountedThrottles(tx: Transaction, keys: ThrottleKey[]): Promise<void> {
  await tx.delete(signInThrottles).where(and(matching(keys), isNull(signInThrottles.lastFailureAt)));
}

export async function deleteThrottle(db: Db, key: ThrottleKey): Promise<void> {
  await db.delete(signInThrottles).where(matching([key]));
}

/** Takes back one counted failure: the attempt it was counted for succeeded. */
export async function takeBackFailure(db: Db, key: ThrottleKey): Promise<void> {
  await db
    .update(signInThrottles)
    .set({ failures: sql`greatest(${signInThrottles.failures} - 1, 0)` })
    .where(matching([key]));
}

/** Forgets runs of failures that ended before the cutoff. */
export async function deleteThrottlesBefore(db: Db, cutoff: Date): Promise<void> {
  await db.delete(signInThrottles).where(lt(signInThrottles.lastFailureAt, cutoff));
}

export async function isTrustedDevice(db: Db, tokenHash: string, userId: number, usedSince: Date): Promise<boolean> {
  const [row] = await db
    .select({ userId: trustedDevices.userId })
    .from(trustedDevices)
    .where(and(eq(trustedDevices.tokenHash, tokenHash), eq(trustedDevices.userId, userId), gt(trustedDevices.lastUsedAt, usedSince)));
  return row !== undefined;
}

export async function trustDevice(db: Db, tokenHash: string, userId: number, now: Date): Promise<void> {
  await db
    .insert(trustedDevices)
    .values({ tokenHash, userId, createdAt: now, lastUsedAt: now })
    .onConflictDoUpdate({ target: [trustedDevices.tokenHash, trustedDevices.userId], set: { lastUsedAt: now } });
}

/** Forgets every browser an account has signed in from: after a password reset, none is trusted any more. */
export async function forgetDevicesOf(db: Db, userId: number): Promise<void> {
  await db.delete(trustedDevices).where(eq(trustedDevices.userId, userId));
}
