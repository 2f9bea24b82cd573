import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { UserError } from "../core/problems.ts";
import type { Database } from "../db/client.ts";
import { computationInWords, computeEveryCouncil, loadBankHolidays } from "../modules/casework/index.ts";
import { commandLineContext } from "./context.ts";

/** The GOV.UK feed is about 20 KB; anything much larger is not a copy of it. */
const largestFeed = 1024 * 1024;

/** `waymark bank-holidays FILE`: a downloaded copy of the GOV.UK feed, checked and laid over the shipped bank holidays, and the measures computed again by it. */
export async function bankHolidaysCommand(db: Database, path: string): Promise<string> {
  const size = await stat(path).then(
    (found) => found.size,
    () => {
      throw new UserError("usage", `The file ${path} cannot be read`);
    },
  );
  if (size > largestFeed) throw new UserError("invalid", `${basename(path)} is not a copy of the GOV.UK bank holidays feed: it is over 1 MB`);
  const loaded = await loadBankHolidays(db, commandLineContext(), basename(path), await readFile(path, "utf8"));
  // Working days are counted by them: measures computed by the bank holidays before are computed again.
  const computed = await computeEveryCouncil(db, commandLineContext());
  return [loaded, ...computed.map(computationInWords)].join("\n");
}
