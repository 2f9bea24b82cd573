/**
 * A month's audit programme: the cases to be audited, by whom and by when, and how far it has
 * got. A planned audit is completed when an audit is recorded from it; until then it is due, and
 * overdue once its due date has passed (by London dates, as every due date in Waymark is).
 */

/** A month as the programme names it, "2025-01" for January 2025. */
export type MonthKey = `${number}-${number}`;

const monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The month a key names, or null if it names none. */
export function parseMonthKey(key: string): { year: number; month: number } | null {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  if (!match) return null;
  const [year, month] = [Number(match[1]), Number(match[2])];
  if (year < 2000 || year > 2100 || month < 1 || month > 12) return null;
  return { year, month };
}

export function monthKeyOf(year: number, month: number): MonthKey {
  return `${String(year)}-${String(month).padStart(2, "0")}` as MonthKey;
}

/** The month's name and year: "January 2025". */
export function monthLabel(key: string): string {
  const month = parseMonthKey(key);
  if (!month) throw new Error(`not a month: ${key}`);
  return `${monthNames[month.month - 1] ?? ""} ${String(month.year)}`;
}

/** The month's first and last days. */
export function monthDates(key: string): { startsOn: string; endsOn: string } {
  const month = parseMonthKey(key);
  if (!month) throw new Error(`not a month: ${key}`);
  const last = new Date(Date.UTC(month.year, month.month, 0)).getUTCDate();
  return { startsOn: `${key}-01`, endsOn: `${key}-${String(last).padStart(2, "0")}` };
}

/** The month after this one. */
export function nextMonth(key: string): MonthKey {
  const month = parseMonthKey(key);
  if (!month) throw new Error(`not a month: ${key}`);
  return month.month === 12 ? monthKeyOf(month.year + 1, 1) : monthKeyOf(month.year, month.month + 1);
}

/**
 * The months a programme can be made for on `today`: from `back` months before this one to
 * `ahead` months after, newest first. Programmes are planned ahead and recorded after the fact.
 */
export function monthChoices(today: string, back = 12, ahead = 3): MonthKey[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const choices: MonthKey[] = [];
  for (let offset = ahead; offset >= -back; offset--) {
    const index = year * 12 + (month - 1) + offset;
    choices.push(monthKeyOf(Math.floor(index / 12), (index % 12) + 1));
  }
  return choices;
}

/**
 * Why a planned audit cannot be due on `dueOn` in the programme for `month`, or null if it can:
 * a month's audits fall due in that month, or in the month after for those planned late in it.
 */
export function dueDateProblem(dueOn: string, month: string): string | null {
  const { startsOn } = monthDates(month);
  const { endsOn } = monthDates(nextMonth(month));
  if (dueOn < startsOn) return `Due date must be in ${monthLabel(month)} or the month after`;
  if (dueOn > endsOn) return `Due date must be no later than the end of ${monthLabel(nextMonth(month))}`;
  return null;
}

export type PlannedAuditState = "completed" | "due" | "overdue";

export const plannedAuditStateLabels: Record<PlannedAuditState, string> = { completed: "Completed", due: "Due", overdue: "Overdue" };

/** A planned audit's state on `today`: completed once recorded, overdue only after its due date. */
export function plannedAuditState(planned: { auditId: number | null; dueOn: string }, today: string): PlannedAuditState {
  if (planned.auditId !== null) return "completed";
  return planned.dueOn < today ? "overdue" : "due";
}

export interface ProgrammeProgress {
  planned: number;
  completed: number;
  due: number;
  overdue: number;
  /** The share completed, to the nearest whole per cent; null with nothing planned. */
  completion: number | null;
}

/** How far a programme has got on `today`. */
export function programmeProgress(planned: readonly { auditId: number | null; dueOn: string }[], today: string): ProgrammeProgress {
  const counts = { completed: 0, due: 0, overdue: 0 };
  for (const p of planned) counts[plannedAuditState(p, today)]++;
  return { planned: planned.length, ...counts, completion: planned.length === 0 ? null : Math.round((100 * counts.completed) / planned.length) };
}
