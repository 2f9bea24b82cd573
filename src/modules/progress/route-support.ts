import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { statusColours, statusLabels } from "../../core/milestone-status.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import { stateLabels } from "../../core/progress-workflow.ts";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { idParam, paramsOf, savedMessageOf, yearParam } from "../../web/inputs.ts";
import * as plans from "../plan/index.ts";
import { decisionLabels } from "./review.ts";
import * as progress from "./service.ts";

export const read = { config: { policy: "plan:read" as const } };
export const write = { config: { policy: "progress:write" as const } };
export const approve = { config: { policy: "progress:approve" as const } };
export const manage = { config: { policy: "progress:manage" as const } };
export const review = { config: { policy: "plan:edit" as const } };

/** A period's or an update's address: `/progress/periods/4`, `/progress/updates/12/submit`. */
export const idParams = z.object({ id: idParam });
export const priorityParams = z.object({ id: idParam, number: idParam });
export const yearParams = z.object({ year: yearParam });
export const priorityNumberParams = z.object({ number: idParam });

/** What the views need to show statuses and states as tags with words. */
export const vocabulary = { statusLabels, statusColours, stateLabels, decisionLabels };

/** The banner on the page a person lands on after each step, read from `?saved=`. */
export const savedMessages = {
  draft: "Your draft has been saved. It is not published: submit it for approval when it is ready.",
  submitted: "The update has been submitted for approval",
  approved: "The update has been approved and is now published",
  returned: "The update has been returned to its lead with your comment",
} as const;
export type SavedKey = keyof typeof savedMessages;

export function bannerOf(request: FastifyRequest): { saved?: true; savedMessage?: string } {
  const savedMessage = savedMessageOf(request, savedMessages);
  return savedMessage === undefined ? {} : { saved: true, savedMessage };
}

/** What every progress route is given: the database and the clock. */
export interface ProgressRouteOptions {
  db: Database;
  clock: Clock;
}

/** The helpers the progress routes share: today's date, the signed-in actor, and the period or update an address names. */
export function progressRouteSupport({ db, clock }: ProgressRouteOptions) {
  const today = () => clock.now().toISOString().slice(0, 10);
  const londonToday = () => londonDateOf(clock.now());
  const actorOf = (request: FastifyRequest) => {
    if (!request.actor) throw new Error("progress pages need a signed-in actor");
    return request.actor;
  };

  async function loadPeriod(request: FastifyRequest) {
    const params = paramsOf(request, idParams);
    const period = params ? await progress.findPeriod(db, params.id) : undefined;
    return period ? progress.describePeriod(period) : null;
  }

  async function loadPriorityUpdate(request: FastifyRequest) {
    const params = paramsOf(request, priorityParams);
    if (!params) return null;
    const period = await progress.findPeriod(db, params.id);
    const priority = period ? await plans.findPriority(db, period.planId, params.number) : undefined;
    return period && priority ? progress.priorityUpdateOf(db, period, priority, londonToday()) : null;
  }

  return { today, londonToday, actorOf, loadPeriod, loadPriorityUpdate };
}
