import { describe, expect, it } from "vitest";
import { chunksOf, decodePng } from "../../../test/support/png.ts";
import { encodePng } from "./png.ts";

describe("pixels written as a PNG", () => {
  it("holds the pixels given, row by row, with its width and height", () => {
    const width = 3;
    const height = 2;
    const pixels = Buffer.from(Array.from({ length: width * height * 4 }, (_, i) => (i * 37) % 256));
    const png = encodePng(pixels, width, height);
    expect(chunksOf(png).map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    expect(decodePng(png)).toEqual({ width, height, pixels });
  });

  it("is refused when the pixels do not fill the width and height", () => {
    expect(() => encodePng(Buffer.alloc(20), 3, 2)).toThrow("20 bytes are not 3 × 2 pixels");
  });
});
