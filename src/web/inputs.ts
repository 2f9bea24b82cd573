import type { FastifyRequest } from "fastify";
import { z } from "zod";

/**
 * The building blocks every form, query string and address is read with: text that PostgreSQL
 * can store and a page can show, real dates, whole numbers within a column's range and numbers
 * written as people write them. Each refusal names the field in plain English.
 */

/** The largest value of a PostgreSQL `integer` column: ids, numbers and versions above it are not real. */
export const largestInteger = 2_147_483_647;

/** Dates outside these years are typing mistakes (0025 for 2025), and year 0 does not exist. */
export const earliestYear = 1900;
export const latestYear = 2200;

/** The longest number accepted: beyond a trillion is a mistake, not a council's figure. */
export const largestNumber = 1_000_000_000_000;

const count = (n: number) => n.toLocaleString("en-GB");

/** Control characters no typed text has; tab, line feed and carriage return are checked apart. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const lineBreak = /[\r\n]/;

export interface TextOptions {
  /** A text area: line breaks and tabs are kept. Otherwise a tab becomes a space and a line break is refused. */
  multiline?: boolean;
  /** The message when the field is left empty; without it, empty is allowed (""). */
  required?: string;
}

/**
 * Typed text, trimmed: no hidden control characters (PostgreSQL cannot store NUL, and none of
 * them belongs in a report), at most `max` characters. Absent gives "".
 */
export function text(label: string, max: number, { multiline = false, required }: TextOptions = {}) {
  return z
    .string({ error: `${label} must be sent once, as text: reload the page and try again` })
    .default("")
    .transform((value, ctx) => {
      const trimmed = (multiline ? value : value.replace(/\t/g, " ")).trim();
      if (controlCharacter.test(trimmed)) {
        ctx.addIssue({ code: "custom", message: `${label} must not contain hidden control characters: retype it rather than pasting it` });
        return z.NEVER;
      }
      if (!multiline && lineBreak.test(trimmed)) {
        ctx.addIssue({ code: "custom", message: `${label} must be on one line` });
        return z.NEVER;
      }
      // Characters as people count them: an emoji is one, not two.
      if (trimmed.length > max && [...trimmed].length > max) {
        ctx.addIssue({ code: "custom", message: `${label} must be ${count(max)} characters or fewer` });
        return z.NEVER;
      }
      if (required && trimmed === "") {
        ctx.addIssue({ code: "custom", message: required });
        return z.NEVER;
      }
      return trimmed;
    });
}

/** "2026-03-31" for a real day of a year from 1900 to 2200, or null: no 30 February, no year 0. */
export function realDate(year: number, month: number, day: number): string | null {
  if (![year, month, day].every(Number.isInteger) || year < earliestYear || year > latestYear || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** Whether a string is a real date written YYYY-MM-DD. */
export function isRealIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match !== null && realDate(Number(match[1]), Number(match[2]), Number(match[3])) === value;
}

/** A date written YYYY-MM-DD that is a real day; `message` names the field and shows an example. */
export function isoDate(message: string) {
  return z.string({ error: message }).trim().refine(isRealIsoDate, { message });
}

/** An optional date written YYYY-MM-DD: "" when left empty. */
export function optionalIsoDate(message: string) {
  return z
    .string({ error: message })
    .trim()
    .default("")
    .refine((value) => value === "" || isRealIsoDate(value), { message });
}

/** A whole number typed or chosen in a form: digits only (no "0x10", "1e3" or "16.0"), from `min` to `max`. */
export function wholeNumber(label: string, min: number, max: number, message = `${label} must be a whole number from ${count(min)} to ${count(max)}`) {
  return z
    .string({ error: message })
    .trim()
    .refine((value) => /^-?\d{1,16}$/.test(value), { message })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message });
}

/** The version a form was read at, so a save over someone else's is refused rather than lost. */
export function recordVersion(min = 1) {
  return wholeNumber("Version", min, largestInteger, "The form is missing the record's version: reload the page");
}

/** An id or number in an address: digits only, from 1 to the largest integer a column holds. */
export const idParam = z
  .string()
  .regex(/^\d{1,10}$/)
  .transform(Number)
  .refine((n) => n >= 1 && n <= largestInteger);

/** A year in an address ("/progress/review/2025"). */
export const yearParam = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number)
  .refine((n) => n >= earliestYear && n <= latestYear);

/** The parameters of an address read with `schema`, or null when they are not real ones (the page is not found). */
export function paramsOf<S extends z.ZodType>(request: FastifyRequest, schema: S): z.output<S> | null {
  const parsed = schema.safeParse(request.params);
  return parsed.success ? parsed.data : null;
}

/** The `?saved=` a page is sent to after a save: "" when absent, sent twice or not text. */
const savedQuery = z.object({ saved: z.string().catch("") }).catch({ saved: "" });

/**
 * The banner a page shows after a save, chosen from `messages` by the address's `?saved=` key;
 * undefined for a key the page does not know.
 */
export function savedMessageOf(request: FastifyRequest, messages: Readonly<Record<string, string>>): string | undefined {
  const { saved } = savedQuery.parse(request.query);
  return Object.hasOwn(messages, saved) ? messages[saved] : undefined;
}

export interface NumberOptions {
  /** An example of what to type, for the message: "85". */
  example: string;
  min?: number;
  max?: number;
}

/**
 * A number typed in a box, as people write it: "85", "-2.5", "1,250", "£68,000", "45%". Only
 * plain decimal notation: no hexadecimal, exponent, Infinity or NaN, and within a sane range.
 * Empty gives null.
 */
export function decimalNumber(label: string, { example, min = -largestNumber, max = largestNumber }: NumberOptions) {
  const notNumber = `${label} must be a number, like ${example}`;
  return z
    .string({ error: notNumber })
    .trim()
    .default("")
    .transform((typed, ctx) => {
      if (typed === "") return null;
      const plain = typed.replace(/^£/, "").replace(/%$/, "").replace(/(?<=\d)[,\s](?=\d{3}(\D|$))/g, "").trim();
      if (!/^[-+]?(\d{1,15}(\.\d{0,10})?|\.\d{1,10})$/.test(plain)) {
        ctx.addIssue({ code: "custom", message: notNumber });
        return z.NEVER;
      }
      const number = Number(plain);
      if (!Number.isFinite(number) || number < min || number > max) {
        ctx.addIssue({ code: "custom", message: `${label} must be from ${count(min)} to ${count(max)}` });
        return z.NEVER;
      }
      // "-0" is 0.
      return number === 0 ? 0 : number;
    });
}

/**
 * A filter of a list page chosen in a query string (a priority, a state, a sort order): one not
 * offered (too long, sent twice, with hidden characters) is ignored, and the whole list is shown.
 */
export const queryFilter = text("Filter", 200).catch("");

/**
 * Text in a file the app loads (a plan's YAML, typed progress), trimmed: no hidden control
 * characters and at most `max` characters. Messages follow the field's path, as file problems do.
 */
export function fileText(max: number) {
  return z
    .string()
    .trim()
    .max(max, `must be ${count(max)} characters or fewer`)
    .refine((value) => !controlCharacter.test(value), "must not contain hidden control characters");
}
