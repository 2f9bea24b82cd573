import { describe, expect, it } from "vitest";
import { londonDateOf } from "../../src/core/values-as-at.ts";
import { currentPlanSummary, findCurrentPlan } from "../../src/modules/plan/index.ts";
import { openPeriod } from "../../src/modules/progress/index.ts";
import { noMailer, sendDueReminders } from "../../src/modules/reminders/index.ts";
import { checkEachPage, expectNoWiderThan, haveBrowser, screenshot, useBrowserApp, violations } from "../support/browser.ts";
import { testContext } from "../support/demo.ts";

describe.runIf(haveBrowser)("the plan, its progress and accounts in a real browser", () => {
  const web = useBrowserApp();

  it("the sign-in page has no WCAG 2.2 AA violations", async () => {
    const page = await web.browser.newPage();
    await page.goto(web.base + "/sign-in");
    expect(await violations(page)).toEqual([]);
    await screenshot(page, "sign-in");
    await page.close();
  });

  it("the sign-in form shows its errors accessibly", async () => {
    const page = await web.browser.newPage();
    await page.goto(web.base + "/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Enter your username");
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  checkEachPage(web, [
    ["home", "/home"],
    ["overview", "/"],
    ["priority", "/priorities/3"],
    ["ofsted", "/ofsted"],
    ["voice", "/voice"],
    ["success", "/success"],
    ["search", "/search?q=foster+carers"],
    ["not-found", "/priorities/99"],
    ["edit-priority", "/priorities/3/edit"],
    ["edit-milestone", "/milestones/1/edit"],
    ["history", "/priorities/3/history"],
    ["audit", "/admin/audit"],
    ["progress", "/progress"],
    ["period", "/progress/periods/3"],
    ["update", "/progress/periods/3/priorities/1"],
    ["update-form", "/progress/periods/3/priorities/1/edit"],
    ["compliance", "/progress/periods/3/compliance"],
    ["distance", "/progress/distance"],
    ["timeline", "/priorities/3/timeline"],
    ["year-end-review", "/progress/review/2024"],
    ["plan-setup", "/plan/setup"],
    ["new-plan", "/plan/new"],
    ["edit-plan", "/plan/edit"],
    ["plan-history", "/plan/history"],
    ["add-priority", "/priorities/new"],
    ["retire-priority", "/priorities/3/retire"],
    ["add-milestone", "/priorities/3/milestones/new"],
    ["retire-milestone", "/milestones/1/retire"],
    ["add-outcome", "/priorities/3/outcomes/new"],
    ["retire-outcome", "/outcomes/1/retire"],
    ["add-key-indicator", "/key-indicators/new"],
    ["change-key-indicator", "/key-indicators/1/edit"],
    ["retire-key-indicator", "/key-indicators/1/retire"],
    ["add-end-state", "/end-states/new"],
    ["change-end-state", "/end-states/1/edit"],
    ["retire-end-state", "/end-states/1/retire"],
    ["accounts", "/accounts"],
    ["add-account", "/accounts/new"],
    ["account", "/accounts/3"],
    ["disable-account", "/accounts/3/disable"],
    ["reset-password", "/accounts/3/reset-password"],
  ]);

  it.each(["editor", "lead", "approver", "analyst", "quality", "viewer"])("the home page of the demo's %s has no WCAG 2.2 AA violations and is no wider than a phone or a laptop", async (username) => {
    // Each role has its own sections; the administrator's is checked with the pages above.
    const page = await web.pageAs(username);
    await page.goto(web.base + "/home");
    expect(await violations(page)).toEqual([]);
    await screenshot(page, `home-${username}`);
    await expectNoWiderThan(page, `${username}'s home`);
    await page.close();
  });
  it("a plan editor puts a priority in order and retires a milestone without JavaScript, seeing a banner after each", async () => {
    const context = await web.noScriptContextAs("editor");
    const page = await context.newPage();
    await page.goto(web.base + "/plan/setup");
    await page.locator("#priority-10").getByRole("button", { name: /^Move up/ }).click();
    await page.waitForURL(/\/plan\/setup\?saved=priority-moved/);
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("The priority has been moved");
    expect(await page.locator("tbody tr:nth-last-child(2) td:first-child").textContent()).toBe("Priority 10: Enablers");
    await page.goto(web.base + "/priorities/9");
    await page.locator("#year-2024 ~ ol > li").first().getByRole("link", { name: /^Retire/ }).click();
    await page.getByRole("button", { name: "Retire the milestone" }).click();
    await page.waitForURL(/\/priorities\/9\?saved=milestone-retired/);
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("The milestone has been retired");
    await context.close();
    // With scripts on, for the accessibility check: the page with a retired milestone and a banner.
    const checked = await web.pageAs("editor");
    await checked.goto(web.base + "/priorities/9?saved=milestone-retired");
    expect(await violations(checked)).toEqual([]);
    await screenshot(checked, "priority-retired-milestone");
    await checked.close();
  }, 90_000);

  it("an administrator adds an account without JavaScript, and the person signs in with the one-time password; the form's errors and the password page have no violations", async () => {
    const { base } = web;
    const page = await web.pageAs("admin");
    await page.goto(base + "/accounts/new");
    await page.getByRole("button", { name: "Add the account" }).click();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Enter a username");
    expect(await violations(page)).toEqual([]);
    await page.getByLabel("Username").fill("casey.lead");
    await page.getByLabel("Name", { exact: true }).fill("Casey Lead");
    await page.getByLabel("Priority lead").check();
    await page.getByLabel("Priority 5:").check();
    await page.getByRole("button", { name: "Add the account" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("Account added");
    expect(await violations(page)).toEqual([]);
    await screenshot(page, "account-added");
    await page.close();

    const context = await web.noScriptContextAs("admin");
    const noScript = await context.newPage();
    await noScript.goto(base + "/accounts/new");
    await noScript.getByLabel("Username").fill("jo.smith");
    await noScript.getByLabel("Name", { exact: true }).fill("Jo Smith");
    await noScript.getByLabel("Viewer").check();
    await noScript.getByRole("button", { name: "Add the account" }).click();
    await expect.poll(() => noScript.locator("h1").textContent()).toContain("Account added");
    const password = (await noScript.locator("#one-time-password").textContent()) ?? "";
    expect(password).toMatch(/^[a-z2-9-]{20}$/);
    const person = await web.browser.newContext({ javaScriptEnabled: false });
    const signIn = await person.newPage();
    await signIn.goto(base + "/sign-in");
    await signIn.getByLabel("Username").fill("jo.smith");
    await signIn.getByLabel("Password").fill(password);
    await signIn.getByRole("button", { name: "Sign in" }).click();
    // A one-time password is changed before anything else.
    await signIn.waitForURL(base + "/account/password");
    await signIn.getByLabel("Current password").fill(password);
    await signIn.getByLabel("New password").fill("a walk along the Hoe at dusk");
    await signIn.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => signIn.locator("h1").textContent()).toBe("Your password has been changed");
    await signIn.goto(base + "/home");
    expect(await signIn.locator(".waymark-account").textContent()).toContain("Signed in as Jo Smith");
    await person.close();
    await context.close();
  }, 60_000);
  it("the accessibility check itself catches a violation", async () => {
    const page = await web.browser.newPage();
    await page.setContent('<html lang="en"><title>t</title><main><input type="text"></main></html>');
    expect((await violations(page)).map((v) => v.id)).toContain("label");
    await page.close();
  });

  it("works without JavaScript: from the overview to a priority, then a search to a milestone", async () => {
    // Signed in through the form without JavaScript too.
    const context = await web.browser.newContext({ javaScriptEnabled: false });
    const page = await web.signedInPage("viewer", context);
    await page.getByRole("link", { name: "Plan", exact: true }).click();
    await page.getByRole("link", { name: "Targeted help" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Targeted help");
    await page.getByRole("link", { name: "Search", exact: true }).click();
    await page.getByLabel("Search the plan, measures, progress and issued reports").fill("Mockingbird");
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator(".waymark-search-hit a").first().click();
    expect(page.url()).toMatch(/\/priorities\/\d+#milestone-\d+$/);
    await context.close();
  });

  it("the reminders page, holding a reminder and its message, has no WCAG 2.2 AA violations and is no wider than a phone or a laptop", async () => {
    const { db } = web.handle;
    const plan = await findCurrentPlan(db);
    if (!plan) throw new Error("no plan");
    const today = londonDateOf(new Date());
    await openPeriod(db, testContext, plan, { planYear: 2025, kind: "quarter", quarter: 4, deadline: today });
    await sendDueReminders({ db, mailer: noMailer, publicUrl: web.base, settings: { daysBefore: [10], daysAfter: [3] }, now: () => new Date() }, await currentPlanSummary(db));
    const page = await web.pageAs("admin");
    await page.goto(web.base + "/admin/reminders");
    await page.getByText("Read the message").first().click();
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(0);
    expect(await violations(page)).toEqual([]);
    await screenshot(page, "reminders");
    await expectNoWiderThan(page, "reminders");
    await page.close();
  });
});
