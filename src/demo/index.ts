import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Database } from "../db/client.ts";
import { type ChangeContext, findUserByUsername } from "../modules/access/index.ts";
import { readPlanFolder, loadPlan } from "../modules/plan/index.ts";
import { loadProgress, readProgressFolder } from "../modules/progress/index.ts";
import { loadReports, readReportsFile } from "../modules/reports/index.ts";
import { createDemoAccounts } from "./accounts.ts";
import { loadQualityRecord } from "./quality-record.ts";
import { loadRiskRegister } from "./risk-register.ts";
import { loadGovernanceRecord } from "./governance-record.ts";
import { applyMappingFiles, loadBenchmarks, loadMeasures, readBenchmarksFile, readMappingFolder, readMeasuresFile, reportComputedAs } from "../modules/measures/index.ts";
import { computeMeasures, loadExtract, Pseudonyms } from "../modules/casework/index.ts";
import { computedBesideReported } from "./computed-measures.ts";
import { syntheticCaseRecords } from "./synthetic-council/index.ts";

/** The folder of the demonstration plan: Plymouth's Achieving Excellence 2024–27, typed from its published papers. */
export const demoPlanFolder = fileURLToPath(new URL("./achieving-excellence", import.meta.url));
export const demoProgressFolder = fileURLToPath(new URL("./achieving-excellence/progress", import.meta.url));
export const demoMeasuresFile = fileURLToPath(new URL("./achieving-excellence/measures.yaml", import.meta.url));
export const demoBenchmarksFile = fileURLToPath(new URL("./achieving-excellence/benchmarks.yaml", import.meta.url));
export const demoReportsFile = fileURLToPath(new URL("./achieving-excellence/reports.yaml", import.meta.url));

/**
 * The key the demonstration's synthetic case records are pseudonymised under: a key of their own,
 * not the council's, as the records are made up and name nobody.
 */
const syntheticKey = createHash("sha256").update("Waymark demonstration: synthetic case records").digest();

/** The seed the demonstration's synthetic case records are made from: the same records every time. */
export const demoCaseworkSeed = 1;

/**
 * Loads the synthetic case population for the demo council, `scale` councils' worth, and computes
 * the measures from it, each set beside the plan's measure it stands for; loading the same again
 * changes nothing.
 */
export async function loadSyntheticCasework(db: Database, context: ChangeContext, laCode: string, scale: number): Promise<string> {
  const outcome = await loadExtract(db, context, new Pseudonyms(syntheticKey), syntheticCaseRecords({ laCode, seed: demoCaseworkSeed, scale }));
  if (outcome.kind === "refused") throw new Error(`the synthetic case records were refused: ${outcome.problems.map((problem) => problem.message).join("; ")}`);
  const rows = Object.values(outcome.extract.rowCounts).reduce((sum, moved) => sum + moved.added + moved.changed + moved.unchanged, 0);
  const computed = await computeMeasures(db, context, laCode);
  for (const measure of computed.measures) {
    const reported = computedBesideReported[measure.code];
    if (reported && measure.outcome === "computed") await reportComputedAs(db, context, measure.code, reported);
  }
  const measures = computed.measures.filter((measure) => measure.outcome === "computed").length;
  return `${rows.toLocaleString("en-GB")} synthetic case records${scale > 1 ? ` (${String(scale)} councils' worth)` : ""} and ${String(measures)} measures computed from them`;
}

/**
 * Loads the whole demonstration: the plan, one account per role (unless `accounts` is false, as
 * in production), the progress reported in the seeds (approved, written by the demo's priority
 * lead and approved by its approver), the measures and figures the seeds report, and DfE's
 * published benchmarks for the council, typed from the 2025 tables, with the mapping of each to DfE's
 * files (read from the plan folder's mappings/ as load-plan reads them), the committee reports in
 * preparation with their cover sheets and words as the council published them, the risk register
 * typed from the key challenges of the progress report for April to September 2025 (when the demo's
 * accounts are there to own it), and (unless
 * `caseworkScale` is 0) a synthetic case population for the council, `caseworkScale` councils' worth.
 */
export async function loadDemo(db: Database, context: ChangeContext, { accounts, caseworkScale = 1 }: { accounts: boolean; caseworkScale?: number }): Promise<string> {
  const files = await readPlanFolder(demoPlanFolder);
  const progress = await readProgressFolder(demoProgressFolder);
  const measures = await readMeasuresFile(demoMeasuresFile);
  const benchmarks = await readBenchmarksFile(demoBenchmarksFile);
  const mappings = await readMappingFolder(demoPlanFolder);
  const reports = await readReportsFile(demoReportsFile);
  const { planId } = await loadPlan(db, context, files);
  const created = accounts ? await createDemoAccounts(db, context) : 0;
  const lead = await findUserByUsername(db, "lead");
  const approver = await findUserByUsername(db, "approver");
  const periods = await loadProgress(db, context, { id: planId, firstYear: files.overview.plan.firstYear, years: files.overview.plan.years }, progress, {
    author: lead ? { id: lead.id, name: lead.displayName } : { id: null, name: "Demonstration data" },
    approver: approver ? { id: approver.id, name: approver.displayName } : { id: null, name: "Demonstration data" },
  });
  const measureCount = await loadMeasures(db, context, planId, measures);
  await loadBenchmarks(db, context, benchmarks, mappings.map((m) => m.file));
  await applyMappingFiles(db, context, mappings);
  const reportCount = await loadReports(db, context, planId, reports);
  const audits = await loadQualityRecord(db, context);
  const risks = await loadRiskRegister(db, context);
  await loadGovernanceRecord(db, context, new Date());
  const laCode = files.overview.council.oldLaCode;
  const casework = caseworkScale > 0 && laCode ? `, ${await loadSyntheticCasework(db, context, laCode, caseworkScale)}` : "";
  return `Loaded the plan "${files.overview.plan.title}" (${files.priorities.length} priorities), ${periods} reported periods of progress, ${measureCount} measures with their DfE benchmarks, ${reportCount} reports in preparation, ${audits} case audits matching the grades reported for October to December 2024${risks ? `, ${risks} risks typed from the key challenges reported for April to September 2025` : ""}${casework}${created ? ` and ${created} demonstration accounts` : ""}.`;
}
