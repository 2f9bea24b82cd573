import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Database } from "../../db/client.ts";
import type { JobQueue } from "../../db/queue.ts";
import { dateInput, fieldErrors, formErrors, multipartValue, type FormErrors } from "../../web/forms.ts";
import { idParam, paramsOf } from "../../web/inputs.ts";
import { jobProgressOf, sendJobStatus } from "../../web/job-progress.ts";
import type { SavedUpload } from "../../web/uploads.ts";
import { contextOf } from "../access/index.ts";
import { caseFileBytes } from "./case-files.ts";
import { problemLine } from "./case-file-problems.ts";
import { caseImportKinds, isCaseImportKind } from "./importing.ts";
import { caseImportJobName, type CaseImportJobData, type CaseImportJobOutput } from "./jobs.ts";
import { findUpload, receiveCaseFiles, type UploadOutcome, type UploadRecord } from "./uploading.ts";

/** The queue a sent return's job goes to, inside the transaction that keeps its files. */
export type CaseImportQueue = Pick<JobQueue, "send" | "job" | "ready">;

/** The most files one import takes: a 903 return is twelve. */
const filesAtOnce = 30;

const importing = { config: { policy: "casework:import" as const } };
const sending = { config: { policy: "casework:import" as const, uploadsToDisk: true, multipartOptions: { limits: { files: filesAtOnce, fileSize: caseFileBytes } } } };

const kindOptions = Object.entries(caseImportKinds).map(([value, kind]) => ({ value, text: kind.words, hint: kind.hint }));

const choices = z
  .object({
    kind: z.string().refine(isCaseImportKind, "Choose what kind of files these are"),
    la: z.union([z.literal(""), z.string().regex(/^\d{3}$/, "Enter the council's three-digit DfE code, like 879")]),
    year: z.union([z.literal(""), z.string().regex(/^20\d\d$/, "Enter the collection year as the year it ends, like 2025")]),
    validRows: z.string(),
  })
  .and(dateInput("asAt", "The day the records were taken").transform((asAt) => ({ asAt })))
  .superRefine((form, ctx) => {
    if (form.kind === "ssda903" && form.year === "") ctx.addIssue({ code: "custom", path: ["year"], message: "Enter the collection year of the SSDA903 return, the year it ends: 2025 for April 2024 to March 2025" });
    if (isCaseImportKind(form.kind) && !caseImportKinds[form.kind].namesCouncil && form.la === "") ctx.addIssue({ code: "custom", path: ["la"], message: "Enter the council's three-digit DfE code: these files do not say which council they are from" });
  });

const uploadParams = z.object({ id: idParam, job: z.uuid() });
const followAddress = (uploadId: number, job: string) => `/casework/imports/${String(uploadId)}/importing/${job}`;

/** The form's files: those chosen, written to disk as they came. */
function sentFiles(body: unknown): { name: string; path: string }[] {
  const field = body !== null && typeof body === "object" ? (body as Record<string, unknown>).files : undefined;
  return [field]
    .flat()
    .filter((part): part is SavedUpload => part !== null && typeof part === "object" && "filename" in part)
    .flatMap((part) => (part.filename && part.savedTo ? [{ name: part.filename, path: part.savedTo }] : []));
}

/** The import form, the page that follows its job, and what the import did. */
export function caseImportRoutes(app: FastifyInstance, { db, queue }: { db: Database; queue: CaseImportQueue }): void {
  async function formPage(request: FastifyRequest, reply: FastifyReply, status: number, extra: { values?: Record<string, unknown>; errors?: FormErrors; refused?: ReturnType<typeof refusalView> }) {
    const values = extra.values ?? { kind: "", la: (await request.currentPlan())?.oldLaCode ?? "", year: "", validRows: "" };
    return reply.code(status).render("casework/import.njk", { pageTitle: "Import case records", section: "casework", kindOptions, ...extra, values });
  }

  app.get("/casework/import", importing, async (request, reply) => formPage(request, reply, 200, {}));

  app.post("/casework/import", sending, async (request, reply) => {
    const names = ["kind", "la", "year", "validRows", "asAtDay", "asAtMonth", "asAtYear"];
    const values = Object.fromEntries(names.map((name) => [name, multipartValue(request.body, name)]));
    const files = sentFiles(request.body);
    const parsed = choices.safeParse(values);
    if (!parsed.success || files.length === 0) {
      const errors = parsed.success ? fieldErrors({}) : formErrors(parsed.error);
      if (files.length === 0) Object.assign(errors, fieldErrors({ ...errors.fields, files: "Choose the files to import" }));
      return formPage(request, reply, 400, { values, errors });
    }
    const form = parsed.data;
    const actor = request.actor;
    if (!actor || !isCaseImportKind(form.kind)) throw new Error("a case import needs a signed-in actor and a kind");
    const by = contextOf(actor, request.id);
    await queue.ready();
    const { uploadId, job } = await receiveCaseFiles(
      db,
      by,
      { kind: form.kind, laCode: form.la || null, collectionYear: form.year ? Number(form.year) : null, extractDate: form.asAt || null, validRowsOnly: form.validRows === "yes", files },
      (tx, id) => queue.send(caseImportJobName, { uploadId: id, by } satisfies CaseImportJobData, { tx }),
    );
    return reply.redirect(followAddress(uploadId, job), 303);
  });

  async function followed(request: FastifyRequest) {
    const params = paramsOf(request, uploadParams);
    if (!params) return null;
    const job = await queue.job<CaseImportJobData, CaseImportJobOutput>(caseImportJobName, params.job);
    const upload = job?.data.uploadId === params.id ? await findUpload(db, params.id) : undefined;
    if (!job || !upload) return null;
    return { upload, job, here: followAddress(upload.id, job.id), progress: jobProgressOf(job, { done: "Imported", failed: "Stopped: nothing imported" }) };
  }

  app.get("/casework/imports/:id/importing/:job", importing, async (request, reply) => {
    const found = await followed(request);
    if (!found) return reply.callNotFound();
    const { upload, progress, here } = found;
    const outcome = upload.outcome as UploadOutcome | null;
    if (upload.state === "imported" || upload.state === "already") return reply.redirect(`/casework/extracts/${String((outcome as { extractId: number }).extractId)}?${upload.state}=1`, 303);
    if (upload.state === "refused" && outcome?.kind === "refused") {
      return formPage(request, reply, 200, { values: valuesOf(upload), refused: refusalView(upload, outcome) });
    }
    return reply.render("casework/importing.njk", { pageTitle: progress.error ? "The files were not imported" : "Importing case records", section: "casework", upload, progress, here, errorSummary: progress.error });
  });

  app.get("/casework/imports/:id/importing/:job/status", importing, async (request, reply) => {
    const found = await followed(request);
    if (!found) return reply.code(404).send({ error: "not found" });
    return sendJobStatus(reply, found.progress, found.job.state === "done" ? found.here : null);
  });
}

/** The form as the analyst filled it in, for sending the files again. */
function valuesOf(upload: UploadRecord): Record<string, string> {
  const [year = "", month = "", day = ""] = upload.extractDate?.split("-") ?? [];
  return { kind: upload.kind, la: upload.laCode ?? "", year: upload.collectionYear === null ? "" : String(upload.collectionYear), validRows: upload.validRowsOnly ? "yes" : "", asAtDay: day, asAtMonth: month, asAtYear: year };
}

/** A refused import as the form shows it: each problem by file, place and field, and whether the valid rows could be imported instead. */
function refusalView(upload: UploadRecord, outcome: Extract<UploadOutcome, { kind: "refused" }>) {
  const count = outcome.problems.length + outcome.more;
  return { files: upload.fileNames.join(", "), count, problems: outcome.problems, lines: outcome.problems.map(problemLine), more: outcome.more, validRowsCanLoad: outcome.validRowsCanLoad };
}
