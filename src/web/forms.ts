import type { MultipartFile } from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { earliestYear, latestYear, realDate } from "./inputs.ts";

/** What a form page needs to show its errors: a summary linking to each field, and each field's message. */
export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, string>;
}

export function formErrors(error: z.ZodError): FormErrors {
  return fieldErrors(formProblems(error));
}

/** What was wrong with a form, by field, as the form shows it. */
export type Problems = Record<string, string>;

/** A form read: what it holds, or its problems by field. */
export type Read<T> = { ok: true; form: T } | { ok: false; problems: Problems };

/** The first problem of each field a schema found. */
export function formProblems(error: z.ZodError): Problems {
  const problems: Problems = {};
  for (const issue of error.issues) problems[String(issue.path[0] ?? "form")] ??= issue.message;
  return problems;
}

/**
 * The token an "add" form carries, made when its page was shown, so that sending the form twice
 * adds one record (see `src/db/form-submissions.ts`).
 */
export const formToken = z
  .string({ error: "The form is missing its token: reload the page and try again" })
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "The form is missing its token: reload the page and try again");

export function fieldErrors(fields: Record<string, string>): FormErrors {
  return { fields, summary: Object.entries(fields).map(([field, text]) => ({ text, href: `#${field}` })) };
}

/**
 * A date typed in three boxes (GOV.UK's date input): `{prefix}Day`, `{prefix}Month`, `{prefix}Year`.
 * All empty gives "", otherwise it must be a real date (no 30 February) in a year from 1900 to
 * 2200, typed in digits; the answer is an ISO date. Its message sits on the day, as the macro shows it.
 */
export function dateInput(prefix: string, label: string) {
  const [day, month, year] = [`${prefix}Day`, `${prefix}Month`, `${prefix}Year`];
  const part = z.string({ error: `${label} must be a real date, like 31 3 2026` }).trim().default("");
  return z.object({ [day]: part, [month]: part, [year]: part }).transform((parts, ctx) => {
    const [d = "", m = "", y = ""] = [parts[day], parts[month], parts[year]];
    if (!d && !m && !y) return "";
    const digits = /^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y);
    const date = digits ? realDate(Number(y), Number(m), Number(d)) : null;
    if (date === null) {
      const yearOutOfRange = digits && (Number(y) < earliestYear || Number(y) > latestYear);
      ctx.addIssue({
        code: "custom",
        path: [day],
        message: yearOutOfRange ? `${label} must be in a year from ${earliestYear} to ${latestYear}` : `${label} must be a real date, like 31 3 2026`,
      });
      return z.NEVER;
    }
    return date;
  });
}

/** A date as the three boxes of a date input hold it; none for no date. */
export function dateBoxes(prefix: string, iso: string | null): Record<string, string> {
  if (!iso) return {};
  const [year = "", month = "", day = ""] = iso.split("-");
  return { [`${prefix}Day`]: String(Number(day)), [`${prefix}Month`]: String(Number(month)), [`${prefix}Year`]: year };
}

/** An object's fields by name; anything but an object gives no fields. */
function fieldsOf(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === "object" ? Object.fromEntries(Object.entries(body)) : {};
}

/**
 * The form a request posted, its fields by name as sent, for its schema to read and for a refused
 * form to show again; a body that is not a form gives no fields.
 */
export function formValues(request: FastifyRequest): Record<string, unknown> {
  return fieldsOf(request.body);
}

/** The file a multipart form sent in a field, or undefined when none was chosen. */
export function uploadedFile(body: unknown, name = "file"): MultipartFile | undefined {
  const field = fieldsOf(body)[name];
  return isMultipartFile(field) && field.filename ? field : undefined;
}

/** A multipart form's file field: one with a file name. */
function isMultipartFile(field: unknown): field is MultipartFile {
  return field !== null && typeof field === "object" && "filename" in field;
}

/** A text field of a multipart form, as typed ("" when absent). */
export function multipartValue(body: unknown, name: string): string {
  const field = fieldsOf(body)[name];
  const value = field !== null && typeof field === "object" && "value" in field ? field.value : undefined;
  return typeof value === "string" ? value.trim() : "";
}
