import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { engines } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import { recordName, historyOf, recordAccess, recordChange } from "./audit.ts";

describe.each(engines)("the audit trail on $name", (engine) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => handle?.close());

  it("keeps each change with who made it and the values before and after", async () => {
    await recordChange(handle.db, testContext, { action: "update", recordType: "priority", recordId: 7, before: { title: "Old" }, after: { title: "New" } });
    const [entry] = await historyOf(handle.db, "priority", 7);
    expect(entry).toMatchObject({ username: "test set-up", action: "update", changes: [{ field: "title", before: "Old", after: "New" }] });
  });

  it.each([
    ["update", sql`update audit_events set username = 'someone else'`],
    ["delete", sql`delete from audit_events`],
    ["truncate", sql`truncate audit_events`],
  ])("refuses to %s audit events, whatever the application asks", async (_verb, statement) => {
    await expect(handle.db.execute(statement)).rejects.toThrow();
    expect((await historyOf(handle.db, "priority", 7)).length).toBe(1);
  });

  it("records views of child-level data, and refuses to change that record too", async () => {
    await recordAccess(handle.db, { ...testContext, userId: 1 }, { recordType: "child", recordId: "C123", purpose: "drill-down from a measure" });
    await expect(handle.db.execute(sql`delete from access_events`)).rejects.toThrow();
  });
});

describe("recordName", () => {
  it.each([
    ["a measure value by its measure and period", { recordType: "measure value", recordId: "111", before: { code: "REREFERRALS", periodEnd: "2026-01-31", value: 24.5 }, after: { code: "REREFERRALS", periodEnd: "2026-01-31", value: 23.9 } }, "Measure value: REREFERRALS, 31 January 2026"],
    ["a priority by its title", { recordType: "priority", recordId: "3", before: { title: "Targeted help" }, after: { title: "Targeted help for families" } }, "Priority: Targeted help for families"],
    ["a target by its measure and plan year", { recordType: "measure target", recordId: "9", before: null, after: { measure: "FOSTER-CARERS-NET-GAIN", planYear: "2025/26", value: 20 } }, "Measure target: FOSTER-CARERS-NET-GAIN, 2025/26"],
    ["a long milestone by the start of its text", { recordType: "milestone", recordId: "5", before: null, after: { text: "x".repeat(120) } }, `Milestone: ${"x".repeat(79)}…`],
    ["a record with nothing more telling by its number", { recordType: "user", recordId: "7", before: null, after: null }, "User 7"],
  ])("names %s", (_, event, name) => {
    expect(recordName(event)).toBe(name);
  });
});
