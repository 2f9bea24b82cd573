import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import type { JobQueue } from "../../db/queue.ts";
import { viewsBeside, type AppModule } from "../../web/app-module.ts";
import { measuresActions } from "./actions.ts";
import { measureJobs } from "./jobs.ts";

/** The measures module: measures, targets, values, benchmarks, scorecards and exceptions. */

export { measuresActions } from "./actions.ts";
export * from "./service.ts";
export type { ScorecardRow } from "./scorecard.ts";
export { placeComputedUnder, reportComputedAs, storeComputedValues, type ComputedMeasure, type ComputedValue, type StoredComputed } from "./computed-values.ts";
export { plotSvg, spcChartSvg } from "./charts.ts";
export { importDfeFile, importNeighbourModel, importOfstedJudgements, neighbourSetName } from "./benchmark-import.ts";
export { importValues, receiveValuesFile } from "./value-import.ts";
export { applyMappingFile, findMappingOf, mappingFileText, MappingFileError, mappingOf, previewMappingOf, readMappingText, saveMapping } from "./benchmark-mappings.ts";
export { applyMappingFiles, checkMappingFiles, mappingFilesOf, mappingsFolder, readMappingFolder, type NamedMappingFile } from "./mapping-folder.ts";
export { describeColumns, previewMapping, type FileColumns, type MappingPreview } from "./mapping-preview.ts";
export { mappingSchema, type Mapping, type MappingFile, type MappingInput } from "./schemas.ts";
export { loadBenchmarks, loadMeasures, readBenchmarksFile, readMeasuresFile } from "./measure-files.ts";
export { moreProblemsText, type RowProblem } from "./file-reading/problems.ts";
export { RowProblemsError } from "./file-reading/row-problems-error.ts";
export { csvSheet, parseFile, type Sheet } from "./file-reading/table.ts";
export { decodeText } from "./file-reading/text.ts";

export interface MeasuresOptions {
  db: Database;
  /** The queue a values import is sent to, to be applied. */
  queue: JobQueue;
  /** What day it is, for the period the values grid opens on. */
  clock: Clock;
}

export const measuresModule = {
  name: "measures",
  views: viewsBeside(import.meta.url),
  actions: measuresActions,
  routes: async (app, options) => (await import("./routes.ts")).measureRoutes(app, options),
  jobs: ({ db }) => measureJobs({ db }),
} satisfies AppModule<MeasuresOptions>;
