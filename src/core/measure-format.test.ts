import { describe, expect, it } from "vitest";
import { formatMeasureValue, formatWithFraction, valueAxis, type Unit } from "./measure-format.ts";

describe("measure values as people read them", () => {
  it.each<[number | null, Unit, number, string]>([
    [43.3, "percentage", 1, "43.3%"],
    [27, "percentage", 0, "27%"],
    [26, "percentage", 1, "26.0%"],
    [1204, "count", 0, "1,204"],
    [18.24, "rate-per-10000", 1, "18.2 per 10,000"],
    [68000, "money", 0, "£68,000"],
    [1, "days", 0, "1 day"],
    [20, "weeks", 0, "20 weeks"],
    [null, "count", 0, "–"],
  ])("%s in %s with %i decimals is %s", (value, unit, decimals, text) => {
    expect(formatMeasureValue(value, unit, decimals)).toBe(text);
  });

  it("adds the numerator and denominator where there are both", () => {
    expect(formatWithFraction(43.3, "percentage", 1, 88, 203)).toBe("43.3% (88/203)");
    expect(formatWithFraction(26, "percentage", 1, 729, 2806)).toBe("26.0% (729/2,806)");
    expect(formatWithFraction(27, "percentage", 0, null, null)).toBe("27%");
  });
});

describe("a chart's value axis", () => {
  it.each<[Unit, number, string, string | null]>([
    ["percentage", 40, "40%", null],
    ["percentage", 62.5, "62.5%", null],
    ["percentage-change", 200, "+200%", "Change on the year before"],
    ["percentage-change", -15, "-15%", "Change on the year before"],
    ["money", 68000, "£68,000", null],
    ["money", -500, "−£500", null],
    ["rate-per-10000", 45, "45", "Per 10,000"],
    ["days", 12, "12", "Days"],
    ["weeks", 20, "20", "Weeks"],
    ["ratio", 0.25, "0.25", "Ratio"],
    ["count", 1204, "1,204", "Number"],
  ])("%s: a tick at %s reads %s, the axis is titled %s", (unit, value, tick, title) => {
    const axis = valueAxis(unit);
    expect(axis.tick(value)).toBe(tick);
    expect(axis.title).toBe(title);
  });
});
