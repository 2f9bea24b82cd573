import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { viewsBeside, type AppModule } from "../../web/app-module.ts";
import { planActions } from "./actions.ts";

/** The plan module: the plan, its priorities, milestones and outcomes, Ofsted areas and the voice of children. */

export { planActions } from "./actions.ts";
export * from "./service.ts";
export { editMilestone } from "./editing.ts";
export { exportPlan } from "./plan-export.ts";
export { readPlanFolder } from "./plan-files.ts";
export { planPerRequest } from "./request-plan.ts";
export { searchQuerySchema, type PlanFiles } from "./schemas.ts";

export const planModule = {
  name: "plan",
  views: viewsBeside(import.meta.url),
  actions: planActions,
  routes: async (app, options) => {
    const [{ planRoutes }, { planEditRoutes }, { planSetupRoutes }, { planArrangementRoutes }, { successEditRoutes }] = await Promise.all([
      import("./routes.ts"),
      import("./edit-routes.ts"),
      import("./setup-routes.ts"),
      import("./arrangement-routes.ts"),
      import("./success-routes.ts"),
    ]);
    planRoutes(app, options);
    planEditRoutes(app, options);
    planSetupRoutes(app, options);
    planArrangementRoutes(app, options);
    successEditRoutes(app, options);
  },
} satisfies AppModule<{ db: Database; clock: Clock }>;
