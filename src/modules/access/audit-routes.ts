import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Database } from "../../db/client.ts";
import { formErrors } from "../../web/forms.ts";
import { optionalIsoDate, text } from "../../web/inputs.ts";
import { fieldChanges } from "../../core/field-changes.ts";
import { listRecordTypes, recordName, recordPage, searchAuditEvents, type AuditFilters } from "./audit.ts";
import { toCsv } from "../../core/csv.ts";

const audit = { config: { policy: "audit:read" as const } };

/** The most events a search shows; the CSV export carries more. */
const pageLimit = 200;
const exportLimit = 50_000;

const filtersSchema = z
  .object({
    user: text("Username", 64),
    type: text("Record type", 64),
    from: optionalIsoDate("Enter the start date as a real date written YYYY-MM-DD, like 2025-07-16"),
    to: optionalIsoDate("Enter the end date as a real date written YYYY-MM-DD, like 2025-07-16"),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "The end date must be the same as or after the start date" });

function toFilters(f: z.infer<typeof filtersSchema>): AuditFilters {
  const dayAfter = (date: string) => new Date(new Date(`${date}T00:00:00Z`).getTime() + 86_400_000);
  return {
    username: f.user || undefined,
    recordType: f.type || undefined,
    from: f.from ? new Date(`${f.from}T00:00:00Z`) : undefined,
    to: f.to ? dayAfter(f.to) : undefined,
  };
}

/** The administrators' search of the audit trail, and its CSV export. */
export function auditRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  app.get("/admin/audit", audit, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const parsed = filtersSchema.safeParse(query);
    const recordTypes = await listRecordTypes(db);
    if (!parsed.success) {
      return reply.code(400).render("access/audit.njk", { pageTitle: "Audit trail", values: query, recordTypes, events: [], errors: formErrors(parsed.error) });
    }
    const events = await searchAuditEvents(db, toFilters(parsed.data), pageLimit);
    const exportQuery = new URLSearchParams(Object.entries(parsed.data).filter(([, v]) => v !== "")).toString();
    return reply.render("access/audit.njk", {
      pageTitle: "Audit trail",
      values: parsed.data,
      recordTypes,
      events: events.map((e) => ({ ...e, name: recordName(e), href: recordPage(e), changes: fieldChanges(e.before, e.after) })),
      limited: events.length === pageLimit,
      pageLimit,
      exportHref: `/admin/audit.csv${exportQuery ? `?${exportQuery}` : ""}`,
    });
  });

  app.get("/admin/audit.csv", audit, async (request, reply) => {
    const parsed = filtersSchema.safeParse(request.query);
    if (!parsed.success) return reply.redirect("/admin/audit", 303);
    const events = await searchAuditEvents(db, toFilters(parsed.data), exportLimit);
    const csv = toCsv(
      ["occurred_at", "username", "action", "record_type", "record_id", "record", "before", "after", "correlation_id"],
      events.map((e) => [
        e.occurredAt.toISOString(),
        e.username,
        e.action,
        e.recordType,
        e.recordId,
        recordName(e),
        e.before === null ? "" : JSON.stringify(e.before),
        e.after === null ? "" : JSON.stringify(e.after),
        e.correlationId,
      ]),
    );
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", 'attachment; filename="waymark-audit.csv"')
      .send(csv);
  });
}
