import type { Database } from "../../db/client.ts";
import { viewsBeside, type AppModule } from "../../web/app-module.ts";

/** The search module: one search across the plan, progress, measures and issued reports. It defines no actions of its own. */

export const searchModule = {
  name: "search",
  views: viewsBeside(import.meta.url),
  actions: [],
  routes: async (app, options) => (await import("./routes.ts")).searchRoutes(app, options),
} satisfies AppModule<{ db: Database }>;
