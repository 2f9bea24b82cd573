import { UnreadableFileError } from "../../core/file-problems.ts";
import { counted } from "../../core/upload-limits.ts";
import { isCouncilCode, startsAsFormula } from "./file-reading/cell-rules.ts";
import { ProblemList } from "./file-reading/problems.ts";
import type { Sheet } from "./file-reading/read-table.ts";
import { RowProblemsError } from "./file-reading/row-problems-error.ts";

export interface NeighbourSet {
  name: string;
  regionName: string;
  /** Closest first, as the model orders them; closeness is the model's label ("Very close", "Close", …). */
  neighbours: { code: string; closeness: string }[];
}

const NEIGHBOURS = 10;
/** England has 153 councils with children's services; the model has a row for each. */
const mostCouncils = 1_000;

const longestText = 100;

/**
 * Reads the DfE children's services statistical-neighbour model in its wide form
 * (`sn_model_2025_wide.csv`): a row per council by old_la_code, with SN_1 … SN_10 the
 * neighbours' old_la_codes and SN_1P … SN_10P how close each is. A file without those
 * columns is a different file, so it is refused outright rather than read as empty; a row with
 * the wrong number of cells, a code that is not three digits, a blank or repeated council, or a
 * name a spreadsheet would run as a formula is refused with its row and column.
 */
export function parseNeighbourModel(sheet: Sheet): Map<string, NeighbourSet> {
  const wanted = ["old_la_code", "la_name", "region_name", ...Array.from({ length: NEIGHBOURS }, (_, i) => [`SN_${i + 1}`, `SN_${i + 1}P`]).flat()];
  if (sheet.header.length === 0) throw new UnreadableFileError("This is not the statistical-neighbour model: the file is empty");
  const missing = wanted.filter((column) => !sheet.header.includes(column));
  if (missing.length > 0) throw new UnreadableFileError(`This is not the statistical-neighbour model: it has no ${missing.join(", ")} column`);
  if (sheet.rows.length === 0) throw new UnreadableFileError("This is not the statistical-neighbour model: it has no rows");
  if (sheet.rows.length > mostCouncils) throw new UnreadableFileError(`This is not the statistical-neighbour model: it has a row per council, and this file has ${counted(sheet.rows.length)} rows`);

  const index = new Map(sheet.header.map((name, i) => [name, i]));
  const found = new ProblemList();
  const model = new Map<string, NeighbourSet>();
  for (const { line, cells } of sheet.rows) {
    if (cells.length !== sheet.header.length) {
      found.add({ row: line, column: "", message: `the row has ${String(cells.length)} cells; the header has ${String(sheet.header.length)}` });
      continue;
    }
    const cell = (column: string) => (cells[index.get(column) ?? -1] ?? "").trim();
    const text = (column: string, required: boolean) => {
      const value = cell(column);
      if (required && value === "") found.add({ row: line, column, message: `the ${column} is empty` });
      else if (startsAsFormula(value)) found.add({ row: line, column, message: `"${value.slice(0, 20)}" starts as a spreadsheet formula does (=, +, -, @): it is not a name` });
      else if (value.length > longestText) found.add({ row: line, column, message: `the ${column} is longer than ${String(longestText)} characters` });
      return value;
    };
    const code = (column: string, required: boolean) => {
      const value = cell(column);
      if (value === "" && required) found.add({ row: line, column, message: `the council's ${column} is empty` });
      else if (value !== "" && !isCouncilCode(value)) found.add({ row: line, column, message: `"${value.slice(0, 20)}" is not a council code: an old_la_code is three digits, like 879` });
      return value;
    };
    const council = code("old_la_code", true);
    const neighbours: NeighbourSet["neighbours"] = [];
    for (let n = 1; n <= NEIGHBOURS; n++) {
      const neighbour = code(`SN_${n}`, false);
      // Labels are written with trailing spaces ("Close "), so they are trimmed to compare.
      const closeness = text(`SN_${n}P`, false);
      if (neighbour !== "") neighbours.push({ code: neighbour, closeness });
    }
    const set = { name: text("la_name", true), regionName: text("region_name", false), neighbours };
    if (council === "") continue;
    if (model.has(council)) found.add({ row: line, column: "old_la_code", message: `council ${council} appears twice` });
    model.set(council, set);
  }
  if (found.count > 0) throw new RowProblemsError(found);
  return model;
}
