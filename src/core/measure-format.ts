import type { Unit } from "./measure-kinds.ts";

export type { Unit };

/**
 * The values a measure in this unit can take: a percentage 0 to 100, a count or rate 0 upwards;
 * money, and a percentage change on the year before (+200%, −15%), either way.
 */
export function unitBounds(unit: Unit): { lower?: number; upper?: number } {
  if (unit === "percentage") return { lower: 0, upper: 100 };
  if (unit === "money" || unit === "percentage-change") return {};
  return { lower: 0 };
}

/** Number formats by decimal places, made once: building one is far slower than using it. */
const formats = new Map<number, Intl.NumberFormat>();
function formatter(decimals: number): Intl.NumberFormat {
  let format = formats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formats.set(decimals, format);
  }
  return format;
}

export function formatMeasureValue(value: number | null, unit: Unit, decimals: number): string {
  if (value === null || !Number.isFinite(value)) return "–";
  const number = formatter(decimals).format(value);
  switch (unit) {
    case "percentage":
      return `${number}%`;
    case "percentage-change":
      return `${value > 0 ? "+" : ""}${number}%`;
    case "rate-per-10000":
      return `${number} per 10,000`;
    case "days":
      return `${number} ${value === 1 ? "day" : "days"}`;
    case "weeks":
      return `${number} ${value === 1 ? "week" : "weeks"}`;
    case "money":
      return `£${number}`;
    default:
      return number;
  }
}

/** "43.3% (88/203)": a value with its numerator and denominator where it has them. */
export function formatWithFraction(value: number | null, unit: Unit, decimals: number, numerator: number | null, denominator: number | null): string {
  const main = formatMeasureValue(value, unit, decimals);
  if (numerator === null || denominator === null) return main;
  const whole = (n: number) => (Number.isInteger(n) ? formatter(0).format(n) : formatter(1).format(n));
  return `${main} (${whole(numerator)}/${whole(denominator)})`;
}

const axisNumber = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });

/**
 * How a chart's value axis is read: each tick as short as its unit allows ("40%", "£68,000", "12")
 * and, where the ticks cannot carry the unit, the words that name it ("Days", "Per 10,000").
 */
export function valueAxis(unit: Unit): { tick: (value: number) => string; title: string | null } {
  const plain = (value: number) => axisNumber.format(value);
  switch (unit) {
    case "percentage":
      return { tick: (value) => `${plain(value)}%`, title: null };
    case "percentage-change":
      return { tick: (value) => `${value > 0 ? "+" : ""}${plain(value)}%`, title: "Change on the year before" };
    case "money":
      return { tick: (value) => `${value < 0 ? "−" : ""}£${plain(Math.abs(value))}`, title: null };
    case "rate-per-10000":
      return { tick: plain, title: "Per 10,000" };
    case "days":
      return { tick: plain, title: "Days" };
    case "weeks":
      return { tick: plain, title: "Weeks" };
    case "ratio":
      return { tick: plain, title: "Ratio" };
    case "count":
      return { tick: plain, title: "Number" };
  }
}
