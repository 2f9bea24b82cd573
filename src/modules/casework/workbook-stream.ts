import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createInflateRaw } from "node:zlib";
import { SaxesParser } from "saxes";
import { UnreadableFileError } from "../../core/file-problems.ts";
import { fileLimits, type FileLimits, megabytes } from "../../core/upload-limits.ts";
import { startsAsZip, zipDirectoryEnd, zipDirectoryEntry, zipLocalHeaderLength, zipTailBytes, type ZipDirectoryEnd } from "../../core/zip.ts";
import { isoDate, type CaseFile } from "./case-files.ts";

/**
 * Reading an Excel workbook (.xlsx) from disk as a stream: sheet by sheet in the order Excel shows
 * them, row by row, each cell as its value, so a workbook of many thousand rows is never held
 * whole. An .xlsx file is a zip of XML parts; the parts a reading needs are few and named
 * (the workbook, its relationships, the shared text, the sheets), so they are unpacked and parsed
 * here directly, each when it is wanted.
 *
 * Why not exceljs's own streaming reader (4.4)? It meets the zip's parts in the order they are
 * stored, and when the sheets are stored before the shared text, as Excel stores them, it now and
 * then hands back a cell's text as a bare `{ sharedString: n }` reference, or loses a sheet
 * outright, without an error (exceljs issue 683, still open). An import must not change or lose
 * rows quietly, so here the parts are read in the order the reading needs them, the shared text
 * first and then each sheet, as a file on disk allows.
 *
 * Before anything is parsed the zip is checked from its own directory, and each part unpacked
 * once with a ceiling, so a "zip bomb" or a damaged file is refused whole in one sentence.
 */

/** A cell as its value: a formula as its last result, an Excel error as itself. Dates come as Excel writes them, serial numbers of days, unless the cell is typed as a date. */
export type CellValue = string | number | boolean | Date | { error: string } | null;

/** A row of a sheet, as read. */
export interface SheetRow {
  /** The row's number as Excel shows it, from 1. */
  number: number;
  /** The row's cells by column, from 0 for column A; a gap is an empty cell. */
  cells: CellValue[];
}

/** A part of the workbook's zip: where its packed bytes are, and how large it says it is unpacked. */
export interface WorkbookPart {
  name: string;
  method: number;
  start: number;
  compressed: number;
  size: number;
}

/** A workbook checked and ready to read: its parts by name, and the shared text its cells refer to. */
export interface Workbook {
  file: CaseFile;
  parts: Map<string, WorkbookPart>;
  /** The workbook's shared text, which cells refer to by number. */
  sharedStrings: string[];
}

/** The most one workbook may take unpacked, a part and the whole. */
export type WorkbookLimits = Pick<FileLimits, "workbookPartBytes" | "workbookBytes">;

/**
 * Checks a workbook's zip before it is read, reading no more than its directory at once: each
 * part's unpacked size and the whole's within the limits every workbook import keeps, the parts
 * end to end with nothing hidden between them, and each part unpacking to no more than it claims
 * (a "zip bomb" can lie). A workbook that fails is refused whole, saying why. Then reads the
 * shared text the sheets refer to.
 */
export async function openWorkbook(file: CaseFile, limits: WorkbookLimits = fileLimits): Promise<Workbook> {
  const notWorkbook = () => new UnreadableFileError(`${file.name} is not an Excel workbook (.xlsx), or it is damaged: save it from Excel as an .xlsx file and try again.`);
  const tooLarge = (why: string) => new UnreadableFileError(`${file.name} is too large: ${why}.`);
  const parts = new Map<string, WorkbookPart>();
  const handle = await open(file.path, "r");
  try {
    const size = (await handle.stat()).size;
    const read = async (length: number, position: number) => {
      const bytes = Buffer.alloc(length);
      await handle.read(bytes, 0, length, position);
      return bytes;
    };
    if (size < 22 || !startsAsZip(await read(4, 0))) throw notWorkbook();
    const tailLength = Math.min(size, zipTailBytes);
    const end = zipDirectoryEnd(await read(tailLength, size - tailLength), size - tailLength);
    // A directory of more than a megabyte is not a workbook's: it lists a few dozen parts.
    if (!end || end.directoryLength > 1024 * 1024) throw notWorkbook();
    const listed = listedParts(await read(end.directoryLength, end.directoryOffset), end, limits, tooLarge, notWorkbook);
    // The parts lie end to end from the start of the file to its directory (a data descriptor of
    // at most 16 bytes may follow each): a part the directory does not list has nowhere to hide.
    let next = 0;
    for (const entry of listed.sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)) {
      const local = entry.localHeaderOffset;
      if (local < next || local - next > 16 || (next === 0 && local !== 0)) throw notWorkbook();
      const headerLength = zipLocalHeaderLength(await read(30, local));
      if (headerLength === null) throw notWorkbook();
      const start = local + headerLength;
      if (start + entry.compressedSize > end.directoryOffset) throw notWorkbook();
      const part = { name: entry.name, method: entry.method, start, compressed: entry.compressedSize, size: entry.size };
      await checkPartUnpacks(file, part, tooLarge, notWorkbook);
      parts.set(part.name, part);
      next = start + part.compressed;
    }
    if (end.directoryOffset < next || end.directoryOffset - next > 16) throw notWorkbook();
  } finally {
    await handle.close();
  }
  if (!parts.has("xl/workbook.xml")) throw notWorkbook();
  const workbook: Workbook = { file, parts, sharedStrings: [] };
  const shared = parts.get("xl/sharedStrings.xml");
  if (shared) workbook.sharedStrings = await sharedStringsOf(file, shared);
  return workbook;
}

/** The parts the zip's directory lists, each within the limits for one part and all together within those for a workbook. */
function listedParts(directory: Buffer, end: ZipDirectoryEnd, limits: WorkbookLimits, tooLarge: (why: string) => Error, notWorkbook: () => Error) {
  const listed = [];
  let total = 0;
  for (let at = 0, n = 0; n < end.entries; n++) {
    const found = zipDirectoryEntry(directory, at);
    if (!found) throw notWorkbook();
    const { entry } = found;
    at = found.next;
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localHeaderOffset === 0xffffffff) throw tooLarge(`the part ${entry.name} is over 4 GB unpacked`);
    if (entry.size > limits.workbookPartBytes) throw tooLarge(`the part ${entry.name} would be ${megabytes(entry.size)} unpacked; the limit for one part is ${megabytes(limits.workbookPartBytes)}`);
    total += entry.size;
    if (total > limits.workbookBytes) throw tooLarge(`its parts would be over ${megabytes(limits.workbookBytes)} unpacked, the limit for a workbook`);
    listed.push(entry);
  }
  return listed;
}

/** Unpacks one part as a stream, stopping as soon as it passes the size it claims. */
async function checkPartUnpacks(file: CaseFile, part: WorkbookPart, tooLarge: (why: string) => Error, notWorkbook: () => Error): Promise<void> {
  if (part.method !== 0 && part.method !== 8) throw notWorkbook();
  if (part.method === 0 && part.compressed !== part.size) throw notWorkbook();
  // A folder's entry, or an empty part, holds nothing to unpack.
  if (part.compressed === 0) {
    if (part.size !== 0) throw notWorkbook();
    return;
  }
  let unpacked = 0;
  try {
    for await (const chunk of partStream(file, part)) {
      unpacked += (chunk as Buffer).length;
      if (unpacked > part.size) throw tooLarge(`the part ${part.name} unpacks to more than the ${megabytes(part.size)} it claims`);
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw notWorkbook();
  }
  if (unpacked !== part.size) throw tooLarge(`the part ${part.name} does not unpack to the size it claims`);
}

/** A part's bytes, unpacked, as a stream. */
function partStream(file: CaseFile, part: WorkbookPart): Readable {
  const packed = createReadStream(file.path, { start: part.start, end: part.start + part.compressed - 1 });
  return part.method === 0 ? packed : packed.pipe(createInflateRaw());
}

/** The shared text, in order; phonetic guides (for Japanese names) are not part of it. */
async function sharedStringsOf(file: CaseFile, part: WorkbookPart): Promise<string[]> {
  const sharedStrings: string[] = [];
  let text: string[] | null = null;
  let phonetic = 0;
  for await (const events of xmlEvents(file, part)) {
    for (const event of events) {
      if (event.kind === "open" && event.name === "si") text = [];
      else if (event.kind === "open" && event.name === "rPh") phonetic += 1;
      else if (event.kind === "close" && event.name === "rPh") phonetic -= 1;
      else if (event.kind === "text" && event.within === "t" && phonetic === 0) text?.push(event.text);
      else if (event.kind === "close" && event.name === "si") {
        sharedStrings.push((text ?? []).join(""));
        text = null;
      }
    }
  }
  return sharedStrings;
}

/** What the XML of a part holds, in order: elements opening (by local name) and closing, and text with the element it is in. */
type XmlEvent = { kind: "open"; name: string; attributes: Record<string, string> } | { kind: "close"; name: string } | { kind: "text"; text: string; within: string };

const localName = (name: string) => name.slice(name.indexOf(":") + 1);

/** A part's XML, parsed as it is unpacked: the events of each chunk at a time. */
async function* xmlEvents(file: CaseFile, part: WorkbookPart): AsyncGenerator<XmlEvent[]> {
  const parser = new SaxesParser();
  let events: XmlEvent[] = [];
  const open: string[] = [];
  parser.on("opentag", (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) attributes[localName(name)] = String(value);
    open.push(localName(tag.name));
    events.push({ kind: "open", name: localName(tag.name), attributes });
    if (tag.isSelfClosing) events.push({ kind: "close", name: open.pop() ?? "" });
  });
  parser.on("closetag", (tag) => {
    if (tag.isSelfClosing) return;
    open.pop();
    events.push({ kind: "close", name: localName(tag.name) });
  });
  parser.on("text", (text) => events.push({ kind: "text", text, within: open.at(-1) ?? "" }));
  parser.on("cdata", (text) => events.push({ kind: "text", text, within: open.at(-1) ?? "" }));
  const decoder = new StringDecoder("utf8");
  try {
    for await (const chunk of partStream(file, part)) {
      parser.write(decoder.write(chunk as Buffer));
      yield events;
      events = [];
    }
    parser.write(decoder.end()).close();
  } catch {
    throw new UnreadableFileError(`${file.name} is damaged: its part ${part.name} cannot be read.`);
  }
  yield events;
}

/** The workbook's sheets in the order Excel shows them, each with its part. */
export async function workbookSheets(workbook: Workbook): Promise<{ name: string; part: WorkbookPart }[]> {
  const { file, parts } = workbook;
  const targets = new Map<string, string>();
  const rels = parts.get("xl/_rels/workbook.xml.rels");
  if (rels) {
    for await (const events of xmlEvents(file, rels)) {
      for (const event of events) if (event.kind === "open" && event.name === "Relationship") targets.set(event.attributes.Id ?? "", event.attributes.Target ?? "");
    }
  }
  const sheets: { name: string; part: WorkbookPart }[] = [];
  for await (const events of xmlEvents(file, parts.get("xl/workbook.xml") as WorkbookPart)) {
    for (const event of events) {
      if (event.kind !== "open" || event.name !== "sheet") continue;
      const target = targets.get(event.attributes.id ?? "") ?? "";
      const part = parts.get(target.startsWith("/") ? target.slice(1) : `xl/${target}`);
      if (part) sheets.push({ name: event.attributes.name ?? "", part });
    }
  }
  return sheets;
}

/** A sheet's rows, read as a stream: each cell as its value, shared text looked up, a formula as its last result. */
export async function* sheetRows(workbook: Workbook, part: WorkbookPart): AsyncGenerator<SheetRow> {
  let row: SheetRow | null = null;
  let cell: { column: number; type: string; value: string[] } | null = null;
  let lastRow = 0;
  for await (const events of xmlEvents(workbook.file, part)) {
    for (const event of events) {
      if (event.kind === "open" && event.name === "row") {
        lastRow = Number(event.attributes.r ?? lastRow + 1);
        row = { number: lastRow, cells: [] };
      } else if (event.kind === "open" && event.name === "c" && row) {
        const column = columnOf(event.attributes.r) ?? row.cells.length;
        cell = { column, type: event.attributes.t ?? "n", value: [] };
      } else if (event.kind === "text" && cell && (event.within === "v" || (event.within === "t" && cell.type === "inlineStr"))) {
        cell.value.push(event.text);
      } else if (event.kind === "close" && event.name === "c" && row && cell) {
        row.cells[cell.column] = cellValue(cell.type, cell.value.join(""), workbook.sharedStrings);
        cell = null;
      } else if (event.kind === "close" && event.name === "row" && row) {
        yield row;
        row = null;
      }
    }
  }
}

/** The column of a cell reference, from 0: "A1" → 0, "AB7" → 27. */
function columnOf(reference: string | undefined): number | null {
  const letters = /^([A-Z]+)\d*$/.exec(reference ?? "")?.[1];
  if (!letters) return null;
  return [...letters].reduce((column, letter) => column * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}

function cellValue(type: string, written: string, sharedStrings: string[]): CellValue {
  if (written === "") return null;
  switch (type) {
    case "s":
      return sharedStrings[Number(written)] ?? null;
    case "str":
    case "inlineStr":
      return written;
    case "b":
      return written === "1";
    case "e":
      return { error: written };
    case "d": {
      const day = isoDate(written);
      return day ? new Date(`${day}T00:00:00Z`) : written;
    }
    default: {
      const number = Number(written);
      return Number.isFinite(number) ? number : written;
    }
  }
}
