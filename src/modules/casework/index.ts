import type { Database } from "../../db/client.ts";
import { viewsBeside, type AppModule } from "../../web/app-module.ts";
import type { JobQueue } from "../../db/queue.ts";
import { caseworkActions } from "./actions.ts";
import { caseworkJobs } from "./jobs.ts";
import type { CaseworkKeySource } from "./casework-key.ts";

/** The casework module: pseudonymised case records, their importers, and each child's record for those allowed to see it. */

export { caseworkActions } from "./actions.ts";
export { currentCalendar, loadBankHolidays, type CurrentCalendar } from "./calendar.ts";
export { computationInWords, computeEveryCouncil, computeMeasures, type ComputationOutcome, type MeasureComputed } from "./computing.ts";
export { caseworkKey, type CaseworkKeySource } from "./casework-key.ts";
export { figuresKeptWithIssue, freezeFiguresShown, type FigureKeptWithIssue, type FigureShown, type FreezeOutcome } from "./freezing.ts";
export { CaseFileProblems, problemLine, type CaseFileProblem } from "./case-file-problems.ts";
export { caseImportKinds, CaseImportRequestError, importCaseFiles, isCaseImportKind, type CaseImportKind, type CaseImportRequest } from "./importing.ts";
export { yearFigures, type ComputedFigure } from "./figures.ts";
export { extractSources, loadExtract, type CaseRow, type CaseRows, type LoadOutcome, type PreparedExtract } from "./loading.ts";
export { Pseudonyms } from "./pseudonyms.ts";
export type { StoreTableName } from "./store-repository.ts";
export * from "./service.ts";

export interface CaseworkOptions {
  db: Database;
  /** Where the key that makes pseudonyms comes from. */
  casework: CaseworkKeySource;
  /** The queue case files sent in the app go to, to be imported. */
  queue: JobQueue;
}

export const caseworkModule = {
  name: "casework",
  views: viewsBeside(import.meta.url),
  actions: caseworkActions,
  routes: async (app, { db, queue }) => (await import("./routes.ts")).caseworkRoutes(app, { db, queue }),
  jobs: ({ db, casework }) => caseworkJobs({ db, casework }),
} satisfies AppModule<CaseworkOptions>;
