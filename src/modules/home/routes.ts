import type { FastifyInstance } from "fastify";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { can, roleLabels } from "../access/index.ts";
import { stateLabels } from "../../core/progress-workflow.ts";
import { ragLabels } from "../../core/rag.ts";
import { variationLabels } from "../measures/index.ts";
import { homePage } from "./service.ts";

/** Anyone signed in has a home page; each section shows only what that role may see. */
const signedIn = { config: { policy: "signed-in" as const } };

/** The words of a lead's update states, as the home page lists them. */
const updateStateLabels = { ...stateLabels, missing: "Not started", returned: "Returned with comment" };

/** The first page after signing in: what waits for this person, by role. */
export function homeRoutes(app: FastifyInstance, { db, clock }: { db: Database; clock: Clock }): void {
  app.get("/home", signedIn, async (request, reply) => {
    const actor = request.actor;
    if (!actor) throw new Error("the home page needs a signed-in actor");
    const plan = await request.currentPlan();
    if (!plan) return reply.code(404).render("plan/no-plan.njk", { pageTitle: "No plan loaded" });
    const view = await homePage(db, actor, plan, londonDateOf(clock.now()));
    return reply.render("home/home.njk", {
      pageTitle: "Your work",
      section: "home",
      ...view,
      roleLabels,
      updateStateLabels,
      ragLabels,
      variationLabels,
      canEnterValues: can(actor, "measures:manage"),
    });
  });
}
