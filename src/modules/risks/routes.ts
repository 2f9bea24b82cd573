import type { FastifyInstance } from "fastify";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { actionRoutes } from "./action-routes.ts";
import { boardRoutes } from "./board-routes.ts";
import { exportRoutes } from "./export-routes.ts";
import { meetingRoutes } from "./meeting-routes.ts";
import { riskRoutes } from "./risk-routes.ts";
import { scaleRoutes } from "./scale-routes.ts";

/** The risks module's pages: the register, heat map and each risk; the scale; the register as a workbook; boards, meetings and their actions. */
export function risksRoutes(app: FastifyInstance, options: { db: Database; clock: Clock }): void {
  riskRoutes(app, options);
  scaleRoutes(app, options);
  exportRoutes(app, options);
  boardRoutes(app, options);
  actionRoutes(app, { ...options, meetingPage: meetingRoutes(app, options) });
}
