import type { Database } from "../../db/client.ts";
import { oglNotice } from "./ogl.ts";
import * as repository from "./repository.ts";
import * as measures from "./service.ts";

/** Every measure for the API, with its values, RAG, SPC and benchmark, under the licence its figures carry. */
export async function apiMeasureList(db: Database) {
  const rows = (await measures.scorecard(db)).map((row) => apiMeasure(row, row.values));
  return { licence: oglNotice, measures: rows };
}

/** One measure for the API, with each value's note and provenance and its targets; null when there is none with that code. */
export async function apiMeasureDetail(db: Database, code: string) {
  const measure = await repository.findMeasure(db, code);
  if (!measure) return null;
  const [row] = await measures.scorecard(db, [measure.id]);
  if (!row) return null;
  const [targets, values] = await Promise.all([repository.listTargets(db, [measure.id]), repository.listValues(db, [measure.id])]);
  return { licence: oglNotice, ...apiMeasure(row, values), targets: targets.map((t) => ({ planYear: t.planYear, value: t.value, tolerance: t.tolerance, oneOff: t.oneOff })) };
}

/** A measure for the API; the detail gives each value's note and provenance, the list leaves them out. */
function apiMeasure(row: Awaited<ReturnType<typeof measures.scorecard>>[number], values: (repository.SeriesPoint & { note?: string; provenance?: string; lineage?: unknown })[]) {
  const { measure, benchmark } = row;
  return {
    code: measure.code,
    title: measure.title,
    /** Where its values come from: entered (typed or a values file), imported (published statistics) or computed (from case records). */
    source: measure.source,
    definition: measure.definition,
    unit: measure.unit,
    polarity: measure.polarity,
    frequency: measure.frequency,
    decimals: measure.decimals,
    priorities: row.priorities,
    values: values.map((v) => ({ periodEnd: v.periodEnd, value: v.value, numerator: v.numerator, denominator: v.denominator, status: v.status, ...(v.provenance === undefined ? {} : { note: v.note, provenance: v.provenance }), ...(v.lineage ? { lineage: v.lineage } : {}) })),
    rag: row.rag,
    variation: row.spc.variation,
    assurance: row.spc.assurance,
    benchmark: benchmark && {
      year: benchmark.year,
      england: benchmark.england,
      region: benchmark.region,
      council: benchmark.council?.value ?? null,
      neighbourMean: benchmark.neighbourMean,
      neighbours: benchmark.neighbours,
      quartileBand: benchmark.summary?.quartileBand ?? null,
      rank: benchmark.summary?.rank ?? null,
      rankOf: benchmark.summary?.rankOf ?? null,
    },
  };
}
