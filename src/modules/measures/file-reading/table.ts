import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { UnreadableFileError } from "../../../core/file-problems.ts";
import { counted, fileLimits, type FileLimits } from "../../../core/upload-limits.ts";
import { decodeText } from "./text.ts";
import { checkWorkbookZip } from "./workbook-zip.ts";

/** A row of a file as text, with the line (CSV) or row number (workbook) a person finds it at. */
export interface TableRow {
  line: number;
  cells: string[];
}

/** A sheet of a workbook, or the one table of a CSV file: its first row, trimmed, and the rows below it. */
export interface Sheet {
  name: string;
  header: string[];
  rows: TableRow[];
}

export type FileFormat = "csv" | "xlsx";

/**
 * Reads a CSV file or a workbook into sheets of text, within the limits every import shares:
 * rows, characters in a cell and in a line, and a workbook's unpacked size. This is the work
 * done off the request thread (see read-table.ts); it throws UnreadableFileError, in words a
 * person can act on, for a file it cannot read or that passes a limit.
 */
export async function parseFile(format: FileFormat, content: Uint8Array, limits: FileLimits = fileLimits): Promise<Sheet[]> {
  const sheets = format === "xlsx" ? await workbookSheets(content, limits) : [csvSheet(decodeText(content), limits)];
  for (const sheet of sheets) checkCells(sheet, limits);
  return sheets;
}

/** Reads CSV text (already decoded) into a sheet: ragged rows are kept as they are, for the importer to name. */
export function csvSheet(text: string, limits: Pick<FileLimits, "rows" | "lineCharacters"> = fileLimits): Sheet {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // csv-parse's types do not follow the info option, which wraps each record with its line.
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: limits.lineCharacters, to: limits.rows + 2 }) as unknown as typeof records;
  } catch (error) {
    throw new UnreadableFileError(csvProblem(error as { code?: string; lines?: number }, limits));
  }
  if (records.length > limits.rows + 1) throw new UnreadableFileError(`The file has more than ${counted(limits.rows)} rows below the header, the most one import takes: split it into smaller files`);
  const rows = records.map(({ record, info }) => ({
    // csv-parse counts the line a record ends on; a quoted cell may span lines.
    line: info.lines - record.reduce((breaks, cell) => breaks + cell.split("\n").length - 1, 0),
    cells: record,
  }));
  const [first, ...rest] = rows;
  return { name: "CSV", header: (first?.cells ?? []).map((name) => name.trim()), rows: rest };
}

function csvProblem(error: { code?: string; lines?: number }, limits: Pick<FileLimits, "lineCharacters">): string {
  const line = error.lines ?? 1;
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `The file cannot be read as CSV: a quote (") opened on or before line ${line} is never closed`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return `The file cannot be read as CSV: line ${line} has a quote (") in the middle of a cell; a cell with quotes in it must be quoted whole, with each quote doubled`;
    case "CSV_MAX_RECORD_SIZE":
      return `The file cannot be read as CSV: line ${line} is longer than ${counted(limits.lineCharacters)} characters, the most one line may have`;
    default:
      return `The file cannot be read as CSV at line ${line}: save it as CSV UTF-8 and try again`;
  }
}

async function workbookSheets(content: Uint8Array, limits: FileLimits): Promise<Sheet[]> {
  checkWorkbookZip(content, limits);
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own Buffer, which today's @types/node Buffer no longer matches.
  type ExcelBuffer = Parameters<typeof workbook.xlsx.load>[0];
  try {
    await workbook.xlsx.load(Buffer.from(content.buffer, content.byteOffset, content.byteLength) as unknown as ExcelBuffer);
  } catch {
    throw new UnreadableFileError("This is not an Excel workbook (.xlsx), or it is damaged: save it from Excel as an .xlsx file or as CSV UTF-8");
  }
  if (workbook.worksheets.length === 0) throw new UnreadableFileError("This is not an Excel workbook (.xlsx), or it is damaged: it has no sheets");
  return workbook.worksheets.map((worksheet) => {
    const rows: TableRow[] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, line) => {
      // row.values is sparse, from index 1: a gap is an empty cell.
      rows.push({ line, cells: Array.from((row.values as ExcelJS.CellValue[]).slice(1), (cell) => cellText(cell)) });
    });
    const [first, ...rest] = rows;
    return { name: worksheet.name, header: first?.line === 1 ? first.cells.map((name) => name.trim()) : [], rows: first?.line === 1 ? rest : rows };
  });
}

/** A cell as the text it shows: a date as YYYY-MM-DD, a formula as its result, rich text as its words. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("error" in value) return String(value.error);
    if ("formula" in value || "sharedFormula" in value) return cellText((value as { result?: ExcelJS.CellValue }).result);
    if ("text" in value) return cellText(value.text as ExcelJS.CellValue);
    return "";
  }
  return String(value);
}

function checkCells(sheet: Sheet, limits: Pick<FileLimits, "cellCharacters">): void {
  for (const row of [{ line: 1, cells: sheet.header }, ...sheet.rows]) {
    const at = row.cells.findIndex((cell) => cell.length > limits.cellCharacters);
    if (at >= 0) {
      const column = sheet.header[at] || `column ${String(at + 1)}`;
      throw new UnreadableFileError(`Row ${String(row.line)}, ${column}: the cell has ${counted(row.cells[at]?.length ?? 0)} characters; the limit is ${counted(limits.cellCharacters)}`);
    }
  }
}
