import { inflateRawSync } from "node:zlib";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { dosDateTime, startsAsZip, writeZip, zipDirectoryEnd, zipDirectoryEntry, zipLocalHeaderLength, zipTailBytes } from "./zip.ts";

describe("the zip writer", () => {
  const files = [
    { path: "achieving-excellence/plan.yaml", data: "council:\n  name: Plymouth City Council\n" },
    { path: "achieving-excellence/priorities/01.yaml", data: "title: Early help – “family hubs” 👍\n".repeat(200) },
    { path: "achieving-excellence/priorities/02.yaml", data: "" },
  ];

  it("writes an archive that an unzip tool opens, every file whole and its checksum right", async () => {
    const zip = await JSZip.loadAsync(writeZip(files, new Date("2025-07-16T09:30:00Z")), { checkCRC32: true });
    const names = Object.keys(zip.files);
    expect(names).toEqual(files.map((f) => f.path));
    for (const file of files) expect(await zip.file(file.path)?.async("string")).toBe(file.data);
  });

  it("dates the files in London time", async () => {
    const zip = await JSZip.loadAsync(writeZip(files, new Date("2025-07-16T09:30:00Z")));
    // JSZip reads a zip's DOS time as if it were UTC.
    expect(zip.files["achieving-excellence/plan.yaml"]?.date.toISOString()).toBe("2025-07-16T10:30:00.000Z");
  });

  it("compresses: repeated text takes far less room than it would stored", () => {
    const text = "Children and young people will be safe within their families.\n".repeat(200);
    expect(writeZip([{ path: "outcomes.txt", data: text }], new Date()).length).toBeLessThan(Buffer.byteLength(text) / 10);
  });

  it("gives the same bytes for the same files and time", () => {
    const at = new Date("2026-01-05T12:00:00Z");
    expect(writeZip(files, at).equals(writeZip(files, at))).toBe(true);
  });

  it("refuses a path that would escape the folder it is unzipped into", () => {
    expect(() => writeZip([{ path: "../plan.yaml", data: "" }], new Date())).toThrow(/relative path/);
    expect(() => writeZip([{ path: "/etc/plan.yaml", data: "" }], new Date())).toThrow(/relative path/);
  });

  it.each([
    ["winter, GMT", "2025-02-06T14:05:08Z", { year: 2025, month: 2, day: 6, hour: 14, minute: 5, second: 8 }],
    ["summer, BST", "2025-07-16T23:30:00Z", { year: 2025, month: 7, day: 17, hour: 0, minute: 30, second: 0 }],
    ["odd seconds round down to two", "2024-04-01T08:00:59Z", { year: 2024, month: 4, day: 1, hour: 9, minute: 0, second: 58 }],
    ["before 1980, the format's first day", "1975-06-01T00:00:00Z", { year: 1980, month: 1, day: 1, hour: 0, minute: 0, second: 0 }],
  ])("writes the DOS date and time: %s", (_case, instant, expected) => {
    const { date, time } = dosDateTime(new Date(instant));
    expect({
      year: (date >> 9) + 1980,
      month: (date >> 5) & 0x0f,
      day: date & 0x1f,
      hour: time >> 11,
      minute: (time >> 5) & 0x3f,
      second: (time & 0x1f) * 2,
    }).toEqual(expected);
  });
});

describe("reading a zip's own records", () => {
  const files = [
    { path: "xl/workbook.xml", data: "<workbook/>" },
    { path: "xl/worksheets/sheet1.xml", data: "<row/>".repeat(500) },
  ];
  const zip = writeZip(files, new Date("2025-07-16T09:30:00Z"));

  it("finds every part from the directory, and each part's packed bytes from its local header", () => {
    expect(startsAsZip(zip)).toBe(true);
    const end = zipDirectoryEnd(zip);
    if (!end) throw new Error("expected the end record to be found");
    expect(end).toMatchObject({ entries: 2, offset: zip.length - 22 });
    const directory = zip.subarray(end.directoryOffset, end.directoryOffset + end.directoryLength);
    let at = 0;
    for (const file of files) {
      const found = zipDirectoryEntry(directory, at);
      if (!found) throw new Error(`expected an entry for ${file.path}`);
      const { entry } = found;
      expect(entry).toMatchObject({ name: file.path, method: 8, size: Buffer.byteLength(file.data) });
      const start = entry.localHeaderOffset + (zipLocalHeaderLength(zip, entry.localHeaderOffset) ?? Number.NaN);
      expect(inflateRawSync(zip.subarray(start, start + entry.compressedSize)).toString("utf8")).toBe(file.data);
      at = found.next;
    }
    expect(at).toBe(end.directoryLength);
  });

  it("finds the end record behind a comment, and in a tail read from the middle of the file", () => {
    const comment = Buffer.from("saved by a council's case system");
    const commented = Buffer.from(zip);
    commented.writeUInt16LE(comment.length, commented.length - 2);
    const withComment = Buffer.concat([commented, comment]);
    expect(zipDirectoryEnd(withComment)).toEqual(zipDirectoryEnd(zip));
    const tailOffset = 100;
    expect(zipDirectoryEnd(withComment.subarray(tailOffset), tailOffset)).toEqual(zipDirectoryEnd(zip));
  });

  /** The archive with a field of its end record (at `at` bytes into it) rewritten. */
  const endWith = (at: number, value: number, width: 2 | 4) => {
    const copy = Buffer.from(zip);
    if (width === 2) copy.writeUInt16LE(value, copy.length - 22 + at);
    else copy.writeUInt32LE(value, copy.length - 22 + at);
    return copy;
  };

  it.each([
    ["bytes with no end record", Buffer.from("Child Unique ID,Date of Contact\nC1,01/02/2024\n")],
    ["fewer bytes than an end record", Buffer.alloc(10)],
    ["an end record that points to ZIP64's", endWith(10, 0xffff, 2)],
    ["a directory that would run past the end record", endWith(12, 0x1000, 4)],
    ["a directory said to start after the end record", endWith(16, zip.length, 4)],
  ])("finds no end record in %s", (_case, bytes) => {
    expect(zipDirectoryEnd(bytes)).toBeNull();
  });

  it("searches back no further than a comment can reach", () => {
    expect(zipDirectoryEnd(Buffer.concat([zip, Buffer.alloc(zipTailBytes)]))).toBeNull();
  });

  it.each([
    ["past the end of the directory", (directory: Buffer) => zipDirectoryEntry(directory, directory.length - 10)],
    ["where no entry starts", (directory: Buffer) => zipDirectoryEntry(directory, 1)],
  ])("reads no directory entry %s", (_case, read) => {
    const end = zipDirectoryEnd(zip);
    expect(read(zip.subarray(end?.directoryOffset, zip.length - 22))).toBeNull();
  });

  it("reads no local header where none starts, or from too few bytes", () => {
    expect(zipLocalHeaderLength(zip, 0)).toBe(30 + "xl/workbook.xml".length);
    expect(zipLocalHeaderLength(zip, 1)).toBeNull();
    expect(zipLocalHeaderLength(zip.subarray(0, 29))).toBeNull();
    expect(startsAsZip(Buffer.from("PK"))).toBe(false);
    expect(startsAsZip(Buffer.from("<?xml"))).toBe(false);
  });
});
