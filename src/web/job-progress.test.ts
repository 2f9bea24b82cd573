import { describe, expect, it } from "vitest";
import type { JobStatus } from "../db/queue.ts";
import { jobProgressOf } from "./job-progress.ts";

const words = { done: "Applied", failed: "Stopped: nothing saved" };
const step = { step: "Saving the values", done: 1, total: 2 };

describe("a job's progress as its waiting page shows it", () => {
  it.each<[string, Pick<JobStatus, "state" | "progress" | "error">, { step: string; done: number; total: number; error: string | null }]>([
    ["waiting, before any step", { state: "waiting", progress: null, error: null }, { step: "Waiting to start", done: 0, total: 1, error: null }],
    ["running, before its first step is told", { state: "running", progress: null, error: null }, { step: "Starting", done: 0, total: 1, error: null }],
    ["running, in the words of its step", { state: "running", progress: step, error: null }, { step: "Saving the values", done: 1, total: 2, error: null }],
    ["done, with every step done", { state: "done", progress: step, error: null }, { step: "Applied", done: 2, total: 2, error: null }],
    ["failed, with its error", { state: "failed", progress: step, error: "The disk is full" }, { step: "Stopped: nothing saved", done: 1, total: 2, error: "The disk is full" }],
  ])("%s", (_, job, shown) => {
    expect(jobProgressOf(job, words)).toEqual({ state: job.state, ...shown });
  });
});
