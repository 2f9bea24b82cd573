import type { Client } from "./session.ts";
import { page } from "./html.ts";

/** A browser decodes character references in a text area's content; the test parser leaves them. */
export function decodeEntities(text: string): string {
  return text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/**
 * What a form on a page sends as it stands, as a browser would send it: its hidden fields (the
 * version, an add form's token), what its boxes hold, and only the ticked checkboxes and radios
 * (several ticked boxes of one name send each). The form is the one posting to `action`, or the
 * page's first that is not the sign-out form.
 */
export async function formValues(browser: Client, url: string, action?: string): Promise<Record<string, string | string[]>> {
  const document = page((await browser.get(url)).body).document;
  const forms = [...document.querySelectorAll("form[method=post]")].filter((f) => f.getAttribute("action") !== "/sign-out");
  const form = action ? forms.find((f) => f.getAttribute("action") === action) : forms[0];
  if (!form) throw new Error(`no form${action ? ` posting to ${action}` : ""} on ${url}`);
  const values: Record<string, string | string[]> = {};
  for (const input of form.querySelectorAll("input, textarea")) {
    const name = input.getAttribute("name");
    const type = input.getAttribute("type") ?? "";
    if (!name || name === "_csrf") continue;
    if ((type === "checkbox" || type === "radio") && !input.hasAttribute("checked")) continue;
    const value = input.tagName === "TEXTAREA" ? decodeEntities(input.textContent ?? "") : (input.getAttribute("value") ?? "");
    const earlier = values[name];
    values[name] = type === "checkbox" && earlier !== undefined ? [earlier, value].flat() : value;
  }
  return values;
}
