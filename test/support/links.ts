import type { FastifyInstance } from "fastify";
import { formValues } from "./forms.ts";
import { page } from "./html.ts";
import { signedIn } from "./session.ts";

/** The link form's choices on a record's page, as the quality assurance officer sees them: value and words. */
export async function linkChoices(app: FastifyInstance, record: string): Promise<{ value: string; text: string }[]> {
  const officer = await signedIn(app, "quality");
  const document = page((await officer.get(record)).body).document;
  return [...document.querySelectorAll("select#linkTo option")].map((o) => ({ value: o.getAttribute("value") ?? "", text: o.textContent ?? "" })).filter((o) => o.value !== "");
}

/**
 * Links a case audit, an action or a practice week (its address) to the first choice of its page's list whose words
 * start with `choice` ("Priority 8 as a whole", "Milestone for 2025/26", "Area 1:"), as the quality
 * assurance officer does; the value chosen.
 */
export async function linkSample(app: FastifyInstance, record: string, choice = "Priority 8 as a whole"): Promise<string> {
  const officer = await signedIn(app, "quality");
  const option = (await linkChoices(app, record)).find((o) => o.text.startsWith(choice));
  if (!option) throw new Error(`no choice "${choice}" to link ${record} to`);
  const form = await formValues(officer, record, `${record}/links`);
  const linked = await officer.post(`${record}/links`, { ...form, linkTo: option.value }, record);
  if (linked.statusCode !== 303) throw new Error(`could not link ${record}: ${linked.statusCode}`);
  return option.value;
}
