import { randomBytes } from "node:crypto";

/**
 * Pages kept as drawn. A page whose every figure comes from versioned data (the scorecard, a
 * measure's page, the plan's pages) is drawn once for each address, person, day and state of the
 * data, and the same HTML is sent again until one of them changes. What differs on every request,
 * the form token and the script nonce, is drawn as a mark and filled in as the page is sent.
 */

/** What stands in for each request's own values while a page is drawn: letters and digits, so escaping leaves them alone. */
export const pageMarks = {
  csrfToken: `kept-page-form-token-${randomBytes(12).toString("hex")}`,
  cspNonce: `kept-page-script-nonce-${randomBytes(12).toString("hex")}`,
} as const;

export type PageMark = keyof typeof pageMarks;
export type MarkValues = Record<PageMark, string>;

/**
 * A drawn page cut at its marks: the text between them, already encoded (the largest cost of
 * sending a kept page is otherwise encoding it again), and which mark came between each.
 */
export interface DrawnPage {
  texts: Buffer[];
  marks: PageMark[];
  bytes: number;
}

const markPattern = new RegExp(`(${Object.values(pageMarks).join("|")})`);
const markOf = new Map<string, PageMark>(Object.entries(pageMarks).map(([name, text]) => [text, name as PageMark]));

export function cutAtMarks(html: string): DrawnPage {
  const pieces = html.split(markPattern);
  const texts: Buffer[] = [];
  const marks: PageMark[] = [];
  pieces.forEach((piece, i) => {
    if (i % 2 === 0) texts.push(Buffer.from(piece));
    else marks.push(markOf.get(piece) as PageMark);
  });
  return { texts, marks, bytes: texts.reduce((sum, text) => sum + text.length, 0) };
}

/** The page as one request is sent it, with its own values in place of the marks. */
export function fillMarks(page: DrawnPage, values: MarkValues): Buffer {
  const filled = new Map<PageMark, Buffer>();
  const pieces: Buffer[] = [];
  page.texts.forEach((text, i) => {
    pieces.push(text);
    const mark = page.marks[i];
    if (mark === undefined) return;
    let value = filled.get(mark);
    if (!value) {
      value = Buffer.from(values[mark]);
      filled.set(mark, value);
    }
    pieces.push(value);
  });
  return Buffer.concat(pieces);
}

/**
 * The kept pages, up to `maxBytes`, the least recently used given up first. A key names everything a
 * page was drawn from, so a page kept is never out of date; one whose data has changed is simply
 * never asked for again and ages out. Two requests for a page not yet kept share one drawing; a
 * drawing that fails, or finds nothing to show, is not kept.
 */
export class KeptPages {
  private readonly pages = new Map<string, Promise<DrawnPage | null>>();
  /** The size of each page drawn and kept (a drawing under way has none yet). */
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.pages.size;
  }

  /** The page kept under `key`, drawn by `draw` when there is none; null when `draw` finds nothing to show. */
  page(key: string, draw: () => Promise<DrawnPage | null>): Promise<DrawnPage | null> {
    const kept = this.pages.get(key);
    if (kept) {
      // Used again: now the most recently used.
      this.pages.delete(key);
      this.pages.set(key, kept);
      return kept;
    }
    const drawing = draw();
    this.pages.set(key, drawing);
    drawing.then(
      (page) => (page === null ? this.forget(key, drawing) : this.keep(key, drawing, page)),
      () => this.forget(key, drawing),
    );
    return drawing;
  }

  private keep(key: string, drawing: Promise<DrawnPage | null>, page: DrawnPage): void {
    if (this.pages.get(key) !== drawing) return;
    this.sizes.set(key, page.bytes);
    this.bytes += page.bytes;
    for (const oldKey of this.pages.keys()) {
      if (this.bytes <= this.maxBytes || oldKey === key) break;
      this.remove(oldKey);
    }
  }

  private forget(key: string, drawing: Promise<DrawnPage | null>): void {
    if (this.pages.get(key) === drawing) this.remove(key);
  }

  private remove(key: string): void {
    this.pages.delete(key);
    this.bytes -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }
}
