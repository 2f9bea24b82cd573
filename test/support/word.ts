import { DOMParser } from "linkedom";
import { openZip } from "./zip.ts";

/**
 * Reads a .docx as Word would lay it out for a reader: its paragraphs with their styles and text,
 * its tables, pictures, page header and footer. Elements keep their WordprocessingML names
 * ("w:p", "w:tbl"), which linkedom matches as written.
 */

type XmlDocument = ReturnType<DOMParser["parseFromString"]>;
export type XmlElement = ReturnType<XmlDocument["getElementsByTagName"]>[number];

const parse = (xml: string): XmlDocument => new DOMParser().parseFromString(xml, "text/xml");

export const all = (within: XmlDocument | XmlElement, name: string): XmlElement[] => [...within.getElementsByTagName(name)];

/** Whether a property such as "w:b" or "w:tblHeader" is set within an element: present, and not set to false. */
export function isOn(within: XmlElement, name: string): boolean {
  return all(within, name).some((property) => !["false", "0", "off"].includes(property.getAttribute("w:val") ?? "true"));
}

/** A paragraph's style id ("Heading1", "Title"), or "" for Normal. */
export function styleOf(paragraph: XmlElement): string {
  const properties = all(paragraph, "w:pPr")[0];
  return (properties && all(properties, "w:pStyle")[0]?.getAttribute("w:val")) ?? "";
}

/** The text a reader sees in an element, line breaks as newlines. */
export function textOf(element: XmlElement): string {
  return (element.tagName === "w:r" ? [element] : all(element, "w:r"))
    .map((run) => [...run.childNodes].map((node) => ((node as XmlElement).tagName === "w:br" ? "\n" : (node as XmlElement).tagName === "w:t" ? (node.textContent ?? "") : "")).join(""))
    .join("");
}

function inTable(element: XmlElement): boolean {
  for (let node = element.parentNode; node !== null; node = node.parentNode) {
    if ((node as XmlElement).tagName === "w:tc") return true;
  }
  return false;
}

/** The rows of a table, each as the text of its cells. */
export const rowsOf = (table: XmlElement): string[][] => all(table, "w:tr").map((row) => all(row, "w:tc").map(textOf));

export async function openWord(docx: Buffer) {
  const zip = await openZip(docx);
  const part = async (name: string) => parse(await zip.text(name));
  const document = await part("word/document.xml");
  /** The parts a relationship of the main document points at, by type ("header", "footer", "image"). */
  const related = async (type: string): Promise<string[]> => {
    const rels = await part("word/_rels/document.xml.rels");
    return all(rels, "Relationship")
      .filter((rel) => (rel.getAttribute("Type") ?? "").endsWith(`/${type}`))
      .map((rel) => `word/${rel.getAttribute("Target") ?? ""}`);
  };
  return {
    names: zip.names,
    part,
    related,
    document,
    /** Paragraphs of the body, those in tables included, in reading order. */
    paragraphs: all(document, "w:p"),
    /** Paragraphs outside tables, in reading order. */
    bodyParagraphs: all(document, "w:p").filter((p) => !inTable(p)),
    tables: all(document, "w:tbl"),
    bytes: (name: string) => zip.bytes(name),
  };
}
