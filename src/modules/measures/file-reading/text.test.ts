import { describe, expect, it } from "vitest";
import { decodeText } from "./text.ts";

const text = "measure_code,note\r\nREREFERRALS,Café visits — 1½ hours\r\n";
const utf16be = (s: string) => Buffer.from(s, "utf16le").swap16();

describe("reading a CSV file's text", () => {
  it.each([
    ["UTF-8", Buffer.from(text)],
    ["UTF-8 with a byte-order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ["UTF-16LE with a byte-order mark", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
    ["UTF-16BE with a byte-order mark", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)])],
    ["UTF-16LE without a byte-order mark", Buffer.from(text, "utf16le")],
    ["UTF-16BE without a byte-order mark", utf16be(text)],
  ])("reads %s with its accented letters", (_, bytes) => {
    expect(decodeText(bytes)).toBe(text);
  });

  it("refuses Latin-1 (Windows CSV) rather than storing a replacement character", () => {
    expect(() => decodeText(Buffer.from(text, "latin1"))).toThrow("The file is not UTF-8 text: save it as CSV UTF-8 and try again");
  });

  it("refuses binary data, naming the line it starts on", () => {
    expect(() => decodeText(Buffer.from("a,b\n1,2\n\u0000\u0001\u0002"))).toThrow("The file holds binary data, not text (a control character on line 3)");
  });

  it("refuses a workbook given as CSV", () => {
    expect(() => decodeText(Buffer.from("PK\u0003\u0004rest of a zip"))).toThrow("The file is a workbook or another zip file, not CSV text");
  });
});
