import { describe, expect, it } from "vitest";
import { priorityOrderForFiles, priorityOrderProblems, priorityPositions } from "./priority-order.ts";

describe("checking a plan's order of priorities against its priorities", () => {
  it.each<[string, number[], string[]]>([
    ["by number", [1, 2, 3], []],
    ["reordered", [2, 3, 1], []],
    ["with a number missing", [1, 3], ["priority 2 is missing"]],
    ["with a number twice", [1, 2, 2, 3], ["priority 2 is listed more than once"]],
    ["with a number three times", [1, 2, 2, 2, 3], ["priority 2 is listed more than once"]],
    ["with a number the plan does not have", [1, 2, 3, 12], ["priority 12 has no file"]],
    ["with one number in place of another", [1, 4, 3], ["priority 4 has no file", "priority 2 is missing"]],
    ["empty", [], ["priority 1 is missing", "priority 2 is missing", "priority 3 is missing"]],
  ])("an order %s", (_name, order, problems) => {
    expect(priorityOrderProblems(order, [1, 2, 3])).toEqual(problems);
  });
});

describe("the order written in the files", () => {
  it.each<[string, number[], number[] | undefined]>([
    ["by number: nothing is written", [1, 2, 3], undefined],
    ["by number with a gap where a priority was retired: nothing is written", [1, 3, 4], undefined],
    ["no priorities: nothing is written", [], undefined],
    ["two swapped: the whole order is written", [1, 3, 2], [1, 3, 2]],
    ["with a gap, reordered", [4, 1, 3], [4, 1, 3]],
  ])("%s", (_name, inOrder, written) => {
    expect(priorityOrderForFiles(inOrder)).toEqual(written);
  });
});

describe("the places priorities take when loaded", () => {
  it.each<[string, number[] | undefined, [number, number][]]>([
    ["by number when the files give no order", undefined, [[1, 1], [3, 3], [4, 4]]],
    ["by the order the files give, counted from 1", [4, 1, 3], [[1, 2], [3, 3], [4, 1]]],
  ])("%s", (_name, order, places) => {
    expect([...priorityPositions([1, 3, 4], order)]).toEqual(places);
  });
});
