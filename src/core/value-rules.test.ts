import { describe, expect, it } from "vitest";
import type { Unit } from "./measure-format.ts";
import { checkValue, type ValueProblem } from "./value-rules.ts";

const figures = (value: number, numerator: number | null = null, denominator: number | null = null) => ({ value, numerator, denominator });

describe("values no measure could have", () => {
  it.each<[string, Unit, number, ReturnType<typeof figures>, ValueProblem[]]>([
    ["a percentage of 0", "percentage", 1, figures(0), []],
    ["a percentage of 100", "percentage", 1, figures(100), []],
    ["a percentage of 150", "percentage", 1, figures(150), [{ column: "value", message: "The value must be from 0 to 100 for a percentage: 150 is not" }]],
    ["a percentage of 100.1", "percentage", 1, figures(100.1), [{ column: "value", message: "The value must be from 0 to 100 for a percentage: 100.1 is not" }]],
    ["a negative percentage", "percentage", 1, figures(-0.5), [{ column: "value", message: "The value must be from 0 to 100 for a percentage: -0.5 is not" }]],
    ["a count of 0", "count", 0, figures(0), []],
    ["a count of -5", "count", 0, figures(-5), [{ column: "value", message: "The value cannot be below 0 for a count: -5 is" }]],
    ["negative days", "days", 0, figures(-1), [{ column: "value", message: "The value cannot be below 0 for a number of days: -1 is" }]],
    ["negative weeks", "weeks", 0, figures(-2), [{ column: "value", message: "The value cannot be below 0 for a number of weeks: -2 is" }]],
    ["a negative rate", "rate-per-10000", 1, figures(-3), [{ column: "value", message: "The value cannot be below 0 for a rate per 10,000: -3 is" }]],
    ["a negative ratio", "ratio", 1, figures(-1.5), [{ column: "value", message: "The value cannot be below 0 for a ratio: -1.5 is" }]],
    ["negative money: an overspend", "money", 0, figures(-12_000), []],
    ["a count in the millions", "count", 0, figures(2_500_000), []],
  ])("%s", (_name, unit, decimals, given, problems) => {
    expect(checkValue(given, { unit, decimals }).problems).toEqual(problems);
  });
});

describe("values against their numerator and denominator", () => {
  it.each<[string, Unit, number, ReturnType<typeof figures>, ValueProblem[]]>([
    ["43.3% of 88/203 (43.35, rounded to one place)", "percentage", 1, figures(43.3, 88, 203), []],
    ["43.4% of 88/203: more than rounding", "percentage", 1, figures(43.4, 88, 203), [{ column: "value", message: "The value does not match its numerator and denominator: 100 × 88 / 203 is 43.3, not 43.4" }]],
    ["43% of 88/203 for a measure of no decimal places", "percentage", 0, figures(43, 88, 203), []],
    ["44% of 88/203 for a measure of no decimal places", "percentage", 0, figures(44, 88, 203), [{ column: "value", message: "The value does not match its numerator and denominator: 100 × 88 / 203 is 43, not 44" }]],
    ["0.58 entered as a percentage with 58/100", "percentage", 0, figures(0.58, 58, 100), [{ column: "value", message: "The value does not match its numerator and denominator: 100 × 58 / 100 is 58, not 0.58" }]],
    ["50% of 1/2, exactly", "percentage", 2, figures(50, 1, 2), []],
    ["a numerator above its denominator", "percentage", 1, figures(100, 120, 100), [{ column: "numerator", message: "The numerator is larger than the denominator" }]],
    ["a numerator equal to its denominator", "percentage", 0, figures(100, 100, 100), []],
    ["a rate of 101.1 per 10,000 from 527 of 52,113", "rate-per-10000", 1, figures(101.1, 527, 52_113), []],
    ["a rate of 150 per 10,000 from 527 of 52,113", "rate-per-10000", 1, figures(150, 527, 52_113), [{ column: "value", message: "The value does not match its numerator and denominator: 10,000 × 527 / 52,113 is 101.1, not 150" }]],
    ["a rate whose numerator is above its denominator", "rate-per-10000", 1, figures(20_000, 2, 1), [{ column: "numerator", message: "The numerator is larger than the denominator" }]],
    // A caseload is cases over social workers: the numerator is meant to be the larger.
    ["a caseload of 15.8 from 1,351 cases and 85.7 workers", "ratio", 1, figures(15.8, 1351, 85.7), []],
    ["a caseload of 12 from 1,351 cases and 85.7 workers", "ratio", 1, figures(12, 1351, 85.7), [{ column: "value", message: "The value does not match its numerator and denominator: 1,351 / 85.7 is 15.8, not 12" }]],
    // Days and counts are not one over the other: their numerator and denominator are shown, not checked against the value.
    ["average days from a total and a number of children", "days", 0, figures(40, 1200, 25), []],
    ["a percentage out of range is refused for that, not also for its fraction", "percentage", 0, figures(150, 1, 2), [{ column: "value", message: "The value must be from 0 to 100 for a percentage: 150 is not" }]],
  ])("%s", (_name, unit, decimals, given, problems) => {
    expect(checkValue(given, { unit, decimals }).problems).toEqual(problems);
  });
});

describe("a fraction typed for a percentage", () => {
  it.each<[string, Unit, ReturnType<typeof figures>, string[]]>([
    ["0.58 for a percentage", "percentage", figures(0.58), ["0.58 is saved as 0.58%: if it is a fraction meaning 58%, enter 58"]],
    ["0.999 for a percentage", "percentage", figures(0.999), ["0.999 is saved as 0.999%: if it is a fraction meaning 99.9%, enter 99.9"]],
    ["0 for a percentage: none", "percentage", figures(0), []],
    ["1 for a percentage: one per cent", "percentage", figures(1), []],
    ["58 for a percentage", "percentage", figures(58), []],
    ["0.5% that agrees with 1 of 200: what it says", "percentage", figures(0.5, 1, 200), []],
    ["0.58 for a ratio", "ratio", figures(0.58), []],
    ["0.58 for a count", "count", figures(0.58), []],
  ])("%s", (_name, unit, given, warnings) => {
    const checked = checkValue(given, { unit, decimals: 1 });
    expect(checked.warnings).toEqual(warnings);
    expect(checked.problems).toEqual([]);
  });
});
