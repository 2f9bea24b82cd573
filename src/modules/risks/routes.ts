import type { FastifyInstance } from "fastify";
import { actionRoutes } from "./action-routes.ts";
import { boardRoutes } from "./board-routes.ts";
import { exportRoutes } from "./export-routes.ts";
import { meetingRoutes } from "./meeting-routes.ts";
import { papersRoutes } from "./papers-routes.ts";
import type { RiskRouteOptions } from "./route-context.ts";
import { riskRoutes } from "./risk-routes.ts";
import { scaleRoutes } from "./scale-routes.ts";

/** The risks module's pages: the register, heat map and each risk; the scale; the register as a workbook; boards, meetings and their actions; a meeting's papers as Word and PDF. */
export function risksRoutes(app: FastifyInstance, options: RiskRouteOptions): void {
  riskRoutes(app, options);
  scaleRoutes(app, options);
  exportRoutes(app, options);
  boardRoutes(app, options);
  actionRoutes(app, { ...options, meetingPage: meetingRoutes(app, options) });
  papersRoutes(app, options);
}
