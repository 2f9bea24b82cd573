import type { JobQueue } from "../db/queue.ts";
import { modules, type ModuleOptions } from "./modules.ts";

/** Registers every module's background jobs with the queue, for the app and for `waymark worker` alike. */
export function registerJobs(queue: JobQueue, options: ModuleOptions): void {
  for (const module of modules) if (module.jobs) queue.register(...module.jobs(options));
}
