import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { migrationsFolder } from "./migrate.ts";

/**
 * A new embedded database starts from a template: a data directory already made by PGlite and
 * brought up to date by the migrations, kept as a gzipped tar. Making a database from nothing
 * (PGlite's initdb) takes seconds and most of a gigabyte of memory; unpacking the template takes
 * a fraction of either. The template is made once, when the app is installed or else on the first
 * start that needs it, and is named by the PGlite version and the migrations it holds, so an
 * upgrade or a new migration makes a new one.
 *
 * It is kept in node_modules/.cache/waymark: beside the installed PGlite it depends on, made again
 * by every fresh install, never committed, and not inside any data directory (which a backup copies).
 */
export const defaultTemplateDir = fileURLToPath(new URL("../../node_modules/.cache/waymark/", import.meta.url));

const prefix = "pglite-template-";

/** The installed PGlite's version, read from its package. */
export function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const pkg = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as { version?: unknown };
  return String(pkg.version ?? "unknown");
}

/** A hash of every file in the migrations folder (their names and contents), so any change to them is seen. */
export function migrationsHash(folder: string = migrationsFolder): string {
  const hash = createHash("sha256");
  const files = listFiles(folder).sort();
  for (const file of files) {
    hash.update(relative(folder, file).split("\\").join("/"));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/** The template's file name for this PGlite and these migrations. */
export function templateFileName(folder: string = migrationsFolder): string {
  return `${prefix}${pgliteVersion()}-${migrationsHash(folder)}.tar.gz`;
}

/** Makes the template: a new database in memory, migrated, its data directory dumped as a gzipped tar. */
export async function buildTemplate(folder: string = migrationsFolder): Promise<Buffer> {
  const client = new PGlite();
  try {
    await client.waitReady;
    await migrate(drizzle(client), { migrationsFolder: folder });
    await client.exec("checkpoint");
    const tar = new Uint8Array(await (await client.dumpDataDir("none")).arrayBuffer());
    return gzipSync(tar);
  } finally {
    await client.close();
  }
}

/**
 * The current template as PGlite reads it, made and kept first if it is missing or was made for
 * another PGlite or other migrations (those are removed). If the folder cannot be written, the
 * template is made and used without being kept.
 */
export async function currentTemplate(dir: string = defaultTemplateDir, folder: string = migrationsFolder): Promise<Blob> {
  const name = templateFileName(folder);
  const path = join(dir, name);
  let gzipped: Buffer;
  try {
    gzipped = readFileSync(path);
  } catch {
    gzipped = await buildTemplate(folder);
    keep(dir, name, gzipped);
  }
  return new Blob([gunzipSync(gzipped)], { type: "application/x-tar" });
}

/** Writes the template whole and then moves it into place, so no process reads half of one; removes old ones. */
function keep(dir: string, name: string, gzipped: Buffer): void {
  try {
    mkdirSync(dir, { recursive: true });
    const draft = join(dir, `${name}.${process.pid}.new`);
    writeFileSync(draft, gzipped);
    renameSync(draft, join(dir, name));
    for (const old of readdirSync(dir)) {
      if (old.startsWith(prefix) && old !== name && !old.endsWith(".new")) rmSync(join(dir, old), { force: true });
    }
  } catch {
    // Not kept (a read-only install): this start still uses it, the next makes it again.
  }
}

/** At install: makes the template if it is not there. Never fails: a start without one makes it then. */
export async function prepareTemplate(dir: string = defaultTemplateDir): Promise<void> {
  try {
    await currentTemplate(dir);
  } catch (error) {
    console.warn(`The embedded database's template was not made now (${error instanceof Error ? error.message : String(error)}); the first start will make it.`);
  }
}
