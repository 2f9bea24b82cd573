import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import type { DatabaseHandle } from "./db/client.ts";
import { chooseLogFormat, clientRequestId, createLogger, logLimits } from "./logging.ts";
import { buildApp } from "./app/app.ts";
import { engines } from "../test/support/databases.ts";

const [firstEngine] = engines;
const engineOpen = () => {
  if (!firstEngine) throw new Error("no database engine to test on");
  return firstEngine.open();
};

/** A logger writing into an array, as the app's does into standard output. */
function memoryLogger() {
  const lines: string[] = [];
  const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

/** A report's worth of text: what a failed issue once wrote into one log line. */
const huge = `The whole report, paragraph after paragraph. ${"Children's services improvement narrative. ".repeat(200_000)}`;

describe.each(engines)("logging a failed query on $name", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("writes one short line without the query's values", async () => {
    // A real failure: a row the database refuses, whose values are several megabytes.
    const error = await handle.db.execute(sql`insert into users (username, display_name) values (${huge}, null)`).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error)).length).toBeGreaterThan(huge.length);

    const { logger, lines } = memoryLogger();
    logger.error({ err: error }, "request failed");
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(line.length).toBeLessThan(logLimits.line);
    expect(line).not.toContain("paragraph after paragraph");
    const logged = JSON.parse(line) as { msg: string; err: { message: string; params?: unknown; query?: unknown; cause?: { message: string; code?: string; detail?: unknown } } };
    expect(logged.msg).toBe("request failed");
    expect(logged.err.params).toBeUndefined();
    expect(logged.err.query).toBeUndefined();
    expect(logged.err.message).toContain("insert into users");
    // The database's own words stay: they say what went wrong.
    expect(logged.err.cause?.message).toContain("display_name");
    expect(logged.err.cause?.code).toBe("23502");
    expect(logged.err.cause?.detail).toBeUndefined();
  });
});

describe("the log", () => {
  it("replaces a line over the limit with a short one that keeps its level, request id and message", () => {
    const { logger, lines } = memoryLogger();
    logger.child({ reqId: "3f1c0d1e-7a2b-4c3d-9e8f-0a1b2c3d4e5f" }).warn({ something: huge }, "import refused");
    const line = lines[0] ?? "";
    expect(line.length).toBeLessThan(logLimits.line);
    expect(JSON.parse(line)).toMatchObject({ level: 40, reqId: "3f1c0d1e-7a2b-4c3d-9e8f-0a1b2c3d4e5f", truncated: true, originalLength: expect.any(Number), msg: "import refused" });
  });

  it("cuts a long error message and stack", () => {
    const { logger, lines } = memoryLogger();
    logger.error({ err: new Error(huge) }, "request failed");
    const logged = JSON.parse(lines[0] ?? "") as { err: { message: string; stack: string } };
    expect(logged.err.message.length).toBeLessThan(logLimits.message + 100);
    expect(logged.err.stack.length).toBeLessThan(logLimits.stack + 100);
    expect(logged.err.message).toMatch(/more characters\)$/);
  });

  it("keeps only safe characters of a client's request id, at most 128", () => {
    expect(clientRequestId("lb-7f3a:42")).toBe("lb-7f3a:42");
    expect(clientRequestId(`${"a".repeat(10_000)}`)).toHaveLength(128);
    expect(clientRequestId('abc"}\n{"level":60')).toBe("abclevel:60");
    expect(clientRequestId("\u0000\r\n")).toBeUndefined();
    expect(clientRequestId(undefined)).toBeUndefined();
  });
});

describe.each([
  ["pretty", "pretty"],
  ["json", "json"],
] as const)("each request in %s logs", (_name, format) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  const lines: string[] = [];

  beforeAll(async () => {
    handle = await engineOpen();
    app = await buildApp({ db: handle.db, logger: createLogger("info", { write: (line: string) => void lines.push(line) }, format) });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it("one line when it is answered, with its method, path, status and time, and no query string", async () => {
    lines.length = 0;
    const response = await app.inject({ method: "GET", url: "/sign-in?returnTo=%2Fmeasures&secret=hunter2" });
    expect(response.statusCode).toBe(200);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(line).not.toContain("returnTo");
    expect(line).not.toContain("hunter2");
    expect(line).not.toContain("?");
    if (format === "pretty") {
      expect(line).toMatch(/^\d\d:\d\d:\d\d GET \/sign-in 200 \d+ ms\n$/);
    } else {
      const logged = JSON.parse(line) as Record<string, unknown>;
      expect(logged).toMatchObject({ level: 30, msg: "request completed", reqId: response.headers["x-request-id"], req: { method: "GET", url: "/sign-in" }, res: { statusCode: 200 }, responseTime: expect.any(Number) });
    }
  });

  it("one line for a page that is not there, with its status", async () => {
    lines.length = 0;
    await app.inject({ method: "GET", url: "/no-such-page?q=1" });
    expect(lines).toHaveLength(1);
    if (format === "pretty") expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d GET \/no-such-page 404 \d+ ms\n$/);
    else expect(JSON.parse(lines[0] ?? "")).toMatchObject({ req: { url: "/no-such-page" }, res: { statusCode: 404 } });
  });
});

describe("the log's format", () => {
  it("is readable at a terminal outside production and JSON otherwise, unless LOG_FORMAT says", () => {
    expect(chooseLogFormat(undefined, "development", true)).toBe("pretty");
    expect(chooseLogFormat(undefined, "development", false)).toBe("json");
    expect(chooseLogFormat(undefined, "production", true)).toBe("json");
    expect(chooseLogFormat("json", "development", true)).toBe("json");
    expect(chooseLogFormat("pretty", "production", false)).toBe("pretty");
  });

  it("writes a message that is not a request as its time, level and words, with an error's stack below", () => {
    const lines: string[] = [];
    const logger = createLogger("info", { write: (line: string) => void lines.push(line) }, "pretty");
    logger.warn("import refused");
    logger.error({ err: new Error("the database went away") }, "request failed");
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d WARN import refused\n$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d ERROR request failed\n {2}Error: the database went away\n\s+at /);
  });

  it("is refused in the configuration when it is neither pretty nor json", () => {
    expect(loadConfig({ LOG_FORMAT: "pretty" }).logFormat).toBe("pretty");
    expect(loadConfig({}).logFormat).toBeUndefined();
    expect(() => loadConfig({ LOG_FORMAT: "colour" })).toThrow(/LOG_FORMAT must be pretty or json/);
  });
});
