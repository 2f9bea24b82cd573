import { describe, expect, it } from "vitest";
import { searchTerms } from "./search-query.ts";

describe("what a search box's words mean", () => {
  it.each([
    ["a title with a spaced hyphen", "Children's Services 2024 - 27", "Children's Services 2024 27"],
    ["an en dash standing alone", "Achieving Excellence – A Strategy", "Achieving Excellence A Strategy"],
    ["an em dash and a minus sign", "plans — reviews − visits", "plans reviews visits"],
    ["a dash at either end", "- caseload -", "caseload"],
    ["a hyphen inside a word is kept", "re-referrals 2024-27", "re-referrals 2024-27"],
    ["a minus against a word still leaves it out", "caseload -fostering", "caseload -fostering"],
    ["quoted phrases are kept", '"strategy for children" - 27', '"strategy for children" 27'],
    ["nothing", "", ""],
  ])("%s", (_, query, terms) => {
    expect(searchTerms(query)).toBe(terms);
  });
});
