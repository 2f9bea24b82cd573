import { formatWithFraction } from "../../core/measure-format.ts";
import type { Database } from "../../db/client.ts";
import * as imports from "./import-repository.ts";
import { oglNotice } from "./ogl.ts";
import * as repository from "./repository.ts";

/** The values import page; `extra` adds a form's errors or what an import did. */
export function valueImportPage(extra: Record<string, unknown> = {}) {
  return { pageTitle: "Import values", section: "measures", ...extra };
}

/** The measures a DfE statistics file can be imported for: those mapped to a DfE file. */
async function mappedMeasures(db: Database) {
  const [all, mappings] = await Promise.all([repository.listMeasures(db), repository.listMappings(db)]);
  return all.filter((m) => mappings.some((x) => x.measureId === m.id)).map((m) => ({ code: m.code, title: m.title, file: mappings.find((x) => x.measureId === m.id)?.fileName }));
}

/** The DfE statistics import page, with the measure chosen. */
export async function benchmarkImportPage(db: Database, values: Record<string, unknown>) {
  return { pageTitle: "Import DfE statistics", section: "measures", measures: await mappedMeasures(db), values, oglNotice };
}

/** Every measure's code, for a values template. */
export async function measureCodes(db: Database): Promise<string[]> {
  return (await repository.listMeasures(db)).map((m) => m.code);
}

/** The most changed values an import's page lists. */
const changesListed = 1000;

const stateWords = { received: "Waiting to be applied", applied: "Applied", unchanged: "Nothing to change", refused: "Refused" } as const;

/**
 * A values import as its page shows it: the file, who imported it and when, what became of it,
 * its problems or warnings, and each value it added or changed with what it was before. Null when
 * there is no such import.
 */
export async function importRecordPage(db: Database, id: number) {
  const record = await imports.findImportById(db, id);
  if (!record) return null;
  const [measures, changes] = await Promise.all([repository.listMeasures(db), imports.listChanges(db, id, changesListed)]);
  const byCode = new Map(measures.map((m) => [m.code, m]));
  const figure = (code: string, value: number | null, numerator: number | null, denominator: number | null) => {
    const m = byCode.get(code);
    if (value === null) return "";
    return m ? formatWithFraction(value, m.unit, m.decimals, numerator, denominator) : String(value);
  };
  const shown = (record.added ?? 0) + (record.changed ?? 0);
  return {
    pageTitle: `Import of ${record.fileName}`,
    section: "measures",
    record,
    stateWords: stateWords[record.state],
    moreProblems: Math.max(0, record.problems - record.listedProblems.length),
    moreWarnings: Math.max(0, record.warnings - record.listedWarnings.length),
    changes: changes.map((c) => ({
      row: c.row,
      code: c.code,
      title: byCode.get(c.code)?.title ?? c.code,
      periodEnd: c.periodEnd,
      outcome: c.outcome,
      before: c.outcome === "changed" ? [figure(c.code, c.wasValue, c.wasNumerator, c.wasDenominator), c.wasStatus, c.wasNote].filter(Boolean).join(", ") : "",
      after: [figure(c.code, c.value, c.numerator, c.denominator), c.status, c.note].filter(Boolean).join(", "),
    })),
    moreChanges: Math.max(0, shown - changes.length),
  };
}
