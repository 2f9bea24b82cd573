import { UnreadableFileError } from "../../../core/file-problems.ts";

/**
 * Decodes a text file (CSV) the way people save them. A byte-order mark says UTF-8, UTF-16LE or
 * UTF-16BE; UTF-16 without one is recognised by its zero bytes. Anything else must be UTF-8:
 * a file in another encoding (Windows "CSV (Comma delimited)", Latin-1) is refused rather than
 * guessed at, since a wrong guess would store names with the wrong letters and nobody would know.
 */
export function decodeText(content: Uint8Array): string {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new UnreadableFileError("The file is a workbook or another zip file, not CSV text: save it as CSV UTF-8 and try again");
  }
  const encoding = encodingOf(bytes);
  let text: string;
  try {
    text = new TextDecoder(encoding.name, { fatal: true }).decode(bytes.subarray(encoding.skip));
  } catch {
    throw new UnreadableFileError(
      encoding.name === "utf-8" ? "The file is not UTF-8 text: save it as CSV UTF-8 and try again" : "The file is not readable UTF-16 text: save it as CSV UTF-8 and try again",
    );
  }
  // Text has no NUL or other control characters than tab, line feed and carriage return.
  const control = controlCharacter(text);
  if (control >= 0) throw new UnreadableFileError(`The file holds binary data, not text (a control character on line ${lineAt(text, control)}): save it as CSV UTF-8 and try again`);
  return text;
}

function encodingOf(bytes: Buffer): { name: "utf-8" | "utf-16le" | "utf-16be"; skip: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { name: "utf-8", skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { name: "utf-16le", skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { name: "utf-16be", skip: 2 };
  // Without a mark, UTF-16 text of Latin letters has a zero in every other byte.
  const sample = bytes.subarray(0, 4096 - (Math.min(bytes.length, 4096) % 2));
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros += 1;
    if (sample[i + 1] === 0) oddZeros += 1;
  }
  const pairs = sample.length / 2;
  if (pairs >= 2 && oddZeros > pairs * 0.9 && evenZeros === 0) return { name: "utf-16le", skip: 0 };
  if (pairs >= 2 && evenZeros > pairs * 0.9 && oddZeros === 0) return { name: "utf-16be", skip: 0 };
  return { name: "utf-8", skip: 0 };
}

/** Where the first control character other than tab, line feed and carriage return is, or -1. */
function controlCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return i;
  }
  return -1;
}

const lineAt = (text: string, index: number) => text.slice(0, index).split("\n").length;
