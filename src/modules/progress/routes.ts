import type { FastifyInstance } from "fastify";
import { historyRoutes } from "./history-routes.ts";
import { periodRoutes } from "./period-routes.ts";
import type { ProgressRouteOptions } from "./route-support.ts";
import { reviewRoutes } from "./review-routes.ts";
import { serviceUpdateRoutes } from "./service-update-routes.ts";
import { updateRoutes } from "./update-routes.ts";

/** The progress module's pages, a file per concern. */
export function progressRoutes(app: FastifyInstance, options: ProgressRouteOptions): void {
  periodRoutes(app, options);
  updateRoutes(app, options);
  serviceUpdateRoutes(app, options);
  historyRoutes(app, options);
  reviewRoutes(app, options);
}
