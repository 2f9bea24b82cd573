import { UnreadableFileError } from "../../core/file-problems.ts";
import { formatDate } from "../../core/format.ts";
import { codeWords, plainText, squash } from "./annex-a-cells.ts";
import { cinEpisodeDetails, droppedHeaders, droppedWords, lists, personColumns, sameRecord, unstoredLists, type AnnexAList, type ListRow, type Value } from "./annex-a-lists.ts";
import { CaseFileProblems } from "./case-file-problems.ts";
import { councilAndDate, DroppedFields, fileSha256, type CaseFile } from "./case-files.ts";
import { filesHash, type CaseRow, type CaseRows, type PreparedExtract } from "./loading.ts";
import type { StoreTableName } from "./store-repository.ts";
import { openWorkbook, sheetRows, workbookSheets, type CellValue, type SheetRow, type Workbook } from "./workbook-stream.ts";

/**
 * Ofsted's Annex A workbook: the lists of children a council sends inspectors before an ILACS
 * inspection, one sheet a list ("List 1" to "List 11"), read as a stream and checked cell by cell.
 *
 * Each list's columns are found by their headers, compared without case, spaces or punctuation,
 * so a column moved or renamed slightly between Annex A versions is still read. What each list
 * becomes in the store:
 * - List 1, contacts: `ssd_contacts`.
 * - List 2, early help: not stored (the store has no early-help table); its rows are counted in
 *   the extract's summary as "List 2".
 * - List 3, referrals, and List 6, children in need: `ssd_cin_episodes`, one per child and start
 *   date, so a referral that is also an open case in List 6 is one episode with List 6's primary
 *   need and closure added; List 6's "Date Child Was Last Seen" is a seen visit (`ssd_cin_visits`).
 *   Annex A gives no child-in-need plan dates, so nothing goes to `ssd_cin_plans`.
 * - List 4, assessments: `ssd_cin_assessments` ("requiring social care support" No = no further action).
 * - List 5, "section 47 enquiries": `ssd_s47_enquiry`, and `ssd_initial_cp_conference` where a
 *   conference date is given.
 * - List 7, child protection plans: `ssd_cp_plans`, the last statutory visit (`ssd_cp_visits`,
 *   seen when the child was seen alone) and the latest review conference (`ssd_cp_reviews`).
 * - List 8, children looked after: the period of care (`ssd_cla_episodes`), its legal status,
 *   latest placement, latest review and last social work visit; health and dental dates are not
 *   stored (the store's health checks need the council's own type codes).
 * - List 9, care leavers: `ssd_care_leavers`, one row per young person per extract date, since
 *   the list is a snapshot.
 * - List 10, adoption: `ssd_permanence`. List 11, adopters: not stored (adopters are not
 *   children, and the store keeps permanence per child); counted as "List 11".
 * Every child becomes an `ssd_person` (date of birth, sex and gender from Annex A's Gender,
 * ethnicity), an `ssd_disability` row where the disability question is answered (NONE for No; YES
 * for Yes, as Annex A does not say which) and an `ssd_immigration_status` row (UASC) where a list
 * says so. A child who appears in several lists must have the same details in each.
 *
 * Annex A gives no record ids: each record's is the child's id, the kind of record and its key
 * date (`12345|referral|2024-09-16`), so the same record in a later workbook, even from another
 * list, updates rather than duplicates. Staff names, postcodes and any column that looks like a
 * name, address, UPN, NHS number or comment are dropped and counted.
 *
 * Annex A names no council, so `settings.laCode` is required. It has no reference date either
 * (the latest date in it is only the latest event): the extract date is `settings.extractDate`,
 * or else the day of the import in England. It has no collection year.
 */
export async function prepareAnnexA(files: CaseFile[], settings: AnnexASettings): Promise<PreparedExtract> {
  const [file, ...others] = files;
  if (!file || others.length > 0) throw new UnreadableFileError(`An Annex A import takes one workbook (.xlsx); ${String(files.length)} files were given.`);
  const sha256 = await fileSha256(file);
  const workbook = await openWorkbook(file);

  const problems = new CaseFileProblems();
  const { laCode, extractDate } = councilAndDate(settings, file.name, "Annex A", problems);

  const reading = new Reading(extractDate);
  const dropped = new DroppedFields();
  let rowCount = 0;
  let listsFound = 0;
  for await (const event of workbookEvents(workbook)) {
    if (event.kind === "sheet") {
      listsFound += 1;
      const { sheet } = event;
      for (const missing of sheet.missing) {
        problems.add({ file: sheet.file, place: `row ${String(sheet.headerRow)}`, field: missing, message: `List ${String(sheet.list.number)} has no "${missing}" column, which Annex A requires: none of its rows can be read` });
      }
    } else if (event.kind === "row") {
      rowCount += 1;
      for (const [index, header] of event.sheet.dropped) dropped.drop(header, plainText(event.row.cells[index] ?? null));
      for (const problem of reading.check(event.sheet, event.row)) problems.add(problem);
    } else {
      listsFound += 1;
      if (event.rows > 0) dropped.counts[`List ${String(event.list)}`] = (dropped.counts[`List ${String(event.list)}`] ?? 0) + event.rows;
    }
  }
  if (listsFound === 0) problems.add({ file: file.name, place: "the workbook", field: "", message: `${file.name} holds none of the Annex A lists: its sheets should be named "List 1" to "List 11"` });

  return {
    laCode,
    source: "annex-a",
    label: file.name,
    sha256: filesHash([{ name: file.name, sha256 }]),
    extractDate,
    collectionYear: null,
    synthetic: false,
    dropped: dropped.counts,
    problems,
    rowCount,
    sameRecord: (table) => sameRecord[table] ?? "Child Unique ID",
    rows: () => reading.rows(workbook),
  };
}

/** What the analyst tells the import that the workbook does not say. */
export interface AnnexASettings {
  laCode?: string | null;
  /** The day the lists were taken from the case system, as YYYY-MM-DD; the day of the import when not given. */
  extractDate?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Reading the workbook

/** A list's sheet as found: where its header is, which column holds what, and what it lacks. */
interface ListSheet {
  /** The file and sheet, as problems name them: "Annex_A.xlsx, List 3". */
  file: string;
  /** The sheet's name: "List 3". */
  name: string;
  list: AnnexAList;
  headerRow: number;
  columns: Map<string, { index: number; header: string }>;
  dropped: [number, string][];
  /** Required columns the sheet does not have, by Annex A's header. */
  missing: string[];
}

type WorkbookEvent = { kind: "sheet"; sheet: ListSheet } | { kind: "row"; sheet: ListSheet; row: SheetRow } | { kind: "unstored"; list: number; rows: number };

/** How far down a sheet its header may be (below a title, say). */
const headerSearchRows = 10;

/** The sheet's list number: "List 3", "list 3 - referrals", "List3". */
function listNumberOf(sheetName: string): number | null {
  const found = /^list ?(\d{1,2})\b/.exec(squash(sheetName));
  return found ? Number(found[1]) : null;
}

/**
 * Reads the workbook as a stream, sheet by sheet and row by row, telling what it meets: each list
 * sheet once its header is found, each row below it with something in it, and how many rows the
 * lists the store does not hold have. Any other sheet is passed over.
 */
async function* workbookEvents(workbook: Workbook): AsyncGenerator<WorkbookEvent> {
  const { file } = workbook;
  for (const { name: sheetName, part } of await workbookSheets(workbook)) {
    const number = listNumberOf(sheetName);
    const list = lists.find((candidate) => candidate.number === number);
    const unstored = number === null ? undefined : unstoredLists.get(number);
    if (!list && !unstored) continue;
    const sheetFile = `${file.name}, ${sheetName}`;
    let sheet: ListSheet | null = null;
    let unstoredHeader = false;
    let unstoredRows = 0;
    let filled = 0;
    for await (const row of sheetRows(workbook, part)) {
      if (row.cells.every((cell) => plainText(cell ?? null) === "")) continue;
      filled += 1;
      if (list && sheet) yield { kind: "row", sheet, row };
      else if (list) {
        sheet = listSheet(sheetFile, sheetName, list, row.number, row.cells) ?? (row.number >= headerSearchRows ? headerless(sheetFile, sheetName, list) : null);
        if (sheet) yield { kind: "sheet", sheet };
      } else if (unstored) {
        if (unstoredHeader) unstoredRows += 1;
        else unstoredHeader = row.cells.some((cell) => unstored.some((header) => squash(plainText(cell ?? null)) === squash(header)));
      }
    }
    // A list with a few rows and no header in them.
    if (list && !sheet && filled > 0) yield { kind: "sheet", sheet: headerless(sheetFile, sheetName, list) };
    if (unstored && number !== null) yield { kind: "unstored", list: number, rows: unstoredRows };
  }
}

/** The sheet's layout when this row is its header (it names the child's id column), or null when it is not. */
function listSheet(file: string, name: string, list: AnnexAList, headerRow: number, cells: CellValue[]): ListSheet | null {
  const wanted = Object.entries({ ...personColumns, ...list.columns });
  const headers = Array.from(cells, (cell) => plainText(cell ?? null));
  const matches = (alias: string, header: string) => header === squash(alias) || header.startsWith(`${squash(alias)} `);
  if (!headers.some((header) => personColumns.child?.headers.some((alias) => matches(alias, squash(header))))) return null;
  const columns = new Map<string, { index: number; header: string }>();
  const dropped: [number, string][] = [];
  headers.forEach((written, index) => {
    const header = squash(written);
    if (!header) return;
    // A header equal to a column's name wins over one that only starts with it.
    const exact = wanted.find(([key, column]) => !columns.has(key) && column.headers.some((alias) => squash(alias) === header));
    const found = exact ?? wanted.find(([key, column]) => !columns.has(key) && column.headers.some((alias) => matches(alias, header)));
    if (found) columns.set(found[0], { index, header: written });
    else if (droppedHeaders.has(header) || droppedWords.test(header)) dropped.push([index, written]);
  });
  const missing = wanted.filter(([key, column]) => column.required && !columns.has(key)).map(([key, column]) => column.headers[0] ?? key);
  return { file, name, list, headerRow, columns, dropped, missing };
}

/** A list sheet whose header was not found: one problem for the sheet, and none of its rows read. */
function headerless(file: string, name: string, list: AnnexAList): ListSheet {
  return { file, name, list, headerRow: 1, columns: new Map(), dropped: [], missing: [personColumns.child?.headers[0] ?? "Child Unique ID"] };
}

// ---------------------------------------------------------------------------------------------
// Checking rows and making records

/** What the lists say of a child: the same in every list the child is in. */
interface Person {
  dob: Value;
  gender: Value;
  ethnicity: Value;
  disability: Value;
  uasc: boolean;
  file: string;
  list: string;
  place: string;
}

/** The details every list gives of a child, with what a problem calls them. */
const personFields = [
  ["dob", "date of birth"],
  ["gender", "gender"],
  ["ethnicity", "ethnicity"],
  ["disability", "disability answer"],
] as const;

/** A row's cells read for its list's columns, and what is wrong with them. */
interface ParsedRow {
  values: Map<string, Value>;
  problems: { field: string; message: string }[];
}

/**
 * The checking of a workbook's rows (the first reading) and the making of records from those
 * without problems (the second). Between them it holds what records need from other rows: each
 * child's details, the rows that had problems, and the referrals List 6 adds to.
 */
class Reading {
  private readonly persons = new Map<string, Person>();
  /** Rows with a problem, by file and row: none of their records is loaded. */
  private readonly invalid = new Set<string>();
  /** List 3's referrals, by child and date. */
  private readonly referrals = new Set<string>();
  /** What List 6 says of each episode, by child and start date. */
  private readonly episodes = new Map<string, Record<string, Value>>();

  constructor(private readonly extractDate: string) {}

  /** Checks a row, noting what later rows and records need; returns its problems. */
  check(sheet: ListSheet, row: SheetRow): { file: string; place: string; field: string; message: string }[] {
    const place = `row ${String(row.number)}`;
    if (sheet.missing.length > 0) {
      this.invalid.add(`${sheet.file}|${place}`);
      return [];
    }
    const parsed = parse(sheet, row);
    const child = parsed.values.get("child");
    if (parsed.problems.length === 0 && typeof child === "string") parsed.problems.push(...this.samePerson(child, parsed.values, sheet, place));
    if (parsed.problems.length > 0) {
      this.invalid.add(`${sheet.file}|${place}`);
      return parsed.problems.map((problem) => ({ file: sheet.file, place, ...problem }));
    }
    const key = `${String(child)}|${String(parsed.values.get(sheet.list.number === 3 ? "referralDate" : "startDate"))}`;
    if (sheet.list.number === 3) this.referrals.add(key);
    if (sheet.list.number === 6) this.episodes.set(key, cinEpisodeDetails((column) => parsed.values.get(column) ?? null));
    return [];
  }

  /** A child's details must agree with those other lists gave; those given for the first time are added. */
  private samePerson(child: string, values: Map<string, Value>, sheet: ListSheet, place: string): { field: string; message: string }[] {
    const { file, name: list } = sheet;
    const known = this.persons.get(child);
    const given = { dob: values.get("dob") ?? null, gender: values.get("gender") ?? null, ethnicity: values.get("ethnicity") ?? null, disability: values.get("disability") ?? null };
    if (!known) {
      this.persons.set(child, { ...given, uasc: values.get("uasc") === "Y", file, list, place });
      return [];
    }
    const differing = personFields.filter(([field]) => given[field] !== null && known[field] !== null && given[field] !== known[field]);
    const where = known.file === file ? known.place : `${known.list} ${known.place}`;
    if (differing.length > 0) {
      return differing.map(([field, noun]) => ({
        field: headerOf(field),
        message: `${shown(field, given[field])} here but ${shown(field, known[field])} in ${where}: a child's ${noun} must be the same in every list`,
      }));
    }
    for (const [field] of personFields) if (known[field] === null) known[field] = given[field];
    if (values.get("uasc") === "Y") known.uasc = true;
    return [];
  }

  /** The records of the rows without problems, read again from the file, in batches for the loader. */
  async *rows(workbook: Workbook): AsyncGenerator<CaseRows> {
    const batches = new Map<StoreTableName, CaseRow[]>();
    const add = (table: StoreTableName, row: CaseRow) => {
      const batch = batches.get(table) ?? [];
      batch.push(row);
      batches.set(table, batch);
      return batch.length >= recordsPerBatch;
    };
    for await (const event of workbookEvents(workbook)) {
      if (event.kind !== "row") continue;
      const { sheet, row } = event;
      const place = `row ${String(row.number)}`;
      if (this.invalid.has(`${sheet.file}|${place}`)) continue;
      const parsed = parse(sheet, row);
      const child = String(parsed.values.get("child"));
      const keyDate = parsed.values.get(sheet.list.number === 3 ? "referralDate" : "startDate") ?? null;
      const listRow: ListRow = {
        child,
        value: (column) => parsed.values.get(column) ?? null,
        id: (kind, key) => `${child}|${kind}|${String(key)}`,
        extractDate: this.extractDate,
        laterEpisode: sheet.list.number === 3 ? this.episodes.get(`${child}|${String(keyDate)}`) : undefined,
        listedAsReferral: sheet.list.number === 6 && this.referrals.has(`${child}|${String(keyDate)}`),
      };
      for (const record of sheet.list.records(listRow)) {
        if (add(record.table, { file: sheet.file, place, ...record.values })) {
          yield { table: record.table, rows: batches.get(record.table) ?? [] };
          batches.delete(record.table);
        }
      }
    }
    for (const [child, person] of this.persons) {
      const at = { file: person.file, place: person.place };
      add("ssd_person", { ...at, pers_person_id: child, pers_dob: person.dob, pers_sex: sexOf[String(person.gender)] ?? null, pers_gender: genderOf[String(person.gender)] ?? null, pers_ethnicity: person.ethnicity });
      const disability = { Y: "YES", N: "NONE" }[String(person.disability)];
      if (disability) add("ssd_disability", { ...at, disa_table_id: `${child}|disability`, disa_person_id: child, disa_disability_code: disability });
      if (person.uasc) add("ssd_immigration_status", { ...at, immi_immigration_status_id: `${child}|UASC`, immi_person_id: child, immi_immigration_status: "UASC" });
    }
    for (const [table, rows] of batches) if (rows.length > 0) yield { table, rows };
  }
}

/** The most records the loader is given at once. */
const recordsPerBatch = 2_000;

/** Annex A's Gender as the SSD's sex (M, F, U) and gender (01 male, 02 female, 00 not known, 09 neither). */
const sexOf: Record<string, string> = { M: "M", F: "F", U: "U" };
const genderOf: Record<string, string> = { M: "01", F: "02", U: "00", N: "09" };

/** A child's detail by the header Annex A gives it. */
const headerOf = (field: (typeof personFields)[number][0]) => personColumns[field]?.headers[0] ?? field;

function shown(field: (typeof personFields)[number][0], value: Value): string {
  if (field === "dob" && typeof value === "string") return formatDate(value);
  const words: Record<string, string> = { M: "Male", F: "Female", U: field === "gender" ? "Not stated/recorded" : "Unknown", N: field === "gender" ? "Neither" : "No", Y: "Yes" };
  return field === "gender" || field === "disability" ? (words[String(value)] ?? String(value)) : String(value);
}

/** Reads a row's cells for its list's columns, and checks what each list requires of them. */
function parse(sheet: ListSheet, row: SheetRow): ParsedRow {
  const values = new Map<string, Value>();
  const problems: ParsedRow["problems"] = [];
  const all = { ...personColumns, ...sheet.list.columns };
  for (const [key, column] of Object.entries(all)) {
    const at = sheet.columns.get(key);
    if (!at) continue;
    const cell = row.cells[at.index] ?? null;
    const read = column.read(cell);
    if ("problem" in read) {
      problems.push({ field: at.header, message: read.problem });
      continue;
    }
    values.set(key, read.value);
    if (column.keepWords) values.set(`${key}Words`, codeWords(cell));
    if (column.required && read.value === null) problems.push({ field: at.header, message: key === "child" ? "is empty: every row needs the child's id" : "is empty: every row of this list needs it" });
  }
  for (const [start, end] of sheet.list.order) {
    const from = values.get(start);
    const to = values.get(end);
    if (typeof from === "string" && typeof to === "string" && to < from) {
      problems.push({ field: sheet.columns.get(end)?.header ?? end, message: `${formatDate(to)} is before the ${sheet.columns.get(start)?.header ?? start}, ${formatDate(from)}` });
    }
  }
  return { values, problems };
}
