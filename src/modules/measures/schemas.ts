import { z } from "zod";
import { frequencies, polarities, ragAmberRules, units, valueStatuses } from "../../core/measure-kinds.ts";
import { parsePlanYear } from "../../core/plan-years.ts";
import { decimalNumber, earliestYear, fileText, isRealIsoDate, isoDate as realIsoDate, latestYear, recordVersion, text as typed, type TextOptions } from "../../web/inputs.ts";

export { frequencies, polarities, units };

const text = fileText(10_000).min(1, "must not be empty");
const note = fileText(2000).default("");
const isoDate = realIsoDate("must be a real date written YYYY-MM-DD");
const planYear = z.string().refine((label) => parsePlanYear(label) !== null, { message: "must be a plan year written like 2025/26" });

/** The longest measure code: codes are short references, like REREFERRALS. */
export const codeLength = 60;
const codePattern = /^[A-Z0-9][A-Z0-9-]*$/;

/** A measure's code in an address (`/measures/rereferrals` is REREFERRALS): anything else is a page not found. */
export const measureParams = z.object({
  code: z
    .string()
    .max(codeLength)
    .transform((c) => c.toUpperCase())
    .refine((c) => codePattern.test(c)),
});

/**
 * The rules of a measure's own fields, one set for the measures file and the form that adds or
 * changes a measure in the app. Each message names the field, so it reads on the form's error
 * summary and after a file's path ("measures.yaml: measures › 3 › code: The code must be …").
 */
const codeRule = `upper-case letters, digits and hyphens, like REREFERRALS`;
export const measureCode = z
  .string({ error: "The code must be text" })
  .trim()
  .min(1, `Enter the code: ${codeRule}`)
  .max(codeLength, `The code must be ${codeLength} characters or fewer`)
  .regex(codePattern, `The code must be ${codeRule}, starting with a letter or digit`);

/** Text of a measure: any value that is not text is refused by name, then the typed-text rules apply. */
const measureText = (label: string, max: number, options: TextOptions = {}) => z.string({ error: `${label} must be text` }).optional().pipe(typed(label, max, options));

/** One of a fixed list: "Select …" when it is missing, the choices when it is not one of them. */
const oneOf = <const T extends readonly [string, ...string[]]>(choices: T, what: string, select: string) =>
  z.enum(choices, { error: (issue) => (issue.input === undefined || issue.input === "" ? select : `${what} must be one of ${choices.join(", ")}`) });

/** Where a measure's values come from, as a person chooses it; "computed" (from case-level data) is the app's to set. */
export const chosenSources = ["entered", "imported"] as const;
export const mostDecimalPlaces = 3;
const decimalsMessage = `The decimal places must be a whole number from 0 to ${mostDecimalPlaces}`;
const decimalPlaces = z.number({ error: decimalsMessage }).int(decimalsMessage).min(0, decimalsMessage).max(mostDecimalPlaces, decimalsMessage);

export const measureFieldRules = {
  code: measureCode,
  title: measureText("The title", 200, { required: "Enter the title" }),
  definition: measureText("The definition", 2000, { multiline: true, required: "Enter the definition: what is counted, and how" }),
  unit: oneOf(units, "The unit", "Select the unit"),
  polarity: oneOf(polarities, "Which way is better", "Select which way is better"),
  frequency: oneOf(frequencies, "The frequency", "Select how often it is reported"),
  decimals: decimalPlaces.default(0),
  source: oneOf(chosenSources, "The source", "Select where its values come from").default("entered"),
  owner: measureText("The owner", 200),
};

export const measureEntrySchema = z.object({
  ...measureFieldRules,
  priorities: z.array(z.number().int().positive()).default([]),
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
        status: z.enum(valueStatuses).default("final"),
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
      code: measureFieldRules.code,
      title: measureFieldRules.title,
      unit: measureFieldRules.unit,
      polarity: measureFieldRules.polarity,
      decimals: decimalPlaces.default(1),
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
  status: z.string().trim().toLowerCase().default("final").refine((v) => v === "" || valueStatuses.some((s) => s === v), "Status must be final or provisional"),
  note: typed("The note", 500),
});

/** A values import's address: /measures/imports/12. */
export const importParams = z.object({ id: z.string().regex(/^[1-9]\d{0,8}$/).transform(Number) });

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
    amberRule: z.enum(ragAmberRules, { error: "Select how amber is judged" }),
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

/** A form's decimal places (a radio's "2") as the number the shared rule reads; anything else is left for the rule to refuse. */
const formDecimals = z.preprocess((v) => (typeof v === "string" && /^\d{1,2}$/.test(v.trim()) ? Number(v) : v === "" ? undefined : v), measureFieldRules.decimals);

/** The priorities ticked on the form: one box sends its number, several send a list, none sends nothing. */
const pickPriorities = "Select priorities from the list";
const tickedPriorities = z.preprocess(
  (v) => (v === undefined ? [] : typeof v === "string" ? [v] : v),
  z
    .array(z.string({ error: pickPriorities }).regex(/^\d{1,4}$/, pickPriorities), { error: pickPriorities })
    .max(100, pickPriorities)
    .transform((list) => [...new Set(list.map(Number))].sort((a, b) => a - b)),
);

/** A measure's fields as the form sends them, checked by the rules the measures file is. */
const measureFormFields = {
  title: measureFieldRules.title,
  definition: measureFieldRules.definition,
  unit: measureFieldRules.unit,
  polarity: measureFieldRules.polarity,
  frequency: measureFieldRules.frequency,
  decimals: formDecimals,
  source: measureFieldRules.source,
  priorities: tickedPriorities,
  owner: measureFieldRules.owner,
};

/** A new measure, from `/measures/new`. */
export const newMeasureFormSchema = z.object({ code: measureFieldRules.code, ...measureFormFields });
export type NewMeasureForm = z.infer<typeof newMeasureFormSchema>;

/**
 * A change to a measure: every field but its code, with the version the person started from, and
 * their answer when asked to confirm a change of unit or polarity ("yes" saves, "no" goes back).
 */
export const editMeasureFormSchema = z.object({
  ...measureFormFields,
  version: recordVersion(1),
  confirm: z
    .unknown()
    .optional()
    .transform((v) => (v === "yes" || v === "no" ? v : null)),
});
export type EditMeasureForm = z.infer<typeof editMeasureFormSchema>;

/** A column of a DfE file, as a mapping names it. */
const columnName = (label: string) => z.string({ error: `${label} must be text` }).trim().min(1, `${label} is empty`).max(200, `${label} must be 200 characters or fewer`);
/** Filter column → the value its rows must have. */
const filterValues = (label: string) => z.record(columnName(`A ${label} column`), z.string({ error: `A ${label} value must be text` }).max(500, `A ${label} value must be 500 characters or fewer`)).default({});

/**
 * Which file, columns and filter values feed a measure's benchmarks: the same rules for the form
 * that sets it up, the mapping file councils share, and the command line. Each message names the field.
 */
export const mappingSchema = z
  .object({
    file: columnName("The file's name"),
    column: columnName("The value column").optional(),
    numeratorColumn: columnName("The numerator column").optional(),
    denominatorColumn: columnName("The denominator column").optional(),
    filters: filterValues("filter"),
    numeratorFilters: filterValues("numerator filter"),
    denominatorFilters: filterValues("denominator filter"),
    denominatorMeasure: measureCode.optional(),
    scale: z.number({ error: "The scale must be a whole number, like 100 or 10000" }).int("The scale must be a whole number, like 100 or 10000").min(1, "The scale must be at least 1").max(1_000_000, "The scale must be 1,000,000 or less").optional(),
    timeColumn: columnName("The period column").default("time_period"),
    levelColumn: columnName("The geographic level column").default("geographic_level"),
  })
  .superRefine((m, problems) => {
    const derived = m.scale !== undefined;
    if (!m.column && !derived) problems.addIssue({ code: "custom", path: ["column"], message: "Choose the value column, or a scale to derive the value from the numerator and denominator" });
    if (derived && !m.column && !m.numeratorColumn) problems.addIssue({ code: "custom", path: ["numeratorColumn"], message: "Choose the numerator column: the value is derived from it" });
    if (derived && !m.column && !m.denominatorColumn && !m.denominatorMeasure) problems.addIssue({ code: "custom", path: ["denominatorColumn"], message: "Choose the denominator column, or the measure whose published values are the denominator" });
    if (m.denominatorColumn && m.denominatorMeasure) problems.addIssue({ code: "custom", path: ["denominatorMeasure"], message: "Take the denominator from a column or from another measure, not both" });
    for (const [which, extra] of [["numeratorFilters", m.numeratorFilters], ["denominatorFilters", m.denominatorFilters]] as const) {
      for (const column of Object.keys(extra)) {
        if (!(column in m.filters)) problems.addIssue({ code: "custom", path: [which, column], message: `${column} is not one of the mapping's filters: a numerator's or denominator's row differs from the value's only in a filter's value` });
      }
    }
  });
export type MappingInput = z.input<typeof mappingSchema>;
export type Mapping = z.output<typeof mappingSchema>;

/**
 * A mapping file, as councils share them: the measure it feeds (enough to add it where a council
 * lacks it) and the mapping.
 */
export const mappingFileSchema = z.object({
  measure: z.object({
    code: measureCode,
    title: measureFieldRules.title.optional(),
    unit: oneOf(units, "The unit", "Select the unit").optional(),
    polarity: oneOf(polarities, "Which way is better", "Select which way is better").optional(),
    decimals: decimalPlaces.optional(),
  }),
  mapping: mappingSchema,
});
export type MappingFile = z.output<typeof mappingFileSchema>;
