import { describe, expect, it } from "vitest";
import { readPublishedValue, suppressionSymbols, suppressSmallCount, type PublishedValue } from "./suppression.ts";

describe("reading a published value", () => {
  it.each<[string, PublishedValue]>([
    ["42", { value: 42, symbol: null }],
    ["  42  ", { value: 42, symbol: null }],
    ["0", { value: 0, symbol: null }],
    ["-0", { value: 0, symbol: null }],
    ["12.5", { value: 12.5, symbol: null }],
    ["-3.25", { value: -3.25, symbol: null }],
    ["1,234", { value: 1234, symbol: null }],
    ["12,345,678.9", { value: 12345678.9, symbol: null }],
    ["-1,000", { value: -1000, symbol: null }],
    ["", { value: null, symbol: null }],
    ["   ", { value: null, symbol: null }],
    // Symbols are never zero, whatever their case.
    ["c", { value: null, symbol: "c" }],
    ["C", { value: null, symbol: "c" }],
    ["z", { value: null, symbol: "z" }],
    ["k", { value: null, symbol: "k" }],
    [" x ", { value: null, symbol: "x" }],
    ["low", { value: null, symbol: "low" }],
    ["LOW", { value: null, symbol: "low" }],
    ["u", { value: null, symbol: "u" }],
    // Anything else is reported, not guessed at.
    ["12,34", { value: null, symbol: null, problem: "not a number or a known symbol" }],
    ["1234,567", { value: null, symbol: null, problem: "not a number or a known symbol" }],
    ["45%", { value: null, symbol: null, problem: "not a number or a known symbol" }],
    ["..", { value: null, symbol: null, problem: "not a number or a known symbol" }],
    ["n/a", { value: null, symbol: null, problem: "not a number or a known symbol" }],
    ["1e3", { value: null, symbol: null, problem: "not a number or a known symbol" }],
    ["+5", { value: null, symbol: null, problem: "not a number or a known symbol" }],
    ["constructor", { value: null, symbol: null, problem: "not a number or a known symbol" }],
  ])("reads %j as %j", (raw, read) => {
    expect(readPublishedValue(raw)).toEqual(read);
  });

  it("has a meaning for every symbol", () => {
    expect(suppressionSymbols).toEqual({
      c: "Confidential (suppressed to protect individuals)",
      z: "Not applicable",
      k: "Rounds to zero",
      x: "Not available",
      low: "Low (suppressed)",
      u: "Low reliability",
    });
  });
});

describe("suppressing small counts", () => {
  it.each<[number, number | "c"]>([
    [0, 0],
    [1, "c"],
    [4, "c"],
    [5, 5],
    [120, 120],
  ])("shows a count of %i in public as %j", (count, shown) => {
    expect(suppressSmallCount(count)).toBe(shown);
  });

  it.each<[number, number, number | "c"]>([
    [9, 10, "c"],
    [10, 10, 10],
    [0, 10, 0],
  ])("shows a count of %i, with a threshold of %i, as %j", (count, threshold, shown) => {
    expect(suppressSmallCount(count, threshold)).toBe(shown);
  });
});
