import type { FastifyInstance } from "fastify";
import type { Database } from "../../db/client.ts";
import { can } from "../access/index.ts";
import { scorecardCsv, scorecardXlsx } from "./exports.ts";
import { read } from "./route-support.ts";
import { exceptionsPage, exportedRows, scorecardPage, scorecardPageQuery, scorecardQuery } from "./scorecard-view.ts";

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The scorecard, its filters and its CSV and Excel downloads, and the data exceptions page. */
export function scorecardRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  app.get("/measures", read, async (request, reply) => {
    const { page, ...q } = scorecardPageQuery.parse(request.query);
    return reply.renderKept("measures/scorecard.njk", () => scorecardPage(db, q, page, can(request.actor, "measures:manage")));
  });

  app.get("/measures.csv", read, async (request, reply) => {
    const rows = await exportedRows(db, scorecardQuery.parse(request.query));
    return reply.type("text/csv; charset=utf-8").header("content-disposition", 'attachment; filename="waymark-scorecard.csv"').send(scorecardCsv(rows));
  });

  app.get("/measures.xlsx", read, async (request, reply) => {
    const rows = await exportedRows(db, scorecardQuery.parse(request.query));
    return reply.type(xlsxType).header("content-disposition", 'attachment; filename="waymark-scorecard.xlsx"').send(await scorecardXlsx(rows));
  });

  app.get("/measures/exceptions", read, async (_request, reply) => reply.render("measures/exceptions.njk", await exceptionsPage(db)));
}
