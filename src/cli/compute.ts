import { parseArgs } from "node:util";
import { UserError } from "../core/problems.ts";
import type { Database } from "../db/client.ts";
import { computationInWords, computeEveryCouncil, computeMeasures } from "../modules/casework/index.ts";
import { commandLineContext } from "./context.ts";

/**
 * `waymark compute [--la CODE]`: computes the measures from case records again wherever what they
 * read has changed (new definitions after an upgrade, newer bank holidays), for every council held
 * or the one named. The app does the same every hour.
 */
export async function computeCommand(db: Database, args: string[]): Promise<string> {
  const { values } = parseArgs({ args, strict: true, options: { la: { type: "string" } } });
  const laCode = values.la;
  if (laCode !== undefined && !/^\d{3}$/.test(laCode)) throw new UserError("usage", "--la must be a council's three-digit DfE code, like 879");
  const outcomes = laCode ? [await computeMeasures(db, commandLineContext(), laCode)] : await computeEveryCouncil(db, commandLineContext());
  if (outcomes.length === 0) return "No case records are held, so there is nothing to compute.";
  return outcomes.map(computationInWords).join("\n");
}
