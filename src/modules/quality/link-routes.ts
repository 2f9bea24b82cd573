import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { LinkRecordType } from "../../core/quality-links.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors, formValues } from "../../web/forms.ts";
import { paramsOf } from "../../web/inputs.ts";
import { can, contextOf } from "../access/index.ts";
import { addLink, linkOptions, linksOf, removeLink, type LinkedRecord } from "./links.ts";
import { findAction, findAudit, StaleFormError } from "./service.ts";
import { findWeek } from "./weeks.ts";
import { formToken, idParams } from "./schemas.ts";
import { actorOf, record } from "./route-context.ts";

/** Draws a record's page again, with this status and what the form sent. */
export type RecordPage = (request: FastifyRequest, reply: FastifyReply, id: number, extra: Record<string, unknown>) => Promise<unknown>;

const paths: Record<LinkRecordType, string> = { audit: "audits", action: "actions", "practice-week": "practice-weeks" };
const words: Record<LinkRecordType, string> = { audit: "audit", action: "action", "practice-week": "practice week" };

/** What a record's page needs for its "Linked to" section. */
export async function linkSection(db: Database, request: FastifyRequest, linked: LinkedRecord & { type: keyof typeof paths }) {
  const canLink = can(request.actor, "quality:record");
  return {
    links: await linksOf(db, linked.type, linked.id),
    linkPath: `/quality/${paths[linked.type]}/${String(linked.id)}`,
    linkWords: words[linked.type],
    canLink,
    linkOptions: canLink ? await linkOptions(db, linked.date) : [],
    linkValues: { linkToken: randomUUID(), linkTo: "" },
  };
}

const removeForm = z.object({ link: z.coerce.number().int().positive().max(2_147_483_647) });

/**
 * Adding and removing a case audit's, an action's or a practice week's links to priorities, milestones and Ofsted
 * areas, by those who record audits. A refused link is shown on the record's page with its reason.
 */
export function linkRoutes(app: FastifyInstance, { db }: { db: Database }, pages: Record<keyof typeof paths, RecordPage>): void {
  const find = async (type: keyof typeof paths, id: number): Promise<LinkedRecord | undefined> => {
    if (type === "audit") {
      const found = await findAudit(db, id);
      return found && { type, id, date: found.audit.auditDate };
    }
    if (type === "action") {
      const found = await findAction(db, id);
      return found && { type, id, date: found.action.dueOn };
    }
    const week = await findWeek(db, id);
    return week && { type, id, date: week.startsOn };
  };

  for (const type of ["audit", "action", "practice-week"] as const) {
    const base = `/quality/${paths[type]}/:id/links`;
    const pageOf = (id: number) => `/quality/${paths[type]}/${String(id)}`;

    app.post(base, record, async (request, reply) => {
      const params = paramsOf(request, idParams);
      const linked = params && (await find(type, params.id));
      if (!params || !linked) return reply.callNotFound();
      const body = formValues(request);
      const again = (code: number, errors: Record<string, string>, values = body) => pages[type](request, reply.code(code), params.id, { linkValues: values, errors: fieldErrors(errors) });
      const token = formToken.safeParse(body.linkToken);
      if (!token.success) return again(400, { linkToken: token.error.issues[0]?.message ?? "Reload the page and try again" }, { ...body, linkToken: randomUUID() });
      const actor = actorOf(request);
      try {
        const result = await addLink(db, contextOf(actor, request.id), actor, linked, body.linkTo, token.data);
        if (!result.ok) return again(400, { linkTo: result.problem });
        return reply.redirect(`${pageOf(params.id)}?saved=${result.added.repeated ? "already-added" : "linked"}#links`, 303);
      } catch (error) {
        if (!(error instanceof StaleFormError)) throw error;
        return again(409, { linkToken: error.message }, { ...body, linkToken: randomUUID() });
      }
    });

    app.post(`${base}/remove`, record, async (request, reply) => {
      const params = paramsOf(request, idParams);
      const linked = params && (await find(type, params.id));
      if (!params || !linked) return reply.callNotFound();
      const form = removeForm.safeParse(formValues(request));
      const actor = actorOf(request);
      // A link already removed (the form sent twice, or someone else removed it) is said so, not refused.
      const removed = form.success && (await removeLink(db, contextOf(actor, request.id), linked, form.data.link));
      return reply.redirect(`${pageOf(params.id)}?saved=${removed ? "unlinked" : "already-unlinked"}#links`, 303);
    });
  }
}
