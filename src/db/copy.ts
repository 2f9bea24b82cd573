import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Transaction as PGliteTransaction } from "@electric-sql/pglite";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Executor } from "./client.ts";

/**
 * Many rows into one table at once with PostgreSQL's COPY, in COPY's text format, on the
 * connection of the transaction that asks: through the COPY sub-protocol (`FROM STDIN`) on a
 * PostgreSQL server, through a blob (`FROM '/dev/blob'`) on the embedded database in this thread.
 * The embedded database served from its thread (embedded-thread.ts) cannot follow the COPY
 * sub-protocol over its socket, so there `copierFor` answers null and rows go in by INSERT.
 */

export type CopyValue = string | number | null;

const special = /[\\\t\n\r]/g;
const escaped: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One value as COPY's text format writes it: `\N` for null; a backslash, tab, newline or carriage return escaped. */
export function copyValue(value: CopyValue): string {
  if (value === null) return "\\N";
  return String(value).replace(special, (character) => escaped[character] ?? character);
}

/** A row as a line of COPY's text format: its values between tabs, and a newline. */
export function copyLine(values: readonly CopyValue[]): string {
  return `${values.map(copyValue).join("\t")}\n`;
}

/** Loads lines of COPY's text format (each ending in a newline) into some columns of a table. */
export type CopyInto = (table: string, columns: readonly string[], lines: string) => Promise<void>;

const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
const copyStatement = (table: string, columns: readonly string[], from: string) => `copy ${quoted(table)} (${columns.map(quoted).join(", ")}) from ${from}`;

/** Connections to a server found to be the embedded database (behind its socket), or not: asked once each. */
const embeddedServers = new WeakMap<pg.Client, boolean>();

async function servesEmbedded(client: pg.Client): Promise<boolean> {
  let embedded = embeddedServers.get(client);
  if (embedded === undefined) {
    const { rows } = await client.query<{ version: string }>("select version() as version");
    embedded = /PGlite/i.test(rows[0]?.version ?? "");
    embeddedServers.set(client, embedded);
  }
  return embedded;
}

const isPGliteTransaction = (client: unknown): client is PGliteTransaction =>
  typeof client === "object" && client !== null && typeof (client as Partial<PGliteTransaction>).query === "function" && typeof (client as Partial<PGliteTransaction>).rollback === "function" && "closed" in client;

/**
 * How rows can be copied into tables in the transaction `tx`, or null where they cannot (outside a
 * transaction, or on the embedded database served from its thread). Drizzle keeps the
 * transaction's connection in its session and does not offer it, so it is read from there.
 */
export async function copierFor(tx: Executor): Promise<CopyInto | null> {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (client instanceof pg.Client) {
    if (await servesEmbedded(client)) return null;
    return async (table, columns, lines) => {
      await pipeline(Readable.from([lines]), client.query(copyFrom(copyStatement(table, columns, "stdin"))));
    };
  }
  if (isPGliteTransaction(client)) {
    return async (table, columns, lines) => {
      await client.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([lines]) });
    };
  }
  return null;
}
