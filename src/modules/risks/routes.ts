import type { FastifyInstance } from "fastify";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { exportRoutes } from "./export-routes.ts";
import { riskRoutes } from "./risk-routes.ts";
import { scaleRoutes } from "./scale-routes.ts";

/** The risks module's pages: the register, heat map and each risk; the scale; the register as a workbook; boards, meetings and their actions. */
export function risksRoutes(app: FastifyInstance, options: { db: Database; clock: Clock }): void {
  riskRoutes(app, options);
  scaleRoutes(app, options);
  exportRoutes(app, options);
}
