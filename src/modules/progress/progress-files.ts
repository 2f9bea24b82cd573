import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { required } from "../../core/lookup.ts";
import { periodLabel, type Quarter } from "../../core/reporting-periods.ts";
import { parsePlanYear } from "../../core/plan-years.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import * as plans from "../plan/index.ts";
import * as repository from "./repository.ts";
import { progressFileSchema, type ProgressFile } from "./schemas.ts";
import { openPeriod } from "./service.ts";
import { FileProblemsError } from "../../core/file-problems.ts";

/** Problems with progress files, each naming its file and field; nothing is loaded while any remain. */
export class ProgressFileError extends FileProblemsError {
  constructor(problems: string[]) {
    super("progress files", problems);
    this.name = "ProgressFileError";
  }
}

export interface NamedProgressFile {
  name: string;
  file: ProgressFile;
}

/** Reads every `*.yaml` in a folder of past progress reports (see the README for the format). */
export async function readProgressFolder(folder: string): Promise<NamedProgressFile[]> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => /\.ya?ml$/.test(n)).sort();
  const problems: string[] = [];
  const files: NamedProgressFile[] = [];
  for (const name of names) {
    let data: unknown;
    try {
      data = parseYaml(await readFile(join(folder, name), "utf8"));
    } catch {
      problems.push(`${name}: this is not valid YAML`);
      continue;
    }
    const result = progressFileSchema.safeParse(data);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(`${name}: ${issue.path.join(" › ") || "(the whole file)"}: ${issue.message}`);
      continue;
    }
    files.push({ name, file: result.data });
  }
  if (problems.length > 0) throw new ProgressFileError(problems);
  return files;
}

/**
 * Loads past progress as approved updates, written by `author` and approved by `approver`,
 * with year-end decisions on milestones matched by their exact text. All or nothing per file.
 */
export async function loadProgress(
  db: Database,
  context: ChangeContext,
  plan: { id: number; firstYear: number; years: number },
  files: NamedProgressFile[],
  people: { author: { id: number | null; name: string }; approver: { id: number | null; name: string } },
): Promise<number> {
  const priorities = await plans.listPriorities(db, plan.id);
  const milestones = await plans.listMilestones(db, priorities.map((p) => p.id));
  const problems: string[] = [];
  for (const { name, file } of files) {
    for (const p of file.priorities) if (!priorities.some((x) => x.number === p.number)) problems.push(`${name}: priorities: there is no priority ${p.number}`);
    const year = parsePlanYear(file.period.planYear) ?? 0;
    file.milestones.forEach((m, i) => {
      const priority = priorities.find((x) => x.number === m.priority);
      if (!milestones.some((x) => x.priorityId === priority?.id && x.planYear === year && x.text === m.text)) {
        problems.push(`${name}: milestones › ${i} › text: priority ${m.priority} has no ${file.period.planYear} milestone with exactly this text`);
      }
    });
  }
  if (problems.length > 0) throw new ProgressFileError(problems);

  let loaded = 0;
  for (const { file } of files) {
    const planYear = parsePlanYear(file.period.planYear) ?? 0;
    const spec = { planYear, kind: file.period.kind, quarter: (file.period.quarter ?? null) as Quarter | null };
    const period = await openPeriod(db, context, plan, { ...spec, deadline: null, reportedTo: file.period.source ?? null });
    // Approved when it was reported, where the file says; otherwise the date is not known.
    const reportedAt = file.period.reportedOn ? new Date(`${file.period.reportedOn}T12:00:00Z`) : null;
    const decided = { state: "approved" as const, authorId: people.author.id, authorName: people.author.name, submittedAt: reportedAt, decidedById: people.approver.id, decidedByName: people.approver.name, decidedAt: reportedAt };
    await db.transaction(async (tx) => {
      if (file.service) {
        const update = required(await repository.insertUpdate(tx, { periodId: period.id, scope: "service", priorityId: null, achievements: file.service.highlights, challenges: file.service.challenges.map((c) => ({ challenge: c, mitigation: "" })), ...decided }), "the service update");
        await recordChange(tx, context, { action: "load", recordType: "progress update", recordId: update.id, after: { period: periodLabel(spec), scope: "service" } });
      }
      for (const p of file.priorities) {
        const priority = priorities.find((x) => x.number === p.number);
        if (!priority) continue;
        const update = required(await repository.insertUpdate(tx, { periodId: period.id, scope: "priority", priorityId: priority.id, narrative: p.narrative, achievements: p.achievements, challenges: p.challenges, plannedNext: p.plannedNext, ...decided }), `the update of priority ${String(p.number)}`);
        await recordChange(tx, context, { action: "load", recordType: "progress update", recordId: update.id, after: { period: periodLabel(spec), priority: p.number } });
      }
      for (const m of file.milestones) {
        const priority = priorities.find((x) => x.number === m.priority);
        const milestone = milestones.find((x) => x.priorityId === priority?.id && x.planYear === planYear && x.text === m.text);
        if (!milestone) continue;
        await repository.upsertReview(tx, { milestoneId: milestone.id, decision: m.status, note: m.narrative, nextMilestoneId: null, reviewedBy: people.approver.name });
      }
      // Reported periods are history: closed to further updates.
      await repository.setPeriodOpen(tx, period.id, false);
    });
    loaded += 1;
  }
  return loaded;
}
