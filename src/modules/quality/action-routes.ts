import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { actionStateLabels, closeRefusal } from "../../core/audit-actions.ts";
import { auditGradeLabels, countedGrade } from "../../core/audit-grades.ts";
import type { Clock } from "../../core/clock.ts";
import { fieldChanges } from "../../core/field-changes.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors, formValues } from "../../web/forms.ts";
import { paramsOf, savedMessageOf } from "../../web/inputs.ts";
import { can, contextOf, recordAccess } from "../access/index.ts";
import { actionFields, closeAction, findAction, listActions, listReaudits, type ActionRow } from "./service.ts";
import { actionFiltersSchema, closeActionFormSchema, formProblems, idParams } from "./schemas.ts";
import { linkSection, type RecordPage } from "./link-routes.ts";
import { read, readerOrOwner, savedMessages, actorOf, owners, presentAction } from "./route-context.ts";

const cannotClose = (reply: FastifyReply, refusal: string) => reply.code(403).render("error.njk", { pageTitle: "You cannot close this action", paragraphs: [`${refusal}.`] });


/** Refused: the page is for those who read audits and the action's owner. */
const notPermitted = (reply: FastifyReply) =>
  reply.code(403).render("error.njk", {
    pageTitle: "You do not have permission to see this page",
    paragraphs: ["This action is for those who read case audits and for the action's owner. Ask an administrator if you think you should see it."],
  });

/** The actions' pages: every action by state and owner, an action, and its closing with evidence. */
export function actionRoutes(app: FastifyInstance, { db, clock }: { db: Database; clock: Clock }): RecordPage {
  const context = (request: FastifyRequest) => contextOf(actorOf(request), request.id);
  const today = () => londonDateOf(clock.now());

  /** Every action, soonest due first, by state (open, overdue, closed) and owner. */
  app.get("/quality/actions", read, async (request, reply) => {
    const query = actionFiltersSchema.parse(request.query);
    const accounts = await owners(db);
    const ownerId = accounts.some((a) => a.id === query.owner) ? query.owner : undefined;
    const actions = await listActions(db, { status: query.status, ownerId, today: today() });
    return reply.render("quality/actions.njk", {
      pageTitle: "Actions from case audits and practice weeks",
      section: "quality",
      actions: actions.map(({ action, audit, week }) => ({ ...presentAction(action, today()), audit, week })),
      filters: { status: query.status ?? "", owner: ownerId === undefined ? "" : String(ownerId) },
      statusOptions: [{ value: "", text: "Any status" }, ...(["open", "overdue", "closed"] as const).map((value) => ({ value, text: actionStateLabels[value] }))],
      ownerOptions: [{ value: "", text: "Anyone" }, ...accounts.map((a) => ({ value: String(a.id), text: a.displayName }))],
    });
  });

  async function actionPage(request: FastifyRequest, reply: FastifyReply, id: number, extra: Record<string, unknown> = {}) {
    const found = await findAction(db, id);
    if (!found) return reply.callNotFound();
    const actor = actorOf(request);
    const { action, audit, week } = found;
    const reaudits = await listReaudits(db, action.id);
    return reply.render("quality/action.njk", {
      pageTitle: audit ? `Action from the case audit of ${audit.caseId}` : `Action from the practice week: ${week?.theme ?? ""}`,
      section: "quality",
      ...presentAction(action, today()),
      audit,
      week,
      canReadAudits: can(actor, "quality:read"),
      canClose: closeRefusal(action, { id: actor.id, mayRecord: can(actor, "quality:record") }) === null,
      canReaudit: can(actor, "quality:record"),
      reaudits: reaudits.map((r) => ({ ...r, counted: auditGradeLabels[countedGrade(r.audit)] })),
      banner: savedMessageOf(request, savedMessages),
      values: { evidence: "", version: action.version },
      ...(await linkSection(db, request, { type: "action", id: action.id, date: action.dueOn })),
      ...extra,
    });
  }

  /** Whether this person may see the action: those who read audits, and its owner. */
  const maySee = (request: FastifyRequest, action: ActionRow) => can(request.actor, "quality:read") || action.ownerId === actorOf(request).id;

  app.get("/quality/actions/:id", readerOrOwner, async (request, reply) => {
    const params = paramsOf(request, idParams);
    const found = params && (await findAction(db, params.id));
    if (!params || !found) return reply.callNotFound();
    if (!maySee(request, found.action)) return notPermitted(reply);
    // An action from a case audit names a child's case and may tell of it: each reading is recorded,
    // as an audit's is. One from a practice week holds nothing about a child.
    const actor = actorOf(request);
    if (found.audit) await recordAccess(db, { ...contextOf(actor, request.id), userId: actor.id }, { recordType: "audit action", recordId: params.id, purpose: "read the action from a case audit" });
    return actionPage(request, reply, params.id);
  });

  app.post("/quality/actions/:id/close", readerOrOwner, async (request, reply) => {
    const params = paramsOf(request, idParams);
    const found = params && (await findAction(db, params.id));
    if (!params || !found) return reply.callNotFound();
    if (!maySee(request, found.action)) return notPermitted(reply);
    const actor = actorOf(request);
    // Refused before the form is read: whether the person may close it at all does not depend on what they sent.
    const refusal = closeRefusal({ ...found.action, status: "open" }, { id: actor.id, mayRecord: can(actor, "quality:record") });
    if (refusal) return cannotClose(reply, refusal);
    const body = formValues(request);
    const form = closeActionFormSchema.safeParse(body);
    if (!form.success) return actionPage(request, reply.code(400), params.id, { values: body, errors: fieldErrors(formProblems(form.error)) });
    const result = await closeAction(db, context(request), actor, can(actor, "quality:record"), params.id, form.data, clock.now());
    if (result.ok) return reply.redirect(`/quality/actions/${String(params.id)}?saved=action-closed`, 303);
    if ("refused" in result) return cannotClose(reply, result.refused);
    if (result.problem.code === "not-found") return reply.callNotFound();
    const current = result.problem.current.action;
    const attempted = { ...current, status: "closed" as const, evidence: form.data.evidence, closedByName: actor.displayName };
    return actionPage(request, reply.code(409), params.id, { values: { ...body, version: current.version }, conflict: fieldChanges(actionFields(current), actionFields(attempted)) });
  });
  return actionPage;
}
