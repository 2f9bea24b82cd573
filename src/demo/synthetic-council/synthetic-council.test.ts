import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { xmr } from "../../core/spc.ts";
import { englandAndWalesCalendar } from "../../core/working-days.ts";
import { openDatabase, type DatabaseHandle } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { loadExtract, Pseudonyms, type LoadOutcome } from "../../modules/casework/index.ts";
import { testContext } from "../../../test/support/demo.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import { syntheticCaseRecords, type SyntheticOptions } from "./index.ts";
import { batchSize, type PreparedExtract } from "./records.ts";
import { publishedCeasers, publishedLookedAfter2024, publishedLookedAfter2025, publishedPlanStarts2025, publishedReferrals2025, publishedRereferrals2025, publishedStarters } from "./volumes.ts";

const plymouth: SyntheticOptions = { laCode: "879", seed: 1, scale: 1 };

/** Every row the records yield, in order, hashed; with the rows per table and the largest batch. */
async function readAll(prepared: PreparedExtract) {
  const hash = createHash("sha256");
  const tables: Record<string, number> = {};
  let rows = 0;
  let largestBatch = 0;
  for await (const batch of prepared.rows()) {
    largestBatch = Math.max(largestBatch, batch.rows.length);
    tables[batch.table] = (tables[batch.table] ?? 0) + batch.rows.length;
    rows += batch.rows.length;
    for (const row of batch.rows) hash.update(`${batch.table}\u0000${JSON.stringify(row)}\n`);
  }
  return { sha256: hash.digest("hex"), tables, rows, largestBatch };
}

describe("synthetic case records, generated", () => {
  let seedOne: Awaited<ReturnType<typeof readAll>>;
  beforeAll(async () => {
    seedOne = await readAll(syntheticCaseRecords(plymouth));
  });

  it("are the same, row for row, every time the same seed is used, and recognised as the same", async () => {
    expect(await readAll(syntheticCaseRecords(plymouth))).toEqual(seedOne);
    expect(syntheticCaseRecords(plymouth).sha256).toBe(syntheticCaseRecords({ ...plymouth }).sha256);
  });

  it("are different for a different seed, and not taken for the first seed's", async () => {
    const other = await readAll(syntheticCaseRecords({ ...plymouth, seed: 2 }));
    expect(other.sha256).not.toBe(seedOne.sha256);
    expect(syntheticCaseRecords({ ...plymouth, seed: 2 }).sha256).not.toBe(syntheticCaseRecords(plymouth).sha256);
  });

  it("count exactly the rows they yield, in batches of one table and at most 2,000 rows", () => {
    expect(syntheticCaseRecords(plymouth).rowCount).toBe(seedOne.rows);
    expect(seedOne.largestBatch).toBeLessThanOrEqual(batchSize);
  });

  it("say what they are: synthetic, for the council, taken on 30 November 2026, with nothing dropped and no problems", () => {
    const prepared = syntheticCaseRecords(plymouth);
    expect(prepared).toMatchObject({ laCode: "879", source: "synthetic", synthetic: true, label: "Synthetic case records for the demonstration (no. 1)", extractDate: "2026-11-30", collectionYear: null, dropped: {} });
    expect(prepared.problems.count).toBe(0);
    expect(syntheticCaseRecords({ ...plymouth, scale: 10 }).label).toBe("Synthetic case records for the demonstration (no. 1, 10 councils' worth)");
  });

  it("fill every table the measures read", () => {
    for (const table of ["ssd_person", "ssd_contacts", "ssd_cin_episodes", "ssd_cin_assessments", "ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cin_plans", "ssd_cin_visits", "ssd_cp_plans", "ssd_cp_reviews", "ssd_cp_visits"]) {
      expect(seedOne.tables[table], table).toBeGreaterThan(1_000);
    }
    for (const table of ["ssd_cla_episodes", "ssd_legal_status", "ssd_cla_placement", "ssd_cla_reviews", "ssd_cla_visits", "ssd_cla_health", "ssd_cla_care_plan", "ssd_care_leavers", "ssd_involvements", "ssd_professionals"]) {
      expect(seedOne.tables[table], table).toBeGreaterThan(100);
    }
    expect(seedOne.tables.ssd_department).toBe(13);
  });

  it("at a scale of 2 hold twice the people, under ids of their own, and the teams once", async () => {
    const double = syntheticCaseRecords({ ...plymouth, scale: 2 });
    const personIds = new Set<string>();
    const tables: Record<string, number> = {};
    for await (const batch of double.rows()) {
      tables[batch.table] = (tables[batch.table] ?? 0) + batch.rows.length;
      if (batch.table === "ssd_person") for (const row of batch.rows) personIds.add(String(row.pers_person_id));
    }
    expect(personIds.size).toBe(tables.ssd_person);
    expect([...personIds].some((id) => id.startsWith("S2-P"))).toBe(true);
    for (const [table, count] of Object.entries(seedOne.tables)) {
      if (table === "ssd_department") expect(tables[table]).toBe(count);
      else expect(tables[table] ?? 0, table).toBeGreaterThan(count * 1.85);
      if (table !== "ssd_department") expect(tables[table] ?? 0, table).toBeLessThan(count * 2.15);
    }
  });

  it("are sized from DfE's published figures for Plymouth, as the files hold them", async () => {
    const lines = async (file: string) => (await readFile(sharedPath("data", "dfe-ees", file), "utf8")).split(/\r?\n/).map((line) => line.split(","));
    const referrals = (await lines("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv")).find((cells) => cells[0] === "2025" && cells[7] === "879");
    expect([Number(referrals?.[11]), Number(referrals?.[12])]).toEqual([publishedReferrals2025, publishedRereferrals2025]);
    const lookedAfter = (await lines("cla_number_and_rate_per_10k_children.csv")).filter((cells) => cells[7] === "879");
    const count = (year: string, type: string) => Number(lookedAfter.find((cells) => cells[0] === year && cells[10]?.startsWith(type))?.[12]);
    expect([count("2024", "Children looked after on 31 March"), count("2025", "Children looked after on 31 March")]).toEqual([publishedLookedAfter2024, publishedLookedAfter2025]);
    expect([count("2024", "Children starting"), count("2025", "Children starting")]).toEqual([...publishedStarters]);
    expect([count("2024", "Children ceasing"), count("2025", "Children ceasing")]).toEqual([...publishedCeasers]);
    const plans = (await lines("d3_cpps_subsequent_plan_2013_to_2025.csv")).find((cells) => cells[0] === "2025" && cells[7] === "879");
    expect(Number(plans?.[11])).toBe(publishedPlanStarts2025);
  });
});

describe("synthetic case records, loaded and counted as the measures count", () => {
  let handle: DatabaseHandle;
  let outcome: LoadOutcome;
  const pseudonyms = new Pseudonyms(Buffer.alloc(32, 1));
  const rows = (query: ReturnType<typeof sql>) => selectRows(handle.db, query);
  const calendar = englandAndWalesCalendar;

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: "memory" });
    outcome = await loadExtract(handle.db, testContext, pseudonyms, syntheticCaseRecords(plymouth));
  }, 120_000);
  afterAll(async () => handle?.close());

  it("load whole, marked as synthetic, and a second time change nothing", async () => {
    expect(outcome.kind).toBe("loaded");
    const [extract] = await rows(sql`select synthetic, label, source, la_code from casework.extracts`);
    expect(extract).toEqual({ synthetic: true, label: "Synthetic case records for the demonstration (no. 1)", source: "synthetic", la_code: "879" });
    expect((await loadExtract(handle.db, testContext, pseudonyms, syntheticCaseRecords(plymouth))).kind).toBe("already");
  });

  it.each([
    ["ssd_cin_episodes", "cine_referral_date", "cine_close_date"],
    ["ssd_cin_assessments", "cina_assessment_start_date", "cina_assessment_auth_date"],
    ["ssd_s47_enquiry", "s47e_s47_start_date", "s47e_s47_end_date"],
    ["ssd_cin_plans", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date"],
    ["ssd_cp_plans", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"],
    ["ssd_cla_episodes", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"],
    ["ssd_cla_placement", "clap_cla_placement_start_date", "clap_cla_placement_end_date"],
    ["ssd_legal_status", "lega_legal_status_start_date", "lega_legal_status_end_date"],
    ["ssd_involvements", "invo_involvement_start_date", "invo_involvement_end_date"],
  ])("have no %s record that ends before it starts, or is dated after the extract date", async (table, start, end) => {
    const [found] = await rows(sql`
      select count(*) filter (where ${sql.identifier(end)} < ${sql.identifier(start)})::int as backwards,
        count(*) filter (where ${sql.identifier(start)} > '2026-11-30' or ${sql.identifier(end)} > '2026-11-30')::int as later,
        count(*)::int as records
      from ${sql.identifier("casework")}.${sql.identifier(table)}`);
    expect(found).toMatchObject({ backwards: 0, later: 0 });
    expect(found?.records).toBeGreaterThan(0);
  });

  it("have between 2,600 and 3,000 referrals in each year with a year of records behind it", async () => {
    const years = await rows(sql`
      select extract(year from cine_referral_date + interval '9 months')::int as year, count(*)::int as referrals
      from casework.ssd_cin_episodes where cine_referral_date between '2023-04-01' and '2026-03-31' group by 1 order by 1`);
    expect(years.map((year) => year.year)).toEqual([2024, 2025, 2026]);
    for (const year of years.slice(1)) {
      expect(year.referrals, String(year.year)).toBeGreaterThanOrEqual(2_600);
      expect(year.referrals, String(year.year)).toBeLessThanOrEqual(3_000);
    }
  });

  it("have 26% to 28% of 2024/25's referrals within 12 months of the child's previous one", async () => {
    const [year] = await rows(sql`
      select count(*)::int as referrals,
        count(*) filter (where exists (
          select 1 from casework.ssd_cin_episodes earlier
          where earlier.la_code = r.la_code and earlier.cine_person_id = r.cine_person_id
            and earlier.cine_referral_date < r.cine_referral_date and earlier.cine_referral_date >= (r.cine_referral_date - interval '12 months')::date))::int as again
      from casework.ssd_cin_episodes r where r.cine_referral_date between '2024-04-01' and '2025-03-31'`);
    const percent = (100 * Number(year?.again)) / Number(year?.referrals);
    expect(percent).toBeGreaterThanOrEqual(26);
    expect(percent).toBeLessThanOrEqual(28);
  });

  it("have assessments within 45 working days rising from about 64% in early 2024 to 95% or more by its end", async () => {
    const assessments = await rows(sql`
      select cina_assessment_start_date::text as start, cina_assessment_auth_date::text as authorised
      from casework.ssd_cin_assessments where cina_assessment_auth_date between '2024-01-01' and '2024-12-31'`);
    const inTime = (from: string, to: string) => {
      const done = assessments.filter((a) => String(a.authorised) >= from && String(a.authorised) <= to);
      return (100 * done.filter((a) => calendar.workingDaysElapsed(String(a.start), String(a.authorised)) <= 45).length) / done.length;
    };
    const early = inTime("2024-01-01", "2024-03-31");
    expect(early).toBeGreaterThanOrEqual(58);
    expect(early).toBeLessThanOrEqual(70);
    expect(inTime("2024-10-01", "2024-12-31")).toBeGreaterThanOrEqual(95);
  });

  it("have between 515 and 535 children looked after at the end of every month of 2024/25", async () => {
    const monthEnds = await rows(sql`
      select month_end::text as day, (select count(distinct clae_person_id)::int from casework.ssd_cla_episodes
        where clae_cla_episode_start_date <= month_end and (clae_cla_episode_ceased_date is null or clae_cla_episode_ceased_date > month_end)) as children
      from (select (first::date - 1) as month_end from generate_series('2024-05-01'::date, '2025-04-01'::date, interval '1 month') as first) as months`);
    expect(monthEnds.map((month) => month.day)).toContain("2025-03-31");
    expect(monthEnds).toHaveLength(12);
    for (const month of monthEnds) {
      expect(month.children, String(month.day)).toBeGreaterThanOrEqual(515);
      expect(month.children, String(month.day)).toBeLessThanOrEqual(535);
    }
    const [march] = await rows(sql`select count(distinct clae_person_id)::int as children from casework.ssd_cla_episodes
      where clae_cla_episode_start_date <= '2025-03-31' and (clae_cla_episode_ceased_date is null or clae_cla_episode_ceased_date > '2025-03-31')`);
    expect(march?.children).toBeGreaterThanOrEqual(515);
    expect(march?.children).toBeLessThanOrEqual(535);
  });

  it("have 66% to 76% of 2024/25's children coming into care given an initial health assessment within 20 working days", async () => {
    const entries = await rows(sql`
      select e.clae_cla_episode_start_date::text as entry,
        (select min(x.clae_cla_episode_ceased_date)::text from casework.ssd_cla_episodes x
          where x.la_code = e.la_code and x.clae_cla_id = e.clae_cla_id and x.clae_cla_episode_ceased_reason <> 'X1') as left_care,
        array(select h.clah_health_check_date::text from casework.ssd_cla_health h
          where h.la_code = e.la_code and h.clah_person_id = e.clae_person_id and h.clah_health_check_type = 'IHA' and h.clah_health_check_status = 'Completed') as assessed
      from casework.ssd_cla_episodes e
      where e.clae_cla_episode_start_reason = 'S' and e.clae_cla_episode_start_date between '2024-04-01' and '2025-03-31'`);
    let due = 0;
    let met = 0;
    for (const entry of entries) {
      const by = calendar.workingDayDue(String(entry.entry), 20);
      if (entry.left_care !== null && String(entry.left_care) <= by) continue;
      due += 1;
      if ((entry.assessed as string[]).some((day) => day >= String(entry.entry) && day <= by)) met += 1;
    }
    expect(due).toBeGreaterThan(140);
    expect((100 * met) / due).toBeGreaterThanOrEqual(66);
    expect((100 * met) / due).toBeLessThanOrEqual(76);
  });

  it("give SPC a shift to find: referrals stay above the 2024/25 mean from November 2025", async () => {
    const months = await rows(sql`
      select to_char(cine_referral_date, 'YYYY-MM') as period, count(*)::int as value
      from casework.ssd_cin_episodes where cine_referral_date between '2024-04-01' and '2026-11-30' group by 1 order by 1`);
    const chart = xmr(
      months.map((month) => ({ period: String(month.period), value: Number(month.value) })),
      { polarity: "neither", baselineLength: 12 },
    );
    const mean = chart.mean ?? 0;
    const shifted = chart.points.filter((point) => point.rules.includes("shift"));
    // None in the year the limits come from; above the mean in most months after the step.
    expect(shifted.filter((point) => point.period < "2025-04")).toEqual([]);
    expect(shifted.filter((point) => point.period >= "2025-11" && point.value > mean).length).toBeGreaterThanOrEqual(9);
  });
});
