import { londonDateOf } from "./values-as-at.ts";

/**
 * When priority leads are reminded of the progress update they owe: on the day a reporting period
 * opens, and a number of calendar days before and after its deadline (by default 10 days before,
 * on the day and 3 days after). Days are calendar days in England (Europe/London), counted on
 * dates, so a clock change in between moves nothing.
 *
 * An occasion that falls before the period opened is not kept (a period opened five days before
 * its deadline has no "10 days before"); when the opening day is also a day counted from the
 * deadline, that occasion is kept instead, since it says how near the deadline is. A reminder
 * missed on its day (Waymark was not running, or the mail server did not answer) still goes on a
 * later run for up to `catchUpDays` days, unless the next occasion has come by then.
 */
export interface ReminderSettings {
  /** Days before the deadline, e.g. [10]. */
  daysBefore: number[];
  /** Days after the deadline, e.g. [3]. */
  daysAfter: number[];
}

export const defaultReminderSettings: ReminderSettings = { daysBefore: [10], daysAfter: [3] };

/** How many days late a missed reminder may still go. */
export const catchUpDays = 3;

/** The hour (London time) from which the app's own schedule sends reminders each day: none at midnight. */
export const firstSendingHour = 7;

export interface Occasion {
  /** Stable and unique within a period: "opened", "before-10", "on-the-day", "after-3". */
  key: string;
  /** In words: "when the period opened", "10 days before", "on the day", "3 days after". */
  label: string;
  /** The date it falls on, YYYY-MM-DD. */
  on: string;
  /** Days from the deadline (negative before it); null for the opening day. */
  fromDeadline: number | null;
}

const DAY = 86_400_000;

function utcDay(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`);
}

/** The date `days` calendar days after (or before, if negative) an ISO date. */
export function addDays(isoDate: string, days: number): string {
  return new Date(utcDay(isoDate) + days * DAY).toISOString().slice(0, 10);
}

/** Calendar days from one ISO date to another: 1 from 31 January to 1 February. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcDay(to) - utcDay(from)) / DAY);
}

const plural = (n: number) => `${String(n)} ${n === 1 ? "day" : "days"}`;

function deadlineOccasion(deadline: string, fromDeadline: number): Occasion {
  if (fromDeadline === 0) return { key: "on-the-day", label: "on the day", on: deadline, fromDeadline };
  const days = Math.abs(fromDeadline);
  return fromDeadline < 0
    ? { key: `before-${String(days)}`, label: `${plural(days)} before`, on: addDays(deadline, fromDeadline), fromDeadline }
    : { key: `after-${String(days)}`, label: `${plural(days)} after`, on: addDays(deadline, fromDeadline), fromDeadline };
}

/** An occasion's words from its key: "before-10" → "10 days before". */
export function occasionLabel(key: string): string {
  if (key === "opened") return "when the period opened";
  if (key === "on-the-day") return "on the day";
  const match = /^(before|after)-(\d+)$/.exec(key);
  return match ? `${plural(Number(match[2]))} ${match[1] ?? ""}` : key;
}

/** Every occasion of a period, in date order, one a day, none before it opened. */
export function occasionsOf(period: { openedOn: string; deadline: string | null }, settings: ReminderSettings = defaultReminderSettings): Occasion[] {
  const fromDeadline = period.deadline
    ? [...new Set([...settings.daysBefore.map((d) => -Math.abs(d)), 0, ...settings.daysAfter.map((d) => Math.abs(d))])].map((d) => deadlineOccasion(period.deadline as string, d))
    : [];
  const kept = fromDeadline.filter((o) => o.on >= period.openedOn);
  const opening: Occasion = { key: "opened", label: "when the period opened", on: period.openedOn, fromDeadline: null };
  const all = kept.some((o) => o.on === period.openedOn) ? kept : [opening, ...kept];
  return all.sort((a, b) => a.on.localeCompare(b.on));
}

/** The occasion a reminder is due for today, if any: the latest one that has come, within the catch-up days. */
export function occasionDue(period: { openedOn: string; deadline: string | null }, today: string, settings: ReminderSettings = defaultReminderSettings): Occasion | null {
  const come = occasionsOf(period, settings).filter((o) => o.on <= today);
  const latest = come.at(-1);
  return latest && daysBetween(latest.on, today) <= catchUpDays ? latest : null;
}

/** "Today" in England for an instant, and whether the app's own schedule may send yet. */
export function londonDay(instant: Date): { date: string; sendingHours: boolean } {
  const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" }).format(instant));
  return { date: londonDateOf(instant), sendingHours: hour >= firstSendingHour };
}
