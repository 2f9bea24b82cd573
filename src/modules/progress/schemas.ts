import { z } from "zod";
import { milestoneStatuses } from "../../core/milestone-status.ts";
import { periodKinds, reviewDecisions, type ReviewDecision } from "../../core/progress-kinds.ts";
import { parsePlanYear } from "../../core/plan-years.ts";
import { fileText, isoDate as realIsoDate, largestInteger, optionalIsoDate, recordVersion, text as typed, wholeNumber } from "../../web/inputs.ts";

const text = fileText(10_000).min(1, "must not be empty");
const list = z.array(text).default([]);
const planYear = z.string().refine((label) => parsePlanYear(label) !== null, { message: "must be a plan year written like 2025/26" });
const isoDate = realIsoDate("must be a real date written YYYY-MM-DD");
const challenge = z.object({ challenge: text, mitigation: fileText(10_000).default("") });

/** A period's progress as a file (`progress/*.yaml`): how past reports are loaded. */
export const progressFileSchema = z
  .object({
    period: z.object({
      planYear,
      kind: z.enum(periodKinds),
      quarter: z.number().int().min(1).max(4).optional(),
      source: text.optional(),
      reportedOn: isoDate.optional(),
    }),
    service: z.object({ highlights: list, challenges: list }).optional(),
    priorities: z
      .array(
        z.object({
          number: z.number().int().positive(),
          narrative: list,
          achievements: list,
          challenges: z.array(challenge).default([]),
          plannedNext: list,
        }),
      )
      .default([]),
    milestones: z
      .array(
        z.object({
          priority: z.number().int().positive(),
          text,
          status: z.enum(["complete", "carried_forward", "not_achieved"]),
          narrative: fileText(10_000).default(""),
        }),
      )
      .default([]),
  })
  .refine((f) => (f.period.kind === "quarter") === (f.period.quarter !== undefined), {
    path: ["period", "quarter"],
    message: "a quarterly period needs its quarter (1 to 4), and only a quarterly period has one",
  });

export type ProgressFile = z.infer<typeof progressFileSchema>;

/** Lines typed in a text area, one item a line. */
const lines = (label: string, max = 10_000) =>
  typed(label, max, { multiline: true }).transform((v) => v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean));

/** Paragraphs typed in a text area, separated by blank lines. */
const paragraphs = (label: string, max = 20_000) =>
  typed(label, max, { multiline: true }).transform((v) => v.split(/\r?\n\s*\r?\n/).map((p) => p.replace(/\s+/g, " ").trim()).filter(Boolean));

/** A version as the progress forms send it: 0 for an update not yet saved. */
const version = recordVersion(0);

export const openPeriodFormSchema = z
  .object({
    planYear: wholeNumber("Plan year", 1, largestInteger, "Select the plan year"),
    kind: z.enum(periodKinds, { error: "Select what the period covers" }),
    quarter: z.string({ error: "Select the quarter" }).default(""),
    deadline: optionalIsoDate("Enter the deadline as a real date written YYYY-MM-DD, like 2026-01-16"),
    /** Whether leads owe each milestone's status as well as their priority's update. */
    milestones: z.enum(["yes", "no"], { error: "Select what the period asks leads for" }).default("no"),
  })
  .transform((form, ctx) => {
    let quarter: number | null = null;
    if (form.kind === "quarter") {
      quarter = ["1", "2", "3", "4"].includes(form.quarter) ? Number(form.quarter) : null;
      if (quarter === null) ctx.addIssue({ code: "custom", path: ["quarter"], message: "Select the quarter" });
    }
    return { planYear: form.planYear, kind: form.kind, quarter, deadline: form.deadline || null, asksMilestones: form.milestones === "yes" };
  });

/** The field of a form named for a milestone, like `status-12`: the milestone's id, if it is one. */
function milestoneIdOf(prefix: string, key: string): number | null {
  const match = new RegExp(`^${prefix}-(\\d{1,10})$`).exec(key);
  const id = match ? Number(match[1]) : 0;
  return id >= 1 && id <= largestInteger ? id : null;
}

/** Reads one more field of a loose form with `schema`, adding its issues under its own name. */
function fieldOf<T>(schema: z.ZodType<T>, raw: Record<string, unknown>, key: string, ctx: z.RefinementCtx): T | undefined {
  const parsed = schema.safeParse(raw[key]);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: [key], message: issue.message });
  return undefined;
}

const challengeText = (i: number) => typed(`Challenge ${i}`, 1000);
const mitigationText = (i: number) => typed(`Mitigation ${i}`, 1000);
const milestoneNote = typed("A milestone's narrative", 2000, { multiline: true });
const milestoneStatus = z.string({ error: "Select a status from the list" }).default("");

/**
 * A priority's update as its form sends it: the narrative and lists, up to five challenges with
 * their mitigations, and for each milestone `status-ID` and `note-ID`.
 */
export const priorityUpdateFormSchema = z
  .looseObject({
    narrative: paragraphs("The narrative"),
    achievements: lines("Key achievements"),
    plannedNext: lines("Plans for the next period"),
    version,
  })
  .transform((form, ctx) => {
    const raw = form as Record<string, unknown>;
    const challenges: { challenge: string; mitigation: string }[] = [];
    for (let i = 1; i <= 5; i += 1) {
      const challenge = fieldOf(challengeText(i), raw, `challenge-${i}`, ctx) ?? "";
      const mitigation = fieldOf(mitigationText(i), raw, `mitigation-${i}`, ctx) ?? "";
      if (!challenge && mitigation) ctx.addIssue({ code: "custom", path: [`challenge-${i}`], message: `Enter challenge ${i}, or clear its mitigation` });
      if (challenge) challenges.push({ challenge, mitigation });
    }
    const milestones: { milestoneId: number; status: (typeof milestoneStatuses)[number] | null; narrative: string }[] = [];
    for (const key of Object.keys(raw)) {
      const id = milestoneIdOf("status", key);
      if (id === null) continue;
      const status = fieldOf(milestoneStatus, raw, key, ctx);
      if (status === undefined) continue;
      if (status && !(milestoneStatuses as readonly string[]).includes(status)) {
        ctx.addIssue({ code: "custom", path: [key], message: "Select a status from the list" });
        continue;
      }
      const narrative = fieldOf(milestoneNote, raw, `note-${id}`, ctx);
      if (narrative === undefined) continue;
      milestones.push({ milestoneId: id, status: (status || null) as (typeof milestoneStatuses)[number] | null, narrative });
    }
    return { narrative: form.narrative, achievements: form.achievements, plannedNext: form.plannedNext, challenges, milestones, version: form.version };
  });

export type PriorityUpdateForm = z.infer<typeof priorityUpdateFormSchema>;

export const serviceUpdateFormSchema = z.object({
  highlights: lines("Key highlights"),
  challenges: lines("Key challenges"),
  version,
});

export const returnFormSchema = z.object({
  comment: typed("Comment", 2000, { multiline: true, required: "Say what needs to change before it can be approved" }),
});

const revisedMilestone = typed("The revised milestone", 1000);

export const reviewFormSchema = z.looseObject({}).transform((raw, ctx) => {
  const chosen: { milestoneId: number; decision: ReviewDecision; revisedText: string }[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const id = milestoneIdOf("decision", key);
    if (id === null || !value) continue;
    const decision = reviewDecisions.find((d) => d === value);
    if (!decision) {
      ctx.addIssue({ code: "custom", path: [key], message: "Select a decision from the list" });
      continue;
    }
    const revisedText = fieldOf(revisedMilestone, raw, `revised-${id}`, ctx);
    if (revisedText === undefined) continue;
    if (decision === "revised" && !revisedText) ctx.addIssue({ code: "custom", path: [`revised-${id}`], message: "Enter the revised milestone for next year" });
    chosen.push({ milestoneId: id, decision, revisedText });
  }
  return chosen;
});
