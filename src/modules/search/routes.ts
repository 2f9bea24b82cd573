import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Database } from "../../db/client.ts";
import { searchQuerySchema } from "../plan/index.ts";
import { searchEverything } from "./service.ts";

const read = { config: { policy: "plan:read" as const } };

/** What was typed in the box, to show again beside why it was refused: "" when it is not text. */
const typedQuery = z.object({ q: z.string().catch("") }).catch({ q: "" });

/** The search page: one box for the plan, the measures, progress and issued reports. */
export function searchRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  app.get("/search", read, async (request, reply) => {
    const query = searchQuerySchema.safeParse(request.query);
    if (!query.success) {
      return reply.code(400).render("search/search.njk", {
        pageTitle: "Search",
        query: typedQuery.parse(request.query).q,
        groups: [],
        errorSummary: query.error.issues[0]?.message ?? "Enter what to search for",
      });
    }
    const view = await searchEverything(db, query.data.q);
    if (!view) return reply.code(404).render("plan/no-plan.njk", { pageTitle: "No plan loaded" });
    return reply.render("search/search.njk", { pageTitle: view.query ? `Search: ${view.query}` : "Search", plan: view.summary, ...view });
  });
}
