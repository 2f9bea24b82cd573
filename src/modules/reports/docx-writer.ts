import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
  type ITableBordersOptions,
} from "docx";
import { chartBlocks, chartImages, chartKey, type ChartImages } from "./chart-images.ts";
import type { Block, Cell, ChartBlock, FieldsBlock, HeadingBlock, ListBlock, ParagraphBlock, ReportDocument, TableBlock } from "./document.ts";
import { pictureStandIn, placePictures } from "./docx-pictures.ts";

/**
 * Writes a report as a Word document: real heading styles (so Word's navigation pane and a table of
 * contents work), real lists, tables whose header row repeats on every page, charts as pictures with
 * alternative text, the council's name in the page header and "Page X of Y" in the footer. Arial
 * 11pt is the councils' house style; A4 portrait; UK English for spelling and screen readers.
 * Charts go in as stand-ins, replaced by their pictures once packed (see docx-pictures.ts).
 */

/** A4 in twentieths of a point, with 2 cm margins. */
const page = { width: 11906, height: 16838, margin: 1134, headerFooter: 567 } as const;
const contentWidth = page.width - 2 * page.margin;
/** Twips per pixel at 96 to the inch: what ImageRun sizes are in. */
const twipsPerPixel = 15;

const font = "Arial";
const language = "en-GB";
const textColour = "000000";
const ruleColour = "6F777B";
const headerFill = "E8E8E8";

const styleIds = { committee: "Committee", tableText: "TableText" } as const;
const lists = { bullets: "bullets", cellBullets: "cell-bullets", numbers: "numbers" } as const;

/** What the first paragraph of a block takes from the blocks before it: a page break, or room after a table. */
type Lead = Pick<IParagraphOptions, "pageBreakBefore" | "spacing">;

type Element = Paragraph | Table;

// Characters XML 1.0 cannot hold (pasted text brings them, vertical tabs from Word above all): Word refuses a file with one.
// eslint-disable-next-line no-control-regex
const unwritable = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const clean = (text: string) => text.replace(unwritable, "");

/** Text as runs, a line break for each newline in it. */
function runs(text: string, options: { bold?: boolean } = {}): TextRun[] {
  return clean(text)
    .split(/\r?\n/)
    .map((line, i) => new TextRun({ text: line, ...(options.bold ? { bold: true } : {}), ...(i > 0 ? { break: 1 } : {}) }));
}

const rule = { style: BorderStyle.SINGLE, size: 4, color: ruleColour } as const;
const tableBorders: ITableBordersOptions = { top: rule, bottom: rule, left: rule, right: rule, insideHorizontal: rule, insideVertical: rule };

/** Column widths in twips from relative widths, filling the width of the page's text. */
function columnWidths(table: { caption: string; widths?: number[] }, count: number): number[] {
  const relative = table.widths ?? Array.from({ length: count }, () => 1);
  if (relative.length !== count || relative.some((w) => !(w > 0))) {
    throw new Error(`The table "${table.caption}" has ${count} columns but widths ${JSON.stringify(table.widths)}`);
  }
  const total = relative.reduce((sum, w) => sum + w, 0);
  const widths = relative.map((w) => Math.floor((w / total) * contentWidth));
  // The last column takes what rounding down left over, so the table fills the width exactly.
  const used = widths.reduce((sum, w) => sum + w, 0);
  return widths.map((w, i) => (i === widths.length - 1 ? w + contentWidth - used : w));
}

function cellParagraphs(cell: Cell, bold = false): Paragraph[] {
  if (typeof cell === "string") return [new Paragraph({ style: styleIds.tableText, children: runs(cell, { bold }) })];
  // A cell needs a paragraph even when its list is empty.
  if (cell.items.length === 0) return [new Paragraph({ style: styleIds.tableText })];
  return cell.items.map((item) => new Paragraph({ style: styleIds.tableText, numbering: { reference: lists.cellBullets, level: 0 }, children: runs(item) }));
}

function cell(content: Cell, width: number, options: { header?: boolean } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    shading: options.header ? { type: ShadingType.CLEAR, fill: headerFill, color: "auto" } : undefined,
    children: cellParagraphs(content, options.header),
  });
}

/**
 * A row short enough to keep whole on one page rather than split across two. A long row is left to
 * split: a row kept whole that is taller than a page would be cut off.
 */
function short(row: Cell[]): boolean {
  const characters = row.reduce((sum, content) => sum + (typeof content === "string" ? content.length : content.items.join(" ").length), 0);
  return characters <= 600;
}

function caption(text: string, lead: Lead): Paragraph {
  return new Paragraph({ ...lead, style: "Caption", keepNext: true, children: runs(text) });
}

function table(block: TableBlock, lead: Lead): Element[] {
  if (block.columns.length === 0) throw new Error(`The table "${block.caption}" has no columns`);
  const widths = columnWidths(block, block.columns.length);
  const at = (i: number) => widths[i] ?? 0;
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: block.columns.map((column, i) => cell(column, at(i), { header: true })),
  });
  const rows = block.rows.map((row, r) => {
    if (row.length !== block.columns.length) {
      throw new Error(`Row ${r + 1} of the table "${block.caption}" has ${row.length} cells for ${block.columns.length} columns`);
    }
    return new TableRow({ cantSplit: short(row), children: row.map((content, i) => cell(content, at(i))) });
  });
  return [
    caption(block.caption, lead),
    new Table({ rows: [header, ...rows], width: { size: contentWidth, type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, borders: tableBorders }),
  ];
}

function fields(block: FieldsBlock, lead: Lead): Element[] {
  const labelWidth = Math.floor(contentWidth / 3);
  const valueWidth = contentWidth - labelWidth;
  const rows = block.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: [cell(row.label, labelWidth, { header: true }), cell(row.value, valueWidth)],
      }),
  );
  return [
    caption(block.caption, lead),
    new Table({ rows, width: { size: contentWidth, type: WidthType.DXA }, columnWidths: [labelWidth, valueWidth], layout: TableLayoutType.FIXED, borders: tableBorders }),
  ];
}

const headingLevels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

function heading(block: HeadingBlock, lead: Lead): Element[] {
  return [new Paragraph({ ...lead, heading: headingLevels[block.level], children: runs(block.text) })];
}

/** "Vision" and "Vision:" both lead in as "Vision: ". */
function leadIn(label: string): string {
  return /[:.?!]$/.test(label.trim()) ? `${label.trim()} ` : `${label.trim()}: `;
}

function paragraph(block: ParagraphBlock, lead: Lead): Element[] {
  const label = block.label === undefined || block.label.trim() === "" ? [] : runs(leadIn(block.label), { bold: true });
  return [new Paragraph({ ...lead, children: [...label, ...runs(block.text)] })];
}

function list(block: ListBlock, lead: Lead, instance: number): Element[] {
  // Each numbered list is its own instance of the numbering, so it starts again at 1.
  const numbering = block.ordered ? { reference: lists.numbers, level: 0, instance } : { reference: lists.bullets, level: 0 };
  return block.items.map((item, i) => new Paragraph({ ...(i === 0 ? lead : {}), numbering, children: runs(item) }));
}

function pictureOf(images: ChartImages, block: ChartBlock): Buffer {
  const png = images.get(block);
  if (png === undefined) throw new Error(`No picture was drawn for the chart "${block.title}"`);
  return png;
}

/** The widest a picture can be: the width of the page's text, in pixels. */
const maxPictureWidth = Math.floor(contentWidth / twipsPerPixel);

function chart(block: ChartBlock, lead: Lead): Element[] {
  const width = Math.min(block.width, maxPictureWidth);
  const height = Math.round((block.height * width) / block.width);
  return [
    caption(block.title, lead),
    new Paragraph({
      keepLines: true,
      spacing: { after: 240 },
      children: [
        new ImageRun({
          type: "png",
          data: pictureStandIn(chartKey(block)),
          transformation: { width, height },
          altText: { name: clean(block.title), title: clean(block.title), description: clean(block.alt) },
        }),
      ],
    }),
  ];
}

function body(document: ReportDocument): Element[] {
  const elements: Element[] = [];
  let lead: Lead = {};
  let numberedLists = 0;
  let previous: Block["kind"] | undefined;
  for (const block of document.blocks) {
    if (block.kind === "page-break") {
      // The next block starts a page: no empty paragraph left at the top of it.
      lead = { pageBreakBefore: true };
      continue;
    }
    if ((previous === "table" || previous === "fields") && block.kind !== "heading") lead = { ...lead, spacing: { before: 240 } };
    // A list's items sit close together; what follows it, other than a heading, stands a line's gap off.
    if (previous === "list" && block.kind !== "heading") lead = { ...lead, spacing: { before: 200 } };
    const written = ((): Element[] => {
      switch (block.kind) {
        case "heading":
          return heading(block, lead);
        case "paragraph":
          return paragraph(block, lead);
        case "list":
          return list(block, lead, block.ordered ? ++numberedLists : 0);
        case "table":
          return table(block, lead);
        case "fields":
          return fields(block, lead);
        case "chart":
          return chart(block, lead);
      }
    })();
    if (written.length > 0) {
      elements.push(...written);
      lead = {};
      previous = block.kind;
    }
  }
  return elements;
}

const bulletLevel = (left: number, hanging: number) => ({
  level: 0,
  format: LevelFormat.BULLET,
  text: "\u2022",
  alignment: AlignmentType.LEFT,
  style: { paragraph: { indent: { left, hanging } }, run: { font } },
});

function header(council: string): Header {
  return new Header({
    children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: clean(council), size: 18, color: "505A5F" })] })],
  });
}

function footer(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ size: 18, color: "505A5F", children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
}

/**
 * A report as a .docx file. Charts come as pictures from `chartImages`; when not given they are
 * drawn here, in their own threads while this one packs the document.
 */
export async function writeDocx(document: ReportDocument, images?: ChartImages): Promise<Buffer> {
  const charts = chartBlocks(document);
  if (images) charts.forEach((block) => pictureOf(images, block));
  const drawing = images ? Promise.resolve(images) : chartImages(document);
  // A chart that cannot be drawn is reported when the pictures are awaited, after packing, not as unhandled meanwhile.
  drawing.catch(() => undefined);
  const word = new Document({
    title: clean(document.title),
    subject: clean(document.committee),
    creator: clean(document.council),
    lastModifiedBy: clean(document.council),
    styles: {
      default: {
        document: {
          run: { font, size: 22, color: textColour, language: { value: language } },
          paragraph: { spacing: { after: 120, line: 264, lineRule: LineRuleType.AUTO } },
        },
        title: { run: { font, size: 48, bold: true, color: textColour }, paragraph: { spacing: { after: 360 } } },
        heading1: { run: { font, size: 32, bold: true, color: textColour }, paragraph: { spacing: { before: 360, after: 120 }, keepNext: true, keepLines: true } },
        heading2: { run: { font, size: 26, bold: true, color: textColour }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, keepLines: true } },
        heading3: { run: { font, size: 24, bold: true, color: textColour }, paragraph: { spacing: { before: 240, after: 80 }, keepNext: true, keepLines: true } },
        caption: { run: { font, size: 22, bold: true, italics: false, color: textColour }, paragraph: { spacing: { before: 120, after: 80 }, keepNext: true } },
        listParagraph: { paragraph: { spacing: { after: 60 } } },
      },
      paragraphStyles: [
        { id: styleIds.committee, name: "Committee", basedOn: "Normal", next: "Title", quickFormat: true, run: { size: 28, bold: true }, paragraph: { spacing: { after: 240 } } },
        // Tables in 10pt, as councils set dense tables, so that a scorecard's seven columns fit the page without breaking words.
        { id: styleIds.tableText, name: "Table Text", basedOn: "Normal", quickFormat: true, run: { size: 20 }, paragraph: { spacing: { before: 40, after: 40, line: 240, lineRule: LineRuleType.AUTO } } },
      ],
    },
    numbering: {
      config: [
        { reference: lists.bullets, levels: [bulletLevel(567, 283)] },
        { reference: lists.cellBullets, levels: [bulletLevel(284, 284)] },
        {
          reference: lists.numbers,
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 567, hanging: 397 } } } }],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: page.width, height: page.height },
            margin: { top: page.margin, bottom: page.margin, left: page.margin, right: page.margin, header: page.headerFooter, footer: page.headerFooter },
          },
        },
        headers: { default: header(document.council) },
        footers: { default: footer() },
        children: [
          new Paragraph({ style: styleIds.committee, children: runs(document.committee) }),
          new Paragraph({ heading: HeadingLevel.TITLE, children: runs(document.title) }),
          ...body(document),
        ],
      },
    ],
  });
  const packed = await Packer.toBuffer(word);
  const pictures = await drawing;
  return placePictures(packed, new Map(charts.map((block) => [chartKey(block), pictureOf(pictures, block)])));
}
