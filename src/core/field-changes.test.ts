import { describe, expect, it } from "vitest";
import { fieldChanges } from "./field-changes.ts";

describe("fieldChanges", () => {
  it("lists only the fields that differ, ignoring the version", () => {
    expect(fieldChanges({ title: "A", vision: "V", version: 1 }, { title: "B", vision: "V", version: 2 })).toEqual([{ field: "title", before: "A", after: "B" }]);
  });

  it("writes lists a line an item and missing values as (none)", () => {
    expect(fieldChanges({ keyElements: ["one", "two"] }, { keyElements: ["one"], lead: "Head of Service" })).toEqual([
      { field: "keyElements", before: "one\ntwo", after: "one" },
      { field: "lead", before: "(none)", after: "Head of Service" },
    ]);
  });
});
