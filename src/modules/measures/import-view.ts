import type { Database } from "../../db/client.ts";
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
