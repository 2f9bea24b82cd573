import { z } from "zod";
import { ragRuleInWords } from "../../core/rag.ts";
import type { Database } from "../../db/client.ts";
import { queryFilter } from "../../web/inputs.ts";
import { vocabulary } from "./route-support.ts";
import * as measures from "./service.ts";

/** The scorecard's filters and order, as its address gives them; anything odd falls back to the default. */
export const scorecardQuery = z.object({
  priority: queryFilter,
  rag: queryFilter,
  variation: queryFilter,
  sort: z.enum(["code", "title", "rag", "variation", "period", "band"]).catch("code").default("code"),
  order: z.enum(["asc", "desc"]).catch("asc").default("asc"),
});
export type ScorecardQuery = z.infer<typeof scorecardQuery>;

/** The scorecard page's address: its filters and order, and which page of rows; anything that is no page number is the first. */
export const scorecardPageQuery = scorecardQuery.extend({ page: z.coerce.number().int().min(1).catch(1).default(1) });

/** How many rows each page of the scorecard shows. */
export const rowsPerPage = 25;

/**
 * The page numbers a page's pagination links to: the first and the last, the current page and
 * those either side of it, and "…" where numbers are left out (never for just one: that is shown).
 */
export function pageNumbers(current: number, count: number): (number | "…")[] {
  const shown = [...new Set([1, current - 1, current, current + 1, count])].filter((n) => n >= 1 && n <= count).sort((a, b) => a - b);
  return shown.flatMap((n, i) => {
    const before = shown[i - 1];
    if (before === undefined || n - before === 1) return [n];
    return n - before === 2 ? [before + 1, n] : ["…" as const, n];
  });
}

/**
 * One page of rows, and its GOV.UK pagination (null when one page holds them all). A page past
 * the last shows the last. `href` gives a page's address, with the filters and order kept.
 */
export function pageOf<T>(rows: readonly T[], asked: number, href: (page: number) => string) {
  const count = Math.max(1, Math.ceil(rows.length / rowsPerPage));
  const page = Math.min(asked, count);
  const first = (page - 1) * rowsPerPage;
  const pagination =
    count === 1
      ? null
      : {
          landmarkLabel: "Scorecard pages",
          previous: page > 1 ? { href: href(page - 1) } : null,
          next: page < count ? { href: href(page + 1) } : null,
          items: pageNumbers(page, count).map((n) => (n === "…" ? { ellipsis: true } : { number: n, href: href(n), current: n === page })),
        };
  return { rows: rows.slice(first, first + rowsPerPage), page, count, from: Math.min(first + 1, rows.length), to: Math.min(first + rowsPerPage, rows.length), pagination };
}

const ragOrder = { red: 0, amber: 1, green: 2, blue: 3 } as const;

/** The rows the filters keep, in the order asked for. */
export function filteredRows(rows: readonly measures.PresentedRow[], q: ScorecardQuery) {
  const kept = rows.filter(
    (r) => (!q.priority || r.priorities.some((p) => String(p) === q.priority)) && (!q.rag || (q.rag === "none" ? r.rag === null : r.rag === q.rag)) && (!q.variation || r.variation === q.variation),
  );
  const key = (r: measures.PresentedRow): string | number => {
    switch (q.sort) {
      case "title":
        return r.title.toLowerCase();
      case "rag":
        return r.rag ? ragOrder[r.rag] : 9;
      case "variation":
        return r.variation;
      case "period":
        return r.period ? r.code : "";
      case "band":
        return r.band || "Z";
      default:
        return r.code;
    }
  };
  const sorted = [...kept].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return q.order === "desc" ? sorted.reverse() : sorted;
}

/** The scorecard page: a page of its rows filtered and sorted, each column's sort link, the pages' links and the downloads' filters. */
export async function scorecardPage(db: Database, q: ScorecardQuery, page: number, canManage: boolean) {
  const card = await measures.currentScorecard(db);
  const all = card.presented();
  const sortHref = (column: string) => {
    const params = new URLSearchParams({ ...q, sort: column, order: q.sort === column && q.order === "asc" ? "desc" : "asc" });
    return `/measures?${params.toString()}`;
  };
  const filters = Object.entries(q).filter(([, v]) => v !== "");
  const exportQuery = new URLSearchParams(filters).toString();
  const pageHref = (n: number) => `/measures?${new URLSearchParams([...filters, ...(n > 1 ? [["page", String(n)]] : [])]).toString()}`;
  const kept = filteredRows(all, q);
  const shown = pageOf(kept, page, pageHref);
  return {
    pageTitle: shown.count > 1 ? `Scorecard (page ${String(shown.page)} of ${String(shown.count)})` : "Scorecard",
    section: "measures",
    rows: shown.rows,
    kept: kept.length,
    total: all.length,
    shown,
    q,
    sortHref,
    exportQuery,
    ragRuleWords: ragRuleInWords(card.rule),
    canManage,
    plan: card.plan,
    ...vocabulary,
  };
}

/** The scorecard rows a download holds: those the page shows with the same filters and order. */
export async function exportedRows(db: Database, q: ScorecardQuery) {
  const card = await measures.currentScorecard(db);
  return filteredRows(card.presented(), q).flatMap((r) => card.byCode.get(r.code) ?? []);
}

/** The data exceptions page: measures whose figures need a look. */
export async function exceptionsPage(db: Database) {
  const card = await measures.currentScorecard(db);
  return { pageTitle: "Data exceptions", section: "measures", rows: card.exceptions(), ragRuleWords: ragRuleInWords(card.rule), ...vocabulary };
}
