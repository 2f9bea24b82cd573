import { z } from "zod";
import { parsePlanYear } from "../../core/plan-years.ts";
import { dateInput, formToken } from "../../web/forms.ts";
import { fileText, isoDate as realIsoDate, largestInteger, recordVersion, text as typed, wholeNumber } from "../../web/inputs.ts";

const text = fileText(10_000).min(1, "must not be empty");
const paragraphs = z.array(text).default([]);
const priorityNumbers = z.array(z.number().int().positive()).default([]);
const isoDate = realIsoDate("must be a real date written YYYY-MM-DD");
const planYear = z.string().refine((label) => parsePlanYear(label) !== null, {
  message: "must be a plan year written like 2025/26",
});

const milestoneEntry = z.object({
  text,
  owner: text.optional(),
  dueOn: isoDate.optional(),
  ofstedAreas: priorityNumbers,
});

/** Milestones keyed by plan year: { "2024/25": [...] }. */
const milestonesByYear = z.record(planYear, z.array(milestoneEntry)).default({});

/** The overview file of a plan: `plan.yaml`. */
export const planOverviewFileSchema = z.object({
  council: z.object({
    name: text,
    service: text,
    oldLaCode: fileText(20).optional(),
    newLaCode: fileText(20).optional(),
  }),
  plan: z.object({
    slug: z.string().max(100, "must be 100 characters or fewer").regex(/^[a-z0-9-]+$/, "must be lower-case letters, digits and hyphens"),
    title: text,
    // A plan set up in the app may have no strapline, nor a statement beside young people's ask.
    subtitle: fileText(10_000).default(""),
    firstYear: z.number().int().min(2000).max(2100),
    years: z.number().int().min(1).max(10),
    values: text,
    vision: text,
    introduction: paragraphs,
    youngPeopleAsk: z.object({ headline: text, statement: fileText(10_000).default("") }),
    whatMattersToUs: paragraphs,
    framework: z.array(z.object({ heading: text, items: paragraphs })).default([]),
    highlights: paragraphs,
    findings: z
      .array(z.object({ heading: text, strengths: paragraphs, areasForImprovement: paragraphs }))
      .default([]),
  }),
  /**
   * The order the priorities are shown in, by number (`[1, 3, 2]`): every priority exactly once.
   * Left out when the order is simply by number.
   */
  priorityOrder: z.array(z.number().int().positive()).optional(),
  resets: z
    .array(z.object({ planYear, name: text, heldOn: isoDate, summary: text }))
    .default([]),
  ofstedAreas: z
    .array(z.object({ number: z.number().int().positive(), text, priorities: priorityNumbers }))
    .default([]),
  tenWishes: z
    .array(z.object({ number: z.number().int().positive(), text, priorities: priorityNumbers }))
    .default([]),
  youngPeopleSaid: z.array(z.object({ text, priorities: priorityNumbers })).default([]),
  keyIndicators: paragraphs,
  endState: z.array(z.object({ achieve: text, impact: paragraphs })).default([]),
});

/** One priority's file: `priorities/NN.yaml`. */
export const priorityFileSchema = z.object({
  number: z.number().int().positive(),
  title: text,
  vision: text,
  lead: text.optional(),
  narrative: paragraphs,
  keyElements: paragraphs,
  enablers: z.array(z.object({ name: text, text })).default([]),
  milestones: milestonesByYear,
  resetMilestones: milestonesByYear,
  outcomes: paragraphs,
});

export type PlanOverviewFile = z.infer<typeof planOverviewFileSchema>;
export type PriorityFile = z.infer<typeof priorityFileSchema>;
export type MilestoneEntry = z.infer<typeof milestoneEntry>;

/** A whole plan as read from its files, before it is stored. */
export interface PlanFiles {
  overview: PlanOverviewFile;
  priorities: PriorityFile[];
}

export const searchQuerySchema = z.object({
  q: typed("Search", 200),
});

/** Paragraphs typed in a text area, separated by blank lines. */
const paragraphList = (label: string, max: number) =>
  typed(label, max, { multiline: true }).transform((value) =>
    value
      .split(/\r?\n\s*\r?\n/)
      .map((p) => p.replace(/\s+/g, " ").trim())
      .filter(Boolean),
  );

/** Bullets typed in a text area, one a line. */
const lineList = (label: string, max: number) =>
  typed(label, max, { multiline: true }).transform((value) =>
    value
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  );

const version = recordVersion();
const owner = typed("Owner", 200);

const priorityFields = {
  title: typed("Title", 200, { required: "Enter the priority's title" }),
  vision: typed("Vision", 2000, { multiline: true, required: "Enter the priority's vision" }),
  lead: typed("Lead", 200),
  narrative: paragraphList("Narrative", 20_000),
  keyElements: lineList("Key elements", 10_000),
};

export const priorityFormSchema = z.object({ ...priorityFields, version });

export const newPriorityFormSchema = z.object({ ...priorityFields, formToken });

/**
 * The Ofsted areas ticked on a milestone's form: one ticked box sends one value, several send
 * several. Each must be one of the plan's areas; the route checks that against the plan.
 */
const ofstedAreaIds = z
  .union([z.string(), z.array(z.string())], { error: "Select the Ofsted areas from the list" })
  .default([])
  .transform((value) => [value].flat())
  .refine((values) => values.every((v) => /^\d{1,10}$/.test(v) && Number(v) <= largestInteger), { message: "Select the Ofsted areas from the list" })
  .transform((values) => [...new Set(values.map(Number))]);

const dueDate = dateInput("due", "Due date");
const milestoneText = typed("Milestone", 1000, { multiline: true, required: "Enter the milestone" });

export const milestoneFormSchema = z
  .object({ text: milestoneText, owner, ofstedAreas: ofstedAreaIds, version })
  .and(dueDate.transform((dueOn) => ({ dueOn })));

export const newMilestoneFormSchema = z
  .object({
    planYear: wholeNumber("Plan year", 1, largestInteger, "Select the plan year"),
    text: milestoneText,
    owner,
    ofstedAreas: ofstedAreaIds,
    formToken,
  })
  .and(dueDate.transform((dueOn) => ({ dueOn })));

const outcomeText = typed("Outcome", 1000, { multiline: true, required: "Enter the outcome" });

export const outcomeFormSchema = z.object({ text: outcomeText, version });

export const newOutcomeFormSchema = z.object({ text: outcomeText, formToken });

export type PriorityForm = z.infer<typeof priorityFormSchema>;
export type NewPriorityForm = z.infer<typeof newPriorityFormSchema>;
export type MilestoneForm = z.infer<typeof milestoneFormSchema>;
export type NewMilestoneForm = z.infer<typeof newMilestoneFormSchema>;
export type OutcomeForm = z.infer<typeof outcomeFormSchema>;

/** A plan year typed as it is written, "2024/25". */
const typedPlanYear = (label: string, example: string) =>
  typed(label, 7, { required: `Enter the ${label.toLowerCase()}, like ${example}` }).refine((value) => parsePlanYear(value) !== null, {
    message: `${label} must be a plan year written like ${example}`,
  });

/** The longest plan: ten years. */
export const longestPlan = 10;

const planFields = z
  .object({
    councilName: typed("Council", 200, { required: "Enter the council's name" }),
    serviceName: typed("Service", 200, { required: "Enter the service's name, like Children's Services" }),
    title: typed("Title", 200, { required: "Enter the plan's title" }),
    subtitle: typed("Strapline", 1000, { multiline: true }),
    firstYear: typedPlanYear("First plan year", "2024/25"),
    lastYear: typedPlanYear("Last plan year", "2026/27"),
    vision: typed("Vision", 5000, { multiline: true, required: "Enter the plan's vision" }),
    values: typed("Values", 500, { required: "Enter the plan's values, like High Expectations, High Support, High Challenge" }),
    youngPeopleHeadline: typed("What young people asked for", 200, { required: "Enter what young people asked for, like Equal, Kind and Safe" }),
    youngPeopleStatement: typed("What young people asked of the plan", 2000, { multiline: true }),
  })
  .transform((form, ctx) => {
    const first = parsePlanYear(form.firstYear) ?? 0;
    const last = parsePlanYear(form.lastYear) ?? 0;
    if (last < first) ctx.addIssue({ code: "custom", path: ["lastYear"], message: "Last plan year must be the first plan year or after it" });
    else if (last - first + 1 > longestPlan) ctx.addIssue({ code: "custom", path: ["lastYear"], message: `A plan runs for at most ${String(longestPlan)} years` });
    return {
      councilName: form.councilName,
      serviceName: form.serviceName,
      title: form.title,
      subtitle: form.subtitle,
      firstYear: first,
      years: last - first + 1,
      vision: form.vision,
      values: form.values,
      youngPeopleHeadline: form.youngPeopleHeadline,
      youngPeopleStatement: form.youngPeopleStatement,
    };
  });

export const newPlanFormSchema = z
  .object({
    formToken,
    /** Asked only when a plan exists already: the new one takes its place as the plan Waymark shows. */
    replaces: z.enum(["yes"], { error: "Confirm that the new plan will become the plan Waymark shows" }).optional(),
  })
  .and(planFields);

export const planFormSchema = z.object({ version }).and(planFields);

export type PlanDetailsForm = z.output<typeof planFields>;

/** A "Move up" or "Move down" button: the order the person saw, and the version of the record they moved. */
export const moveFormSchema = z.object({
  direction: z.enum(["up", "down"], { error: "Choose Move up or Move down" }),
  version,
  order: z
    .string({ error: "The form is missing the order you saw: reload the page" })
    .regex(/^\d{1,10}(,\d{1,10}){0,499}$/, "The form is missing the order you saw: reload the page")
    .transform((value) => value.split(",").map(Number)),
});

export type MoveForm = z.infer<typeof moveFormSchema>;

export const retireFormSchema = z.object({ version });

export const keyIndicatorFormSchema = z.object({
  text: typed("Key indicator", 1000, { multiline: true, required: "Enter the key indicator" }),
  version,
});

export const newKeyIndicatorFormSchema = keyIndicatorFormSchema.omit({ version: true }).extend({ formToken });

const endStateFields = {
  achieve: typed("What we will achieve", 1000, { multiline: true, required: "Enter what the plan will achieve" }),
  impact: lineList("The impact this will have", 10_000).refine((lines) => lines.length > 0, { message: "Enter the impact this will have, one a line" }),
};

export const endStateFormSchema = z.object({ ...endStateFields, version });

export const newEndStateFormSchema = z.object({ ...endStateFields, formToken });
