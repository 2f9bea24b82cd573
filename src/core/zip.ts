import { crc32, deflateRawSync } from "node:zlib";

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
    local.writeUInt32LE(0x04034b50, 0);
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
    central.writeUInt32LE(0x02014b50, 0);
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
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
