import type { FastifyInstance } from "fastify";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { actionRoutes } from "./action-routes.ts";
import { boardRoutes } from "./board-routes.ts";
import { meetingRoutes } from "./meeting-routes.ts";

/** The risks module's pages: the register, heat map and each risk; the scale; boards, meetings and their actions. */
export async function risksRoutes(app: FastifyInstance, options: { db: Database; clock: Clock }): Promise<void> {
  boardRoutes(app, options);
  actionRoutes(app, { ...options, meetingPage: meetingRoutes(app, options) });
  await Promise.resolve();
}
