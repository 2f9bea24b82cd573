import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../src/db/client.ts";
import { JobQueue } from "../src/db/queue.ts";
import { selectRows } from "../src/db/rows.ts";
import { sessionCookieName } from "../src/modules/access/index.ts";
import { buildApp } from "../src/app/app.ts";
import { engines, type TestHandle } from "./support/databases.ts";
import { page } from "./support/html.ts";
import { signedIn, type Client } from "./support/session.ts";
import { sharedPath } from "./support/shared.ts";
import { upload, uploadAndApply } from "./support/upload.ts";

const statuses = (responses: LightMyRequestResponse[]) => responses.map((r) => r.statusCode);

/** What a browser would send from a form on the page: its inputs, checked boxes, chosen options and text areas. */
function fieldsOf(document: ReturnType<typeof page>["document"], action: string, where = "the page"): Record<string, string> {
  const form = [...document.querySelectorAll('form[method="post"]')].find((f) => f.getAttribute("action") === action);
  if (!form) throw new Error(`no form posting to ${action} on ${where}`);
  const fields: Record<string, string> = {};
  for (const input of form.querySelectorAll("input[name]")) {
    const type = input.getAttribute("type") ?? "text";
    if ((type === "radio" || type === "checkbox") && !input.hasAttribute("checked")) continue;
    fields[input.getAttribute("name") ?? ""] = input.getAttribute("value") ?? (type === "checkbox" ? "on" : "");
  }
  // The parser keeps a text area's character references as written: decode the ones templates write.
  for (const area of form.querySelectorAll("textarea[name]")) fields[area.getAttribute("name") ?? ""] = decodeText(area.textContent ?? "");
  for (const select of form.querySelectorAll("select[name]")) {
    const chosen = select.querySelector("option[selected]") ?? select.querySelector("option");
    fields[select.getAttribute("name") ?? ""] = chosen?.getAttribute("value") ?? "";
  }
  return fields;
}

function decodeText(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) =>
    ref.startsWith("#x") ? String.fromCodePoint(parseInt(ref.slice(2), 16)) : ref.startsWith("#") ? String.fromCodePoint(Number(ref.slice(1))) : (named[ref] ?? whole),
  );
}

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
  /** Each instance's job queue: on PostgreSQL both do the jobs sent, side by side. */
  let queues: JobQueue[] = [];

  beforeAll(async () => {
    handle = await engine.openDemo();
    queues = [new JobQueue(handle.db)];
    apps = [await buildApp({ db: handle.db, chromium: null, queue: queues[0] })];
    if (handle.url) {
      // A second instance: its own pool on the same database.
      second = await openDatabase({ databaseUrl: handle.url });
      queues.push(new JobQueue(second.db));
      apps.push(await buildApp({ db: second.db, chromium: null, queue: queues[1] }));
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const queue of queues) await queue.stop();
    await second?.close();
    await handle?.close();
  });

  const count = async (query: ReturnType<typeof sql>) => Number((await selectRows(handle.db, query))[0]?.n);

  /** The form's fields as the page gives them (its CSRF token included), to post many times at once. */
  async function formOf(browser: Client, formPage: string, action: string) {
    return fieldsOf(page((await browser.get(formPage)).body).document, action, formPage);
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
    const again = fieldsOf(refused.document, "/measures/entry");
    const [replaced] = await postAtOnce(analyst, "/measures/entry", 1, () => again);
    expect(replaced?.statusCode).toBe(200);
    expect(page(replaced?.body ?? "").text).toContain("0 added, 1 changed");
  });

  it("applies 30 one-row files imported at once, each audited once and keeping what it replaced, and a lost file can be imported again", async () => {
    const analyst = await signedIn(apps[0] as FastifyInstance, "analyst");
    const file = (i: number) => `measure_code,period_end,value,numerator,denominator,status,note\nREREFERRALS,2026-02-28,${String(30 + i)},,,final,\n`;
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => upload(apps[i % apps.length] as FastifyInstance, analyst, "/measures/import", { name: `values-${String(i)}.csv`, content: file(i) })));
    // Each is checked and kept at once, and its values saved by a job: on PostgreSQL both instances do them side by side.
    expect(statuses(responses)).toEqual(Array.from({ length: 30 }, () => 303));
    expect(await count(sql`select count(*) as n from value_imports where file_name like 'values-%' and state = 'received'`)).toBe(30);
    await Promise.all(queues.map((queue) => queue.runPending()));
    const results = await Promise.all(responses.map((response) => analyst.get(String(response.headers.location))));
    expect(statuses(results)).toEqual(Array.from({ length: 30 }, () => 200));
    const [row] = await selectRows(handle.db, sql`select v.id, v.value, v.version from measure_values v join measures m on m.id = v.measure_id where m.code = 'REREFERRALS' and v.period_end = '2026-02-28'`);
    expect(Number(row?.version)).toBe(30);
    // Each import's row, in the order they were applied, with what the value was before it.
    const changes = await selectRows(handle.db, sql`select r.outcome, r.was_value, r.value from value_import_rows r join value_imports i on i.id = r.import_id where r.value_id = ${Number(row?.id)} and i.file_name like 'values-%' order by i.applied_at, i.id`);
    expect(changes).toHaveLength(30);
    expect(changes[0]?.outcome).toBe("added");
    // Each import replaced exactly what the one before it saved: no change was lost between them.
    for (let i = 1; i < changes.length; i += 1) expect(changes[i]?.was_value).toBe(changes[i - 1]?.value);
    expect(changes.at(-1)?.value).toBe(Number(row?.value));
    expect(await count(sql`select count(*) as n from value_imports where file_name like 'values-%' and state = 'applied'`)).toBe(30);
    expect(await count(sql`select count(*) as n from audit_events where record_type = 'values import' and after->>'fileName' like 'values-%'`)).toBe(30);

    // The file applied first had its value replaced by later ones (the jobs take them in no set
    // order): importing it again puts it back.
    const [applied] = await selectRows(handle.db, sql`select file_name from value_imports where file_name like 'values-%' order by applied_at, id limit 1`);
    const n = Number(/values-(\d+)\.csv/.exec(String(applied?.file_name))?.[1]);
    const first = await uploadAndApply(apps[0] as FastifyInstance, queues[0] as JobQueue, analyst, { name: `values-${String(n)}.csv`, content: file(n) });
    expect(page(first.body).text).toContain("0 added, 1 changed");
    expect(Number((await selectRows(handle.db, sql`select value from measure_values where id = ${Number(row?.id)}`))[0]?.value)).toBe(30 + n);
    // And once more: now nothing differs, and the page says when the file was imported before.
    const repeat = await uploadAndApply(apps[0] as FastifyInstance, queues[0] as JobQueue, analyst, { name: `values-${String(n)}.csv`, content: file(n) });
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
    const again = fieldsOf(refused.document, "/measures/REREFERRALS/commentary");
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

  // The first issue keeps the cases behind the demo's computed figures: tens of seconds on the embedded database.
  it("issues a report once when Issue is clicked three times at once", async () => {
    const approver = await signedIn(apps[0] as FastifyInstance, "approver");
    const [report] = await selectRows(handle.db, sql`select id from reports order by id limit 1`);
    const url = `/reports/${String(report?.id)}/issue`;
    // The form that issues is on the page that asks to confirm.
    const form = await formOf(approver, url, url);
    expect(form.issue).toBe("1");
    const responses = await postAtOnce(approver, url, 3, () => form);
    expect(statuses(responses)).toEqual([303, 303, 303]);
    // Each click sent a job; the instances' queues do them at the same time.
    await Promise.all(queues.map((queue) => queue.runPending()));
    expect(await count(sql`select count(*) as n from report_issues where report_id = ${Number(report?.id)}`)).toBe(1);
    expect(await count(sql`select count(*) as n from audit_events where action = 'issue' and record_id = ${String(report?.id)}`)).toBe(1);
    const told = await Promise.all(responses.map(async (r) => String((await approver.get(String(r.headers.location))).headers.location)));
    expect(told.filter((l) => l.endsWith("?issued=1"))).toHaveLength(1);
    const already = await approver.get(told.find((l) => l.includes("already=")) ?? "");
    expect(page(already.body).text).toContain("This report had just been issued as issue 1 by");
    // The page now offers issue 2, which a deliberate second issue takes.
    expect((await formOf(approver, url, url)).issue).toBe("2");
  }, 120_000);

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

  it("moves an update through submit and return once each when the buttons are pressed ten times at once", async () => {
    const admin = await signedIn(apps[0] as FastifyInstance, "admin");
    const opened = await admin.post("/progress/periods", { planYear: "2025", kind: "quarter", quarter: "4", deadline: "" }, "/progress");
    const updatePage = `${String(opened.headers.location)}/priorities/4`;
    const lead = await signedIn(apps[0] as FastifyInstance, "lead");
    expect((await lead.post(`${updatePage}/edit`, { narrative: "Ready for approval.", action: "draft", version: "0" })).statusCode).toBe(303);
    const [update] = await selectRows(handle.db, sql`select u.id from progress_updates u join reporting_periods p on p.id = u.period_id where p.plan_year = 2025 and p.quarter = 4 and u.scope = 'priority'`);
    const submitUrl = `/progress/updates/${String(update?.id)}/submit`;
    const submitForm = await formOf(lead, updatePage, submitUrl);
    const submits = await postAtOnce(lead, submitUrl, 10, () => submitForm);
    expect(statuses(submits).filter((s) => s >= 500)).toEqual([]);
    expect(await count(sql`select count(*) as n from audit_events where record_type = 'progress update' and action = 'submit' and record_id = ${String(update?.id)}`)).toBe(1);

    const approver = await signedIn(apps[0] as FastifyInstance, "approver");
    const returnUrl = `/progress/updates/${String(update?.id)}/return`;
    const returnForm = await formOf(approver, updatePage, returnUrl);
    const returns = await postAtOnce(approver, returnUrl, 10, (i) => ({ ...returnForm, comment: `Say more about recruitment (${String(i)})` }));
    expect(statuses(returns).filter((s) => s >= 500)).toEqual([]);
    expect(await count(sql`select count(*) as n from audit_events where record_type = 'progress update' and action = 'return' and record_id = ${String(update?.id)}`)).toBe(1);
    const [stored] = await selectRows(handle.db, sql`select state, return_comment from progress_updates where id = ${Number(update?.id)}`);
    expect(stored?.state).toBe("returned");
  });

  it("starts the service-wide update once for ten first saves at once", async () => {
    const admin = await signedIn(apps[0] as FastifyInstance, "admin");
    const [period] = await selectRows(handle.db, sql`select id from reporting_periods where plan_year = 2025 and kind = 'quarter' and quarter = 3`);
    const url = `/progress/periods/${String(period?.id)}/service/edit`;
    const form = await formOf(admin, url, url);
    const saves = await postAtOnce(admin, url, 10, (i) => ({ ...form, highlights: `Highlight ${String(i)}` }));
    expect(statuses(saves).filter((s) => s >= 500)).toEqual([]);
    expect(await count(sql`select count(*) as n from progress_updates where period_id = ${Number(period?.id)} and scope = 'service'`)).toBe(1);
    expect(await count(sql`select count(*) as n from audit_events where record_type = 'progress update' and action = 'create' and record_id = (select id::text from progress_updates where period_id = ${Number(period?.id)} and scope = 'service')`)).toBe(1);
  });

  it("changes a priority once when ten editors save the same version of it", async () => {
    const editor = await signedIn(apps[0] as FastifyInstance, "editor");
    const form = await formOf(editor, "/priorities/2/edit", "/priorities/2/edit");
    const saves = await postAtOnce(editor, "/priorities/2/edit", 10, (i) => ({ ...form, title: `Priority two, edit ${String(i)}` }));
    expect(statuses(saves).filter((s) => s !== 303 && s !== 409)).toEqual([]);
    expect(saves.filter((r) => r.statusCode === 303)).toHaveLength(1);
    const [priority] = await selectRows(handle.db, sql`select id, title from priorities where number = 2`);
    const events = await selectRows(handle.db, sql`select after from audit_events where record_type = 'priority' and record_id = ${String(priority?.id)} and action = 'update'`);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]?.after)).toContain(String(priority?.title));
  });

  it("adds one priority for ten sendings of one form, and a number of its own to each of ten forms sent at once", async () => {
    const editor = await signedIn(apps[0] as FastifyInstance, "editor");
    const before = await count(sql`select count(*) as n from priorities`);
    const form = { ...(await formOf(editor, "/priorities/new", "/priorities/new")), title: "Sent ten times", vision: "One form sent ten times at once." };
    const twice = await postAtOnce(editor, "/priorities/new", 10, () => form);
    expect(statuses(twice)).toEqual(Array.from({ length: 10 }, () => 303));
    expect(await count(sql`select count(*) as n from priorities`)).toBe(before + 1);
    expect(twice.filter((r) => String(r.headers.location).endsWith("?saved=priority-added"))).toHaveLength(1);
    expect(await count(sql`select count(*) as n from audit_events where record_type = 'priority' and action = 'create'`)).toBe(1);

    const forms = await Promise.all(Array.from({ length: 10 }, () => formOf(editor, "/priorities/new", "/priorities/new")));
    const apart = await postAtOnce(editor, "/priorities/new", 10, (i) => ({ ...forms[i], title: `Added at once ${String(i)}`, vision: "Ten forms sent at once." }));
    expect(statuses(apart)).toEqual(Array.from({ length: 10 }, () => 303));
    const numbers = (await selectRows(handle.db, sql`select number from priorities where title like 'Added at once %'`)).map((r) => Number(r.number));
    expect(new Set(numbers).size).toBe(10);
  });

  it("moves a priority once when its Move up is pressed ten times at once", async () => {
    const editor = await signedIn(apps[0] as FastifyInstance, "editor");
    const form = await formOf(editor, "/plan/setup", "/priorities/5/move");
    const moves = await postAtOnce(editor, "/priorities/5/move", 10, () => ({ ...form, direction: "up" }));
    // The first moves it; the rest find the order already as asked.
    expect(statuses(moves)).toEqual(Array.from({ length: 10 }, () => 303));
    const [priority] = await selectRows(handle.db, sql`select id from priorities where number = 5`);
    expect(await count(sql`select count(*) as n from audit_events where record_type = 'priority' and record_id = ${String(priority?.id)} and action = 'move'`)).toBe(1);
    const order = (await selectRows(handle.db, sql`select number from priorities where number between 3 and 6 order by position`)).map((r) => Number(r.number));
    expect(order).toEqual([3, 5, 4, 6]);
  });

  it("keeps one council RAG rule and one target a year when ten people save at once", async () => {
    const analyst = await signedIn(apps[0] as FastifyInstance, "analyst");
    const rule = await formOf(analyst, "/measures/settings", "/measures/settings");
    const rules = await postAtOnce(analyst, "/measures/settings", 10, (i) => ({ ...rule, amberRule: "percentage", amberPercent: String(i + 1) }));
    expect(statuses(rules).filter((s) => s !== 303 && s !== 409)).toEqual([]);
    expect(rules.filter((r) => r.statusCode === 303)).toHaveLength(1);
    expect(await count(sql`select count(*) as n from audit_events where record_type = 'RAG settings'`)).toBe(1);

    const newTarget = "/measures/REREFERRALS/targets/new";
    const target = await formOf(analyst, newTarget, newTarget);
    const added = await postAtOnce(analyst, newTarget, 10, (i) => ({ ...target, planYear: "2026/27", value: String(20 + i), tolerance: "1" }));
    expect(statuses(added).filter((s) => s >= 500)).toEqual([]);
    expect(added.filter((r) => r.statusCode === 303)).toHaveLength(1);
    expect(await count(sql`select count(*) as n from measure_targets t join measures m on m.id = t.measure_id where m.code = 'REREFERRALS' and t.plan_year = 2026`)).toBe(1);
  });

  it("adds a measure once when Add is clicked ten times at once, and changes it once when ten people save the same version", async () => {
    const analyst = await signedIn(apps[0] as FastifyInstance, "analyst");
    const form = await formOf(analyst, "/measures/new", "/measures/new");
    const measure = {
      ...form,
      code: "PLACEMENT-STABILITY",
      title: "Children in care with three or more placements in the year",
      definition: "Children in care on the last day of the quarter who had three or more placements in the 12 months before it, as a percentage of all children in care.",
      unit: "percentage",
      polarity: "lower-better",
      frequency: "quarterly",
      decimals: "1",
      source: "entered",
      priorities: "4",
    };
    const adds = await postAtOnce(analyst, "/measures/new", 10, () => measure);
    // Every click ends on the one measure: the first added it, the others found it.
    expect(statuses(adds)).toEqual(Array.from({ length: 10 }, () => 303));
    expect(new Set(adds.map((r) => String(r.headers.location)))).toEqual(new Set(["/measures/PLACEMENT-STABILITY?saved=1"]));
    const id = sql`(select id::text from measures where code = 'PLACEMENT-STABILITY')`;
    expect(await count(sql`select count(*) as n from measures where code = 'PLACEMENT-STABILITY'`)).toBe(1);
    expect(await count(sql`select count(*) as n from measure_priorities where measure_id = (select id from measures where code = 'PLACEMENT-STABILITY')`)).toBe(1);
    expect(await count(sql`select count(*) as n from audit_events where record_type = 'measure' and action = 'add' and record_id = ${id}`)).toBe(1);

    const editUrl = "/measures/PLACEMENT-STABILITY/edit";
    const edit = await formOf(analyst, editUrl, editUrl);
    const saves = await postAtOnce(analyst, editUrl, 10, (i) => ({ ...edit, title: `Placement stability, edit ${String(i)}` }));
    expect(statuses(saves).filter((s) => s !== 303 && s !== 409)).toEqual([]);
    expect(saves.filter((r) => r.statusCode === 303)).toHaveLength(1);
    const [stored] = await selectRows(handle.db, sql`select title, version from measures where code = 'PLACEMENT-STABILITY'`);
    expect(Number(stored?.version)).toBe(2);
    const events = await selectRows(handle.db, sql`select after from audit_events where record_type = 'measure' and action = 'update' and record_id = ${id}`);
    expect(events).toHaveLength(1);
    expect((events[0]?.after as { title: string }).title).toBe(stored?.title);
  });

  it("saves a report's cover sheet once when ten people save the same version", async () => {
    const editor = await signedIn(apps[0] as FastifyInstance, "editor");
    const [report] = await selectRows(handle.db, sql`select id from reports order by id desc limit 1`);
    const url = `/reports/${String(report?.id)}/edit`;
    const form = await formOf(editor, url, url);
    const saves = await postAtOnce(editor, url, 10, (i) => ({ ...form, author: `Author ${String(i)}` }));
    expect(statuses(saves).filter((s) => s !== 303 && s !== 409)).toEqual([]);
    expect(saves.filter((r) => r.statusCode === 303)).toHaveLength(1);
    expect(await count(sql`select count(*) as n from audit_events where record_type = 'report' and action = 'edit' and record_id = ${String(report?.id)}`)).toBe(1);
  });

  it("loads DfE statistics, the neighbour model and Ofsted's judgements once each when four people import them at once", async () => {
    const analyst = await signedIn(apps[0] as FastifyInstance, "analyst");
    const dfe = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv";
    const dfeFile = readFileSync(sharedPath("data", "dfe-ees", dfe));
    // Each file is kept and a job imports it: on PostgreSQL both instances do the jobs side by side.
    const importedAll = async (responses: LightMyRequestResponse[]) => {
      expect(statuses(responses)).toEqual(responses.map(() => 303));
      await Promise.all(queues.map((queue) => queue.runPending()));
      return Promise.all(responses.map((response) => analyst.get(String(response.headers.location))));
    };
    const benchmarks = await importedAll(await Promise.all(Array.from({ length: 4 }, (_, i) => upload(apps[i % apps.length] as FastifyInstance, analyst, "/measures/benchmarks/import", { name: dfe, content: dfeFile }, { measure: "REREFERRALS" }))));
    expect(benchmarks.map((response) => page(response.body).texts(".govuk-notification-banner__heading")[0])).toEqual(Array.from({ length: 4 }, () => expect.stringMatching(/^Imported \d+ published values/) as unknown));
    const rows = await count(sql`select count(*) as n from benchmark_values b join measures m on m.id = b.measure_id where m.code = 'REREFERRALS'`);
    await importedAll([await upload(apps[0] as FastifyInstance, analyst, "/measures/benchmarks/import", { name: dfe, content: dfeFile }, { measure: "REREFERRALS" })]);
    expect(await count(sql`select count(*) as n from benchmark_values b join measures m on m.id = b.measure_id where m.code = 'REREFERRALS'`)).toBe(rows);

    const formPage = "/measures/reference-data";
    const model = readFileSync(sharedPath("data", "dfe-ees", "sn_model_2025_wide.csv"));
    const models = await importedAll(await Promise.all(Array.from({ length: 4 }, (_, i) => upload(apps[i % apps.length] as FastifyInstance, analyst, "/measures/reference-data/neighbours", { name: "sn_model_2025_wide.csv", content: model }, { year: "2026" }, formPage))));
    expect(statuses(models)).toEqual([200, 200, 200, 200]);
    expect(await count(sql`select count(*) as n from (select council_code from neighbour_sets where year = 2026 group by council_code having count(*) > 1) twice`)).toBe(0);
    expect(await count(sql`select count(*) as n from audit_events where action = 'import neighbours' and record_id = '2026'`)).toBe(1);

    const workbook = readFileSync(sharedPath("data", "ofsted", "ofsted_csc_ilacs_overview.xlsx"));
    const judgements = await importedAll(await Promise.all(Array.from({ length: 4 }, (_, i) => upload(apps[i % apps.length] as FastifyInstance, analyst, "/measures/reference-data/ofsted", { name: "ofsted_csc_ilacs_overview.xlsx", content: workbook, field: "workbook" }, {}, formPage))));
    expect(statuses(judgements)).toEqual([200, 200, 200, 200]);
    expect(await count(sql`select count(*) as n from (select council_code from ofsted_judgements group by council_code having count(*) > 1) twice`)).toBe(0);
    // Thirteen imports of three whole DfE and Ofsted files, each by a job: far more work than a test's usual bound.
  }, 120_000);

  it("carries a milestone forward once when five people save the year-end review at once", async () => {
    const editor = await signedIn(apps[0] as FastifyInstance, "editor");
    const [milestone] = await selectRows(handle.db, sql`select m.id, m.text from milestones m where m.plan_year = 2025 and m.superseded_by_reset_id is null order by m.id limit 1`);
    const nextYear = sql`select count(*) as n from milestones where plan_year = 2026 and text = ${String(milestone?.text)}`;
    const before = await count(nextYear);
    const form = await formOf(editor, "/progress/review/2025", "/progress/review/2025");
    const saves = await postAtOnce(editor, "/progress/review/2025", 5, () => ({ ...form, [`decision-${String(milestone?.id)}`]: "carried_forward" }));
    expect(statuses(saves).filter((s) => s >= 500)).toEqual([]);
    expect(await count(nextYear)).toBe(before + 1);
    expect(await count(sql`select count(*) as n from audit_events where action = 'year-end review' and record_id = ${String(milestone?.id)}`)).toBe(1);
  });

  it.runIf(engine.name === "PostgreSQL")("lets people change measures while a long import is still running", async () => {
    // A long import: a transaction that has changed values and not yet committed.
    const importer = new pg.Client({ connectionString: handle.url });
    await importer.connect();
    try {
      // The scorecard's versions, added up: the global one and each measure's own.
      const versions = sql`select coalesce(sum(version), 0) as n from data_versions where name = 'scorecard' or name like 'measure:%'`;
      const versionBefore = await count(versions);
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
      const versionDuring = await count(versions);
      expect(versionDuring).toBe(versionBefore + 1);
      await importer.query("commit");
      expect(await count(versions)).toBe(versionBefore + 2);
      expect(await count(sql`select count(*) as n from data_version_bumps`)).toBe(0);
    } finally {
      await importer.end();
    }
  });
});
