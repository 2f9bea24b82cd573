import type { FastifyInstance } from "fastify";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { exportRoutes } from "./export-routes.ts";

/** The risks module's pages: the register, heat map and each risk; the scale; boards, meetings and their actions. */
export async function risksRoutes(app: FastifyInstance, options: { db: Database; clock: Clock }): Promise<void> {
  await Promise.resolve();
  exportRoutes(app, options);
}
