import { describe, expect, it } from "vitest";
import { monthChoices, monthDates, monthLabel } from "../../src/core/audit-programmes.ts";
import { londonDateOf } from "../../src/core/values-as-at.ts";
import { checkEachPage, haveBrowser, useBrowserApp } from "../support/browser.ts";

describe.runIf(haveBrowser)("audit templates and case audits in a real browser", () => {
  const web = useBrowserApp();

  it("a quality assurance officer adds a template and records an audit with it, without JavaScript", async () => {
    const context = await web.browser.newContext({ javaScriptEnabled: false });
    const page = await web.signedInPage("quality", context);
    await page.goto(web.base + "/quality/templates/new");
    await page.getByRole("button", { name: "Add the template" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("Enter the template's name");
    await page.getByLabel("Name", { exact: true }).first().fill("Whole-case audit");
    await page.getByLabel("Children in care", { exact: true }).check();
    await page.locator("#domainName-1").fill("Voice of the child");
    await page.locator("#domainGuidance-1").fill("Is the child seen, and are their wishes recorded in their words?");
    await page.locator("#question-1").fill("Was the child seen alone?");
    await page.getByRole("button", { name: "Add the template" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Whole-case audit");
    await page.getByRole("button", { name: "Record an audit with this template" }).click();
    await page.getByLabel("Case id").fill("a1b2c3d4e5f6a7b8c9d0e1f2");
    await page.getByLabel("Service area").selectOption("Children in care");
    await page.getByLabel("Team").fill("Children in care team 2");
    await page.getByLabel("Practitioner's manager").fill("Pat Manager");
    await page.getByLabel("Day").fill("12");
    await page.getByLabel("Month").fill("11");
    await page.getByLabel("Year").fill("2025");
    await page.locator("#grade-1-2").check();
    await page.locator("#overallGrade-2").check();
    await page.locator("#answer-1").check();
    await page.getByLabel("Strengths").fill("The child's views are recorded in their own words.");
    await page.getByLabel("Areas to strengthen").fill("The plan's actions need dates.");
    await page.getByRole("button", { name: "Record the audit" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner").textContent()).toContain("The audit has been recorded");
    await context.close();
  });

  it("a quality assurance officer adds this month's audit programme and plans an audit in it, without JavaScript", async () => {
    const context = await web.browser.newContext({ javaScriptEnabled: false });
    const page = await web.signedInPage("quality", context);
    const month = monthChoices(londonDateOf(new Date()))[3] ?? "";
    await page.goto(web.base + "/quality/programmes/new");
    await page.getByLabel("Month").selectOption(month);
    await page.getByRole("button", { name: "Add the programme" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe(monthLabel(month));
    await page.getByLabel("Case id").fill("a1b2c3d4e5f6a7b8c9d0e1f2");
    await page.getByLabel("Service area").selectOption("Children in care");
    await page.getByLabel("Template").selectOption({ label: "Whole-case audit" });
    await page.getByLabel("Auditor").selectOption({ label: "Quinn Quality" });
    const endsOn = monthDates(month).endsOn;
    await page.getByLabel("Day").fill(endsOn.slice(8, 10));
    await page.getByLabel("Month").fill(endsOn.slice(5, 7));
    await page.getByLabel("Year").fill(endsOn.slice(0, 4));
    await page.getByRole("button", { name: "Add to the programme" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner").textContent()).toContain("The audit has been added to the programme");
    await expect.poll(() => page.locator("#planned-audits").textContent()).toContain("a1b2c3d4e5f6a7b8c9d0e1f2");
    await context.close();
  });

  checkEachPage(web, [
    ["quality", "/quality"],
    ["quality-templates", "/quality/templates"],
    ["quality-template", "/quality/templates/1"],
    ["quality-template-form", "/quality/templates/1/edit"],
    ["quality-audits", "/quality/audits"],
    ["quality-audit-form", "/quality/audits/new?template=1"],
    ["quality-audit", "/quality/audits/1"],
    ["quality-programmes", "/quality/programmes"],
    ["quality-programme-form", "/quality/programmes/new"],
    ["quality-programme", "/quality/programmes/1"],
    ["quality-planned-audit-form", "/quality/audits/new?planned=1"],
  ]);
});
