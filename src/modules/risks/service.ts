import { ratingOf, riskAppetiteLabels, riskRatingLabels, scoreOf, scoreChange, type RiskAppetite, type RiskLevel, type RiskRating, type RiskScale, type RiskScore } from "../../core/risk-scores.ts";
import { reviewOverdue, reviewState, reviewStateLabels, riskCategoryLabels, riskReference, riskStatusLabels, type RiskCategory, type RiskKind, type ReviewState } from "../../core/risks.ts";
import { conflicted, notFound, succeeded, type Outcome } from "../../core/problems.ts";
import type { Database } from "../../db/client.ts";
import { addOnce, type Added } from "../../db/form-submissions.ts";
import { recordChange, versionedEdit, type Actor, type ChangeContext } from "../access/index.ts";
import * as boards from "./board-repository.ts";
import * as repository from "./repository.ts";
import type { AssessmentRow, RiskLinkRow, RiskRow } from "./repository.ts";

export type { AssessmentRow, RiskLinkRow, RiskRow };
export { StaleFormError, type Added } from "../../db/form-submissions.ts";

/**
 * The risk register: risks and issues added once per form, changed by versioned edits that refuse
 * a stale version, scored and re-scored (every score kept), escalated to a board, closed, and a
 * risk turned into an issue in place. Every change is recorded with its audit event in one transaction.
 */

/** What a risk's form holds. */
export interface RiskContent {
  title: string;
  cause: string;
  event: string;
  effect: string;
  category: RiskCategory;
  ownerId: number;
  ownerName: string;
  controls: string;
  target: RiskScore | null;
  appetite: RiskAppetite | null;
  reviewOn: string;
}

/** A new risk's form: its content, and whether it is an issue already (a problem with no risk before it), with its impact. */
export interface NewRiskForm extends RiskContent {
  formToken: string;
  kind: RiskKind;
  /** For an issue: the day it happened. */
  happenedOn: string;
  issueImpact: string;
}

const levels = (likelihood: number | null, impact: number | null): RiskScore | null => (likelihood === null || impact === null ? null : { likelihood: likelihood as RiskLevel, impact: impact as RiskLevel });

/** A risk as the audit trail and the conflict page show it. */
export function riskFields(risk: RiskRow) {
  const target = levels(risk.targetLikelihood, risk.targetImpact);
  return {
    reference: riskReference(risk),
    title: risk.title,
    cause: risk.cause,
    event: risk.event,
    effect: risk.effect,
    category: riskCategoryLabels[risk.category],
    owner: risk.ownerName,
    controls: risk.controls,
    target: target ? `likelihood ${String(target.likelihood)} × impact ${String(target.impact)}` : "",
    appetite: risk.appetite ? riskAppetiteLabels[risk.appetite] : "",
    reviewOn: risk.reviewOn,
    status: riskStatusLabels[risk.status],
    escalatedToBoard: risk.escalatedToBoardId,
    becameIssueOn: risk.becameIssueOn,
    issueImpact: risk.issueImpact,
    resolution: risk.resolution,
  };
}

function contentValues(content: RiskContent) {
  return {
    title: content.title,
    cause: content.cause,
    event: content.event,
    effect: content.effect,
    category: content.category,
    ownerId: content.ownerId,
    ownerName: content.ownerName,
    controls: content.controls,
    targetLikelihood: content.target?.likelihood ?? null,
    targetImpact: content.target?.impact ?? null,
    appetite: content.appetite,
    reviewOn: content.reviewOn,
  };
}

export const riskScale = async (db: Database) => (await repository.readScale(db)).scale;
export const riskScaleSetting = (db: Database) => repository.readScale(db);
export const findRisk = (db: Database, id: number) => repository.findRisk(db, id);

/** The names of the boards the risks are escalated to, by the board's id. */
export const escalationBoardNames = (db: Database, views: readonly { risk: RiskRow }[]) =>
  boards.boardNamesById(db, [...new Set(views.flatMap((v) => (v.risk.escalatedToBoardId === null ? [] : [v.risk.escalatedToBoardId])))]);

/** Changes the council's risk scale, if no one has since `version`; every score is rated by the new bands from then on. */
export async function changeScale(db: Database, context: ChangeContext, person: Actor, version: number, scale: RiskScale): Promise<Outcome<RiskScale, { scale: RiskScale; version: number }>> {
  return db.transaction(async (tx) => {
    const before = await repository.readScale(tx);
    if (before.version !== version || !(await repository.saveScaleAt(tx, version, scale, person.displayName))) return conflicted({ scale: before.scale, version: before.version });
    await recordChange(tx, context, { action: "update", recordType: "risk scale", recordId: 1, before: { ...before.scale }, after: { ...scale } });
    return succeeded(scale);
  });
}

/** Adds a risk (or an issue) once per form; it stays "not yet scored" until it is scored. */
export function addRisk(db: Database, context: ChangeContext, creator: Actor, form: NewRiskForm): Promise<Added<RiskRow>> {
  return addOnce(db, form.formToken, "risk", (tx, id) => repository.findRisk(tx, id), async (tx) => {
    const risk = await repository.insertRisk(tx, {
      ...contentValues(form),
      kind: form.kind,
      becameIssueOn: form.kind === "issue" ? form.happenedOn : null,
      issueImpact: form.kind === "issue" ? form.issueImpact : "",
      createdById: creator.id,
      createdByName: creator.displayName,
    });
    await recordChange(tx, context, { action: "create", recordType: "risk", recordId: risk.id, after: riskFields(risk) });
    return risk;
  });
}

/** Runs a versioned change of a risk: not found, or refused over someone else's change since `version`. */
function editRisk(db: Database, context: ChangeContext, id: number, version: number, values: (current: RiskRow) => Partial<repository.NewRisk>): Promise<Outcome<RiskRow>> {
  return versionedEdit<RiskRow>(
    db,
    context,
    { recordType: "risk", load: (d) => repository.findRisk(d, id), fields: riskFields, update: (tx, current) => repository.updateRiskAt(tx, id, current.version, values(current)) },
    version,
  );
}

/** Changes what a risk says, its owner, target, appetite and review date. */
export const changeRisk = (db: Database, context: ChangeContext, id: number, version: number, content: RiskContent) => editRisk(db, context, id, version, () => contentValues(content));

/** Escalates a risk to a board on `on`; it stays escalated until it is de-escalated or closed. */
export const escalateRisk = (db: Database, context: ChangeContext, id: number, version: number, boardId: number, on: string) => editRisk(db, context, id, version, () => ({ status: "escalated", escalatedToBoardId: boardId, escalatedOn: on, closedOn: null }));

/** Takes a risk back from the board it was escalated to: open again. */
export const deescalateRisk = (db: Database, context: ChangeContext, id: number, version: number) => editRisk(db, context, id, version, () => ({ status: "open", escalatedToBoardId: null, escalatedOn: null }));

/** Closes a risk on `on` (an issue with how it was resolved); reopening keeps its history. */
export const closeRisk = (db: Database, context: ChangeContext, id: number, version: number, on: string, resolution: string) =>
  editRisk(db, context, id, version, (current) => ({ status: "closed", escalatedToBoardId: null, escalatedOn: null, closedOn: on, resolution: current.kind === "issue" ? resolution : current.resolution }));

export const reopenRisk = (db: Database, context: ChangeContext, id: number, version: number) => editRisk(db, context, id, version, () => ({ status: "open", closedOn: null }));

/** A risk that has happened becomes an issue, keeping its reference number, scores and history. */
export async function riskBecomesIssue(db: Database, context: ChangeContext, id: number, version: number, happenedOn: string, impact: string): Promise<Outcome<RiskRow>> {
  const risk = await repository.findRisk(db, id);
  if (!risk) return notFound();
  if (risk.kind === "issue") return conflicted(risk, "This risk is an issue already");
  return editRisk(db, context, id, version, () => ({ kind: "issue", becameIssueOn: happenedOn, issueImpact: impact }));
}

export interface ScoreForm {
  formToken: string;
  assessedOn: string;
  inherent: RiskScore;
  residual: RiskScore;
  rationale: string;
}

export function assessmentFields(assessment: AssessmentRow) {
  return {
    assessedOn: assessment.assessedOn,
    beforeControls: `likelihood ${String(assessment.inherentLikelihood)} × impact ${String(assessment.inherentImpact)}`,
    afterControls: `likelihood ${String(assessment.residualLikelihood)} × impact ${String(assessment.residualImpact)}`,
    rationale: assessment.rationale,
    assessedBy: assessment.assessedByName,
  };
}

/** Scores a risk, once per form: a new score beside the earlier ones, which are all kept. */
export function scoreRisk(db: Database, context: ChangeContext, assessor: Actor, riskId: number, form: ScoreForm): Promise<Added<AssessmentRow>> {
  return addOnce(db, form.formToken, "risk score", async (tx, id) => (await repository.listAssessments(tx, [riskId])).find((a) => a.id === id), async (tx) => {
    const assessment = await repository.insertAssessment(tx, {
      riskId,
      assessedOn: form.assessedOn,
      inherentLikelihood: form.inherent.likelihood,
      inherentImpact: form.inherent.impact,
      residualLikelihood: form.residual.likelihood,
      residualImpact: form.residual.impact,
      rationale: form.rationale,
      assessedById: assessor.id,
      assessedByName: assessor.displayName,
    });
    await recordChange(tx, context, { action: "create", recordType: "risk score", recordId: assessment.id, after: { risk: riskId, ...assessmentFields(assessment) } });
    return assessment;
  });
}

/** A score as pages show it: the levels, the total, the rating and its words. */
export interface ScoreView extends RiskScore {
  score: number;
  rating: RiskRating;
}

export function scoreView(score: RiskScore, scale: RiskScale): ScoreView {
  const total = scoreOf(score);
  return { ...score, score: total, rating: ratingOf(total, scale) };
}

/** One scoring of a risk, before and after controls, as its history lists it. */
export interface AssessmentView {
  assessment: AssessmentRow;
  inherent: ScoreView;
  residual: ScoreView;
  change: ReturnType<typeof scoreChange>;
}

/** A risk with its scores, oldest first, its latest score after controls, target, review state and links. */
export interface RiskView {
  risk: RiskRow;
  reference: string;
  history: AssessmentView[];
  latest: AssessmentView | null;
  target: ScoreView | null;
  review: ReviewState;
  reviewOverdue: boolean;
  links: RiskLinkRow[];
}

/** Risks with their scores and links, by reference, judged on `today`. */
export async function riskViews(db: Database, today: string, ids?: readonly number[]): Promise<RiskView[]> {
  const [risks, assessments, links, scale] = [await repository.listRisks(db, ids), await repository.listAssessments(db, ids), await repository.listLinks(db, ids), await riskScale(db)];
  return risks.map((risk) => {
    let previous: number | null = null;
    const history = assessments
      .filter((a) => a.riskId === risk.id)
      .map((assessment) => {
        const residual = scoreView(levels(assessment.residualLikelihood, assessment.residualImpact) as RiskScore, scale);
        const view = { assessment, inherent: scoreView(levels(assessment.inherentLikelihood, assessment.inherentImpact) as RiskScore, scale), residual, change: scoreChange(previous, residual.score) };
        previous = residual.score;
        return view;
      });
    const target = levels(risk.targetLikelihood, risk.targetImpact);
    return {
      risk,
      reference: riskReference(risk),
      history,
      latest: history.at(-1) ?? null,
      target: target ? scoreView(target, scale) : null,
      review: reviewState(risk.reviewOn, today),
      reviewOverdue: reviewOverdue(risk, today),
      links: links.filter((l) => l.riskId === risk.id),
    };
  });
}

export async function riskView(db: Database, id: number, today: string): Promise<RiskView | undefined> {
  return (await riskViews(db, today, [id]))[0];
}

/** The risks linked to a priority, directly or through one of its milestones. */
export async function risksOfPriority(db: Database, priorityId: number, today: string): Promise<RiskView[]> {
  return riskViews(db, today, await repository.riskIdsOfPriority(db, priorityId));
}

/** A priority's open and escalated risks as its page lists them, highest score after controls first (those not yet scored last). */
export async function priorityRisks(db: Database, priorityId: number, today: string) {
  const views = (await risksOfPriority(db, priorityId, today)).filter((v) => v.risk.status !== "closed");
  return views
    .sort((a, b) => (b.latest?.residual.score ?? -1) - (a.latest?.residual.score ?? -1) || a.risk.id - b.risk.id)
    .map((v) => ({ ...v, ratingLabel: v.latest ? riskRatingLabels[v.latest.residual.rating] : null, statusLabel: riskStatusLabels[v.risk.status], reviewLabel: reviewStateLabels[v.review] }));
}

/** The open and escalated risks a person owns whose review is overdue or due within the fortnight, most overdue first. */
export async function risksToReview(db: Database, ownerId: number, today: string): Promise<RiskView[]> {
  const views = await riskViews(db, today, await repository.openRiskIdsOwnedBy(db, ownerId));
  return views.filter((v) => v.review !== "in-date").sort((a, b) => a.risk.reviewOn.localeCompare(b.risk.reviewOn) || a.risk.id - b.risk.id);
}

export type LinkTarget = { priorityId: number; milestoneId?: number | null } | { measureId: number };

/** Links a risk to a priority, a milestone of one, or a measure; a link made already is left as it is. */
export async function linkRisk(db: Database, context: ChangeContext, riskId: number, target: LinkTarget): Promise<boolean> {
  return db.transaction(async (tx) => {
    const values = "measureId" in target ? { riskId, measureId: target.measureId } : { riskId, priorityId: target.priorityId, milestoneId: target.milestoneId ?? null };
    const link = await repository.insertLink(tx, values);
    if (link) await recordChange(tx, context, { action: "create", recordType: "risk link", recordId: link.id, after: { risk: riskId, priority: link.priorityId, milestone: link.milestoneId, measure: link.measureId } });
    return link !== undefined;
  });
}

/** Removes a link of a risk; false when it had gone already. */
export async function unlinkRisk(db: Database, context: ChangeContext, riskId: number, linkId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const link = await repository.deleteLink(tx, riskId, linkId);
    if (link) await recordChange(tx, context, { action: "delete", recordType: "risk link", recordId: link.id, before: { risk: riskId, priority: link.priorityId, milestone: link.milestoneId, measure: link.measureId } });
    return link !== undefined;
  });
}

/** Whether `person` may change the risk: its owner, or one who manages risks. */
export function mayChangeRisk(risk: RiskRow, person: { id: number; mayManage: boolean }): boolean {
  return person.mayManage || (risk.ownerId !== null && risk.ownerId === person.id);
}
