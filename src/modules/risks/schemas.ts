import { z } from "zod";
import { riskAppetites, riskLevels, riskRatings, scoreOf, type RiskLevel, type RiskScore } from "../../core/risk-scores.ts";
import { riskCategories, riskKinds, riskStatuses } from "../../core/risks.ts";
import { dateInput, formProblems, formToken, type Problems, type Read } from "../../web/forms.ts";
import { idParam, recordVersion, text } from "../../web/inputs.ts";
import type { NewRiskForm, RiskContent, ScoreForm } from "./service.ts";

export const idParams = z.object({ id: idParam });
export const linkParams = z.object({ id: idParam, linkId: idParam });
export const versionForm = z.object({ version: recordVersion() });

const level = (label: string) =>
  z
    .string({ error: `Select the ${label}, from 1 to 5` })
    .refine((value) => riskLevels.some((l) => String(l) === value), { message: `Select the ${label}, from 1 to 5` })
    .transform((value) => Number(value) as RiskLevel);

const optionalLevel = (label: string) => z.union([z.literal("").transform(() => null), level(label)]).default(null);

const riskFieldsSchema = z.object({
  title: text("Title", 200, { required: "Enter the risk's title" }),
  cause: text("Cause", 2000, { multiline: true }),
  event: text("Event", 2000, { multiline: true, required: "Enter the event: what might happen" }),
  effect: text("Effect", 2000, { multiline: true }),
  category: z.enum(riskCategories, { error: "Select the category from the list" }),
  ownerId: z.string({ error: "Select the owner" }).regex(/^\d{1,10}$/, "Select the owner").transform(Number),
  controls: text("Controls in place", 5000, { multiline: true }),
  targetLikelihood: optionalLevel("target likelihood"),
  targetImpact: optionalLevel("target impact"),
  appetite: z.union([z.literal("").transform(() => null), z.enum(riskAppetites, { error: "Select the appetite from the list" })]).default(null),
});

const reviewOn = dateInput("reviewOn", "Review date");

/** A risk's content as its form sent it; the owner must be one of `owners` (the accounts it can be given to). */
export function readRiskForm(body: Record<string, unknown>, owners: readonly { id: number; displayName: string }[]): Read<RiskContent> {
  const problems: Problems = {};
  const fields = riskFieldsSchema.safeParse(body);
  if (!fields.success) Object.assign(problems, formProblems(fields.error));
  const review = reviewOn.safeParse(body);
  if (!review.success) Object.assign(problems, formProblems(review.error));
  else if (review.data === "") problems.reviewOnDay = "Enter the date the risk is next to be reviewed";
  if (!fields.success || !review.success || review.data === "") return { ok: false, problems };
  const { targetLikelihood, targetImpact, ownerId, ...rest } = fields.data;
  const owner = owners.find((o) => o.id === ownerId);
  if (!owner) problems.ownerId = "Select the owner from the list";
  if ((targetLikelihood === null) !== (targetImpact === null)) problems[targetLikelihood === null ? "targetLikelihood" : "targetImpact"] = "Select both the target likelihood and impact, or neither";
  if (!owner || Object.keys(problems).length > 0) return { ok: false, problems };
  const target: RiskScore | null = targetLikelihood !== null && targetImpact !== null ? { likelihood: targetLikelihood, impact: targetImpact } : null;
  return { ok: true, form: { ...rest, ownerId: owner.id, ownerName: owner.displayName, target, reviewOn: review.data } };
}

const newRiskSchema = z.object({
  formToken,
  kind: z.enum(riskKinds, { error: "Select whether it is a risk or an issue" }),
  issueImpact: text("The issue's impact", 5000, { multiline: true }),
});
const happenedOn = dateInput("happenedOn", "The day it happened");

/** A new risk or issue as its form sent it: an issue needs the day it happened, on or before `today`, and its impact. */
export function readNewRiskForm(body: Record<string, unknown>, owners: readonly { id: number; displayName: string }[], today: string): Read<NewRiskForm> {
  const problems: Problems = {};
  const content = readRiskForm(body, owners);
  if (!content.ok) Object.assign(problems, content.problems);
  const extra = newRiskSchema.safeParse(body);
  if (!extra.success) Object.assign(problems, formProblems(extra.error));
  const happened = happenedOn.safeParse(body);
  let happenedDate = "";
  if (extra.success && extra.data.kind === "issue") {
    if (!happened.success) Object.assign(problems, formProblems(happened.error));
    else if (happened.data === "") problems.happenedOnDay = "Enter the day the issue happened or was recognised";
    else if (happened.data > today) problems.happenedOnDay = "The day it happened must be today or earlier";
    else happenedDate = happened.data;
    if (extra.data.issueImpact === "") problems.issueImpact = "Enter the issue's impact";
  }
  if (!content.ok || !extra.success || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, form: { ...content.form, ...extra.data, happenedOn: happenedDate } };
}

const scoreSchema = z.object({
  formToken,
  inherentLikelihood: level("likelihood before controls"),
  inherentImpact: level("impact before controls"),
  residualLikelihood: level("likelihood after controls"),
  residualImpact: level("impact after controls"),
  rationale: text("Why these scores", 2000, { multiline: true }),
});
const assessedOn = dateInput("assessedOn", "Scored on");

/** A score as its form sent it: the day it was scored, on or before `today`; the score after controls no higher than before them. */
export function readScoreForm(body: Record<string, unknown>, today: string): Read<ScoreForm> {
  const problems: Problems = {};
  const fields = scoreSchema.safeParse(body);
  if (!fields.success) Object.assign(problems, formProblems(fields.error));
  const on = assessedOn.safeParse(body);
  if (!on.success) Object.assign(problems, formProblems(on.error));
  else if (on.data === "") problems.assessedOnDay = "Enter the day the risk was scored";
  else if (on.data > today) problems.assessedOnDay = "The day it was scored must be today or earlier";
  if (!fields.success || !on.success || Object.keys(problems).length > 0) return { ok: false, problems };
  const inherent = { likelihood: fields.data.inherentLikelihood, impact: fields.data.inherentImpact };
  const residual = { likelihood: fields.data.residualLikelihood, impact: fields.data.residualImpact };
  if (scoreOf(residual) > scoreOf(inherent)) return { ok: false, problems: { residualLikelihood: `The score after controls (${String(scoreOf(residual))}) cannot be higher than before them (${String(scoreOf(inherent))})` } };
  return { ok: true, form: { formToken: fields.data.formToken, assessedOn: on.data, inherent, residual, rationale: fields.data.rationale } };
}

const closeSchema = z.object({ version: recordVersion(), resolution: text("How it was resolved", 5000, { multiline: true }) });

/** Closing a risk, or an issue with how it was resolved (required for an issue). */
export function readCloseForm(body: Record<string, unknown>, isIssue: boolean): Read<{ version: number; resolution: string }> {
  const fields = closeSchema.safeParse(body);
  if (!fields.success) return { ok: false, problems: formProblems(fields.error) };
  if (isIssue && fields.data.resolution === "") return { ok: false, problems: { resolution: "Enter how the issue was resolved" } };
  return { ok: true, form: fields.data };
}

const becomeIssueSchema = z.object({ version: recordVersion(), issueImpact: text("The issue's impact", 5000, { multiline: true, required: "Enter the issue's impact" }) });

/** A risk that has happened, as the "it has happened" form sent it: the day, on or before `today`, and the impact. */
export function readBecomeIssueForm(body: Record<string, unknown>, today: string): Read<{ version: number; happenedOn: string; issueImpact: string }> {
  const problems: Problems = {};
  const fields = becomeIssueSchema.safeParse(body);
  if (!fields.success) Object.assign(problems, formProblems(fields.error));
  const happened = happenedOn.safeParse(body);
  if (!happened.success) Object.assign(problems, formProblems(happened.error));
  else if (happened.data === "") problems.happenedOnDay = "Enter the day the issue happened or was recognised";
  else if (happened.data > today) problems.happenedOnDay = "The day it happened must be today or earlier";
  if (!fields.success || !happened.success || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, form: { ...fields.data, happenedOn: happened.data } };
}

const idChoice = (message: string) => z.string({ error: message }).regex(/^\d{1,10}$/, message).transform(Number);

/** A link as its form sent it: a priority (with a milestone perhaps) or a measure, by id. */
export const linkFormSchema = z.union([
  z.object({ measureId: idChoice("Select a measure") }),
  z.object({ milestoneId: idChoice("Select a milestone") }),
  z.object({ priorityId: idChoice("Select a priority") }),
]);

/** The register's filters and order, as the address gives them; anything it cannot read is no filter. */
export const registerQuerySchema = z
  .object({
    status: z.enum([...riskStatuses, "current"]).catch("current"),
    kind: z.enum(riskKinds).or(z.literal("")).catch(""),
    category: z.enum(riskCategories).or(z.literal("")).catch(""),
    rating: z.enum([...riskRatings, "not-scored"]).or(z.literal("")).catch(""),
    owner: z.string().regex(/^\d{1,10}$/).or(z.literal("")).catch(""),
    priority: z.string().regex(/^\d{1,10}$/).or(z.literal("")).catch(""),
    review: z.enum(["overdue", ""]).catch(""),
    likelihood: z.enum(["1", "2", "3", "4", "5", ""]).catch(""),
    impact: z.enum(["1", "2", "3", "4", "5", ""]).catch(""),
    sort: z.enum(["score", "review", "reference", "title"]).catch("score"),
  })
  .partial()
  .catch({});
