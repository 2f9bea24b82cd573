import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { viewsBeside, type AppModule } from "../../web/app-module.ts";

/** The home module: each person's home page, by role. It defines no actions of its own. */

export const homeModule = {
  name: "home",
  views: viewsBeside(import.meta.url),
  actions: [],
  routes: async (app, options) => (await import("./routes.ts")).homeRoutes(app, options),
} satisfies AppModule<{ db: Database; clock: Clock }>;
