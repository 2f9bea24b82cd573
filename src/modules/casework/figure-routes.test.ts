import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { selectRows } from "../../db/rows.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn } from "../../../test/support/session.ts";

const testApp = useTestApp({ data: "demo" });

const figureAccess = async () => selectRows(testApp.db, sql`select username, record_type, purpose from access_events where record_type = 'computed figure' order by id`);

describe("the cases behind a computed figure", () => {
  it("takes an analyst from October 2025's re-referrals to its cases and back to the measure", async () => {
    const analyst = await signedIn(testApp.app, "analyst");
    const measure = page((await analyst.get("/measures/CIN-REREFERRAL-12M")).body);
    const link = measure.document.querySelector('a[href="/casework/measures/CIN-REREFERRAL-12M/2025-10-31"]');
    expect(link?.textContent).toContain("Cases");
    const redirect = await analyst.get("/casework/measures/CIN-REREFERRAL-12M/2025-10-31");
    expect(redirect.statusCode).toBe(303);
    const figurePage = await analyst.get(String(redirect.headers.location));
    expect(figurePage.statusCode).toBe(200);
    const { document, text } = page(figurePage.body);
    expect(document.querySelector("h1")?.textContent).toContain("October 2025");
    expect(text).toContain("Synthetic");
    // The figure is its cases: the rows counted are its numerator, all rows in the denominator its denominator.
    const [figure] = await selectRows(testApp.db, sql`select id, numerator, denominator from casework.computed_values where measure_code = 'CIN-REREFERRAL-12M' and period_kind = 'month' and period_end = '2025-10-31' and superseded_at is null`);
    const rows = [...document.querySelectorAll("tbody tr")].map((row) => row.querySelectorAll("td")[2]?.textContent?.trim());
    expect(rows.filter((outcome) => outcome === "Counted")).toHaveLength(Number(figure?.numerator));
    expect(rows.filter((outcome) => outcome !== "Left out")).toHaveLength(Number(figure?.denominator));
    expect(text).toMatch(/Counted: earlier referral \d+ \w+ 20\d\d\./);
    expect(document.querySelector(".govuk-back-link")?.getAttribute("href")).toBe("/measures/CIN-REREFERRAL-12M");
    expect(await figureAccess()).toEqual([{ username: "analyst", record_type: "computed figure", purpose: "viewed the cases behind a figure" }]);

    const counted = page((await analyst.get(`/casework/figures/${String(figure?.id)}?show=counted`)).body);
    expect([...counted.document.querySelectorAll("tbody tr")]).toHaveLength(Number(figure?.numerator));
  });

  it("exports the cases as CSV for a QA officer, and records the export", async () => {
    const quality = await signedIn(testApp.app, "quality");
    const [figure] = await selectRows(testApp.db, sql`select id, denominator from casework.computed_values where measure_code = 'CIN-ASSESS-45WD' and period_kind = 'month' and period_end = '2024-07-31' and superseded_at is null`);
    const csv = await quality.get(`/casework/figures/${String(figure?.id)}/cases.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe("Council,Measure,Period,Child,Assessment,Outcome,Reason left out,Started,Authorised,Due by,Working days,Why");
    expect(lines.slice(1).filter((line) => !line.includes(",Left out,"))).toHaveLength(Number(figure?.denominator));
    expect(csv.body).toMatch(/,Not counted,,.*on working day (4[6-9]|[5-9]\d|\d{3})/);
    const events = await figureAccess();
    expect(events.at(-1)).toEqual({ username: "quality", record_type: "computed figure", purpose: "exported the cases behind a figure" });
  });

  it("shows a viewer, a lead and an administrator the numbers with no way to the cases", async () => {
    const [figure] = await selectRows(testApp.db, sql`select id from casework.computed_values where measure_code = 'CIN-REREFERRAL-12M' and superseded_at is null limit 1`);
    const before = (await figureAccess()).length;
    for (const username of ["viewer", "lead", "admin"]) {
      const browser = await signedIn(testApp.app, username);
      const measure = await browser.get("/measures/CIN-REREFERRAL-12M");
      expect(measure.statusCode, username).toBe(200);
      expect(measure.body, username).not.toContain("/casework/");
      for (const path of [`/casework/figures/${String(figure?.id)}`, `/casework/figures/${String(figure?.id)}/cases.csv`, "/casework/measures/CIN-REREFERRAL-12M/2025-10-31"]) {
        expect((await browser.get(path)).statusCode, `${username} ${path}`).toBe(403);
      }
    }
    expect(await figureAccess()).toHaveLength(before);
  });

  it("answers a figure or month that does not exist with not found", async () => {
    const analyst = await signedIn(testApp.app, "analyst");
    expect((await analyst.get("/casework/figures/999999")).statusCode).toBe(404);
    expect((await analyst.get("/casework/measures/CIN-REREFERRAL-12M/2031-10-31")).statusCode).toBe(404);
  });
});
