import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { dosDateTime, writeZip } from "./zip.ts";

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
