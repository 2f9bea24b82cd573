import type { FastifyInstance } from "fastify";
import type { Database } from "../../db/client.ts";
import { fieldErrors, multipartValue, uploadedFile } from "../../web/forms.ts";
import { referenceDataPage, referenceFileSender, referenceImportPages, type ReferenceQueue } from "./reference-import-routes.ts";
import { manage } from "./route-support.ts";

/**
 * Reference data behind the benchmarks, uploaded in the app: DfE's statistical-neighbour model
 * (a dated set a year) and Ofsted's latest judgement of each council (for the mean of councils
 * judged good or outstanding). The form is checked at once; the file is kept and a job imports it,
 * followed by a page (see reference-import-routes.ts), as is a DfE statistics file.
 */
export function referenceDataRoutes(app: FastifyInstance, deps: { db: Database; queue: ReferenceQueue }): void {
  const send = referenceFileSender(deps);

  app.get("/measures/reference-data", manage, (_request, reply) => referenceDataPage(reply, 200));

  app.post("/measures/reference-data/neighbours", manage, async (request, reply) => {
    const yearText = multipartValue(request.body, "year");
    const year = Number(yearText);
    const file = uploadedFile(request.body);
    const problems = {
      ...(!/^\d{4}$/.test(yearText) || year < 2000 || year > 2100 ? { year: "Enter the year DfE published the model, like 2025" } : {}),
      ...(!file ? { file: "Select DfE's statistical-neighbour model (sn_model_YEAR_wide.csv)" } : {}),
    };
    if (!file || Object.keys(problems).length > 0) return referenceDataPage(reply, 400, { values: { year: yearText }, errors: fieldErrors(problems) });
    return reply.redirect(await send(request, { kind: "neighbour-model", fileName: file.filename, content: await file.toBuffer(), year }), 303);
  });

  app.post("/measures/reference-data/ofsted", manage, async (request, reply) => {
    const file = uploadedFile(request.body, "workbook");
    if (!file) return referenceDataPage(reply, 400, { errors: fieldErrors({ workbook: "Select Ofsted's ILACS overview workbook (.xlsx)" }) });
    return reply.redirect(await send(request, { kind: "ofsted-judgements", fileName: file.filename, content: await file.toBuffer() }), 303);
  });

  referenceImportPages(app, deps);
}
