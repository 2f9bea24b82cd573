import type { FastifyInstance } from "fastify";
import type { Database } from "../../db/client.ts";
import { occasionsOf, type ReminderSettings } from "../../core/reminder-schedule.ts";
import { outbox } from "./service.ts";

const administer = { config: { policy: "reminders:read" as const } };

/** The most reminders the page lists. */
const pageLimit = 200;

/** "10 days before, on the day and 3 days after". */
function occasionsInWords(settings: ReminderSettings): string {
  const labels = occasionsOf({ openedOn: "1900-01-01", deadline: "2000-01-01" }, settings).filter((o) => o.fromDeadline !== null).map((o) => o.label);
  const last = labels.pop();
  return last ? `${labels.length ? `${labels.join(", ")} and ` : ""}${last}` : "";
}

/** The administrators' outbox: every reminder, what it said, and whether it was sent or held. */
export function reminderRoutes(app: FastifyInstance, { db, mailConfigured, settings }: { db: Database; mailConfigured: boolean; settings: ReminderSettings }): void {
  app.get("/admin/reminders", administer, async (request, reply) => {
    const plan = await request.currentPlan();
    const { reminders, total } = await outbox(db, plan?.id ?? null, pageLimit);
    return reply.render("reminders/outbox.njk", {
      pageTitle: "Reminders",
      mailConfigured,
      occasions: occasionsInWords(settings),
      reminders,
      total,
      limited: total > reminders.length,
    });
  });
}
