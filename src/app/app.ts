import { randomUUID } from "node:crypto";
import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { receiveUpload, removeUploads } from "../web/uploads.ts";
import fastifyCookie from "@fastify/cookie";
import fastifyFormbody from "@fastify/formbody";
import fastifyMultipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from "fastify";
import type { TrustProxy } from "../config.ts";
import { logEachRequest } from "../logging.ts";
import { fileBytes, formBytes } from "../core/upload-limits.ts";
import { systemClock } from "../core/clock.ts";
import { defaultReminderSettings } from "../core/reminder-schedule.ts";
import { databaseAnswers, type Database } from "../db/client.ts";
import { JobQueue } from "../db/queue.ts";
import { authorisation, can, csrfTokenMatches, defaultSessionSettings, sessionLoading } from "../modules/access/index.ts";
import { planPerRequest } from "../modules/plan/index.ts";
import { csrfProtection } from "../web/csrf.ts";
import type { MarkValues } from "../web/kept-pages.ts";
import { pageRendering } from "../web/page-rendering.ts";
import { createRenderer } from "../web/render.ts";
import { dataVersionsPerRequest } from "../web/request-versions.ts";
import { securityHeaders } from "../web/security.ts";
import { ensureStyles, stylesheetPath } from "../web/styles.ts";
import "../web/types.ts";
import { errorPages } from "./error-pages.ts";
import { registerJobs } from "./jobs.ts";
import { modules, type ModuleOptions } from "./modules.ts";

/**
 * What the app is built from: the database, and the settings its modules take (see modules.ts),
 * each with a default; the clock is the system's unless a test sets the day.
 */
export interface AppOptions extends Partial<Omit<ModuleOptions, "db">> {
  db: Database;
  /** A pino logger; without one the app logs nothing (as in tests). */
  logger?: FastifyBaseLogger;
  /** Whose X-Forwarded-For gives the client's address (TRUST_PROXY); by default nobody's. */
  trustProxy?: TrustProxy;
  /**
   * The background job queue: the app registers the modules' jobs with it, and whoever made it
   * starts it afterwards, with or without workers. Without one the app makes its own, which sends
   * jobs but does none of them, and closes it with the app.
   */
  queue?: JobQueue;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Builds the web application, the one place that knows every module (see modules.ts). Middleware
 * runs in this order, one concern per file:
 * request id → the current plan (read when first asked for) → the data versions (read with the
 * session, or when first asked for; pages kept as drawn are checked against them) → security
 * headers → cookies → form bodies → authorisation (every route must name its rule; checked once the session is loaded,
 * before any body is read) → static assets → health → session → CSRF → each module's routes, in the
 * order of modules.ts → 404 → errors. The 404 and error pages are set before the modules are
 * registered, and each module's jobs are registered with the queue beside its routes.
 */
export async function buildApp({ db, logger, clock = systemClock, session = defaultSessionSettings, demoPassword, oidc, chromium, trustProxy = false, reminders = { mailConfigured: false, settings: defaultReminderSettings }, casework = {}, queue }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    // The correlation id is always made here: a client's x-request-id is only logged beside it (src/logging.ts).
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    // One line per request, when it is answered (logEachRequest), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: formBytes,
    trustProxy,
  });
  logEachRequest(app);
  planPerRequest(app, db);
  dataVersionsPerRequest(app, db);
  const renderView = createRenderer(modules.flatMap(({ name, views }) => (views ? [{ name, views }] : [])));

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
    if (reply.getHeader("content-type")?.toString().startsWith("text/html")) reply.header("cache-control", "no-store");
  });

  await securityHeaders(app);
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: formBytes });
  // An upload is read (once its sender is known to be allowed: see authorise.ts) into memory up to
  // the file limit, then parsed in a worker thread (modules/measures/file-reading).
  // A route that takes large files (case records) says so, and its files are written to disk as they come (web/uploads.ts).
  await app.register(fastifyMultipart, { attachFieldsToBody: true, onFile: function (part) { return receiveUpload(this, part); }, limits: { fileSize: fileBytes, files: 1, fields: 10, fieldSize: formBytes } });
  app.addHook("onResponse", removeUploads);

  /** What every page is drawn with besides its own context: the plan's header, who is signed in and what they may do. */
  const pageContext = async (request: FastifyRequest, context: Record<string, unknown>, marks: MarkValues) => {
    const actor = request.actor;
    return {
      plan: context.plan === undefined ? await request.currentPlan() : context.plan,
      actor,
      canEditPlan: can(actor, "plan:edit"),
      canReadHistory: can(actor, "history:read"),
      canReadAudit: can(actor, "audit:read"),
      canReadReminders: can(actor, "reminders:read"),
      canImportCasework: can(actor, "casework:import"),
      canReadCasework: can(actor, "casework:read"),
      canManageUsers: can(actor, "users:manage"),
      canWriteReports: can(actor, "reports:write"),
      canIssueReports: can(actor, "reports:issue"),
      ...marks,
      demo: Boolean(demoPassword),
      ...context,
    };
  };
  pageRendering(app, { renderView, pageContext, clock });

  // The access rule of every route is checked as it is registered, so this comes before any route.
  authorisation(app);

  await ensureStyles();
  await app.register(fastifyStatic, { root: here("../web/assets/waymark"), prefix: "/assets/waymark/", decorateReply: true });
  await app.register(fastifyStatic, { root: here("../../node_modules/govuk-frontend/dist/govuk/assets"), prefix: "/assets/", decorateReply: false });
  app.get("/assets/waymark.css", { config: { policy: "public" } }, (_request, reply) => reply.type("text/css").sendFile(basename(stylesheetPath), dirname(stylesheetPath)));

  app.get("/health", { config: { policy: "public" } }, async (_request, reply) => {
    const up = await databaseAnswers(db);
    return reply.code(up ? 200 : 503).send({ status: up ? "ok" : "database not answering" });
  });

  sessionLoading(app, db, session, clock);
  csrfProtection(app, (request, submitted) => csrfTokenMatches(request.session, submitted));

  errorPages(app);

  const jobs = queue ?? new JobQueue(db, logger ? { logger } : {});
  if (!queue) app.addHook("onClose", () => jobs.stop());
  const options: ModuleOptions = { db, clock, session, demoPassword, oidc, chromium, reminders, casework, queue: jobs };
  registerJobs(jobs, options);
  for (const module of modules) await app.register(module.routes, options);

  return app;
}
