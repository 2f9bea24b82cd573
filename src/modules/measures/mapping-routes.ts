import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { FileProblemsError, UnreadableFileError } from "../../core/file-problems.ts";
import { httpStatusOf, UserError } from "../../core/problems.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors, uploadedFile, type FormErrors } from "../../web/forms.ts";
import { idParam, paramsOf } from "../../web/inputs.ts";
import { contextOf } from "../access/index.ts";
import { applyMappingFile, findMappingOf, MappingConflict, mappingFileText, previewMappingOf, readMappingText, saveMapping } from "./benchmark-mappings.ts";
import { readTable, type Sheet } from "./file-reading/read-table.ts";
import { describeColumns, previewMapping, type FileColumns } from "./mapping-preview.ts";
import { draftForm, formValuesOf, mappingFromForm, mappingInWords, mappingPageFrame, previewView } from "./mapping-view.ts";
import { referenceFileSender, type ReferenceQueue } from "./reference-import-routes.ts";
import * as repository from "./repository.ts";
import type { MappingDraftRow, MeasureRow } from "./repository.ts";
import { actorOf, bodyOf, manage, measureCodeOf, savedOf } from "./route-support.ts";

const draftParams = z.object({ id: idParam });
const importedDraft = z.object({ draft: z.coerce.number().int().positive().optional() }).catch({});

/**
 * A measure's benchmark mapping, set up in the app: the analyst sends a DfE file, chooses from its
 * columns and filter values, previews what the mapping reads (the council, England, its region and
 * neighbours) and saves it; then imports the file. A mapping can be downloaded as a small file and
 * another council's imported.
 */
export function mappingRoutes(app: FastifyInstance, deps: { db: Database; queue: ReferenceQueue }): void {
  const { db } = deps;
  const sendDfeFile = referenceFileSender(deps);
  const measureOf = async (request: FastifyRequest) => {
    const code = measureCodeOf(request);
    return code ? repository.findMeasure(db, code) : undefined;
  };
  const draftOf = async (request: FastifyRequest, measure: MeasureRow) => {
    const id = paramsOf(request, draftParams)?.id;
    return id === undefined ? undefined : repository.findMappingDraft(db, id, measure.id);
  };
  const here = (measure: MeasureRow) => `/measures/${measure.code}/mapping`;

  async function mappingPage(reply: FastifyReply, measure: MeasureRow, status: number, extra: Record<string, unknown> = {}) {
    const found = await findMappingOf(db, measure);
    return reply.code(status).render("measures/mapping.njk", { ...mappingPageFrame(measure), lines: found && mappingInWords(found.mapping), ...extra });
  }

  /** The draft's file, read once a request; the form's page with the choices made so far. */
  async function sheetOf(draft: MappingDraftRow): Promise<Sheet> {
    const [sheet] = await readTable(draft.content, "csv");
    return sheet ?? { name: "CSV", header: [], rows: [] };
  }
  async function draftPage(reply: FastifyReply, measure: MeasureRow, draft: MappingDraftRow, columns: FileColumns, values: Record<string, string>, status: number, extra: { errors?: FormErrors; preview?: unknown; problems?: unknown; conflict?: boolean } = {}) {
    const form = draftForm(measure, draft.fileName, columns, values, await repository.listMeasures(db));
    return reply.code(status).render("measures/mapping-draft.njk", { ...mappingPageFrame(measure), draft, form, action: `${here(measure)}/drafts/${String(draft.id)}`, ...extra });
  }

  app.get("/measures/:code/mapping", manage, async (request, reply) => {
    const measure = await measureOf(request);
    if (!measure) return reply.callNotFound();
    const { draft } = importedDraft.parse(request.query);
    return mappingPage(reply, measure, 200, { saved: savedOf(request), draftId: draft });
  });

  app.get("/measures/:code/mapping/download", manage, async (request, reply) => {
    const measure = await measureOf(request);
    const found = measure && (await findMappingOf(db, measure));
    if (!measure || !found) return reply.callNotFound();
    return reply
      .type("application/yaml; charset=utf-8")
      .header("content-disposition", `attachment; filename="${measure.code}.yaml"`)
      .send(mappingFileText(measure, found.mapping));
  });

  app.post("/measures/:code/mapping/file", manage, async (request, reply) => {
    const measure = await measureOf(request);
    if (!measure) return reply.callNotFound();
    const file = uploadedFile(request.body);
    if (!file) return mappingPage(reply, measure, 400, { errors: fieldErrors({ file: "Select the DfE CSV file whose columns feed the measure" }) });
    const content = await file.toBuffer();
    try {
      const [sheet] = await readTable(content, "csv");
      if (!sheet || sheet.header.length === 0) throw new UnreadableFileError("The file has no header row: DfE's files start with the column names");
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      return mappingPage(reply, measure, 400, { errors: fieldErrors({ file: `${file.filename} cannot be read: ${error.message}` }) });
    }
    const id = await db.transaction((tx) => repository.insertMappingDraft(tx, { measureId: measure.id, fileName: file.filename, content, sentBy: actorOf(request).username }));
    return reply.redirect(`${here(measure)}/drafts/${String(id)}`, 303);
  });

  app.post("/measures/:code/mapping/import", manage, async (request, reply) => {
    const measure = await measureOf(request);
    if (!measure) return reply.callNotFound();
    const file = uploadedFile(request.body, "mappingFile");
    if (!file) return mappingPage(reply, measure, 400, { errors: fieldErrors({ mappingFile: "Select a mapping file (.yaml)" }) });
    try {
      const read = readMappingText((await file.toBuffer()).toString("utf8"), file.filename);
      if (read.measure.code !== measure.code) throw new UserError("invalid", `${file.filename} is the mapping of ${read.measure.code}, not ${measure.code}: import it on that measure's page`);
      await applyMappingFile(db, contextOf(actorOf(request), request.id), read, file.filename);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const message = error instanceof FileProblemsError ? error.problems.join("; ") : error.message;
      return mappingPage(reply, measure, httpStatusOf[error.code], { errors: fieldErrors({ mappingFile: `${file.filename} was not imported; nothing has changed. ${message}` }) });
    }
    return reply.redirect(`${here(measure)}?saved=1`, 303);
  });

  app.get("/measures/:code/mapping/drafts/:id", manage, async (request, reply) => {
    const measure = await measureOf(request);
    const draft = measure && (await draftOf(request, measure));
    if (!measure || !draft) return reply.callNotFound();
    const [sheet, found] = await Promise.all([sheetOf(draft), findMappingOf(db, measure)]);
    const columns = describeColumns(sheet);
    return draftPage(reply, measure, draft, columns, formValuesOf(found?.mapping ?? null, columns, found?.row.version ?? 0), 200);
  });

  app.post("/measures/:code/mapping/drafts/:id", manage, async (request, reply) => {
    const measure = await measureOf(request);
    const draft = measure && (await draftOf(request, measure));
    if (!measure || !draft) return reply.callNotFound();
    const body = bodyOf(request);
    const values = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"));
    const sheet = await sheetOf(draft);
    const columns = describeColumns(sheet);
    const read = mappingFromForm(body, draft.fileName, columns);
    if ("errors" in read) return draftPage(reply, measure, draft, columns, values, 400, { errors: read.errors });

    if (values.action !== "save") {
      const population = read.mapping.denominatorMeasure ? await repository.findMeasure(db, read.mapping.denominatorMeasure) : undefined;
      const result = await previewMapping(db, sheet, { ...previewMappingOf(read.mapping), denominatorMeasureId: population?.id ?? null }, measure.polarity);
      if ("problems" in result) return draftPage(reply, measure, draft, columns, values, 200, { problems: result.problems });
      return draftPage(reply, measure, draft, columns, values, 200, { preview: previewView(measure, result.preview) });
    }
    try {
      await saveMapping(db, contextOf(actorOf(request), request.id), measure.code, read.mapping, Number(values.version ?? "0") || 0);
    } catch (error) {
      if (error instanceof MappingConflict) {
        const now = await findMappingOf(db, measure);
        return draftPage(reply, measure, draft, columns, { ...values, version: String(now?.row.version ?? 0) }, 409, { conflict: true, errors: fieldErrors({ column: error.message }) });
      }
      if (!(error instanceof UserError)) throw error;
      return draftPage(reply, measure, draft, columns, values, httpStatusOf[error.code], { errors: fieldErrors({ [error.field ?? "column"]: error.message }) });
    }
    return reply.redirect(`${here(measure)}?saved=1&draft=${String(draft.id)}`, 303);
  });

  app.post("/measures/:code/mapping/drafts/:id/import", manage, async (request, reply) => {
    const measure = await measureOf(request);
    const draft = measure && (await draftOf(request, measure));
    if (!measure || !draft) return reply.callNotFound();
    return reply.redirect(await sendDfeFile(request, { kind: "dfe-statistics", fileName: draft.fileName, content: draft.content, measureCode: measure.code }), 303);
  });
}
