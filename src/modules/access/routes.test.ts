import { describe, expect, it } from "vitest";
import { demoPassword } from "../../demo/accounts.ts";
import { buildApp } from "../../app/app.ts";
import { testContext } from "../../../test/support/demo.ts";
import { page } from "../../../test/support/html.ts";
import { client, signedIn } from "../../../test/support/session.ts";
import { deviceCookieName } from "./devices.ts";
import { sessionCookieName } from "./sessions.ts";
import { createLogger } from "../../logging.ts";
import { searchAuditEvents } from "./audit.ts";
import { createUser, disableUser } from "./users.ts";
import { useTestApp } from "../../../test/support/app.ts";

/** The CSRF token of the sign-in form a client is shown. */
async function csrfOf(browser: ReturnType<typeof client>): Promise<string> {
  return page((await browser.get("/sign-in")).body).document.querySelector('input[name="_csrf"]')?.getAttribute("value") ?? "";
}

const testApp = useTestApp({ data: "demo", demoPassword });

describe("signing in", () => {
  it("sends someone not signed in to the sign-in page and back to where they were going", async () => {
    const browser = client(testApp.app);
    const first = await browser.get("/priorities/2");
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe("/sign-in?returnTo=%2Fpriorities%2F2");
    const signIn = await browser.post("/sign-in", { username: "viewer", password: demoPassword, returnTo: "/priorities/2" }, "/sign-in?returnTo=%2Fpriorities%2F2");
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe("/priorities/2");
  });

  it("does not follow /sign-in?returnTo=/%09/evil.example off the site after signing in, but goes to the person's home page", async () => {
    const browser = client(testApp.app);
    const response = await browser.post("/sign-in", { username: "viewer", password: demoPassword, returnTo: "/\t/evil.example" }, "/sign-in?returnTo=/%09/evil.example");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/home");
  });

  it.each([
    ["/%09/evil.example"],
    ["/\t/evil.example"],
    ["//evil.example"],
    ["/\\evil.example"],
    ["\\/evil.example"],
    ["/..//evil.example"],
    ["https://evil.example/"],
    ["javascript:alert(1)"],
    ["/priorities/1\r\nSet-Cookie: stolen=1"],
    ["/priorities\u0000/1"],
    ["/привет"],
    ["/search?q=日本#ä"],
  ])("signs in with returnTo %j and stays on the site, never failing", async (returnTo) => {
    // Sent as the sign-in page's query (as a link would carry it) and as the form's field.
    const browser = client(testApp.app);
    const form = await browser.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    expect(form.statusCode).toBe(200);
    const carried = page(form.body).document.querySelector('input[name="returnTo"]')?.getAttribute("value") ?? "";
    for (const value of [carried, returnTo]) {
      const response = await client(testApp.app).post("/sign-in", { username: "viewer", password: demoPassword, returnTo: value }, "/sign-in");
      expect(response.statusCode).toBe(303);
      const location = String(response.headers.location);
      expect(location).toMatch(/^\/[\x21-\x7e]*$/);
      expect(new URL(location, "https://waymark.example/sign-in").origin).toBe("https://waymark.example");
    }
  });

  it("lists the demonstration accounts with a banner that this is demonstration data", async () => {
    const signInPage = page((await client(testApp.app).get("/sign-in")).body);
    expect(signInPage.text).toContain("This is demonstration data");
    expect(signInPage.texts("tbody tr td:first-child")).toEqual(["admin", "editor", "lead", "approver", "analyst", "quality", "viewer"]);
  });

  it("gives the session a new id at sign-in", async () => {
    const browser = client(testApp.app);
    await browser.get("/sign-in");
    const before = browser.cookie;
    await browser.post("/sign-in", { username: "viewer", password: demoPassword }, "/sign-in");
    expect(browser.cookie).toBeDefined();
    expect(browser.cookie).not.toBe(before);
    // The id planted before sign-in does not give access.
    const planted = await testApp.app.inject({ method: "GET", url: "/", cookies: { [sessionCookieName]: before ?? "" } });
    expect(planted.statusCode).toBe(303);
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    const response = await client(testApp.app).get("/sign-in");
    const cookie = response.cookies.find((c) => c.name === sessionCookieName);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  });

  it.each([
    ["a wrong password", "viewer", "not the password"],
    ["an unknown account", "nobody-here", demoPassword],
  ])("answers %s with the same message, keeping the username", async (_case, username, password) => {
    const response = await client(testApp.app).post("/sign-in", { username, password }, "/sign-in");
    expect(response.statusCode).toBe(401);
    const result = page(response.body);
    expect(result.texts(".govuk-error-summary__list a")).toEqual(["Enter a correct username and password"]);
    expect(result.document.querySelector("#username")?.getAttribute("value")).toBe(username);
  });

  it("names the empty fields", async () => {
    const response = await client(testApp.app).post("/sign-in", { username: "", password: "" }, "/sign-in");
    expect(response.statusCode).toBe(400);
    expect(page(response.body).texts(".govuk-error-summary__list a")).toEqual(["Enter your username", "Enter your password"]);
  });

  it("refuses a disabled account", async () => {
    await createUser(testApp.db, testContext, { username: "leaver", displayName: "Leaver", roles: ["viewer"], password: demoPassword });
    await disableUser(testApp.db, testContext, { username: "leaver" });
    const response = await client(testApp.app).post("/sign-in", { username: "leaver", password: demoPassword }, "/sign-in");
    expect(response.statusCode).toBe(401);
  });

  it("slows password guessing without locking out a browser that has signed in before", async () => {
    await createUser(testApp.db, testContext, { username: "target", displayName: "Target", roles: ["viewer"], password: demoPassword });
    const usual = client(testApp.app);
    const first = await usual.post("/sign-in", { username: "target", password: demoPassword }, "/sign-in");
    const device = first.cookies.find((c) => c.name === deviceCookieName);
    expect(device).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/sign-in" });
    for (let i = 0; i < 5; i += 1) {
      expect((await client(testApp.app).post("/sign-in", { username: "target", password: `guess ${i}` }, "/sign-in")).statusCode).toBe(401);
    }
    // A browser new to the account waits, and is told for how long...
    const stranger = await client(testApp.app).post("/sign-in", { username: "target", password: demoPassword }, "/sign-in");
    expect(stranger.statusCode).toBe(429);
    expect(stranger.headers["retry-after"]).toBe("30");
    expect(page(stranger.body).texts(".govuk-error-summary__list a")).toEqual(["There have been too many failed attempts to sign in. Wait 30 seconds and try again"]);
    // ...while the person's own browser (signed out since, its device cookie kept) signs in at once.
    const returning = client(testApp.app);
    const own = await testApp.app.inject({
      method: "POST",
      url: "/sign-in",
      payload: new URLSearchParams({ _csrf: await csrfOf(returning), username: "target", password: demoPassword }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      cookies: { [sessionCookieName]: returning.cookie ?? "", [deviceCookieName]: device?.value ?? "" },
    });
    expect(own.statusCode).toBe(303);
  });

  it("signs out: the session no longer works", async () => {
    const browser = await signedIn(testApp.app, "viewer");
    const session = browser.cookie;
    const out = await browser.post("/sign-out", {}, "/");
    expect(out.headers.location).toBe("/sign-in?signedOut=1");
    const after = await testApp.app.inject({ method: "GET", url: "/", cookies: { [sessionCookieName]: session ?? "" } });
    expect(after.statusCode).toBe(303);
  });
});

describe("the correlation id", () => {
  it("is made by the server, whatever x-request-id a client sends; the client's is logged beside it, cut short", async () => {
    const lines: string[] = [];
    const logged = await buildApp({ db: testApp.db, demoPassword, logger: createLogger("info", { write: (line: string) => void lines.push(line) }) });
    try {
      const form = await logged.inject({ method: "GET", url: "/sign-in" });
      const cookie = form.cookies.find((c) => c.name === sessionCookieName)?.value ?? "";
      const csrf = page(form.body).document.querySelector('input[name="_csrf"]')?.getAttribute("value") ?? "";
      const sent = `client-${"x".repeat(10_000)}`;
      const response = await logged.inject({
        method: "POST",
        url: "/sign-in",
        payload: new URLSearchParams({ _csrf: csrf, username: "approver", password: demoPassword }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", "x-request-id": sent },
        cookies: { [sessionCookieName]: cookie },
      });
      expect(response.statusCode).toBe(303);
      const id = String(response.headers["x-request-id"]);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const events = await searchAuditEvents(testApp.db, { username: "approver" }, 50);
      expect(events.filter((e) => e.action === "sign in").map((e) => e.correlationId)).toContain(id);
      expect(events.some((e) => e.correlationId.includes("xxxx"))).toBe(false);
      const incoming = lines.map((line) => JSON.parse(line) as { reqId?: string; msg?: string; req?: { clientRequestId?: string } }).find((l) => l.reqId === id && l.msg === "request completed");
      expect(incoming?.req?.clientRequestId).toBe(sent.slice(0, 128));
      for (const line of lines) expect(line.length).toBeLessThan(2000);
    } finally {
      await logged.close();
    }
  });
});

describe("changing a password", () => {
  it("checks the current password and the rules for the new one", async () => {
    await createUser(testApp.db, testContext, { username: "changer", displayName: "Changer", roles: ["viewer"], password: demoPassword });
    const browser = await signedIn(testApp.app, "changer");
    const wrong = await browser.post("/account/password", { currentPassword: "wrong one", newPassword: "kettle river lantern" });
    expect(page(wrong.body).texts(".govuk-error-summary__list a")).toEqual(["Your current password is not right"]);
    const weak = await browser.post("/account/password", { currentPassword: demoPassword, newPassword: "password1234" });
    expect(page(weak.body).texts(".govuk-error-summary__list a")).toEqual(["Password is too common: choose one that is harder to guess"]);
    const done = await browser.post("/account/password", { currentPassword: demoPassword, newPassword: "kettle river lantern" });
    expect(page(done.body).h1).toBe("Your password has been changed");
    expect((await client(testApp.app).post("/sign-in", { username: "changer", password: "kettle river lantern" }, "/sign-in")).statusCode).toBe(303);
  });
});

describe("the security baseline", () => {
  it("refuses a form without its CSRF token and changes nothing", async () => {
    const browser = await signedIn(testApp.app, "editor");
    const response = await testApp.app.inject({
      method: "POST",
      url: "/priorities/1/edit",
      payload: "title=Hijacked&vision=x&version=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      cookies: { [sessionCookieName]: browser.cookie ?? "" },
    });
    expect(response.statusCode).toBe(403);
    expect(page(response.body).h1).toBe("This form has expired");
    expect(page((await browser.get("/priorities/1")).body).h1).toBe("Early help");
  });

  it("sends a Content Security Policy whose nonce is on the page's only inline script", async () => {
    const response = await (await signedIn(testApp.app, "viewer")).get("/");
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const scripts = [...page(response.body).document.querySelectorAll("script")];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script.getAttribute("nonce")).toBe(nonce);
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it("refuses a request body over 1 MB with a page that says so", async () => {
    const browser = await signedIn(testApp.app, "editor");
    const response = await testApp.app.inject({
      method: "POST",
      url: "/priorities/1/edit",
      payload: `title=${"x".repeat(1_100_000)}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      cookies: { [sessionCookieName]: browser.cookie ?? "" },
    });
    expect(response.statusCode).toBe(413);
    expect(page(response.body).h1).toBe("What you sent is too large");
  });
});
