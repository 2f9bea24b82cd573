import { parse } from "csv-parse/sync";
import { UnreadableFileError } from "../../core/file-problems.ts";

export interface NeighbourSet {
  name: string;
  regionName: string;
  /** Closest first, as the model orders them; closeness is the model's label ("Very close", "Close", …). */
  neighbours: { code: string; closeness: string }[];
}

const NEIGHBOURS = 10;

/**
 * Reads the DfE children's services statistical-neighbour model in its wide form
 * (`sn_model_2025_wide.csv`): a row per council by old_la_code, with SN_1 … SN_10 the
 * neighbours' old_la_codes and SN_1P … SN_10P how close each is. A file without those
 * columns is a different file, so it is refused outright rather than read as empty.
 */
export function parseNeighbourModel(text: string): Map<string, NeighbourSet> {
  const records: Record<string, string>[] = parse(text, { bom: true, columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true });
  const wanted = ["old_la_code", "la_name", "region_name", ...Array.from({ length: NEIGHBOURS }, (_, i) => [`SN_${i + 1}`, `SN_${i + 1}P`]).flat()];
  const first = records[0];
  if (!first) throw new UnreadableFileError("This is not the statistical-neighbour model: it has no rows");
  const missing = wanted.filter((column) => !(column in first));
  if (missing.length > 0) throw new UnreadableFileError(`This is not the statistical-neighbour model: it has no ${missing.join(", ")} column`);

  const model = new Map<string, NeighbourSet>();
  for (const record of records) {
    const neighbours: NeighbourSet["neighbours"] = [];
    for (let n = 1; n <= NEIGHBOURS; n++) {
      const code = (record[`SN_${n}`] ?? "").trim();
      // Labels are written with trailing spaces ("Close "), so they are trimmed to compare.
      if (code !== "") neighbours.push({ code, closeness: (record[`SN_${n}P`] ?? "").trim() });
    }
    model.set((record.old_la_code ?? "").trim(), {
      name: (record.la_name ?? "").trim(),
      regionName: (record.region_name ?? "").trim(),
      neighbours,
    });
  }
  return model;
}
