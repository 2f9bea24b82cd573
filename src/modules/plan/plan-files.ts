import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { parsePlanYear, planYearLabel, planYearsOf } from "../../core/plan-years.ts";
import { planOverviewFileSchema, priorityFileSchema, type PlanFiles, type PriorityFile } from "./schemas.ts";
import { FileProblemsError } from "../../core/file-problems.ts";
import { priorityOrderProblems } from "../../core/priority-order.ts";

/**
 * Reads a plan from its folder: `plan.yaml` and one `priorities/NN.yaml` per priority
 * (the format is in the README). Every problem in every file is reported, naming the
 * file and the field, before anything is stored.
 */
export class PlanFileError extends FileProblemsError {
  constructor(problems: string[]) {
    super("plan files", problems);
    this.name = "PlanFileError";
  }
}

export async function readPlanFolder(folder: string): Promise<PlanFiles> {
  const problems: string[] = [];
  const overview = parseFile("plan.yaml", await readText(join(folder, "plan.yaml"), "plan.yaml", problems), planOverviewFileSchema, problems);

  const priorityFolder = join(folder, "priorities");
  const names = (await readdir(priorityFolder).catch(() => [] as string[])).filter((n) => n.endsWith(".yaml") || n.endsWith(".yml")).sort();
  if (names.length === 0) problems.push("priorities/: there are no priority files (priorities/01.yaml, …)");

  const priorities: PriorityFile[] = [];
  for (const name of names) {
    const label = `priorities/${name}`;
    const priority = parseFile(label, await readText(join(priorityFolder, name), label, problems), priorityFileSchema, problems);
    if (priority) priorities.push(priority);
  }

  if (overview && problems.length === 0) problems.push(...crossCheck({ overview, priorities }));
  if (problems.length > 0 || !overview) throw new PlanFileError(problems);
  priorities.sort((a, b) => a.number - b.number);
  return { overview, priorities };
}

async function readText(path: string, label: string, problems: string[]): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch {
    problems.push(`${label}: the file cannot be read`);
    return null;
  }
}

export function parseFile<T extends z.ZodType>(label: string, source: string | null, schema: T, problems: string[]): z.infer<T> | null {
  if (source === null) return null;
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    problems.push(`${label}${line ? ` line ${line}` : ""}: this is not valid YAML`);
    return null;
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path.length > 0 ? issue.path.join(" › ") : "(the whole file)";
      problems.push(`${label}: ${field}: ${issue.message}`);
    }
    return null;
  }
  return result.data;
}

/** Checks that the files agree with each other: numbers unique, the order naming each priority once, links pointing at things that exist. */
export function crossCheck({ overview, priorities }: PlanFiles): string[] {
  const problems: string[] = [];
  const numbers = new Set<number>();
  for (const p of priorities) {
    if (numbers.has(p.number)) problems.push(`priorities: priority ${p.number} appears in more than one file`);
    numbers.add(p.number);
  }
  if (overview.priorityOrder) {
    for (const problem of priorityOrderProblems(overview.priorityOrder, [...numbers])) problems.push(`plan.yaml: priorityOrder: ${problem}`);
  }
  const areaNumbers = new Set(overview.ofstedAreas.map((a) => a.number));
  const years = new Set(planYearsOf(overview.plan.firstYear, overview.plan.years).map(planYearLabel));
  const resetYears = new Set(overview.resets.map((r) => r.planYear));

  const checkPriorityLinks = (where: string, linked: number[]) => {
    for (const n of linked) if (!numbers.has(n)) problems.push(`plan.yaml: ${where} links to priority ${n}, which has no file`);
  };
  overview.ofstedAreas.forEach((a) => checkPriorityLinks(`ofstedAreas › area ${a.number}`, a.priorities));
  overview.tenWishes.forEach((w) => checkPriorityLinks(`tenWishes › wish ${w.number}`, w.priorities));
  overview.youngPeopleSaid.forEach((s, i) => checkPriorityLinks(`youngPeopleSaid › ${i}`, s.priorities));
  overview.resets.forEach((r, i) => {
    if (!years.has(r.planYear)) problems.push(`plan.yaml: resets › ${i} › planYear: ${r.planYear} is not a year of this plan`);
  });

  for (const p of priorities) {
    const file = `priorities/${String(p.number).padStart(2, "0")}.yaml`;
    for (const [kind, byYear] of [["milestones", p.milestones], ["resetMilestones", p.resetMilestones]] as const) {
      for (const [year, entries] of Object.entries(byYear)) {
        if (!years.has(year)) problems.push(`${file}: ${kind} › ${year}: ${year} is not a year of this plan`);
        if (kind === "resetMilestones" && !resetYears.has(year)) {
          problems.push(`${file}: resetMilestones › ${year}: plan.yaml has no reset for ${year}`);
        }
        entries.forEach((m, i) => {
          for (const a of m.ofstedAreas) {
            if (!areaNumbers.has(a)) problems.push(`${file}: ${kind} › ${year} › ${i} › ofstedAreas: there is no area ${a}`);
          }
        });
      }
    }
  }
  return problems;
}

/** The start year of a plan-year label the schema has already checked. */
export function startYearOf(label: string): number {
  const year = parsePlanYear(label);
  if (year === null) throw new Error(`not a plan year: ${label}`);
  return year;
}
