import { relations } from "drizzle-orm";
import {
  type AnyPgColumn,
  date,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { voiceKinds } from "../../core/voice-kinds.ts";

/** A group of the plan's planning-framework diagram, e.g. "Council plans". */
export interface FrameworkGroup {
  heading: string;
  items: string[];
}

/** One area of the inspection's findings, with what it found strong and what must improve. */
export interface InspectionFinding {
  heading: string;
  strengths: string[];
  areasForImprovement: string[];
}

/** An enabler of priority 10-style "enablers" priorities: a name and what it means. */
export interface Enabler {
  name: string;
  text: string;
}

export const plans = pgTable("plans", {
  id: serial("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  subtitle: text("subtitle").notNull(),
  councilName: text("council_name").notNull(),
  serviceName: text("service_name").notNull(),
  oldLaCode: text("old_la_code"),
  newLaCode: text("new_la_code"),
  /** The calendar year in which the first plan year starts: 2024 for 2024/25. */
  firstYear: integer("first_year").notNull(),
  years: integer("years").notNull(),
  values: text("values").notNull(),
  vision: text("vision").notNull(),
  introduction: jsonb("introduction").$type<string[]>().notNull(),
  youngPeopleHeadline: text("young_people_headline").notNull(),
  youngPeopleStatement: text("young_people_statement").notNull(),
  whatMattersToUs: jsonb("what_matters_to_us").$type<string[]>().notNull(),
  framework: jsonb("framework").$type<FrameworkGroup[]>().notNull(),
  highlights: jsonb("highlights").$type<string[]>().notNull(),
  findings: jsonb("findings").$type<InspectionFinding[]>().notNull(),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const priorities = pgTable(
  "priorities",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    vision: text("vision").notNull(),
    narrative: jsonb("narrative").$type<string[]>().notNull(),
    keyElements: jsonb("key_elements").$type<string[]>().notNull(),
    enablers: jsonb("enablers").$type<Enabler[]>().notNull(),
    lead: text("lead"),
    /**
     * The priority's place in the plan's order. Its number stays with it for good (addresses,
     * reports and people refer to it), so moving a priority changes this, not the number.
     */
    position: integer("position").notNull().default(0),
    /** When the priority was retired from the plan: kept, with its history, never deleted. */
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
  },
  (t) => [unique("priorities_plan_number").on(t.planId, t.number)],
);

/** A year-end review at which the next plan year's milestones were reset. */
export const milestoneResets = pgTable("milestone_resets", {
  id: serial("id").primaryKey(),
  planId: integer("plan_id")
    .notNull()
    .references(() => plans.id, { onDelete: "cascade" }),
  planYear: integer("plan_year").notNull(),
  name: text("name").notNull(),
  heldOn: date("held_on", { mode: "string" }).notNull(),
  summary: text("summary").notNull(),
});

export const milestones = pgTable("milestones", {
  id: serial("id").primaryKey(),
  priorityId: integer("priority_id")
    .notNull()
    .references(() => priorities.id, { onDelete: "cascade" }),
  /** The calendar year in which the milestone's plan year starts: 2025 for 2025/26. */
  planYear: integer("plan_year").notNull(),
  position: integer("position").notNull(),
  text: text("text").notNull(),
  owner: text("owner"),
  dueOn: date("due_on", { mode: "string" }),
  /** The reset that set this milestone; null for the plan's original milestones. */
  setByResetId: integer("set_by_reset_id").references(() => milestoneResets.id),
  /** The reset that replaced this milestone; it is kept as history, never deleted. */
  supersededByResetId: integer("superseded_by_reset_id").references(() => milestoneResets.id),
  /** The last year's milestone this one carries forward or revises, decided at the year-end review. */
  previousMilestoneId: integer("previous_milestone_id").references((): AnyPgColumn => milestones.id),
  /** When an editor retired the milestone from the plan (unlike a reset, which supersedes it). */
  retiredAt: timestamp("retired_at", { withTimezone: true }),
  version: integer("version").notNull().default(1),
});

export const outcomes = pgTable("outcomes", {
  id: serial("id").primaryKey(),
  priorityId: integer("priority_id")
    .notNull()
    .references(() => priorities.id, { onDelete: "cascade" }),
  position: integer("position").notNull(),
  text: text("text").notNull(),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
  version: integer("version").notNull().default(1),
});

/** The inspection's (ILACS) areas for improvement that the plan answers. */
export const ofstedAreas = pgTable(
  "ofsted_areas",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    text: text("text").notNull(),
  },
  (t) => [unique("ofsted_areas_plan_number").on(t.planId, t.number)],
);

export const ofstedAreaPriorities = pgTable(
  "ofsted_area_priorities",
  {
    ofstedAreaId: integer("ofsted_area_id")
      .notNull()
      .references(() => ofstedAreas.id, { onDelete: "cascade" }),
    priorityId: integer("priority_id")
      .notNull()
      .references(() => priorities.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.ofstedAreaId, t.priorityId] })],
);

export const ofstedAreaMilestones = pgTable(
  "ofsted_area_milestones",
  {
    ofstedAreaId: integer("ofsted_area_id")
      .notNull()
      .references(() => ofstedAreas.id, { onDelete: "cascade" }),
    milestoneId: integer("milestone_id")
      .notNull()
      .references(() => milestones.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.ofstedAreaId, t.milestoneId] })],
);

export const voiceKind = pgEnum("voice_kind", voiceKinds);

export const voiceItems = pgTable("voice_items", {
  id: serial("id").primaryKey(),
  planId: integer("plan_id")
    .notNull()
    .references(() => plans.id, { onDelete: "cascade" }),
  kind: voiceKind("kind").notNull(),
  position: integer("position").notNull(),
  text: text("text").notNull(),
});

export const voiceItemPriorities = pgTable(
  "voice_item_priorities",
  {
    voiceItemId: integer("voice_item_id")
      .notNull()
      .references(() => voiceItems.id, { onDelete: "cascade" }),
    priorityId: integer("priority_id")
      .notNull()
      .references(() => priorities.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.voiceItemId, t.priorityId] })],
);

export const keyIndicators = pgTable("key_indicators", {
  id: serial("id").primaryKey(),
  planId: integer("plan_id")
    .notNull()
    .references(() => plans.id, { onDelete: "cascade" }),
  position: integer("position").notNull(),
  text: text("text").notNull(),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
  version: integer("version").notNull().default(1),
});

/** "Where we will be" at the plan's end: what we will achieve and the impact it will have. */
export const endStates = pgTable("end_states", {
  id: serial("id").primaryKey(),
  planId: integer("plan_id")
    .notNull()
    .references(() => plans.id, { onDelete: "cascade" }),
  position: integer("position").notNull(),
  achieve: text("achieve").notNull(),
  impact: jsonb("impact").$type<string[]>().notNull(),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
  version: integer("version").notNull().default(1),
});

export const prioritiesRelations = relations(priorities, ({ many }) => ({
  milestones: many(milestones),
  outcomes: many(outcomes),
}));

export const milestonesRelations = relations(milestones, ({ one }) => ({
  priority: one(priorities, { fields: [milestones.priorityId], references: [priorities.id] }),
}));

export const outcomesRelations = relations(outcomes, ({ one }) => ({
  priority: one(priorities, { fields: [outcomes.priorityId], references: [priorities.id] }),
}));
