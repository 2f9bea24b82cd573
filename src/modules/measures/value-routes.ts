import type { FastifyInstance } from "fastify";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors, multipartValue, uploadedFile } from "../../web/forms.ts";
import { paramsOf } from "../../web/inputs.ts";
import { dfeTarget } from "./benchmark-import.ts";
import { enterValues, entryPage, lastMonthEnd, periodQuery } from "./entry-view.ts";
import { problemCounts } from "./file-reading/problems.ts";
import { benchmarkImportPage, importRecordPage, measureCodes, valueImportPage } from "./import-view.ts";
import { importApplyingRoutes } from "./import-applying-routes.ts";
import { referenceFileSender, type ReferenceQueue } from "./reference-import-routes.ts";
import { actorOf, bodyOf, manage } from "./route-support.ts";
import { importParams } from "./schemas.ts";
import { templateCsv, templateXlsx } from "./value-import.ts";

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Values: imported from a file, typed into the grid, and DfE statistics imported for benchmarks. */
export function valueRoutes(app: FastifyInstance, { db, queue, clock }: { db: Database; queue: ReferenceQueue; clock: Clock }): void {
  app.get("/measures/import", manage, async (_request, reply) => reply.render("measures/import.njk", valueImportPage()));

  app.get("/measures/template.csv", manage, async (_request, reply) =>
    reply.type("text/csv; charset=utf-8").header("content-disposition", 'attachment; filename="waymark-values-template.csv"').send(templateCsv(await measureCodes(db))),
  );

  app.get("/measures/template.xlsx", manage, async (_request, reply) =>
    reply.type(xlsxType).header("content-disposition", 'attachment; filename="waymark-values-template.xlsx"').send(await templateXlsx(await measureCodes(db))),
  );

  app.get("/measures/imports/:id", manage, async (request, reply) => {
    const id = paramsOf(request, importParams)?.id;
    const view = id === undefined ? null : await importRecordPage(db, id);
    return view ? reply.render("measures/import-record.njk", view) : reply.callNotFound();
  });

  importApplyingRoutes(app, { db, queue });

  app.get("/measures/entry", manage, async (request, reply) => {
    const period = periodQuery.parse(request.query).period || lastMonthEnd(clock.now());
    return reply.render("measures/entry.njk", await entryPage(db, period, null));
  });

  app.post("/measures/entry", manage, async (request, reply) => {
    const { status, view } = await enterValues(db, actorOf(request), request.id, bodyOf(request), clock.now());
    return reply.code(status).render("measures/entry.njk", view);
  });

  const sendDfeFile = referenceFileSender({ db, queue });

  app.get("/measures/benchmarks/import", manage, async (_request, reply) => reply.render("measures/benchmark-import.njk", await benchmarkImportPage(db, {})));

  app.post("/measures/benchmarks/import", manage, async (request, reply) => {
    const code = multipartValue(request.body, "measure");
    const file = uploadedFile(request.body);
    // The page as it stood before the import, which is what the person chose from.
    const page = await benchmarkImportPage(db, { measure: code });
    if (!code || !file) {
      const errors = fieldErrors({ ...(!code ? { measure: "Select the measure the file is for" } : {}), ...(!file ? { file: "Select the DfE CSV file to import" } : {}) });
      return reply.code(400).render("measures/benchmark-import.njk", { ...page, errors });
    }
    // The measure is checked at once; the file is kept, and a job reads and imports it.
    const target = await dfeTarget(db, code);
    if ("refused" in target) return reply.code(400).render("measures/benchmark-import.njk", { ...page, result: target.refused, counts: problemCounts(target.refused), fileName: file.filename });
    return reply.redirect(await sendDfeFile(request, { kind: "dfe-statistics", fileName: file.filename, content: await file.toBuffer(), measureCode: target.measure.code }), 303);
  });
}
