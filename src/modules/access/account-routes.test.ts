import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema/index.ts";
import { demoPassword } from "../../demo/accounts.ts";
import { createLogger } from "../../logging.ts";
import { routeRules } from "./authorise.ts";
import { testContext } from "../../../test/support/demo.ts";
import { page } from "../../../test/support/html.ts";
import { client, signedIn, type Client } from "../../../test/support/session.ts";
import { findUserByUsername } from "./repository.ts";
import { sessionCookieName, startSession } from "./sessions.ts";
import { createUser, setRoles } from "./users.ts";
import { useTestApp } from "../../../test/support/app.ts";

const logLines: string[] = [];
const testApp = useTestApp({ data: "demo", logger: createLogger("info", { write: (line: string) => void logLines.push(line) }) });
let admin: Client;

beforeAll(async () => {
  admin = await signedIn(testApp.app, "admin");
});

const idOf = async (username: string) => {
  const user = await findUserByUsername(testApp.db, username);
  if (!user) throw new Error(`no account ${username}`);
  return user.id;
};

const errorsOf = (html: string) => page(html).texts(".govuk-error-summary__list a");
const errorLinks = (html: string) => [...page(html).document.querySelectorAll(".govuk-error-summary__list a")].map((a) => a.getAttribute("href"));
const auditCount = () => testApp.db.$count(auditEvents);
/** The account's row in the accounts table, cell by cell. */
async function rowOf(name: string, as: Client = admin): Promise<string[]> {
  const table = page((await as.get("/accounts")).body).document;
  const row = [...table.querySelectorAll("tbody tr")].find((tr) => tr.querySelector("td")?.textContent?.trim() === name);
  return row ? [...row.querySelectorAll("td")].map((td) => (td.textContent ?? "").replace(/\s+/g, " ").trim()) : [];
}

/** The version the account's roles form carries, as the page shows it. */
async function versionOn(accountPage: string): Promise<string> {
  return page((await admin.get(accountPage)).body).document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";
}

describe("the accounts page", () => {
  it("lists every account with its roles in words, priorities, status, last sign-in and where its roles came from", async () => {
    const response = await admin.get("/accounts");
    expect(response.statusCode).toBe(200);
    const accounts = page(response.body);
    expect(accounts.h1).toBe("Accounts");
    expect(accounts.texts("thead th")).toEqual(["Name", "Username", "Email", "Roles", "Priorities led", "Status", "Last signed in", "Roles set by"]);
    const lead = await rowOf("Lee Lead");
    expect(lead.slice(0, 6)).toEqual(["Lee Lead", "lead", "None", "Priority lead", "3, 4", "Enabled"]);
    expect(lead[7]).toBe("Set by an administrator");
    // The administrator signed in for these tests; the lead has not.
    expect((await rowOf("Ada Administrator"))[6]).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}$/);
    expect(lead[6]).toBe("No sign-in recorded");
  });

  it("is linked from the header for administrators only", async () => {
    const links = (html: string) => page(html).links.filter((l) => l.href === "/accounts");
    expect(links((await admin.get("/")).body)).toEqual([{ text: "Accounts", href: "/accounts" }]);
    for (const username of ["editor", "lead", "approver", "analyst", "quality", "viewer"]) {
      expect(links((await (await signedIn(testApp.app, username)).get("/")).body), username).toEqual([]);
    }
  });
});

describe("adding an account", () => {
  it("shows a one-time password once, with which the person signs in; it is never logged, audited or shown again", async () => {
    const form = page((await admin.get("/accounts/new")).body);
    expect(form.texts("#priorities-hint")).toEqual(["Only for a priority lead: the priorities whose progress they write. Leave these clear for every other role."]);
    const added = await admin.post("/accounts/new", {
      username: "Jo.Smith",
      displayName: "Jo Smith",
      email: "jo.smith@council.example",
      roles: ["priority_lead", "viewer"],
      priorities: ["5", "2"],
    });
    expect(added.statusCode).toBe(201);
    const shown = page(added.body);
    expect(shown.h1).toBe("Account added");
    const password = shown.document.querySelector("#one-time-password")?.textContent ?? "";
    expect(password).toMatch(/^[a-z2-9-]{20}$/);
    expect(shown.text).toContain("This is the only time the password is shown");
    expect(shown.text).toContain("Jo Smith must change it after signing in");

    const person = client(testApp.app);
    const signIn = await person.post("/sign-in", { username: "jo.smith", password }, "/sign-in");
    expect(signIn.statusCode).toBe(303);
    // Nothing but choosing their own password until they have: pages send them there, forms are refused.
    const sent = await person.get("/");
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe("/account/password");
    const choose = page((await person.get("/account/password")).body);
    expect(choose.texts(".waymark-account span")).toEqual(["Signed in as Jo Smith"]);
    expect(choose.text).toContain("You signed in with a one-time password");
    expect((await person.post("/progress/periods/1/priorities/5/edit", { narrative: "Written before choosing a password" }, "/account/password")).statusCode).toBe(403);
    const own = "a walk along the Hoe at dusk";
    expect((await person.post("/account/password", { currentPassword: password, newPassword: own }, "/account/password")).statusCode).toBe(200);
    expect((await person.get("/")).statusCode).toBe(200);

    expect(await rowOf("Jo Smith")).toEqual(expect.arrayContaining(["jo.smith", "jo.smith@council.example", "Priority lead, Viewer", "2, 5", "Enabled", "Set by an administrator"]));
    const accountPage = (await admin.get(`/accounts/${await idOf("jo.smith")}`)).body;
    expect(accountPage).not.toContain(password);
    expect(logLines.join("\n")).not.toContain(password);
    const events = await testApp.db.select().from(auditEvents);
    expect(JSON.stringify(events)).not.toContain(password);
    expect(events.some((e) => e.action === "create" && e.username === "admin" && (e.after as { username?: string }).username === "jo.smith")).toBe(true);
  });

  it("names each field that is wrong, keeps what was typed, and saves nothing", async () => {
    const before = await auditCount();
    const response = await admin.post("/accounts/new", { username: "J", displayName: "", email: "not an address", priorities: "3" });
    expect(response.statusCode).toBe(400);
    expect(errorsOf(response.body)).toEqual([
      "Username must be 3 to 64 letters, digits, dots, hyphens, underscores or @",
      "Enter the person's name",
      "Enter an email address in the right format, like jo.smith@council.example",
      "Select at least one role",
    ]);
    expect(errorLinks(response.body)).toEqual(["#username", "#displayName", "#email", "#roles"]);
    const form = page(response.body).document;
    expect(form.querySelector("#username")?.getAttribute("value")).toBe("J");
    expect(form.querySelector('input[name="priorities"][value="3"]')?.hasAttribute("checked")).toBe(true);
    expect(await auditCount()).toBe(before);
  });

  it.each([
    ["a username already taken", { username: "ADMIN", displayName: "Another Ada", roles: "viewer" }, "There is already a user called admin", "#username"],
    ["priorities for someone who is not a priority lead", { username: "not.a.lead", displayName: "Not A Lead", roles: "viewer", priorities: "3" }, "Priorities are only for a priority lead: select Priority lead too, or clear the priorities", "#priorities"],
    ["a role that does not exist", { username: "councillor", displayName: "A Councillor", roles: "councillor" }, "Select roles from the list", "#roles"],
    ["a priority the plan does not have", { username: "new.lead", displayName: "New Lead", roles: "priority_lead", priorities: "12" }, "There is no priority 12 in the plan", "#priorities"],
  ])("refuses %s on its field, saving nothing", async (_case, fields, message, href) => {
    const before = await auditCount();
    const response = await admin.post("/accounts/new", fields);
    expect(response.statusCode).toBe(400);
    expect(errorsOf(response.body)).toEqual([message]);
    expect(errorLinks(response.body)).toEqual([href]);
    expect(await auditCount()).toBe(before);
  });
});

describe("who may manage accounts", () => {
  const accountRoutes = () => routeRules(testApp.app).filter((r) => r.url.startsWith("/accounts"));

  it("has a rule for each page of accounts, all for administrators", () => {
    expect(accountRoutes().map((r) => `${r.method} ${r.url} ${r.rule}`).sort()).toEqual([
      "GET /accounts users:manage",
      "GET /accounts/:id users:manage",
      "GET /accounts/:id/disable users:manage",
      "GET /accounts/:id/reset-password users:manage",
      "GET /accounts/new users:manage",
      "POST /accounts/:id/disable users:manage",
      "POST /accounts/:id/enable users:manage",
      "POST /accounts/:id/reset-password users:manage",
      "POST /accounts/:id/roles users:manage",
      "POST /accounts/new users:manage",
    ]);
  });

  it("refuses every other role on every accounts route, and changes nothing", async () => {
    const target = await idOf("viewer");
    const before = await auditCount();
    for (const username of ["editor", "lead", "approver", "analyst", "quality", "viewer"]) {
      const session = await startSession(testApp.db, await idOf(username));
      for (const route of accountRoutes()) {
        const response = await testApp.app.inject({
          method: route.method as "GET" | "POST",
          url: route.url.replace(":id", String(target)),
          cookies: { [sessionCookieName]: session.secret },
          ...(route.method === "POST"
            ? { payload: new URLSearchParams({ _csrf: session.row.csrfToken, username: "intruder", displayName: "Intruder", roles: "administrator", version: "1" }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } }
            : {}),
        });
        expect(response.statusCode, `${username}: ${route.method} ${route.url}`).toBe(403);
        expect(page(response.body).h1).toBe("You do not have permission to see this page");
      }
    }
    expect(await auditCount()).toBe(before);
    expect(await findUserByUsername(testApp.db, "intruder")).toBeUndefined();
  });
});

describe("the last enabled administrator", () => {
  it("cannot be disabled, by themselves or anyone, and the page says why", async () => {
    const adminId = await idOf("admin");
    const accountPage = page((await admin.get(`/accounts/${adminId}`)).body);
    expect(accountPage.text).toContain("This account cannot be disabled while it is the only enabled administrator.");
    expect(accountPage.links.some((l) => l.href === `/accounts/${adminId}/disable`)).toBe(false);

    const before = await auditCount();
    const refused = await admin.post(`/accounts/${adminId}/disable`, {}, `/accounts/${adminId}`);
    expect(refused.statusCode).toBe(400);
    expect(page(refused.body).texts(".govuk-error-summary__body")).toEqual([
      "Ada Administrator is the only administrator whose account is enabled, and Waymark must always have one: add or enable another administrator before disabling this account",
    ]);
    expect(await auditCount()).toBe(before);
    expect((await admin.get("/accounts")).statusCode).toBe(200);
  });

  it("cannot lose the administrator role; once another administrator is enabled, either may", async () => {
    const adminId = await idOf("admin");
    const demote = async () => admin.post(`/accounts/${adminId}/roles`, { roles: "viewer", version: await versionOn(`/accounts/${adminId}`) }, `/accounts/${adminId}`);
    const refused = await demote();
    expect(refused.statusCode).toBe(400);
    expect(errorsOf(refused.body)).toEqual([
      "Ada Administrator is the only administrator whose account is enabled, and Waymark must always have one: add or enable another administrator before removing the administrator role from this account",
    ]);
    expect(errorLinks(refused.body)).toEqual(["#roles"]);
    expect((await rowOf("Ada Administrator"))[3]).toBe("Administrator");

    // A second administrator, disabled, does not count; enabled, they do.
    await createUser(testApp.db, testContext, { username: "deputy", displayName: "Dee Deputy", roles: ["administrator"], password: demoPassword });
    const deputyId = await idOf("deputy");
    expect((await admin.post(`/accounts/${deputyId}/disable`, {}, `/accounts/${deputyId}/disable`)).statusCode).toBe(303);
    expect((await demote()).statusCode).toBe(400);
    expect((await admin.post(`/accounts/${deputyId}/enable`, {}, `/accounts/${deputyId}`)).statusCode).toBe(303);

    // Now the deputy demotes Ada, and is then the one who cannot be disabled.
    const deputy = await signedIn(testApp.app, "deputy");
    const version = page((await deputy.get(`/accounts/${adminId}`)).body).document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";
    expect((await deputy.post(`/accounts/${adminId}/roles`, { roles: "viewer", version }, `/accounts/${adminId}`)).statusCode).toBe(303);
    expect((await rowOf("Ada Administrator", deputy))[3]).toBe("Viewer");
    const selfDisable = await deputy.post(`/accounts/${deputyId}/disable`, {}, `/accounts/${deputyId}`);
    expect(selfDisable.statusCode).toBe(400);
    expect(page(selfDisable.body).text).toContain("Dee Deputy is the only administrator whose account is enabled");

    // Put Ada back for the tests that follow.
    const again = page((await deputy.get(`/accounts/${adminId}`)).body).document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";
    expect((await deputy.post(`/accounts/${adminId}/roles`, { roles: "administrator", version: again }, `/accounts/${adminId}`)).statusCode).toBe(303);
    admin = await signedIn(testApp.app, "admin");
  });
});

describe("changing roles", () => {
  it("saves the roles and priorities, and the audit trail shows who changed what", async () => {
    await createUser(testApp.db, testContext, { username: "sam", displayName: "Sam Rivers", roles: ["viewer"], password: demoPassword });
    const accountPage = `/accounts/${await idOf("sam")}`;
    const saved = await admin.post(`${accountPage}/roles`, { roles: ["priority_lead", "approver"], priorities: "7", version: await versionOn(accountPage) }, accountPage);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${accountPage}?done=roles`);
    const after = page((await admin.get(String(saved.headers.location))).body);
    expect(after.texts(".govuk-notification-banner__heading")).toEqual(["The roles have been saved"]);
    expect(await rowOf("Sam Rivers")).toEqual(expect.arrayContaining(["Priority lead, Approver", "7"]));

    const audit = page((await admin.get("/admin/audit?type=user&user=admin")).body);
    const row = [...audit.document.querySelectorAll("tbody tr")].map((tr) => (tr.textContent ?? "").replace(/\s+/g, " ")).find((text) => text.includes("User: Sam Rivers"));
    expect(row).toContain("set roles");
    expect(row).toMatch(/Roles: viewer → priority_lead approver/);
    expect(row).toMatch(/Priorities: → 7/);
  });

  it("refuses a stale form: nothing changes, and the conflict page shows what is saved beside the edit", async () => {
    await createUser(testApp.db, testContext, { username: "kim", displayName: "Kim Lowe", roles: ["viewer"], password: demoPassword });
    const kimId = await idOf("kim");
    const accountPage = `/accounts/${kimId}`;
    const staleVersion = await versionOn(accountPage);
    // Someone else saves first (from the command line, say).
    const theirs = await setRoles(testApp.db, testContext, { username: "kim" }, { roles: ["approver"] });
    expect(theirs.ok).toBe(true);
    const before = await auditCount();

    const stale = await admin.post(`${accountPage}/roles`, { roles: "plan_editor", version: staleVersion }, accountPage);
    expect(stale.statusCode).toBe(409);
    const conflict = page(stale.body);
    expect(conflict.text).toContain("Someone else changed this while you were editing it");
    expect(conflict.texts("table tbody tr")).toEqual(["Roles Approver Plan editor"]);
    // The form still holds the edit, at the version now saved.
    expect(conflict.document.querySelector('input[name="roles"][value="plan_editor"]')?.hasAttribute("checked")).toBe(true);
    expect(conflict.document.querySelector('input[name="roles"][value="approver"]')?.hasAttribute("checked")).toBe(false);
    expect(await auditCount()).toBe(before);
    expect((await rowOf("Kim Lowe"))[3]).toBe("Approver");

    // Saving again from the conflict page replaces what is saved.
    const version = conflict.document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";
    expect(version).not.toBe(staleVersion);
    expect((await admin.post(`${accountPage}/roles`, { roles: "plan_editor", version }, accountPage)).statusCode).toBe(303);
    expect((await rowOf("Kim Lowe"))[3]).toBe("Plan editor");
  });
});

describe("disabling, enabling and resetting a password", () => {
  it("disables after confirming, ending the person's sessions; enabling lets them sign in again", async () => {
    await createUser(testApp.db, testContext, { username: "pat", displayName: "Pat Quinn", roles: ["viewer"], password: demoPassword });
    const patId = await idOf("pat");
    const pat = await signedIn(testApp.app, "pat");
    const confirm = page((await admin.get(`/accounts/${patId}/disable`)).body);
    expect(confirm.h1).toBe("Disable the account of Pat Quinn?");
    const disabled = await admin.post(`/accounts/${patId}/disable`, {}, `/accounts/${patId}/disable`);
    expect(disabled.statusCode).toBe(303);
    expect(page((await admin.get(String(disabled.headers.location))).body).texts(".govuk-notification-banner__heading")).toEqual(["The account has been disabled and its sessions have ended"]);
    expect((await pat.get("/")).statusCode).toBe(303);
    expect((await client(testApp.app).post("/sign-in", { username: "pat", password: demoPassword }, "/sign-in")).statusCode).toBe(401);
    expect((await rowOf("Pat Quinn"))[5]).toBe("Disabled");

    expect((await admin.post(`/accounts/${patId}/enable`, {}, `/accounts/${patId}`)).statusCode).toBe(303);
    expect((await client(testApp.app).post("/sign-in", { username: "pat", password: demoPassword }, "/sign-in")).statusCode).toBe(303);
    const actions = (await testApp.db.select().from(auditEvents)).filter((e) => e.recordId === String(patId) && e.username === "admin").map((e) => e.action);
    expect(actions).toEqual(["disable", "enable"]);
  });

  it("resets a password after confirming: the person's sessions end, the old password stops working and the one shown signs in", async () => {
    await createUser(testApp.db, testContext, { username: "robin", displayName: "Robin Hale", roles: ["viewer"], password: demoPassword });
    const robinId = await idOf("robin");
    const robin = await signedIn(testApp.app, "robin");
    expect((await robin.get("/")).statusCode).toBe(200);

    expect(page((await admin.get(`/accounts/${robinId}/reset-password`)).body).h1).toBe("Reset the password of Robin Hale?");
    const reset = await admin.post(`/accounts/${robinId}/reset-password`, {}, `/accounts/${robinId}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const shown = page(reset.body);
    expect(shown.h1).toBe("Password reset");
    const password = shown.document.querySelector("#one-time-password")?.textContent ?? "";
    expect(password).toMatch(/^[a-z2-9-]{20}$/);

    expect((await robin.get("/")).statusCode).toBe(303);
    expect((await client(testApp.app).post("/sign-in", { username: "robin", password: demoPassword }, "/sign-in")).statusCode).toBe(401);
    expect((await client(testApp.app).post("/sign-in", { username: "robin", password }, "/sign-in")).statusCode).toBe(303);
    expect((await admin.get(`/accounts/${robinId}`)).body).not.toContain(password);
    expect(logLines.join("\n")).not.toContain(password);
  });

  it("does not reset an administrator's own password: that needs the current one", async () => {
    const adminId = await idOf("admin");
    const accountPage = page((await admin.get(`/accounts/${adminId}`)).body);
    expect(accountPage.links).toContainEqual({ text: "Change your password", href: "/account/password" });
    const before = await auditCount();
    const refused = await admin.post(`/accounts/${adminId}/reset-password`, {}, `/accounts/${adminId}`);
    expect(refused.statusCode).toBe(400);
    expect(page(refused.body).texts(".govuk-error-summary__body")).toEqual(["To change your own password, use Change your password, which asks for your current one."]);
    expect(await auditCount()).toBe(before);
    expect((await client(testApp.app).post("/sign-in", { username: "admin", password: demoPassword }, "/sign-in")).statusCode).toBe(303);
  });

  it("answers page not found for an account that does not exist", async () => {
    for (const url of ["/accounts/999999", "/accounts/999999/disable", "/accounts/999999/reset-password", "/accounts/abc"]) {
      expect((await admin.get(url)).statusCode, url).toBe(404);
    }
  });
});
