import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clockAt } from "../../core/clock.ts";
import type { DatabaseHandle } from "../../db/client.ts";
import { demoPassword } from "../../demo/accounts.ts";
import { buildApp } from "../../app/app.ts";
import { JobQueue } from "../../db/queue.ts";
import { openDemoDatabase, testContext } from "../../../test/support/demo.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn } from "../../../test/support/session.ts";
import * as plans from "../plan/index.ts";

let handle: DatabaseHandle;
let queue: JobQueue;
let milestone = "";

beforeAll(async () => {
  handle = await openDemoDatabase();
  queue = new JobQueue(handle.db);
  // One of priority 3's 2025/26 milestones, due at the end of January 2026.
  const plan = await plans.findCurrentPlan(handle.db);
  const priority = plan && (await plans.findPriority(handle.db, plan.id, 3));
  if (!priority) throw new Error("no priority 3");
  const [first] = (await plans.listMilestones(handle.db, [priority.id])).filter((m) => m.planYear === 2025 && m.supersededByResetId === null);
  if (!first) throw new Error("priority 3 has no 2025/26 milestone");
  const saved = await plans.editMilestone(handle.db, testContext, first.id, { text: first.text, owner: "", dueOn: "2026-01-31", ofstedAreas: [], version: first.version }, new Map());
  if (!saved.ok) throw new Error("could not set the milestone's due date");
  milestone = first.text;
});

afterAll(async () => {
  await queue?.stop();
  await handle?.close();
});

describe("the day the app is given", () => {
  it.each([
    ["a week before it is due", "2026-01-24T12:00:00Z", "Due soon"],
    ["a week after it was due", "2026-02-07T12:00:00Z", "Overdue"],
  ])("shows a lead's milestone %s as %s, by the app's clock rather than the day the test runs", async (_when, now, status) => {
    const app = await buildApp({ db: handle.db, demoPassword, queue, clock: clockAt(now) });
    try {
      const view = page((await (await signedIn(app, "lead")).get("/home")).body);
      const row = view.texts("#lead-milestones tbody tr").find((text) => text.includes(milestone));
      expect(row).toContain(status);
    } finally {
      await app.close();
    }
  });
});
