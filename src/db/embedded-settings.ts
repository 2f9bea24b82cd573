import { PGlite } from "@electric-sql/pglite";

/**
 * How the embedded database is started: PGlite's own settings, with a smaller buffer cache.
 * PostgreSQL's default of 128 MB is sized for a server with many connections; PGlite has one, and
 * reads its files through the operating system's cache anyway. 32 MB keeps the plan's and the
 * measures' working set in memory, and the whole process within a small machine's memory (about
 * 130 MB less at first start than the default).
 */
export const embeddedBufferCache = "32MB";

export const embeddedStartParams: string[] = [...PGlite.defaultStartParams, "-c", `shared_buffers=${embeddedBufferCache}`];
