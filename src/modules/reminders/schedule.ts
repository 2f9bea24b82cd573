import { londonDay } from "../../core/reminder-schedule.ts";
import type { ReminderRun } from "./service.ts";

export interface ReminderSchedule {
  /** Stops the timers, and waits for a run under way to finish. */
  stop(): Promise<void>;
}

export interface ScheduleLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Runs the reminders (`run`, normally sendDueReminders) every `everyMinutes`, the first run a minute
 * after start, from 07:00 London time each day. The timers are unreferenced, so they never keep the
 * process alive, and a run is skipped while the one before is still going. Several app instances may
 * each run it: every reminder is claimed by its unique key before it is sent.
 */
export function startReminderSchedule(
  run: () => Promise<ReminderRun>,
  options: { everyMinutes: number; firstRunAfterMs?: number; now: () => Date; logger: ScheduleLogger },
): ReminderSchedule {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running || !londonDay(options.now()).sendingHours) return;
    running = run()
      .then((done) => {
        if (done.sent.length + done.held.length + done.failed.length > 0) {
          options.logger.info({ sent: done.sent.length, held: done.held.length, failed: done.failed.length }, "Reminders run");
        }
      })
      .catch((error: unknown) => options.logger.error({ err: error }, "Reminders could not be run: they will be tried again on the next run"))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, options.firstRunAfterMs ?? 60_000);
  const every = setInterval(tick, options.everyMinutes * 60_000);
  first.unref();
  every.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
