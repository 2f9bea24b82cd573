/**
 * A report as a tree of blocks, independent of the format it is written in. Builders make one from
 * the data; the Word, HTML and PDF writers each write the same tree, so the three formats never
 * disagree. Plain objects only: an issued report keeps its tree as JSON, with the files.
 */

/** What a table cell holds: a line of text, or a bulleted list. */
export type Cell = string | { items: string[] };

export interface HeadingBlock {
  kind: "heading";
  /** 1 for a section ("Strategic Priority 1: Early Help"), 2 and 3 below it. */
  level: 1 | 2 | 3;
  text: string;
}

export interface ParagraphBlock {
  kind: "paragraph";
  text: string;
  /** A bold lead-in before the text, as in "Vision: A strong and effective early help offer…". */
  label?: string;
}

export interface ListBlock {
  kind: "list";
  items: string[];
  ordered?: boolean;
}

export interface TableBlock {
  kind: "table";
  /** Says what the table holds; shown above it and read out by screen readers. */
  caption: string;
  /** The header row, repeated at the top of every page the table runs onto. */
  columns: string[];
  rows: Cell[][];
  /** Relative column widths (for example [1, 1] for two equal columns); equal when absent. */
  widths?: number[];
}

/** Labelled fields in two columns with the labels as row headers: a cover sheet, say. */
export interface FieldsBlock {
  kind: "fields";
  caption: string;
  rows: { label: string; value: string }[];
}

export interface ChartBlock {
  kind: "chart";
  title: string;
  /** Says in words what the chart shows; it goes into Word as the image's alternative text. */
  alt: string;
  /** The chart as SVG with its width and height in pixels. */
  svg: string;
  width: number;
  height: number;
}

export interface PageBreakBlock {
  kind: "page-break";
}

export type Block = HeadingBlock | ParagraphBlock | ListBlock | TableBlock | FieldsBlock | ChartBlock | PageBreakBlock;

export interface ReportDocument {
  /** The report's title: "Children, Young People and Families Service Q1 and Q2 Improvement Update". */
  title: string;
  /** The council whose report it is; written in the page header of the Word file. */
  council: string;
  /** The meeting it goes to, shown above the title: "Children, Young People and Families Scrutiny Panel". */
  committee: string;
  /** When it was generated, ISO 8601. */
  generatedAt: string;
  blocks: Block[];
}
