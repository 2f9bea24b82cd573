import { systemClock } from "../../core/clock.ts";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Database } from "../../db/client.ts";
import * as repository from "./repository.ts";
import type { SessionRow } from "./repository.ts";
import type { Actor } from "./roles.ts";
import { actorFrom } from "./users.ts";

/** Sessions live in the database so that several app instances can serve one council. */
export const sessionCookieName = "waymark_session";

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export interface Session {
  secret: string;
  row: SessionRow;
}

/** A secret's SHA-256 in hex: what is stored of session ids, device tokens and throttled usernames. */
export const sha256Hex = (secret: string) => createHash("sha256").update(secret).digest("hex");
const hashOf = sha256Hex;
const newSecret = () => randomBytes(32).toString("base64url");

export async function startSession(db: Database, userId: number | null, data: Record<string, string> = {}, now = systemClock.now()): Promise<Session> {
  const secret = newSecret();
  const row: SessionRow = { idHash: hashOf(secret), userId, csrfToken: newSecret(), data, createdAt: now, lastSeenAt: now };
  await repository.insertSession(db, row);
  return { secret, row };
}

export type SessionState = "active" | "idle" | "expired";

/** Whether a session may still be used: idle too long, or past its absolute lifetime, it may not. */
export function sessionState(row: Pick<SessionRow, "createdAt" | "lastSeenAt">, now: Date, limits: SessionLimits): SessionState {
  if (now.getTime() - row.createdAt.getTime() >= limits.absoluteHours * 3_600_000) return "expired";
  if (now.getTime() - row.lastSeenAt.getTime() >= limits.idleMinutes * 60_000) return "idle";
  return "active";
}

/**
 * Finds the session a cookie names and who is signed in to it (null before sign-in, or when the
 * account has been disabled), in one query that also reads the data versions' fingerprint (see
 * db/data-versions.ts); an expired session is deleted and not returned.
 */
export async function resumeSession(db: Database, secret: string, limits: SessionLimits, now = systemClock.now()): Promise<{ session: Session; actor: Actor | null; dataVersions: string } | null> {
  const idHash = hashOf(secret);
  const found = await repository.findSessionWithActor(db, idHash);
  if (!found) return null;
  const { session: row, actor, dataVersions } = found;
  if (sessionState(row, now, limits) !== "active") {
    await repository.deleteSession(db, idHash);
    return null;
  }
  // Recording every request would write on every page; a minute's precision is enough for the idle limit.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await repository.updateSession(db, idHash, { lastSeenAt: now });
    row.lastSeenAt = now;
  }
  return { session: { secret, row }, actor: actorFrom(actor), dataVersions };
}

/** Signing in always starts a new session (a new id), so an id planted before sign-in is worthless. */
export async function rotateSession(db: Database, previous: Session | null, userId: number, now = systemClock.now()): Promise<Session> {
  if (previous) await repository.deleteSession(db, previous.row.idHash);
  return startSession(db, userId, {}, now);
}

export async function endSession(db: Database, session: Session): Promise<void> {
  await repository.deleteSession(db, session.row.idHash);
}

export async function setSessionData(db: Database, session: Session, data: Record<string, string>): Promise<void> {
  session.row.data = data;
  await repository.updateSession(db, session.row.idHash, { data });
}

/** Deletes the sessions that can no longer be used, idle too long or past their lifetime; answers how many. */
export async function removeIdleSessions(db: Database, limits: SessionLimits, now = systemClock.now()): Promise<number> {
  return repository.deleteSessionsOutOfTime(db, new Date(now.getTime() - limits.idleMinutes * 60_000), new Date(now.getTime() - limits.absoluteHours * 3_600_000));
}

export function csrfTokenMatches(session: Session | null, submitted: unknown): boolean {
  if (!session || typeof submitted !== "string") return false;
  const expected = Buffer.from(session.row.csrfToken);
  const given = Buffer.from(submitted);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
