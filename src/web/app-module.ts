import { fileURLToPath } from "node:url";
import type { FastifyPluginAsync, FastifyPluginOptions } from "fastify";
import type { JobDefinition } from "../db/queue.ts";

/**
 * What a module offers the app through its index.ts: its name (the folder its views are rendered
 * under: "plan/priority.njk"), its views folder, the policy actions it defines, its routes as a
 * Fastify plugin and its background jobs, given what the app provides (`Options`: the database, settings).
 */
export interface AppModule<Options extends FastifyPluginOptions> {
  name: string;
  /** The module's views folder, when it has views. */
  views?: string;
  /** The actions routes may name as their rule, declared by this module. */
  actions: readonly string[];
  /**
   * Registers the module's routes. Route files are imported inside the plugin, when the app is
   * built: they use other modules' indexes, and importing them with the index would make a cycle.
   */
  routes: FastifyPluginAsync<Options>;
  /** The module's background jobs, for the app's queue (and `waymark worker`) to register. */
  jobs?: (options: Options) => JobDefinition<never>[];
}

/** A module's `views` folder beside its index.ts: `viewsBeside(import.meta.url)`. */
export function viewsBeside(indexUrl: string): string {
  return fileURLToPath(new URL("./views", indexUrl));
}
