import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { embeddedStartParams } from "./embedded-settings.ts";
import { migrationsFolder } from "./migrate.ts";
import { prepareQueueTables } from "./queue.ts";

/**
 * A new embedded database starts from a template: a data directory already made by PGlite,
 * brought up to date by the migrations and holding pg-boss's tables, kept as a folder. Making a
 * database from nothing (PGlite's initdb) takes seconds and most of a gigabyte of memory; copying
 * the template's files takes a fraction of a second and no more memory than opening the database
 * does. The template is made once, when the app is installed or else on the first start that needs
 * it, and is named by the PGlite and pg-boss versions and the migrations it holds, so an upgrade or
 * a new migration makes a new one.
 *
 * It is kept in node_modules/.cache/waymark: beside the installed PGlite it depends on, made again
 * by every fresh install, never committed, and not inside any data directory (which a backup copies).
 */
export const defaultTemplateDir = fileURLToPath(new URL("../../node_modules/.cache/waymark/", import.meta.url));

const prefix = "pglite-template-";

/** The installed PGlite's version, read from its package. */
export function pgliteVersion(): string {
  return packageVersion("@electric-sql/pglite");
}

/** An installed package's version, read from its package.json beside its entry point. */
function packageVersion(name: string): string {
  const entry = createRequire(import.meta.url).resolve(name);
  const pkg = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as { version?: unknown };
  return String(pkg.version ?? "unknown");
}

/** A hash of every file in the migrations folder (their names and contents), so any change to them is seen. */
export function migrationsHash(folder: string = migrationsFolder): string {
  return filesHash(folder);
}

/**
 * A hash of the files below a folder that `keep` keeps (their paths and contents), after `salt`:
 * it changes when any of them does.
 */
export function filesHash(folder: string, keep: (name: string) => boolean = () => true, salt = ""): string {
  const hash = createHash("sha256");
  hash.update(salt);
  for (const file of listFiles(folder, keep).sort()) {
    hash.update(relative(folder, file).split("\\").join("/"));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

function listFiles(folder: string, keep: (name: string) => boolean): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return listFiles(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

/** The template's folder name for this PGlite and these migrations. */
export function templateName(folder: string = migrationsFolder): string {
  return `${prefix}${pgliteVersion()}-${packageVersion("pg-boss")}-${migrationsHash(folder)}`;
}

/**
 * Makes the template in `target`: PGlite's initdb into a new directory, the migrations, a checkpoint,
 * and a clean close, so the directory holds a database that opens as it is.
 */
export async function buildTemplate(target: string, folder: string = migrationsFolder): Promise<void> {
  const client = new PGlite(target, { startParams: embeddedStartParams });
  try {
    await client.waitReady;
    await migrate(drizzle(client), { migrationsFolder: folder });
    await prepareQueueTables(client);
    await client.exec("checkpoint");
  } finally {
    await client.close();
  }
}

/**
 * The current template's folder, made and kept first if it is missing or was made for another
 * PGlite or other migrations (those are removed).
 */
export async function currentTemplate(dir: string = defaultTemplateDir, folder: string = migrationsFolder): Promise<string> {
  const name = templateName(folder);
  const path = join(dir, name);
  if (await keepDatabaseFolder(path, join(dir, `${name}.new-`), (draft) => buildTemplate(draft, folder))) removeOthers(dir, name);
  return path;
}

/**
 * Makes a database folder at `path` unless one is there: `build` writes it into a new draft folder
 * (named from `draftPrefix`), which is then renamed into place, so no process copies half of one; of
 * two processes making it at once, the second finds the first's there and keeps that. Answers
 * whether this call made it.
 */
export async function keepDatabaseFolder(path: string, draftPrefix: string, build: (draft: string) => Promise<void>): Promise<boolean> {
  if (existsSync(join(path, "PG_VERSION"))) return false;
  mkdirSync(dirname(path), { recursive: true });
  const draft = mkdtempSync(draftPrefix);
  try {
    await build(draft);
    rmSync(join(draft, "postmaster.pid"), { force: true });
    renameSync(draft, path);
    return true;
  } catch (error) {
    rmSync(draft, { recursive: true, force: true });
    if (existsSync(join(path, "PG_VERSION"))) return false;
    throw error;
  }
}

/** Copies the template into a new data directory (which may hold the lock file already). */
export async function copyTemplate(dataDir: string, dir: string = defaultTemplateDir): Promise<void> {
  cpSync(await currentTemplate(dir), dataDir, { recursive: true });
}

/** Removes templates made for another PGlite or other migrations, and their drafts; this template's drafts may be another process's build. */
function removeOthers(dir: string, keep: string): void {
  for (const old of readdirSync(dir)) {
    if (old.startsWith(prefix) && old !== keep && !old.startsWith(`${keep}.new-`)) rmSync(join(dir, old), { recursive: true, force: true });
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
