import type { FastifyInstance } from "fastify";
import type { Database } from "../../db/client.ts";
import { apiMeasureDetail, apiMeasureList } from "./api-view.ts";
import { measureCodeOf, read } from "./route-support.ts";

const notFound = { error: "There is no measure with that code" };

/** The read-only API for other tools (Power BI, Excel): the same figures as the pages, as JSON. */
export function apiRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  app.get("/api/measures", read, async (_request, reply) => reply.send(await apiMeasureList(db)));

  app.get("/api/measures/:code", read, async (request, reply) => {
    const code = measureCodeOf(request);
    const measure = code ? await apiMeasureDetail(db, code) : null;
    if (!measure) return reply.code(404).send(notFound);
    return reply.send(measure);
  });
}
