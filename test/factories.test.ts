import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.ts";
import { openDatabase } from "../src/db/client.ts";
import { auditEvents } from "../src/db/schema/index.ts";
import { rolesOf } from "../src/modules/access/index.ts";
import { scorecard } from "../src/modules/measures/index.ts";
import { periodsOf } from "../src/modules/progress/index.ts";
import { listReports } from "../src/modules/reports/index.ts";
import { aMeasure, aPeriod, aPlan, aReport, aUser } from "./support/factories.ts";

/** The factories make real records through the services, each recorded in the audit trail. */
describe("test factories", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: "memory" });
  });
  afterAll(async () => handle?.close());

  /** Runs a factory and answers with what it made and how many audit events it added. */
  async function audited<T>(make: () => Promise<T>): Promise<{ made: T; events: number }> {
    const before = await handle.db.$count(auditEvents);
    const made = await make();
    return { made, events: (await handle.db.$count(auditEvents)) - before };
  }

  it("makes an account with its roles, who signs in with the demo's password", async () => {
    const { made: user, events } = await audited(() => aUser(handle.db, "lead", ["priority_lead", "viewer"]));
    expect(await rolesOf(handle.db, user.id)).toEqual(["priority_lead", "viewer"]);
    expect(user.displayName).toBe("Lead Tester");
    expect(events).toBeGreaterThan(0);
  });

  it("loads a small plan with two priorities and a milestone each in its first year", async () => {
    const { made, events } = await audited(() => aPlan(handle.db));
    expect(made.plan.title).toBe("Better Futures");
    expect(made.priorities.map((p) => p.title)).toEqual(["Early help", "Children in care"]);
    expect(made.milestones.map((m) => [m.planYear, m.text])).toEqual([
      [2024, "Open three family hubs."],
      [2024, "Review every care plan on time."],
    ]);
    expect(events).toBeGreaterThan(0);
  });

  it("adds a measure with its values, which the scorecard shows", async () => {
    const { made: measure, events } = await audited(() => aMeasure(handle.db, "REREFERRALS", [["2024-04-30", 24.1], ["2024-05-31", 22.5]], { title: "Re-referrals", priorities: [1] }));
    const row = (await scorecard(handle.db, [measure.id]))[0];
    expect(row?.measure.title).toBe("Re-referrals");
    expect(row?.values.map((v) => v.value)).toEqual([24.1, 22.5]);
    expect(events).toBeGreaterThan(0);
  });

  it("opens a reporting period and starts a report about it", async () => {
    const { made: period, events: periodEvents } = await audited(() => aPeriod(handle.db, { quarter: 2, deadline: "2024-10-15" }));
    expect((await periodsOf(handle.db, period.planId)).map((p) => p.label)).toEqual(["Q2 2024/25"]);
    const { made: report, events: reportEvents } = await audited(() => aReport(handle.db, { kind: "scrutiny", periodId: period.id }));
    expect((await listReports(handle.db, period.planId)).reports.map((r) => r.id)).toEqual([report.id]);
    expect([periodEvents, reportEvents]).toEqual([1, 1]);
  });
});
