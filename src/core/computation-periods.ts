import { dayNumberOf, isoDateOf } from "./day-numbers.ts";

/**
 * The periods a computed measure has figures for (MEASURES.md §1): every calendar month, for SPC
 * and the scorecard, and DfE's year (1 April to 31 March, labelled by the year it ends), so a figure
 * is compared with DfE's like with like. A stock measure takes its position on the period's last day.
 */
export interface ComputationPeriod {
  kind: "month" | "year";
  start: string;
  end: string;
  refDate: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
const monthStart = (year: number, month: number) => `${year}-${pad(month)}-01`;
const monthEnd = (year: number, month: number) => isoDateOf(Date.UTC(year, month, 0) / 86_400_000);

function parts(date: string): [number, number, number] {
  if (dayNumberOf(date) === null) throw new Error(`"${date}" is not a date written YYYY-MM-DD`);
  const [year, month, day] = date.split("-").map(Number);
  return [year ?? 0, month ?? 0, day ?? 0];
}

/** The first day of a whole month on or after `date` plus `months` months. */
function firstWholeMonth(date: string, months: number): [number, number] {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months + (day > 1 ? 1 : 0);
  return [Math.floor(index / 12), (index % 12) + 1];
}

/**
 * The periods from the first whole month that has `lookBackMonths` of records before it (records
 * beginning on `recordsFrom`), up to the period holding `extractDate`: that last one is still
 * under way, and shown as provisional, its position taken on the day the records were taken
 * rather than on a day they cannot know.
 */
export function computationPeriods(recordsFrom: string, extractDate: string, lookBackMonths: number): ComputationPeriod[] {
  const [firstYear, firstMonth] = firstWholeMonth(recordsFrom, lookBackMonths);
  const [lastYear, lastMonth] = parts(extractDate);
  const periods: ComputationPeriod[] = [];
  for (let index = firstYear * 12 + firstMonth - 1; index <= lastYear * 12 + lastMonth - 1; index += 1) {
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const end = monthEnd(year, month);
    periods.push({ kind: "month", start: monthStart(year, month), end, refDate: end < extractDate ? end : extractDate });
  }
  const firstDfeYear = firstMonth <= 4 ? firstYear : firstYear + 1;
  const lastDfeYear = lastMonth >= 4 ? lastYear : lastYear - 1;
  for (let year = firstDfeYear; year <= lastDfeYear; year += 1) {
    const end = `${year + 1}-03-31`;
    periods.push({ kind: "year", start: `${year}-04-01`, end, refDate: end < extractDate ? end : extractDate });
  }
  return periods;
}

/** A figure may still change until its period ended at least `settleDays` days (30 by default) before the extract was taken. */
export function isProvisional(periodEnd: string, extractDate: string, settleDays = 30): boolean {
  const end = dayNumberOf(periodEnd);
  const taken = dayNumberOf(extractDate);
  if (end === null || taken === null) throw new Error(`"${periodEnd}" or "${extractDate}" is not a date written YYYY-MM-DD`);
  return taken - end < settleDays;
}

/** How a period is named: "October 2025", "2024/25 (year to 31 March 2025)". */
export function computationPeriodLabel(period: Pick<ComputationPeriod, "kind" | "end">): string {
  const [year, month] = parts(period.end);
  if (period.kind === "year") return `${year - 1}/${pad(year % 100)} (year to 31 March ${year})`;
  return `${new Date(Date.UTC(year, month - 1, 1)).toLocaleString("en-GB", { month: "long", timeZone: "UTC" })} ${year}`;
}
