import { z } from "zod";
import { isServiceArea } from "../../core/audit-templates.ts";
import { acrossServiceAreas, feedbackGivers, feedbackGiverLabels, feedbackKinds, feedbackThemes, type FeedbackGiver, type FeedbackKind, type FeedbackTheme } from "../../core/feedback-themes.ts";
import { activityKindLabels, activityKinds, findingLines, findingsProblem, weekDatesProblem, type WeekActivity } from "../../core/practice-weeks.ts";
import { dateInput } from "../../web/forms.ts";
import { text, wholeNumber } from "../../web/inputs.ts";
import { formProblems, formToken, type Problems, type Read } from "./schemas.ts";
import type { WeekContent } from "./weeks.ts";

/** The most of one kind of activity a week holds: more is a typing mistake. */
const mostHeld = 10_000;

const weekFieldsSchema = z.object({
  theme: text("Theme", 200, { required: "Enter the week's theme" }),
  serviceArea: text("Service area", 200, { required: "Select the service area" }).refine((value) => value === "" || isServiceArea(value), { message: "Select a service area from the list" }),
  description: text("Description", 2000, { multiline: true }),
  learning: text("What was learned and what happens next", 10_000, { multiline: true }),
});

const startsOn = dateInput("startsOn", "Starts on");
const endsOn = dateInput("endsOn", "Ends on");

/**
 * A practice week as its form sent it. Each kind of activity is held when ticked, or when a number
 * or a note is typed for it; the number is optional. Findings are typed one a line.
 */
export function readWeekForm(body: Record<string, unknown>): Read<WeekContent> {
  const problems: Problems = {};
  const fields = weekFieldsSchema.safeParse(body);
  if (!fields.success) Object.assign(problems, formProblems(fields.error));
  const dates = { startsOn: startsOn.safeParse(body), endsOn: endsOn.safeParse(body) };
  if (!dates.startsOn.success) Object.assign(problems, formProblems(dates.startsOn.error));
  else if (dates.startsOn.data === "") problems.startsOnDay = "Enter the date the week starts on";
  if (!dates.endsOn.success) Object.assign(problems, formProblems(dates.endsOn.error));
  else if (dates.endsOn.data === "") problems.endsOnDay = "Enter the date the week ends on";
  if (dates.startsOn.success && dates.endsOn.success && dates.startsOn.data && dates.endsOn.data) {
    const problem = weekDatesProblem(dates.startsOn.data, dates.endsOn.data);
    if (problem) problems.endsOnDay = problem;
  }
  const activities: WeekActivity[] = [];
  for (const kind of activityKinds) {
    const label = activityKindLabels[kind];
    const typed = body[`held-${kind}`] ?? "";
    const held = typed === "" ? ({ success: true, data: "" } as const) : wholeNumber(`The number of ${label.toLowerCase()}`, 1, mostHeld).safeParse(typed);
    const note = text(`The note on ${label.toLowerCase()}`, 500).safeParse(body[`note-${kind}`]);
    if (!held.success) problems[`held-${kind}`] = held.error.issues[0]?.message ?? "";
    if (!note.success) problems[`note-${kind}`] = note.error.issues[0]?.message ?? "";
    if (!held.success || !note.success) continue;
    if (body[`activity-${kind}`] === "yes" || held.data !== "" || note.data !== "") activities.push({ kind, held: held.data === "" ? null : held.data, note: note.data });
  }
  const findings = (field: "strengths" | "areasForImprovement", label: string): string[] => {
    const typed = text(label, 20_000, { multiline: true }).safeParse(body[field]);
    const lines = typed.success ? findingLines(typed.data) : [];
    const problem = typed.success ? findingsProblem(label, lines) : (typed.error.issues[0]?.message ?? "");
    if (problem) problems[field] = problem;
    return lines;
  };
  const strengths = findings("strengths", "Strengths");
  const areas = findings("areasForImprovement", "Areas for improvement");
  if (!fields.success || !dates.startsOn.success || !dates.endsOn.success || Object.keys(problems).length > 0) return { ok: false, problems };
  const { theme, serviceArea, description, learning } = fields.data;
  return { ok: true, form: { theme, serviceArea, description, learning, startsOn: dates.startsOn.data, endsOn: dates.endsOn.data, activities, strengths, areasForImprovement: areas } };
}

export const newWeekFormSchema = z.object({ formToken });

/** The week list's filter, as the address gives it; anything it cannot read is no filter. */
export const weekFiltersSchema = z.object({ serviceArea: z.string().catch("") }).partial().catch({});

export interface FeedbackForm {
  formToken: string;
  kind: FeedbackKind;
  theme: FeedbackTheme;
  words: string;
  givenBy: FeedbackGiver;
}

const feedbackFieldsSchema = z.object({
  formToken,
  kind: z.enum(feedbackKinds, { error: "Select whether it is a strength or something to strengthen" }),
  theme: z.enum(feedbackThemes, { error: "Select the theme from the list" }),
  words: text("What was said", 500, { required: "Enter what was said" }),
  givenBy: z.enum(feedbackGivers, { error: `Select who gave it: ${feedbackGivers.map((g) => feedbackGiverLabels[g].toLowerCase()).join(", ")}` }),
});

/** An item of feedback as the small form of an audit's or a week's page sent it. */
export function readFeedbackForm(body: Record<string, unknown>): Read<FeedbackForm> {
  const fields = feedbackFieldsSchema.safeParse(body);
  return fields.success ? { ok: true, form: fields.data } : { ok: false, problems: formProblems(fields.error) };
}

export interface ProgrammeFeedbackForm extends FeedbackForm {
  serviceArea: string;
  gatheredFrom: string;
  gatheredTo: string;
}

const programmeFieldsSchema = z.object({
  serviceArea: text("Service area", 200, { required: "Select the service area" }).refine((value) => value === "" || value === acrossServiceAreas || isServiceArea(value), { message: "Select a service area from the list" }),
});
const gatheredFrom = dateInput("gatheredFrom", "Gathered from");
const gatheredTo = dateInput("gatheredTo", "Gathered to");

/**
 * Feedback gathered across the audit programme of a period, as the standalone form sent it: the
 * small form's fields, the service area and the days it was gathered from and to, to no later than `today`.
 */
export function readProgrammeFeedbackForm(body: Record<string, unknown>, today: string): Read<ProgrammeFeedbackForm> {
  const problems: Problems = {};
  const item = readFeedbackForm(body);
  if (!item.ok) Object.assign(problems, item.problems);
  const area = programmeFieldsSchema.safeParse(body);
  if (!area.success) Object.assign(problems, formProblems(area.error));
  const from = gatheredFrom.safeParse(body);
  const to = gatheredTo.safeParse(body);
  if (!from.success) Object.assign(problems, formProblems(from.error));
  else if (from.data === "") problems.gatheredFromDay = "Enter the day the feedback was gathered from";
  if (!to.success) Object.assign(problems, formProblems(to.error));
  else if (to.data === "") problems.gatheredToDay = "Enter the day the feedback was gathered to";
  else if (to.data > today) problems.gatheredToDay = "Gathered to must be today or earlier";
  else if (from.success && from.data !== "" && to.data < from.data) problems.gatheredToDay = "Gathered to must be on or after the day it was gathered from";
  if (!item.ok || !area.success || !from.success || !to.success || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, form: { ...item.form, serviceArea: area.data.serviceArea, gatheredFrom: from.data, gatheredTo: to.data } };
}

/** The feedback page's filters, as the address gives them; anything it cannot read is no filter. */
export const feedbackFiltersSchema = z.object({ quarter: z.string().catch(""), serviceArea: z.string().catch("") }).partial().catch({});
