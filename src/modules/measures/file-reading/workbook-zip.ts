import { inflateRawSync } from "node:zlib";
import { UnreadableFileError } from "../../../core/file-problems.ts";
import { counted, fileLimits, type FileLimits, megabytes } from "../../../core/upload-limits.ts";

/**
 * Checks a workbook (.xlsx, a zip of XML parts) before anything reads it: from the zip's own
 * directory, how large each part and the whole would be unpacked; then, unpacking each part with
 * a ceiling of the size it claims, that none is larger than it says (a "zip bomb" can lie), and
 * that no sheet has more rows than an import takes. A workbook past any limit is refused whole.
 */
export function checkWorkbookZip(zip: Uint8Array, limits: Pick<FileLimits, "rows" | "workbookPartBytes" | "workbookBytes"> = fileLimits): void {
  const bytes = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const notWorkbook = () => new UnreadableFileError("This is not an Excel workbook (.xlsx): save it from Excel as an .xlsx file or as CSV UTF-8");
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) throw notWorkbook();
  const end = endOfDirectory(bytes);
  if (!end) throw notWorkbook();
  let offset = end.directoryOffset;
  let total = 0;
  for (let n = 0; n < end.entries; n++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) throw notWorkbook();
    const method = bytes.readUInt16LE(offset + 10);
    const compressed = bytes.readUInt32LE(offset + 20);
    const size = bytes.readUInt32LE(offset + 24);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const local = bytes.readUInt32LE(offset + 42);
    const name = bytes.toString("utf8", offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;

    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw tooLarge(`the part ${name} is over 4 GB unpacked`);
    if (size > limits.workbookPartBytes) throw tooLarge(`the part ${name} would be ${megabytes(size)} unpacked; the limit for one part is ${megabytes(limits.workbookPartBytes)}`);
    total += size;
    if (total > limits.workbookBytes) throw tooLarge(`its parts would be over ${megabytes(limits.workbookBytes)} unpacked, the limit for a workbook`);

    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) throw notWorkbook();
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + compressed);
    if (data.length !== compressed) throw notWorkbook();
    let unpacked: Buffer;
    if (method === 0) unpacked = data;
    else if (method === 8) {
      try {
        // The part may not unpack to more than it claims: a ceiling of its own stated size.
        unpacked = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
      } catch (error) {
        if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(`the part ${name} unpacks to more than the ${megabytes(size)} it claims`);
        throw notWorkbook();
      }
    } else throw notWorkbook();
    if (unpacked.length !== size) throw tooLarge(`the part ${name} does not unpack to the size it claims`);
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
      const rows = countRows(unpacked);
      if (rows > limits.rows + 1) throw new UnreadableFileError(`The workbook is too long: its sheet ${name.slice("xl/worksheets/".length)} has ${counted(rows)} rows; the limit is ${counted(limits.rows)} rows below the header. Split it into smaller files`);
    }
  }
}

const tooLarge = (why: string) => new UnreadableFileError(`The workbook is too large: ${why}`);

function endOfDirectory(bytes: Buffer): { entries: number; directoryOffset: number } | null {
  // The end record is the last 22 bytes, unless a comment (at most 65,535 bytes) follows it.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) !== 0x06054b50) continue;
    const entries = bytes.readUInt16LE(at + 10);
    const directoryOffset = bytes.readUInt32LE(at + 16);
    if (entries === 0xffff || directoryOffset === 0xffffffff || directoryOffset > at) return null;
    return { entries, directoryOffset };
  }
  return null;
}

/** Rows of a sheet's XML: each `<row …>` element, with or without a namespace prefix. */
function countRows(xml: Buffer): number {
  return xml.toString("latin1").match(/<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g)?.length ?? 0;
}
