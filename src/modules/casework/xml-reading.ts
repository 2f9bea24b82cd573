import { createReadStream } from "node:fs";
import { SaxesParser } from "saxes";
import { UnreadableFileError } from "../../core/file-problems.ts";
import { counted } from "../../core/upload-limits.ts";
import type { CaseFile } from "./case-files.ts";

/**
 * Reading a return written as XML (the CIN census, the SSDA903 in XML) as a stream: the file is
 * never held whole, only one record at a time (a child, the header), each element with its place
 * in the file written as a path the analyst can follow (`Children/Child[3]/CINdetails[2]`).
 *
 * Hostile files are refused in one sentence before they can do harm: a DOCTYPE is refused outright
 * (so no entity is ever declared, expanded or fetched; saxes never fetches one anyway), and so are
 * elements nested too deep, runs of text too long, and records with too many elements.
 */

/** An element read whole: its name, its place in the file, its own text and the elements inside it. */
export interface XmlElement {
  name: string;
  /** Its path below the root element, repeatable elements numbered from 1: `Children/Child[3]/CINdetails[2]`. */
  place: string;
  /** The text directly inside it (not inside its elements), trimmed. */
  text: string;
  children: XmlElement[];
}

/** What kind of XML file is expected, and how to cut it into records. */
export interface XmlReading {
  /** The kind of file, as the analyst calls it, for the sentence that refuses another: "a CIN census return". */
  kind: string;
  /** The root element every file of the kind has: `Message`. */
  root: string;
  /** Elements handed over whole, one at a time, wherever they are below the root: `Header`, `Child`. */
  records: ReadonlySet<string>;
  /** Elements that may repeat, numbered in places (`Child[3]`); the others are named alone (`Children`). */
  numbered: ReadonlySet<string>;
}

/** How much one XML file may ask of the reader: beyond any of these it is refused whole. */
export interface XmlLimits {
  /** Elements nested inside one another, the root counted. */
  depth: number;
  /** Characters of text, a comment or a tag without the markup around it. */
  textCharacters: number;
  /** Elements in one record. */
  recordElements: number;
}

export const xmlLimits: XmlLimits = { depth: 32, textCharacters: 10_000, recordElements: 10_000 };

/** An element being read: where it is, how many of each element it has held so far, and, inside a record, what has been read of it. */
interface OpenElement {
  place: string;
  seen: Map<string, number>;
  element: XmlElement | null;
  text: string[];
}

/**
 * The records of an XML file, in the order the file has them, read from disk as a stream. Throws
 * UnreadableFileError, naming the file, when it is empty, not UTF-8 text, not well-formed XML,
 * has a DOCTYPE, goes beyond a limit, or has another root element than the kind expected.
 */
export async function* readXmlRecords(file: CaseFile, reading: XmlReading, limits: XmlLimits = xmlLimits): AsyncGenerator<XmlElement> {
  const refuse = (reason: string) => new UnreadableFileError(`${file.name} ${reason}`);
  const parser = new SaxesParser({ position: true });
  const open: OpenElement[] = [];
  const ready: XmlElement[] = [];
  let record: { root: XmlElement; elements: number } | null = null;
  let quietSince = 0;
  const markup = () => {
    quietSince = parser.position;
  };

  parser.on("doctype", () => {
    throw refuse("has a DOCTYPE declaration, which a return never needs: it is refused so that nothing in it is read. Remove the <!DOCTYPE …> line and try again.");
  });
  parser.on("opentag", (tag) => {
    markup();
    const parent = open.at(-1);
    if (!parent && tag.name !== reading.root) throw refuse(`is not ${reading.kind}: its first element is <${tag.name.slice(0, 40)}>, where ${reading.kind} begins with <${reading.root}>.`);
    if (open.length >= limits.depth) throw refuse(`nests elements more than ${String(limits.depth)} deep (line ${String(parser.line)}): no return does.`);
    let place = "";
    if (parent) {
      const number = (parent.seen.get(tag.name) ?? 0) + 1;
      parent.seen.set(tag.name, number);
      const name = reading.numbered.has(tag.name) ? `${tag.name}[${String(number)}]` : tag.name;
      place = parent.place ? `${parent.place}/${name}` : name;
    }
    let element: XmlElement | null = null;
    if (record || (parent && reading.records.has(tag.name))) {
      element = { name: tag.name, place, text: "", children: [] };
      if (record) {
        record.elements += 1;
        if (record.elements > limits.recordElements) throw refuse(`has more than ${counted(limits.recordElements)} elements in ${record.root.place}: no record in a return has so many.`);
        parent?.element?.children.push(element);
      } else record = { root: element, elements: 1 };
    }
    open.push({ place, seen: new Map(), element, text: [] });
  });
  const tooLong = () => refuse(`has more than ${counted(limits.textCharacters)} characters of text, comment or tag in one piece (line ${String(parser.line)}): no return has so many.`);
  const sized = (content: string) => {
    markup();
    if (content.length > limits.textCharacters) throw tooLong();
  };
  const text = (content: string) => {
    sized(content);
    open.at(-1)?.text.push(content);
  };
  parser.on("text", text);
  parser.on("cdata", text);
  parser.on("comment", sized);
  parser.on("processinginstruction", ({ body }) => {
    sized(body);
  });
  parser.on("xmldecl", markup);
  parser.on("closetag", () => {
    markup();
    const closing = open.pop();
    if (!closing?.element) return;
    closing.element.text = closing.text.join("").trim();
    if (record?.root === closing.element) {
      ready.push(record.root);
      record = null;
    }
  });

  const decoder = new TextDecoder("utf-8", { fatal: true });
  let consumed = 0;
  let begun = false;
  const write = (chunk: string) => {
    if (!begun && chunk.trim()) {
      begun = true;
      const start = chunk.trimStart();
      if (!start.startsWith("<")) throw refuse(`is not XML: an XML file begins with "<", and this one with "${start.slice(0, 20).split(/[\r\n]/)[0] ?? ""}".`);
    }
    try {
      parser.write(chunk);
    } catch (error) {
      if (error instanceof UnreadableFileError) throw error;
      throw refuse(`is not well-formed XML: ${xmlProblem(error)}`);
    }
    // The parser's own position runs a chunk ahead once a write returns, so the characters written are counted here.
    consumed += chunk.length;
    if (consumed - quietSince > limits.textCharacters) throw tooLong();
  };
  let bytes = 0;
  for await (const chunk of createReadStream(file.path)) {
    const data = chunk as Buffer;
    bytes += data.length;
    if (bytes === data.length && (data.subarray(0, 2).equals(utf16le) || data.subarray(0, 2).equals(utf16be))) throw refuse("is UTF-16 text: save it as UTF-8 and try again.");
    write(decodeOrRefuse(decoder, data, refuse));
    yield* ready.splice(0);
  }
  if (bytes === 0) throw refuse("is empty: it holds no XML.");
  write(decodeOrRefuse(decoder, undefined, refuse));
  try {
    parser.close();
  } catch (error) {
    throw refuse(`is not well-formed XML: ${xmlProblem(error)}`);
  }
  yield* ready.splice(0);
}

const utf16le = Buffer.from([0xff, 0xfe]);
const utf16be = Buffer.from([0xfe, 0xff]);

function decodeOrRefuse(decoder: TextDecoder, data: Buffer | undefined, refuse: (reason: string) => UnreadableFileError): string {
  try {
    return data ? decoder.decode(data, { stream: true }) : decoder.decode();
  } catch {
    throw refuse("is not UTF-8 text: save it as UTF-8 XML and try again.");
  }
}

/** saxes's "3:14: unexpected end." as "line 3, column 14: unexpected end." */
function xmlProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /^(?:.*?:)?(\d+):(\d+): (.*)$/s.exec(message);
  return match ? `line ${match[1] ?? ""}, column ${match[2] ?? ""}: ${match[3] ?? ""}` : message;
}
