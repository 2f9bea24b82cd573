import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { viewsBeside, type AppModule } from "../../web/app-module.ts";
import { progressActions } from "./actions.ts";

/** The progress module: reporting periods, progress updates and their workflow. */

export { progressActions } from "./actions.ts";
export * from "./service.ts";
export { loadProgress, readProgressFolder } from "./progress-files.ts";

export const progressModule = {
  name: "progress",
  views: viewsBeside(import.meta.url),
  actions: progressActions,
  routes: async (app, options) => (await import("./routes.ts")).progressRoutes(app, options),
} satisfies AppModule<{ db: Database; clock: Clock }>;
