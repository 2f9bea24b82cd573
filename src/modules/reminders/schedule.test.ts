import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startReminderSchedule } from "./schedule.ts";
import type { ReminderRun } from "./service.ts";

const nothing: ReminderRun = { sent: [], held: [], failed: [] };
const minutes = (n: number) => n * 60_000;

describe("the reminders' schedule in the app", () => {
  const logged: string[] = [];
  const logger = { info: (_d: object, message: string) => void logged.push(message), error: (_d: object, message: string) => void logged.push(message) };
  let clock: Date;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "setInterval", "clearTimeout", "clearInterval"] });
    logged.length = 0;
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs a minute after start, then every 15 minutes, until stopped", async () => {
    clock = new Date("2026-01-15T09:00:00Z");
    const run = vi.fn(async () => nothing);
    const schedule = startReminderSchedule(run, { everyMinutes: 15, now: () => clock, logger });
    await vi.advanceTimersByTimeAsync(minutes(1) - 1);
    expect(run).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(minutes(15) * 3);
    expect(run).toHaveBeenCalledTimes(4);
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(minutes(60));
    expect(run).toHaveBeenCalledTimes(4);
  });

  it("sends nothing before 07:00 in London, in summer time as in winter", async () => {
    // 05:30 GMT on a July morning is 06:30 in London: too early.
    clock = new Date("2026-07-15T05:30:00Z");
    const run = vi.fn(async () => nothing);
    const schedule = startReminderSchedule(run, { everyMinutes: 15, now: () => clock, logger });
    await vi.advanceTimersByTimeAsync(minutes(16));
    expect(run).toHaveBeenCalledTimes(0);
    // 06:00 GMT is 07:00 in London.
    clock = new Date("2026-07-15T06:00:00Z");
    await vi.advanceTimersByTimeAsync(minutes(15));
    expect(run).toHaveBeenCalledTimes(1);
    await schedule.stop();
  });

  it("skips a run while the one before is still going, and waits for it when stopped", async () => {
    clock = new Date("2026-01-15T09:00:00Z");
    let finish: () => void = () => undefined;
    const run = vi.fn(() => new Promise<ReminderRun>((resolve) => (finish = () => resolve(nothing))));
    const schedule = startReminderSchedule(run, { everyMinutes: 15, now: () => clock, logger });
    await vi.advanceTimersByTimeAsync(minutes(1) + minutes(15) * 2);
    expect(run).toHaveBeenCalledTimes(1);
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });

  it("logs a run that fails and goes on to the next", async () => {
    clock = new Date("2026-01-15T09:00:00Z");
    const run = vi.fn().mockRejectedValueOnce(new Error("the database is not answering")).mockResolvedValue({ ...nothing, held: [{ recipientName: "Lee Lead", recipientEmail: null, subject: "s", occasionLabel: "o", status: "held", problem: "p" }] });
    const schedule = startReminderSchedule(run, { everyMinutes: 15, now: () => clock, logger });
    await vi.advanceTimersByTimeAsync(minutes(1));
    await vi.advanceTimersByTimeAsync(minutes(15));
    expect(logged).toEqual(["Reminders could not be run: they will be tried again on the next run", "Reminders run"]);
    await schedule.stop();
  });
});

describe("the reminders' schedule and the process", () => {
  it("does not keep the process alive", async () => {
    const schedule = fileURLToPath(new URL("./schedule.ts", import.meta.url));
    const script = `
      const { startReminderSchedule } = await import(${JSON.stringify(schedule)});
      startReminderSchedule(async () => ({ sent: [], held: [], failed: [] }), { everyMinutes: 15, now: () => new Date(), logger: console });
      console.log("started");
    `;
    const started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { timeout: 20_000 });
    expect(stdout.trim()).toBe("started");
    // The first run would come after a minute: the process ended long before.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
