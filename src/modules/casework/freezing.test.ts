import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { engines } from "../../../test/support/databases.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { holdCaseRecords } from "../../../test/support/case-records.ts";
import { testContext } from "../../../test/support/demo.ts";
import { page } from "../../../test/support/html.ts";
import { sendAndFinish } from "../../../test/support/jobs.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import * as computation from "./computation-repository.ts";
import { computeMeasures } from "./computing.ts";
import { freezeFiguresShown, type FigureShown } from "./freezing.ts";

/**
 * An issued report keeps the cases behind the figures computed from case records that it shows,
 * so the figure Scrutiny read can be explained after the measure is computed again: the analyst's
 * copy of the issue leads to them; a viewer's does not.
 */

const testApp = useTestApp({ data: "demo", chromium: null });
const code = "CIN-REREFERRAL-12M";
let approver: Client;
let analyst: Client;
let reportUrl: string;

async function issue(number: number): Promise<string> {
  const { finished } = await sendAndFinish(approver, testApp.queue, `${reportUrl}/issue`, { issue: String(number) }, `${reportUrl}/issue`);
  const report = page((await approver.get(String(finished.headers.location))).body);
  const href = report.links.find((l) => l.text === `Issue ${String(number)}`)?.href;
  if (!href) throw new Error(`issue ${String(number)} is not listed`);
  return href;
}

/** The figure links of an issued report's page, by their figure's id. */
async function figureLinks(client: Client, issuedAt: string): Promise<string[]> {
  const issued = await client.get(issuedAt);
  expect(issued.statusCode).toBe(200);
  return page(issued.body).links.filter((l) => l.href.startsWith("/casework/figures/")).map((l) => l.href);
}

const keptCases = async () => Number((await selectRows(testApp.db, sql`select count(*)::int as n from casework.computed_cases`))[0]?.n);

describe("the cases behind an issued report's computed figures", () => {
  let firstIssue: string;
  let september: { id: number; numerator: number; denominator: number };

  beforeAll(async () => {
    approver = await signedIn(testApp.app, "approver");
    analyst = await signedIn(testApp.app, "analyst");
    const list = page((await approver.get("/reports")).body);
    reportUrl = list.links.find((l) => l.text.includes("progress in Q1 and Q2 2025/26"))?.href ?? "";
    const [row] = await selectRows(testApp.db, sql`select id, numerator, denominator from casework.computed_values where measure_code = ${code} and period_kind = 'month' and period_end = '2025-09-30' and superseded_at is null`);
    september = { id: Number(row?.id), numerator: Number(row?.numerator), denominator: Number(row?.denominator) };
    firstIssue = await issue(1);
  }, 120_000);

  it("lists the figures it kept on the analyst's copy of the issue, each leading to its cases, and audits how many", async () => {
    const links = await figureLinks(analyst, firstIssue);
    expect(links).toContain(`/casework/figures/${String(september.id)}`);
    // Nothing from after the report's date (30 September 2025) is kept with it.
    const months = await selectRows(
      testApp.db,
      sql`select max(v.period_end)::text as latest, count(*)::int as n, count(distinct v.measure_code)::int as measures from casework.figure_freezes f join casework.computed_values v on v.id = f.value_id`,
    );
    expect(months[0]?.latest).toBe("2025-09-30");
    // The figure each computed measure's scorecard row reads out: its latest, one a measure.
    expect(months[0]?.measures).toBe(months[0]?.n);
    expect(links).toHaveLength(Number(months[0]?.n));
    const { text } = page((await analyst.get(firstIssue)).body);
    expect(text).toContain(`${String(links.length)} figures with their cases kept`);
    expect(text).toMatch(/Re-referrals within 12 months\s+September 2025\s+\d+\.\d%/);

    const [event] = await selectRows(testApp.db, sql`select after from audit_events where action = 'issue' and record_type = 'report' order by id desc limit 1`);
    const after = (typeof event?.after === "string" ? JSON.parse(event.after) : event?.after) as { figureCases: { kept: number; alreadyKept: number; notKept: number } };
    expect(after.figureCases).toEqual({ kept: links.length, alreadyKept: 0, notKept: 0 });
  });

  it("keeps no case twice when the report is issued again, and links the second issue to the same figures", async () => {
    const before = await keptCases();
    expect(before).toBeGreaterThan(0);
    const secondIssue = await issue(2);
    expect(await keptCases()).toBe(before);
    expect(await figureLinks(analyst, secondIssue)).toEqual(await figureLinks(analyst, firstIssue));
  });

  it("keeps showing the same cases and counts for the figure after the measure is computed again", async () => {
    const figureAt = `/casework/figures/${String(september.id)}`;
    const before = { page: page((await analyst.get(figureAt)).body), csv: (await analyst.get(`${figureAt}/cases.csv`)).body };
    const rowsOf = (view: ReturnType<typeof page>) => [...view.document.querySelectorAll("tbody tr")].map((row) => row.textContent?.replace(/\s+/g, " ").trim());
    expect(rowsOf(before.page).filter((row) => row?.includes("Counted"))).toHaveLength(september.numerator);

    // New records arrive (an extract with nothing new in it), and the measure is computed again.
    await holdCaseRecords(testApp.db, "879", "2020-01-01", {});
    const outcome = await computeMeasures(testApp.db, testContext, "879", [code]);
    expect(outcome.measures).toMatchObject([{ code, outcome: "computed" }]);
    const [figure] = await selectRows(testApp.db, sql`select superseded_at from casework.computed_values where id = ${september.id}`);
    expect(figure?.superseded_at).not.toBeNull();

    const after = page((await analyst.get(figureAt)).body);
    expect(after.text).not.toContain("its cases were not kept");
    expect(after.text).toContain("This figure was replaced when the measure was computed again");
    expect(after.text).toMatch(/Kept with .+: progress in Q1 and Q2 2025\/26, issue 1/);
    expect(after.links.some((l) => l.href === firstIssue)).toBe(true);
    expect(rowsOf(after)).toEqual(rowsOf(before.page));
    const csv = await analyst.get(`${figureAt}/cases.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe(before.csv);
    expect(csv.body.trim().split(/\r?\n/).slice(1).filter((line) => !line.includes(",Left out,"))).toHaveLength(september.denominator);
  });

  it("shows a viewer the issue with no way to the cases", async () => {
    const viewer = await signedIn(testApp.app, "viewer");
    const issued = await viewer.get(firstIssue);
    expect(issued.statusCode).toBe(200);
    expect(issued.body).not.toContain("/casework/");
    expect(page(issued.body).text).not.toContain("cases kept");
    expect((await viewer.get(`/casework/figures/${String(september.id)}`)).statusCode).toBe(403);
    expect((await viewer.get(`/casework/figures/${String(september.id)}/cases.csv`)).statusCode).toBe(403);
  });

});

describe.each(engines)("which figures an issue keeps the cases of ($name)", (engine) => {
  const la = "999";
  let handle: DatabaseHandle;
  let reportId: number;
  let issues = 0;

  /** A new issue of a report, as issuing keeps it, with the figures given frozen in its transaction. */
  async function freezeWithNewIssue(shown: FigureShown[]) {
    issues += 1;
    return handle.db.transaction(async (tx) => {
      const [issue] = await selectRows(tx, sql`insert into report_issues (report_id, number, title, document, docx, html, docx_sha256, issued_by_name)
        values (${reportId}, ${issues}, 'A report', '{}'::jsonb, '\\x00'::bytea, '', 'none', 'Test')
        returning id`);
      return freezeFiguresShown(tx, { id: Number(issue?.id), label: "Test report, issue 1" }, la, shown);
    });
  }

  const figureOf = async (periodEnd: string) => {
    const figure = (await computation.currentFigures(handle.db, la, code)).find((f) => f.periodKind === "month" && f.periodEnd === periodEnd);
    if (!figure) throw new Error(`no figure for ${periodEnd}`);
    return figure;
  };
  const casesKept = async (valueId: number) => Number((await selectRows(handle.db, sql`select count(*)::int as n from casework.computed_cases where value_id = ${valueId}`))[0]?.n);
  const shownAs = (periodEnd: string, numerator: number | null, denominator: number | null): FigureShown => ({ code, periodEnd, numerator, denominator });

  beforeAll(async () => {
    handle = await engine.openDemo();
    const [report] = await selectRows(handle.db, sql`select id from reports order by id limit 1`);
    reportId = Number(report?.id);
    await holdCaseRecords(handle.db, la, "2025-06-30", {
      ssd_cin_episodes: [
        { cine_referral_id: "R0", cine_person_id: "P0", cine_referral_date: "2023-04-01" },
        { cine_referral_id: "R1a", cine_person_id: "P1", cine_referral_date: "2024-05-10" },
        { cine_referral_id: "R1b", cine_person_id: "P1", cine_referral_date: "2025-05-10" },
        { cine_referral_id: "R2a", cine_person_id: "P2", cine_referral_date: "2024-05-09" },
        { cine_referral_id: "R2b", cine_person_id: "P2", cine_referral_date: "2025-05-10" },
        { cine_referral_id: "R4a", cine_person_id: "P4", cine_referral_date: "2025-04-21" },
        { cine_referral_id: "R4b", cine_person_id: "P4", cine_referral_date: "2025-04-21" },
      ],
    });
    await computeMeasures(handle.db, testContext, la, [code]);
  }, 300_000);
  afterAll(() => handle?.close());

  it("keeps each figure's own cases, and only the figures the report shows with the counts it shows", async () => {
    const [april, may] = [await figureOf("2025-04-30"), await figureOf("2025-05-31")];
    expect(may).toMatchObject({ numerator: 1, denominator: 2 });
    const outcome = await freezeWithNewIssue([
      shownAs("2025-05-31", 1, 2),
      shownAs("2025-05-31", 1, 2),
      // Computed again since the report was written: the figure held now is not the one it shows.
      shownAs("2025-04-30", april.numerator + 1, april.denominator),
      // No figure for the month.
      shownAs("2031-01-31", 1, 1),
    ]);
    expect(outcome).toEqual({ kept: 1, alreadyKept: 0, notKept: 2 });
    expect(await casesKept(may.id)).toBe((await computation.frozenCases(handle.db, may.id))?.length);
    expect((await computation.frozenCases(handle.db, may.id))?.map((c) => [c.recordId, c.inDenominator, c.inNumerator])).toEqual([
      ["R2b", true, false],
      ["R1b", true, true],
    ]);
    expect(await casesKept(april.id)).toBe(0);
  });

  it("links a figure kept already to the next issue without keeping its cases again", async () => {
    const may = await figureOf("2025-05-31");
    const before = await casesKept(may.id);
    expect(await freezeWithNewIssue([shownAs("2025-05-31", null, null)])).toEqual({ kept: 0, alreadyKept: 1, notKept: 0 });
    expect(await casesKept(may.id)).toBe(before);
    const [links] = await selectRows(handle.db, sql`select count(*)::int as n from casework.figure_freezes where value_id = ${may.id}`);
    expect(Number(links?.n)).toBe(2);
  });

  it("keeps nothing of a figure whose cases do not count to it", async () => {
    const april = await figureOf("2025-04-30");
    await handle.db.execute(sql`update casework.computed_values set denominator = denominator + 1 where id = ${april.id}`);
    expect(await freezeWithNewIssue([shownAs("2025-04-30", null, null)])).toEqual({ kept: 0, alreadyKept: 0, notKept: 1 });
    expect(await casesKept(april.id)).toBe(0);
    expect((await figureOf("2025-04-30")).frozen).toBe(false);
  });
});
