import type { FastifyRequest } from "fastify";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { activeAccounts, can, contextOf } from "../access/index.ts";

/** What the risks module's pages share: the rules routes name, who is asking, today, and the people records can be given to. */

export const read = { config: { policy: "risks:read" as const } };
export const recordRule = { config: { policy: "risks:record" as const } };
export const manage = { config: { policy: "risks:manage" as const } };
/** A risk's or an action's changes: for its owner, whatever their role, and for plan editors (checked on the record). */
export const ownerOrManager = { config: { policy: "signed-in" as const } };

export type FormValues = Record<string, unknown>;

/** What the app gives the risks module's routes: the database, the clock, and the Chromium papers are printed to PDF with (a path, null for none, absent to look for one). */
export interface RiskRouteOptions {
  db: Database;
  clock: Clock;
  chromium?: string | null;
}

export function actorOf(request: FastifyRequest) {
  if (!request.actor) throw new Error("risk pages need a signed-in actor");
  return request.actor;
}

export const changeContext = (request: FastifyRequest) => contextOf(actorOf(request), request.id);

export const mayManage = (request: FastifyRequest) => can(request.actor, "risks:manage");

export const todayOf = (clock: Clock) => londonDateOf(clock.now());

/** The accounts a risk or an action can be given to: every enabled one, by name. */
export const owners = (db: Database) => activeAccounts(db);

/** The owners as a select's options, the first asking for a choice. */
export async function ownerOptions(db: Database, first = "Choose the owner") {
  return [{ value: "", text: first }, ...(await owners(db)).map((a) => ({ value: String(a.id), text: a.displayName }))];
}
