import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { UnreadableFileError } from "../../core/file-problems.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors, multipartValue, uploadedFile } from "../../web/forms.ts";
import { contextOf } from "../access/index.ts";
import { importNeighbourModel, importOfstedJudgements, neighbourSetName } from "./benchmark-import.ts";
import { oglNotice } from "./ogl.ts";
import { manage } from "./route-support.ts";

/**
 * Reference data behind the benchmarks, uploaded in the app: DfE's statistical-neighbour model
 * (a dated set a year) and Ofsted's latest judgement of each council (for the mean of councils
 * judged good or outstanding).
 */
export function referenceDataRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  const page = (reply: FastifyReply, status: number, extra: Record<string, unknown> = {}) =>
    reply.code(status).render("measures/reference-import.njk", { pageTitle: "Import statistical neighbours and Ofsted judgements", section: "measures", oglNotice, values: {}, ...extra });

  const context = (request: FastifyRequest) => {
    if (!request.actor) throw new Error("imports need a signed-in actor");
    return contextOf(request.actor, request.id);
  };

  app.get("/measures/reference-data", manage, (_request, reply) => page(reply, 200));

  app.post("/measures/reference-data/neighbours", manage, async (request, reply) => {
    const yearText = multipartValue(request.body, "year");
    const year = Number(yearText);
    const file = uploadedFile(request.body);
    const problems = {
      ...(!/^\d{4}$/.test(yearText) || year < 2000 || year > 2100 ? { year: "Enter the year DfE published the model, like 2025" } : {}),
      ...(!file ? { file: "Select DfE's statistical-neighbour model (sn_model_YEAR_wide.csv)" } : {}),
    };
    if (!file || Object.keys(problems).length > 0) return page(reply, 400, { values: { year: yearText }, errors: fieldErrors(problems) });
    try {
      const result = await importNeighbourModel(db, context(request), { content: await file.toBuffer(), year, name: neighbourSetName(year) });
      return page(reply, 200, { neighbours: { ...result, year, fileName: file.filename } });
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      return page(reply, 400, { values: { year: yearText }, errors: fieldErrors({ file: `${file.filename} was not imported; nothing has changed. ${error.message}` }) });
    }
  });

  app.post("/measures/reference-data/ofsted", manage, async (request, reply) => {
    const file = uploadedFile(request.body, "workbook");
    if (!file) return page(reply, 400, { errors: fieldErrors({ workbook: "Select Ofsted's ILACS overview workbook (.xlsx)" }) });
    try {
      const councils = await importOfstedJudgements(db, context(request), await file.toBuffer());
      return page(reply, 200, { ofsted: { councils, fileName: file.filename } });
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      return page(reply, 400, { errors: fieldErrors({ workbook: `${file.filename} was not imported; nothing has changed. ${error.message}` }) });
    }
  });
}
