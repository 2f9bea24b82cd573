import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError, type ProblemCode } from "../core/problems.ts";
import { openDatabase, type DatabaseHandle } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { JobQueue } from "../db/queue.ts";
import { page } from "../../test/support/html.ts";
import { buildApp } from "./app.ts";

let handle: DatabaseHandle;
let queue: JobQueue;
let app: FastifyInstance;

beforeAll(async () => {
  handle = await openDatabase({ dataDir: "memory" });
  await migrateDatabase(handle);
  queue = new JobQueue(handle.db);
  app = await buildApp({ db: handle.db, queue });
  // A route of the test's own that raises each kind of problem, as any module's route might.
  app.get<{ Params: { code: ProblemCode } }>("/problem/:code", { config: { policy: "public" } }, async (request) => {
    throw new UserError(request.params.code, "The deadline must be after the period starts", { field: "deadline" });
  });
});

afterAll(async () => {
  await app?.close();
  await queue?.stop();
  await handle?.close();
});

describe("a problem raised by a route", () => {
  it.each([
    ["not-found", 404, "Page not found", "If you typed the web address, check it is correct."],
    ["conflict", 409, "Someone else changed this first", "The deadline must be after the period starts"],
    ["invalid", 400, "That could not be done", "The deadline must be after the period starts"],
  ])("is answered once for every route: %s as %i, titled %s", async (code, status, title, words) => {
    const response = await app.inject({ method: "GET", url: `/problem/${code}` });
    expect(response.statusCode).toBe(status);
    const view = page(response.body);
    expect(view.h1).toBe(title);
    expect(view.text).toContain(words);
  });
});

describe("the current plan", () => {
  it("answers 500 when the database fails, rather than a page without a plan", async () => {
    const broken = await openDatabase({ dataDir: "memory" });
    await migrateDatabase(broken);
    const brokenQueue = new JobQueue(broken.db);
    const brokenApp = await buildApp({ db: broken.db, queue: brokenQueue });
    // A page that asks the database for nothing but the plan the layout names.
    brokenApp.get("/plain", { config: { policy: "public" } }, (_request, reply) => reply.render("error.njk", { pageTitle: "A plain page" }));
    try {
      await broken.close();
      const response = await brokenApp.inject({ method: "GET", url: "/plain" });
      expect(response.statusCode).toBe(500);
      expect(page(response.body).h1).toBe("Sorry, there is a problem with the service");
    } finally {
      await brokenApp.close();
      await brokenQueue.stop();
    }
  });
});
