import type { FastifyInstance } from "fastify";
import type { JobQueue } from "../../src/db/queue.ts";
import { sessionCookieName } from "../../src/modules/access/index.ts";
import { page } from "./html.ts";
import type { Client } from "./session.ts";

/** A file a test sends in a form: its name, its bytes, and the form field it goes in ("file" unless said). */
export interface UploadFile {
  name: string;
  content: Buffer | string;
  field?: string;
}

/** Posts a file (or several) as the import forms do: multipart, with the session's CSRF token read from the form's page. */
export async function upload(app: FastifyInstance, browser: Client, url: string, files: UploadFile | UploadFile[], fields: Record<string, string> = {}, formPage = url) {
  const { document } = page((await browser.get(formPage)).body);
  // The token of the form that posts here, as a browser sends it; another form's (signing out, in
  // the header) only when the page has no form of its own for this address.
  const path = url.split("?")[0] ?? url;
  const own = [...document.querySelectorAll('form[method="post"]')].find((f) => (f.getAttribute("action") ?? formPage.split("?")[0]) === path);
  const csrf = (own ?? document).querySelector('input[name="_csrf"]')?.getAttribute("value") ?? "";
  const boundary = "----waymarktest";
  const textParts = Object.entries({ _csrf: csrf, ...fields }).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  const fileParts = [files].flat().flatMap((file) => [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? "file"}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(file.content),
    Buffer.from("\r\n"),
  ]);
  const payload = Buffer.concat([...textParts, ...fileParts, Buffer.from(`--${boundary}--\r\n`)]);
  return app.inject({ method: "POST", url, payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, cookies: { [sessionCookieName]: browser.cookie ?? "" } });
}

/**
 * Uploads a file to a form whose import a job does and, when the form answers with the page that
 * waits on the job, does the queue's jobs and answers that page as it then stands: the import's
 * result. An answer given at once (a form or file refused in the request) is given as it came.
 */
export async function uploadAndFinish(
  app: FastifyInstance,
  queue: JobQueue,
  browser: Client,
  url: string,
  file: UploadFile | UploadFile[],
  fields: Record<string, string> = {},
  formPage = url,
) {
  const sent = await upload(app, browser, url, file, fields, formPage);
  if (sent.statusCode !== 303) return sent;
  await queue.runPending();
  return browser.get(String(sent.headers.location));
}

/** Uploads a values file and answers the page that shows what its import did, or why it was refused. */
export async function uploadAndApply(app: FastifyInstance, queue: JobQueue, browser: Client, file: { name: string; content: Buffer | string }) {
  return uploadAndFinish(app, queue, browser, "/measures/import", file);
}
