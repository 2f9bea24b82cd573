import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Database } from "../../src/db/client.ts";
import { selectRows } from "../../src/db/rows.ts";
import { formValues } from "./forms.ts";
import { page } from "./html.ts";
import { signedIn, type Client } from "./session.ts";

/** A demonstration account's id, by username. */
export async function accountId(db: Database, username: string): Promise<number> {
  const [row] = await selectRows(db, sql`select id from users where username = ${username}`);
  if (!row) throw new Error(`no account ${username}`);
  return Number(row.id);
}

/** The fields of a risk as its form sends them, with a review date in March 2027. */
export const sampleRisk = (ownerId: number): Record<string, string> => ({
  kind: "risk",
  title: "Agency social workers leave the Children's Social Work teams",
  cause: "Pressure of caseloads in the teams",
  event: "Agency social workers leave at short notice",
  effect: "Children's plans drift and visits are missed",
  category: "workforce",
  ownerId: String(ownerId),
  controls: "Weekly caseload review by team managers",
  targetLikelihood: "2",
  targetImpact: "3",
  appetite: "cautious",
  reviewOnDay: "31",
  reviewOnMonth: "3",
  reviewOnYear: "2027",
});

/** Adds a risk through its form; answers the risk's id. */
export async function addSampleRisk(browser: Client, ownerId: number, fields: Record<string, string> = {}): Promise<number> {
  const { formToken } = await formValues(browser, "/risks/new");
  const response = await browser.post("/risks/new", { ...sampleRisk(ownerId), formToken: String(formToken), ...fields });
  if (response.statusCode !== 303) throw new Error(`the risk was not added: ${String(response.statusCode)}`);
  return Number(/\/risks\/(\d+)/.exec(String(response.headers.location))?.[1]);
}

/** Scores a risk through its page's form: before and after controls, as "likelihood × impact". */
export async function scoreSampleRisk(browser: Client, riskId: number, inherent: [number, number], residual: [number, number], on = { day: "1", month: "12", year: "2026" }, rationale = "") {
  const { formToken } = await formValues(browser, `/risks/${String(riskId)}`, `/risks/${String(riskId)}/scores`);
  return browser.post(
    `/risks/${String(riskId)}/scores`,
    {
      formToken: String(formToken),
      assessedOnDay: on.day,
      assessedOnMonth: on.month,
      assessedOnYear: on.year,
      inherentLikelihood: String(inherent[0]),
      inherentImpact: String(inherent[1]),
      residualLikelihood: String(residual[0]),
      residualImpact: String(residual[1]),
      rationale,
    },
    `/risks/${String(riskId)}`,
  );
}

/** A risk added by the plan editor, owned by them, and closed: answers its page's address. */
export async function closedSampleRisk(app: FastifyInstance): Promise<string> {
  const editor = await signedIn(app, "editor");
  const form = page((await editor.get("/risks/new")).body).document;
  const ownerId = Number(form.querySelector("#ownerId option[selected]")?.getAttribute("value"));
  const id = await addSampleRisk(editor, ownerId, { title: "A risk that has passed" });
  const { version } = await formValues(editor, `/risks/${String(id)}`, `/risks/${String(id)}/close`);
  const closed = await editor.post(`/risks/${String(id)}/close`, { version: String(version) }, `/risks/${String(id)}`);
  if (closed.statusCode !== 303) throw new Error(`the risk was not closed: ${String(closed.statusCode)}`);
  return `/risks/${String(id)}`;
}

/** A risk added by the plan editor and escalated to the first board listed: answers its page's address. */
export async function escalatedSampleRisk(app: FastifyInstance): Promise<string> {
  const editor = await signedIn(app, "editor");
  const form = page((await editor.get("/risks/new")).body).document;
  const ownerId = Number(form.querySelector("#ownerId option[selected]")?.getAttribute("value"));
  const id = await addSampleRisk(editor, ownerId, { title: "A risk for a board to hold" });
  const shown = page((await editor.get(`/risks/${String(id)}`)).body).document;
  const boardId = shown.querySelector("#boardId option[value]:not([value=''])")?.getAttribute("value") ?? "";
  const { version } = await formValues(editor, `/risks/${String(id)}`, `/risks/${String(id)}/escalate`);
  const escalated = await editor.post(`/risks/${String(id)}/escalate`, { version: String(version), boardId }, `/risks/${String(id)}`);
  if (escalated.statusCode !== 303) throw new Error(`the risk was not escalated: ${String(escalated.statusCode)}`);
  return `/risks/${String(id)}`;
}
