import { asWritten, councilAndDate, DroppedFields, fileSha256, isoDate, type CaseFile, tableNamedIn } from "./case-files.ts";
import { CaseFileProblems, type CaseFileProblem } from "./case-file-problems.ts";
import { csvHeadings, csvRecords } from "./csv-records.ts";
import { filesHash, type CaseRow, type PreparedExtract } from "./loading.ts";
import { storeTables, type StoreTable, type StoreTableName } from "./store-repository.ts";

/** What the analyst tells the import that an SSD extract does not say. */
export interface SsdExtractSettings {
  /** The council the extract is from: DfE's three-digit code. */
  laCode: string;
  /** The day the extract was taken from the case system, as YYYY-MM-DD; the day of the import when not given. */
  extractDate?: string | null;
}

/** The SSD's tables that the store does not hold: their files are counted, never stored. */
const tablesNotKept = [
  "ssd_address",
  "ssd_assessment_factors",
  "ssd_cla_convictions",
  "ssd_cla_immunisations",
  "ssd_cla_substance_misuse",
  "ssd_early_help_episodes",
  "ssd_ehcp_active_plans",
  "ssd_ehcp_assessment",
  "ssd_ehcp_named_plan",
  "ssd_ehcp_requests",
  "ssd_family",
  "ssd_linked_identifiers",
  "ssd_mother",
  "ssd_pre_proceedings",
  "ssd_s251_finance",
  "ssd_sdq_scores",
  "ssd_sen_need",
  "ssd_send",
  "ssd_voice_of_child",
] as const;

const versionLog = "ssd_version_log";

/** Every SSD table name. */
const ssdTableNames = [...[...storeTables.keys()].filter((name) => name.startsWith("ssd_")), ...tablesNotKept, versionLog];

/** The SSD table a file holds, by its name: `ssd_cin_episodes.csv`, `879_ssd_cin_episodes_2025-04-30.csv`. */
const tableOf = (fileName: string): string | undefined => tableNamedIn(fileName, ssdTableNames);

/** Columns the store lacks that identify a person or place, or hold free text: dropped and counted by their own name. */
const identifying = /^addr_|_(common_child_id|legacy_id|staff_id|upn|former_upn|uln|nhs_number|postcode|post_code|address|address_json|name|forename|surname|first_name|last_name|registration_no|identifier_value|notes?|comments?|narrative|free_text)$/;

/** The SSD's nchar(1) flags, which hold Y or N (`cine_referral_nfa`, `cppl_cp_plan_ola`, `clav_cla_visit_seen`…). */
const flag = /_(nfa|flag|seen|seen_alone|bedroom|cancelled|ola|transfer_in|quorate|continue_cp|is_mother|registered)$/;

/** Pairs of dates where the first may not come before the second, besides each `_end_date` and its `_start_date`. */
const endsAndStarts: readonly [string, string][] = [
  ["cine_close_date", "cine_referral_date"],
  ["clae_cla_episode_ceased_date", "clae_cla_episode_start_date"],
  ["cina_assessment_auth_date", "cina_assessment_start_date"],
  ["pers_death_date", "pers_dob"],
];

/** What becomes of a column of a kept table's file. */
type ColumnPlan =
  | { kind: "keep"; column: string; type: "text" | "date" | "integer" | "number" | "flag"; required: boolean }
  | { kind: "registration" }
  | { kind: "drop"; label: string };

/** Values of a row on their way to the store, by store column. */
type Values = Record<string, string | number | null>;

/** The child of each period of care (`clae_cla_id`), for reviews whose file does not name them. */
type ChildOfCare = Map<string, string>;

/** What an SSD deployment writes in a field it does not fill yet: read as empty. */
const placeholder = "PLACEHOLDER_DATA";

/** Reads the rows of one kept table's file: knows what each of its columns becomes, and checks them. */
class TableReader {
  readonly #plans: [string, ColumnPlan][];
  /** The file's heading for each store column it has. */
  readonly #headings = new Map<string, string>();
  readonly #dates: [string, string][];

  constructor(
    readonly table: StoreTable,
    readonly file: CaseFile,
    headings: readonly string[],
    /** For `ssd_cla_reviews` without `clar_person_id`: the children of the periods of care; else null. */
    private readonly childOfCare: ChildOfCare | null,
  ) {
    const columns = new Map(table.columns.map((column) => [column.name, column]));
    const required = new Set([...table.key, ...(table.person ? [table.person] : [])]);
    this.#plans = headings.map((heading): [string, ColumnPlan] => {
      const name = heading.toLowerCase();
      const column = columns.get(name);
      if (column) {
        this.#headings.set(name, heading);
        return [heading, { kind: "keep", column: name, type: column.type === "text" && flag.test(name) ? "flag" : column.type, required: required.has(name) }];
      }
      if (name === "prof_social_worker_registration_no" && columns.has("prof_social_worker_registered")) return [heading, { kind: "registration" }];
      return [heading, { kind: "drop", label: identifying.test(name) ? heading : `${heading} (not kept)` }];
    });
    const ends = table.columns.filter((column) => column.name.endsWith("_end_date")).map(({ name }): [string, string] => [name, name.replace(/_end_date$/, "_start_date")]);
    this.#dates = [...endsAndStarts, ...ends].filter(([end, start]) => this.#headings.has(end) && this.#headings.has(start) && columns.get(end)?.type === "date" && columns.get(start)?.type === "date");
  }

  /** A store column's cell in a row, as written; empty when the file does not have the column. */
  cell(cells: Record<string, string>, column: string): string {
    return cells[this.#headings.get(column) ?? ""] ?? "";
  }

  /** The columns the table requires that the file lacks (the heading is row 1). */
  missingColumns(): string[] {
    const required = [...this.table.key, ...(this.table.person && !this.childOfCare ? [this.table.person] : [])];
    return required.filter((column) => !this.#headings.has(column));
  }

  /** The row's store values, or null with its problems added (a row is loaded only if it has none). */
  read(row: number, cells: Record<string, string>, problems: CaseFileProblems, dropped: DroppedFields | null): Values | null {
    const place = `row ${String(row)}`;
    const found: CaseFileProblem[] = [];
    const problem = (field: string, message: string) => found.push({ file: this.file.name, place, field, message });
    const values: Values = {};
    for (const [heading, plan] of this.#plans) {
      const written = cells[heading] ?? "";
      const value = written === placeholder ? "" : written;
      if (plan.kind === "drop") {
        dropped?.drop(plan.label, value);
      } else if (plan.kind === "registration") {
        // The number itself is never kept: only whether the worker has one.
        dropped?.drop(heading, value);
        values.prof_social_worker_registered = value === "" ? "N" : "Y";
      } else if (value === "") {
        if (plan.required) problem(heading, "is required");
        values[plan.column] = null;
      } else {
        values[plan.column] = this.#value(plan.type, value, (message) => problem(heading, message));
      }
    }
    if (found.length === 0) {
      for (const [end, start] of this.#dates) {
        const [endHeading = end, startHeading = start] = [this.#headings.get(end), this.#headings.get(start)];
        const [ends, starts] = [values[end], values[start]];
        if (typeof ends === "string" && typeof starts === "string" && ends < starts) {
          problem(endHeading, `${asWritten(cells[endHeading] ?? ends)} is before ${startHeading} (${asWritten(cells[startHeading] ?? starts)}): a record cannot end before it begins`);
        }
      }
      if (this.childOfCare) this.#findChild(values, problem);
    }
    for (const each of found) problems.add(each);
    return found.length === 0 ? values : null;
  }

  #value(type: Extract<ColumnPlan, { kind: "keep" }>["type"], value: string, problem: (message: string) => void): string | number | null {
    switch (type) {
      case "date": {
        const iso = isoDate(value);
        if (!iso) problem(`${asWritten(value)} is not a date written as YYYY-MM-DD (a time may follow it)`);
        return iso;
      }
      case "integer":
        if (!/^-?\d+(\.0*)?$/.test(value)) problem(`${asWritten(value)} is not a whole number`);
        return Number.parseInt(value, 10);
      case "number":
        if (!/^-?(\d+\.?\d*|\.\d+)$/.test(value)) problem(`${asWritten(value)} is not a number`);
        return Number(value);
      case "flag":
        if (value !== "Y" && value !== "N") problem(`must be Y or N (or empty); it is ${asWritten(value)}`);
        return value;
      case "text":
        return value;
    }
  }

  /** A review's child, found from its period of care. */
  #findChild(values: Values, problem: (field: string, message: string) => void): void {
    const heading = this.#headings.get("clar_cla_id") ?? "clar_cla_id";
    const care = values.clar_cla_id;
    const child = typeof care === "string" ? this.childOfCare?.get(care) : undefined;
    if (child) values.clar_person_id = child;
    else if (typeof care === "string") problem(heading, `no row of ssd_cla_episodes.csv has this clae_cla_id (${asWritten(care)}), so the child reviewed is not known`);
    else problem(heading, "is required: the file has no clar_person_id, so the child reviewed is found from the period of care");
  }
}

/** How many rows a CSV file holds below its heading. */
async function rowsIn(file: CaseFile): Promise<number> {
  let rows = 0;
  const records = csvRecords(file);
  while (!(await records.next()).done) rows += 1;
  return rows;
}

/** The version a version log marks current, else the one released last, else its last row's. */
async function versionOf(file: CaseFile): Promise<string | null> {
  let current: string | null = null;
  let latest: { version: string; released: string } | null = null;
  for await (const { cells } of csvRecords(file)) {
    const version = cells.version_number ?? "";
    if (!version) continue;
    if (["1", "true", "y", "yes"].includes((cells.is_current ?? "").toLowerCase())) current = version;
    const released = isoDate(cells.release_date ?? "") ?? "";
    if (!latest || released >= latest.released) latest = { version, released };
  }
  return current ?? latest?.version ?? null;
}

/**
 * A council's Standard Safeguarding Dataset extract: one CSV file per `ssd_` table, as an SSD
 * deployment writes them (`ssd_cin_episodes.csv`, or with the council's prefix and a date,
 * `879_ssd_cin_episodes_2025-04-30.csv`).
 *
 * - The tables the casework store holds keep the store's columns, each checked by its type: dates
 *   as the SSD writes them (`2025-04-30`, `2025-04-30 09:15:00.000` or `2025-04-30T09:15:00Z`),
 *   whole numbers, numbers, Y/N flags. Each table's key and person columns are required, and a
 *   record may not end before it begins. PLACEHOLDER_DATA, which the SSD writes in fields it
 *   does not fill yet, is read as empty.
 * - Columns that identify people or places (the NHS number, the id in a former case system, staff
 *   ids, names, addresses, postcodes, UPNs, free text) are dropped and counted by name; any other column the store does not have is
 *   counted as "(not kept)". A worker's Social Work England number becomes the store's
 *   `prof_social_worker_registered` flag.
 * - SSD tables the store does not hold (addresses, SEND, EHCPs, linked identifiers…) are read only
 *   to count their rows. `ssd_version_log.csv`, when sent, names the SSD version in the label.
 * - The SSD reaches a looked-after review's child through the period of care: when
 *   `ssd_cla_reviews.csv` has no `clar_person_id`, the child is found from `clar_cla_id` in
 *   `ssd_cla_episodes.csv`.
 *
 * An extract names no council, so `settings.laCode` is required. Its files do not say when they
 * were taken either (their latest dates are only the latest events, and the version log's dates
 * are the SSD's releases), so the extract date is `settings.extractDate`, or else the day of the
 * import in England.
 */
export async function prepareSsdExtract(files: readonly CaseFile[], settings: SsdExtractSettings): Promise<PreparedExtract> {
  const problems = new CaseFileProblems();
  const dropped = new DroppedFields();
  const { laCode, extractDate } = councilAndDate(settings, "SSD extract", "An SSD extract", problems);

  const byTable = new Map<string, CaseFile>();
  for (const file of files) {
    const table = tableOf(file.name);
    if (!table) problems.add({ file: file.name, place: "", field: "", message: "is not a Standard Safeguarding Dataset table: its name should hold the table's, like ssd_cin_episodes.csv" });
    else if (byTable.has(table)) problems.add({ file: file.name, place: "", field: "", message: `holds the ${table} table, as ${byTable.get(table)?.name ?? "another file"} does: send each table once` });
    else byTable.set(table, file);
  }
  const hashes = await Promise.all(files.map(async (file) => ({ name: file.name, sha256: await fileSha256(file) })));

  let version: string | null = null;
  const versionFile = byTable.get(versionLog);
  if (versionFile) version = await versionOf(versionFile);
  for (const table of tablesNotKept) {
    const file = byTable.get(table);
    if (!file) continue;
    const rows = await rowsIn(file);
    if (rows > 0) dropped.counts[`${table}.csv (not kept)`] = rows;
  }

  // Kept tables in the store's order, so periods of care are read before their reviews.
  const readers: TableReader[] = [];
  let childOfCare: ChildOfCare | null = null;
  let rowCount = 0;
  for (const table of storeTables.values()) {
    const file = byTable.get(table.name);
    if (!file) continue;
    const headings = await csvHeadings(file);
    // An empty file is a table with no rows (a council with no missing episodes).
    if (headings.length === 0) continue;
    const findsChild = table.name === "ssd_cla_reviews" && !headings.some((heading) => heading.toLowerCase() === table.person);
    const reader = new TableReader(table, file, headings, findsChild ? (childOfCare ?? new Map()) : null);
    const missing = reader.missingColumns();
    for (const column of missing) problems.add({ file: file.name, place: "row 1", field: column, message: "this column is missing" });
    if (findsChild && !childOfCare) problems.add({ file: file.name, place: "row 1", field: "clar_person_id", message: "this column is missing, and without ssd_cla_episodes.csv the child reviewed cannot be found from clar_cla_id" });
    if (missing.length > 0 || (findsChild && !childOfCare)) continue;
    const episodes = table.name === "ssd_cla_episodes" ? new Map<string, string>() : null;
    for await (const { row, cells } of csvRecords(file)) {
      rowCount += 1;
      reader.read(row, cells, problems, dropped);
      // Taken as written, so a review is not blamed for a mistake in its period of care's row.
      const [care, child] = [reader.cell(cells, "clae_cla_id"), reader.cell(cells, "clae_person_id")];
      if (episodes && care && child && !episodes.has(care)) episodes.set(care, child);
    }
    if (episodes) childOfCare = episodes;
    readers.push(reader);
  }

  const names = files.map((file) => file.name).join(", ");
  return {
    laCode,
    source: "ssd",
    label: version ? `SSD extract ${/^v/i.test(version) ? version : `v${version}`}: ${names}` : `SSD extract: ${names}`,
    sha256: filesHash(hashes),
    extractDate,
    collectionYear: null,
    synthetic: false,
    dropped: dropped.counts,
    problems,
    rowCount,
    sameRecord: (table: StoreTableName) => storeTables.get(table)?.key.join(" and ") ?? "the record's id",
    async *rows() {
      for (const reader of readers) {
        const name = reader.table.name as StoreTableName;
        let rows: CaseRow[] = [];
        for await (const { row, cells } of csvRecords(reader.file)) {
          const values = reader.read(row, cells, new CaseFileProblems(0), null);
          if (!values) continue;
          rows.push({ ...values, file: reader.file.name, place: `row ${String(row)}` });
          if (rows.length >= 1000) {
            yield { table: name, rows };
            rows = [];
          }
        }
        if (rows.length > 0) yield { table: name, rows };
      }
    },
  };
}
