import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { RiskLevel } from "../../core/risk-scores.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import { formatDate } from "../../core/format.ts";
import { boards, riskAssessments, risks } from "../../db/schema/index.ts";
import { testContext } from "../../../test/support/demo.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { openWord, rowsOf } from "../../../test/support/word.ts";
import { actorOf, findUserByUsername, type Actor } from "../access/index.ts";
import { currentPlanSummary, findPriority, type PlanSummary } from "../plan/index.ts";
import { addRisk, escalateRisk, linkRisk, scoreRisk } from "../risks/index.ts";
import type { Block, HeadingBlock, ParagraphBlock, TableBlock } from "./document.ts";
import { createReport, docxOf, generate, issueReport, listReports } from "./service.ts";

/**
 * Risks in the reports, from the register through the risks module's services: the board pack's
 * risk section, and the Scrutiny report's risk management implication.
 */

const testApp = useTestApp({ data: "demo", chromium: null });
let plan: PlanSummary | null;
let owner: Actor;
let boardId: number;
const today = londonDateOf(new Date());

beforeAll(async () => {
  plan = await currentPlanSummary(testApp.db);
  const lead = await findUserByUsername(testApp.db, "lead");
  const actor = lead && (await actorOf(testApp.db, lead.id));
  if (!actor) throw new Error("the demo has no priority lead");
  owner = actor;
  // The demo's Improvement Board.
  const [board] = await testApp.db.select().from(boards).where(eq(boards.name, "Improvement Board"));
  if (!board) throw new Error("no board");
  boardId = board.id;
});

async function newRisk(title: string, reviewOn = "2099-06-30") {
  const added = await addRisk(testApp.db, testContext, owner, {
    formToken: randomUUID(),
    kind: "risk",
    title,
    cause: "",
    event: "",
    effect: "",
    category: "workforce",
    ownerId: owner.id,
    ownerName: owner.displayName,
    controls: "",
    target: null,
    appetite: null,
    reviewOn,
    happenedOn: "",
    issueImpact: "",
  });
  return added.record;
}

async function score(riskId: number, assessedOn: string, likelihood: RiskLevel, impact: RiskLevel) {
  const residual = { likelihood, impact };
  await scoreRisk(testApp.db, testContext, owner, riskId, { formToken: randomUUID(), assessedOn, inherent: residual, residual, rationale: "" });
}

async function escalate(riskId: number) {
  const [row] = await testApp.db.select().from(risks).where(eq(risks.id, riskId));
  const escalated = await escalateRisk(testApp.db, testContext, riskId, row?.version ?? 0, boardId, today);
  expect(escalated.ok).toBe(true);
}

/** Moves risks back in time: added on `day`, and every score of theirs assessed then too. */
async function backdate(ids: number[], day: string) {
  await testApp.db.update(risks).set({ createdAt: new Date(`${day}T12:00:00Z`) }).where(inArray(risks.id, ids));
  await testApp.db.update(riskAssessments).set({ assessedOn: day }).where(inArray(riskAssessments.riskId, ids));
}

/** The blocks under a level-1 heading, up to the next one. */
function sectionOf(blocks: Block[], heading: string): Block[] {
  const start = blocks.findIndex((b) => b.kind === "heading" && b.level === 1 && b.text === heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const end = blocks.findIndex((b, i) => i > start && b.kind === "heading" && b.level === 1);
  return blocks.slice(start + 1, end === -1 ? undefined : end);
}

const tableIn = (blocks: Block[]) => blocks.find((b): b is TableBlock => b.kind === "table");
/** The table's rows by the reference in their first cell: what changed, as listed. */
const changesByReference = (table: TableBlock | undefined) => new Map((table?.rows ?? []).map((row) => [row[0] as string, row]));

describe("the board pack's risks", () => {
  let escalated: number;
  let unscored: number;
  let overdue: number;

  beforeAll(async () => {
    escalated = (await newRisk("Social worker recruitment and retention")).id;
    await score(escalated, today, 2, 4);
    await score(escalated, today, 4, 4);
    await escalate(escalated);
    unscored = (await newRisk("Capacity for system development")).id;
    overdue = (await newRisk("Demand in residential placements", "2026-01-31")).id;
  });

  async function pack() {
    const report = await createReport(testApp.db, testContext, plan, { kind: "board-pack", periodId: null });
    return { report, document: (await generate(testApp.db, plan, report)).document };
  }

  it("follows the data exceptions, before the scorecard", async () => {
    const { document } = await pack();
    const headings = document.blocks.filter((b): b is HeadingBlock => b.kind === "heading" && b.level === 1).map((b) => b.text);
    expect(headings.slice(headings.indexOf("Data exceptions"))).toEqual(["Data exceptions", "Risks", "Scorecard"]);
  });

  it("lists the escalated risk in the first pack, with its score after controls in words, what changed and the board", async () => {
    const section = sectionOf((await pack()).document.blocks, "Risks");
    expect((section[0] as ParagraphBlock).text).toBe(`This is the first pack issued, so every risk in the register on ${formatDate(today)} is new to it.`);
    const rows = changesByReference(tableIn(section));
    expect(rows.get(`R${String(escalated)}`)).toEqual([
      `R${String(escalated)}`,
      "Social worker recruitment and retention",
      owner.displayName,
      "16 Very high (likelihood 4 Likely × impact 4 Major)",
      { items: [`New: added to the register on ${formatDate(today)}`, `Score increased from 8 Medium to 16 Very high on ${formatDate(today)}`, `Escalated to Improvement Board on ${formatDate(today)}`] },
    ]);
    expect(rows.get(`R${String(unscored)}`)?.[3]).toBe("Not yet scored");
    expect(rows.get(`R${String(overdue)}`)?.[4]).toEqual({ items: [`New: added to the register on ${formatDate(today)}`, "Review overdue: it was due on 31 January 2026"] });
  });

  it("writes the risks' table to Word", async () => {
    const word = await openWord(await docxOf((await pack()).document));
    const table = word.tables.map(rowsOf).find((rows) => rows[0]?.[1] === "Risk");
    expect(table?.[0]).toEqual(["Reference", "Risk", "Owner", "Score after controls", "What changed"]);
    expect(table?.map((r) => r[0])).toContain(`R${String(escalated)}`);
  });

  it("in the next pack, lists only what changed since the last was issued, the escalated risk still among them", async () => {
    const { report } = await pack();
    const issued = await issueReport(testApp.db, testContext, plan, report, null, "Test Approver");
    expect(issued.ok).toBe(true);
    // The risks were added and scored well before that pack; the overdue one stays overdue.
    await backdate([escalated, unscored, overdue], "2026-09-01");
    const section = sectionOf((await pack()).document.blocks, "Risks");
    expect((section[0] as ParagraphBlock).text).toContain(`from ${formatDate(today)}, the day the last pack was issued, to ${formatDate(today)}`);
    const rows = changesByReference(tableIn(section));
    expect(rows.get(`R${String(escalated)}`)?.[4]).toEqual({ items: [`Escalated to Improvement Board on ${formatDate(today)}`] });
    expect(rows.get(`R${String(overdue)}`)?.[4]).toEqual({ items: ["Review overdue: it was due on 31 January 2026"] });
    expect(rows.has(`R${String(unscored)}`)).toBe(false);
  });
});

describe("the Scrutiny report's risk management implication", () => {
  const implicationsHeading = "Other implications, including equalities, health and safety, risk management and child poverty";
  let scored: number;
  let unscored: number;

  async function scrutinyQ1Q2() {
    const { reports } = await listReports(testApp.db, plan?.id ?? null);
    const report = reports.find((r) => r.kind === "scrutiny" && r.period?.label === "Q1 and Q2 2025/26");
    if (!report) throw new Error("the demo has no Scrutiny report for Q1 and Q2 2025/26");
    return report;
  }

  beforeAll(async () => {
    if (!plan) throw new Error("no plan");
    const [third, fifth] = [await findPriority(testApp.db, plan.id, 3), await findPriority(testApp.db, plan.id, 5)];
    if (!third || !fifth) throw new Error("the demo has no priorities 3 and 5");
    scored = (await newRisk("Pressure in the Children's Social Work teams")).id;
    await score(scored, "2025-07-01", 3, 3);
    await linkRisk(testApp.db, testContext, scored, { priorityId: third.id });
    await linkRisk(testApp.db, testContext, scored, { priorityId: fifth.id });
    // Escalated today: after the period the report is about, so open in it.
    await escalate(scored);
    unscored = (await newRisk("Family Help Lead Practitioner restructure")).id;
    await linkRisk(testApp.db, testContext, unscored, { priorityId: third.id });
    // Both were in the register during the period; a score given after it is not counted.
    await backdate([scored, unscored], "2025-06-01");
    await score(scored, "2025-11-01", 5, 5);
  });

  it("follows the officer's other implications, naming the risks linked to the plan as they stood at the period's end", async () => {
    const report = await scrutinyQ1Q2();
    const section = sectionOf((await generate(testApp.db, plan, report)).document.blocks, implicationsHeading);
    const written = section.at(-1) as ParagraphBlock;
    expect(section.length).toBeGreaterThan(1);
    expect(written.label).toBe("Risk management:");
    expect(written.text).toContain("On 30 September 2025,");
    expect(written.text).toContain(`R${String(scored)} Pressure in the Children's Social Work teams (priorities 3 and 5), open, scored 9 Medium after controls`);
    expect(written.text).toContain(`R${String(unscored)} Family Help Lead Practitioner restructure (priority 3), open, not yet scored`);
    expect(written.text).not.toContain("escalated to Improvement Board");
  });

  it("stands in for 'None.' where the officer wrote no other implications", async () => {
    const report = await scrutinyQ1Q2();
    const section = sectionOf((await generate(testApp.db, plan, { ...report, sections: { ...report.sections, otherImplications: "" } })).document.blocks, implicationsHeading);
    expect(section).toHaveLength(1);
    expect((section[0] as ParagraphBlock).label).toBe("Risk management:");
  });

  it("is left out where the officer wrote their own paragraph on risk management", async () => {
    const report = await scrutinyQ1Q2();
    const own = `${report.sections.otherImplications}\n\nRisk management: the programme board keeps the risk log.`;
    const section = sectionOf((await generate(testApp.db, plan, { ...report, sections: { ...report.sections, otherImplications: own } })).document.blocks, implicationsHeading);
    expect(section.some((b) => b.kind === "paragraph" && b.label === "Risk management:")).toBe(false);
    expect((section.at(-1) as ParagraphBlock).text).toBe("Risk management: the programme board keeps the risk log.");
  });
});
