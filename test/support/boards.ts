import type { FastifyInstance } from "fastify";
import { formValues } from "./forms.ts";
import { page } from "./html.ts";
import { signedIn } from "./session.ts";

/** A board's fields, as its form sends them (its name given by each test, as names are unique). */
export const boardFields = {
  purpose: "Holds the service to account for its performance, month by month.",
  chair: "Head of Service",
  frequency: "monthly",
  reportsTo: "",
};

/** The three boxes of a date input, from an ISO date. */
export const dateFields = (prefix: string, iso: string) => ({ [`${prefix}Day`]: String(Number(iso.slice(8, 10))), [`${prefix}Month`]: String(Number(iso.slice(5, 7))), [`${prefix}Year`]: iso.slice(0, 4) });

/** The address a form's redirect leads to, without its query string. */
const addressOf = (location: unknown) => (String(location ?? "").split("?")[0] ?? "").split("#")[0] ?? "";

/** A board added through its form by the demo's plan editor; the board's address. */
export async function addSampleBoard(app: FastifyInstance, name: string, fields: Record<string, string | string[]> = {}): Promise<string> {
  const editor = await signedIn(app, "editor");
  const { formToken } = await formValues(editor, "/boards/new");
  const added = await editor.post("/boards/new", { ...boardFields, name, ...fields, formToken: String(formToken) });
  if (added.statusCode !== 303) throw new Error(`could not add a board: ${added.statusCode}`);
  return addressOf(added.headers.location);
}

/** A meeting of a board added through its form by the demo's plan editor, held on `heldOn`, with one agenda item; the meeting's address. */
export async function addSampleMeeting(app: FastifyInstance, board: string, heldOn: string, fields: Record<string, string> = {}): Promise<string> {
  const editor = await signedIn(app, "editor");
  const form = await formValues(editor, `${board}/meetings/new`);
  const added = await editor.post(`${board}/meetings/new`, { ...form, ...dateFields("heldOn", heldOn), "itemTitle-1": "Performance report", ...fields });
  if (added.statusCode !== 303) throw new Error(`could not add a meeting: ${added.statusCode}`);
  return addressOf(added.headers.location);
}

/** The value of the option shown as `text` in a page's select. */
export async function optionValue(app: FastifyInstance, url: string, select: string, text: string): Promise<string> {
  const editor = await signedIn(app, "editor");
  const document = page((await editor.get(url)).body).document;
  const value = [...document.querySelectorAll(`select#${select} option`)].find((o) => o.textContent.trim() === text)?.getAttribute("value");
  if (!value) throw new Error(`no option ${text} in ${select} on ${url}`);
  return value;
}

/** An action raised at a meeting by the demo's plan editor, owned by the account shown as `ownerName`, due on `dueOn`; the action's address. */
export async function raiseSampleBoardAction(app: FastifyInstance, meeting: string, dueOn: string, fields: Record<string, string> = {}, ownerName = "Lee Lead"): Promise<string> {
  const editor = await signedIn(app, "editor");
  const owner = await optionValue(app, meeting, "owner", ownerName);
  const form = await formValues(editor, meeting, `${meeting}/actions`);
  const raised = await editor.post(`${meeting}/actions`, { ...form, description: "Dip sample the re-referrals of the month and report what they show.", owner, ...dateFields("dueOn", dueOn), ...fields }, meeting);
  if (raised.statusCode !== 303) throw new Error(`could not raise an action: ${raised.statusCode}`);
  const actions = page((await editor.get(meeting)).body).document.querySelectorAll("#meeting-actions a");
  // Listed soonest due first: the newest is the one with the highest number.
  const last = [...actions].map((a) => a.getAttribute("href") ?? "").sort((a, b) => Number(a.split("/").at(-1)) - Number(b.split("/").at(-1))).at(-1);
  if (!last) throw new Error("the raised action is not listed on its meeting's page");
  return last;
}
