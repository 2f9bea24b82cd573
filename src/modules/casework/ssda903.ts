import { basename } from "node:path";
import { asWritten, DroppedFields, fileSha256, ukDate, type CaseFile } from "./case-files.ts";
import { CaseFileProblems, type CaseFileProblem } from "./case-file-problems.ts";
import { csvHeadings, csvRecords } from "./csv-records.ts";
import { filesHash, type CaseRow, type CaseRows, type PreparedExtract } from "./loading.ts";
import type { StoreTableName } from "./store-repository.ts";
import { ssda903Codes } from "./ssda903-codes.ts";
import { ssda903Tables, type Checked, type Ssda903Table } from "./ssda903-tables.ts";

/**
 * The SSDA903 return (children looked after) as its CSV files: header, episodes, reviews, uasc,
 * oc2, oc3, ad1, placed_for_adoption, previous_permanence, missing, sw_episodes and dolo, dates
 * written dd/mm/yyyy. Every row is checked against the return's rules (its codes, its dates, an
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
function tableOf(fileName: string): Ssda903Table | undefined {
  const stem = basename(fileName).replace(/\.[^.]*$/, "").toLowerCase().replace(/[^a-z0-9]+/g, "_");
  const byLength = [...ssda903Tables].sort((a, b) => b.name.length - a.name.length);
  return byLength.find((table) => stem === table.name || stem.endsWith(`_${table.name}`) || stem.startsWith(`${table.name}_`));
}

const tableNames = ssda903Tables.map((table) => `${table.name}.csv`).join(", ");

/** An episode's span, kept per child to find the next episode that begins before it ends. */
interface LastEpisode {
  start: string;
  end: string | null;
  row: number;
}

/** Checks the rows of one file, one at a time, keeping what it needs between them. */
class RowChecker {
  readonly #lastEpisode = new Map<string, LastEpisode>();

  constructor(
    private readonly table: Ssda903Table,
    private readonly file: string,
  ) {}

  /** The row's fields checked, or null with its problems added (a row is loaded only if it has none). */
  check(row: number, cells: Record<string, string>, problems: CaseFileProblems, dropped: DroppedFields | null): Checked | null {
    const place = `row ${String(row)}`;
    const found: CaseFileProblem[] = [];
    const problem = (field: string, message: string) => found.push({ file: this.file, place, field, message });
    const checked: Checked = {};
    for (const [field, value] of Object.entries(cells)) {
      const rule = this.table.fields[field];
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
    if (found.length === 0) this.crossCheck(row, checked, problem);
    for (const each of found) problems.add(each);
    return found.length === 0 ? checked : null;
  }

  /** The rules between a row's fields, and between an episode and the child's one before it. */
  private crossCheck(row: number, f: Checked, problem: (field: string, message: string) => void): void {
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
    if (this.table.name === "episodes" && f.CHILD && f.DECOM) {
      const last = this.#lastEpisode.get(f.CHILD);
      if (last && f.DECOM > last.start && (last.end === null || f.DECOM < last.end)) {
        problem("DECOM", last.end === null ? `begins while the child's episode from row ${String(last.row)} has not ended` : `begins before the child's episode from row ${String(last.row)} ended`);
      } else if (last && f.DECOM < last.start && (f.DEC === null || f.DEC === undefined || f.DEC > last.start)) {
        problem("DEC", `the episode runs on past the start of the child's episode from row ${String(last.row)}`);
      }
      if (!last || f.DECOM >= last.start) this.#lastEpisode.set(f.CHILD, { start: f.DECOM, end: f.DEC ?? null, row });
    }
  }
}

/** Reads and checks an SSDA903 return's CSV files, ready to load. */
export async function prepareSsda903(files: readonly CaseFile[], settings: Ssda903Settings): Promise<PreparedExtract> {
  const problems = new CaseFileProblems();
  const dropped = new DroppedFields();
  const tables: { file: CaseFile; table: Ssda903Table }[] = [];
  for (const file of files) {
    const table = tableOf(file.name);
    if (!table) problems.add({ file: file.name, place: "", field: "", message: `is not one of the SSDA903 tables: ${tableNames}` });
    else if (tables.some((other) => other.table === table)) problems.add({ file: file.name, place: "", field: "", message: `holds the ${table.name} table, as another file does: send each table once` });
    else tables.push({ file, table });
  }
  if (!tables.some(({ table }) => table.name === "header")) problems.add({ file: "header.csv", place: "", field: "", message: "is needed: it holds each child's date of birth and sex" });
  const hashes = await Promise.all(files.map(async (file) => ({ name: file.name, sha256: await fileSha256(file) })));

  let rowCount = 0;
  for (const { file, table } of tables) {
    const headings = await csvHeadings(file);
    // An empty file is a table with no rows (a council with no missing episodes in the year).
    if (headings.length === 0) continue;
    const missing = Object.entries(table.fields).filter(([field, rule]) => (rule.kind === "child" || ("required" in rule && rule.required)) && !headings.includes(field));
    for (const [field] of missing) problems.add({ file: file.name, place: "row 1", field, message: "this column is missing" });
    if (missing.length > 0) continue;
    const checker = new RowChecker(table, file.name);
    for await (const { row, cells } of csvRecords(file)) {
      rowCount += 1;
      checker.check(row, cells, problems, dropped);
    }
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
    sameRecord: (name) => tables.find(({ table }) => table.store({}, year).some((made) => made.table === name))?.table.sameRecord ?? "the record's fields",
    async *rows() {
      for (const { file, table } of tables) {
        const checker = new RowChecker(table, file.name);
        const pending = new Map<StoreTableName, CaseRow[]>();
        for await (const { row, cells } of csvRecords(file)) {
          const checked = checker.check(row, cells, new CaseFileProblems(0), null);
          if (!checked) continue;
          for (const made of table.store(checked, year)) {
            const rows = pending.get(made.table) ?? [];
            rows.push({ ...made.row, file: file.name, place: `row ${String(row)}` });
            pending.set(made.table, rows);
            if (rows.length >= 1000) {
              yield { table: made.table, rows } satisfies CaseRows;
              pending.set(made.table, []);
            }
          }
        }
        for (const [name, rows] of pending) if (rows.length > 0) yield { table: name, rows };
      }
    },
  };
}
