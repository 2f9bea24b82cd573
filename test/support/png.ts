import { crc32, inflateSync } from "node:zlib";
import { expect } from "vitest";

/** Reads PNG files back, to check the pictures written are the pictures meant. */

/** A PNG's chunks by type, each checked against its CRC. */
export function chunksOf(png: Buffer): { type: string; data: Buffer }[] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `the CRC of ${type}`).toBe(crc32(data, crc32(Buffer.from(type, "latin1"))));
    chunks.push({ type, data });
    at += 12 + length;
  }
  return chunks;
}

/** An 8-bit RGBA PNG's pixels, row by row, whatever row filters it uses (as resvg's own encoder's do). */
export function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  const chunks = chunksOf(png);
  const header = chunks[0];
  if (header?.type !== "IHDR") throw new Error("a PNG starts with its header");
  const width = header.data.readUInt32BE(0);
  const height = header.data.readUInt32BE(4);
  expect([...header.data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
  const filtered = inflateSync(Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data)));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = filtered[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const raw = filtered[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= 4 ? (pixels[y * stride + x - 4] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= 4 && y > 0 ? (pixels[(y - 1) * stride + x - 4] ?? 0) : 0;
      const p = left + up - upLeft;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      const paeth = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      const predicted = [0, left, up, Math.floor((left + up) / 2), paeth][filter ?? 0] ?? 0;
      pixels[y * stride + x] = (raw + predicted) & 0xff;
    }
  }
  return { width, height, pixels };
}
