import { basename } from "node:path";
import { parseArgs } from "node:util";
import { UserError } from "../core/problems.ts";
import { counted } from "../core/upload-limits.ts";
import type { Database } from "../db/client.ts";
import { caseImportKinds, CaseImportRequestError, computeMeasures, importCaseFiles, problemLine, type CaseImportKind, type CaseworkKeySource, type LoadOutcome } from "../modules/casework/index.ts";
import { currentPlanSummary } from "../modules/plan/index.ts";
import { formatDate, formatDateTime } from "../core/format.ts";
import { dayNumberOf } from "../core/working-days.ts";
import { commandLineContext } from "./context.ts";
import { ImportRejected } from "./import.ts";

/**
 * `waymark import ssda903 …`: case files checked, pseudonymised and loaded as one extract. The
 * council is the plan's unless `--la` names another; `--valid-rows` loads the rows without
 * problems and lists the rest, where otherwise any problem refuses the files.
 */
export async function caseworkImportCommand(db: Database, kind: CaseImportKind, args: string[], key: CaseworkKeySource): Promise<string> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, strict: true, options: { year: { type: "string" }, la: { type: "string" }, "as-at": { type: "string" }, "valid-rows": { type: "boolean" } } });
  if (positionals.length === 0) throw new UserError("usage", `import ${kind} needs the files to import`);
  const laCode = values.la ?? (caseImportKinds[kind].namesCouncil ? null : (await currentPlanSummary(db))?.oldLaCode);
  if (laCode !== null && (!laCode || !/^\d{3}$/.test(laCode))) throw new UserError("usage", `import ${kind} needs --la, the council's three-digit DfE code (879 for Plymouth): the plan does not give one`);
  const year = values.year === undefined ? null : Number(values.year);
  if (year !== null && (!Number.isInteger(year) || year < 2000 || year > 2100)) throw new UserError("usage", "--year must be the collection year, the year it ends: 2025 for April 2024 to March 2025");
  const asAt = values["as-at"] ?? null;
  if (asAt !== null && !isIsoDate(asAt)) throw new UserError("usage", "--as-at must be the day the records were taken from the case system, written YYYY-MM-DD, like 2025-04-30");
  const files = positionals.map((path) => ({ name: basename(path), path }));
  const request = { kind, files, laCode, collectionYear: year, extractDate: asAt, validRowsOnly: values["valid-rows"] === true };
  let outcome: LoadOutcome;
  try {
    outcome = await importCaseFiles(db, commandLineContext(), key, request);
  } catch (error) {
    if (error instanceof CaseImportRequestError) throw new UserError("usage", `${error.message} (--${error.field})`);
    throw error;
  }
  const text = outcomeText(outcome, files.map((file) => file.name).join(", "));
  if (outcome.kind !== "loaded") return text;
  const computed = await computeMeasures(db, commandLineContext(), outcome.extract.laCode);
  const counts = computed.measures.filter((measure) => measure.outcome === "computed").length;
  return `${text}\nComputed ${String(counts)} measure${counts === 1 ? "" : "s"} from council ${outcome.extract.laCode}'s case records.`;
}

const isIsoDate = (text: string) => dayNumberOf(text) !== null;

function outcomeText(outcome: LoadOutcome, names: string): string {
  switch (outcome.kind) {
    case "already":
      return `${names}: these files were imported already, on ${formatDateTime(outcome.extract.importedAt)} (import ${String(outcome.extract.id)}); nothing has changed.`;
    case "refused": {
      const count = outcome.problems.length + outcome.more;
      throw new ImportRejected([
        `${names} ${names.includes(",") ? "were" : "was"} not imported; nothing has changed. ${counted(count)} problem${count === 1 ? "" : "s"}${outcome.validRowsCanLoad ? " (import the rest with --valid-rows)" : ", and no row can be imported until those in the header are put right"}:`,
        ...outcome.problems.map((problem) => `  ${problemLine(problem)}`),
        ...(outcome.more > 0 ? [`  … and ${counted(outcome.more)} more`] : []),
      ]);
    }
    case "loaded": {
      const { extract } = outcome;
      const tables = Object.entries(extract.rowCounts).map(([table, moved]) => `  ${table}: ${counted(moved.added)} added, ${counted(moved.changed)} changed, ${counted(moved.unchanged)} already held`);
      const dropped = Object.entries(extract.dropped).map(([field, values]) => `${field} (${counted(values)})`);
      const leftOut = extract.rowsLeftOut;
      return [
        `Imported ${names} for council ${extract.laCode}, records as at ${formatDate(extract.extractDate)} (import ${String(extract.id)}):`,
        ...tables,
        dropped.length > 0 ? `Not kept: ${dropped.join(", ")}.` : "Nothing had to be dropped.",
        ...(leftOut.count > 0 ? [`${counted(leftOut.count)} row${leftOut.count === 1 ? "" : "s"} with problems left out:`, ...leftOut.listed.map((problem) => `  ${problemLine(problem)}`), ...(leftOut.count > leftOut.listed.length ? [`  … and ${counted(leftOut.count - leftOut.listed.length)} more`] : [])] : []),
      ].join("\n");
    }
  }
}
