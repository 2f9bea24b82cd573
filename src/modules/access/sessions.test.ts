import { describe, expect, it } from "vitest";
import { sessionState } from "./sessions.ts";

const limits = { idleMinutes: 30, absoluteHours: 12 };
const at = (time: string) => new Date(`2025-02-06T${time}:00Z`);

describe("session timeouts", () => {
  it.each([
    ["09:00", "09:00", "09:29", "active"],
    ["09:00", "09:00", "09:30", "idle"],
    ["09:00", "20:50", "20:59", "active"],
    ["09:00", "20:50", "21:00", "expired"],
    ["09:00", "09:10", "21:05", "expired"],
  ] as const)("created %s, last seen %s, checked %s: %s", (created, seen, now, state) => {
    expect(sessionState({ createdAt: at(created), lastSeenAt: at(seen) }, at(now), limits)).toBe(state);
  });
});
