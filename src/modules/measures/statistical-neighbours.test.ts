import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedPath } from "../../../test/support/shared.ts";
import { parseNeighbourModel } from "./statistical-neighbours.ts";

const model = parseNeighbourModel(readFileSync(sharedPath("data", "dfe-ees", "sn_model_2025_wide.csv"), "utf8"));

describe("the 2025 statistical-neighbour model", () => {
  it("has a set for every council in the model", () => {
    expect(model.size).toBe(153);
  });

  it("names Plymouth and its region", () => {
    expect(model.get("879")).toMatchObject({ name: "Plymouth", regionName: "South West" });
  });

  it("lists Plymouth's ten neighbours closest first, with trimmed closeness labels", () => {
    const names = (code: string) => model.get(code)?.name;
    expect(model.get("879")?.neighbours.map((n) => [n.code, names(n.code), n.closeness])).toEqual([
      ["357", "Tameside", "Very close"],
      ["880", "Torbay", "Very close"],
      ["894", "Telford and Wrekin", "Very close"],
      ["332", "Dudley", "Very close"],
      ["372", "Rotherham", "Very close"],
      ["384", "Wakefield", "Very close"],
      ["382", "Kirklees", "Close"],
      ["390", "Gateshead", "Close"],
      ["887", "Medway", "Close"],
      ["908", "Cornwall", "Close"],
    ]);
  });

  it("gives every council ten neighbours", () => {
    expect([...model.values()].every((set) => set.neighbours.length === 10)).toBe(true);
  });
});

describe("a file that is not the model", () => {
  it.each([
    ["without neighbour columns", "old_la_code,la_name,region_name\n879,Plymouth,South West\n", /no SN_1, SN_1P/],
    ["with no rows", "", /no rows/],
  ])("is refused %s", (_, text, message) => {
    expect(() => parseNeighbourModel(text)).toThrow(message);
  });
});
