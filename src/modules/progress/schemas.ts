import { z } from "zod";
import { milestoneStatuses } from "../../core/milestone-status.ts";
import { parsePlanYear } from "../../core/plan-years.ts";

const text = z.string().trim().min(1, "must not be empty");
const list = z.array(text).default([]);
const planYear = z.string().refine((label) => parsePlanYear(label) !== null, { message: "must be a plan year written like 2025/26" });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD");
const challenge = z.object({ challenge: text, mitigation: z.string().trim().default("") });

/** A period's progress as a file (`progress/*.yaml`): how past reports are loaded. */
export const progressFileSchema = z
  .object({
    period: z.object({
      planYear,
      kind: z.enum(["quarter", "half-year", "year-end"]),
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
          narrative: z.string().trim().default(""),
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
const lines = z
  .string()
  .default("")
  .transform((v) => v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean));

/** Paragraphs typed in a text area, separated by blank lines. */
const paragraphs = z
  .string()
  .default("")
  .transform((v) => v.split(/\r?\n\s*\r?\n/).map((p) => p.replace(/\s+/g, " ").trim()).filter(Boolean));

export const openPeriodFormSchema = z
  .object({
    planYear: z.coerce.number({ error: "Select the plan year" }).int("Select the plan year"),
    kind: z.enum(["quarter", "half-year", "year-end"], { error: "Select what the period covers" }),
    quarter: z.string().default(""),
    deadline: z.string().trim().default(""),
  })
  .transform((form, ctx) => {
    let quarter: number | null = null;
    if (form.kind === "quarter") {
      quarter = Number(form.quarter);
      if (![1, 2, 3, 4].includes(quarter)) ctx.addIssue({ code: "custom", path: ["quarter"], message: "Select the quarter" });
    }
    if (form.deadline && !/^\d{4}-\d{2}-\d{2}$/.test(form.deadline)) {
      ctx.addIssue({ code: "custom", path: ["deadline"], message: "Enter the deadline as YYYY-MM-DD, like 2026-01-16" });
    }
    return { planYear: form.planYear, kind: form.kind, quarter, deadline: form.deadline || null };
  });

/**
 * A priority's update as its form sends it: the narrative and lists, up to five challenges with
 * their mitigations, and for each milestone `status-ID` and `note-ID`.
 */
export const priorityUpdateFormSchema = z
  .looseObject({
    narrative: paragraphs,
    achievements: lines,
    plannedNext: lines,
    version: z.coerce.number().int().min(0).default(0),
  })
  .transform((form, ctx) => {
    const raw = form as Record<string, unknown>;
    const challenges: { challenge: string; mitigation: string }[] = [];
    for (let i = 1; i <= 5; i += 1) {
      const challengeText = String(raw[`challenge-${i}`] ?? "").trim();
      const mitigation = String(raw[`mitigation-${i}`] ?? "").trim();
      if (!challengeText && mitigation) ctx.addIssue({ code: "custom", path: [`challenge-${i}`], message: `Enter challenge ${i}, or clear its mitigation` });
      if (challengeText) challenges.push({ challenge: challengeText, mitigation });
    }
    const milestones: { milestoneId: number; status: (typeof milestoneStatuses)[number] | null; narrative: string }[] = [];
    for (const [key, value] of Object.entries(raw)) {
      const match = /^status-(\d+)$/.exec(key);
      if (!match) continue;
      const id = Number(match[1]);
      const status = String(value ?? "");
      if (status && !(milestoneStatuses as readonly string[]).includes(status)) {
        ctx.addIssue({ code: "custom", path: [key], message: "Select a status from the list" });
        continue;
      }
      milestones.push({ milestoneId: id, status: (status || null) as (typeof milestoneStatuses)[number] | null, narrative: String(raw[`note-${id}`] ?? "").trim().slice(0, 2000) });
    }
    return { narrative: form.narrative, achievements: form.achievements, plannedNext: form.plannedNext, challenges, milestones, version: form.version };
  });

export type PriorityUpdateForm = z.infer<typeof priorityUpdateFormSchema>;

export const serviceUpdateFormSchema = z.object({
  highlights: lines,
  challenges: lines,
  version: z.coerce.number().int().min(0).default(0),
});

export const returnFormSchema = z.object({
  comment: z.string().trim().min(1, "Say what needs to change before it can be approved").max(2000, "Comment must be 2,000 characters or fewer"),
});

export const reviewFormSchema = z.looseObject({}).transform((raw, ctx) => {
  const decisions: { milestoneId: number; decision: "complete" | "carried_forward" | "revised" | "not_achieved"; revisedText: string }[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const match = /^decision-(\d+)$/.exec(key);
    if (!match || !value) continue;
    const id = Number(match[1]);
    const decision = String(value);
    if (!["complete", "carried_forward", "revised", "not_achieved"].includes(decision)) {
      ctx.addIssue({ code: "custom", path: [key], message: "Select a decision from the list" });
      continue;
    }
    const revisedText = String(raw[`revised-${id}`] ?? "").trim();
    if (decision === "revised" && !revisedText) ctx.addIssue({ code: "custom", path: [`revised-${id}`], message: "Enter the revised milestone for next year" });
    decisions.push({ milestoneId: id, decision: decision as "complete", revisedText });
  }
  return decisions;
});
