import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgEnum, pgTable, serial, smallint, text, timestamp, unique, type AnyPgColumn } from "drizzle-orm/pg-core";
import { attendanceKinds, boardActionStatuses, boardFrequencies } from "../../core/board-actions.ts";
import { riskAppetites } from "../../core/risk-scores.ts";
import { riskCategories, riskKinds, riskStatuses } from "../../core/risks.ts";
import { users } from "./access.ts";
import { measures } from "./measures.ts";
import { milestones, priorities } from "./plan.ts";
import { qualityActions } from "./quality.ts";
import { reports } from "./reports.ts";

/**
 * The council's risk scale, one row: the words for each level of likelihood and impact, lowest
 * first, and the lowest score of each band above low.
 */
export const riskSettings = pgTable(
  "risk_settings",
  {
    id: integer("id").primaryKey().default(1),
    likelihoodWords: jsonb("likelihood_words").$type<string[]>().notNull(),
    impactWords: jsonb("impact_words").$type<string[]>().notNull(),
    mediumFrom: smallint("medium_from").notNull(),
    highFrom: smallint("high_from").notNull(),
    veryHighFrom: smallint("very_high_from").notNull(),
    version: integer("version").notNull().default(1),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("risk_settings_one_row", sql`${t.id} = 1`)],
);

export const riskCategory = pgEnum("risk_category", riskCategories);
export const riskKind = pgEnum("risk_kind", riskKinds);
export const riskStatus = pgEnum("risk_status", riskStatuses);
export const riskAppetite = pgEnum("risk_appetite", riskAppetites);

/**
 * A risk or an issue in the register: cause, event and effect, category, owner (an account; the
 * name kept as it was), controls in place, the target score and the appetite it reflects, the next
 * review, and whether it is open, escalated to a board or closed. Its scores are its assessments.
 * A risk that happens becomes an issue in the same row, so it keeps its history.
 */
export const risks = pgTable(
  "risks",
  {
    id: serial("id").primaryKey(),
    kind: riskKind("kind").notNull().default("risk"),
    title: text("title").notNull(),
    cause: text("cause").notNull().default(""),
    event: text("event").notNull().default(""),
    effect: text("effect").notNull().default(""),
    category: riskCategory("category").notNull(),
    ownerId: integer("owner_id").references(() => users.id, { onDelete: "set null" }),
    ownerName: text("owner_name").notNull(),
    controls: text("controls").notNull().default(""),
    targetLikelihood: smallint("target_likelihood"),
    targetImpact: smallint("target_impact"),
    appetite: riskAppetite("appetite"),
    reviewOn: date("review_on", { mode: "string" }).notNull(),
    status: riskStatus("status").notNull().default("open"),
    escalatedToBoardId: integer("escalated_to_board_id").references((): AnyPgColumn => boards.id),
    escalatedOn: date("escalated_on", { mode: "string" }),
    /** For an issue: the day it happened or was recognised, its impact and, once resolved, how. */
    becameIssueOn: date("became_issue_on", { mode: "string" }),
    issueImpact: text("issue_impact").notNull().default(""),
    resolution: text("resolution").notNull().default(""),
    closedOn: date("closed_on", { mode: "string" }),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdByName: text("created_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("risks_owner").on(t.ownerId),
    index("risks_review").on(t.status, t.reviewOn),
    check("risks_target", sql`(${t.targetLikelihood} is null) = (${t.targetImpact} is null) and coalesce(${t.targetLikelihood} between 1 and 5 and ${t.targetImpact} between 1 and 5, true)`),
    check("risks_escalated", sql`(${t.status} = 'escalated') = (${t.escalatedToBoardId} is not null)`),
    check("risks_issue", sql`(${t.kind} = 'issue') = (${t.becameIssueOn} is not null)`),
  ],
);

/**
 * One scoring of a risk: likelihood and impact before controls (inherent) and after them
 * (residual), on a day, with why. Every re-score is a new row; the latest is the risk's score.
 */
export const riskAssessments = pgTable(
  "risk_assessments",
  {
    id: serial("id").primaryKey(),
    riskId: integer("risk_id")
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    assessedOn: date("assessed_on", { mode: "string" }).notNull(),
    inherentLikelihood: smallint("inherent_likelihood").notNull(),
    inherentImpact: smallint("inherent_impact").notNull(),
    residualLikelihood: smallint("residual_likelihood").notNull(),
    residualImpact: smallint("residual_impact").notNull(),
    rationale: text("rationale").notNull().default(""),
    assessedById: integer("assessed_by_id").references(() => users.id, { onDelete: "set null" }),
    assessedByName: text("assessed_by_name").notNull(),
    assessedAt: timestamp("assessed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("risk_assessments_risk").on(t.riskId, t.assessedOn),
    check("risk_assessments_levels", sql`least(${t.inherentLikelihood}, ${t.inherentImpact}, ${t.residualLikelihood}, ${t.residualImpact}) >= 1 and greatest(${t.inherentLikelihood}, ${t.inherentImpact}, ${t.residualLikelihood}, ${t.residualImpact}) <= 5`),
  ],
);

/** A risk's link to a priority, one of the priority's milestones (the priority kept beside it), or a measure. */
export const riskLinks = pgTable(
  "risk_links",
  {
    id: serial("id").primaryKey(),
    riskId: integer("risk_id")
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    priorityId: integer("priority_id").references(() => priorities.id, { onDelete: "cascade" }),
    milestoneId: integer("milestone_id").references(() => milestones.id, { onDelete: "cascade" }),
    measureId: integer("measure_id").references(() => measures.id, { onDelete: "cascade" }),
  },
  (t) => [
    unique("risk_links_once").on(t.riskId, t.priorityId, t.milestoneId, t.measureId).nullsNotDistinct(),
    index("risk_links_priority").on(t.priorityId),
    index("risk_links_measure").on(t.measureId),
    check("risk_links_target", sql`(${t.priorityId} is not null) <> (${t.measureId} is not null) and (${t.milestoneId} is null or ${t.priorityId} is not null)`),
  ],
);

export const boardFrequency = pgEnum("board_frequency", boardFrequencies);

/** A board that holds the plan to account: its purpose, chair, how often it meets, and the priorities it oversees. */
export const boards = pgTable("boards", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  purpose: text("purpose").notNull().default(""),
  chair: text("chair").notNull().default(""),
  frequency: boardFrequency("frequency").notNull(),
  /** The board this one reports to, by name, when it is outside Waymark (a partnership, say). */
  reportsTo: text("reports_to").notNull().default(""),
  priorityIds: jsonb("priority_ids").$type<number[]>().notNull().default([]),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  version: integer("version").notNull().default(1),
});

/** A member of a board: a person with an account in Waymark, or someone named from outside it, with their role on the board. */
export const boardMembers = pgTable(
  "board_members",
  {
    id: serial("id").primaryKey(),
    boardId: integer("board_id")
      .notNull()
      .references(() => boards.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    role: text("role").notNull().default(""),
  },
  (t) => [index("board_members_board").on(t.boardId)],
);

/** A meeting of a board, on a day. Its minutes are drafted after it and approved at the board's next meeting. */
export const meetings = pgTable(
  "meetings",
  {
    id: serial("id").primaryKey(),
    boardId: integer("board_id")
      .notNull()
      .references(() => boards.id, { onDelete: "cascade" }),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    /** What the record says of the meeting itself, apart from its items: where its papers are, say, or what is not known of it. */
    note: text("note").notNull().default(""),
    minutesDraftedAt: timestamp("minutes_drafted_at", { withTimezone: true }),
    /** The meeting at which these minutes were approved, and who recorded it. */
    minutesApprovedAtMeetingId: integer("minutes_approved_at_meeting_id").references((): AnyPgColumn => meetings.id),
    minutesApprovedBy: text("minutes_approved_by"),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("meetings_board").on(t.boardId, t.heldOn)],
);

/** An item on a meeting's agenda, in order, perhaps about an issued report (a board pack among them), a risk or a measure, with the decisions made and the minutes of it. */
export const meetingItems = pgTable(
  "meeting_items",
  {
    id: serial("id").primaryKey(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    reportId: integer("report_id").references(() => reports.id, { onDelete: "set null" }),
    riskId: integer("risk_id").references(() => risks.id, { onDelete: "set null" }),
    measureId: integer("measure_id").references(() => measures.id, { onDelete: "set null" }),
    decisions: text("decisions").notNull().default(""),
    minutes: text("minutes").notNull().default(""),
  },
  (t) => [index("meeting_items_meeting").on(t.meetingId, t.position)],
);

export const meetingAttendance = pgEnum("meeting_attendance", attendanceKinds);

/** Who attended a meeting, sent apologies or was absent: members by name as they were, and guests. */
export const meetingAttendees = pgTable(
  "meeting_attendees",
  {
    id: serial("id").primaryKey(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role").notNull().default(""),
    attendance: meetingAttendance("attendance").notNull(),
  },
  (t) => [index("meeting_attendees_meeting").on(t.meetingId)],
);

export const boardActionStatus = pgEnum("board_action_status", boardActionStatuses);

/**
 * An action with an owner and a due date: raised at a meeting (its action log), a mitigation of a
 * risk, or both. It may also close an action a case audit or practice week raised, once complete.
 */
export const boardActions = pgTable(
  "board_actions",
  {
    id: serial("id").primaryKey(),
    meetingId: integer("meeting_id").references(() => meetings.id, { onDelete: "cascade" }),
    riskId: integer("risk_id").references(() => risks.id, { onDelete: "cascade" }),
    qualityActionId: integer("quality_action_id").references(() => qualityActions.id),
    description: text("description").notNull(),
    ownerId: integer("owner_id").references(() => users.id, { onDelete: "set null" }),
    ownerName: text("owner_name").notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    status: boardActionStatus("status").notNull().default("open"),
    completedOn: date("completed_on", { mode: "string" }),
    raisedById: integer("raised_by_id").references(() => users.id, { onDelete: "set null" }),
    raisedByName: text("raised_by_name").notNull(),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("board_actions_meeting").on(t.meetingId),
    index("board_actions_risk").on(t.riskId),
    index("board_actions_owner").on(t.ownerId, t.status),
    check("board_actions_raised_for", sql`${t.meetingId} is not null or ${t.riskId} is not null`),
    check("board_actions_completed", sql`(${t.status} = 'complete') = (${t.completedOn} is not null)`),
  ],
);

/** A note on an action's progress, with the status it left the action in. */
export const boardActionUpdates = pgTable(
  "board_action_updates",
  {
    id: serial("id").primaryKey(),
    actionId: integer("action_id")
      .notNull()
      .references(() => boardActions.id, { onDelete: "cascade" }),
    note: text("note").notNull(),
    status: boardActionStatus("status").notNull(),
    byName: text("by_name").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("board_action_updates_action").on(t.actionId)],
);
