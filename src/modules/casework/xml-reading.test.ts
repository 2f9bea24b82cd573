import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readXmlRecords, xmlLimits, type XmlElement, type XmlReading } from "./xml-reading.ts";

const dir = mkdtempSync(join(tmpdir(), "waymark-xml-reading-"));

/** A file written in the test, as the analyst would give it. */
function fileOf(name: string, content: string | Buffer) {
  writeFileSync(join(dir, name), content);
  return { name, path: join(dir, name) };
}

const reading: XmlReading = { kind: "a CIN census return", root: "Message", records: new Set(["Header", "Child"]), numbered: new Set(["Child", "CINdetails"]) };

async function recordsOf(name: string, content: string | Buffer, limits = xmlLimits): Promise<XmlElement[]> {
  const records: XmlElement[] = [];
  for await (const record of readXmlRecords(fileOf(name, content), reading, limits)) records.push(record);
  return records;
}

const placesIn = (element: XmlElement): string[] => [element.place, ...element.children.flatMap(placesIn)];

describe("reading an XML return a record at a time", () => {
  it("hands over each record whole, with the place of every element in it and its text", async () => {
    const records = await recordsOf(
      "census.xml",
      `<?xml version="1.0" encoding="UTF-8"?>
      <Message><Header><CollectionDetails><Collection>CIN</Collection></CollectionDetails></Header>
      <Children>
        <Child><LAchildID> C1 </LAchildID><CINdetails><CINreferralDate>2024-05-10</CINreferralDate></CINdetails></Child>
        <!-- a comment -->
        <Child><LAchildID><![CDATA[C&2]]></LAchildID><CINdetails/><CINdetails><ReferralSource>1A</ReferralSource></CINdetails></Child>
      </Children></Message>`,
    );
    expect(records.map((record) => record.place)).toEqual(["Header", "Children/Child[1]", "Children/Child[2]"]);
    expect(placesIn(records[2] as XmlElement)).toEqual(["Children/Child[2]", "Children/Child[2]/LAchildID", "Children/Child[2]/CINdetails[1]", "Children/Child[2]/CINdetails[2]", "Children/Child[2]/CINdetails[2]/ReferralSource"]);
    expect(records[1]?.children[0]).toEqual({ name: "LAchildID", place: "Children/Child[1]/LAchildID", text: "C1", children: [] });
    expect(records[2]?.children[0]?.text).toBe("C&2");
  });

  it("keeps text written between a record's elements, so it can be reported", async () => {
    const [child] = await recordsOf("stray.xml", "<Message><Children><Child><A>1</A>stray<B>2</B></Child></Children></Message>");
    expect(child?.text).toBe("stray");
  });

  it("reads a file far larger than one read of the disk, a byte-order mark before it", async () => {
    const children = Array.from({ length: 5_000 }, (_, at) => `<Child><LAchildID>C${String(at)}</LAchildID><Note>${"é".repeat(500)}</Note></Child>`).join("\n");
    const records = await recordsOf("large.xml", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<Message><Children>${children}</Children></Message>`)]));
    expect(records).toHaveLength(5_000);
    expect(records[4_999]?.place).toBe("Children/Child[5000]");
    expect(records[1_234]?.children[1]?.text).toBe("é".repeat(500));
  });

  it.each([
    ["empty.xml", "", "empty.xml is empty: it holds no XML."],
    ["list.csv", "CHILD,SEX\n1,2\n", "list.csv is not XML: an XML file begins with \"<\", and this one with \"CHILD,SEX\"."],
    ["cut-short.xml", "<Message><Children><Child>", "cut-short.xml is not well-formed XML: line 1, column 26: unclosed tag: Child"],
    ["other.xml", "<Workbook><Sheet/></Workbook>", "other.xml is not a CIN census return: its first element is <Workbook>, where a CIN census return begins with <Message>."],
    ["entity.xml", "<Message><Children><Child>&secret;</Child></Children></Message>", "entity.xml is not well-formed XML: line 1, column 34: undefined entity."],
  ])("refuses %s in one sentence", async (name, content, message) => {
    await expect(recordsOf(name, content)).rejects.toThrow(message);
  });

  it.each([
    ["an entity read from a file on the server", `<!DOCTYPE Message [<!ENTITY secret SYSTEM "file:///etc/passwd">]><Message><Children><Child>&secret;</Child></Children></Message>`],
    ["entities that expand without end", `<!DOCTYPE Message [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Message>&b;</Message>`],
    ["a harmless-looking DOCTYPE", `<!DOCTYPE Message><Message><Children/></Message>`],
  ])("refuses any DOCTYPE, so nothing in one is read: %s", async (_, content) => {
    await expect(recordsOf("doctype.xml", content)).rejects.toThrow("doctype.xml has a DOCTYPE declaration, which a return never needs");
  });

  it("refuses UTF-16 text and bytes that are not UTF-8, asking for UTF-8", async () => {
    await expect(recordsOf("utf16.xml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("<Message/>", "utf16le")]))).rejects.toThrow("utf16.xml is UTF-16 text: save it as UTF-8 and try again.");
    await expect(recordsOf("latin1.xml", Buffer.from("<Message><Children><Child>Caf\xe9</Child></Children></Message>", "latin1"))).rejects.toThrow("latin1.xml is not UTF-8 text");
  });

  describe("limits", () => {
    const limits = { depth: 5, textCharacters: 100, recordElements: 10 };

    it.each([
      ["nesting", `<Message><Children><Child><A><B><C>deep</C></B></A></Child></Children></Message>`, "nests elements more than 5 deep (line 1): no return does."],
      ["a long text", `<Message><Children><Child><A>${"x".repeat(101)}</A></Child></Children></Message>`, "has more than 100 characters of text, comment or tag in one piece (line 1): no return has so many."],
      ["a long comment", `<Message><!--${"x".repeat(1_000)}--></Message>`, "has more than 100 characters of text, comment or tag in one piece"],
      ["a record of many elements", `<Message><Children><Child>${"<A>1</A>".repeat(10)}</Child></Children></Message>`, "has more than 10 elements in Children/Child[1]: no record in a return has so many."],
    ])("refuses a file beyond them: %s", async (_, content, message) => {
      await expect(recordsOf("limits.xml", content, limits)).rejects.toThrow(`limits.xml ${message}`);
    });

    it("reads a file right up to them", async () => {
      const records = await recordsOf("limits.xml", `<Message><Children><Child>${"<A>1</A>".repeat(7)}<B><C>${"x".repeat(100)}</C></B></Child></Children></Message>`, limits);
      expect(records[0]?.children).toHaveLength(8);
    });
  });
});
