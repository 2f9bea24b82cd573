import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { historyOf } from "../access/index.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import { upload } from "../../../test/support/upload.ts";
import * as repository from "./repository.ts";
import { useTestApp } from "../../../test/support/app.ts";

const testApp = useTestApp({ data: "demo", chromium: null });
let analyst: Client;
const model = readFileSync(sharedPath("data", "dfe-ees", "sn_model_2025_wide.csv"));
const workbook = readFileSync(sharedPath("data", "ofsted", "ofsted_csc_ilacs_overview.xlsx"));
const formPage = "/measures/reference-data";

beforeAll(async () => {
  analyst = await signedIn(testApp.app, "analyst");
});

const banner = (body: string) => page(body).document.querySelector(".govuk-notification-banner")?.textContent.replace(/\s+/g, " ").trim() ?? "";
const errors = (body: string) => page(body).texts(".govuk-error-summary__list li");

describe("importing the statistical-neighbour model in the app", () => {
  it("adds every council's 2025 set, keeping Plymouth's ten neighbours, and says what it did", async () => {
    const response = await upload(testApp.app, analyst, "/measures/reference-data/neighbours", { name: "sn_model_2025_wide.csv", content: model }, { year: "2025" }, formPage);
    expect(response.statusCode).toBe(200);
    const text = banner(response.body);
    const [, councils, added, changed, unchanged] = /of (\d+) councils from sn_model_2025_wide\.csv: (\d+) added, (\d+) changed, (\d+) unchanged/.exec(text) ?? [];
    expect(Number(councils)).toBeGreaterThan(150);
    // The demo already holds Plymouth's 2025 set (typed without the model's closeness labels).
    expect(Number(added) + Number(changed) + Number(unchanged)).toBe(Number(councils));
    expect(Number(added)).toBe(Number(councils) - 1);
    const plymouth = await repository.latestNeighbourSet(testApp.db, "879");
    expect(plymouth?.members.map((m) => m.code)).toHaveLength(10);
    expect(plymouth?.members[0]?.closeness).not.toBe("");
  });

  it("changes nothing when the same model is imported again, and records no change", async () => {
    const before = (await historyOf(testApp.db, "neighbour set", 2025)).length;
    const response = await upload(testApp.app, analyst, "/measures/reference-data/neighbours", { name: "sn_model_2025_wide.csv", content: model }, { year: "2025" }, formPage);
    expect(banner(response.body)).toMatch(/: 0 added, 0 changed, \d+ unchanged\.$/);
    expect((await historyOf(testApp.db, "neighbour set", 2025)).length).toBe(before);
  });

  it.each([
    ["no year", { year: "" }, model, "Enter the year DfE published the model, like 2025"],
    ["a DfE statistics file instead of the model", { year: "2025" }, "time_period,geographic_level\n2025,National\n", "This is not the statistical-neighbour model: it has no old_la_code"],
  ])("refuses %s, naming the field, and changes nothing", async (_, fields, content, message) => {
    const response = await upload(testApp.app, analyst, "/measures/reference-data/neighbours", { name: "upload.csv", content }, fields, formPage);
    expect(response.statusCode).toBe(400);
    expect(errors(response.body).join(" ")).toContain(message);
  });
});

describe("importing Ofsted's judgements in the app", () => {
  it("imports each council's latest judgement", async () => {
    const response = await upload(testApp.app, analyst, "/measures/reference-data/ofsted", { name: "ofsted_csc_ilacs_overview.xlsx", content: workbook, field: "workbook" }, {}, formPage);
    expect(response.statusCode).toBe(200);
    expect(banner(response.body)).toMatch(/Imported Ofsted's latest judgements of \d{3} councils from ofsted_csc_ilacs_overview\.xlsx\./);
    expect((await repository.listOfstedJudgements(testApp.db)).length).toBeGreaterThan(100);
  });

  it("refuses a file that is not the workbook and keeps the judgements it had", async () => {
    const before = (await repository.listOfstedJudgements(testApp.db)).length;
    const response = await upload(testApp.app, analyst, "/measures/reference-data/ofsted", { name: "judgements.csv", content: "council,grade\nPlymouth,Good\n", field: "workbook" }, {}, formPage);
    expect(response.statusCode).toBe(400);
    expect(errors(response.body).join(" ")).toContain("judgements.csv was not imported; nothing has changed. This is not an Excel workbook");
    expect((await repository.listOfstedJudgements(testApp.db)).length).toBe(before);
  });

  it("asks for the workbook when none is chosen", async () => {
    const response = await upload(testApp.app, analyst, "/measures/reference-data/ofsted", { name: "", content: "", field: "workbook" }, {}, formPage);
    expect(response.statusCode).toBe(400);
    expect(errors(response.body)).toEqual(["Select Ofsted's ILACS overview workbook (.xlsx)"]);
  });
});
