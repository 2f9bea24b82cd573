import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import type { Database } from "../db/client.ts";
import { importDfeFile, importNeighbourModel, importOfstedJudgements, neighbourSetName, moreProblemsText, type RowProblem, RowProblemsError, importValues } from "../modules/measures/index.ts";
import { UnreadableFileError } from "../core/file-problems.ts";
import { fileBytes, megabytes } from "../core/upload-limits.ts";
import { isCaseImportKind, type CaseworkKeySource } from "../modules/casework/index.ts";
import { commandLineContext } from "./context.ts";
import { UserError } from "../core/problems.ts";

export const importUsage = `Usage: waymark import <kind> FILE [options]

  values FILE                       measure values from the template (CSV or .xlsx)
  dfe FILE --measure CODE           a DfE statistics CSV for a measure, through its benchmark mapping
  neighbours FILE --year YEAR       DfE's statistical-neighbour model (sn_model_<year>_wide.csv)
  ofsted FILE                       Ofsted's ILACS judgements (the overview workbook)
  ssda903 FILE… --year YEAR         an SSDA903 return's CSV files (header.csv, episodes.csv, …), or its XML file, for
        [--la CODE] [--valid-rows]  its collection year (2025 for 2024/25), as case records
  cin FILE [--valid-rows]           a children in need census return (XML), as case records
  annex-a FILE [--as-at DATE]       Ofsted's Annex A lists (.xlsx) taken from the case system on
        [--la CODE] [--valid-rows]  DATE (YYYY-MM-DD; today if not given), as case records
  ssd FILE… [--as-at DATE]          a Standard Safeguarding Dataset extract, one CSV file for each
        [--la CODE] [--valid-rows]  ssd_ table, taken on DATE (today if not given), as case records

Every row is checked first; if any has a problem, each is printed with its row and column (the
first 100, then how many more) and nothing is imported (exit status 1). A file that cannot be
read, or is over a limit (10 MB, 100,000 rows), is refused with a message (exit status 2).
Importing the same file twice changes nothing.

Case records are pseudonymised as they are read: names, UPNs and postcodes are dropped and ids
become keyed hashes. The council is the plan's unless --la gives its three-digit DfE code;
--valid-rows imports the rows without problems and lists the rest.`;

/** Problems in the file itself: printed row by row, and the command exits with status 1. */
export class ImportRejected extends UserError {
  constructor(readonly lines: string[]) {
    super("rejected", lines.join("\n"));
    this.name = "ImportRejected";
  }
}

export async function importCommand(db: Database, args: string[], casework: CaseworkKeySource): Promise<string> {
  const [first = "", ...rest] = args;
  if (isCaseImportKind(first)) return (await import("./import-casework.ts")).caseworkImportCommand(db, first, rest, casework);
  const { positionals, values } = parseArgs({ args, allowPositionals: true, strict: true, options: { measure: { type: "string" }, year: { type: "string" } } });
  const [kind, path] = positionals;
  if (!kind || !path) throw new UserError("usage", importUsage);
  const fileName = basename(path);
  const notImported = `${fileName} was not imported; nothing has changed.`;
  const size = await stat(path).then(
    (found) => found.size,
    () => {
      throw new UserError("usage", `The file ${path} cannot be read`);
    },
  );
  if (size > fileBytes) throw new UnreadableFileError(`${notImported} The file is ${megabytes(size)}; files must be under ${megabytes(fileBytes)}`);
  const content = await readFile(path).catch(() => {
    throw new UserError("usage", `The file ${path} cannot be read`);
  });
  const context = commandLineContext();
  const rejected = (problems: RowProblem[], more = 0) => {
    const [only] = problems;
    // A file that cannot be read at all is one message, not a row.
    if (only && problems.length === 1 && only.column === "(file)") return new UnreadableFileError(only.message);
    const count = problems.length + more;
    return new ImportRejected([
      `${notImported} ${count} problem${count === 1 ? "" : "s"}:`,
      ...problems.map((p) => `  row ${p.row}${p.column ? `, ${p.column}` : ""}: ${p.message}`),
      ...(more > 0 ? [`  ${moreProblemsText(more)}`] : []),
    ]);
  };
  try {
    return await importKind(kind, { db, context, fileName, content, measure: values.measure, year: values.year, rejected });
  } catch (error) {
    if (error instanceof RowProblemsError) throw rejected(error.problems, error.more);
    if (error instanceof UnreadableFileError) throw new UnreadableFileError(`${notImported} ${error.message}`);
    throw error;
  }
}

async function importKind(
  kind: string,
  { db, context, fileName, content, measure, year: yearText, rejected }: {
    db: Database;
    context: ReturnType<typeof commandLineContext>;
    fileName: string;
    content: Buffer;
    measure: string | undefined;
    year: string | undefined;
    rejected: (problems: RowProblem[], more?: number) => Error;
  },
): Promise<string> {

  switch (kind) {
    case "values": {
      const result = await importValues(db, context, fileName, content);
      if (!result.ok) throw rejected(result.problems, result.moreProblems);
      return `Imported ${fileName}: ${result.added} added, ${result.changed} changed, ${result.unchanged} unchanged.`;
    }
    case "dfe": {
      if (!measure) throw new UserError("usage", "import dfe needs --measure CODE");
      const result = await importDfeFile(db, context, { measureCode: measure.toUpperCase(), fileName, content });
      if (!result.ok) throw rejected(result.problems, result.moreProblems);
      const imported = `Imported ${result.rows} published values for ${measure.toUpperCase()} (${result.years.join(", ")}) from ${fileName}.`;
      return result.notComputed.length > 0 ? [imported, "Not computed:", ...result.notComputed.map((why) => `  ${why}`)].join("\n") : imported;
    }
    case "neighbours": {
      const year = Number(yearText);
      if (!Number.isInteger(year) || year < 2000) throw new UserError("usage", "import neighbours needs --year, the year the model was published (2025)");
      const result = await importNeighbourModel(db, context, { fileName, content, year, name: neighbourSetName(year) });
      return `Imported the ${String(year)} statistical neighbours of ${String(result.councils)} councils: ${String(result.added)} added, ${String(result.changed)} changed, ${String(result.unchanged)} unchanged.`;
    }
    case "ofsted": {
      const councils = await importOfstedJudgements(db, context, { fileName, content });
      return `Imported Ofsted's latest judgements of ${councils} councils.`;
    }
    default:
      throw new UserError("usage", importUsage);
  }
}
