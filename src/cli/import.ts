import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import type { Database } from "../db/client.ts";
import { importDfeFile, importNeighbourModel, importOfstedJudgements, neighbourSetName } from "../modules/measures/benchmark-import.ts";
import { importValues } from "../modules/measures/value-import.ts";
import { commandLineContext } from "./context.ts";

export const importUsage = `Usage: waymark import <kind> FILE [options]

  values FILE                       measure values from the template (CSV or .xlsx)
  dfe FILE --measure CODE           a DfE statistics CSV for a measure, through its benchmark mapping
  neighbours FILE --year YEAR       DfE's statistical-neighbour model (sn_model_<year>_wide.csv)
  ofsted FILE                       Ofsted's ILACS judgements (the overview workbook)

Every row is checked first; if any has a problem, each is printed with its row and column and
nothing is imported (exit status 1). Importing the same file twice changes nothing.`;

/** A mistake in how the command was called. */
export class ImportUsageError extends Error {}

/** Problems in the file itself: printed row by row, and the command exits with status 1. */
export class ImportRejected extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
    this.name = "ImportRejected";
  }
}

export async function importCommand(db: Database, args: string[]): Promise<string> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, strict: true, options: { measure: { type: "string" }, year: { type: "string" } } });
  const [kind, path] = positionals;
  if (!kind || !path) throw new ImportUsageError(importUsage);
  const content = await readFile(path).catch(() => {
    throw new ImportUsageError(`The file ${path} cannot be read`);
  });
  const context = commandLineContext();
  const fileName = basename(path);
  const rejected = (problems: { row: number; column: string; message: string }[]) =>
    new ImportRejected([`${fileName} was not imported; nothing has changed. ${problems.length} problem${problems.length === 1 ? "" : "s"}:`, ...problems.map((p) => `  row ${p.row}, ${p.column}: ${p.message}`)]);

  switch (kind) {
    case "values": {
      const result = await importValues(db, context, fileName, content);
      if (!result.ok) throw rejected(result.problems);
      return `Imported ${fileName}: ${result.added} added, ${result.changed} changed, ${result.unchanged} unchanged.`;
    }
    case "dfe": {
      if (!values.measure) throw new ImportUsageError("import dfe needs --measure CODE");
      const result = await importDfeFile(db, context, { measureCode: values.measure.toUpperCase(), fileName, text: content.toString("utf8") });
      if (!result.ok) throw rejected(result.problems);
      return `Imported ${result.rows} published values for ${values.measure.toUpperCase()} (${result.years.join(", ")}) from ${fileName}.`;
    }
    case "neighbours": {
      const year = Number(values.year);
      if (!Number.isInteger(year) || year < 2000) throw new ImportUsageError("import neighbours needs --year, the year the model was published (2025)");
      const result = await importNeighbourModel(db, context, { text: content.toString("utf8"), year, name: neighbourSetName(year) });
      return `Imported the ${String(year)} statistical neighbours of ${String(result.councils)} councils: ${String(result.added)} added, ${String(result.changed)} changed, ${String(result.unchanged)} unchanged.`;
    }
    case "ofsted": {
      const councils = await importOfstedJudgements(db, context, content);
      return `Imported Ofsted's latest judgements of ${councils} councils.`;
    }
    default:
      throw new ImportUsageError(importUsage);
  }
}
