import { randomBytes } from "node:crypto";
import type { Executor } from "../../db/client.ts";
import { sha256Hex } from "./sessions.ts";
import * as repository from "./throttle-repository.ts";

/**
 * The device cookie: a random token a browser is given when it signs in, so that later it can be
 * told from a stranger's and is not slowed by failed attempts it did not make. Only the token's
 * SHA-256 is stored, with the accounts it has signed in to.
 */
export const deviceCookieName = "waymark_device";
/** A device is trusted for this long after it last signed in to the account. */
export const deviceTrustDays = 365;

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

export const deviceTokenHash = sha256Hex;

/** The token a browser sent, if it is one Waymark could have made. */
export function deviceTokenFrom(value: unknown): string | null {
  return typeof value === "string" && tokenShape.test(value) ? value : null;
}

export const newDeviceToken = () => randomBytes(32).toString("base64url");

const trustedSince = (now: Date) => new Date(now.getTime() - deviceTrustDays * 86_400_000);

export async function isTrustedDevice(db: Executor, token: string, userId: number, now: Date): Promise<boolean> {
  return repository.isTrustedDevice(db, deviceTokenHash(token), userId, trustedSince(now));
}

export async function trustDevice(db: Executor, token: string, userId: number, now: Date): Promise<void> {
  await repository.trustDevice(db, deviceTokenHash(token), userId, now);
}
