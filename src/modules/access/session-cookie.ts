import "@fastify/cookie";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Config } from "../../config.ts";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { dataVersionsKnown } from "../../web/request-versions.ts";
import { resumeSession, sessionCookieName, startSession, type Session } from "./sessions.ts";

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
  secureCookie: boolean;
}

export const defaultSessionSettings: Config["session"] = { idleMinutes: 30, absoluteHours: 12, secureCookie: false };

/** Finds the request's session from its cookie, and the person signed in to it. */
export function sessionLoading(app: FastifyInstance, db: Database, settings: SessionSettings, clock: Clock): void {
  app.decorateRequest("session", null);
  app.decorateRequest("actor", null);
  app.addHook("onRequest", async (request) => {
    if (request.url.startsWith("/assets/") || request.url === "/health") return;
    const secret = request.cookies[sessionCookieName];
    if (!secret) return;
    const resumed = await resumeSession(db, secret, settings, clock.now());
    request.session = resumed?.session ?? null;
    request.actor = resumed?.actor ?? null;
    if (resumed) dataVersionsKnown(request, resumed.dataVersions);
  });
}

export function setSessionCookie(reply: FastifyReply, session: Session, settings: SessionSettings): void {
  reply.setCookie(sessionCookieName, session.secret, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: settings.secureCookie,
    maxAge: settings.absoluteHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, settings: SessionSettings): void {
  reply.clearCookie(sessionCookieName, { path: "/", httpOnly: true, sameSite: "lax", secure: settings.secureCookie });
}

/** The request's session, starting an anonymous one (for the CSRF token of a sign-in form) if it has none. */
export async function ensureSession(db: Database, request: { session: Session | null }, reply: FastifyReply, settings: SessionSettings, clock: Clock): Promise<Session> {
  if (request.session) return request.session;
  const session = await startSession(db, null, {}, clock.now());
  request.session = session;
  setSessionCookie(reply, session, settings);
  return session;
}
