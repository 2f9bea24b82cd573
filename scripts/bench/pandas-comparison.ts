import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { syntheticCaseRecords } from "../../src/demo/synthetic-council/index.ts";
import { computeMeasures, importCaseFiles, yearFigures, type ComputedFigure } from "../../src/modules/casework/index.ts";
import { writeSsdExtract, type WrittenExtract } from "./case-files.ts";
import { line, ms } from "./results.ts";
import { benchContext, type ScratchEngine } from "./scratch-databases.ts";

/**
 * Waymark against pandas on the same machine in the same run: the synthetic council's records at
 * each scale are written as the SSD extract a council sends, imported through the importer a
 * council uses, and re-referrals and children looked after computed from them; pandas counts the
 * same two measures from the same files (`scripts/casework-pandas.py`, written from MEASURES.md's
 * rules, not from Waymark's queries). Each side's time is printed with their ratio, and every DfE
 * year's figures must agree exactly: ids in the store are pseudonyms, so the counts are compared.
 */

const laCode = "879";
const codes = { rereferrals: "CIN-REREFERRAL-12M", lookedAfter: "CLA-COUNT" } as const;
const script = fileURLToPath(new URL("../casework-pandas.py", import.meta.url));

/** Debian's python3-pandas installs into the system Python, which a python3 first on the PATH (pyenv's, a virtual environment's) may not be. */
const interpreters = ["/usr/bin/python3", "python3"];

/** What the pandas script prints: its figures by DfE year (named by the year it ends) and its own time. */
interface PandasCount {
  pandas: string;
  seconds: number;
  reading_seconds: number;
  rereferrals: Record<string, { referrals: number; rereferrals: number } | undefined>;
  looked_after: Record<string, { on: string; children: number } | undefined>;
}

/** The first Python that can import pandas, or null when none here can. */
function pythonWithPandas(): string | null {
  return interpreters.find((python) => spawnSync(python, ["-c", "import pandas"], { stdio: "ignore" }).status === 0) ?? null;
}

/** Runs the pandas script over the files in `folder`: what it counted, and the process's time from start to exit. */
function countWithPandas(python: string, folder: string, extractDate: string): PandasCount & { processMs: number } {
  const started = performance.now();
  const run = spawnSync(python, [script, folder, "--extract-date", extractDate], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  const processMs = performance.now() - started;
  if (run.status !== 0) throw new Error(`casework-pandas.py stopped with status ${String(run.status)}:\n${run.stderr}`);
  return { ...(JSON.parse(run.stdout) as PandasCount), processMs };
}

/** "2024/25" for the DfE year ending 31 March 2025. */
const yearName = (figure: ComputedFigure) => {
  const year = Number(figure.periodEnd.slice(0, 4));
  return `${String(year - 1)}/${String(year % 100).padStart(2, "0")}`;
};

/** Each year on which Waymark and pandas differ, with both figures; empty when every year agrees. */
function disagreements(rereferrals: readonly ComputedFigure[], lookedAfter: readonly ComputedFigure[], counted: PandasCount): { what: string; waymark: string; pandas: string }[] {
  const found: { what: string; waymark: string; pandas: string }[] = [];
  for (const figure of rereferrals) {
    const theirs = counted.rereferrals[figure.periodEnd.slice(0, 4)];
    const ours = `${String(figure.numerator)} of ${String(figure.denominator)}`;
    const pandas = theirs ? `${String(theirs.rereferrals)} of ${String(theirs.referrals)}` : "no figure";
    if (ours !== pandas) found.push({ what: `re-referrals in ${yearName(figure)}`, waymark: ours, pandas });
  }
  for (const figure of lookedAfter) {
    const theirs = counted.looked_after[figure.periodEnd.slice(0, 4)];
    const ours = `${String(figure.numerator)} on ${figure.referenceDate}`;
    const pandas = theirs ? `${String(theirs.children)} on ${theirs.on}` : "no figure";
    if (ours !== pandas) found.push({ what: `children looked after, ${yearName(figure)}`, waymark: ours, pandas });
  }
  return found;
}

/** Imports the written extract into a new database, times computing the two measures, and sets them beside pandas's. */
async function compareOn({ where, open }: ScratchEngine, written: WrittenExtract, extractDate: string, scale: number, counted: PandasCount): Promise<void> {
  const { handle, close } = await open();
  try {
    const importStarted = performance.now();
    const imported = await importCaseFiles(handle.db, benchContext, { key: randomBytes(32).toString("hex") }, { kind: "ssd", files: written.files, laCode, collectionYear: null, extractDate, validRowsOnly: false });
    if (imported.kind !== "loaded") throw new Error(`the written SSD extract did not import (${imported.kind}): ${imported.kind === "refused" ? JSON.stringify(imported.problems.slice(0, 5)) : "already held"}`);
    line(where, `SSD extract imported, ${String(scale)}×`, ms(performance.now() - importStarted));

    const started = performance.now();
    await computeMeasures(handle.db, benchContext, laCode, Object.values(codes));
    const computeMs = performance.now() - started;
    const pandasMs = counted.seconds * 1000;
    line(where, `re-referrals and CLA computed, ${String(scale)}×`, `${ms(computeMs)}, ${(computeMs / pandasMs).toFixed(1)}× pandas's ${ms(pandasMs)}`);

    const rereferrals = await yearFigures(handle.db, laCode, codes.rereferrals);
    const lookedAfter = await yearFigures(handle.db, laCode, codes.lookedAfter);
    const differing = disagreements(rereferrals, lookedAfter, counted);
    for (const { what, waymark, pandas } of differing) line(where, `DISAGREES with pandas: ${what}, ${String(scale)}×`, `Waymark ${waymark}, pandas ${pandas}`, "the same figures", false);
    if (differing.length > 0) return;
    const from = (figures: readonly ComputedFigure[]) => (figures[0] ? yearName(figures[0]) : "no year");
    line(where, `same figures as pandas every year, ${String(scale)}× (${String(rereferrals.length + lookedAfter.length)} figures)`, `re-referrals from ${from(rereferrals)}, CLA from ${from(lookedAfter)}`, "every year the same", rereferrals.length > 0 && lookedAfter.length > 0);
  } finally {
    await close();
  }
}

/** At each scale: writes the files, counts with pandas once, then computes and compares on each database. */
export async function compareWithPandas(engines: readonly ScratchEngine[], scales: readonly number[]): Promise<void> {
  const python = pythonWithPandas();
  if (!python) {
    line("pandas", `comparison skipped: none of ${interpreters.join(", ")} imports pandas`, "apt install python3-pandas");
    return;
  }
  for (const scale of scales) {
    const folder = mkdtempSync(join(tmpdir(), "waymark-bench-ssd-"));
    try {
      const records = syntheticCaseRecords({ laCode, seed: 1, scale });
      const started = performance.now();
      const written = await writeSsdExtract(folder, records.rows());
      const rows = Object.values(written.rows).reduce((sum, n) => sum + n, 0);
      line("both", `SSD extract written, ${String(scale)}× (${rows.toLocaleString("en-GB")} rows)`, `${ms(performance.now() - started)}, ${String(written.files.length)} files`);
      const counted = countWithPandas(python, folder, records.extractDate);
      line("pandas", `re-referrals and CLA counted, ${String(scale)}× (pandas ${counted.pandas})`, `${ms(counted.seconds * 1000)} (reading ${ms(counted.reading_seconds * 1000)}), process ${ms(counted.processMs)}`);
      for (const engine of engines) await compareOn(engine, written, records.extractDate, scale, counted);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
}
