import { crc32, deflateRawSync } from "node:zlib";

/** The four bytes that open each kind of record in a zip (PKWARE's APPNOTE). */
const signatures = { localHeader: 0x04034b50, directoryEntry: 0x02014b50, directoryEnd: 0x06054b50 } as const;

/** A file to put in a zip: its path inside the archive ("plan/priorities/01.yaml") and its contents. */
export interface ZipEntry {
  path: string;
  data: Uint8Array | string;
}

const londonParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
  hourCycle: "h23",
});

/**
 * The MS-DOS date and time a zip records for its files: local (London) time to two seconds,
 * from 1980, the earliest the format can hold.
 */
export function dosDateTime(instant: Date): { date: number; time: number } {
  const parts = Object.fromEntries(londonParts.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  const year = parts.year ?? 1980;
  if (year < 1980) return { date: (1 << 5) | 1, time: 0 };
  const date = ((year - 1980) << 9) | ((parts.month ?? 1) << 5) | (parts.day ?? 1);
  const time = ((parts.hour ?? 0) << 11) | ((parts.minute ?? 0) << 5) | Math.floor((parts.second ?? 0) / 2);
  return { date, time };
}

/**
 * A zip archive of the given files, deflated, as every unzip tool and operating system reads it
 * (PKWARE's APPNOTE, without ZIP64: small archives only). Names are UTF-8. The same files and
 * time always give the same bytes.
 */
export function writeZip(entries: ZipEntry[], modifiedAt: Date): Buffer {
  const { date, time } = dosDateTime(modifiedAt);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (entry.path === "" || entry.path.startsWith("/") || entry.path.split("/").includes("..")) {
      throw new Error(`a zip entry needs a relative path: ${entry.path}`);
    }
    const name = Buffer.from(entry.path, "utf8");
    const data = typeof entry.data === "string" ? Buffer.from(entry.data, "utf8") : entry.data;
    const compressed = deflateRawSync(data);
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(signatures.localHeader, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0, deflate
    local.writeUInt16LE(0x0800, 6); // the name is UTF-8
    local.writeUInt16LE(8, 8); // deflated
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(signatures.directoryEntry, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0, so the file mode below is read
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // Extra field, comment, disk number, internal attributes: none (bytes 30–37 stay zero).
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  if (entries.length > 0xffff || offset + directory.length > 0xffffffff) throw new Error("too many or too large files for a zip without ZIP64");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(signatures.directoryEnd, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

// ---------------------------------------------------------------------------------------------
// Reading a zip's own records. These parse bytes already read; the reader decides how much of the
// file to read and what a damaged or oversized archive means to the person who sent it.

const bytesOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Whether the bytes open as a zip does: with a part's local header. */
export function startsAsZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytesOf(bytes).readUInt32LE(0) === signatures.localHeader;
}

/** The end record of a zip: how many parts its directory lists, and where the directory is in the file. */
export interface ZipDirectoryEnd {
  entries: number;
  directoryOffset: number;
  directoryLength: number;
  /** Where the end record itself starts in the file. */
  offset: number;
}

/** The most bytes of a zip's tail that hold its end record: the record, and a comment of at most 65,535 bytes after it. */
export const zipTailBytes = 22 + 0xffff;

/**
 * Finds a zip's end record in the last bytes of the file (`tail`, which starts at `tailOffset`
 * in the file), searching back over any comment after it. Null when there is none, when it is a
 * ZIP64 archive's (far larger than any workbook), or when it places the directory anywhere but
 * wholly before itself.
 */
export function zipDirectoryEnd(tail: Uint8Array, tailOffset = 0): ZipDirectoryEnd | null {
  const bytes = bytesOf(tail);
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - zipTailBytes); at--) {
    if (bytes.readUInt32LE(at) !== signatures.directoryEnd) continue;
    const entries = bytes.readUInt16LE(at + 10);
    const directoryLength = bytes.readUInt32LE(at + 12);
    const directoryOffset = bytes.readUInt32LE(at + 16);
    if (entries === 0xffff || directoryOffset + directoryLength > tailOffset + at) return null;
    return { entries, directoryOffset, directoryLength, offset: tailOffset + at };
  }
  return null;
}

/** A part as a zip's directory lists it. Sizes of 0xffffffff mean the real one is in a ZIP64 record. */
export interface ZipDirectoryEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is a method few readers know. */
  method: number;
  compressedSize: number;
  size: number;
  /** Where the part's local header starts in the file. */
  localHeaderOffset: number;
}

/** The directory entry at `at` in the bytes, and where the next one starts; null when no whole entry is there. */
export function zipDirectoryEntry(directory: Uint8Array, at: number): { entry: ZipDirectoryEntry; next: number } | null {
  const bytes = bytesOf(directory);
  if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== signatures.directoryEntry) return null;
  const nameLength = bytes.readUInt16LE(at + 28);
  const entry = {
    name: bytes.toString("utf8", at + 46, at + 46 + nameLength),
    method: bytes.readUInt16LE(at + 10),
    compressedSize: bytes.readUInt32LE(at + 20),
    size: bytes.readUInt32LE(at + 24),
    localHeaderOffset: bytes.readUInt32LE(at + 42),
  };
  return { entry, next: at + 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32) };
}

/** How many bytes a part's local header (the 30 read at `at`, then its name and extra field) takes before the packed data; null when no local header is there. */
export function zipLocalHeaderLength(bytes: Uint8Array, at = 0): number | null {
  const header = bytesOf(bytes);
  if (at + 30 > header.length || header.readUInt32LE(at) !== signatures.localHeader) return null;
  return 30 + header.readUInt16LE(at + 26) + header.readUInt16LE(at + 28);
}
