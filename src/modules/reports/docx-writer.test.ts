import { beforeAll, describe, expect, it } from "vitest";
import { all, isOn, openWord, rowsOf, styleOf, textOf, type XmlElement } from "../../../test/support/word.ts";
import { sampleChart, sampleReport } from "../../../test/support/sample-report.ts";
import { chartImages } from "./chart-images.ts";
import type { ReportDocument } from "./document.ts";
import { writeDocx } from "./docx-writer.ts";

type Word = Awaited<ReturnType<typeof openWord>>;

const report = sampleReport();
const emuPerPixel = 9525;

/** A report of the given blocks, with the sample's title and council. */
const reportOf = (blocks: ReportDocument["blocks"]): ReportDocument => ({ ...report, blocks });

/** Each list paragraph's list number (`w:numId`), or null outside a list. */
function listOf(paragraph: XmlElement): string | null {
  const numbering = all(paragraph, "w:numPr")[0];
  return numbering === undefined ? null : (all(numbering, "w:numId")[0]?.getAttribute("w:val") ?? null);
}

describe("a report written as a Word document", () => {
  let word: Word;

  beforeAll(async () => {
    word = await openWord(await writeDocx(report, await chartImages(report)));
  });

  const paragraphWith = (text: string): XmlElement => {
    const found = word.paragraphs.find((p) => textOf(p) === text);
    if (found === undefined) throw new Error(`No paragraph reads "${text}"`);
    return found;
  };

  it("puts the committee above the title, and the title in Word's Title style", () => {
    const [committee, title] = word.bodyParagraphs;
    expect(committee && textOf(committee)).toBe("Children, Young People and Families Scrutiny Panel");
    expect(title && styleOf(title)).toBe("Title");
    expect(title && textOf(title)).toBe(report.title);
  });

  it("writes headings as Word's Heading 1 to 3, in the report's order, for the navigation pane", () => {
    const headings = word.bodyParagraphs.filter((p) => styleOf(p).startsWith("Heading")).map((p) => `${styleOf(p)} ${textOf(p)}`);
    expect(headings).toEqual([
      "Heading1 Purpose of report",
      "Heading2 Recommendations",
      "Heading1 Strategic Priority 1: Early Help",
      "Heading3 Key achievements",
      "Heading2 Performance",
    ]);
  });

  it("starts the block after a page break on a new page, with no empty paragraph", () => {
    const priority = paragraphWith("Strategic Priority 1: Early Help");
    expect(isOn(priority, "w:pageBreakBefore")).toBe(true);
    expect(word.bodyParagraphs.filter((p) => textOf(p) === "" && all(p, "w:drawing").length === 0)).toEqual([]);
  });

  it("leads a paragraph in with its label in bold", () => {
    const vision = paragraphWith("Vision: A strong and effective early help offer, so that families get help as soon as they need it.");
    const [label, text] = all(vision, "w:r");
    expect(label && textOf(label)).toBe("Vision: ");
    expect(label && isOn(label, "w:b")).toBe(true);
    expect(text && isOn(text, "w:b")).toBe(false);
  });

  describe("lists", () => {
    let formats: Map<string, string>;

    beforeAll(async () => {
      // numId → its abstract numbering → the format of its first level.
      const numbering = await word.part("word/numbering.xml");
      const abstract = new Map(
        all(numbering, "w:abstractNum").map((a) => [a.getAttribute("w:abstractNumId"), all(a, "w:numFmt")[0]?.getAttribute("w:val") ?? ""]),
      );
      formats = new Map(all(numbering, "w:num").map((n) => [n.getAttribute("w:numId") ?? "", abstract.get(all(n, "w:abstractNumId")[0]?.getAttribute("w:val") ?? null) ?? ""]));
    });

    const formatOf = (text: string) => formats.get(listOf(paragraphWith(text)) ?? "");

    it("are Word lists with bullets from the list's numbering, not typed bullet characters", () => {
      expect(formatOf("Six Family Hubs open across the city.")).toBe("bullet");
      expect(listOf(paragraphWith("Six Family Hubs open across the city."))).toBe(listOf(paragraphWith("Early help assessments completed within 45 working days rose to 82%.")));
      expect(word.paragraphs.filter((p) => /^\s*[•\-*]/.test(textOf(p)))).toEqual([]);
    });

    it("number an ordered list, each list starting again at 1", () => {
      expect(formatOf("That the improvements and planned next steps are noted.")).toBe("decimal");
      expect(formatOf("Review the hub timetable.")).toBe("decimal");
      expect(listOf(paragraphWith("Review the hub timetable."))).not.toBe(listOf(paragraphWith("That the improvements and planned next steps are noted.")));
    });

    it("in a table's cells are bulleted lists too", () => {
      const progress = word.tables.find((t) => rowsOf(t)[0]?.[0] === "Priorities for the year");
      const cell = progress && all(all(progress, "w:tr")[1] ?? progress, "w:tc")[1];
      const items = cell ? all(cell, "w:p") : [];
      expect(items.map(textOf)).toEqual(["Parenting programmes in every hub.", "Evidence-based interventions reach 1,200 more families."]);
      expect(items.map((p) => formats.get(listOf(p) ?? ""))).toEqual(["bullet", "bullet"]);
    });
  });

  describe("tables", () => {
    const scorecard = () => word.tables.find((t) => rowsOf(t)[0]?.[0] === "Measure") ?? word.document.documentElement;

    it("have their caption just above them, kept on the same page", () => {
      const caption = paragraphWith("Scorecard of children's social care measures, September 2025");
      expect(styleOf(caption)).toBe("Caption");
      expect(isOn(caption, "w:keepNext")).toBe(true);
      expect(caption.nextElementSibling).toBe(scorecard());
    });

    it("repeat their header row at the top of every page, and only the header row", () => {
      const rows = all(scorecard(), "w:tr");
      expect(rows).toHaveLength(61);
      expect(rows.map((row) => isOn(row, "w:tblHeader"))).toEqual([true, ...Array.from({ length: 60 }, () => false)]);
      expect(rowsOf(scorecard())[0]).toEqual(["Measure", "Latest", "Target", "Status", "Direction"]);
      expect(rowsOf(scorecard())[60]).toEqual(["CSC60 Measure number 60 of the scorecard", "53.0% (147/262)", "45.0%", "Green", "Worsening"]);
    });

    it("fill the width of the page with columns in the proportions asked for", () => {
      const columns = all(scorecard(), "w:gridCol").map((c) => Number(c.getAttribute("w:w")));
      const total = columns.reduce((sum, w) => sum + w, 0);
      expect(total).toBe(11906 - 2 * 1134);
      expect(columns.map((w) => Math.round((w / total) * 94))).toEqual([40, 14, 12, 12, 16]);
    });

    it("have ruled borders", () => {
      const borders = all(scorecard(), "w:tblBorders")[0];
      for (const side of ["w:top", "w:bottom", "w:left", "w:right", "w:insideH", "w:insideV"]) {
        expect(borders && all(borders, side)[0]?.getAttribute("w:val")).toBe("single");
      }
    });

    it("keep short rows whole on one page", () => {
      expect(all(scorecard(), "w:tr").every((row) => isOn(row, "w:cantSplit"))).toBe(true);
    });
  });

  it("writes the cover sheet's fields as a two-column table of bold labels, with no header row", () => {
    const cover = word.tables[0] ?? word.document.documentElement;
    expect(rowsOf(cover).slice(0, 2)).toEqual([
      ["Date of meeting", "6 November 2025"],
      ["Title of report", "Children, Young People and Families Service Q1 and Q2 Improvement Update"],
    ]);
    expect(all(cover, "w:gridCol")).toHaveLength(2);
    expect(all(cover, "w:tr").some((row) => isOn(row, "w:tblHeader"))).toBe(false);
    const labels = all(cover, "w:tr").map((row) => all(row, "w:tc")[0]);
    expect(labels.every((label) => label !== undefined && isOn(label, "w:b"))).toBe(true);
    const values = all(cover, "w:tr").map((row) => all(row, "w:tc")[1]);
    expect(values.some((value) => value === undefined || isOn(value, "w:b"))).toBe(false);
  });

  it("stands what follows a list a gap off it, its items staying close together", async () => {
    const written = await openWord(
      await writeDocx(reportOf([{ kind: "list", items: ["The inspection's findings;", "what young people asked."] }, { kind: "paragraph", text: "The plan runs for three years." }])),
    );
    const spacingBefore = (text: string) => {
      const paragraph = written.bodyParagraphs.find((p) => textOf(p) === text);
      return Number((paragraph && all(paragraph, "w:spacing")[0]?.getAttribute("w:before")) ?? 0);
    };
    expect(spacingBefore("what young people asked.")).toBe(0);
    expect(spacingBefore("The plan runs for three years.")).toBeGreaterThanOrEqual(200);
  });

  describe("charts", () => {
    it("are pictures with the chart's title and description as their alternative text", () => {
      const pictures = all(word.document, "wp:docPr");
      expect(pictures).toHaveLength(1);
      for (const picture of pictures) {
        expect(picture.getAttribute("title")).toBe("Re-referrals to children's social care within 12 months");
        expect(picture.getAttribute("descr")).toMatch(/^Re-referrals to children's social care within 12 months: 14 monthly values from Apr 24 to May 25/);
      }
    });

    it("are PNG pictures, drawn at twice the size they are shown for sharp printing", async () => {
      const [image] = await word.related("image");
      const png = await word.bytes(image ?? "");
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(png.readUInt32BE(16)).toBe(1280);
      const extent = all(word.document, "wp:extent")[0];
      expect(Number(extent?.getAttribute("cx")) / emuPerPixel).toBe(640);
      expect(Number(extent?.getAttribute("cy")) / emuPerPixel).toBe(280);
    });

    it("are shrunk to the width of the page when wider, keeping their proportions", async () => {
      const wide = { ...sampleChart("wide", "A wide chart", [3, 4, 5], 4), width: 1000, height: 400 };
      const extent = all((await openWord(await writeDocx(reportOf([wide])))).document, "wp:extent")[0];
      const width = Number(extent?.getAttribute("cx")) / emuPerPixel;
      const height = Number(extent?.getAttribute("cy")) / emuPerPixel;
      expect(width).toBe(Math.floor((11906 - 2 * 1134) / 15));
      expect(height).toBeCloseTo((400 * width) / 1000, 0);
    });

    it("are the very pictures drawn for the document, drawn here when not given", async () => {
      const images = await chartImages(report);
      const [drawn] = images.values();
      const given = await openWord(await writeDocx(report, images));
      const [image] = await given.related("image");
      expect(await given.bytes(image ?? "")).toEqual(drawn);
      const unasked = await openWord(await writeDocx(report));
      const [same] = await unasked.related("image");
      expect(await unasked.bytes(same ?? "")).toEqual(drawn);
    });

    it("say which could not be drawn, when drawn here", async () => {
      const broken = { ...sampleChart("x", "Care leavers in education", [1, 2, 3], 2), svg: "<svg" };
      await expect(writeDocx(reportOf([broken]))).rejects.toThrow('The chart "Care leavers in education" could not be drawn');
    });

    it("have their title above them as a caption", () => {
      const title = paragraphWith("Re-referrals to children's social care within 12 months");
      expect(styleOf(title)).toBe("Caption");
      expect(all(title.nextElementSibling ?? title, "w:drawing")).toHaveLength(1);
    });
  });

  it("puts the council's name in the page header and 'Page X of Y' in the footer", async () => {
    const [header] = await word.related("header");
    const [footer] = await word.related("footer");
    const headerText = all(await word.part(header ?? ""), "w:p").map(textOf).join(" ");
    expect(headerText).toBe("Plymouth City Council");
    const footerPart = await word.part(footer ?? "");
    expect(all(footerPart, "w:p").map(textOf).join("")).toBe("Page  of ");
    expect(all(footerPart, "w:instrText").map((f) => (f.textContent ?? "").trim())).toEqual(["PAGE", "NUMPAGES"]);
  });

  it("is A4 portrait, in Arial 11pt and UK English", async () => {
    const size = all(word.document, "w:pgSz")[0];
    expect([size?.getAttribute("w:w"), size?.getAttribute("w:h")]).toEqual(["11906", "16838"]);
    const defaults = all(await word.part("word/styles.xml"), "w:rPrDefault")[0] ?? word.document.documentElement;
    expect(all(defaults, "w:rFonts")[0]?.getAttribute("w:ascii")).toBe("Arial");
    expect(all(defaults, "w:sz")[0]?.getAttribute("w:val")).toBe("22");
    expect(all(defaults, "w:lang")[0]?.getAttribute("w:val")).toBe("en-GB");
  });

  it("has the report's title, and the council as its author, in the document's properties", async () => {
    const core = await word.part("docProps/core.xml");
    expect(all(core, "dc:title")[0]?.textContent).toBe(report.title);
    expect(all(core, "dc:creator")[0]?.textContent).toBe("Plymouth City Council");
  });

  it("keeps ampersands, angle brackets and line breaks, and drops characters Word cannot open", async () => {
    const document = await openWord(await writeDocx(reportOf([{ kind: "paragraph", text: "Health & <care>\u000B plans\nSecond line" }])));
    expect(document.bodyParagraphs.map(textOf)).toContain("Health & <care> plans\nSecond line");
  });
});

describe("a report Word could not show as asked", () => {
  it("is refused when a table row has more or fewer cells than the table has columns", async () => {
    const table = { kind: "table" as const, caption: "Caseloads by team", columns: ["Team", "Caseload"], rows: [["Duty and Advice", "18", "extra"]] };
    await expect(writeDocx(reportOf([table]))).rejects.toThrow('Row 1 of the table "Caseloads by team" has 3 cells for 2 columns');
  });

  it("is refused when a table's widths do not match its columns", async () => {
    const table = { kind: "table" as const, caption: "Caseloads by team", columns: ["Team", "Caseload"], widths: [1, 1, 1], rows: [] };
    await expect(writeDocx(reportOf([table]))).rejects.toThrow('The table "Caseloads by team" has 2 columns but widths [1,1,1]');
  });

  it("is refused when a chart's picture was not drawn", async () => {
    await expect(writeDocx(reportOf([sampleChart("x", "Care leavers in education", [1, 2, 3], 2)]), new Map())).rejects.toThrow(
      'No picture was drawn for the chart "Care leavers in education"',
    );
  });
});
