import { randomUUID } from "node:crypto";
import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { databaseAnswers, type Database } from "../db/client.ts";
import { planRoutes } from "../modules/plan/routes.ts";
import { currentPlanSummary } from "../modules/plan/service.ts";
import { createRenderer } from "./render.ts";
import { ensureStyles, stylesheetPath } from "./styles.ts";

export interface AppOptions {
  db: Database;
  /** A pino logger; without one the app logs nothing (as in tests). */
  logger?: FastifyBaseLogger;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Builds the web application. Order matters: health first (no dependencies beyond the
 * database), then static assets, then the feature routes, then the 404 and error pages.
 */
export async function buildApp({ db, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    // The correlation id: taken from the load balancer when it sends one, else made here.
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
  });
  const render = createRenderer();

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  app.get("/health", async (_request, reply) => {
    const up = await databaseAnswers(db);
    return reply.code(up ? 200 : 503).send({ status: up ? "ok" : "database not answering" });
  });

  ensureStyles();
  app.get("/assets/waymark.css", (_request, reply) =>
    reply.type("text/css").sendFile(basename(stylesheetPath), dirname(stylesheetPath)),
  );
  await app.register(fastifyStatic, { root: here("./assets/waymark"), prefix: "/assets/waymark/", decorateReply: true });
  await app.register(fastifyStatic, {
    root: here("../../node_modules/govuk-frontend/dist/govuk/assets"),
    prefix: "/assets/",
    decorateReply: false,
  });

  planRoutes(app, { db, render });

  const errorPage = async (code: number, title: string, paragraphs: string[], correlationId?: string) =>
    render("error.njk", { pageTitle: title, paragraphs, correlationId, plan: await currentPlanSummary(db).catch(() => null) });

  app.setNotFoundHandler(async (_request, reply) =>
    reply
      .code(404)
      .type("text/html; charset=utf-8")
      .send(await errorPage(404, "Page not found", ["If you typed the web address, check it is correct.", "If you pasted the web address, check you copied the entire address."])),
  );

  app.setErrorHandler(async (error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ err: error }, "request refused");
    const clientError = status >= 400 && status < 500;
    return reply
      .code(status)
      .type("text/html; charset=utf-8")
      .send(
        await errorPage(
          status,
          clientError ? "Sorry, that request could not be handled" : "Sorry, there is a problem with the service",
          clientError ? ["Check the address or the form and try again."] : ["Try again later. Nothing you entered has been lost or changed."],
          request.id,
        ),
      );
  });

  return app;
}
