import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { page } from "../../test/support/html.ts";
import { signedIn, type Client } from "../../test/support/session.ts";
import { useTestApp } from "../../test/support/app.ts";

/**
 * The scorecard, measures' pages and the plan's pages are kept as drawn until the data under them
 * changes (web/kept-pages.ts). These check that nobody is ever sent a page out of date, or drawn
 * for someone else.
 */
const testApp = useTestApp({ data: "demo" });
let viewer: Client;
let analyst: Client;

beforeAll(async () => {
  viewer = await signedIn(testApp.app, "viewer");
  analyst = await signedIn(testApp.app, "analyst");
});

async function shown(client: Client, url: string) {
  const response = await client.get(url);
  expect(response.statusCode).toBe(200);
  return { ...page(response.body), body: response.body, headers: response.headers };
}

const run = (statement: ReturnType<typeof sql>) => testApp.db.execute(statement);

describe("a page kept as drawn", () => {
  it("shows a measure's new value on the scorecard and on its own page, however the value arrived", async () => {
    await shown(viewer, "/measures?priority=2");
    await shown(viewer, "/measures/REREFERRALS");
    await run(sql`insert into measure_values (measure_id, period_end, value, provenance) select id, '2031-03-31', 12.3, 'Monthly performance report' from measures where code = 'REREFERRALS'`);
    expect((await shown(viewer, "/measures?priority=2")).text).toContain("12.3%");
    expect((await shown(viewer, "/measures/REREFERRALS")).text).toContain("12.3%");
  });

  it("shows a measure's new title, and a change to the RAG rule that every row depends on", async () => {
    const before = await shown(viewer, "/measures?priority=2");
    expect(before.text).not.toContain("Re-referrals within a year, as renamed");
    await run(sql`update measures set title = 'Re-referrals within a year, as renamed' where code = 'REREFERRALS'`);
    expect((await shown(viewer, "/measures?priority=2")).text).toContain("Re-referrals within a year, as renamed");
    const rule = (await shown(viewer, "/measures")).text;
    await run(sql`insert into rag_settings (id, amber_rule, amber_percent, on_target_green, version, updated_by) values (1, 'percentage', 17, true, 1, 'Head of performance') on conflict (id) do update set amber_percent = 17, amber_rule = 'percentage'`);
    const after = (await shown(viewer, "/measures")).text;
    expect(after).not.toBe(rule);
    expect(after).toContain("17%");
  });

  it("shows a priority's new title on the plan overview, and a new outcome on the priority's page", async () => {
    await shown(viewer, "/");
    await shown(viewer, "/priorities/1");
    await run(sql`update priorities set title = 'Early help, renamed by the board' where number = 1`);
    await run(sql`insert into outcomes (priority_id, position, text) select id, 99, 'Every family knows who to call' from priorities where number = 1`);
    expect((await shown(viewer, "/")).text).toContain("Early help, renamed by the board");
    expect((await shown(viewer, "/priorities/1")).text).toContain("Every family knows who to call");
  });

  it("is drawn for the person looking: their name, what they may do, and their own form token", async () => {
    const [seenByViewer, seenByAnalyst] = [await shown(viewer, "/measures"), await shown(analyst, "/measures")];
    const header = (body: string) => page(body).texts("header, .govuk-header, .govuk-service-navigation").join(" ");
    expect(header(seenByViewer.body)).not.toBe(header(seenByAnalyst.body));
    const tokenOf = (body: string) => page(body).document.querySelector('input[name="_csrf"]')?.getAttribute("value");
    expect(tokenOf(seenByViewer.body)).toBeTruthy();
    expect(tokenOf(seenByViewer.body)).not.toBe(tokenOf(seenByAnalyst.body));
    expect((await shown(viewer, "/measures")).body).toContain(String(tokenOf(seenByViewer.body)));
    // The token in a kept page is the session's own: signing out with it works.
    const signOut = await viewer.post("/sign-out", {}, "/measures");
    expect(signOut.statusCode).toBe(303);
    viewer = await signedIn(testApp.app, "viewer");
  });

  it("carries each request's own script nonce, the one its security policy allows", async () => {
    const nonces = [];
    for (let i = 0; i < 2; i += 1) {
      const { body, headers } = await shown(viewer, "/measures");
      const allowed = /'nonce-([^']+)'/.exec(String(headers["content-security-policy"]))?.[1];
      const scripts = [...page(body).document.querySelectorAll("script[nonce]")].map((s) => s.getAttribute("nonce"));
      expect(scripts.length).toBeGreaterThan(0);
      expect(new Set(scripts)).toEqual(new Set([allowed]));
      nonces.push(allowed);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});
