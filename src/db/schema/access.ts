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
import { roleNames } from "../../core/role-names.ts";
import { priorities } from "./plan.ts";

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
    /**
     * Who set the account's roles last: an administrator (in the app or from the command line), or
     * the identity provider, from the person's groups when they last signed in with it.
     */
    rolesFrom: text("roles_from", { enum: ["administrator", "identity_provider"] }).notNull().default("administrator"),
    /**
     * The password was made by Waymark and shown once to an administrator (a new account, a reset):
     * the person must choose their own before they do anything else.
     */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
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

/**
 * Failed sign-ins in a row, per account (the username's SHA-256, so a password typed as a username
 * is not kept), per address, and per trusted device: each row is locked while an attempt is
 * counted, so parallel guesses are counted exactly. See src/modules/access/throttle.ts.
 */
export const signInThrottles = pgTable(
  "sign_in_throttles",
  {
    scope: text("scope", { enum: ["account", "address", "device"] }).notNull(),
    key: text("key").notNull(),
    failures: integer("failures").notNull().default(0),
    lastFailureAt: timestamp("last_failure_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index("sign_in_throttles_last_failure").on(t.lastFailureAt)],
);

/**
 * Browsers that have signed in to an account: the SHA-256 of the random token in their device
 * cookie. Such a browser is not slowed by other people's failed attempts on the account.
 */
export const trustedDevices = pgTable(
  "trusted_devices",
  {
    tokenHash: text("token_hash").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tokenHash, t.userId] }), index("trusted_devices_user").on(t.userId)],
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
