import { sql } from "drizzle-orm";
import { boolean, date, integer, jsonb, pgEnum, pgTable, serial, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { milestoneStatuses } from "../../core/milestone-status.ts";
import { periodKinds, reviewDecisions, updateScopes, updateStates } from "../../core/progress-kinds.ts";
import { users } from "./access.ts";
import { milestones, plans, priorities } from "./plan.ts";

export const periodKind = pgEnum("period_kind", periodKinds);
export const updateState = pgEnum("update_state", updateStates);
export const updateScope = pgEnum("update_scope", updateScopes);
export const milestoneStatus = pgEnum("milestone_status", milestoneStatuses);
export const reviewDecision = pgEnum("review_decision", reviewDecisions);

/** A key challenge and how it is being met. */
export interface Challenge {
  challenge: string;
  mitigation: string;
}

export interface EvidenceLink {
  title: string;
  url: string;
}

export const reportingPeriods = pgTable(
  "reporting_periods",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    planYear: integer("plan_year").notNull(),
    kind: periodKind("kind").notNull(),
    quarter: integer("quarter"),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    /** When updates are due from priority leads. */
    deadline: date("deadline", { mode: "string" }),
    /** Open periods take updates; a closed one is history. */
    open: boolean("open").notNull().default(true),
    /**
     * Whether the period asks for each milestone's status as well as each priority's update, as
     * chosen when it was opened. Periods loaded from past reports ask for priority updates only.
     */
    asksMilestones: boolean("asks_milestones").notNull().default(false),
    /** Where the period's progress was reported, e.g. "Scrutiny Panel report, 6 February 2025". */
    reportedTo: text("reported_to"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("reporting_periods_unique").on(t.planId, t.planYear, t.kind, sql`coalesce(${t.quarter}, 0)`)],
);

/**
 * Progress in a period, for a priority or for the service as a whole, with its place in the
 * workflow. For the service, `achievements` holds the period's key highlights.
 */
export const progressUpdates = pgTable(
  "progress_updates",
  {
    id: serial("id").primaryKey(),
    periodId: integer("period_id")
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: "cascade" }),
    scope: updateScope("scope").notNull(),
    priorityId: integer("priority_id").references(() => priorities.id, { onDelete: "cascade" }),
    narrative: jsonb("narrative").$type<string[]>().notNull().default([]),
    achievements: jsonb("achievements").$type<string[]>().notNull().default([]),
    challenges: jsonb("challenges").$type<Challenge[]>().notNull().default([]),
    plannedNext: jsonb("planned_next").$type<string[]>().notNull().default([]),
    state: updateState("state").notNull().default("draft"),
    authorId: integer("author_id").references(() => users.id),
    authorName: text("author_name").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    decidedById: integer("decided_by_id").references(() => users.id),
    decidedByName: text("decided_by_name"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    returnComment: text("return_comment"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("progress_updates_unique").on(t.periodId, t.scope, sql`coalesce(${t.priorityId}, 0)`)],
);

/** A milestone's status in a period, part of its priority's update. */
export const milestoneUpdates = pgTable(
  "milestone_updates",
  {
    id: serial("id").primaryKey(),
    updateId: integer("update_id")
      .notNull()
      .references(() => progressUpdates.id, { onDelete: "cascade" }),
    milestoneId: integer("milestone_id")
      .notNull()
      .references(() => milestones.id, { onDelete: "cascade" }),
    status: milestoneStatus("status"),
    narrative: text("narrative").notNull().default(""),
    evidence: jsonb("evidence").$type<EvidenceLink[]>().notNull().default([]),
  },
  (t) => [unique("milestone_updates_unique").on(t.updateId, t.milestoneId)],
);

/** The year-end review's decision on a milestone, and the next year's milestone it led to. */
export const milestoneReviews = pgTable("milestone_reviews", {
  id: serial("id").primaryKey(),
  milestoneId: integer("milestone_id")
    .notNull()
    .unique()
    .references(() => milestones.id, { onDelete: "cascade" }),
  decision: reviewDecision("decision").notNull(),
  note: text("note").notNull().default(""),
  nextMilestoneId: integer("next_milestone_id").references(() => milestones.id),
  reviewedBy: text("reviewed_by").notNull(),
  reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull().defaultNow(),
});
