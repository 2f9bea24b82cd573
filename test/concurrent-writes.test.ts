import { sql } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../src/db/client.ts";
import { selectRows } from "../src/db/rows.ts";
import { sessionCookieName } from "../src/modules/access/sessions.ts";
import { buildApp } from "../src/web/app.ts";
import { engines, type TestHandle } from "./support/databases.ts";
import { loadDemoPlan } from "./support/demo.ts";
import { page } from "./support/html.ts";
import { signedIn, type Client } from "./support/session.ts";
import { upload } from "./support/upload.ts";

/**
 * Every write path under real concurrency, on both databases: many requests for the same record
 * at once, through the app, as people double-clicking or editing side by side would send them. On
 * PostgreSQL the requests go through two app instances sharing the database. Each change is
 * applied (and audited once) or refused and reported; none answers 500, and the audit trail's last
 * word on a record is what the database holds.
 */
describe.each(engines)("concurrent writes on $name", (engine) => {
  let handle: TestHandle;
  let second: DatabaseHandle | null = null;
  let apps: FastifyInstance[] = [];

  beforeAll(async () => {
    handle = await engine.open();
    await loadDemoPlan(handle);
    apps = [await buildApp({ db: handle.db, chromium: null })];
    if (handle.url) {
      // A second instance: its own pool on the same database.
      second = await openDatabase({ databaseUrl: handle.url });
      apps.push(await buildApp({ db: second.db, chromium: null }));
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await second?.close();
    await handle?.close();
  });

  const count = async (query: ReturnType<typeof sql>) => Number((await selectRows(handle.db, query))[0]?.n);

  /** The form's fields as the page gives them (its CSRF token included), to post many times at once. */
  async function formOf(browser: Client, formPage: string, action: string) {
    const document = page((await browser.get(formPage)).body).document;
    const form = [...document.querySelectorAll('form[method="post"]')].find((f) => f.getAttribute("action") === action);
    if (!form) throw new Error(`no form posting to ${action} on ${formPage}`);
    return Object.fromEntries([...form.querySelectorAll("input[name]")].map((i) => [i.getAttribute("name") ?? "", i.getAttribute("value") ?? ""]));
  }

  /** Posts the same form `n` times at once, spread over the app instances; `fields(i)` gives each its own edit. */
  function postAtOnce(browser: Client, url: string, n: number, fields: (i: number) => Record<string, string>): Promise<LightMyRequestResponse[]> {
    return Promise.all(
      Array.from({ length: n }, (_, i) =>
        (apps[i % apps.length] as FastifyInstance).inject({
          method: "POST",
          url,
          payload: new URLSearchParams(fields(i)).toString(),
          headers: { "content-type": "application/x-www-form-urlencoded" },
          cookies: { [sessionCookieName]: browser.cookie ?? "" },
        }),
      ),
    );
  }

  const statuses = (responses: LightMyRequestResponse[]) => responses.map((r) => r.statusCode);

  it("saves one value typed by 50 people at once exactly once, and tells the others what is saved now", async () => {
    const analyst = await signedIn(apps[0] as FastifyInstance, "analyst");
    const form = await formOf(analyst, "/measures/entry?period=2026-01-31", "/measures/entry");
    expect(form["version-REREFERRALS"]).toBe("0");
    const responses = await postAtOnce(analyst, "/measures/entry", 50, (i) => ({ ...form, "value-REREFERRALS": String(20 + i / 10) }));
    expect(statuses(responses).filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const saved = responses.filter((r) => r.statusCode === 200);
    expect(saved).toHaveLength(1);
    expect(page(saved[0]?.body ?? "").text).toContain("Saved: 1 added, 0 changed");
    const refused = page(responses.find((r) => r.statusCode === 409)?.body ?? "");
    expect(refused.text).toContain("Someone else changed this value while you were entering yours");
    expect(refused.text).toContain("Nothing has been saved");

    const [row] = await selectRows(handle.db, sql`select v.id, v.value, v.version from measure_values v join measures m on m.id = v.measure_id where m.code = 'REREFERRALS' and v.period_end = '2026-01-31'`);
    expect(Number(row?.version)).toBe(1);
    const events = await selectRows(handle.db, sql`select after from audit_events where record_type = 'measure value' and record_id = ${String(row?.id)} order by id`);
    expect(events).toHaveLength(1);
    expect((events[0]?.after as { value: number }).value).toBe(Number(row?.value));

    // Saving again from the refused page (which now carries the saved version) replaces the value.
    const again = Object.fromEntries([...refused.document.querySelectorAll('form[action="/measures/entry"] input[name]')].map((i) => [i.getAttribute("name") ?? "", i.getAttribute("value") ?? ""]));
    const [replaced] = await postAtOnce(analyst, "/measures/entry", 1, () => again);
    expect(replaced?.statusCode).toBe(200);
    expect(page(replaced?.body ?? "").text).toContain("0 added, 1 changed");
  });

  it("applies 30 one-row files imported at once, each audited with what it replaced, and a lost file can be imported again", async () => {
    const analyst = await signedIn(apps[0] as FastifyInstance, "analyst");
    const file = (i: number) => `measure_code,period_end,value,numerator,denominator,status,note\nREREFERRALS,2026-02-28,${String(30 + i)},,,final,\n`;
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => upload(apps[i % apps.length] as FastifyInstance, analyst, "/measures/import", { name: `values-${String(i)}.csv`, content: file(i) })));
    expect(statuses(responses)).toEqual(Array.from({ length: 30 }, () => 200));
    const [row] = await selectRows(handle.db, sql`select v.id, v.value, v.version from measure_values v join measures m on m.id = v.measure_id where m.code = 'REREFERRALS' and v.period_end = '2026-02-28'`);
    expect(Number(row?.version)).toBe(30);
    const events = await selectRows(handle.db, sql`select before, after from audit_events where record_type = 'measure value' and record_id = ${String(row?.id)} order by id`);
    expect(events).toHaveLength(30);
    // Each import replaced exactly what the one before it saved: no change was lost between them.
    for (let i = 1; i < events.length; i += 1) expect((events[i]?.before as { value: number }).value).toBe((events[i - 1]?.after as { value: number }).value);
    expect((events.at(-1)?.after as { value: number }).value).toBe(Number(row?.value));
    expect(await count(sql`select count(*) as n from value_imports where file_name like 'values-%'`)).toBe(30);

    // The first file's value was replaced by later ones: importing it again puts it back.
    const first = await upload(apps[0] as FastifyInstance, analyst, "/measures/import", { name: "values-0.csv", content: file(0) });
    expect(page(first.body).text).toContain("0 added, 1 changed");
    expect(Number((await selectRows(handle.db, sql`select value from measure_values where id = ${Number(row?.id)}`))[0]?.value)).toBe(30);
    // And once more: now nothing differs, and the page says when the file was imported before.
    const repeat = await upload(apps[0] as FastifyInstance, analyst, "/measures/import", { name: "values-0.csv", content: file(0) });
    expect(page(repeat.body).text).toContain("0 added, 0 changed, 1 unchanged");
    expect(page(repeat.body).text).toContain("This file was imported before");
  });

  it("keeps one commentary of 20 written at once for the same period, and shows the others what was saved", async () => {
    const analyst = await signedIn(apps[0] as FastifyInstance, "analyst");
    const form = await formOf(analyst, "/measures/REREFERRALS", "/measures/REREFERRALS/commentary");
    const responses = await postAtOnce(analyst, "/measures/REREFERRALS/commentary", 20, (i) => ({ ...form, periodEnd: "2026-01-31", text: `Commentary number ${String(i)}` }));
    expect(statuses(responses).filter((s) => s !== 303 && s !== 409)).toEqual([]);
    expect(responses.filter((r) => r.statusCode === 303)).toHaveLength(1);
    const refused = page(responses.find((r) => r.statusCode === 409)?.body ?? "");
    expect(refused.text).toContain("Someone else changed this while you were editing it");
    const [stored] = await selectRows(handle.db, sql`select c.text from measure_commentary c join measures m on m.id = c.measure_id where m.code = 'REREFERRALS' and c.period_end = '2026-01-31'`);
    const events = await selectRows(handle.db, sql`select before, after from audit_events where action = 'comment' and after->>'periodEnd' = '2026-01-31'`);
    expect(events).toHaveLength(1);
    expect((events[0]?.after as { commentary: string }).commentary).toBe(stored?.text);
    expect(events[0]?.before).toBeNull();
    // The refused page holds the person's own words and the saved version: saving again replaces.
    const again = Object.fromEntries([...refused.document.querySelectorAll('form[action="/measures/REREFERRALS/commentary"] input[name]')].map((i) => [i.getAttribute("name") ?? "", i.getAttribute("value") ?? ""]));
    const yours = refused.document.querySelector("textarea#text")?.textContent ?? "";
    expect(yours).toMatch(/^Commentary number \d+$/);
    const [replaced] = await postAtOnce(analyst, "/measures/REREFERRALS/commentary", 1, () => ({ ...again, periodEnd: "2026-01-31", text: yours }));
    expect(replaced?.statusCode).toBe(303);
    const last = await selectRows(handle.db, sql`select before, after from audit_events where action = 'comment' and after->>'periodEnd' = '2026-01-31' order by id`);
    expect((last.at(-1)?.before as { commentary: string }).commentary).toBe(stored?.text);
  });

  it("opens a period once when ten administrators open it at once, and starts its update once for 50 first saves", async () => {
    const admin = await signedIn(apps[0] as FastifyInstance, "admin");
    const opening = await formOf(admin, "/progress", "/progress/periods");
    const opened = await postAtOnce(admin, "/progress/periods", 10, () => ({ ...opening, planYear: "2025", kind: "quarter", quarter: "3", deadline: "" }));
    expect(statuses(opened).filter((s) => s !== 303 && s !== 400)).toEqual([]);
    expect(opened.filter((r) => r.statusCode === 303)).toHaveLength(1);
    expect(page(opened.find((r) => r.statusCode === 400)?.body ?? "").text).toContain("is already open or reported");
    const [period] = await selectRows(handle.db, sql`select id from reporting_periods where plan_year = 2025 and kind = 'quarter' and quarter = 3`);

    const lead = await signedIn(apps[0] as FastifyInstance, "lead");
    const url = `/progress/periods/${String(period?.id)}/priorities/3/edit`;
    const form = await formOf(lead, url, url);
    const saves = await postAtOnce(lead, url, 50, (i) => ({ ...form, narrative: `First draft number ${String(i)}` }));
    expect(statuses(saves).filter((s) => s !== 303 && s !== 409)).toEqual([]);
    expect(saves.filter((r) => r.statusCode === 303)).toHaveLength(1);
    expect(page(saves.find((r) => r.statusCode === 409)?.body ?? "").text).toContain("Someone else");
    expect(await count(sql`select count(*) as n from progress_updates where period_id = ${Number(period?.id)}`)).toBe(1);
    expect(await count(sql`select count(*) as n from audit_events where record_type = 'progress update' and action = 'create' and record_id = (select id::text from progress_updates where period_id = ${Number(period?.id)})`)).toBe(1);
  });

  it("issues a report once when Issue is clicked five times at once", async () => {
    const approver = await signedIn(apps[0] as FastifyInstance, "approver");
    const [report] = await selectRows(handle.db, sql`select id from reports order by id limit 1`);
    const url = `/reports/${String(report?.id)}/issue`;
    const form = await formOf(approver, `/reports/${String(report?.id)}`, url);
    expect(form.issue).toBe("1");
    const responses = await postAtOnce(approver, url, 5, () => form);
    expect(statuses(responses)).toEqual([303, 303, 303, 303, 303]);
    expect(await count(sql`select count(*) as n from report_issues where report_id = ${Number(report?.id)}`)).toBe(1);
    expect(await count(sql`select count(*) as n from audit_events where action = 'issue' and record_id = ${String(report?.id)}`)).toBe(1);
    const told = responses.map((r) => String(r.headers.location));
    expect(told.filter((l) => l.endsWith("?issued=1"))).toHaveLength(1);
    const already = await approver.get(told.find((l) => l.includes("already=")) ?? "");
    expect(page(already.body).text).toContain("This report had just been issued as issue 1 by");
    // The page now offers issue 2, which a deliberate second issue takes.
    expect((await formOf(approver, `/reports/${String(report?.id)}`, url)).issue).toBe("2");
  });

  it("changes a target once when ten people save the same version of it", async () => {
    const analyst = await signedIn(apps[0] as FastifyInstance, "analyst");
    const [target] = await selectRows(handle.db, sql`select t.id, m.code from measure_targets t join measures m on m.id = t.measure_id order by t.id limit 1`);
    const url = `/measures/${String(target?.code)}/targets/${String(target?.id)}/edit`;
    const form = await formOf(analyst, url, url);
    const responses = await postAtOnce(analyst, url, 10, (i) => ({ ...form, value: String(15 + i) }));
    expect(statuses(responses).filter((s) => s !== 303 && s !== 409)).toEqual([]);
    expect(responses.filter((r) => r.statusCode === 303)).toHaveLength(1);
    expect(await count(sql`select count(*) as n from audit_events where record_type = 'measure target' and record_id = ${String(target?.id)}`)).toBe(1);
  });

  it.runIf(engine.name === "PostgreSQL")("lets people change measures while a long import is still running", async () => {
    // A long import: a transaction that has changed values and not yet committed.
    const importer = new pg.Client({ connectionString: handle.url });
    await importer.connect();
    try {
      const versionBefore = await count(sql`select version as n from data_versions where name = 'scorecard'`);
      await importer.query("begin");
      await importer.query("update measure_values set note = 'being imported' where measure_id = (select id from measures where code = 'CHILDREN-IN-CARE')");
      const analyst = await signedIn(apps[0] as FastifyInstance, "analyst");
      const [target] = await selectRows(handle.db, sql`select t.id, m.code from measure_targets t join measures m on m.id = t.measure_id where m.code <> 'CHILDREN-IN-CARE' order by t.id desc limit 1`);
      const editUrl = `/measures/${String(target?.code)}/targets/${String(target?.id)}/edit`;
      const form = await formOf(analyst, editUrl, editUrl);
      const timedOut = new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 5000));
      const edit = postAtOnce(analyst, editUrl, 1, () => ({ ...form, note: "Changed during an import" })).then((r) => r[0]?.statusCode);
      expect(await Promise.race([edit, timedOut])).toBe(303);
      // Each committed change bumps the version once, the import when it commits.
      const versionDuring = await count(sql`select version as n from data_versions where name = 'scorecard'`);
      expect(versionDuring).toBe(versionBefore + 1);
      await importer.query("commit");
      expect(await count(sql`select version as n from data_versions where name = 'scorecard'`)).toBe(versionBefore + 2);
      expect(await count(sql`select count(*) as n from data_version_bumps`)).toBe(0);
    } finally {
      await importer.end();
    }
  });
});
