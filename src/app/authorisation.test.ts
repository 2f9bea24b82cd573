import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/client.ts";
import { createUser, findUserByUsername, roleNames, type Role, sessionCookieName, startSession, routeRules } from "../modules/access/index.ts";
import { listEndStates, listKeyIndicators, listMilestones, listOutcomes, findPriority, findCurrentPlan } from "../modules/plan/index.ts";
import { findUpdate, listPeriods } from "../modules/progress/index.ts";
import { findMeasure, listTargets } from "../modules/measures/index.ts";
import { openDemoDatabase, testContext } from "../../test/support/demo.ts";
import { practiceWeeksIn } from "../modules/quality/index.ts";
import { raiseSampleAction, recordSampleAudit } from "../../test/support/quality.ts";
import { addRisk } from "../modules/risks/index.ts";
import { addSampleBoard, addSampleMeeting, raiseSampleBoardAction } from "../../test/support/boards.ts";
import { formValues } from "../../test/support/forms.ts";
import { page } from "../../test/support/html.ts";
import { signedIn as signedInAs } from "../../test/support/session.ts";
import { buildApp } from "./app.ts";

/**
 * Every route against every role. The table says who may use each route; a route added to the
 * app without a row here fails the first test, and a rule wired wrongly fails the second.
 */
type Who = Role | "anonymous";
const staff: Role[] = [...roleNames];
const editors: Role[] = ["administrator", "plan_editor"];
const historians: Role[] = ["administrator", "plan_editor", "approver"];
const admins: Role[] = ["administrator"];
// The demo's priority lead leads priority 3, the one these requests concern.
const writers: Role[] = ["administrator", "priority_lead"];
const approvers: Role[] = ["administrator", "approver"];
const analysts: Role[] = ["administrator", "performance_analyst"];
const reportWriters: Role[] = ["administrator", "plan_editor", "approver", "performance_analyst"];
/** Quality assurance officers start learning reports only: the sample report is another kind, so they are refused it. */
const reportStarters: Role[] = [...reportWriters, "qa_officer"];
/** Those who work with child-level data: never administrators, viewers or councillors. */
const childLevel: Role[] = ["performance_analyst", "qa_officer"];
/** Those who record and moderate case audits, and those who read them one by one. */
const auditors: Role[] = ["administrator", "qa_officer"];
const auditReaders: Role[] = ["administrator", "qa_officer", "performance_analyst"];
/** An action from a case audit: read by those who read audits and by its owner (the sample's is the priority lead). */
const actionReaders: Role[] = [...auditReaders, "priority_lead"];
/** And closed by those who record audits and by its owner. */
const actionClosers: Role[] = [...auditors, "priority_lead"];
// Adding a risk: heads of service, leads and plan editors.
const riskRecorders: Role[] = ["administrator", "plan_editor", "priority_lead", "approver"];
// Changing the sample risk: plan editors and its owner, the priority lead.
const riskChangers: Role[] = [...editors, "priority_lead"];
/** A board's action is updated by plan editors and by its owner (the sample's is the priority lead). */
const boardActionUpdaters: Role[] = [...editors, "priority_lead"];
const open = "open" as const;
const signedIn = "any signed-in" as const;

const expected: Record<string, Role[] | typeof open | typeof signedIn> = {
  "GET /health": open,
  "GET /sign-in": open,
  "POST /sign-in": open,
  "POST /sign-out": signedIn,
  "GET /account/password": signedIn,
  "POST /account/password": signedIn,
  "GET /home": signedIn,
  "GET /": staff,
  "GET /priorities/:number": staff,
  "GET /ofsted": staff,
  "GET /voice": staff,
  "GET /success": staff,
  "GET /search": staff,
  "GET /plan-files.zip": editors,
  "GET /priorities/:number/edit": editors,
  "POST /priorities/:number/edit": editors,
  "GET /priorities/:number/history": historians,
  "GET /milestones/:id/edit": editors,
  "POST /milestones/:id/edit": editors,
  "GET /milestones/:id/history": historians,
  "GET /priorities/:number/milestones/new": editors,
  "POST /priorities/:number/milestones/new": editors,
  "GET /outcomes/:id/edit": editors,
  "POST /outcomes/:id/edit": editors,
  "GET /outcomes/:id/history": historians,
  "GET /priorities/:number/outcomes/new": editors,
  "POST /priorities/:number/outcomes/new": editors,
  "GET /plan/setup": editors,
  "GET /plan/new": editors,
  "POST /plan/new": editors,
  "GET /plan/edit": editors,
  "POST /plan/edit": editors,
  "GET /plan/history": historians,
  "GET /priorities/new": editors,
  "POST /priorities/new": editors,
  "POST /priorities/:number/move": editors,
  "GET /priorities/:number/retire": editors,
  "POST /priorities/:number/retire": editors,
  "POST /milestones/:id/move": editors,
  "GET /milestones/:id/retire": editors,
  "POST /milestones/:id/retire": editors,
  "POST /outcomes/:id/move": editors,
  "GET /outcomes/:id/retire": editors,
  "POST /outcomes/:id/retire": editors,
  "GET /key-indicators/new": editors,
  "POST /key-indicators/new": editors,
  "GET /key-indicators/:id/edit": editors,
  "POST /key-indicators/:id/edit": editors,
  "GET /key-indicators/:id/history": historians,
  "POST /key-indicators/:id/move": editors,
  "GET /key-indicators/:id/retire": editors,
  "POST /key-indicators/:id/retire": editors,
  "GET /end-states/new": editors,
  "POST /end-states/new": editors,
  "GET /end-states/:id/edit": editors,
  "POST /end-states/:id/edit": editors,
  "GET /end-states/:id/history": historians,
  "POST /end-states/:id/move": editors,
  "GET /end-states/:id/retire": editors,
  "POST /end-states/:id/retire": editors,
  "GET /progress": staff,
  "POST /progress/periods": admins,
  "GET /progress/periods/:id": staff,
  "GET /progress/periods/:id/priorities/:number": staff,
  "GET /progress/periods/:id/priorities/:number/edit": writers,
  "POST /progress/periods/:id/priorities/:number/edit": writers,
  "POST /progress/updates/:id/submit": writers,
  "POST /progress/updates/:id/approve": approvers,
  "POST /progress/updates/:id/return": approvers,
  "GET /progress/periods/:id/service/edit": admins,
  "POST /progress/periods/:id/service/edit": admins,
  "GET /progress/periods/:id/compliance": staff,
  "GET /progress/distance": staff,
  "GET /priorities/:number/timeline": staff,
  "GET /progress/review/:year": editors,
  "POST /progress/review/:year": editors,
  "GET /measures": staff,
  "GET /measures.csv": staff,
  "GET /measures.xlsx": staff,
  "GET /measures/exceptions": staff,
  "GET /measures/entry": analysts,
  "POST /measures/entry": analysts,
  "GET /measures/import": analysts,
  "GET /measures/template.csv": analysts,
  "GET /measures/template.xlsx": analysts,
  "POST /measures/import": analysts,
  "GET /measures/imports/:id": analysts,
  "POST /measures/imports/:id/apply": analysts,
  "GET /measures/imports/:id/applying/:job": analysts,
  "GET /measures/imports/:id/applying/:job/status": analysts,
  "GET /measures/benchmarks/import": analysts,
  "POST /measures/benchmarks/import": analysts,
  "GET /measures/settings": analysts,
  "POST /measures/settings": analysts,
  "GET /measures/new": analysts,
  "POST /measures/new": analysts,
  "GET /measures/:code": staff,
  "GET /measures/:code/edit": analysts,
  "POST /measures/:code/edit": analysts,
  "POST /measures/:code/commentary": analysts,
  "POST /measures/:code/baseline": analysts,
  "GET /measures/:code/targets/new": analysts,
  "POST /measures/:code/targets/new": analysts,
  "GET /measures/:code/targets/:id/edit": analysts,
  "POST /measures/:code/targets/:id/edit": analysts,
  "GET /measures/:code/targets/:id/remove": analysts,
  "POST /measures/:code/targets/:id/remove": analysts,
  "GET /measures/:code/mapping": analysts,
  "GET /measures/:code/mapping/download": analysts,
  "POST /measures/:code/mapping/file": analysts,
  "POST /measures/:code/mapping/import": analysts,
  "GET /measures/:code/mapping/drafts/:id": analysts,
  "POST /measures/:code/mapping/drafts/:id": analysts,
  "POST /measures/:code/mapping/drafts/:id/import": analysts,
  "GET /measures/reference-data": analysts,
  "POST /measures/reference-data/neighbours": analysts,
  "POST /measures/reference-data/ofsted": analysts,
  "GET /measures/reference-imports/:id/importing/:job": analysts,
  "GET /measures/reference-imports/:id/importing/:job/status": analysts,
  "GET /api/measures": staff,
  "GET /api/measures/:code": staff,
  "GET /reports": staff,
  "POST /reports": reportStarters,
  "GET /reports/:id": reportWriters,
  "GET /reports/:id/edit": reportWriters,
  "POST /reports/:id/edit": reportWriters,
  "GET /reports/:id/preview": reportWriters,
  "GET /reports/:id/report.docx": reportWriters,
  "GET /reports/:id/report.pdf": reportWriters,
  "GET /reports/:id/issue": approvers,
  "POST /reports/:id/issue": approvers,
  "GET /reports/:id/issuing/:job": approvers,
  "GET /reports/:id/issuing/:job/status": approvers,
  "GET /reports/issued/:id": staff,
  "GET /reports/issued/:id/report.html": staff,
  "GET /reports/issued/:id/report.docx": staff,
  "GET /reports/issued/:id/report.pdf": staff,
  "GET /admin/audit": admins,
  "GET /admin/audit.csv": admins,
  "GET /admin/reminders": admins,
  "GET /casework": analysts,
  "GET /casework/extracts/:id": analysts,
  "GET /casework/import": analysts,
  "POST /casework/import": analysts,
  "GET /casework/imports/:id/importing/:job": analysts,
  "GET /casework/imports/:id/importing/:job/status": analysts,
  "GET /casework/children": childLevel,
  "GET /casework/children/:la/:id": childLevel,
  "GET /casework/figures/:id": childLevel,
  "GET /casework/figures/:id/cases.csv": childLevel,
  "GET /casework/measures/:code/:periodEnd": childLevel,
  "GET /quality": staff,
  "GET /quality/templates": auditReaders,
  "GET /quality/templates/new": auditors,
  "POST /quality/templates/new": auditors,
  "GET /quality/templates/:id": auditReaders,
  "GET /quality/templates/:id/versions/:number": auditReaders,
  "GET /quality/templates/:id/edit": auditors,
  "POST /quality/templates/:id/edit": auditors,
  "GET /quality/audits": auditReaders,
  "GET /quality/audits/new": auditors,
  "POST /quality/audits/new": auditors,
  "GET /quality/audits/:id": auditReaders,
  "POST /quality/audits/:id/moderate": auditors,
  "POST /quality/audits/:id/actions": auditors,
  "GET /quality/actions": auditReaders,
  "GET /quality/actions/:id": actionReaders,
  "POST /quality/actions/:id/close": actionClosers,
  "GET /quality/programmes": auditReaders,
  "GET /quality/programmes/new": auditors,
  "POST /quality/programmes/new": auditors,
  "GET /quality/programmes/:id": auditReaders,
  "POST /quality/programmes/:id/audits": auditors,
  "POST /quality/programmes/:id/audits/:planned/remove": auditors,
  "POST /quality/audits/:id/feedback": auditors,
  "GET /quality/practice-weeks": staff,
  "GET /quality/practice-weeks/new": auditors,
  "POST /quality/practice-weeks/new": auditors,
  "GET /quality/practice-weeks/:id": staff,
  "GET /quality/practice-weeks/:id/edit": auditors,
  "POST /quality/practice-weeks/:id/edit": auditors,
  "POST /quality/practice-weeks/:id/actions": auditors,
  "POST /quality/practice-weeks/:id/feedback": auditors,
  "GET /quality/feedback": auditReaders,
  "GET /quality/feedback/new": auditors,
  "POST /quality/feedback/new": auditors,
  "POST /quality/audits/:id/links": auditors,
  "POST /quality/audits/:id/links/remove": auditors,
  "POST /quality/actions/:id/links": auditors,
  "POST /quality/actions/:id/links/remove": auditors,
  "POST /quality/practice-weeks/:id/links": auditors,
  "POST /quality/practice-weeks/:id/links/remove": auditors,
  "GET /risks": staff,
  "GET /risks/heat-map": staff,
  "GET /risks/new": riskRecorders,
  "POST /risks/new": riskRecorders,
  "GET /risks/:id": staff,
  "GET /risks/:id/edit": riskChangers,
  "POST /risks/:id/edit": riskChangers,
  "POST /risks/:id/scores": riskChangers,
  "POST /risks/:id/close": riskChangers,
  "POST /risks/:id/reopen": riskChangers,
  "POST /risks/:id/escalate": riskChangers,
  "POST /risks/:id/de-escalate": riskChangers,
  "POST /risks/:id/issue": riskChangers,
  "POST /risks/:id/links": riskChangers,
  "POST /risks/:id/links/:linkId/remove": riskChangers,
  "POST /risks/:id/actions": riskChangers,
  "GET /risks/settings": staff,
  "POST /risks/settings": editors,
  "GET /risks/register.xlsx": staff,
  "GET /boards": staff,
  "GET /boards/new": editors,
  "POST /boards/new": editors,
  "GET /boards/:id": staff,
  "GET /boards/:id/edit": editors,
  "POST /boards/:id/edit": editors,
  "POST /boards/:id/members": editors,
  "POST /boards/:id/members/:member/remove": editors,
  "GET /boards/:id/meetings/new": editors,
  "POST /boards/:id/meetings/new": editors,
  "GET /meetings/:id": staff,
  "GET /meetings/:id/edit": editors,
  "POST /meetings/:id/edit": editors,
  "POST /meetings/:id/approve-minutes": editors,
  "POST /meetings/:id/actions": editors,
  "GET /meetings/:id/papers.docx": staff,
  "GET /meetings/:id/papers.pdf": staff,
  "GET /board-actions/:id": staff,
  "POST /board-actions/:id/update": boardActionUpdaters,
  "GET /accounts": admins,
  "GET /accounts/new": admins,
  "POST /accounts/new": admins,
  "GET /accounts/:id": admins,
  "POST /accounts/:id/roles": admins,
  "GET /accounts/:id/disable": admins,
  "POST /accounts/:id/disable": admins,
  "POST /accounts/:id/enable": admins,
  "GET /accounts/:id/reset-password": admins,
  "POST /accounts/:id/reset-password": admins,
};

let handle: DatabaseHandle;
let app: FastifyInstance;
const userIds = new Map<Role, number>();
let sample: { riskId: string; boardId: string; memberId: string; meetingId: string; boardActionId: string; actionId: string; weekId: string; number: string; milestoneId: string; outcomeId: string; keyIndicatorId: string; endStateId: string; periodId: string; updateId: string; targetId: string; accountId: string };

beforeAll(async () => {
  handle = await openDemoDatabase();
  // No PDF printing here: the PDF route's rule is what is checked, not Chromium.
  app = await buildApp({ db: handle.db, chromium: null });
  await app.ready();
  const usernames: Record<Role, string> = {
    administrator: "admin", plan_editor: "editor", priority_lead: "lead", approver: "approver",
    performance_analyst: "analyst", qa_officer: "quality", viewer: "viewer",
  };
  for (const role of roleNames) {
    const user = await findUserByUsername(handle.db, usernames[role]);
    if (!user) throw new Error(`no demo account for ${role}`);
    userIds.set(role, user.id);
  }
  const plan = await findCurrentPlan(handle.db);
  const priority = plan && (await findPriority(handle.db, plan.id, 3));
  if (!priority) throw new Error("the demo has no priority 3");
  const [milestone] = await listMilestones(handle.db, [priority.id]);
  const [outcome] = await listOutcomes(handle.db, priority.id);
  const [keyIndicator] = await listKeyIndicators(handle.db, plan.id);
  const [endState] = await listEndStates(handle.db, plan.id);
  const [period] = await listPeriods(handle.db, plan.id);
  const update = period && (await findUpdate(handle.db, period.id, priority.id));
  const measure = await findMeasure(handle.db, "SUPPORTED-INTERNSHIPS");
  const [target] = measure ? await listTargets(handle.db, [measure.id]) : [];
  if (!target) throw new Error("the demo has no target for SUPPORTED-INTERNSHIPS");
  // An account of its own for the accounts pages, so that disabling it locks none of the role accounts out.
  const account = await createUser(handle.db, testContext, { username: "sample", displayName: "Sam Sample", roles: ["viewer"] });
  // An action owned by the priority lead, raised from a case audit, for the rules that depend on who owns it.
  const action = await raiseSampleAction(app, (await recordSampleAudit(app)).audit);
  // One of the demo's practice weeks, which every signed-in role reads.
  const [week] = await practiceWeeksIn(handle.db, { from: "2024-04-01", to: "2026-03-31" });
  if (!week) throw new Error("the demo has no practice week");
  // A risk owned by the priority lead, for the rules that depend on who owns it.
  const lead = await findUserByUsername(handle.db, "lead");
  if (!lead) throw new Error("the demo has no priority lead");
  const owner = { id: lead.id, username: lead.username, displayName: lead.displayName, roles: ["priority_lead" as const], priorityIds: [], mustChangePassword: false };
  const risk = await addRisk(handle.db, testContext, owner, {
    formToken: "5d1c2b7e-8a9f-4e3d-b2c1-0f9e8d7c6b5a",
    kind: "risk",
    title: "Sample risk",
    cause: "",
    event: "Something that might happen",
    effect: "",
    category: "delivery",
    ownerId: lead.id,
    ownerName: lead.displayName,
    controls: "",
    target: null,
    appetite: null,
    reviewOn: "2027-03-31",
    happenedOn: "",
    issueImpact: "",
  });
  // A board with a member and a meeting, and an action raised at it owned by the priority lead.
  const board = await addSampleBoard(app, "Sample Board");
  const meeting = await addSampleMeeting(app, board, "2025-06-02");
  const boardAction = await raiseSampleBoardAction(app, meeting, "2025-07-01");
  const editor = await signedInAs(app, "editor");
  const outsider = await formValues(editor, board, `${board}/members`);
  await editor.post(`${board}/members`, { ...outsider, kind: "outsider", name: "Dorset", outsiderRole: "Sector Led Improvement Partner" }, board);
  const removeAt = page((await editor.get(board)).body).document.querySelector("#board-members form")?.getAttribute("action") ?? "";
  sample = {
    riskId: String(risk.record.id),
    boardId: board.split("/").at(-1) ?? "",
    memberId: removeAt.split("/").at(-2) ?? "",
    meetingId: meeting.split("/").at(-1) ?? "",
    boardActionId: boardAction.split("/").at(-1) ?? "",
    actionId: action.split("/").at(-1) ?? "",
    weekId: String(week.id),
    number: "3",
    milestoneId: String(milestone?.id),
    outcomeId: String(outcome?.id),
    keyIndicatorId: String(keyIndicator?.id),
    endStateId: String(endState?.id),
    periodId: String(period?.id),
    updateId: String(update?.id),
    targetId: String(target.id),
    accountId: String(account.id),
  };
});

afterAll(async () => {
  await app?.close();
  await handle?.close();
});

function concreteUrl(url: string): string {
  // A measure's targets: the sample is one of SUPPORTED-INTERNSHIPS's.
  if (url.includes("/targets/:id")) return url.replace(":code", "SUPPORTED-INTERNSHIPS").replace(":id", sample.targetId);
  const ids: [string, string][] = [
    ["/accounts", sample.accountId],
    ["/risks", sample.riskId],
    ["/boards", sample.boardId],
    ["/meetings", sample.meetingId],
    ["/board-actions", sample.boardActionId],
    ["/quality/actions", sample.actionId],
    ["/quality/practice-weeks", sample.weekId],
    ["/milestones", sample.milestoneId],
    ["/outcomes", sample.outcomeId],
    ["/key-indicators", sample.keyIndicatorId],
    ["/end-states", sample.endStateId],
    ["/progress/updates", sample.updateId],
  ];
  const id = ids.find(([prefix]) => url.startsWith(prefix))?.[1] ?? sample.periodId;
  return url.replace(":number", sample.number).replace(":member", sample.memberId).replace(":id", id).replace(":year", "2024").replace(":code", "REREFERRALS");
}

async function request(method: string, url: string, who: Who) {
  // A fresh session each time (some routes, like sign-out, end the one they are given); someone
  // not signed in has the anonymous session a browser gets with the sign-in form.
  const session = await startSession(handle.db, who === "anonymous" ? null : (userIds.get(who) ?? null));
  const cookies = { [sessionCookieName]: session.secret };
  const csrf = session.row.csrfToken;
  return app.inject({
    method: method as "GET" | "POST",
    url: concreteUrl(url),
    cookies,
    ...(method === "POST" ? { payload: `_csrf=${csrf}`, headers: { "content-type": "application/x-www-form-urlencoded" } } : {}),
  });
}

type Outcome = "allowed" | "403" | "sign-in";

function outcomeOf(response: { statusCode: number; headers: Record<string, unknown> }): Outcome {
  if (response.statusCode === 403) return "403";
  const location = String(response.headers.location ?? "");
  if (response.statusCode === 303 && location.startsWith("/sign-in?returnTo=")) return "sign-in";
  return "allowed";
}

function expectedOutcome(key: string, who: Who): Outcome {
  const rule = expected[key];
  if (rule === open) return "allowed";
  if (who === "anonymous") return "sign-in";
  if (rule === signedIn) return "allowed";
  return rule?.includes(who) ? "allowed" : "403";
}

describe("who may use each route", () => {
  it("has a row in the table for every route the app serves", () => {
    const served = routeRules(app).map((r) => `${r.method} ${r.url}`).sort();
    expect(served).toEqual(Object.keys(expected).sort());
  });

  const everyone: Who[] = ["anonymous", ...roleNames];
  const cases = Object.keys(expected).flatMap((key) => everyone.map((who) => [key, who] as const));
  it.each(cases)("%s as %s", async (key, who) => {
    const [method, url] = key.split(" ") as [string, string];
    const response = await request(method, url, who);
    expect(outcomeOf(response), `status ${response.statusCode} ${String(response.headers.location ?? "")}`).toBe(expectedOutcome(key, who));
  });
});
