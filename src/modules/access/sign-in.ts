import { systemClock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "./audit.ts";
import { deviceTokenHash, isTrustedDevice, newDeviceToken, trustDevice } from "./devices.ts";
import { passwordMatches, spendVerificationTime } from "./passwords.ts";
import * as repository from "./repository.ts";
import { accountKey, addressKey, attemptSucceeded, deviceKey, reserveAttempt, waitInWords, type Wait } from "./throttle.ts";

export type SignInResult =
  | { ok: true; userId: number; deviceToken: string }
  /** `slowed`: the waits this failure started, for the log. */
  | { ok: false; reason: "invalid"; slowed: Wait[] }
  | { ok: false; reason: "too-many"; wait: Wait };

export interface SignInAttempt {
  username: string;
  password: string;
  /** The client's address, as the app's TRUST_PROXY setting lets it be known. */
  address: string;
  /** The browser's device cookie, if it sent one. */
  deviceToken?: string | null;
  correlationId: string;
}

/** Who the audit trail says acted when someone not yet signed in is slowed down. */
const signingIn = (correlationId: string): ChangeContext => ({ userId: null, username: "someone signing in", correlationId });

/**
 * Checks a username and password. The same answer, taking the same time, whether the account
 * does not exist, is disabled or the password is wrong, so accounts cannot be discovered. The
 * attempt is counted (throttle.ts) before the password is checked; a browser that has signed in
 * to the account before is counted on its own.
 */
export async function signInWithPassword(db: Database, input: SignInAttempt, now = systemClock.now()): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase();
  const user = await repository.findUserByUsername(db, username);
  const trustedDevice = user && input.deviceToken && (await isTrustedDevice(db, input.deviceToken, user.id, now)) ? input.deviceToken : null;
  const keys = trustedDevice ? [deviceKey(deviceTokenHash(trustedDevice))] : [accountKey(username), addressKey(input.address)];

  const reservation = await reserveAttempt(db, keys, now);
  if (!reservation.allowed) return { ok: false, reason: "too-many", wait: reservation.wait };

  const matches = user?.passwordHash ? await passwordMatches(user.passwordHash, input.password) : (await spendVerificationTime(input.password), false);
  if (!user || user.disabled || !matches) {
    for (const wait of reservation.ifFailed) await recordSlowing(db, input, wait, user?.id, now);
    return { ok: false, reason: "invalid", slowed: reservation.ifFailed };
  }

  const deviceToken = input.deviceToken ?? newDeviceToken();
  await db.transaction(async (tx) => {
    await attemptSucceeded(tx, keys, now);
    await trustDevice(tx, deviceToken, user.id, now);
    await recordChange(tx, { userId: user.id, username: user.username, correlationId: input.correlationId }, {
      action: "sign in",
      recordType: "user",
      recordId: user.id,
    });
  });
  return { ok: true, userId: user.id, deviceToken };
}

/**
 * A failure that makes later attempts wait goes in the audit trail: against the account when it
 * exists (an unknown username is in the log only), or against the address.
 */
async function recordSlowing(db: Database, input: SignInAttempt, wait: Wait, userId: number | undefined, now: Date): Promise<void> {
  const record = wait.scope === "address" ? { recordType: "sign-in address", recordId: addressKey(input.address).key } : userId === undefined ? null : { recordType: "user", recordId: userId };
  if (!record) return;
  const by = { account: "account", address: "address", device: "trusted device" }[wait.scope];
  await recordChange(db, signingIn(input.correlationId), {
    action: "slow sign-in",
    ...record,
    after: { by, failures: wait.failures, wait: waitInWords(wait.seconds), until: new Date(now.getTime() + wait.seconds * 1000).toISOString() },
  });
}
