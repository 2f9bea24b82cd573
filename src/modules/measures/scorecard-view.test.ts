import { describe, expect, it } from "vitest";
import { pageNumbers, pageOf, rowsPerPage } from "./scorecard-view.ts";

describe("the scorecard's pages", () => {
  it.each<[number, number, (number | "…")[]]>([
    [1, 1, [1]],
    [1, 2, [1, 2]],
    [1, 4, [1, 2, 3, 4]],
    [3, 10, [1, 2, 3, 4, "…", 10]],
    [4, 10, [1, 2, 3, 4, 5, "…", 10]],
    [5, 10, [1, "…", 4, 5, 6, "…", 10]],
    [10, 10, [1, "…", 9, 10]],
  ])("on page %i of %i, links to %j", (current, count, numbers) => {
    expect(pageNumbers(current, count)).toEqual(numbers);
  });

  const rows = Array.from({ length: 60 }, (_, i) => i + 1);
  const href = (n: number) => `/measures?page=${String(n)}`;

  it.each([
    ["the first page", 1, 1, 1, 25],
    ["a middle page", 2, 2, 26, 50],
    ["the last page, part full", 3, 3, 51, 60],
    ["a page past the last: the last", 7, 3, 51, 60],
  ])("shows %s", (_case, asked, page, from, to) => {
    const shown = pageOf(rows, asked, href);
    expect({ page: shown.page, count: shown.count, from: shown.from, to: shown.to, rows: shown.rows }).toEqual({ page, count: 3, from, to, rows: rows.slice(from - 1, to) });
    expect(shown.pagination?.previous?.href ?? null).toBe(page > 1 ? href(page - 1) : null);
    expect(shown.pagination?.next?.href ?? null).toBe(page < 3 ? href(page + 1) : null);
    expect(shown.pagination?.items.filter((i) => "current" in i && i.current)).toEqual([{ number: page, href: href(page), current: true }]);
  });

  it("has no pagination when one page holds every row, or there are none", () => {
    expect(pageOf(rows.slice(0, rowsPerPage), 1, href)).toMatchObject({ count: 1, pagination: null, from: 1, to: 25 });
    expect(pageOf([], 3, href)).toMatchObject({ page: 1, count: 1, pagination: null, rows: [], from: 0, to: 0 });
  });
});
