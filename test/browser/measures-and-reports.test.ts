import { describe, expect, it } from "vitest";
import { importValues } from "../../src/modules/measures/index.ts";
import { checkEachPage, expectNoWiderThan, haveBrowser, screenshot, useBrowserApp, violations } from "../support/browser.ts";
import { testContext } from "../support/demo.ts";
import { sharedPath } from "../support/shared.ts";

describe.runIf(haveBrowser)("measures and reports in a real browser", () => {
  const web = useBrowserApp(async (handle) => {
    // Two values imports for their pages: the first applied, the second refused.
    const header = "measure_code,period_end,value,numerator,denominator,status,note";
    await importValues(handle.db, testContext, "november-2024.csv", Buffer.from(`${header}\nREREFERRALS,2024-11-30,25.1,,,provisional,From the November performance board\n`));
    await importValues(handle.db, testContext, "refused.csv", Buffer.from(`${header}\nNO-SUCH-MEASURE,2024-11-30,1,,,final,\n`));
  });

  checkEachPage(web, [
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
    ["benchmark-mapping", "/measures/REREFERRALS/mapping"],
    ["rag-settings", "/measures/settings"],
    ["add-target", "/measures/SUPPORTED-INTERNSHIPS/targets/new"],
    ["change-target", "/measures/FOSTER-CARERS-NET-GAIN/targets/1/edit"],
    ["remove-target", "/measures/FOSTER-CARERS-NET-GAIN/targets/1/remove"],
    ["add-measure", "/measures/new"],
    ["change-measure", "/measures/REREFERRALS/edit"],
    ["reports", "/reports"],
    ["report", "/reports/3"],
    ["report-form", "/reports/3/edit"],
    ["report-preview", "/reports/3/preview"],
    ["cabinet-report-preview", "/reports/4/preview"],
  ]);

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

  it("an analyst maps a DfE file's columns: the form, its errors and the preview have no violations and fit a phone", async () => {
    const page = await web.pageAs("analyst");
    await page.goto(web.base + "/measures/REREFERRALS/mapping");
    await page.getByLabel("DfE CSV file").setInputFiles(sharedPath("data", "dfe-ees", "la_care_leavers_accommodation_suitability.csv"));
    await page.getByRole("button", { name: "Read its columns" }).click();
    await page.waitForURL(/\/mapping\/drafts\/\d+$/);
    expect(await violations(page)).toEqual([]);
    await page.getByLabel("Value column").selectOption("");
    await page.getByRole("button", { name: "Save the mapping" }).click();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Choose the value column, or a scale to derive the value from the numerator and denominator");
    expect(await violations(page)).toEqual([]);
    await page.getByLabel("Value column").selectOption("care_leaver_percent");
    await page.getByLabel("care_leaver_age", { exact: true }).selectOption("19 to 21 years");
    await page.getByLabel("breakdown", { exact: true }).selectOption("Accommodation considered suitable");
    await page.getByRole("button", { name: "Preview" }).click();
    expect(await page.locator("#preview").textContent()).toBe("What the mapping reads, 2025");
    expect(await violations(page)).toEqual([]);
    await expectNoWiderThan(page, "the mapping form and its preview");
    await screenshot(page, "benchmark-mapping-preview");
    await page.close();
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
    // Its notice holds the Word file's SHA-256, one long word: it wraps rather than widening the page.
    await expectNoWiderThan(page, "the issued report", [390]);
    await screenshot(page, "report-issued");
    await page.getByRole("link", { name: "Open the issued web page on its own" }).click();
    expect(await page.locator("h1").textContent()).toBe("Achieving Excellence: progress in Q1 and Q2 2025/26");
    expect(await violations(page)).toEqual([]);
    await screenshot(page, "report-issued-html");
    await page.close();

    // An analyst's copy lists the figures from case records whose cases were kept with the issue.
    const analyst = await web.pageAs("analyst");
    await analyst.goto(issuedUrl);
    await analyst.getByText(/figures with their cases kept$/).click();
    expect(await analyst.locator('#kept-figures ~ details a[href^="/casework/figures/"]').count()).toBeGreaterThan(0);
    expect(await violations(analyst)).toEqual([]);
    await screenshot(analyst, "report-issued-kept-figures");
    await analyst.close();
  }, 120_000);
});
