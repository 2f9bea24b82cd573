import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { planYearLabel } from "../../core/plan-years.ts";
import type { Database } from "../../db/client.ts";
import { idParam, paramsOf } from "../../web/inputs.ts";
import { fieldErrors } from "../../web/forms.ts";
import { contextOf } from "../access/index.ts";
import { caseImportRoutes, type CaseImportQueue } from "./import-routes.ts";
import { figureRoutes } from "./figure-routes.ts";
import { extractSources } from "./loading.ts";
import { tableHeadings } from "./record-words.ts";
import type { ExtractRecord } from "./repository.ts";
import { childRecord, findExtract, listExtracts } from "./service.ts";
import type { StoreTableName } from "./store-repository.ts";

const importing = { config: { policy: "casework:import" as const } };
const reading = { config: { policy: "casework:read" as const } };

const councilCode = z.string().trim().regex(/^\d{3}$/, "Enter the council's three-digit DfE code, like 879");
const pseudonym = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{24}$/, "Enter the child's pseudonymous id: 24 letters and digits, like 3f9a0c1d2e4b5a6978c0d1e2");
const childParams = z.object({ la: councilCode, id: pseudonym });

/** An extract as its list and page show it: its source in words, its year, its rows in all. */
function extractView(extract: ExtractRecord) {
  const tables = Object.entries(extract.rowCounts).map(([table, moved]) => ({
    heading: tableHeadings[table as StoreTableName] ?? table,
    ...moved,
    rows: moved.added + moved.changed + moved.unchanged,
  }));
  return {
    ...extract,
    sourceWords: extractSources[extract.source as keyof typeof extractSources] ?? extract.source,
    yearLabel: extract.collectionYear === null ? null : planYearLabel(extract.collectionYear - 1),
    tables,
    rows: tables.reduce((sum, table) => sum + table.rows, 0),
    dropped: Object.entries(extract.dropped).map(([field, values]) => ({ field, values })),
  };
}

/** The case records pages: the imports and what each held, and each child's record for those allowed to see it. */
export function caseworkRoutes(app: FastifyInstance, { db, queue }: { db: Database; queue: CaseImportQueue }): void {
  caseImportRoutes(app, { db, queue });
  figureRoutes(app, { db });
  app.get("/casework", importing, async (_request, reply) => {
    const extracts = (await listExtracts(db)).map(extractView);
    return reply.render("casework/extracts.njk", { pageTitle: "Case records", section: "casework", extracts });
  });

  app.get("/casework/extracts/:id", importing, async (request, reply) => {
    const params = paramsOf(request, z.object({ id: idParam }));
    const extract = params ? await findExtract(db, params.id) : undefined;
    if (!extract) return reply.callNotFound();
    const query = request.query as Record<string, unknown>;
    const justImported = query.imported !== undefined ? "imported" : query.already !== undefined ? "already" : null;
    return reply.render("casework/extract.njk", { pageTitle: `Import of ${extract.label}`, section: "casework", extract: extractView(extract), justImported });
  });

  app.get("/casework/children", reading, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    if (query.id === undefined) return reply.render("casework/find-child.njk", { pageTitle: "Find a child's record", section: "casework", values: { la: (await request.currentPlan())?.oldLaCode ?? "" } });
    const parsed = childParams.safeParse(query);
    if (!parsed.success) {
      const errors = fieldErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])));
      return reply.code(400).render("casework/find-child.njk", { pageTitle: "Find a child's record", section: "casework", values: query, errors });
    }
    return reply.redirect(`/casework/children/${parsed.data.la}/${parsed.data.id}`, 303);
  });

  app.get("/casework/children/:la/:id", reading, async (request, reply) => {
    const params = paramsOf(request, childParams);
    if (!params) return reply.callNotFound();
    const actor = request.actor;
    if (!actor) throw new Error("a child's record needs a signed-in actor");
    const record = await childRecord(db, { ...contextOf(actor, request.id), userId: actor.id }, params.la, params.id, "opened the child's case record");
    if (!record) {
      const errors = fieldErrors({ id: `No child with the id ${params.id} is in council ${params.la}'s case records` });
      return reply.code(404).render("casework/find-child.njk", { pageTitle: "Find a child's record", section: "casework", values: params, errors });
    }
    return reply.render("casework/child.njk", { pageTitle: `Child ${params.id}`, section: "casework", record });
  });
}
