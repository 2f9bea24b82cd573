import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { demoPassword } from "../../src/demo/accounts.ts";
import { sessionCookieName } from "../../src/modules/access/index.ts";
import { page } from "./html.ts";

/** A browser-like client for route tests: keeps its session cookie and sends the form's CSRF token. */
export interface Client {
  get(url: string): Promise<LightMyRequestResponse>;
  /**
   * Posts a form, first reading the CSRF token from `formPage` (the page that shows the form). A
   * field given several values is sent once for each, as ticked checkboxes of one name are.
   */
  post(url: string, fields: Record<string, string | string[]>, formPage?: string): Promise<LightMyRequestResponse>;
  cookie: string | undefined;
}

function cookieFrom(response: LightMyRequestResponse): string | undefined {
  const cookie = response.cookies.find((c) => c.name === sessionCookieName);
  return cookie?.value ? cookie.value : undefined;
}

export function client(app: FastifyInstance): Client {
  const state: Client = {
    cookie: undefined,
    async get(url) {
      const response = await app.inject({ method: "GET", url, cookies: state.cookie ? { [sessionCookieName]: state.cookie } : {} });
      state.cookie = cookieFrom(response) ?? state.cookie;
      return response;
    },
    async post(url, fields, formPage = url) {
      const form = await state.get(formPage);
      // The token of the form that posts here, not the sign-out form's in the page header: a form
      // that forgot its own token must fail its test.
      const document = page(form.body).document;
      const path = url.split("?")[0] ?? url;
      const own = [...document.querySelectorAll('form[method="post"]')].find((f) => (f.getAttribute("action") ?? formPage.split("?")[0]) === path);
      const fallback = document.querySelector('form:not([action="/sign-out"]) input[name="_csrf"]') ?? document.querySelector('input[name="_csrf"]');
      const csrf = (own ? own.querySelector('input[name="_csrf"]') : fallback)?.getAttribute("value") ?? "";
      const response = await app.inject({
        method: "POST",
        url,
        // A form's own _csrf among the fields takes the token's place, as it would in a browser.
        payload: new URLSearchParams(Object.entries({ _csrf: csrf, ...fields }).flatMap(([name, value]) => [value].flat().map((v) => [name, v]))).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
        cookies: state.cookie ? { [sessionCookieName]: state.cookie } : {},
      });
      state.cookie = cookieFrom(response) ?? state.cookie;
      return response;
    },
  };
  return state;
}

/** Signs in as one of the demonstration accounts (admin, editor, lead, approver, analyst, quality, viewer). */
export async function signedIn(app: FastifyInstance, username: string): Promise<Client> {
  const browser = client(app);
  const response = await browser.post("/sign-in", { username, password: demoPassword }, "/sign-in");
  if (response.statusCode !== 303) throw new Error(`could not sign in as ${username}: ${response.statusCode}`);
  return browser;
}
