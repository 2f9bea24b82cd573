import type { CaseFile } from "./case-files.ts";
import type { SourceRow } from "./ssda903.ts";
import { ssda903Tables, type Ssda903Table } from "./ssda903-tables.ts";
import { readXmlRecords, type XmlElement, type XmlReading } from "./xml-reading.ts";

/**
 * The SSDA903 return in its XML form: a `CHILD` element for each child, holding a `HEADER` (the
 * child's details, and within it the child's reviews, missing episodes, placement for adoption,
 * permanence before care, OC2 outcomes and, written straight in the header, the UASC, OC3 and AD1
 * fields) and the child's `EPISODE`s. Each becomes the row of the table the CSV files would put it
 * in, with its element's path as its place, so both forms are checked by the same rules.
 */

const reading: XmlReading = {
  kind: "an SSDA903 return",
  root: "EXPSSDA903",
  records: new Set(["CHILD"]),
  numbered: new Set(["CHILD", "EPISODE", "AREVIEW", "AMISSING", "AD_PLACED", "SWEPISODE"]),
};

const table = (name: string): Ssda903Table => {
  const found = ssda903Tables.find((each) => each.name === name);
  if (!found) throw new Error(`the 903 has no ${name} table`);
  return found;
};

/** Elements inside HEADER that hold a row of another table, by their element name. */
const nested: Record<string, Ssda903Table> = {
  AREVIEW: table("reviews"),
  AMISSING: table("missing"),
  AD_PLACED: table("placed_for_adoption"),
  PERMANENCE: table("previous_permanence"),
  OC2: table("oc2"),
  SWEPISODE: table("sw_episodes"),
};

/** Fields written straight in HEADER that belong to another table's row: UASC, OC3 and AD1. */
const headerTables = [table("uasc"), table("oc3"), table("ad1")];
const header = table("header");
const episodes = table("episodes");

/** The XML's names for fields the CSV files name otherwise. */
const csvName: Record<string, string> = { CHILDID: "CHILD", PL: "PLACE" };

const cellsOf = (elements: readonly XmlElement[], child: string): Record<string, string> => ({
  CHILD: child,
  ...Object.fromEntries(elements.filter((element) => element.children.length === 0).map((element) => [csvName[element.name] ?? element.name, element.text])),
});

/** The rows a CHILD element holds: its header, the rows nested in it, the tables written in it, and its episodes. */
function* childRows(file: string, element: XmlElement): Generator<SourceRow> {
  const head = element.children.find((each) => each.name === "HEADER");
  const child = head?.children.find((each) => each.name === "CHILDID")?.text ?? "";
  if (head) {
    const own = head.children.filter((each) => each.children.length === 0 && !headerTables.some((other) => each.name in other.fields && !(each.name in header.fields)) && each.name !== "UASC");
    yield { table: header, file, place: head.place, cells: cellsOf(own, child) };
    for (const other of headerTables) {
      const fields = head.children.filter((each) => each.children.length === 0 && each.name in other.fields && !(each.name in header.fields));
      const uascFlag = other.name === "uasc" ? head.children.find((each) => each.name === "UASC")?.text : undefined;
      if (other.name === "uasc" ? uascFlag === "1" : fields.some((each) => each.text !== "")) yield { table: other, file, place: head.place, cells: cellsOf(fields, child) };
    }
    for (const inner of head.children) {
      const rowTable = nested[inner.name];
      if (rowTable) yield { table: rowTable, file, place: inner.place, cells: cellsOf(inner.children, child) };
    }
  }
  for (const episode of element.children.filter((each) => each.name === "EPISODE")) yield { table: episodes, file, place: episode.place, cells: cellsOf(episode.children, child) };
}

/** An SSDA903 return's XML file as rows of its tables, read a child at a time. */
export function ssda903XmlSource(file: CaseFile) {
  return {
    tables: [header, episodes, ...headerTables, ...Object.values(nested)],
    async *rows(): AsyncGenerator<SourceRow> {
      for await (const element of readXmlRecords(file, reading)) yield* childRows(file.name, element);
    },
  };
}
