import type { Database } from "../../db/client.ts";
import { viewsBeside, type AppModule } from "../../web/app-module.ts";
import { caseworkActions } from "./actions.ts";
import type { CaseworkKeySource } from "./casework-key.ts";

/** The casework module: pseudonymised case records, their importers, and each child's record for those allowed to see it. */

export { caseworkActions } from "./actions.ts";
export { caseworkKey, type CaseworkKeySource } from "./casework-key.ts";
export { problemLine, type CaseFileProblem } from "./case-file-problems.ts";
export { caseImportKinds, CaseImportRequestError, importCaseFiles, isCaseImportKind, type CaseImportKind, type CaseImportRequest } from "./importing.ts";
export { extractSources, type LoadOutcome } from "./loading.ts";
export * from "./service.ts";

export interface CaseworkOptions {
  db: Database;
  /** Where the key that makes pseudonyms comes from. */
  casework: CaseworkKeySource;
}

export const caseworkModule = {
  name: "casework",
  views: viewsBeside(import.meta.url),
  actions: caseworkActions,
  routes: async (app, { db }) => (await import("./routes.ts")).caseworkRoutes(app, { db }),
} satisfies AppModule<CaseworkOptions>;
