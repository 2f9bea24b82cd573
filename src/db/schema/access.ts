import {
  bigserial,
  boolean,
  index,
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
import { priorities } from "./plan.ts";

export const roleNames = [
  "administrator",
  "plan_editor",
  "priority_lead",
  "approver",
  "performance_analyst",
  "qa_officer",
  "viewer",
] as const;

export const role = pgEnum("role", roleNames);

export const users = pgTable(
  "users",
  {
    id: serial("id").primaryKey(),
    username: text("username").notNull().unique(),
    displayName: text("display_name").notNull(),
    email: text("email"),
    /** argon2id; null for accounts that sign in only through the council's identity provider. */
    passwordHash: text("password_hash"),
    /** Issuer and subject of an identity-provider account. */
    oidcIssuer: text("oidc_issuer"),
    oidcSubject: text("oidc_subject"),
    disabled: boolean("disabled").notNull().default(false),
    /** Demonstration accounts are listed on the sign-in page of the embedded demo. */
    demo: boolean("demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [unique("users_oidc_identity").on(t.oidcIssuer, t.oidcSubject)],
);

export const userRoles = pgTable(
  "user_roles",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: role("role").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

/** The priorities a priority lead may write progress for. */
export const userPriorities = pgTable(
  "user_priorities",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    priorityId: integer("priority_id")
      .notNull()
      .references(() => priorities.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.priorityId] })],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie's secret: a stolen database does not hand out live sessions. */
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    /** Short-lived sign-in state: the OIDC state, nonce and PKCE verifier, the page to return to. */
    data: jsonb("data").$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** Failed sign-ins, counted per account and per address to slow password guessing. */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    username: text("username").notNull(),
    address: text("address").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_failures_username").on(t.username, t.at), index("sign_in_failures_address").on(t.address, t.at)],
);

/** Every change: who, when, what, before and after. Append-only: the database refuses updates and deletes. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    userId: integer("user_id"),
    username: text("username").notNull(),
    action: text("action").notNull(),
    recordType: text("record_type").notNull(),
    recordId: text("record_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    correlationId: text("correlation_id").notNull(),
  },
  (t) => [index("audit_events_record").on(t.recordType, t.recordId), index("audit_events_occurred").on(t.occurredAt)],
);

/** Every view of child-level data: who looked at which record, when and why. Append-only. */
export const accessEvents = pgTable(
  "access_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    userId: integer("user_id").notNull(),
    username: text("username").notNull(),
    recordType: text("record_type").notNull(),
    recordId: text("record_id").notNull(),
    purpose: text("purpose").notNull(),
    correlationId: text("correlation_id").notNull(),
  },
  (t) => [index("access_events_record").on(t.recordType, t.recordId)],
);
