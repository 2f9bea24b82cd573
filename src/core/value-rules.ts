import { unitBounds, type Unit } from "./measure-format.ts";

/**
 * The values a measure could have: a percentage from 0 to 100, no negative count, days, weeks,
 * rate or ratio (money may be negative), a numerator no larger than the denominator it is part
 * of, and a value that agrees with its numerator and denominator to the measure's decimal places.
 * A value that looks like a fraction typed for a percentage (0.58 for 58%) is warned about, not refused.
 */

/** What the rules need to know of a measure. */
export interface ValueShape {
  unit: Unit;
  decimals: number;
}

export interface ValueFigures {
  value: number;
  numerator: number | null;
  denominator: number | null;
}

/** A refused value: the column at fault and why. */
export interface ValueProblem {
  column: "value" | "numerator";
  message: string;
}

export interface ValueCheck {
  problems: ValueProblem[];
  warnings: string[];
}

const unitNames: Record<Unit, string> = {
  percentage: "a percentage",
  "percentage-change": "a percentage change",
  count: "a count",
  "rate-per-10000": "a rate per 10,000",
  days: "a number of days",
  weeks: "a number of weeks",
  ratio: "a ratio",
  money: "an amount of money",
};

/** Units whose value is its numerator over its denominator, times this. */
const fractionScale: Partial<Record<Unit, number>> = { percentage: 100, "rate-per-10000": 10_000, ratio: 1 };
/** Units whose numerator counts some of its denominator (88 of 203 children), so it can never be larger. */
const partOfWhole: ReadonlySet<Unit> = new Set(["percentage", "rate-per-10000"]);

/** A number as people read it: grouped thousands, no more decimals than it has (up to six). */
const plain = (n: number) => n.toLocaleString("en-GB", { maximumFractionDigits: 6 });

/** Half a unit of the last decimal place the measure shows: how far rounding may move a value. */
const roundingAllowance = (decimals: number) => 0.5 * 10 ** -Math.max(0, Math.trunc(decimals));

function expectedFrom(figures: ValueFigures, unit: Unit): { expected: number; working: string } | null {
  const scale = fractionScale[unit];
  const { numerator, denominator } = figures;
  if (scale === undefined || numerator === null || denominator === null || !(denominator > 0)) return null;
  const fraction = `${plain(numerator)} / ${plain(denominator)}`;
  return { expected: (scale * numerator) / denominator, working: scale === 1 ? fraction : `${plain(scale)} × ${fraction}` };
}

/** Checks one value against its measure: what is refused, by column, and what is only warned about. */
export function checkValue(figures: ValueFigures, shape: ValueShape): ValueCheck {
  const problems: ValueProblem[] = [];
  const warnings: string[] = [];
  const { value, numerator, denominator } = figures;
  const { lower, upper } = unitBounds(shape.unit);
  if (lower !== undefined && upper !== undefined && (value < lower || value > upper)) {
    problems.push({ column: "value", message: `The value must be from ${plain(lower)} to ${plain(upper)} for ${unitNames[shape.unit]}: ${plain(value)} is not` });
  } else if (lower !== undefined && value < lower) {
    problems.push({ column: "value", message: `The value cannot be below ${plain(lower)} for ${unitNames[shape.unit]}: ${plain(value)} is` });
  }
  if (numerator !== null && denominator !== null && numerator > denominator && partOfWhole.has(shape.unit)) {
    problems.push({ column: "numerator", message: "The numerator is larger than the denominator" });
  }
  const fraction = expectedFrom(figures, shape.unit);
  if (fraction && problems.length === 0) {
    const allowance = roundingAllowance(shape.decimals) + 1e-9 * Math.max(1, Math.abs(fraction.expected));
    if (Math.abs(value - fraction.expected) > allowance) {
      const decimals = Math.max(0, Math.trunc(shape.decimals));
      problems.push({ column: "value", message: `The value does not match its numerator and denominator: ${fraction.working} is ${plain(Number(fraction.expected.toFixed(decimals)))}, not ${plain(value)}` });
    }
  }
  // A fraction typed for a percentage: 0.58 where 58 was meant. A value that agrees with its numerator and denominator is what it says.
  if (shape.unit === "percentage" && value > 0 && value < 1 && !fraction) {
    warnings.push(`${plain(value)} is saved as ${plain(value)}%: if it is a fraction meaning ${plain(Number((value * 100).toFixed(6)))}%, enter ${plain(Number((value * 100).toFixed(6)))}`);
  }
  return { problems, warnings };
}
