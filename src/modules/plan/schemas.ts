import { z } from "zod";
import { parsePlanYear } from "../../core/plan-years.ts";
import { dateInput } from "../../web/forms.ts";
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
    subtitle: text,
    firstYear: z.number().int().min(2000).max(2100),
    years: z.number().int().min(1).max(10),
    values: text,
    vision: text,
    introduction: paragraphs,
    youngPeopleAsk: z.object({ headline: text, statement: text }),
    whatMattersToUs: paragraphs,
    framework: z.array(z.object({ heading: text, items: paragraphs })).default([]),
    highlights: paragraphs,
    findings: z
      .array(z.object({ heading: text, strengths: paragraphs, areasForImprovement: paragraphs }))
      .default([]),
  }),
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

export const priorityFormSchema = z.object({
  title: typed("Title", 200, { required: "Enter the priority's title" }),
  vision: typed("Vision", 2000, { multiline: true, required: "Enter the priority's vision" }),
  lead: typed("Lead", 200),
  narrative: paragraphList("Narrative", 20_000),
  keyElements: lineList("Key elements", 10_000),
  version,
});

const dueDate = dateInput("due", "Due date");
const milestoneText = typed("Milestone", 1000, { multiline: true, required: "Enter the milestone" });

export const milestoneFormSchema = z
  .object({ text: milestoneText, owner, version })
  .and(dueDate.transform((dueOn) => ({ dueOn })));

export const newMilestoneFormSchema = z
  .object({
    planYear: wholeNumber("Plan year", 1, largestInteger, "Select the plan year"),
    text: milestoneText,
    owner,
  })
  .and(dueDate.transform((dueOn) => ({ dueOn })));

export const outcomeFormSchema = z.object({
  text: typed("Outcome", 1000, { multiline: true, required: "Enter the outcome" }),
  version,
});

export const newOutcomeFormSchema = outcomeFormSchema.omit({ version: true });

export type PriorityForm = z.infer<typeof priorityFormSchema>;
export type MilestoneForm = z.infer<typeof milestoneFormSchema>;
export type OutcomeForm = z.infer<typeof outcomeFormSchema>;
