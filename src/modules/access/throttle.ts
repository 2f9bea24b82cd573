import { isIPv6 } from "node:net";
import type { Database, Executor } from "../../db/client.ts";
import { sha256Hex } from "./sessions.ts";
import * as repository from "./throttle-repository.ts";
import type { ThrottleKey, ThrottleRow, ThrottleScope } from "./throttle-repository.ts";

/**
 * Slowing password guessing without locking the real person out (NCSC password guidance; ASVS 4.0
 * 2.2.1). Failed attempts are counted in a row per account, per address and per trusted device.
 * Each scope allows some failures freely; after that each attempt must wait, twice as long after
 * each further failure, up to a longest wait. A run of failures is forgotten after a quiet spell.
 * A browser that has signed in to the account before (its device cookie) is counted on its own
 * and is not slowed by failures on the account or from its address, so a guesser elsewhere cannot
 * keep its owner out.
 */
export const throttleRules = {
  /** Failures allowed before attempts must wait. */
  free: { account: 5, address: 20, device: 5 } satisfies Record<ThrottleScope, number>,
  firstWaitSeconds: 30,
  longestWaitSeconds: 15 * 60,
  /** A run of failures with none for this long is forgotten. */
  forgetAfterSeconds: 60 * 60,
};

/** How long the next attempt must wait after this many failures in a row. */
export function waitAfter(scope: ThrottleScope, failures: number): number {
  const beyond = failures - throttleRules.free[scope];
  if (beyond < 0) return 0;
  return Math.min(throttleRules.firstWaitSeconds * 2 ** beyond, throttleRules.longestWaitSeconds);
}

/** The failures a row still counts at `now`: none once the run is old enough to forget. */
export function failuresCounted(row: Pick<ThrottleRow, "failures" | "lastFailureAt">, now: Date): number {
  if (!row.lastFailureAt || now.getTime() - row.lastFailureAt.getTime() >= throttleRules.forgetAfterSeconds * 1000) return 0;
  return row.failures;
}

/** Seconds until the row allows another attempt (0 if it does now). */
export function secondsToWait(row: ThrottleRow, now: Date): number {
  const wait = waitAfter(row.scope, failuresCounted(row, now));
  if (!row.lastFailureAt || wait === 0) return 0;
  const until = row.lastFailureAt.getTime() + wait * 1000;
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

/** An account is counted by its username's hash: a password typed into the username box is not kept. */
export const accountKey = (username: string): ThrottleKey => ({ scope: "account", key: sha256Hex(username) });

/**
 * An address is counted as itself, or for IPv6 as its /64 network: one household or office gets
 * a whole /64, so counting single IPv6 addresses would count nothing.
 */
export function addressKey(address: string): ThrottleKey {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  if (!isIPv6(plain)) return { scope: "address", key: plain };
  const [head = "", tail = ""] = plain.split("::");
  const left = head ? head.split(":") : [];
  const right = plain.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return { scope: "address", key: `${groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(":")}::/64` };
}

export const deviceKey = (tokenHash: string): ThrottleKey => ({ scope: "device", key: tokenHash });

/** A wait that an attempt met, or that a failure has started. */
export interface Wait {
  scope: ThrottleScope;
  failures: number;
  seconds: number;
}

export type Reservation = { allowed: true; ifFailed: Wait[] } | { allowed: false; wait: Wait };

/**
 * Counts an attempt before its password is checked, in one transaction with the keys' rows locked,
 * so that parallel attempts are counted one after another and no more are checked than the rules
 * allow. The attempt is counted as a failure; `succeeded` takes that back. `ifFailed` lists the
 * waits the attempt starts if it fails.
 */
export async function reserveAttempt(db: Database, keys: ThrottleKey[], asked: Date): Promise<Reservation> {
  return db.transaction(async (tx) => {
    const rows = await repository.lockThrottles(tx, keys);
    // An attempt that waited for the lock may have started before the failure it waited on.
    const now = new Date(Math.max(asked.getTime(), ...rows.map((row) => row.lastFailureAt?.getTime() ?? 0)));
    const waits = rows.map((row) => ({ scope: row.scope, failures: failuresCounted(row, now), seconds: secondsToWait(row, now) }));
    const longest = waits.reduce<Wait | null>((a, b) => (b.seconds > (a?.seconds ?? 0) ? b : a), null);
    if (longest) {
      await repository.deleteUncountedThrottles(tx, keys);
      return { allowed: false, wait: longest };
    }
    const ifFailed: Wait[] = [];
    for (const row of rows) {
      const failures = failuresCounted(row, now) + 1;
      await repository.saveThrottle(tx, row, failures, now);
      const seconds = waitAfter(row.scope, failures);
      if (seconds > 0) ifFailed.push({ scope: row.scope, failures, seconds });
    }
    return { allowed: true, ifFailed };
  });
}

/**
 * The attempt succeeded: the account's or the device's run of failures is over; the address's
 * count only loses this attempt, so signing in to one's own account between guesses at others
 * does not wipe the address's record. Runs forgotten by now are removed.
 */
export async function attemptSucceeded(db: Executor, keys: ThrottleKey[], now: Date): Promise<void> {
  for (const key of keys) {
    if (key.scope === "address") await repository.takeBackFailure(db, key);
    else await repository.deleteThrottle(db, key);
  }
  await repository.deleteThrottlesBefore(db, new Date(now.getTime() - throttleRules.forgetAfterSeconds * 1000));
}

/** "30 seconds", "1 minute", "15 minutes": a wait in words, rounded up to the minute past a minute. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
