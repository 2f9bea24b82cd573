import { asWritten, DroppedFields, fileSha256, ukDate, type CaseFile, tableNamedIn } from "./case-files.ts";
import { CaseFileProblems, type CaseFileProblem } from "./case-file-problems.ts";
import { csvHeadings, csvRecords } from "./csv-records.ts";
import { filesHash, type CaseRow, type CaseRows, type PreparedExtract } from "./loading.ts";
import type { StoreTableName } from "./store-repository.ts";
import { ssda903Codes } from "./ssda903-codes.ts";
import { ssda903Tables, type Checked, type Ssda903Table } from "./ssda903-tables.ts";
import { ssda903XmlSource } from "./ssda903-xml.ts";

/**
 * The SSDA903 return (children looked after) as its CSV files (header, episodes, reviews, uasc,
 * oc2, oc3, ad1, placed_for_adoption, previous_permanence, missing, sw_episodes and dolo) or as
 * its one XML file (ssda903-xml.ts), dates written dd/mm/yyyy. Every row is checked against the return's rules (its codes, its dates, an
 * episode that begins before the child's previous one ended), and every problem is listed with
 * its file, row and field. UPNs, postcodes and the birth dates of mothers' children are dropped.
 */

export interface Ssda903Settings {
  /** The council the return is for (it does not say): DfE's three-digit code. */
  laCode: string;
  /** The collection year, by the year it ends (2025 for 1 April 2024 to 31 March 2025). */
  collectionYear: number;
}

/** The table a file holds, by its name: `episodes.csv`, `903_episodes.csv`, `Episodes 2025.csv`. */
const tableOf = (fileName: string): Ssda903Table | undefined => ssda903Tables.find((table) => table.name === tableNamedIn(fileName, ssda903Tables.map((each) => each.name)));

const tableNames = ssda903Tables.map((table) => `${table.name}.csv`).join(", ");

/** An episode's span, kept per child to find the next episode that begins before it ends. */
interface LastEpisode {
  start: string;
  end: string | null;
  place: string;
}

/** A row of one of the return's tables, from a CSV file or the XML: where it is, and its fields by name. */
export interface SourceRow {
  table: Ssda903Table;
  file: string;
  /** "row 12" in a CSV file; the element's path in the XML (`CHILD[3]/EPISODE[2]`). */
  place: string;
  cells: Record<string, string>;
}

/** Checks a return's rows, one at a time, keeping what it needs between them (each child's last episode). */
class RowChecker {
  readonly #lastEpisode = new Map<string, LastEpisode>();

  /** The row's fields checked, or null with its problems added (a row is loaded only if it has none). */
  check({ table, file, place, cells }: SourceRow, problems: CaseFileProblems, dropped: DroppedFields | null): Checked | null {
    const found: CaseFileProblem[] = [];
    const problem = (field: string, message: string) => found.push({ file, place, field, message });
    const checked: Checked = {};
    for (const [field, value] of Object.entries(cells)) {
      const rule = table.fields[field];
      if (!rule || rule.kind === "drop") {
        dropped?.drop(rule ? field : `${field} (not a 903 field)`, value);
        continue;
      }
      if (rule.kind === "repeat") continue;
      if (value === "") {
        if (rule.kind === "child" || ("required" in rule && rule.required)) problem(field, "is required");
        checked[field] = null;
        continue;
      }
      switch (rule.kind) {
        case "child":
          if (value.length > 30) problem(field, "a child's id is at most 30 characters");
          checked[field] = value;
          break;
        case "date": {
          const iso = ukDate(value);
          if (!iso) problem(field, `${asWritten(value)} is not a date written as dd/mm/yyyy`);
          checked[field] = iso;
          break;
        }
        case "code":
          if (!ssda903Codes[rule.list].has(value)) problem(field, `${asWritten(value)} is not one of the codes the return allows (${[...ssda903Codes[rule.list]].slice(0, 12).join(", ")}${ssda903Codes[rule.list].size > 12 ? "…" : ""})`);
          checked[field] = value;
          break;
        case "whole":
          if (!/^\d+$/.test(value) || Number(value) < rule.min || Number(value) > rule.max) problem(field, `${asWritten(value)} is not a whole number from ${String(rule.min)} to ${String(rule.max)}`);
          checked[field] = value;
          break;
        case "text":
          checked[field] = value.slice(0, 200);
          break;
      }
    }
    if (found.length === 0) this.crossCheck(table, place, checked, problem);
    for (const each of found) problems.add(each);
    return found.length === 0 ? checked : null;
  }

  /** The rules between a row's fields, and between an episode and the child's one before it. */
  private crossCheck(table: Ssda903Table, place: string, f: Checked, problem: (field: string, message: string) => void): void {
    const before = (end: string, start: string) => {
      const [e, s] = [f[end], f[start]];
      if (e && s && e < s) problem(end, `ends before ${start}`);
    };
    before("DEC", "DECOM");
    before("MIS_END", "MIS_START");
    before("SW_DEC", "SW_DECOM");
    before("DATE_PLACED_CEASED", "DATE_PLACED");
    if (f.ACCOM) {
      const [type, suitable] = [f.ACCOM.charAt(0), f.ACCOM.slice(1)];
      if (!ssda903Codes.ACCOM_TYPE.has(type) || !["", "1", "2"].includes(suitable)) problem("ACCOM", `${asWritten(f.ACCOM)} is not an accommodation code: a letter for the kind of accommodation, then 1 if it is suitable or 2 if not`);
    }
    if (table.name === "episodes" && f.CHILD && f.DECOM) {
      const last = this.#lastEpisode.get(f.CHILD);
      if (last && f.DECOM > last.start && (last.end === null || f.DECOM < last.end)) {
        problem("DECOM", last.end === null ? `begins while the child's episode from ${last.place} has not ended` : `begins before the child's episode from ${last.place} ended`);
      } else if (last && f.DECOM < last.start && (f.DEC === null || f.DEC === undefined || f.DEC > last.start)) {
        problem("DEC", `the episode runs on past the start of the child's episode from ${last.place}`);
      }
      if (!last || f.DECOM >= last.start) this.#lastEpisode.set(f.CHILD, { start: f.DECOM, end: f.DEC ?? null, place });
    }
  }
}

/** Where a return's rows come from: its CSV files, one a table, or its XML file. */
interface RowSource {
  /** The tables the return holds, for what makes a record of each the same. */
  tables: readonly Ssda903Table[];
  rows(): AsyncGenerator<SourceRow>;
}

/** A return's CSV files, each read for its table; problems with the files as a whole (a table sent twice, a missing column) are added. */
async function csvSource(files: readonly CaseFile[], problems: CaseFileProblems): Promise<RowSource> {
  const tables: { file: CaseFile; table: Ssda903Table }[] = [];
  for (const file of files) {
    const table = tableOf(file.name);
    if (!table) problems.add({ file: file.name, place: "", field: "", message: `is not one of the SSDA903 tables: ${tableNames}, or the return as one XML file` });
    else if (tables.some((other) => other.table === table)) problems.add({ file: file.name, place: "", field: "", message: `holds the ${table.name} table, as another file does: send each table once` });
    else tables.push({ file, table });
  }
  if (!tables.some(({ table }) => table.name === "header")) problems.add({ file: "header.csv", place: "", field: "", message: "is needed: it holds each child's date of birth and sex" });
  const readable: typeof tables = [];
  for (const { file, table } of tables) {
    const headings = await csvHeadings(file);
    // An empty file is a table with no rows (a council with no missing episodes in the year).
    if (headings.length === 0) continue;
    const missing = Object.entries(table.fields).filter(([field, rule]) => (rule.kind === "child" || ("required" in rule && rule.required)) && !headings.includes(field));
    for (const [field] of missing) problems.add({ file: file.name, place: "row 1", field, message: "this column is missing" });
    if (missing.length === 0) readable.push({ file, table });
  }
  return {
    tables: tables.map(({ table }) => table),
    async *rows() {
      for (const { file, table } of readable) {
        for await (const { row, cells } of csvRecords(file)) yield { table, file: file.name, place: `row ${String(row)}`, cells };
      }
    },
  };
}

/** Reads and checks an SSDA903 return, its CSV files or its XML file, ready to load. */
export async function prepareSsda903(files: readonly CaseFile[], settings: Ssda903Settings): Promise<PreparedExtract> {
  const problems = new CaseFileProblems();
  const dropped = new DroppedFields();
  const [only] = files;
  const source = files.length === 1 && only && /\.xml$/i.test(only.name) ? ssda903XmlSource(only) : await csvSource(files, problems);
  const hashes = await Promise.all(files.map(async (file) => ({ name: file.name, sha256: await fileSha256(file) })));

  let rowCount = 0;
  const checker = new RowChecker();
  for await (const row of source.rows()) {
    rowCount += 1;
    checker.check(row, problems, dropped);
  }

  const year = settings.collectionYear;
  return {
    laCode: settings.laCode,
    source: "ssda903",
    label: files.map((file) => file.name).join(", "),
    sha256: filesHash(hashes),
    extractDate: `${String(year)}-03-31`,
    collectionYear: year,
    synthetic: false,
    dropped: dropped.counts,
    problems,
    rowCount,
    sameRecord: (name) => source.tables.find((table) => table.store({}, year).some((made) => made.table === name))?.sameRecord ?? "the record's fields",
    async *rows() {
      const again = new RowChecker();
      const pending = new Map<StoreTableName, CaseRow[]>();
      for await (const row of source.rows()) {
        const checked = again.check(row, new CaseFileProblems(0), null);
        if (!checked) continue;
        for (const made of row.table.store(checked, year)) {
          const rows = pending.get(made.table) ?? [];
          rows.push({ ...made.row, file: row.file, place: row.place });
          pending.set(made.table, rows);
          if (rows.length >= 1000) {
            yield { table: made.table, rows } satisfies CaseRows;
            pending.set(made.table, []);
          }
        }
      }
      for (const [name, rows] of pending) if (rows.length > 0) yield { table: name, rows };
    },
  };
}
