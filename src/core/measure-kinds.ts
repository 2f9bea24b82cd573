/**
 * The fixed lists a measure and its figures are described by, each written once: the database's
 * enums, the forms' and files' choices and the types are all made from these. The order is the
 * database's and must not change.
 */

/** How a measure's value is written: "43.3%", "1,204", "18.2 per 10,000", "£68,000", "12 days". */
export const units = ["percentage", "percentage-change", "count", "rate-per-10000", "days", "weeks", "ratio", "money"] as const;
export type Unit = (typeof units)[number];

/** Which way is good for a measure: up, down, or neither (activity levels, for example). */
export const polarities = ["higher-better", "lower-better", "neither"] as const;
export type Polarity = (typeof polarities)[number];

/** How often a measure is reported. */
export const frequencies = ["monthly", "quarterly", "annual", "academic-year"] as const;
export type Frequency = (typeof frequencies)[number];

/** Where a measure's values come from: typed or the values template, published statistics, or case-level data. */
export const measureSources = ["entered", "imported", "computed"] as const;
export type MeasureSource = (typeof measureSources)[number];

/** Whether a value may still be revised. */
export const valueStatuses = ["provisional", "final"] as const;
export type ValueStatus = (typeof valueStatuses)[number];

/** The area a published benchmark is for: England, a region or a council. */
export const areaLevels = ["national", "regional", "local"] as const;
export type AreaLevel = (typeof areaLevels)[number];

/** How amber is judged: within each target's tolerance, or within a per cent of the target. */
export const ragAmberRules = ["tolerance", "percentage"] as const;
export type RagAmberRule = (typeof ragAmberRules)[number];

/** What became of a values file: waiting to be applied, applied, refused, or nothing in it was new. */
export const valueImportStates = ["received", "applied", "refused", "unchanged"] as const;
export type ValueImportState = (typeof valueImportStates)[number];

/** What applying a row of a values file did to the stored value. */
export const valueImportOutcomes = ["added", "changed", "unchanged"] as const;
export type ValueImportOutcome = (typeof valueImportOutcomes)[number];

/** The reference files a performance analyst sends in the app, each imported by a job. */
export const referenceImportKinds = ["dfe-statistics", "neighbour-model", "ofsted-judgements"] as const;
export type ReferenceImportKind = (typeof referenceImportKinds)[number];

/** What became of a reference file: waiting for its job, imported, refused for its problems, or stopped by a failure. */
export const referenceImportStates = ["received", "imported", "refused", "failed"] as const;
export type ReferenceImportState = (typeof referenceImportStates)[number];
