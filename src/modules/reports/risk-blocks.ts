import { formatDate } from "../../core/format.ts";
import { riskRatingLabels, scoreInWords, type RiskScale } from "../../core/risk-scores.ts";
import { reviewOverdue, riskReference } from "../../core/risks.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { RiskView } from "../risks/index.ts";
import type { Block } from "./document.ts";

/**
 * Risks in reports: the board pack's risk section and the risk management paragraph of the
 * Scrutiny report's implications. A report for a period shows only what was true in it, so each
 * risk is judged as at the period's end: a risk added after it is left out, scores assessed after
 * it are ignored, and a risk counts as escalated only from the day it was escalated. What the
 * register does not keep a history of (its owner, its review date, an escalation since taken back)
 * is as it stands now.
 */

type Assessment = RiskView["history"][number];

/** A risk as it stood at the end of a period: its reference then, its scores up to then, and whether it was escalated and overdue for review. */
export interface RiskAsAt {
  view: RiskView;
  reference: string;
  addedOn: string;
  /** Its scores assessed on or before the end, oldest first. */
  history: Assessment[];
  latest: Assessment | null;
  escalated: boolean;
  reviewOverdue: boolean;
}

/** A risk as at `end` (an ISO date, Europe/London); null when it was added after it, or closed by it. */
export function riskAsAt(view: RiskView, end: string): RiskAsAt | null {
  const { risk } = view;
  const addedOn = londonDateOf(risk.createdAt);
  if (addedOn > end) return null;
  if (risk.status === "closed" && risk.closedOn !== null && risk.closedOn <= end) return null;
  const history = view.history.filter((h) => h.assessment.assessedOn <= end);
  const wasIssue = risk.kind === "issue" && risk.becameIssueOn !== null && risk.becameIssueOn <= end;
  return {
    view,
    reference: riskReference({ id: risk.id, kind: wasIssue ? "issue" : "risk" }),
    addedOn,
    history,
    latest: history.at(-1) ?? null,
    escalated: risk.status === "escalated" && risk.escalatedOn !== null && risk.escalatedOn <= end,
    reviewOverdue: reviewOverdue({ status: "open", reviewOn: risk.reviewOn }, end),
  };
}

/** The name of the board a risk is escalated to, or "Board 3" where the board's name is not known. */
export function boardName(boardId: number, names: ReadonlyMap<number, string>): string {
  return names.get(boardId) ?? `Board ${String(boardId)}`;
}

/** A score after controls with its rating in words and its parts: "16 Very high (likelihood 4 Likely × impact 4 Major)". */
function residualWords(assessment: Assessment, scale: RiskScale): string {
  return scoreInWords({ likelihood: assessment.residual.likelihood, impact: assessment.residual.impact }, scale);
}

/** "16 Very high". */
const shortScore = (assessment: Assessment) => `${String(assessment.residual.score)} ${riskRatingLabels[assessment.residual.rating]}`;

/** The days a board pack's risk section covers: from the day the last pack was issued (none before the first pack) to the pack's own date. */
export interface PackPeriod {
  from: string | null;
  to: string;
}

/** Why a risk is in a board pack. */
type PackReason = "new" | "score" | "review" | "escalated";

/** Why a risk is in the pack, each with its words; none when it is not. */
function packChanges(risk: RiskAsAt, period: PackPeriod, boards: ReadonlyMap<number, string>): { reason: PackReason; text: string }[] {
  const since = (day: string) => period.from === null || day >= period.from;
  const changes: { reason: PackReason; text: string }[] = [];
  if (since(risk.addedOn)) changes.push({ reason: "new", text: `New: added to the register on ${formatDate(risk.addedOn)}` });
  const latest = risk.latest;
  if (latest && since(latest.assessment.assessedOn)) {
    const on = formatDate(latest.assessment.assessedOn);
    const previous = risk.history.at(-2);
    if (!previous) changes.push({ reason: "score", text: `Scored for the first time on ${on}` });
    else if (latest.change !== "unchanged") changes.push({ reason: "score", text: `Score ${latest.change} from ${shortScore(previous)} to ${shortScore(latest)} on ${on}` });
  }
  if (risk.reviewOverdue) changes.push({ reason: "review", text: `Review overdue: it was due on ${formatDate(risk.view.risk.reviewOn)}` });
  const { escalatedToBoardId, escalatedOn } = risk.view.risk;
  if (risk.escalated && escalatedToBoardId !== null && escalatedOn !== null) changes.push({ reason: "escalated", text: `Escalated to ${boardName(escalatedToBoardId, boards)} on ${formatDate(escalatedOn)}` });
  return changes;
}

/** "1 risk", "2 risks". */
const risksWord = (n: number) => `${String(n)} ${n === 1 ? "risk" : "risks"}`;

/** "1 is new", "2 are new"; "none is new". */
const countWords = (n: number, one: string, many: string) => (n === 0 ? `none ${one}` : `${String(n)} ${n === 1 ? one : many}`);

/**
 * The board pack's risk section: every risk in the register that is new in the period, whose score
 * after controls changed in it (or was first given in it), whose review is overdue at its end, or
 * that is escalated to a board, highest score first, each with its score in words and what changed.
 */
export function packRiskSection(views: readonly RiskView[], scale: RiskScale, period: PackPeriod, boards: ReadonlyMap<number, string> = new Map()): Block[] {
  const listed = views
    .map((view) => riskAsAt(view, period.to))
    .filter((risk): risk is RiskAsAt => risk !== null)
    .map((risk) => ({ risk, changes: packChanges(risk, period, boards) }))
    .filter((r) => r.changes.length > 0)
    .sort((a, b) => (b.risk.latest?.residual.score ?? 0) - (a.risk.latest?.residual.score ?? 0) || a.risk.view.risk.id - b.risk.view.risk.id);
  const to = formatDate(period.to);
  const covers =
    period.from === null
      ? `This is the first pack issued, so every risk in the register on ${to} is new to it.`
      : `This section lists the risks added to the register or scored from ${formatDate(period.from)}, the day the last pack was issued, to ${to}, the date of this pack, with those whose review is overdue and those escalated to a board.`;
  const heading: Block = { kind: "heading", level: 1, text: "Risks" };
  // In the first pack every risk open on its date is new: none listed is an empty register.
  if (listed.length === 0 && period.from === null) return [heading, { kind: "paragraph", text: `No risk was open in the register on ${to}.` }];
  const blocks: Block[] = [heading, { kind: "paragraph", text: covers }];
  if (listed.length === 0) return [...blocks, { kind: "paragraph", text: `No risk in the register is new, re-scored, overdue for review or escalated, as at ${to}.` }];
  const count = (reason: PackReason) => listed.filter((r) => r.changes.some((c) => c.reason === reason)).length;
  const tally = `Of the ${String(listed.length)} risks listed, ${countWords(count("new"), "is new", "are new")}, ${countWords(count("score"), "has a new or changed score", "have a new or changed score")}, ${countWords(count("review"), "is overdue for review", "are overdue for review")} and ${countWords(count("escalated"), "is escalated", "are escalated")}.`;
  return [
    ...blocks,
    ...(listed.length > 1 ? [{ kind: "paragraph", text: `${tally} A risk may be listed for more than one of these.` } as Block] : []),
    {
      kind: "table",
      caption: `Risks new, re-scored, overdue for review or escalated, as at ${to}, highest score after controls first`,
      columns: ["Reference", "Risk", "Owner", "Score after controls", "What changed"],
      rows: listed.map(({ risk, changes }) => [risk.reference, risk.view.risk.title, risk.view.risk.ownerName, risk.latest ? residualWords(risk.latest, scale) : "Not yet scored", { items: changes.map((c) => c.text) }]),
      widths: [1, 3, 2, 3, 5],
    },
  ];
}

/** "priority 2", "priorities 1 and 3". */
function prioritiesWords(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b).map(String);
  if (sorted.length === 1) return `priority ${sorted[0] ?? ""}`;
  return `priorities ${sorted.slice(0, -1).join(", ")} and ${sorted.at(-1) ?? ""}`;
}

/**
 * The risk management implication of a report on the plan: the open and escalated risks linked to
 * the plan's priorities (`priorityNumbers`: the plan's priorities' numbers by id) as at `asAt`, with
 * their scores after controls or "not yet scored", as a paragraph. Null when no such risk is linked.
 */
export function riskManagementText(views: readonly RiskView[], priorityNumbers: ReadonlyMap<number, number>, asAt: string, boards: ReadonlyMap<number, string> = new Map()): string | null {
  const linked = views
    .map((view) => {
      const numbers = view.links.flatMap((l) => (l.priorityId === null ? [] : [priorityNumbers.get(l.priorityId)])).filter((n): n is number => n !== undefined);
      const risk = numbers.length > 0 ? riskAsAt(view, asAt) : null;
      return risk ? { risk, numbers } : null;
    })
    .filter((r) => r !== null)
    .sort((a, b) => Number(b.risk.escalated) - Number(a.risk.escalated) || (b.risk.latest?.residual.score ?? 0) - (a.risk.latest?.residual.score ?? 0) || a.risk.view.risk.id - b.risk.view.risk.id);
  if (linked.length === 0) return null;
  const escalated = linked.filter((r) => r.risk.escalated).length;
  const unscored = linked.filter((r) => r.risk.latest === null).length;
  const described = linked.map(({ risk, numbers }) => {
    const { escalatedToBoardId } = risk.view.risk;
    const state = risk.escalated && escalatedToBoardId !== null ? `escalated to ${boardName(escalatedToBoardId, boards)}` : "open";
    const score = risk.latest ? `scored ${shortScore(risk.latest)} after controls` : "not yet scored";
    return `${risk.reference} ${risk.view.risk.title} (${prioritiesWords(numbers)}), ${state}, ${score}`;
  });
  const tally = [escalated > 0 ? `${String(escalated)} ${escalated === 1 ? "is" : "are"} escalated to a board` : "", unscored > 0 ? `${String(unscored)} ${unscored === 1 ? "is" : "are"} not yet scored` : ""].filter(Boolean);
  return [
    `The risks to delivering the plan are managed through the risk register, where each has an owner and a review date.`,
    `On ${formatDate(asAt)}, ${risksWord(linked.length)} in the register ${linked.length === 1 ? "was" : "were"} linked to the plan's priorities: ${described.join("; ")}.`,
    tally.length > 0 ? `Of these, ${tally.join(" and ")}.` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** Whether officer-written implications already speak of risk management in a paragraph of their own, starting "Risk management". */
export function writesOwnRiskManagement(text: string): boolean {
  return text.split(/\n\s*\n/).some((part) => /^\s*(-\s+)?risk management\b/i.test(part));
}

/** The risk management paragraph for a report's implications, unless the officer has written their own. */
export function riskManagementBlocks(typed: string, text: string | null): Block[] {
  if (text === null || writesOwnRiskManagement(typed)) return [];
  return [{ kind: "paragraph", label: "Risk management:", text }];
}
