import { crc32, inflateRawSync } from "node:zlib";

/**
 * Puts the charts' pictures into a packed Word file. docx compresses every file of its package
 * and names each picture by a SHA-1 of its bytes, both in JavaScript on the request thread: for a
 * report of a hundred charts that was a third of writing the file, spent on PNGs, which are
 * compressed already. So the writer gives docx a short stand-in for each picture (so the document
 * can be packed while the charts are still being drawn), and the pictures then take their
 * stand-ins' places in the zip, stored as they are (PKWARE's APPNOTE, method 0).
 */

const marker = "waymark-picture:";
/** The most a stand-in takes up: the marker and a picture's key (a hex digest). */
const standInMax = 256;

/** What docx is given in place of the picture with this key (see chartKey). */
export function pictureStandIn(key: string): Buffer {
  return Buffer.from(`${marker}${key}`, "latin1");
}

const signatures = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50 } as const;
const stored = 0;
const deflated = 8;
/** General-purpose flag bit 3: sizes and checksum after the data, which this does not read. */
const sizesAfterData = 0x0008;
const zip64 = 0xffffffff;

const malformed = (why: string) => new Error(`The packed Word file cannot take its pictures: ${why}`);

function endRecord(zip: Buffer): number {
  // The end record is the last 22 bytes unless a comment follows it; docx writes none, but a comment is allowed for.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at -= 1) {
    if (zip.readUInt32LE(at) === signatures.end) return at;
  }
  throw malformed("it has no end of central directory");
}

/** The key of the stand-in an entry holds, or null for any other file. */
function standInKey(name: string, method: number, size: number, data: Buffer): string | null {
  if (!name.startsWith("word/media/") || size > standInMax) return null;
  const content = method === stored ? data : method === deflated ? inflateRawSync(data, { maxOutputLength: standInMax }) : null;
  const text = content?.toString("latin1") ?? "";
  return text.startsWith(marker) ? text.slice(marker.length) : null;
}

/**
 * The Word file `packed` with each stand-in replaced by the picture of its key in `pictures`:
 * every other file is copied as it is, compressed as it was. Refused when a stand-in has no
 * picture or a picture no stand-in, which would leave a chart out.
 */
export function placePictures(packed: Buffer, pictures: ReadonlyMap<string, Buffer>): Buffer {
  const end = endRecord(packed);
  const count = packed.readUInt16LE(end + 10);
  let central = packed.readUInt32LE(end + 16);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const placed = new Set<string>();
  let offset = 0;
  for (let n = 0; n < count; n += 1) {
    if (packed.readUInt32LE(central) !== signatures.central) throw malformed(`entry ${String(n + 1)} of its directory is not one`);
    const recordLength = 46 + packed.readUInt16LE(central + 28) + packed.readUInt16LE(central + 30) + packed.readUInt16LE(central + 32);
    const record = Buffer.from(packed.subarray(central, central + recordLength));
    central += recordLength;
    const name = record.toString("utf8", 46, 46 + record.readUInt16LE(28));
    const [flags, method, compressed, size, at] = [record.readUInt16LE(8), record.readUInt16LE(10), record.readUInt32LE(20), record.readUInt32LE(24), record.readUInt32LE(42)];
    if (compressed === zip64 || size === zip64 || at === zip64) throw malformed(`${name} is in ZIP64 form`);
    if (flags & sizesAfterData) throw malformed(`${name} gives its sizes after its data`);
    if (packed.readUInt32LE(at) !== signatures.local) throw malformed(`${name} has no local header`);
    const headerLength = 30 + packed.readUInt16LE(at + 26) + packed.readUInt16LE(at + 28);
    const header = Buffer.from(packed.subarray(at, at + headerLength));
    let data = packed.subarray(at + headerLength, at + headerLength + compressed);

    const key = standInKey(name, method, size, data);
    if (key !== null) {
      const picture = pictures.get(key);
      if (picture === undefined) throw malformed(`${name} stands in for a picture that was not drawn`);
      placed.add(key);
      data = picture;
      const checksum = crc32(picture);
      header.writeUInt16LE(stored, 8);
      header.writeUInt32LE(checksum, 14);
      header.writeUInt32LE(picture.length, 18);
      header.writeUInt32LE(picture.length, 22);
      record.writeUInt16LE(stored, 10);
      record.writeUInt32LE(checksum, 16);
      record.writeUInt32LE(picture.length, 20);
      record.writeUInt32LE(picture.length, 24);
    }
    record.writeUInt32LE(offset, 42);
    locals.push(header, data);
    centrals.push(record);
    offset += header.length + data.length;
  }
  const missing = [...pictures.keys()].filter((key) => !placed.has(key));
  if (missing.length > 0) throw malformed(`${String(missing.length)} pictures have no place in it`);
  const directoryLength = centrals.reduce((sum, record) => sum + record.length, 0);
  const endOfDirectory = Buffer.from(packed.subarray(end));
  endOfDirectory.writeUInt32LE(directoryLength, 12);
  endOfDirectory.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, endOfDirectory]);
}
