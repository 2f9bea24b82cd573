import type { Database } from "../../src/db/client.ts";
import { demoPassword } from "../../src/demo/accounts.ts";
import { createUser, type Role } from "../../src/modules/access/index.ts";
import { findMeasure, loadMeasures } from "../../src/modules/measures/index.ts";
import { currentPlanSummary, findCurrentPlan, listMilestones, listPriorities, loadPlan, type PlanFiles } from "../../src/modules/plan/index.ts";
import { openPeriod } from "../../src/modules/progress/index.ts";
import { createReport } from "../../src/modules/reports/index.ts";
import { testContext } from "./demo.ts";

/**
 * Small records for tests that need some data but not the demonstration, made through the
 * modules' own services so each is checked and audited as a user's would be. Each factory takes
 * what a test cares about and fills the rest with plain values.
 */

/** An account that signs in with the demo's password (so `signedIn(app, username)` works). */
export function aUser(db: Database, username: string, roles: Role[], details: { displayName?: string; priorityNumbers?: number[] } = {}) {
  return createUser(db, testContext, {
    username,
    displayName: details.displayName ?? `${username[0]?.toUpperCase() ?? ""}${username.slice(1)} Tester`,
    roles,
    password: demoPassword,
    ...(details.priorityNumbers ? { priorityNumbers: details.priorityNumbers } : {}),
  });
}

export interface PlanShape {
  title?: string;
  firstYear?: number;
  years?: number;
  /** Each priority's title and, by plan year ("2024/25"), its milestones' wording. */
  priorities?: { title: string; milestones?: Record<string, string[]>; outcomes?: string[] }[];
}

/** The files of a small plan: two priorities with a milestone each in its first year, unless told otherwise. */
export function planFiles({ title = "Better Futures", firstYear = 2024, years = 3, priorities }: PlanShape = {}): PlanFiles {
  const first = `${firstYear}/${String((firstYear + 1) % 100).padStart(2, "0")}`;
  const shapes = priorities ?? [
    { title: "Early help", milestones: { [first]: ["Open three family hubs."] } },
    { title: "Children in care", milestones: { [first]: ["Review every care plan on time."] } },
  ];
  return {
    overview: {
      council: { name: "Testshire County Council", service: "Children's Services" },
      plan: {
        slug: title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
        title,
        subtitle: "",
        firstYear,
        years,
        values: "Kind, fair and ambitious",
        vision: "Every child in Testshire grows up safe, happy and well.",
        introduction: [],
        youngPeopleAsk: { headline: "Listen to us", statement: "" },
        whatMattersToUs: [],
        framework: [],
        highlights: [],
        findings: [],
      },
      resets: [],
      ofstedAreas: [],
      tenWishes: [],
      youngPeopleSaid: [],
      keyIndicators: [],
      endState: [],
    },
    priorities: shapes.map((shape, i) => ({
      number: i + 1,
      title: shape.title,
      vision: `${shape.title}, done well for every child.`,
      narrative: [],
      keyElements: [],
      enablers: [],
      milestones: Object.fromEntries(Object.entries(shape.milestones ?? {}).map(([year, texts]) => [year, texts.map((text) => ({ text, ofstedAreas: [] }))])),
      resetMilestones: {},
      outcomes: shape.outcomes ?? [],
    })),
  };
}

/** Loads a small plan (see planFiles) and answers with it, its priorities and their milestones. */
export async function aPlan(db: Database, shape: PlanShape = {}) {
  const files = planFiles(shape);
  const { planId } = await loadPlan(db, testContext, files);
  const plan = await findCurrentPlan(db);
  if (!plan || plan.id !== planId) throw new Error("the plan loaded is not the current plan");
  const priorities = await listPriorities(db, planId);
  const milestones = await listMilestones(db, priorities.map((p) => p.id));
  return { plan, priorities, milestones };
}

type MeasureEntry = Parameters<typeof loadMeasures>[3]["measures"][number];

/** A measure of the current plan with its values (`[periodEnd, value]`, oldest first); a percentage, lower better, monthly, unless told otherwise. */
export async function aMeasure(db: Database, code: string, values: [string, number][], details: Partial<Omit<MeasureEntry, "code" | "values">> = {}) {
  const plan = await findCurrentPlan(db);
  if (!plan) throw new Error("a measure needs a plan: make one with aPlan first");
  const entry: MeasureEntry = {
    code,
    title: `Measure ${code}`,
    definition: `How ${code} is counted.`,
    unit: "percentage",
    polarity: "lower-better",
    frequency: "monthly",
    decimals: 1,
    source: "entered",
    owner: "",
    priorities: [],
    targets: [],
    ...details,
    values: values.map(([periodEnd, value]) => ({ periodEnd, value, status: "final", note: "", source: "Test figures" })),
  };
  await loadMeasures(db, testContext, plan.id, { measures: [entry] });
  const measure = await findMeasure(db, code);
  if (!measure) throw new Error(`the measure ${code} was not loaded`);
  return measure;
}

/** Opens a reporting period of the current plan: a quarter of a plan year (its first quarter of the first year unless told). */
export async function aPeriod(db: Database, period: { planYear?: number; quarter?: 1 | 2 | 3 | 4; deadline?: string | null; asksMilestones?: boolean } = {}) {
  const plan = await findCurrentPlan(db);
  if (!plan) throw new Error("a reporting period needs a plan: make one with aPlan first");
  return openPeriod(db, testContext, plan, {
    planYear: period.planYear ?? plan.firstYear,
    kind: "quarter",
    quarter: period.quarter ?? 1,
    deadline: period.deadline ?? null,
    ...(period.asksMilestones === undefined ? {} : { asksMilestones: period.asksMilestones }),
  });
}

/** Starts a report of the current plan: a board pack (about no period) unless told otherwise. */
export async function aReport(db: Database, report: Partial<Parameters<typeof createReport>[3]> = {}) {
  return createReport(db, testContext, await currentPlanSummary(db), { kind: report.kind ?? "board-pack", periodId: report.periodId ?? null });
}
