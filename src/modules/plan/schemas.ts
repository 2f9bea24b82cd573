import { z } from "zod";
import { parsePlanYear } from "../../core/plan-years.ts";

const text = z.string().trim().min(1, "must not be empty");
const paragraphs = z.array(text).default([]);
const priorityNumbers = z.array(z.number().int().positive()).default([]);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD");
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
    oldLaCode: z.string().optional(),
    newLaCode: z.string().optional(),
  }),
  plan: z.object({
    slug: z.string().regex(/^[a-z0-9-]+$/, "must be lower-case letters, digits and hyphens"),
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
  q: z.string().trim().max(200, "Search for 200 characters or fewer").default(""),
});
