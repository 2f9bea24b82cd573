import { isIP } from "node:net";
import { z } from "zod";
import { isRole, roleNames, type Role } from "./modules/access/index.ts";
import { defaultReminderSettings, type ReminderSettings } from "./core/reminder-schedule.ts";
import { UserError } from "./core/problems.ts";

/** A whole-number setting written in digits ("8080"): hexadecimal, exponents and fractions are refused. */
function wholeSetting(name: string, min: number, max: number, fallback: number) {
  return z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === "") return fallback;
      if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        ctx.addIssue({ code: "custom", message: `${name} must be a whole number from ${String(min)} to ${String(max)}` });
        return z.NEVER;
      }
      return Number(raw);
    });
}

/** Days before or after a deadline: "10", "14,7,1", or "none". */
function dayList(name: string, fallback: number[]) {
  return z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === "") return fallback;
      if (raw === "none") return [];
      const days = raw.split(",").map((d) => d.trim());
      if (!days.every((d) => /^\d{1,2}$/.test(d) && Number(d) >= 1 && Number(d) <= 90)) {
        ctx.addIssue({ code: "custom", message: `${name} must be whole numbers of days from 1 to 90 separated by commas, like 10 or 14,7,1, or none` });
        return z.NEVER;
      }
      return [...new Set(days.map(Number))];
    });
}

/** Settings read from the environment once at start; see the README's configuration table. */
const environmentSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: wholeSetting("PORT", 1, 65535, 3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    WAYMARK_DATA_DIR: z.string().min(1, "WAYMARK_DATA_DIR must not be empty").default("./data"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
      .optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LOG_FORMAT: z.enum(["pretty", "json"], { error: "LOG_FORMAT must be pretty or json" }).optional(),
    PUBLIC_URL: z.url({ error: "PUBLIC_URL must be the app's address, like https://waymark.council.gov.uk" }).optional(),
    SESSION_IDLE_MINUTES: wholeSetting("SESSION_IDLE_MINUTES", 1, 1440, 30),
    SESSION_ABSOLUTE_HOURS: wholeSetting("SESSION_ABSOLUTE_HOURS", 1, 72, 12),
    OIDC_ISSUER: z.url({ error: "OIDC_ISSUER must be the identity provider's issuer address" }).optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
    OIDC_ROLE_MAP: z.string().default(""),
    OIDC_BUTTON_TEXT: z.string().min(1).default("Sign in with your council account"),
    CHROMIUM_PATH: z.string().min(1).optional(),
    TRUST_PROXY: z.string().optional(),
    SMTP_URL: z
      .string()
      .refine((url) => /^smtps?:\/\/\S+$/.test(url) && URL.canParse(url), "SMTP_URL must be the mail server's address, like smtp://user:password@mail.council.gov.uk:587 or smtps://…:465")
      .optional(),
    MAIL_FROM: z
      .string()
      .refine((from) => /^([^<>@\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/.test(from.trim()), "MAIL_FROM must be an email address, like waymark@council.gov.uk or Waymark <waymark@council.gov.uk>")
      .optional(),
    CASEWORK_KEY: z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, "CASEWORK_KEY must be 64 hexadecimal characters (32 bytes), for example the output of: openssl rand -hex 32")
      .optional(),
    REMINDERS: z.enum(["on", "off"], { error: "REMINDERS must be on or off" }).default("on"),
    WORKERS: z.enum(["on", "off"], { error: "WORKERS must be on or off" }).default("on"),
    REMINDER_DAYS_BEFORE: dayList("REMINDER_DAYS_BEFORE", defaultReminderSettings.daysBefore),
    REMINDER_DAYS_AFTER: dayList("REMINDER_DAYS_AFTER", defaultReminderSettings.daysAfter),
  })
  .superRefine((env, ctx) => {
    // A production council runs on PostgreSQL; the embedded database is for trying Waymark out.
    if (env.NODE_ENV === "production" && !env.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "DATABASE_URL is required in production" });
    }
    if (env.NODE_ENV === "production" && !env.PUBLIC_URL) {
      ctx.addIssue({ code: "custom", path: ["PUBLIC_URL"], message: "PUBLIC_URL is required in production" });
    }
    if (env.OIDC_ISSUER && !env.OIDC_CLIENT_ID) {
      ctx.addIssue({ code: "custom", path: ["OIDC_CLIENT_ID"], message: "OIDC_CLIENT_ID is required when OIDC_ISSUER is set" });
    }
    // The embedded database is opened by one process: a separate worker could never run beside the app.
    if (env.WORKERS === "off" && !env.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["WORKERS"], message: "WORKERS=off needs DATABASE_URL: on the embedded database only the app itself can do its background jobs" });
    }
    if (env.SMTP_URL && !env.MAIL_FROM) {
      ctx.addIssue({ code: "custom", path: ["MAIL_FROM"], message: "MAIL_FROM is required when SMTP_URL is set: the address reminders come from" });
    }
    for (const problem of roleMapProblems(env.OIDC_ROLE_MAP)) ctx.addIssue({ code: "custom", path: ["OIDC_ROLE_MAP"], message: problem });
    for (const problem of trustProxyProblems(env.TRUST_PROXY)) ctx.addIssue({ code: "custom", path: ["TRUST_PROXY"], message: problem });
  });

/** Sign-in through the council's identity provider (OpenID Connect), when configured. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUri: string;
  groupsClaim: string;
  /** Identity-provider group → Waymark roles. */
  roleMap: Map<string, Role[]>;
  buttonText: string;
}

export type Config = {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: string;
  /** How the log is written; when not set, readable at a terminal outside production, JSON otherwise. */
  logFormat: "pretty" | "json" | undefined;
  publicUrl: string;
  session: { idleMinutes: number; absoluteHours: number; secureCookie: boolean };
  oidc: OidcConfig | null;
  /** Chromium for printing reports to PDF; absent to look in the usual places. */
  chromiumPath: string | undefined;
  /** Whose X-Forwarded-For is believed: nobody's, or the proxies at these addresses and ranges. */
  trustProxy: TrustProxy;
  /** The mail server reminders are sent through; null to hold them in the outbox. */
  mail: { smtpUrl: string; from: string } | null;
  /** Whether `serve` runs the reminders on its own schedule, how often, and on which days. */
  reminders: { scheduled: boolean; everyMinutes: number; settings: ReminderSettings };
  /** The key that turns case-system ids into pseudonyms (CASEWORK_KEY), or on the embedded database the directory that keeps its own. */
  casework: { key: string | undefined; dataDir: string | undefined };
  /** Whether `serve` also does the background jobs (issuing reports, clearing sessions), or leaves them to `waymark worker`. */
  workers: boolean;
};

/**
 * What Fastify's `trustProxy` is given: false, or the proxies' addresses and ranges. Not a hop
 * count: that cannot tell a proxy from a client that writes the header itself.
 */
export type TrustProxy = false | string[];

/** The names proxy-addr (Fastify's) knows for well-known ranges. */
const namedRanges = new Set(["loopback", "linklocal", "uniquelocal"]);

/** TRUST_PROXY: empty for none, or a comma list of addresses, CIDR ranges and named ranges. */
export function parseTrustProxy(text: string | undefined): TrustProxy {
  const entries = (text ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  return entries.length > 0 ? entries : false;
}

function trustProxyProblems(text: string | undefined): string[] {
  const parsed = parseTrustProxy(text);
  if (parsed === false) return [];
  return parsed.flatMap((entry) => {
    if (namedRanges.has(entry)) return [];
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    const longest = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= longest);
    return family !== 0 && prefixOk && extra === undefined
      ? []
      : [`TRUST_PROXY: "${entry}" is not an address, a range like 10.0.0.0/8, or one of loopback, linklocal, uniquelocal`];
  });
}

/** Reads OIDC_ROLE_MAP, "group=role,role;group=role": groups separated by semicolons. */
export function parseRoleMap(text: string): Map<string, Role[]> {
  const map = new Map<string, Role[]>();
  for (const entry of text.split(";").map((e) => e.trim()).filter(Boolean)) {
    const [group, roles] = entry.split("=").map((part) => part.trim());
    if (group && roles) map.set(group, roles.split(",").map((r) => r.trim()).filter(isRole));
  }
  return map;
}

function roleMapProblems(text: string): string[] {
  const problems: string[] = [];
  for (const entry of text.split(";").map((e) => e.trim()).filter(Boolean)) {
    const [group, roles, extra] = entry.split("=").map((part) => part.trim());
    if (!group || !roles || extra !== undefined) {
      problems.push(`OIDC_ROLE_MAP: "${entry}" must be written group=role`);
      continue;
    }
    for (const role of roles.split(",").map((r) => r.trim())) {
      if (!isRole(role)) problems.push(`OIDC_ROLE_MAP: "${role}" is not a role (the roles are ${roleNames.join(", ")})`);
    }
  }
  return problems;
}

export class ConfigError extends UserError {
  constructor(readonly problems: string[]) {
    super("invalid", `Waymark cannot start because its configuration is wrong:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`DATABASE_URL=`) means "not set", as shells and service managers write it.
  const given = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ""));
  const result = environmentSchema.safeParse(given);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".");
        return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
      }),
    );
  }
  const env = result.data;
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir: env.WAYMARK_DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    publicUrl,
    session: {
      idleMinutes: env.SESSION_IDLE_MINUTES,
      absoluteHours: env.SESSION_ABSOLUTE_HOURS,
      // Browsers send Secure cookies only over HTTPS; local development runs on plain HTTP.
      secureCookie: env.NODE_ENV === "production",
    },
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID
        ? {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            redirectUri: `${publicUrl}/sign-in/oidc/callback`,
            groupsClaim: env.OIDC_GROUPS_CLAIM,
            roleMap: parseRoleMap(env.OIDC_ROLE_MAP),
            buttonText: env.OIDC_BUTTON_TEXT,
          }
        : null,
    chromiumPath: env.CHROMIUM_PATH,
    casework: { key: env.CASEWORK_KEY, dataDir: env.DATABASE_URL ? undefined : env.WAYMARK_DATA_DIR },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    mail: env.SMTP_URL && env.MAIL_FROM ? { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM.trim() } : null,
    reminders: {
      scheduled: env.REMINDERS === "on",
      everyMinutes: 15,
      settings: { daysBefore: env.REMINDER_DAYS_BEFORE, daysAfter: env.REMINDER_DAYS_AFTER },
    },
    workers: env.WORKERS === "on",
  };
}
