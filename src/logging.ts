import type { FastifyInstance } from "fastify";
import pino, { type DestinationStream, type Logger } from "pino";

/**
 * The app's log: JSON lines (or, at a developer's console, one readable line each), without personal data, query parameters or request bodies, and never
 * a line longer than `logLimits.line`. Database errors carry the values of the query that failed
 * (Drizzle puts them in `params` and in the message, PGlite in `params`): those are dropped, so a
 * failed query holding a whole report cannot write it to the log.
 */
export const logLimits = {
  /** Characters in one log line; a longer one is replaced by a short line saying so. */
  line: 16 * 1024,
  /** Characters kept of an error's message. */
  message: 2048,
  /** Characters kept of an error's stack. */
  stack: 4096,
  /** Characters kept of a request's path. */
  path: 512,
  /** Characters kept of the request id a client sent. */
  clientRequestId: 128,
  /** Causes followed from one error to the next. */
  causes: 3,
};

/** How log lines are written: JSON for a log collector, or one readable line each for a person at a console. */
export type LogFormat = "json" | "pretty";

/**
 * The format when LOG_FORMAT does not say: readable at a developer's terminal, JSON in production
 * and wherever the output goes to a file or a collector.
 */
export function chooseLogFormat(setting: LogFormat | undefined, env: string, toTerminal: boolean): LogFormat {
  return setting ?? (env !== "production" && toTerminal ? "pretty" : "json");
}

export function createLogger(level: string, destination?: DestinationStream, format: LogFormat = "json"): Logger {
  const options = {
    level,
    serializers: { err: errorForLog, req: requestForLog },
    hooks: { streamWrite: capLine },
  };
  if (format === "pretty") {
    const output = destination ?? pino.destination(1);
    return pino(options, { write: (line: string) => void output.write(readableLine(line)) });
  }
  return destination ? pino(options, destination) : pino(options);
}

/** The message of the one line logged for each request. */
export const requestCompleted = "request completed";

/**
 * One log line per request, when its answer has been sent: method, path (never the query string),
 * status and time taken, with the correlation id and the client's request id. Fastify's own two
 * lines ("incoming request", "request completed") are turned off where the app is built.
 */
export function logEachRequest(app: FastifyInstance): void {
  app.addHook("onResponse", async (request, reply) => {
    request.log.info({ req: request, res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime) }, requestCompleted);
  });
}

const levelNames: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };

const clock = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

interface LogEntry {
  level?: number;
  time?: number;
  msg?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { stack?: string; message?: string };
}

/**
 * A JSON log line as a person reads it: "12:04:05 GET /measures 200 14 ms" for a request, or
 * "12:04:05 WARN import refused" with an error's stack below it. A line that is not JSON is kept.
 */
export function readableLine(line: string): string {
  let entry: LogEntry;
  try {
    entry = JSON.parse(line) as LogEntry;
  } catch {
    return line;
  }
  const time = clock.format(new Date(entry.time ?? Date.now()));
  if (entry.msg === requestCompleted && entry.req) {
    return `${time} ${entry.req.method ?? ""} ${entry.req.url ?? ""} ${String(entry.res?.statusCode ?? "")} ${String(entry.responseTime ?? 0)} ms\n`;
  }
  const level = levelNames[entry.level ?? 30] ?? "INFO";
  const stack = entry.err?.stack ?? entry.err?.message;
  return `${time} ${level} ${entry.msg ?? ""}${stack ? `\n  ${stack.replace(/\n/g, "\n  ")}` : ""}\n`;
}

const cut = (text: string, limit: number) => (text.length > limit ? `${text.slice(0, limit)}… (${text.length - limit} more characters)` : text);

/** The fields of an error that say what went wrong without holding the data it was working on. */
const errorFields = ["code", "statusCode", "severity", "constraint", "table", "column", "schema", "dataType", "routine"] as const;

/**
 * An error as it is logged: its type, message, stack, code and the database's description of the
 * failure (constraint, table, column), and its cause in the same form. Never the query's
 * parameters, the query itself beyond its first characters, or the database's `detail` (which
 * repeats the values, as in "Key (code)=(…) already exists").
 */
export function errorForLog(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: cut(String(error), logLimits.message) };
  const type = error.constructor.name || error.name;
  // Drizzle writes "Failed query: SQL\nparams: VALUES" as the message: keep the SQL only.
  const message = cut(error.message.split("\nparams: ")[0] ?? "", logLimits.message);
  const header = `${error.name}: ${error.message}`;
  const stack = error.stack ?? "";
  const frames = stack.startsWith(header) ? stack.slice(header.length) : stack.split("\n").filter((line) => /^\s+at /.test(line)).map((line) => `\n${line}`).join("");
  const logged: Record<string, unknown> = { type, message, stack: cut(`${error.name}: ${message}${frames}`, logLimits.stack) };
  const fields = error as unknown as Record<string, unknown>;
  for (const field of errorFields) {
    const value = fields[field];
    if (typeof value === "string" || typeof value === "number") logged[field] = typeof value === "string" ? cut(value, 256) : value;
  }
  if (error.cause !== undefined && depth < logLimits.causes) logged.cause = errorForLog(error.cause, depth + 1);
  return logged;
}

/** The parts of a request that are logged: method, path (not the query string), address and the id the client sent. */
export function requestForLog(request: { method?: string; url?: string; ip?: string; headers?: Record<string, unknown> }): Record<string, unknown> {
  const path = (request.url ?? "").split("?")[0] ?? "";
  const logged: Record<string, unknown> = { method: request.method, url: cut(path, logLimits.path), remoteAddress: request.ip };
  const sent = clientRequestId(request.headers?.["x-request-id"]);
  if (sent) logged.clientRequestId = sent;
  return logged;
}

/**
 * The request id a client or load balancer sent, kept only to match our log with theirs: letters,
 * digits and `. _ : @ / + = -`, at most 128 characters. The correlation id is always our own.
 */
export function clientRequestId(value: unknown): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== "string") return undefined;
  const safe = text.replace(/[^A-Za-z0-9._:@/+=-]/g, "").slice(0, logLimits.clientRequestId);
  return safe || undefined;
}

/**
 * The last guard: a line longer than the limit (a message or a field nobody thought to cut) is
 * replaced by one that keeps its level, time, request id and the start of its message.
 */
export function capLine(line: string): string {
  if (line.length <= logLimits.line) return line;
  const head = line.slice(0, 1024);
  const tail = line.slice(-4096);
  const level = /"level":(\d+)/.exec(head)?.[1];
  const time = /"time":(\d+)/.exec(head)?.[1];
  const reqId = /"reqId":"([0-9a-zA-Z-]{1,64})"/.exec(head)?.[1];
  const msg = /"msg":"((?:[^"\\]|\\.)*)"\}\s*$/.exec(tail)?.[1];
  const shortened = {
    level: level ? Number(level) : 50,
    time: time ? Number(time) : Date.now(),
    ...(reqId ? { reqId } : {}),
    truncated: true,
    originalLength: line.length,
    msg: msg ? cut(safeJsonString(msg), 1024) : "log line too long: left out",
  };
  return `${JSON.stringify(shortened)}\n`;
}

/** A JSON string's contents read back to text; a broken one is kept as written. */
function safeJsonString(escaped: string): string {
  try {
    return JSON.parse(`"${escaped}"`) as string;
  } catch {
    return escaped;
  }
}
