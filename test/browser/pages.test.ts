import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { importValues } from "../../src/modules/measures/index.ts";
import { londonDateOf } from "../../src/core/values-as-at.ts";
import { currentPlanSummary, findCurrentPlan } from "../../src/modules/plan/index.ts";
import { openPeriod } from "../../src/modules/progress/index.ts";
import { noMailer, sendDueReminders } from "../../src/modules/reminders/index.ts";
import { expectNoWiderThan, haveBrowser, screenshot, useBrowserApp, violations } from "../support/browser.ts";
import { testContext } from "../support/demo.ts";

describe.runIf(haveBrowser)("pages in a real browser", () => {
  const web = useBrowserApp(async (handle) => {
    // Two values imports for their pages: the first applied, the second refused.
    const header = "measure_code,period_end,value,numerator,denominator,status,note";
    await importValues(handle.db, testContext, "november-2024.csv", Buffer.from(`${header}\nREREFERRALS,2024-11-30,25.1,,,provisional,From the November performance board\n`));
    await importValues(handle.db, testContext, "refused.csv", Buffer.from(`${header}\nNO-SUCH-MEASURE,2024-11-30,1,,,final,\n`));
  });

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

  /** One administrator's tab, taken from page to page by the checks of every page. */
  let adminTab: Page | undefined;

  it.each([
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
    ["scorecard", "/measures"],
    ["scorecard-page", "/measures?sort=title&order=desc&page=2"],
    ["measure", "/measures/REREFERRALS"],
    ["exceptions", "/measures/exceptions"],
    ["import-values", "/measures/import"],
    ["applied-import", "/measures/imports/1"],
    ["refused-import", "/measures/imports/2"],
    ["enter-values", "/measures/entry?period=2025-09-30"],
    ["import-benchmarks", "/measures/benchmarks/import"],
    ["reference-data", "/measures/reference-data"],
    ["reports", "/reports"],
    ["report", "/reports/3"],
    ["report-form", "/reports/3/edit"],
    ["report-preview", "/reports/3/preview"],
    ["cabinet-report-preview", "/reports/4/preview"],
    ["rag-settings", "/measures/settings"],
    ["add-target", "/measures/SUPPORTED-INTERNSHIPS/targets/new"],
    ["change-target", "/measures/FOSTER-CARERS-NET-GAIN/targets/1/edit"],
    ["remove-target", "/measures/FOSTER-CARERS-NET-GAIN/targets/1/remove"],
    ["accounts", "/accounts"],
    ["add-account", "/accounts/new"],
    ["account", "/accounts/3"],
    ["disable-account", "/accounts/3/disable"],
    ["reset-password", "/accounts/3/reset-password"],
    ["add-measure", "/measures/new"],
    ["change-measure", "/measures/REREFERRALS/edit"],
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
  ])("the %s page has no WCAG 2.2 AA violations and is no wider than a phone or a laptop", async (name, path) => {
    const page = (adminTab ??= await web.pageAs("admin"));
    // Each page is first seen at the browser's own size, as a new tab would show it.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(web.base + path);
    expect(await violations(page)).toEqual([]);
    await screenshot(page, name);
    await expectNoWiderThan(page, name);
  });

  it.each(["editor", "lead", "approver", "analyst", "quality", "viewer"])("the home page of the demo's %s has no WCAG 2.2 AA violations and is no wider than a phone or a laptop", async (username) => {
    // Each role has its own sections; the administrator's is checked with the pages above.
    const page = await web.pageAs(username);
    await page.goto(web.base + "/home");
    expect(await violations(page)).toEqual([]);
    await screenshot(page, `home-${username}`);
    await expectNoWiderThan(page, `${username}'s home`);
    await page.close();
  });

  it("an approver issues the Q1 and Q2 2025/26 report without JavaScript; the issued copy has no violations", async () => {
    const { base } = web;
    // The page that asks to confirm, checked with scripts on before anything is issued.
    const confirmation = await web.pageAs("approver");
    await confirmation.goto(base + "/reports/3/issue");
    expect(await violations(confirmation)).toEqual([]);
    await confirmation.close();
    const context = await web.noScriptContextAs("approver");
    const noScript = await context.newPage();
    await noScript.goto(base + "/reports/3");
    await noScript.getByRole("button", { name: "Issue the report" }).click();
    // Issuing asks first, and lists what the cover sheet lacks: this report's meeting date is to be confirmed.
    await noScript.waitForURL(/\/reports\/3\/issue\?issue=1$/);
    expect(await noScript.locator("#cover-sheet-gaps").textContent()).toContain("Date of meeting");
    await noScript.getByRole("button", { name: "Confirm and issue the report" }).click();
    // Issuing is a job: its page reloads itself without JavaScript until the job is done.
    await noScript.waitForURL(/\/reports\/3\/issuing\/[0-9a-f-]{36}$/);
    expect(await noScript.locator("#job-step").textContent()).toBe("Waiting to start");
    // The same page with JavaScript: no violations, no wider than a phone, and its script follows the job.
    const following = await web.pageAs("approver");
    await following.goto(noScript.url());
    expect(await violations(following)).toEqual([]);
    await expectNoWiderThan(following, "the issuing page", [390]);
    await screenshot(following, "report-issuing");
    await web.queue.runPending();
    await following.waitForURL(/\/reports\/3\?issued=1$/, { timeout: 30_000 });
    expect(await following.locator(".govuk-notification-banner").textContent()).toContain("The report has been issued");
    await following.close();
    await noScript.waitForURL(/\/reports\/3\?issued=1$/, { timeout: 30_000 });
    expect(await noScript.locator(".govuk-notification-banner").textContent()).toContain("The report has been issued");
    await noScript.getByRole("link", { name: "Issue 1" }).click();
    const issuedUrl = noScript.url();
    expect(issuedUrl).toMatch(/\/reports\/issued\/\d+$/);
    await context.close();

    // The accessibility check runs a script, so it looks at the issued copy with scripts on.
    const page = await web.pageAs("viewer");
    await page.goto(issuedUrl);
    expect(await violations(page)).toEqual([]);
    await screenshot(page, "report-issued");
    await page.getByRole("link", { name: "Open the issued web page on its own" }).click();
    expect(await page.locator("h1").textContent()).toBe("Achieving Excellence: progress in Q1 and Q2 2025/26");
    expect(await violations(page)).toEqual([]);
    await screenshot(page, "report-issued-html");
    await page.close();
  }, 120_000);

  it("an analyst imports a values file: the page that follows its job has no violations, fits a phone, and shows the result with and without JavaScript", async () => {
    const header = "measure_code,period_end,value,numerator,denominator,status,note";
    const context = await web.noScriptContextAs("analyst");
    const noScript = await context.newPage();
    await noScript.goto(web.base + "/measures/import");
    await noScript.getByLabel("File to import").setInputFiles({ name: "december-2024.csv", mimeType: "text/csv", buffer: Buffer.from(`${header}\nREREFERRALS,2024-12-31,24.7,,,provisional,\n`) });
    await noScript.getByRole("button", { name: "Import", exact: true }).click();
    // Checked and kept at once; a job saves the values, and its page reloads itself until it is done.
    await noScript.waitForURL(/\/measures\/imports\/\d+\/applying\/[0-9a-f-]{36}$/);
    expect(await noScript.locator("#job-step").textContent()).toBe("Waiting to start");
    const following = await web.pageAs("analyst");
    await following.goto(noScript.url());
    expect(await violations(following)).toEqual([]);
    await expectNoWiderThan(following, "the applying page", [390]);
    await screenshot(following, "import-applying");
    await web.queue.runPending();
    for (const waiting of [following, noScript]) {
      const banner = waiting.locator(".govuk-notification-banner");
      await banner.waitFor({ timeout: 30_000 });
      expect(await banner.textContent()).toContain("Imported december-2024.csv: 0 added, 1 changed, 0 unchanged.");
    }
    expect(await violations(following)).toEqual([]);
    await following.close();
    await context.close();
  }, 120_000);

  it("the target and RAG rule forms show their errors accessibly, and nothing is saved", async () => {
    const page = await web.pageAs("admin");
    await page.goto(web.base + "/measures/SUPPORTED-INTERNSHIPS/targets/new");
    await page.getByRole("button", { name: "Add the target" }).click();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Enter the plan year, like 2025/26");
    expect(await violations(page)).toEqual([]);
    await screenshot(page, "add-target-errors");
    await page.goto(web.base + "/measures/settings");
    await page.getByLabel("Within a per cent of the target").check();
    await page.getByLabel("Per cent of the target that is still amber").fill("lots");
    await page.getByRole("button", { name: "Save the rule" }).click();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("The per cent must be a number, like 5");
    expect(await violations(page)).toEqual([]);
    await page.goto(web.base + "/measures/settings");
    expect(await page.getByLabel("Within each target's tolerance, in the measure's units").isChecked()).toBe(true);
    await page.close();
  });

  it("the measure forms show their errors, and the check before a change of unit, accessibly; nothing is saved", async () => {
    const page = await web.pageAs("analyst");
    await page.goto(web.base + "/measures/new");
    await page.getByRole("button", { name: "Add the measure" }).click();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Enter the code");
    expect(await violations(page)).toEqual([]);
    await screenshot(page, "add-measure-errors");

    await page.goto(web.base + "/measures/REREFERRALS/edit");
    await page.getByLabel("A count").check();
    await page.getByRole("button", { name: "Save the measure" }).click();
    expect(await page.locator("h1").textContent()).toBe("Check this change before it is saved");
    expect(await page.locator("#values-held").textContent()).toMatch(/^This measure has \d+ values/);
    expect(await violations(page)).toEqual([]);
    await screenshot(page, "change-measure-confirm");
    await expectNoWiderThan(page, "the check");
    await page.getByRole("button", { name: "Go back to the form" }).click();
    expect(await page.getByLabel("A count").isChecked()).toBe(true);
    await page.goto(web.base + "/measures/REREFERRALS/edit");
    expect(await page.getByLabel("A percentage", { exact: true }).isChecked()).toBe(true);
    await page.close();
  });

  it("two analysts entering the same value: the second sees what the first saved, accessibly, and nothing of theirs is lost", async () => {
    const first = await web.pageAs("analyst");
    // The second analyst signs in apart, with a session of their own.
    const second = await web.signedInPage("analyst");
    const grid = web.base + "/measures/entry?period=2026-04-30";
    await first.goto(grid);
    await second.goto(grid);
    await first.getByLabel("Value for Re-referrals within 12 months").fill("24.5");
    await first.getByRole("button", { name: "Save the values" }).click();
    expect(await first.locator(".govuk-notification-banner").textContent()).toContain("1 added");
    await second.getByLabel("Value for Re-referrals within 12 months").fill("23.9");
    await second.getByRole("button", { name: "Save the values" }).click();
    expect(await second.locator(".govuk-error-summary").textContent()).toContain("Someone else changed this value while you were entering yours");
    expect(await second.getByLabel("Value for Re-referrals within 12 months").inputValue()).toBe("23.9");
    expect(await violations(second)).toEqual([]);
    await screenshot(second, "enter-values-conflict");

    await first.goto(web.base + "/measures/REREFERRALS");
    await second.goto(web.base + "/measures/REREFERRALS");
    for (const [page, text] of [[first, "Fewer families came back after the new front door."], [second, "Re-referrals fell as the front door settled."]] as const) {
      await page.getByLabel("Period").selectOption("2026-04-30");
      await page.getByLabel("Commentary").fill(text);
      await page.getByRole("button", { name: "Save commentary" }).click();
    }
    expect(await second.locator(".govuk-error-summary").first().textContent()).toContain("Someone else");
    expect(await second.getByLabel("Commentary").inputValue()).toBe("Re-referrals fell as the front door settled.");
    expect(await violations(second)).toEqual([]);
    await screenshot(second, "commentary-conflict");
    await first.close();
    await second.close();
  });

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
