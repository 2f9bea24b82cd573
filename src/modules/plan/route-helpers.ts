import { randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors } from "../../web/forms.ts";
import { idParam, paramsOf, savedMessageOf } from "../../web/inputs.ts";
import { conflictPage } from "../../web/conflict.ts";
import { contextOf, historyOf, type ChangeContext } from "../access/index.ts";
import { StaleFormError } from "./adding.ts";
import * as repository from "./repository.ts";
import type { PlanSummary } from "./service.ts";

/** What every plan route is given: the database, and the clock that says when a record is retired or a file written. */
export interface PlanRouteOptions {
  db: Database;
  clock: Clock;
}

/** What the plan's editing pages share: their rules, how they find their records, and how they answer. */

export const edit = { config: { policy: "plan:edit" as const } };
export const history = { config: { policy: "history:read" as const } };
export const idParams = z.object({ id: idParam });

/** A priority's address: `/priorities/3`. */
export const priorityParams = z.object({ number: idParam });

/** The values a form shows: what the user typed, so a refused form never loses their work. */
export type FormValues = Record<string, unknown>;

/** A new token for an "add" form, so that sending it twice adds one record. */
export const newFormToken = (): string => randomUUID();

/** The banner on the page a person lands on after a save, read from `?saved=`. */
const savedMessages = {
  "1": "Your change has been saved",
  "plan-created": "The plan has been created. Add its priorities next.",
  "plan-saved": "The plan's details have been saved",
  "priority-added": "The priority has been added to the end of the plan",
  "priority-moved": "The priority has been moved",
  "priority-retired": "The priority has been retired. It is kept, with its history, under Retired priorities.",
  "milestone-added": "The milestone has been added",
  "milestone-moved": "The milestone has been moved",
  "milestone-retired": "The milestone has been retired. It is kept, with its history, under the year's retired milestones.",
  "outcome-added": "The outcome has been added",
  "outcome-moved": "The outcome has been moved",
  "outcome-retired": "The outcome has been retired. It is kept, with its history, under Retired outcomes.",
  "indicator-added": "The key indicator has been added",
  "indicator-saved": "The key indicator has been saved",
  "indicator-moved": "The key indicator has been moved",
  "indicator-retired": "The key indicator has been retired. It is kept, with its history, under Retired key indicators.",
  "end-state-added": "The end state has been added",
  "end-state-saved": "The end state has been saved",
  "end-state-moved": "The end state has been moved",
  "end-state-retired": "The end state has been retired. It is kept, with its history, under Retired parts of the end state.",
  "already-added": "That form had already been sent, so nothing more was added: what it added is shown here",
} as const;

export type SavedKey = keyof typeof savedMessages;

export function bannerOf(request: FastifyRequest): { banner?: string } {
  const banner = savedMessageOf(request, savedMessages);
  return banner === undefined ? {} : { banner };
}

/** The address to go to after an add: the record's place, with the banner for a first or a repeated sending. */
export function afterAdd(path: string, added: { repeated: boolean }, key: SavedKey, anchor = ""): string {
  return `${path}?saved=${added.repeated ? "already-added" : key}${anchor}`;
}

/** The helpers of the plan's editing routes, over one database. */
export function planPages(db: Database) {
  return {
    /** Runs `work` with the current plan, or answers "Page not found" when there is none. */
    async withPlan(reply: FastifyReply, work: (plan: PlanSummary) => Promise<unknown>): Promise<unknown> {
      const plan = await reply.request.currentPlan();
      if (!plan) return reply.callNotFound();
      return work(plan);
    },

    /** The current plan's priority named in the address (`/priorities/3/…`). */
    async priorityByNumber(request: FastifyRequest, plan: PlanSummary) {
      const params = paramsOf(request, priorityParams);
      return params ? repository.findPriority(db, plan.id, params.number) : undefined;
    },

    /** The current plan's priority named in the address, if it is still in the plan. */
    async activePriority(request: FastifyRequest, plan: PlanSummary) {
      const priority = await this.priorityByNumber(request, plan);
      return priority && priority.retiredAt === null ? priority : undefined;
    },

    context(request: FastifyRequest): ChangeContext {
      if (!request.actor) throw new Error("editing needs a signed-in actor");
      return contextOf(request.actor, request.id);
    },

    /** The stale-save page: what the other person saved, beside what this person tried to save. */
    conflictPage,

    /** A record's history: who changed what, when. */
    async historyPage(reply: FastifyReply, recordType: string, recordId: number, page: { pageTitle: string; backHref: string; recordLabel: string }) {
      return reply.render("access/history.njk", { ...page, entries: await historyOf(db, recordType, recordId) });
    },

    /**
     * Runs an add; a form sent with another form's token (or one whose record has gone) is shown
     * again with a fresh token and a message to send it again.
     */
    async adding<T>(reply: FastifyReply, template: string, view: Record<string, unknown> & { values: FormValues }, add: () => Promise<T>, done: (added: T) => string): Promise<unknown> {
      try {
        return reply.redirect(done(await add()), 303);
      } catch (error) {
        if (!(error instanceof StaleFormError)) throw error;
        return reply.code(409).render(template, { ...view, values: { ...view.values, formToken: newFormToken() }, errors: fieldErrors({ formToken: error.message }) });
      }
    },
  };
}
