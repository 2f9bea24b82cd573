import { describe, expect, it } from "vitest";
import { moved, placeLabel, positionsFor, type Direction } from "./ordering.ts";

describe("moving an item one place", () => {
  it.each<[string, number, Direction, number[] | null]>([
    ["the second up", 2, "up", [2, 1, 3]],
    ["the second down", 2, "down", [1, 3, 2]],
    ["the last up", 3, "up", [1, 3, 2]],
    ["the first up: it cannot go higher", 1, "up", null],
    ["the last down: it cannot go lower", 3, "down", null],
    ["one not in the list", 9, "up", null],
  ])("moves %s", (_name, item, direction, expected) => {
    expect(moved([1, 2, 3], item, direction)).toEqual(expected);
  });

  it("cannot move the only item either way", () => {
    expect(moved([7], 7, "up")).toBeNull();
    expect(moved([7], 7, "down")).toBeNull();
  });
});

describe("the positions of a new order", () => {
  it("shares out the positions the items held, so gaps left by retired records stay where they are", () => {
    // Items 10, 11 and 12 at positions 1, 3 and 4 (a retired record holds 2); 12 moved above 11.
    const positions = new Map([[10, 1], [11, 3], [12, 4]]);
    expect([...positionsFor([10, 12, 11], positions)]).toEqual([[10, 1], [12, 3], [11, 4]]);
  });

  it.each<[string, Map<number, number>]>([
    ["two items share a position", new Map([[10, 1], [11, 1], [12, 2]])],
    ["an item has none", new Map([[10, 1], [12, 2]])],
  ])("numbers them afresh from 1 when %s", (_name, positions) => {
    expect([...positionsFor([11, 10, 12], positions)]).toEqual([[11, 1], [10, 2], [12, 3]]);
  });
});

describe("a place in a list", () => {
  it.each([
    [0, 10, "1 of 10"],
    [9, 10, "10 of 10"],
  ])("writes index %i of %i as %j", (index, count, label) => {
    expect(placeLabel(index, count)).toBe(label);
  });
});
