import { sql } from "drizzle-orm";
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { areaLevels, frequencies, measureSources, polarities, ragAmberRules, units, referenceImportKinds, referenceImportStates, valueImportOutcomes, valueImportStates, valueStatuses } from "../../core/measure-kinds.ts";
import { bytes } from "./columns.ts";
import { priorities } from "./plan.ts";

export const measureUnit = pgEnum("measure_unit", units);
export const measurePolarity = pgEnum("measure_polarity", polarities);
export const measureFrequency = pgEnum("measure_frequency", frequencies);
export const measureSource = pgEnum("measure_source", measureSources);
export const valueStatus = pgEnum("value_status", valueStatuses);
export const areaLevel = pgEnum("area_level", areaLevels);
export const ragAmberRule = pgEnum("rag_amber_rule", ragAmberRules);

export const measures = pgTable("measures", {
  id: serial("id").primaryKey(),
  code: text("code").notNull().unique(),
  title: text("title").notNull(),
  definition: text("definition").notNull(),
  unit: measureUnit("unit").notNull(),
  polarity: measurePolarity("polarity").notNull(),
  frequency: measureFrequency("frequency").notNull(),
  decimals: integer("decimals").notNull().default(0),
  source: measureSource("source").notNull().default("entered"),
  owner: text("owner"),
  version: integer("version").notNull().default(1),
});

export const measurePriorities = pgTable(
  "measure_priorities",
  {
    measureId: integer("measure_id")
      .notNull()
      .references(() => measures.id, { onDelete: "cascade" }),
    priorityId: integer("priority_id")
      .notNull()
      .references(() => priorities.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.priorityId] })],
);

export const measureTargets = pgTable(
  "measure_targets",
  {
    id: serial("id").primaryKey(),
    measureId: integer("measure_id")
      .notNull()
      .references(() => measures.id, { onDelete: "cascade" }),
    planYear: integer("plan_year").notNull(),
    value: doublePrecision("value").notNull(),
    /** How far from the target, in the measure's units, is still amber. */
    tolerance: doublePrecision("tolerance").notNull().default(0),
    /** A target met once (a net gain of 15 foster carers), shown blue when achieved. */
    oneOff: boolean("one_off").notNull().default(false),
    achieved: boolean("achieved").notNull().default(false),
    note: text("note").notNull().default(""),
    version: integer("version").notNull().default(1),
  },
  (t) => [unique("measure_targets_year").on(t.measureId, t.planYear)],
);

/** A measure's value for a period, identified by the period's last day. */
export const measureValues = pgTable(
  "measure_values",
  {
    id: serial("id").primaryKey(),
    measureId: integer("measure_id")
      .notNull()
      .references(() => measures.id, { onDelete: "cascade" }),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    value: doublePrecision("value").notNull(),
    numerator: doublePrecision("numerator"),
    denominator: doublePrecision("denominator"),
    status: valueStatus("status").notNull().default("final"),
    note: text("note").notNull().default(""),
    /** Where the figure came from: who typed it, or which file it was imported from. */
    provenance: text("provenance").notNull(),
    /** For a computed value, its lineage: from case records, the definition and version, its query's hash, the extracts, the calendar and when; from case audits, how many audits, how many synthetic. */
    lineage: jsonb("lineage"),
    version: integer("version").notNull().default(1),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("measure_values_period").on(t.measureId, t.periodEnd)],
);

/** What the measure's owner says about a period: required before approval when red or concerning. */
export const measureCommentary = pgTable(
  "measure_commentary",
  {
    id: serial("id").primaryKey(),
    measureId: integer("measure_id")
      .notNull()
      .references(() => measures.id, { onDelete: "cascade" }),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    text: text("text").notNull(),
    /** The text is the commentary Waymark wrote from the figures, saved without a change. */
    generated: boolean("generated").notNull().default(false),
    author: text("author").notNull(),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [unique("measure_commentary_period").on(t.measureId, t.periodEnd)],
);

/** Where a measure's SPC limits are recalculated from, and why. */
export const spcBaselines = pgTable("spc_baselines", {
  id: serial("id").primaryKey(),
  measureId: integer("measure_id")
    .notNull()
    .references(() => measures.id, { onDelete: "cascade" }),
  fromPeriod: date("from_period", { mode: "string" }).notNull(),
  reason: text("reason").notNull(),
  setBy: text("set_by").notNull(),
  setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Published values for a measure from DfE statistics: England, regions and councils. */
export const benchmarkValues = pgTable(
  "benchmark_values",
  {
    id: serial("id").primaryKey(),
    measureId: integer("measure_id")
      .notNull()
      .references(() => measures.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    level: areaLevel("level").notNull(),
    areaCode: text("area_code").notNull(),
    areaName: text("area_name").notNull(),
    /** For a council's row, the region the file places it in: its region is compared with it. */
    regionCode: text("region_code"),
    value: doublePrecision("value"),
    /** A DfE suppression symbol (c, z, k, x, low, u) where there is no value: never read as zero. */
    symbol: text("symbol"),
    numerator: doublePrecision("numerator"),
    denominator: doublePrecision("denominator"),
    source: text("source").notNull(),
  },
  (t) => [unique("benchmark_values_area").on(t.measureId, t.year, t.level, t.areaCode)],
);

/**
 * Figures that need every council's value (quartile band, rank, the mean of good and outstanding
 * councils): computed when a file of all councils is imported, or typed from published tables.
 */
export const benchmarkSummaries = pgTable(
  "benchmark_summaries",
  {
    id: serial("id").primaryKey(),
    measureId: integer("measure_id")
      .notNull()
      .references(() => measures.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    councilCode: text("council_code").notNull(),
    quartileBand: text("quartile_band"),
    rank: integer("rank"),
    rankOf: integer("rank_of"),
    goodOrOutstandingMean: doublePrecision("good_or_outstanding_mean"),
    goodOrOutstandingCount: integer("good_or_outstanding_count"),
    source: text("source").notNull(),
  },
  (t) => [unique("benchmark_summaries_year").on(t.measureId, t.year, t.councilCode)],
);

/** A council's statistical neighbours as published on a date: sets change (2021 and 2025 differ). */
export const neighbourSets = pgTable(
  "neighbour_sets",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    year: integer("year").notNull(),
    councilCode: text("council_code").notNull(),
  },
  (t) => [unique("neighbour_sets_year").on(t.councilCode, t.year)],
);

export const neighbourSetMembers = pgTable(
  "neighbour_set_members",
  {
    setId: integer("set_id")
      .notNull()
      .references(() => neighbourSets.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    closeness: text("closeness").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.setId, t.position] })],
);

export const valueImportState = pgEnum("value_import_state", valueImportStates);

/**
 * Each values file someone imported, by its SHA-256, and what became of it: received (its rows
 * checked and staged, waiting to be applied), applied (it changed what is stored), unchanged
 * (every value in it was already stored) or refused (its problems counted, and the first of them
 * kept to show). A file imported again after its values were changed in the app is applied again,
 * and recorded again.
 */
export const valueImports = pgTable(
  "value_imports",
  {
    id: serial("id").primaryKey(),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    state: valueImportState("state").notNull().default("received"),
    /** The rows of values the file holds (for a refused file, those read before it was refused). */
    rows: integer("rows").notNull(),
    /** What applying it did: null until it is applied, and for imports recorded before these were counted. */
    added: integer("added"),
    changed: integer("changed"),
    unchanged: integer("unchanged"),
    problems: integer("problems").notNull().default(0),
    /** The first problems and warnings, each with its row and column, as the import's page lists them. */
    listedProblems: jsonb("listed_problems").$type<{ row: number; column: string; message: string }[]>().notNull().default([]),
    warnings: integer("warnings").notNull().default(0),
    listedWarnings: jsonb("listed_warnings").$type<{ row: number; column: string; message: string }[]>().notNull().default([]),
    importedBy: text("imported_by").notNull(),
    /** When the file was received. */
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp("applied_at", { withTimezone: true }),
  },
  (t) => [index("value_imports_sha256").on(t.sha256), index("value_imports_imported_at").on(t.importedAt)],
);

export const valueImportOutcome = pgEnum("value_import_outcome", valueImportOutcomes);

/**
 * A values file's checked rows, staged when it is received and moved into measure_values when it
 * is applied. They are kept afterwards as the import's detail: the audit event of an import names
 * the import, and these rows say what each value it added or changed was before and became.
 */
export const valueImportRows = pgTable(
  "value_import_rows",
  {
    importId: integer("import_id")
      .notNull()
      .references(() => valueImports.id),
    /** The row in the file (the header being row 1). */
    row: integer("row").notNull(),
    code: text("code").notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    value: doublePrecision("value").notNull(),
    numerator: doublePrecision("numerator"),
    denominator: doublePrecision("denominator"),
    status: valueStatus("status").notNull(),
    note: text("note").notNull(),
    /** Set when applied: what the row did, to which stored value, and what that value was before. */
    outcome: valueImportOutcome("outcome"),
    valueId: integer("value_id"),
    wasValue: doublePrecision("was_value"),
    wasNumerator: doublePrecision("was_numerator"),
    wasDenominator: doublePrecision("was_denominator"),
    wasStatus: valueStatus("was_status"),
    wasNote: text("was_note"),
  },
  (t) => [primaryKey({ columns: [t.importId, t.row] }), index("value_import_rows_value").on(t.valueId)],
);

/** Which published file, column and filter values feed a measure's benchmarks. */
export const benchmarkMappings = pgTable("benchmark_mappings", {
  measureId: integer("measure_id")
    .primaryKey()
    .references(() => measures.id, { onDelete: "cascade" }),
  /** The file's name as DfE publishes it, e.g. c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv. */
  fileName: text("file_name").notNull(),
  /** The published value's column; none when the value is derived from numerator and denominator. */
  column: text("column"),
  numeratorColumn: text("numerator_column"),
  denominatorColumn: text("denominator_column"),
  filters: jsonb("filters").$type<Record<string, string>>().notNull().default({}),
  /** Filter values that pick the numerator's row when it is not the value's row, e.g. another breakdown. */
  numeratorFilters: jsonb("numerator_filters").$type<Record<string, string>>().notNull().default({}),
  /** Filter values that pick the denominator's row, e.g. `{ breakdown: "Suitability total" }`. */
  denominatorFilters: jsonb("denominator_filters").$type<Record<string, string>>().notNull().default({}),
  /** The denominator taken from another measure's published values (a population), area by area and year by year. */
  denominatorMeasureId: integer("denominator_measure_id").references(() => measures.id, { onDelete: "restrict" }),
  /** When set, the value is derived: numerator ÷ denominator × this (100 for a percentage, 10,000 for a rate per 10,000). */
  scale: integer("scale"),
  timeColumn: text("time_column").notNull().default("time_period"),
  levelColumn: text("level_column").notNull().default("geographic_level"),
  version: integer("version").notNull().default(1),
});

/**
 * A DfE file an analyst has sent while setting up a measure's mapping: kept so that its columns
 * can be offered and its values previewed, step by step, before the mapping is saved.
 */
export const benchmarkMappingDrafts = pgTable("benchmark_mapping_drafts", {
  id: serial("id").primaryKey(),
  measureId: integer("measure_id")
    .notNull()
    .references(() => measures.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  content: bytes("content").notNull(),
  sentBy: text("sent_by").notNull(),
  sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Ofsted's latest overall judgement of each council's children's services (ILACS). */
export const ofstedJudgements = pgTable("ofsted_judgements", {
  councilCode: text("council_code").primaryKey(),
  councilName: text("council_name").notNull(),
  judgement: text("judgement").notNull(),
  publishedOn: date("published_on", { mode: "string" }),
});

/**
 * The council's rule for RAG, one row: how amber is judged (within each target's tolerance, or
 * within a per cent of the target) and whether a value exactly on target is green.
 */
export const ragSettings = pgTable(
  "rag_settings",
  {
    id: integer("id").primaryKey().default(1),
    amberRule: ragAmberRule("amber_rule").notNull().default("tolerance"),
    /** For the per-cent rule: how far worse than target, as a per cent of the target, is still amber. */
    amberPercent: doublePrecision("amber_percent").notNull().default(5),
    onTargetGreen: boolean("on_target_green").notNull().default(true),
    version: integer("version").notNull().default(1),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("rag_settings_one_row", sql`${t.id} = 1`)],
);

export const referenceImportKind = pgEnum("reference_import_kind", referenceImportKinds);
export const referenceImportState = pgEnum("reference_import_state", referenceImportStates);

/**
 * Each reference file sent in the app (a DfE statistics file for a measure's benchmarks, DfE's
 * statistical-neighbour model, Ofsted's judgements), kept as sent while a job imports it: received
 * (waiting for its job), imported, refused (the file's problems are its result) or failed (the job
 * stopped and nothing changed). The result is what the import's page shows when it is done.
 */
export const referenceImports = pgTable("reference_imports", {
  id: serial("id").primaryKey(),
  kind: referenceImportKind("kind").notNull(),
  fileName: text("file_name").notNull(),
  content: bytes("content").notNull(),
  sha256: text("sha256").notNull(),
  /** The measure a DfE statistics file is for; null for the other kinds. */
  measureCode: text("measure_code"),
  /** The year DfE published a neighbour model; null for the other kinds. */
  year: integer("year"),
  sentBy: text("sent_by").notNull(),
  state: referenceImportState("state").notNull().default("received"),
  /** What the import did or why the file was refused, once its job is done. */
  result: jsonb("result").$type<object>(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
});
