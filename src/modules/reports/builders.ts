import { planYearLabel } from "../../core/plan-years.ts";
import type { CoverSheet, ReportSections } from "./repository.ts";
import { type ScorecardRow, presentRow, type Scorecard } from "../measures/index.ts";
import type { PlanAsAt } from "../plan/index.ts";
import type { approvedProgress } from "../progress/index.ts";
import { coverSheetBlocks, optionalSection } from "./cover-sheet.ts";
import type { Block, ReportDocument } from "./document.ts";
import { asAtParagraph, listedMeasures, measureAppendix, measureDetail, scorecardTable } from "./measure-blocks.ts";
import { planAppendix } from "./plan-blocks.ts";
import { qualityAssuranceSection } from "./learning-blocks.ts";
import type { LearningRecord } from "../../core/learning-record.ts";

/**
 * The reports, each built from approved data and the words saved with the report. Builders
 * are pure: the service gathers the data, a builder arranges it, a writer writes it out.
 */

export type Progress = Awaited<ReturnType<typeof approvedProgress>>;

export interface ReportBasis {
  council: string;
  cover: CoverSheet;
  sections: ReportSections;
  generatedAt: string;
}

const decisionWords = {
  complete: "Complete",
  carried_forward: "Carried forward",
  revised: "Revised for next year",
  not_achieved: "Not achieved",
} as const;

/** A committee report: the cover sheet (its other implications followed by any `implications` written from the data), then the body. */
function document(basis: ReportBasis, blocks: Block[], implications: Block[] = []): ReportDocument {
  return { title: basis.cover.title, council: basis.council, committee: basis.cover.committee, generatedAt: basis.generatedAt, blocks: [...coverSheetBlocks(basis.cover, basis.sections, implications), ...blocks] };
}

function challengeText(c: { challenge: string; mitigation: string }): string {
  return c.mitigation.trim() === "" ? c.challenge : `${c.challenge} ${c.mitigation}`;
}

function listOrNone(items: string[], none: string): Block {
  return items.length > 0 ? { kind: "list", items } : { kind: "paragraph", text: none };
}

/**
 * The progress report to Scrutiny for a reporting period, in the shape of the council's quarterly
 * updates, with a quality-assurance section when the period has a quality-assurance record.
 * `measures` are as at the period's last day; `riskManagement` is the implications' paragraph on
 * the risks linked to the plan (see risk-blocks.ts), when there is one.
 */
export function scrutinyReport(basis: ReportBasis, progress: Progress, measures: readonly ScorecardRow[], quality: LearningRecord | null = null, riskManagement: Block[] = []): ReportDocument {
  const { period } = progress;
  const year = planYearLabel(period.planYear);
  const service = progress.service;
  const blocks: Block[] = [
    ...optionalSection("Introduction", basis.sections.introduction),
    ...(basis.sections.yearPriorities.length > 0 ? [{ kind: "heading", level: 1, text: `Priorities for ${year}` } as Block, { kind: "list", items: basis.sections.yearPriorities } as Block] : []),
    { kind: "heading", level: 1, text: `Progress and challenges in ${period.label}` },
    { kind: "heading", level: 2, text: "Key highlights" },
    listOrNone(service?.achievements ?? [], "No approved highlights for the service have been recorded for this period."),
    { kind: "heading", level: 2, text: "Key challenges" },
    listOrNone((service?.challenges ?? []).map(challengeText), "No approved challenges for the service have been recorded for this period."),
  ];
  for (const priority of progress.priorities) {
    const progressText = priority.update ? [...priority.update.narrative, ...priority.update.achievements] : [];
    blocks.push(
      { kind: "heading", level: 1, text: `Strategic Priority ${priority.number}: ${priority.title}` },
      { kind: "paragraph", label: "Vision:", text: priority.vision },
      { kind: "heading", level: 2, text: `Key milestones for ${year}` },
      {
        kind: "table",
        caption: `Strategic Priority ${String(priority.number)}: priorities for the year and ${period.heading.charAt(0).toLowerCase()}${period.heading.slice(1)}`,
        columns: ["Priorities for the year", period.heading],
        rows: [[{ items: priority.milestones.map((m) => m.text) }, progressText.length > 0 ? { items: progressText } : "No approved update for this period."]],
        widths: [1, 1],
      },
    );
    const challenges = priority.update?.challenges ?? [];
    if (challenges.length > 0) blocks.push({ kind: "heading", level: 2, text: "Challenges and mitigations" }, { kind: "list", items: challenges.map(challengeText) });
  }
  if (quality) blocks.push(...qualityAssuranceSection(quality));
  blocks.push(...measureAppendix("Appendix: performance measures", progress.priorities, measures, period.endsOn));
  return document(basis, blocks, riskManagement);
}

/**
 * The year review: the year's key achievements, what became of each milestone at the year-end
 * review, and the milestones reset for the next year.
 */
export function yearReview(basis: ReportBasis, review: Progress, next: { number: number; milestones: { text: string }[] }[], nextYear: number): ReportDocument {
  const year = planYearLabel(review.period.planYear);
  const achievements = [...(review.service?.achievements ?? [])];
  const blocks: Block[] = [
    ...optionalSection("Introduction", basis.sections.introduction),
    { kind: "heading", level: 1, text: `Key achievements in ${year}` },
    listOrNone(achievements, "No approved achievements for the service have been recorded for the year."),
    ...(basis.sections.yearPriorities.length > 0 ? [{ kind: "heading", level: 1, text: `Key priorities for ${planYearLabel(nextYear)}` } as Block, { kind: "list", items: basis.sections.yearPriorities } as Block] : []),
  ];
  for (const priority of review.priorities) {
    const nextMilestones = next.find((p) => p.number === priority.number)?.milestones ?? [];
    blocks.push(
      { kind: "heading", level: 1, text: `Strategic Priority ${priority.number}: ${priority.title}` },
      { kind: "paragraph", label: "Vision:", text: priority.vision },
      { kind: "heading", level: 2, text: `Milestones for ${year} at the year-end review` },
      {
        kind: "table",
        caption: `Strategic Priority ${priority.number}: milestones for ${year} and the decision on each`,
        columns: ["Milestone", "Decision"],
        rows: priority.milestones.map((m) => [m.text, m.decision ? decisionWords[m.decision] : "Not yet reviewed"]),
        widths: [4, 1],
      },
    );
    if (priority.update && priority.update.achievements.length > 0) blocks.push({ kind: "heading", level: 2, text: "Achievements" }, { kind: "list", items: priority.update.achievements });
    blocks.push({ kind: "heading", level: 2, text: `Milestones for ${planYearLabel(nextYear)}` }, listOrNone(nextMilestones.map((m) => m.text), `No milestones have been set for ${planYearLabel(nextYear)}.`));
  }
  return document(basis, blocks);
}

/** What a board pack keeps of each measure, so the next pack can say what has changed. */
export interface PackFact {
  code: string;
  title: string;
  latest: string;
  period: string;
  rag: string | null;
  exception: boolean;
}

export function packFacts(rows: readonly ScorecardRow[]): PackFact[] {
  return rows.map((row) => {
    const p = presentRow(row);
    return { code: p.code, title: p.title, latest: p.latest, period: p.period, rag: p.rag, exception: p.exception };
  });
}

function changesSince(previous: PackFact[], current: PackFact[]): string[] {
  const before = new Map(previous.map((f) => [f.code, f]));
  const changes: string[] = [];
  for (const fact of current) {
    const old = before.get(fact.code);
    if (!old) {
      if (fact.period) changes.push(`${fact.title}: new to the scorecard, ${fact.latest} (${fact.period}).`);
      continue;
    }
    if (fact.exception && !old.exception) changes.push(`${fact.title}: now an exception.`);
    if (!fact.exception && old.exception) changes.push(`${fact.title}: no longer an exception.`);
    if (old.period !== fact.period || old.latest !== fact.latest) changes.push(`${fact.title}: ${old.latest}${old.period ? ` (${old.period})` : ""} → ${fact.latest} (${fact.period}).`);
    if (old.rag !== fact.rag && fact.rag && old.rag) changes.push(`${fact.title}: RAG ${old.rag} → ${fact.rag}.`);
  }
  return changes;
}

/**
 * The performance board pack: the scorecard, each data exception with its chart and commentary,
 * what has changed since the last pack was issued, and the risks section (see risk-blocks.ts).
 * `card` is as at `asAt`, the pack's own date.
 */
export function boardPack(basis: ReportBasis, card: Pick<Scorecard, "rows" | "exceptionRows">, asAt: string, previous: { issuedAt: string; facts: PackFact[] } | null, risks: Block[] = []): ReportDocument {
  const { rows } = card;
  const exceptions = card.exceptionRows();
  const changes = previous ? changesSince(previous.facts, packFacts(rows)) : [];
  const blocks: Block[] = [
    ...optionalSection("Introduction", basis.sections.introduction),
    { kind: "heading", level: 1, text: "Changes since the last pack" },
    previous
      ? listOrNone(changes, `Nothing has changed since the last pack, issued ${previous.issuedAt}.`)
      : { kind: "paragraph", text: "This is the first pack issued: there is no earlier pack to compare with." },
    { kind: "heading", level: 1, text: "Data exceptions" },
    exceptions.length > 0
      ? { kind: "paragraph", text: `${String(exceptions.length)} measures are red against target or show special cause variation of concern at their latest value, newest first.` }
      : { kind: "paragraph", text: "No measure is red against target or shows special cause variation of concern." },
    asAtParagraph(asAt, "the date of this pack"),
    ...exceptions.flatMap((r) => measureDetail(r, asAt, { commentary: true })),
    ...risks,
    { kind: "page-break" },
    { kind: "heading", level: 1, text: "Scorecard" },
    scorecardTable("Every measure's latest value, target and benchmarks", listedMeasures(rows), asAt),
  ];
  return document(basis, blocks);
}

/**
 * The report asking Cabinet to agree the plan: the cover sheet and the officer's words, then the
 * plan itself as the appendix, named as the appendices table names it (its first row: "Appendix A:
 * Achieving Excellence – A three year strategy"). `plan` is the plan as at the meeting.
 */
export function cabinetReport(basis: ReportBasis, plan: PlanAsAt): ReportDocument {
  const [first] = basis.sections.appendices;
  const heading = !first ? `Appendix: ${plan.title} ${plan.period}` : first.reference.trim() === "" ? `Appendix: ${first.title}` : `Appendix ${first.reference}: ${first.title}`;
  return document(basis, [...optionalSection("Introduction", basis.sections.introduction), ...planAppendix(heading, plan)]);
}
