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

/** The scorecard page: its rows filtered and sorted, each column's sort link and the downloads' filters. */
export async function scorecardPage(db: Database, q: ScorecardQuery, canManage: boolean) {
  const card = await measures.currentScorecard(db);
  const all = card.presented();
  const sortHref = (column: string) => {
    const params = new URLSearchParams({ ...q, sort: column, order: q.sort === column && q.order === "asc" ? "desc" : "asc" });
    return `/measures?${params.toString()}`;
  };
  const exportQuery = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== "")).toString();
  return {
    pageTitle: "Scorecard",
    section: "measures",
    rows: filteredRows(all, q),
    total: all.length,
    q,
    sortHref,
    exportQuery,
    ragRuleWords: ragRuleInWords(card.rule),
    canManage,
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
