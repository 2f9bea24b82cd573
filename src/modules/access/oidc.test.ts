import { generateKeyPairSync } from "node:crypto";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
// @ts-expect-error oidc-provider ships without type declarations (they are in @types/oidc-provider, not installed)
import { Provider } from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OidcConfig } from "../../config.ts";
import { openDatabase, type DatabaseHandle } from "../../db/client.ts";
import { migrateDatabase } from "../../db/migrate.ts";
import { buildApp } from "../../app/app.ts";
import { defaultSessionSettings } from "./session-cookie.ts";
import { page } from "../../../test/support/html.ts";
import { testContext } from "../../../test/support/demo.ts";
import { historyOf } from "./audit.ts";
import { oidcSignIn } from "./oidc.ts";
import * as repository from "./repository.ts";
import { sessionCookieName, startSession } from "./sessions.ts";
import { createUser } from "./users.ts";

/**
 * End to end against a real OpenID provider (oidc-provider) on 127.0.0.1: the person signs in on
 * the provider's own (development) login and consent pages, and is sent back to Waymark.
 */

/** The people the provider knows, by login; a test may change their groups between sign-ins. */
const people: Record<string, { preferred_username: string; name: string; email: string; groups: string[] }> = {
  alice: { preferred_username: "Alice.Smith@Council.example", name: "Alice Smith", email: "alice.smith@council.example", groups: ["all-staff", "waymark-editors"] },
  bob: { preferred_username: "bob@council.example", name: "Bob Jones", email: "bob@council.example", groups: ["all-staff"] },
  carol: { preferred_username: "carol@council.example", name: "Carol White", email: "carol@council.example", groups: ["waymark-viewers"] },
  dan: { preferred_username: "dan@council.example", name: "Dan Brown", email: "dan@council.example", groups: ["waymark-viewers"] },
  erin: { preferred_username: "erin", name: "Erin Black", email: "erin@council.example", groups: ["waymark-viewers"] },
  fay: { preferred_username: "fay@council.example", name: "Fay Green", email: "fay@council.example", groups: ["waymark-editors"] },
};

type TestProvider = { callback(): RequestListener };
const OpenIdProvider = Provider as new (issuer: string, configuration: Record<string, unknown>) => TestProvider;

let handle: DatabaseHandle;
let app: FastifyInstance;
let providerServer: Server;
let issuer: string;
let appUrl: string;
let callbackUrl: string;

const listenOnFreePort = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

beforeAll(async () => {
  // Each side must know the other's address: the provider's port first, then the app's.
  let provide: RequestListener = (_request, response) => response.writeHead(503).end();
  providerServer = createServer((request, response) => provide(request, response));
  issuer = await listenOnFreePort(providerServer);

  handle = await openDatabase({ dataDir: "memory" });
  await migrateDatabase(handle);
  const config: OidcConfig = {
    issuer,
    clientId: "waymark",
    clientSecret: "a-test-client-secret",
    redirectUri: "set once the app listens",
    groupsClaim: "groups",
    roleMap: new Map([
      ["waymark-editors", ["plan_editor", "viewer"]],
      ["waymark-viewers", ["viewer"]],
    ]),
    buttonText: "Sign in with your council account",
  };
  app = await buildApp({ db: handle.db, oidc: oidcSignIn({ db: handle.db, config, session: defaultSessionSettings, allowInsecureRequests: true }) });
  appUrl = await app.listen({ host: "127.0.0.1", port: 0 });
  callbackUrl = `${appUrl}/sign-in/oidc/callback`;
  config.redirectUri = callbackUrl;

  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  const provider = new OpenIdProvider(issuer, {
    clients: [
      {
        client_id: "waymark",
        client_secret: "a-test-client-secret",
        redirect_uris: [callbackUrl],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], profile: ["name", "preferred_username", "groups"], email: ["email"] },
    // As Entra ID does, put the person's claims in the ID token itself.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["a-test-cookie-key"] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    jwks: { keys: [{ ...signingKey, use: "sig", alg: "RS256" }] },
    async findAccount(_context: unknown, sub: string) {
      const person = people[sub];
      if (!person) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...person }) };
    },
  });
  provide = provider.callback();
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => providerServer?.close(resolve));
  await handle?.close();
});

/** A browser, as far as these tests need one: cookies kept per host, redirects followed by hand. */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  get(url: string): Promise<Response> {
    return this.send(url, { method: "GET" });
  }

  post(url: string, form: Record<string, string>): Promise<Response> {
    return this.send(url, { method: "POST", body: new URLSearchParams(form) });
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar(new URL(url).host).get(name);
  }

  private jar(host: string): Map<string, string> {
    let jar = this.jars.get(host);
    if (!jar) this.jars.set(host, (jar = new Map()));
    return jar;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    const target = new URL(url);
    expect(target.hostname).toBe("127.0.0.1");
    const jar = this.jar(target.host);
    const headers = new Headers();
    if (jar.size > 0) headers.set("cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(target, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf("="));
      const value = pair.slice(pair.indexOf("=") + 1);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()));
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }
}

/**
 * Starts signing in at Waymark and goes through the provider's login and consent pages as `login`,
 * stopping at the address the provider sends the person back to, so a test may tamper with it.
 */
async function throughProvider(browser: Browser, login: string): Promise<URL> {
  let url = `${appUrl}/sign-in/oidc?returnTo=${encodeURIComponent("/account/password")}`;
  let response = await browser.get(url);
  for (let step = 0; step < 12; step++) {
    const location = response.headers.get("location");
    if (location) {
      url = new URL(location, url).href;
      if (url.startsWith(`${callbackUrl}?`)) return new URL(url);
      response = await browser.get(url);
      continue;
    }
    const html = await response.text();
    expect(response.status, html).toBe(200);
    const action = /<form[^>]* action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`expected the provider's login or consent form at ${url}`);
    url = new URL(action.replaceAll("&amp;", "&"), url).href;
    response = await browser.post(url, prompt === "login" ? { prompt, login, password: "any password" } : { prompt });
  }
  throw new Error("the provider did not send the person back to Waymark");
}

/** A signed-in person may open their account page; anyone else is sent to sign in. */
async function accountPageStatus(browser: Browser): Promise<number> {
  return (await browser.get(`${appUrl}/account/password`)).status;
}

describe("signing in with the council's identity provider", () => {
  it("signs in a person in a mapped group end to end, creating their account with the mapped roles", async () => {
    const browser = new Browser();
    const callback = await throughProvider(browser, "alice");
    const anonymousSession = browser.cookie(appUrl, sessionCookieName);
    expect(anonymousSession).toBeDefined();

    const response = await browser.get(callback.href);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account/password");
    const session = browser.cookie(appUrl, sessionCookieName);
    expect(session).toBeDefined();
    expect(session).not.toBe(anonymousSession);
    expect(await accountPageStatus(browser)).toBe(200);

    const user = await repository.findUserByIdentity(handle.db, issuer, "alice");
    expect(user).toMatchObject({ username: "alice.smith@council.example", displayName: "Alice Smith", email: "alice.smith@council.example", passwordHash: null });
    expect(await repository.rolesOf(handle.db, user?.id ?? 0)).toEqual(expect.arrayContaining(["plan_editor", "viewer"]));
  });

  it("refuses a callback whose state has been tampered with, and signs no one in", async () => {
    const browser = new Browser();
    const callback = await throughProvider(browser, "carol");
    const tampered = new URL(callback);
    tampered.searchParams.set("state", "tampered");

    const response = await browser.get(tampered.href);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Sign-in failed");
    expect(html).not.toMatch(/eyJ|id_token|access_token/);
    expect(await accountPageStatus(browser)).toBe(303);
    expect(await repository.findUserByIdentity(handle.db, issuer, "carol")).toBeUndefined();

    // The sign-in's secrets are spent: even the genuine callback cannot be used now.
    const replay = await browser.get(callback.href);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("Your sign-in has expired; start again");
  });

  it("refuses a person in no mapped group with 403 and creates no account", async () => {
    const browser = new Browser();
    const response = await browser.get((await throughProvider(browser, "bob")).href);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Your account has no access to Waymark");
    expect(await accountPageStatus(browser)).toBe(303);
    expect(await repository.findUserByIdentity(handle.db, issuer, "bob")).toBeUndefined();
    expect(await repository.findUserByUsername(handle.db, "bob@council.example")).toBeUndefined();
  });

  it("records the account's creation and each sign-in in the audit trail", async () => {
    const browser = new Browser();
    expect((await browser.get((await throughProvider(browser, "dan")).href)).status).toBe(303);
    const user = await repository.findUserByIdentity(handle.db, issuer, "dan");
    if (!user) throw new Error("dan's account was not created");

    const history = await historyOf(handle.db, "user", user.id);
    expect(history.map((entry) => entry.action).sort()).toEqual(["create", "sign in"]);
    const signIn = history.find((entry) => entry.action === "sign in");
    expect(signIn).toMatchObject({ username: "dan@council.example", changes: [{ field: "method", before: "(none)", after: "oidc" }] });
  });

  it("takes the roles from the identity provider at every sign-in, and records the change", async () => {
    const dan = people.dan;
    if (!dan) throw new Error("dan is one of the provider's people");
    dan.groups = ["waymark-editors"];
    const browser = new Browser();
    expect((await browser.get((await throughProvider(browser, "dan")).href)).status).toBe(303);
    const user = await repository.findUserByIdentity(handle.db, issuer, "dan");
    expect(await repository.rolesOf(handle.db, user?.id ?? 0)).toEqual(expect.arrayContaining(["plan_editor", "viewer"]));
    const actions = (await historyOf(handle.db, "user", user?.id ?? 0)).map((entry) => entry.action);
    expect(actions.filter((action) => action === "set roles")).toHaveLength(1);
    expect(actions.filter((action) => action === "sign in")).toHaveLength(2);
  });

  it("gives a new account its own username when another account already has the name", async () => {
    await repository.insertUser(handle.db, { username: "erin", displayName: "Another Erin", passwordHash: null });
    const browser = new Browser();
    expect((await browser.get((await throughProvider(browser, "erin")).href)).status).toBe(303);
    const user = await repository.findUserByIdentity(handle.db, issuer, "erin");
    expect(user?.username).toMatch(/^erin-[0-9a-f]{6}$/);
  });

  it("lists an account made at first sign-in with the groups' roles; an administrator's change holds until the next sign-in", async () => {
    const browser = new Browser();
    expect((await browser.get((await throughProvider(browser, "fay")).href)).status).toBe(303);
    const fay = await repository.findUserByIdentity(handle.db, issuer, "fay");
    if (!fay) throw new Error("fay's account was not created");

    const administrator = await createUser(handle.db, testContext, { username: "it.admin", displayName: "Ian Admin", roles: ["administrator"] });
    const session = await startSession(handle.db, administrator.id);
    const cookies = { [sessionCookieName]: session.secret };
    const get = async (url: string) => page((await app.inject({ method: "GET", url, cookies })).body);
    const post = (url: string, form: string) =>
      app.inject({ method: "POST", url, cookies, payload: `_csrf=${session.row.csrfToken}&${form}`, headers: { "content-type": "application/x-www-form-urlencoded" } });
    const row = async () => {
      const accounts = await get("/accounts");
      const found = [...accounts.document.querySelectorAll("tbody tr")].find((tr) => tr.textContent?.includes("Fay Green"));
      return [...(found?.querySelectorAll("td") ?? [])].map((td) => (td.textContent ?? "").trim());
    };
    expect(await row()).toEqual(["Fay Green", "fay@council.example", "fay@council.example", "Plan editor, Viewer", "None", "Enabled", expect.stringMatching(/ at /), "From the identity provider's groups at the last sign-in"]);

    const accountPage = await get(`/accounts/${fay.id}`);
    expect(accountPage.text).toContain("Each time they sign in, their roles are replaced by the ones their groups at the council's identity provider give, so a change saved here lasts only until their next sign-in");
    expect(accountPage.links.some((l) => l.href.endsWith("/reset-password"))).toBe(false);
    const version = accountPage.document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";
    expect((await post(`/accounts/${fay.id}/roles`, `roles=viewer&version=${version}`)).statusCode).toBe(303);
    expect((await row()).slice(3)).toEqual(["Viewer", "None", "Enabled", expect.stringMatching(/ at /), "Set by an administrator"]);
    // Her password is the identity provider's business.
    const reset = await post(`/accounts/${fay.id}/reset-password`, "");
    expect(reset.statusCode).toBe(400);
    expect(page(reset.body).text).toContain("Fay Green signs in with their council account, so has no Waymark password to reset");

    // At her next sign-in her groups decide again.
    expect((await browser.get((await throughProvider(browser, "fay")).href)).status).toBe(303);
    expect((await row()).slice(3)).toEqual(["Plan editor, Viewer", "None", "Enabled", expect.stringMatching(/ at /), "From the identity provider's groups at the last sign-in"]);
    const roleChanges = (await historyOf(handle.db, "user", fay.id)).filter((entry) => entry.action === "set roles").map((entry) => entry.username);
    expect(roleChanges).toEqual(["fay@council.example", "it.admin"]);
  });

  it("shows a friendly page when the identity provider cannot be reached", async () => {
    const config: OidcConfig = {
      issuer: "http://127.0.0.1:9/",
      clientId: "waymark",
      clientSecret: undefined,
      redirectUri: callbackUrl,
      groupsClaim: "groups",
      roleMap: new Map(),
      buttonText: "Sign in",
    };
    const unreachable = await buildApp({ db: handle.db, oidc: oidcSignIn({ db: handle.db, config, session: defaultSessionSettings, allowInsecureRequests: true }) });
    try {
      const response = await unreachable.inject({ method: "GET", url: "/sign-in/oidc" });
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain("Signing in with your council account is not working at the moment");
    } finally {
      await unreachable.close();
    }
  });
});
