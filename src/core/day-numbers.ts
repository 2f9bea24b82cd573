/** Dates as whole days since 1 January 1970 (UTC), for arithmetic on ISO dates with no time of day or time zone. */

const DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1 January 1970 of a real ISO date, or null for anything else ("2025-02-30", "6/1/2025"). */
export function dayNumberOf(isoDate: string): number | null {
  const match = ISO_DATE.exec(isoDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return time / DAY;
}

/** The ISO date of a day counted from 1 January 1970. */
export const isoDateOf = (dayNumber: number) => new Date(dayNumber * DAY).toISOString().slice(0, 10);
