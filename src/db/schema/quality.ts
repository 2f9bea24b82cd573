import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgEnum, pgTable, serial, text, timestamp, unique, type AnyPgColumn } from "drizzle-orm/pg-core";
import { actionScopes, actionStatuses } from "../../core/audit-actions.ts";
import { auditGrades } from "../../core/audit-grades.ts";
import type { AuditDomain, ComplianceAnswer } from "../../core/audit-templates.ts";
import { feedbackKinds, feedbackSources, type FeedbackGiver, type FeedbackTheme } from "../../core/feedback-themes.ts";
import type { WeekActivity } from "../../core/practice-weeks.ts";
import { linkRecordTypes } from "../../core/quality-links.ts";
import { users } from "./access.ts";
import { milestones, ofstedAreas, priorities } from "./plan.ts";

export const qualityGrade = pgEnum("quality_grade", auditGrades);

/**
 * An audit template (a whole-case audit, a thematic audit). What it holds is kept in its
 * versions: a change makes a new one, and `version` is the number of the current one, which an
 * edit names so that a change over someone else's is refused.
 */
export const qualityTemplates = pgTable("quality_templates", {
  id: serial("id").primaryKey(),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One version of a template, kept as it was: the audits recorded with it keep it. */
export const qualityTemplateVersions = pgTable(
  "quality_template_versions",
  {
    id: serial("id").primaryKey(),
    templateId: integer("template_id")
      .notNull()
      .references(() => qualityTemplates.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    serviceAreas: jsonb("service_areas").$type<string[]>().notNull(),
    domains: jsonb("domains").$type<AuditDomain[]>().notNull(),
    /** The compliance questions, answered yes, no or not applicable; none for a template without them. */
    questions: jsonb("questions").$type<string[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [unique("quality_template_versions_number").on(t.templateId, t.number)],
);

/**
 * An audit of one case, against the template version it was recorded with. The case is named by
 * its pseudonymous id only. The auditor's and moderator's names are kept as they were when they
 * acted. A moderated grade counts in place of the auditor's; both are kept.
 */
export const qualityAudits = pgTable(
  "quality_audits",
  {
    id: serial("id").primaryKey(),
    templateVersionId: integer("template_version_id")
      .notNull()
      .references(() => qualityTemplateVersions.id),
    caseId: text("case_id").notNull(),
    serviceArea: text("service_area").notNull(),
    team: text("team").notNull(),
    auditorId: integer("auditor_id").references(() => users.id, { onDelete: "set null" }),
    auditorName: text("auditor_name").notNull(),
    practitionerManager: text("practitioner_manager").notNull(),
    auditDate: date("audit_date", { mode: "string" }).notNull(),
    /** A grade per domain of the template version, in its order. */
    domainGrades: jsonb("domain_grades").$type<{ domain: string; grade: (typeof auditGrades)[number] }[]>().notNull(),
    answers: jsonb("answers").$type<{ question: string; answer: ComplianceAnswer }[]>().notNull(),
    overallGrade: qualityGrade("overall_grade").notNull(),
    strengths: text("strengths").notNull(),
    areasToStrengthen: text("areas_to_strengthen").notNull(),
    /** What the child or family said in the audit's conversation with them. */
    familyFeedback: text("family_feedback").notNull().default(""),
    moderatedGrade: qualityGrade("moderated_grade"),
    moderationReason: text("moderation_reason"),
    moderatorId: integer("moderator_id").references(() => users.id, { onDelete: "set null" }),
    moderatorName: text("moderator_name"),
    moderatedAt: timestamp("moderated_at", { withTimezone: true }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    /** Made to match a distribution a report gives where the audits themselves are not held; said wherever it counts. */
    synthetic: boolean("synthetic").notNull().default(false),
    /** The action this audit was recorded to check, when it is a re-audit. */
    checksActionId: integer("checks_action_id").references((): AnyPgColumn => qualityActions.id),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("quality_audits_checks_action").on(t.checksActionId), index("quality_audits_date").on(t.auditDate), index("quality_audits_service_area").on(t.serviceArea)],
);

export const qualityActionScope = pgEnum("quality_action_scope", actionScopes);
export const qualityActionStatus = pgEnum("quality_action_status", actionStatuses);

/**
 * An action a case audit raised, for the case, the team or the service, with its owner (one of the
 * app's accounts) and due date. It is closed with evidence of what was done and where that is
 * recorded. Names are kept as they were when each person acted.
 */
export const qualityActions = pgTable(
  "quality_actions",
  {
    id: serial("id").primaryKey(),
    /** The case audit or the practice week that raised the action: exactly one of the two. */
    auditId: integer("audit_id").references((): AnyPgColumn => qualityAudits.id),
    practiceWeekId: integer("practice_week_id").references((): AnyPgColumn => qualityPracticeWeeks.id),
    scope: qualityActionScope("scope").notNull(),
    description: text("description").notNull(),
    ownerId: integer("owner_id").references(() => users.id, { onDelete: "set null" }),
    ownerName: text("owner_name").notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    status: qualityActionStatus("status").notNull().default("open"),
    raisedById: integer("raised_by_id").references(() => users.id, { onDelete: "set null" }),
    raisedByName: text("raised_by_name").notNull(),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
    /** What was done and where it is recorded: required to close the action. */
    evidence: text("evidence"),
    closedById: integer("closed_by_id").references(() => users.id, { onDelete: "set null" }),
    closedByName: text("closed_by_name"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("quality_actions_audit").on(t.auditId),
    index("quality_actions_practice_week").on(t.practiceWeekId),
    index("quality_actions_owner").on(t.ownerId),
    index("quality_actions_due").on(t.status, t.dueOn),
    check("quality_actions_raised_by_one", sql`(${t.auditId} is null) <> (${t.practiceWeekId} is null)`),
  ],
);

/**
 * A practice week: a spell of focused quality assurance in one service area, on a theme, with the
 * activities held, its findings (strengths and areas for improvement, a short item each) and what
 * was learned and what happens next. It holds no child-level data.
 */
export const qualityPracticeWeeks = pgTable(
  "quality_practice_weeks",
  {
    id: serial("id").primaryKey(),
    theme: text("theme").notNull(),
    serviceArea: text("service_area").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    description: text("description").notNull().default(""),
    activities: jsonb("activities").$type<WeekActivity[]>().notNull(),
    strengths: jsonb("strengths").$type<string[]>().notNull(),
    areasForImprovement: jsonb("areas_for_improvement").$type<string[]>().notNull(),
    /** What was learned, and what happens next. */
    learning: text("learning").notNull().default(""),
    recordedById: integer("recorded_by_id").references(() => users.id, { onDelete: "set null" }),
    recordedByName: text("recorded_by_name").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("quality_practice_weeks_starts").on(t.startsOn), index("quality_practice_weeks_service_area").on(t.serviceArea), check("quality_practice_weeks_dates", sql`${t.endsOn} >= ${t.startsOn}`)],
);

export const qualityFeedbackKind = pgEnum("quality_feedback_kind", feedbackKinds);
export const qualityFeedbackSource = pgEnum("quality_feedback_source", feedbackSources);

/**
 * An item of families' feedback: what was said, coded as a strength or something to strengthen
 * and by theme, who gave it, and where it was gathered: a case audit (linked), a practice week
 * (linked) or the audit programme of the period it was gathered over. It counts in the quarter of
 * `gatheredTo`.
 */
export const qualityFeedback = pgTable(
  "quality_feedback",
  {
    id: serial("id").primaryKey(),
    kind: qualityFeedbackKind("kind").notNull(),
    theme: text("theme").$type<FeedbackTheme>().notNull(),
    words: text("words").notNull(),
    givenBy: text("given_by").$type<FeedbackGiver>().notNull(),
    serviceArea: text("service_area").notNull(),
    source: qualityFeedbackSource("source").notNull(),
    auditId: integer("audit_id").references(() => qualityAudits.id),
    practiceWeekId: integer("practice_week_id").references(() => qualityPracticeWeeks.id),
    gatheredFrom: date("gathered_from", { mode: "string" }).notNull(),
    gatheredTo: date("gathered_to", { mode: "string" }).notNull(),
    recordedById: integer("recorded_by_id").references(() => users.id, { onDelete: "set null" }),
    recordedByName: text("recorded_by_name").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("quality_feedback_gathered").on(t.gatheredTo),
    index("quality_feedback_audit").on(t.auditId),
    index("quality_feedback_practice_week").on(t.practiceWeekId),
    check("quality_feedback_source_link", sql`(${t.source} = 'case-audit') = (${t.auditId} is not null) and (${t.source} = 'practice-week') = (${t.practiceWeekId} is not null)`),
    check("quality_feedback_dates", sql`${t.gatheredTo} >= ${t.gatheredFrom}`),
  ],
);

/**
 * A month's audit programme: which cases are to be audited that month, by whom and by when. The
 * month is named "2025-01"; a council keeps one programme a month.
 */
export const qualityProgrammes = pgTable("quality_programmes", {
  id: serial("id").primaryKey(),
  month: text("month").notNull().unique(),
  /** What the month's audits look at, when they share a focus. */
  focus: text("focus").notNull().default(""),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One audit a programme plans: the case, the template to use, the auditor (an account; their
 * name kept as it was) and the due date. Recording the audit from it completes it.
 */
export const qualityPlannedAudits = pgTable(
  "quality_planned_audits",
  {
    id: serial("id").primaryKey(),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => qualityProgrammes.id, { onDelete: "cascade" }),
    caseId: text("case_id").notNull(),
    serviceArea: text("service_area").notNull(),
    templateId: integer("template_id")
      .notNull()
      .references(() => qualityTemplates.id),
    auditorId: integer("auditor_id").references(() => users.id, { onDelete: "set null" }),
    auditorName: text("auditor_name").notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    /** The audit recorded from this plan, once it is. */
    auditId: integer("audit_id")
      .unique()
      .references(() => qualityAudits.id),
    addedBy: text("added_by").notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("quality_planned_audits_programme").on(t.programmeId), index("quality_planned_audits_auditor").on(t.auditorId)],
);

export const qualityLinkRecordType = pgEnum("quality_link_record_type", linkRecordTypes);

/**
 * A link from a quality-assurance record (a case audit, an action, a practice week: `recordType`
 * and `recordId`) to the plan: a priority, optionally one of its milestones (the priority is kept
 * beside it), or an Ofsted area for improvement. Each link is made once per record.
 */
export const qualityLinks = pgTable(
  "quality_links",
  {
    id: serial("id").primaryKey(),
    recordType: qualityLinkRecordType("record_type").notNull(),
    recordId: integer("record_id").notNull(),
    priorityId: integer("priority_id").references(() => priorities.id, { onDelete: "cascade" }),
    milestoneId: integer("milestone_id").references(() => milestones.id, { onDelete: "cascade" }),
    ofstedAreaId: integer("ofsted_area_id").references(() => ofstedAreas.id, { onDelete: "cascade" }),
    linkedById: integer("linked_by_id").references(() => users.id, { onDelete: "set null" }),
    linkedByName: text("linked_by_name").notNull(),
    linkedAt: timestamp("linked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("quality_links_once").on(t.recordType, t.recordId, t.priorityId, t.milestoneId, t.ofstedAreaId).nullsNotDistinct(),
    index("quality_links_record").on(t.recordType, t.recordId),
    index("quality_links_priority").on(t.priorityId),
    // A priority (with or without one of its milestones), or an Ofsted area: never both, never neither.
    check("quality_links_target", sql`(${t.priorityId} is not null) <> (${t.ofstedAreaId} is not null) and (${t.milestoneId} is null or ${t.priorityId} is not null)`),
  ],
);
