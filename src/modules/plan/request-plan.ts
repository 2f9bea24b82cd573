import type { FastifyInstance } from "fastify";
import type { Database } from "../../db/client.ts";
import { currentPlanSummary, type PlanSummary } from "./service.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The current plan's header facts, looked up at most once a request; null when no plan is loaded. */
    currentPlan(): Promise<PlanSummary | null>;
  }
}

/**
 * Gives each request its current plan, read the first time a route or the page layout asks for it
 * and kept for the rest of the request. A database that fails is the request's failure, not a page
 * without a plan.
 */
export function planPerRequest(app: FastifyInstance, db: Database): void {
  app.decorateRequest("currentPlan", function unresolved(): Promise<PlanSummary | null> {
    throw new Error("The current plan is read only once the request has begun");
  });
  app.addHook("onRequest", async (request) => {
    let plan: Promise<PlanSummary | null> | undefined;
    request.currentPlan = () => (plan ??= currentPlanSummary(db));
  });
}
