import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { boards } from "../../db/schema/index.ts";
import { testContext } from "../../../test/support/demo.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { actorOf, findUserByUsername } from "../access/index.ts";
import { currentPlanSummary, findPriority } from "../plan/index.ts";
import { addRisk, escalateRisk, linkRisk, scoreRisk, type NewRiskForm } from "./index.ts";
import { registerColumns, registerDateFormat } from "./register-workbook.ts";

/** The risk register in Excel: one row per risk, numbers as numbers and dates as dates, for every reader of risks. */

const testApp = useTestApp({ data: "demo", chromium: null });
let viewer: Client;
let references: { scored: string; unscored: string; issue: string; formula: string };

const form = (fields: Partial<NewRiskForm>): NewRiskForm => ({
  formToken: randomUUID(),
  kind: "risk",
  title: "",
  cause: "",
  event: "",
  effect: "",
  category: "workforce",
  ownerId: 0,
  ownerName: "",
  controls: "",
  target: null,
  appetite: null,
  reviewOn: "2099-03-31",
  happenedOn: "",
  issueImpact: "",
  ...fields,
});

beforeAll(async () => {
  viewer = await signedIn(testApp.app, "viewer");
  const db = testApp.db;
  const lead = await findUserByUsername(db, "lead");
  const owner = lead && (await actorOf(db, lead.id));
  const plan = await currentPlanSummary(db);
  const [third, fifth] = plan ? [await findPriority(db, plan.id, 3), await findPriority(db, plan.id, 5)] : [];
  if (!owner || !third || !fifth) throw new Error("the demo has no priority lead, or no priorities 3 and 5");
  const ownedBy = { ownerId: owner.id, ownerName: owner.displayName };
  const scored = (
    await addRisk(db, testContext, owner, form({
      ...ownedBy,
      title: "Social worker recruitment and retention",
      cause: "A national shortage of experienced social workers",
      event: "Vacancies in the Children's Social Work teams are not filled",
      effect: "Caseloads rise and children's plans drift",
      controls: "A refocused recruitment campaign",
      target: { likelihood: 2, impact: 3 },
      appetite: "cautious",
      reviewOn: "2026-01-31",
    }))
  ).record;
  const levels = (likelihood: 1 | 2 | 3 | 4 | 5, impact: 1 | 2 | 3 | 4 | 5) => ({ likelihood, impact });
  await scoreRisk(db, testContext, owner, scored.id, { formToken: randomUUID(), assessedOn: "2025-10-01", inherent: levels(4, 4), residual: levels(2, 4), rationale: "" });
  await scoreRisk(db, testContext, owner, scored.id, { formToken: randomUUID(), assessedOn: "2025-11-15", inherent: levels(5, 4), residual: levels(4, 4), rationale: "" });
  await linkRisk(db, testContext, scored.id, { priorityId: fifth.id });
  await linkRisk(db, testContext, scored.id, { priorityId: third.id });
  // The demo's Improvement Board.
  const [board] = await db.select().from(boards).where(eq(boards.name, "Improvement Board"));
  expect((await escalateRisk(db, testContext, scored.id, scored.version, board?.id ?? 0, "2025-11-20")).ok).toBe(true);
  const unscored = (await addRisk(db, testContext, owner, form({ ...ownedBy, title: "Capacity for system development", category: "delivery" }))).record;
  const issue = (await addRisk(db, testContext, owner, form({ ...ownedBy, kind: "issue", title: "Placement costs above budget", category: "financial", happenedOn: "2025-09-01", issueImpact: "An overspend on placements" }))).record;
  const formula = (await addRisk(db, testContext, owner, form({ ...ownedBy, title: "=HYPERLINK(\"http://example.invalid\")" }))).record;
  references = { scored: `R${String(scored.id)}`, unscored: `R${String(unscored.id)}`, issue: `I${String(issue.id)}`, formula: `R${String(formula.id)}` };
});

async function workbook() {
  const response = await viewer.get("/risks/register.xlsx");
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-type"]).toContain("spreadsheetml");
  expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="risk-register-\d{4}-\d{2}-\d{2}\.xlsx"$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  return book;
}

/** The register's rows by reference, each as header → cell. */
async function register() {
  const sheet = (await workbook()).getWorksheet("Risk register");
  if (!sheet) throw new Error("no Risk register sheet");
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows = new Map<string, Map<string, ExcelJS.Cell>>();
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = new Map(header.map((name, i) => [name, row.getCell(i + 1)]));
    rows.set(String(cells.get("Reference")?.value), cells);
  });
  return { header, rows };
}

const valueOf = (row: Map<string, ExcelJS.Cell> | undefined, column: string) => row?.get(column)?.value ?? null;

describe("the risk register in Excel", () => {
  it("has a row per risk and issue under the register's columns", async () => {
    const { header, rows } = await register();
    expect(header).toEqual(registerColumns.map((c) => c.header));
    expect([...rows.keys()]).toEqual(expect.arrayContaining(Object.values(references)));
    const scored = rows.get(references.scored);
    expect(Object.fromEntries(["Kind", "Title", "Cause", "Event", "Effect", "Category", "Owner", "Status", "Escalated to", "Controls in place", "Appetite", "Linked priorities"].map((c) => [c, valueOf(scored, c)]))).toEqual({
      Kind: "Risk",
      Title: "Social worker recruitment and retention",
      Cause: "A national shortage of experienced social workers",
      Event: "Vacancies in the Children's Social Work teams are not filled",
      Effect: "Caseloads rise and children's plans drift",
      Category: "Workforce",
      Owner: expect.any(String),
      Status: "Escalated",
      "Escalated to": "Improvement Board",
      "Controls in place": "A refocused recruitment campaign",
      Appetite: "Cautious: a preference for safe options",
      "Linked priorities": "3, 5",
    });
    expect(valueOf(rows.get(references.issue), "Kind")).toBe("Issue");
  });

  it("writes the latest scores before and after controls, and the target, as numbers, with their ratings in words", async () => {
    const scored = (await register()).rows.get(references.scored);
    const numbers = ["before controls", "after controls", "target"].flatMap((label) => ["Likelihood", "Impact", "Score"].map((part) => `${part} ${label}`));
    for (const column of numbers) expect(scored?.get(column)?.type, column).toBe(ExcelJS.ValueType.Number);
    expect(numbers.map((c) => valueOf(scored, c))).toEqual([5, 4, 20, 4, 4, 16, 2, 3, 6]);
    expect(["Rating before controls", "Rating after controls", "Rating target"].map((c) => valueOf(scored, c))).toEqual(["Very high", "Very high", "Medium"]);
  });

  it("leaves the scores of a risk not yet scored empty, and says so in words", async () => {
    const unscored = (await register()).rows.get(references.unscored);
    expect(["Likelihood after controls", "Impact after controls", "Score after controls", "Last scored on"].map((c) => valueOf(unscored, c))).toEqual([null, null, null, null]);
    expect(valueOf(unscored, "Rating after controls")).toBe("Not yet scored");
    expect(valueOf(unscored, "Rating target")).toBe("No target set");
  });

  it("writes dates as Excel dates shown as the council writes them, and whether the review is overdue", async () => {
    const { rows } = await register();
    const scored = rows.get(references.scored);
    for (const [column, day] of [["Review date", "2026-01-31"], ["Escalated on", "2025-11-20"], ["Last scored on", "2025-11-15"]] as const) {
      const cell = scored?.get(column);
      expect(cell?.type, column).toBe(ExcelJS.ValueType.Date);
      expect((cell?.value as Date).toISOString().slice(0, 10), column).toBe(day);
      expect(cell?.numFmt, column).toBe(registerDateFormat);
    }
    expect((valueOf(rows.get(references.issue), "Became an issue on") as Date).toISOString().slice(0, 10)).toBe("2025-09-01");
    // Today is after 31 January 2026, so that review has passed; the one on 31 March 2099 is not yet due.
    expect(valueOf(scored, "Review overdue")).toBe("Yes");
    expect(valueOf(rows.get(references.unscored), "Review overdue")).toBe("No");
  });

  it("keeps text that looks like a formula as text", async () => {
    const row = (await register()).rows.get(references.formula);
    expect(row?.get("Title")?.type).toBe(ExcelJS.ValueType.String);
    expect(valueOf(row, "Title")).toBe("'=HYPERLINK(\"http://example.invalid\")");
  });

  it("says in its notes what the columns hold and the council's scale", async () => {
    const notes = (await workbook()).getWorksheet("Notes");
    const lines = new Map<string, string>();
    notes?.eachRow((row) => lines.set(String(row.getCell(1).value), String(row.getCell(2).value)));
    expect(lines.get("Ratings")).toBe("Low 1 to 4, Medium 5 to 9, High 10 to 14, Very high 15 to 25: the council's scale on the day of export.");
    expect(lines.get("Likelihood")).toBe("1 Rare, 2 Unlikely, 3 Possible, 4 Likely, 5 Almost certain");
  });
});
