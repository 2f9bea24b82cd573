import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { writeZip } from "../../core/zip.ts";
import { pictureStandIn, placePictures } from "./docx-pictures.ts";

const packedAt = new Date("2025-11-04T09:30:00Z");
const documentXml = "<w:document><w:body><w:p/></w:body></w:document>";
const picture = (n: number) => Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * n) % 251));

/** A package as docx packs it: every file deflated, a stand-in where each picture goes. */
function packed(media: Record<string, Buffer>): Buffer {
  return writeZip([{ path: "word/document.xml", data: documentXml }, ...Object.entries(media).map(([path, data]) => ({ path, data }))], packedAt);
}

/** How each file is kept in a zip: "stored" or "deflated", by its path, from the central directory. */
function methods(zip: Buffer): Record<string, string> {
  const found: Record<string, string> = {};
  const end = zip.length - 22;
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < zip.readUInt16LE(end + 10); n += 1) {
    const nameLength = zip.readUInt16LE(at + 28);
    found[zip.toString("utf8", at + 46, at + 46 + nameLength)] = zip.readUInt16LE(at + 10) === 0 ? "stored" : "deflated";
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return found;
}

describe("pictures put into a packed Word file", () => {
  it("puts each picture in its stand-in's place, stored as it is, and every other file as it was", async () => {
    const zip = placePictures(packed({ "word/media/a.png": pictureStandIn("first"), "word/media/b.png": pictureStandIn("second") }), new Map([["first", picture(3)], ["second", picture(7)]]));
    const opened = await JSZip.loadAsync(zip, { checkCRC32: true });
    expect(Object.keys(opened.files)).toEqual(["word/document.xml", "word/media/a.png", "word/media/b.png"]);
    expect(await opened.file("word/document.xml")?.async("string")).toBe(documentXml);
    expect(await opened.file("word/media/a.png")?.async("nodebuffer")).toEqual(picture(3));
    expect(await opened.file("word/media/b.png")?.async("nodebuffer")).toEqual(picture(7));
    expect(methods(zip)).toEqual({ "word/document.xml": "deflated", "word/media/a.png": "stored", "word/media/b.png": "stored" });
  });

  it("leaves a picture that is no stand-in as it was", async () => {
    const zip = placePictures(packed({ "word/media/logo.png": picture(5) }), new Map());
    const opened = await JSZip.loadAsync(zip, { checkCRC32: true });
    expect(await opened.file("word/media/logo.png")?.async("nodebuffer")).toEqual(picture(5));
  });

  it("is refused when a stand-in has no picture drawn for it", () => {
    expect(() => placePictures(packed({ "word/media/a.png": pictureStandIn("first") }), new Map())).toThrow("word/media/a.png stands in for a picture that was not drawn");
  });

  it("is refused when a picture has no stand-in to take the place of", () => {
    expect(() => placePictures(packed({}), new Map([["first", picture(3)]]))).toThrow("1 pictures have no place in it");
  });

  it("is refused for a file that is not a zip", () => {
    expect(() => placePictures(Buffer.from("not a zip at all, but long enough to look for an end record"), new Map())).toThrow("it has no end of central directory");
  });
});
