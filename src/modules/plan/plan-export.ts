import { Document, isScalar, visit } from "yaml";
import { planYearLabel } from "../../core/plan-years.ts";
import { FileProblemsError } from "../../core/file-problems.ts";
import { priorityOrderForFiles } from "../../core/priority-order.ts";
import type { VoiceKind } from "../../core/voice-kinds.ts";
import type { Database } from "../../db/client.ts";
import { crossCheck, parseFile } from "./plan-files.ts";
import * as repository from "./repository.ts";
import type { MilestoneRow, PlanRow, PriorityRow, ResetRow } from "./repository.ts";
import {
  planOverviewFileSchema,
  priorityFileSchema,
  type MilestoneEntry,
  type PlanFiles,
  type PlanOverviewFile,
  type PriorityFile,
} from "./schemas.ts";

/**
 * Writes the current plan as the folder `waymark load-plan` reads: `plan.yaml` and one
 * `priorities/NN.yaml` per priority. The objects are built to the loader's own schemas, and the
 * same plan always gives the same bytes, so a council can keep its plan's files under version
 * control and see only what changed.
 */

/** One file of a plan's folder: its path inside the folder and its text. */
export interface PlanFolderFile {
  path: string;
  text: string;
}

export interface PlanExport {
  slug: string;
  title: string;
  files: PlanFolderFile[];
}

/** The stored plan would not load again from the files it gives: nothing is written. */
export class PlanExportError extends FileProblemsError {
  constructor(problems: string[]) {
    super("plan's files as they would be written", problems);
    this.name = "PlanExportError";
  }
}

/** Everything the plan's files hold, as the plan's repository gives it. */
export interface StoredPlan {
  plan: PlanRow;
  priorities: PriorityRow[];
  milestones: MilestoneRow[];
  outcomes: { priorityId: number; position: number; text: string }[];
  resets: ResetRow[];
  ofstedAreas: { id: number; number: number; text: string }[];
  ofstedAreaPriorities: { ofstedAreaId: number; priorityId: number }[];
  ofstedAreaMilestones: { ofstedAreaId: number; milestoneId: number }[];
  voiceItems: { id: number; kind: VoiceKind; position: number; text: string }[];
  voiceItemPriorities: { voiceItemId: number; priorityId: number }[];
  keyIndicators: { position: number; text: string }[];
  endStates: { position: number; achieve: string; impact: string[] }[];
}

export async function readStoredPlan(db: Database): Promise<StoredPlan | null> {
  const plan = await repository.findCurrentPlan(db);
  if (!plan) return null;
  // The files hold the plan as it stands: retired records stay in the app, with their history, not in the files.
  const standing = <T extends { retiredAt: Date | null }>(rows: T[]): T[] => rows.filter((row) => row.retiredAt === null);
  const priorities = standing(await repository.listPriorities(db, plan.id));
  const [milestones, outcomes, resets, ofstedAreas, ofstedAreaPriorities, ofstedAreaMilestones, voiceItems, voiceItemPriorities, keyIndicators, endStates] =
    await Promise.all([
      repository.listMilestones(db, priorities.map((p) => p.id)).then(standing),
      repository.listOutcomesOf(db, priorities.map((p) => p.id)).then(standing),
      repository.listResets(db, plan.id),
      repository.listOfstedAreas(db, plan.id),
      repository.listOfstedAreaPriorityLinks(db, plan.id),
      repository.listOfstedAreaMilestoneLinks(db, plan.id),
      repository.listVoiceItems(db, plan.id),
      repository.listVoiceItemPriorityLinks(db, plan.id),
      repository.listKeyIndicators(db, plan.id).then(standing),
      repository.listEndStates(db, plan.id).then(standing),
    ]);
  return { plan, priorities, milestones, outcomes, resets, ofstedAreas, ofstedAreaPriorities, ofstedAreaMilestones, voiceItems, voiceItemPriorities, keyIndicators, endStates };
}

/** The current plan's folder, checked to load again as it is; null when no plan is loaded. */
export async function exportPlan(db: Database): Promise<PlanExport | null> {
  const stored = await readStoredPlan(db);
  if (!stored) return null;
  const files = planFolderFiles(planFilesOf(stored));
  const problems = checkFolder(files);
  if (problems.length > 0) throw new PlanExportError(problems);
  return { slug: stored.plan.slug, title: stored.plan.title, files };
}

const byPosition = <T extends { position: number }>(rows: T[]): T[] => [...rows].sort((a, b) => a.position - b.position);
const ascending = (numbers: number[]): number[] => [...numbers].sort((a, b) => a - b);

/**
 * The plan as its files hold it. Each kind of item has one builder below, in the schema's field
 * order: a field added to the files (a flag on a milestone, say) is one line in its builder.
 */
export function planFilesOf(stored: StoredPlan): PlanFiles {
  const priorityNumber = new Map(stored.priorities.map((p) => [p.id, p.number]));
  const areaNumber = new Map(stored.ofstedAreas.map((a) => [a.id, a.number]));
  const numbersOf = (ids: number[], numbers: Map<number, number>) => ascending(ids.flatMap((id) => numbers.get(id) ?? []));

  const prioritiesOfArea = (areaId: number) =>
    numbersOf(stored.ofstedAreaPriorities.filter((l) => l.ofstedAreaId === areaId).map((l) => l.priorityId), priorityNumber);
  const areasOfMilestone = (milestoneId: number) =>
    numbersOf(stored.ofstedAreaMilestones.filter((l) => l.milestoneId === milestoneId).map((l) => l.ofstedAreaId), areaNumber);
  const prioritiesOfVoiceItem = (itemId: number) =>
    numbersOf(stored.voiceItemPriorities.filter((l) => l.voiceItemId === itemId).map((l) => l.priorityId), priorityNumber);

  const milestoneEntry = (m: MilestoneRow): MilestoneEntry => ({
    text: m.text,
    owner: m.owner ?? undefined,
    dueOn: m.dueOn ?? undefined,
    ofstedAreas: areasOfMilestone(m.id),
  });

  const priorityFile = (p: PriorityRow): PriorityFile => {
    const { milestones, resetMilestones } = milestonesByYear(stored.milestones.filter((m) => m.priorityId === p.id), milestoneEntry);
    return {
      number: p.number,
      title: p.title,
      vision: p.vision,
      lead: p.lead ?? undefined,
      narrative: [...p.narrative],
      keyElements: [...p.keyElements],
      enablers: p.enablers.map((e) => ({ name: e.name, text: e.text })),
      milestones,
      resetMilestones,
      outcomes: byPosition(stored.outcomes.filter((o) => o.priorityId === p.id)).map((o) => o.text),
    };
  };

  const { plan } = stored;
  const voice = byPosition(stored.voiceItems);
  const overview: PlanOverviewFile = {
    council: {
      name: plan.councilName,
      service: plan.serviceName,
      oldLaCode: plan.oldLaCode ?? undefined,
      newLaCode: plan.newLaCode ?? undefined,
    },
    plan: {
      slug: plan.slug,
      title: plan.title,
      subtitle: plan.subtitle,
      firstYear: plan.firstYear,
      years: plan.years,
      values: plan.values,
      vision: plan.vision,
      introduction: [...plan.introduction],
      youngPeopleAsk: { headline: plan.youngPeopleHeadline, statement: plan.youngPeopleStatement },
      whatMattersToUs: [...plan.whatMattersToUs],
      framework: plan.framework.map((g) => ({ heading: g.heading, items: [...g.items] })),
      highlights: [...plan.highlights],
      findings: plan.findings.map((f) => ({ heading: f.heading, strengths: [...f.strengths], areasForImprovement: [...f.areasForImprovement] })),
    },
    priorityOrder: priorityOrderForFiles([...stored.priorities].sort((a, b) => a.position - b.position || a.number - b.number).map((p) => p.number)),
    resets: [...stored.resets]
      .sort((a, b) => a.planYear - b.planYear || a.id - b.id)
      .map((r) => ({ planYear: planYearLabel(r.planYear), name: r.name, heldOn: r.heldOn, summary: r.summary })),
    ofstedAreas: [...stored.ofstedAreas]
      .sort((a, b) => a.number - b.number)
      .map((a) => ({ number: a.number, text: a.text, priorities: prioritiesOfArea(a.id) })),
    tenWishes: voice.filter((i) => i.kind === "wish").map((w) => ({ number: w.position, text: w.text, priorities: prioritiesOfVoiceItem(w.id) })),
    youngPeopleSaid: voice.filter((i) => i.kind === "ask").map((s) => ({ text: s.text, priorities: prioritiesOfVoiceItem(s.id) })),
    keyIndicators: byPosition(stored.keyIndicators).map((k) => k.text),
    endState: byPosition(stored.endStates).map((e) => ({ achieve: e.achieve, impact: [...e.impact] })),
  };
  return { overview, priorities: [...stored.priorities].sort((a, b) => a.number - b.number).map(priorityFile) };
}

/**
 * A priority's milestones keyed by plan year, as the loader reads them back: a year reset at a
 * year-end review keeps its original milestones under `milestones` (the loader marks them
 * superseded) and those in force under `resetMilestones`, including any added since the review;
 * any other year's milestones are all under `milestones`.
 */
function milestonesByYear(rows: MilestoneRow[], entry: (m: MilestoneRow) => MilestoneEntry) {
  const milestones: Record<string, MilestoneEntry[]> = {};
  const resetMilestones: Record<string, MilestoneEntry[]> = {};
  const inOrder = [...rows].sort((a, b) => a.planYear - b.planYear || a.position - b.position || a.id - b.id);
  for (const year of [...new Set(inOrder.map((m) => m.planYear))]) {
    const label = planYearLabel(year);
    const ofYear = inOrder.filter((m) => m.planYear === year);
    const reset = ofYear.some((m) => m.setByResetId !== null || m.supersededByResetId !== null);
    const original = reset ? ofYear.filter((m) => m.supersededByResetId !== null) : ofYear;
    if (original.length > 0) milestones[label] = original.map(entry);
    if (reset) resetMilestones[label] = ofYear.filter((m) => m.supersededByResetId === null).map(entry);
  }
  return { milestones, resetMilestones };
}

/** The path of a priority's file: `priorities/03.yaml`. */
export function priorityFilePath(number: number): string {
  return `priorities/${String(number).padStart(2, "0")}.yaml`;
}

/**
 * The files' text. Fields are written in the schema's order; a priority and a milestone leave
 * out what is empty (no enablers, no reset, no Ofsted areas, no owner), as people write them;
 * lists of numbers are written on one line (`priorities: [3, 4, 9]`); long lines are not folded.
 */
export function planFolderFiles({ overview, priorities }: PlanFiles): PlanFolderFile[] {
  const priorityForFile = (p: PriorityFile) =>
    withoutEmpty({ ...p, milestones: entriesForFile(p.milestones), resetMilestones: entriesForFile(p.resetMilestones) });
  return [
    { path: "plan.yaml", text: yamlText(overview) },
    ...priorities.map((p) => ({ path: priorityFilePath(p.number), text: yamlText(priorityForFile(p)) })),
  ];
}

function entriesForFile(byYear: Record<string, MilestoneEntry[]>) {
  return Object.fromEntries(Object.entries(byYear).map(([year, entries]) => [year, entries.map(withoutEmpty)]));
}

/**
 * A copy without the fields that are empty lists or maps, false, or missing: the loader reads
 * each of these as its default. Only for records whose every list, map and flag has a default.
 */
function withoutEmpty<T extends object>(record: T): Partial<T> {
  const kept = Object.entries(record).filter(([, value]) => {
    if (value === undefined || value === null || value === false) return false;
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === "object") return Object.keys(value as object).length > 0;
    return true;
  });
  return Object.fromEntries(kept) as Partial<T>;
}

function yamlText(value: unknown): string {
  const document = new Document(value);
  visit(document, {
    Seq(_key, sequence) {
      if (sequence.items.length > 0 && sequence.items.every((item) => isScalar(item) && typeof item.value === "number")) sequence.flow = true;
    },
  });
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Every problem the loader would find in these files: the same parsing, schemas and cross-checks. */
export function checkFolder(files: PlanFolderFile[]): string[] {
  const problems: string[] = [];
  let overview: PlanOverviewFile | null = null;
  const priorities: PriorityFile[] = [];
  for (const file of files) {
    if (file.path === "plan.yaml") overview = parseFile(file.path, file.text, planOverviewFileSchema, problems);
    else {
      const priority = parseFile(file.path, file.text, priorityFileSchema, problems);
      if (priority) priorities.push(priority);
    }
  }
  if (priorities.length === 0) problems.push("priorities/: there are no priority files (priorities/01.yaml, …)");
  if (overview && problems.length === 0) problems.push(...crossCheck({ overview, priorities }));
  return problems;
}
