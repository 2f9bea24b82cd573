import { systemClock, type Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import type { JobDefinition } from "../../db/queue.ts";
import { removeIdleSessions, type SessionLimits } from "./sessions.ts";

export const sessionCleanUpJobName = "sessions-clean-up";

/**
 * The access module's background jobs: every hour, sessions left idle past their limit are
 * deleted (each is refused when next used anyway; this stops the table keeping them).
 */
export function accessJobs({ db, limits, clock = systemClock }: { db: Database; limits: SessionLimits; clock?: Clock }): JobDefinition<Record<string, never>, { removed: number }>[] {
  return [
    {
      name: sessionCleanUpJobName,
      schedule: "0 * * * *",
      retries: 0,
      run: async () => ({ removed: await removeIdleSessions(db, limits, clock.now()) }),
    },
  ];
}
