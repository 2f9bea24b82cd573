import { describe, expect, it } from "vitest";
import { csv, publishedCsv } from "../../../test/support/tables.ts";
import { parseNeighbourModel } from "./statistical-neighbours.ts";

const model = parseNeighbourModel(publishedCsv("sn_model_2025_wide.csv"));

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
    ["with no rows", "", /the file is empty/],
    ["with a header and no rows", `${header}\n`, /it has no rows/],
  ])("is refused %s", (_, text, message) => {
    expect(() => parseNeighbourModel(csv(text))).toThrow(message);
  });
});

const header = ["old_la_code", "la_name", "region_ind", "region_name", ...Array.from({ length: 10 }, (_, i) => [`SN_${i + 1}`, `SN_${i + 1}P`]).flat()].join(",");
const row = (code: string, name = "Plymouth", first = "357") => [code, name, "4", "South West", first, "Very close", ...Array.from({ length: 9 }, (_, i) => [String(800 + i), "Close"]).flat()].join(",");

describe("a model with bad rows", () => {
  it.each([
    ["a blank council code", row(""), "row 2, old_la_code: the council's old_la_code is empty"],
    ["a formula for a council code", row("=1+1"), 'row 2, old_la_code: "=1+1" is not a council code'],
    ["a command for a neighbour's code", row("879", "Plymouth", "+cmd"), 'row 2, SN_1: "+cmd" is not a council code'],
    ["a formula for a name", row("879", "@x"), 'row 2, la_name: "@x" starts as a spreadsheet formula does'],
    ["a row cut short", row("879").split(",").slice(0, 5).join(","), "row 2: the row has 5 cells; the header has 24"],
    ["a council twice", `${row("879")}\n${row("879")}`, "row 3, old_la_code: council 879 appears twice"],
  ])("is refused for %s, naming the row and column", (_, rows, message) => {
    expect(() => parseNeighbourModel(csv(`${header}\n${rows}\n`))).toThrow(message);
  });

  it("refuses a file of more rows than there are councils, before checking them", () => {
    const rows = Array.from({ length: 1_001 }, () => row("879")).join("\n");
    expect(() => parseNeighbourModel(csv(`${header}\n${rows}\n`))).toThrow("it has a row per council, and this file has 1,001 rows");
  });

  it("lists the first 100 problems and counts the rest", () => {
    const rows = Array.from({ length: 250 }, () => row("")).join("\n");
    expect(() => parseNeighbourModel(csv(`${header}\n${rows}\n`))).toThrow(/^250 problems: row 2, old_la_code: .*row 101, old_la_code: [^;]*empty … and 150 more problems$/);
  });
});
