import { z } from "zod";
import { parsePlanYear } from "../../core/plan-years.ts";
import { decimalNumber, earliestYear, fileText, isRealIsoDate, isoDate as realIsoDate, latestYear, recordVersion, text as typed } from "../../web/inputs.ts";

export const units = ["percentage", "percentage-change", "count", "rate-per-10000", "days", "weeks", "ratio", "money"] as const;
export const polarities = ["higher-better", "lower-better", "neither"] as const;
export const frequencies = ["monthly", "quarterly", "annual", "academic-year"] as const;

const text = fileText(10_000).min(1, "must not be empty");
const note = fileText(2000).default("");
const isoDate = realIsoDate("must be a real date written YYYY-MM-DD");
const planYear = z.string().refine((label) => parsePlanYear(label) !== null, { message: "must be a plan year written like 2025/26" });

/** The longest measure code: codes are short references, like REREFERRALS. */
export const codeLength = 60;
const codePattern = /^[A-Z0-9][A-Z0-9-]*$/;
const code = z.string().max(codeLength, `must be ${codeLength} characters or fewer`).regex(codePattern, "must be upper-case letters, digits and hyphens");

/** A measure's code in an address (`/measures/rereferrals` is REREFERRALS): anything else is a page not found. */
export const measureParams = z.object({
  code: z
    .string()
    .max(codeLength)
    .transform((c) => c.toUpperCase())
    .refine((c) => codePattern.test(c)),
});

export const measureEntrySchema = z.object({
  code,
  title: text,
  definition: text,
  unit: z.enum(units),
  polarity: z.enum(polarities),
  frequency: z.enum(frequencies),
  decimals: z.number().int().min(0).max(4).default(0),
  priorities: z.array(z.number().int().positive()).default([]),
  owner: text.optional(),
  targets: z
    .array(z.object({ planYear, value: z.number(), tolerance: z.number().min(0).default(0), oneOff: z.boolean().default(false), achieved: z.boolean().default(false), note }))
    .default([]),
  values: z
    .array(
      z.object({
        periodEnd: isoDate,
        value: z.number(),
        numerator: z.number().optional(),
        denominator: z.number().positive().optional(),
        status: z.enum(["provisional", "final"]).default("final"),
        note,
        source: text,
        quote: fileText(10_000).optional(),
      }),
    )
    .default([]),
});

/** The measures file (`measures.yaml`): a catalogue with targets and the values already known. */
export const measuresFileSchema = z.object({ measures: z.array(measureEntrySchema) });
export type MeasureEntry = z.infer<typeof measureEntrySchema>;

const publishedValue = z.number().nullable();

/** Published benchmarks typed from DfE tables (`benchmarks.yaml`), so a scorecard has them without an import. */
export const benchmarksFileSchema = z.object({
  source: text,
  licence: text,
  neighbourSet: z.object({ name: text, year: z.number().int().optional(), council: text, neighbours: z.array(z.object({ code: text, name: text })).length(10) }),
  measures: z.array(
    z.object({
      code,
      title: text,
      unit: z.enum(units),
      polarity: z.enum(polarities),
      decimals: z.number().int().min(0).max(4).default(1),
      mapping: z.object({ file: text, column: text, numeratorColumn: text.optional(), denominatorColumn: text.optional(), filters: z.record(z.string(), z.string()).optional() }),
      year: z.number().int(),
      council: z.object({ value: publishedValue, numerator: z.number().nullable().optional(), denominator: z.number().nullable().optional(), symbol: z.string().nullable().optional() }),
      england: publishedValue,
      region: z.object({ code: text, name: text, value: publishedValue }),
      neighbours: z.array(z.object({ code: text, value: publishedValue, symbol: z.string().nullable().optional() })),
      neighbourMean: z.object({ mean: z.number().nullable(), count: z.number().int() }).optional(),
      quartileBand: z.enum(["A", "B", "C", "D"]).nullable().optional(),
      rank: z.object({ rank: z.number().int(), of: z.number().int() }).nullable().optional(),
      goodOrOutstandingMean: z.object({ mean: z.number().nullable(), count: z.number().int() }).nullable().optional(),
    }),
  ),
});
export type BenchmarksFile = z.infer<typeof benchmarksFileSchema>;

/** One row of the values template (CSV or Excel), as typed. */
/** A cell of the values template: text, where a row cut short gives "is empty" rather than a type error. */
const valueCell = (what: string) => z.string({ error: `The ${what} is empty` }).trim();

export const valueRowSchema = z.object({
  measure_code: valueCell("measure code").min(1, "The measure code is empty: enter the measure's code"),
  period_end: valueCell("period end")
    .min(1, "The period end is empty: enter the period's last day as YYYY-MM-DD")
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the period's last day as YYYY-MM-DD")
    .refine(isRealIsoDate, `The period end must be a real day from ${String(earliestYear)} to ${String(latestYear)}`),
  // Plain decimals only, as typed in the grid: 0x10, 1e308, Infinity and NaN are not figures.
  value: decimalNumber("The value", { example: "25.1" }).refine((v) => v !== null, "The value is empty: enter a number"),
  numerator: decimalNumber("The numerator", { example: "88", min: 0 }),
  denominator: decimalNumber("The denominator", { example: "203", min: 0 }).refine((v) => v === null || v > 0, "The denominator must be a number above 0"),
  status: z.string().trim().toLowerCase().default("final").refine((v) => v === "" || v === "final" || v === "provisional", "Status must be final or provisional"),
  note: typed("The note", 500),
});

export const valuesTemplateColumns = ["measure_code", "period_end", "value", "numerator", "denominator", "status", "note"] as const;

export const commentaryFormSchema = z.object({
  periodEnd: realIsoDate("Select the period"),
  text: typed("Commentary", 4000, { multiline: true, required: "Enter the commentary" }),
});

export const baselineFormSchema = z.object({
  fromPeriod: realIsoDate("Select the period the limits start from"),
  reason: typed("The reason", 1000, { multiline: true, required: "Say why the limits are recalculated" }),
});

/** The council's RAG rule, as the settings page sends it. */
export const ragSettingsFormSchema = z
  .object({
    amberRule: z.enum(["tolerance", "percentage"], { error: "Select how amber is judged" }),
    amberPercent: decimalNumber("The per cent", { example: "5" }).refine((v) => v === null || (v > 0 && v <= 100), "The per cent must be more than 0 and no more than 100"),
    onTargetGreen: z.enum(["yes", "no"], { error: "Select whether a value exactly on target is green" }),
    version: recordVersion(0),
  })
  .superRefine((form, ctx) => {
    if (form.amberRule === "percentage" && form.amberPercent === null) {
      ctx.addIssue({ code: "custom", path: ["amberPercent"], message: "Enter the per cent of the target that is still amber, like 5" });
    }
  })
  .transform((form) => ({ amber: form.amberRule, percent: form.amberPercent, onTargetGreen: form.onTargetGreen === "yes", version: form.version }));

/** A ticked checkbox sends "yes"; an unticked one sends nothing. */
const ticked = z
  .unknown()
  .optional()
  .transform((v) => v === "yes");

const targetFields = {
  value: decimalNumber("The target", { example: "85" }).refine((v) => v !== null, "Enter the target, a number like 85"),
  tolerance: decimalNumber("The tolerance", { example: "2, or left empty for none" }).refine((v) => v === null || v >= 0, "The tolerance must be 0 or more"),
  oneOff: ticked,
  achieved: ticked,
  note: typed("The note", 500, { multiline: true }),
};

/** A check across fields that runs even when a field was refused, so that every problem is named at once. */
const everyTime = { when: () => true };

function checkAchieved(form: { oneOff: boolean; achieved: boolean }, ctx: z.RefinementCtx) {
  if (form.achieved && !form.oneOff) ctx.addIssue({ code: "custom", path: ["achieved"], message: "Only a one-off target can be achieved: tick one-off as well, or untick achieved" });
}

const fieldsOf = (form: { value: number | null; tolerance: number | null; oneOff: boolean; achieved: boolean; note: string }) => ({
  value: form.value ?? 0,
  tolerance: form.tolerance ?? 0,
  oneOff: form.oneOff,
  achieved: form.achieved,
  note: form.note,
});

/** A new target for a plan year, from the measure's page. */
export const newTargetFormSchema = z
  .object({
    planYear: typed("The plan year", 20, { required: "Enter the plan year, like 2025/26" })
      .refine((label) => parsePlanYear(label) !== null, "Enter the plan year like 2025/26: the year it starts, a slash, and the last two digits of the next")
      .transform((label) => parsePlanYear(label) ?? 0)
      .refine((year) => year >= 2000 && year < 2100, "Enter a plan year from 2000/01 to 2099/00"),
    ...targetFields,
  })
  .superRefine(checkAchieved, everyTime)
  .transform((form) => ({ planYear: form.planYear, ...fieldsOf(form) }));

/** A change to a target: its plan year stays; the version is the one the person started from. */
export const editTargetFormSchema = z
  .object({ ...targetFields, version: recordVersion(1) })
  .superRefine(checkAchieved, everyTime)
  .transform((form) => ({ version: form.version, ...fieldsOf(form) }));

export const removeTargetFormSchema = z.object({ version: recordVersion(1) });

/** The period of the entry grid: its last day. */
export const entryPeriodSchema = realIsoDate("Enter the period's last day as a real date written YYYY-MM-DD, like 2025-12-31");
