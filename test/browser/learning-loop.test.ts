import { describe, expect, it } from "vitest";
import { haveBrowser, useBrowserApp } from "../support/browser.ts";

describe.runIf(haveBrowser)("the learning loop in a real browser, without JavaScript", () => {
  const web = useBrowserApp();

  it("a quality assurance officer records an audit and its action, another moderates it, the action is closed with evidence, and the learning report moves with them", async () => {
    const officerContext = await web.browser.newContext({ javaScriptEnabled: false });
    const officer = await web.signedInPage("quality", officerContext);
    // A template, and an audit with it in October to December 2024, graded good.
    await officer.goto(web.base + "/quality/templates/new");
    await officer.getByLabel("Name", { exact: true }).first().fill("Supervision audit");
    await officer.getByLabel("Children in care", { exact: true }).check();
    await officer.locator("#domainName-1").fill("Reflective supervision");
    await officer.getByRole("button", { name: "Add the template" }).click();
    await expect.poll(() => officer.locator("h1").textContent()).toBe("Supervision audit");
    await officer.getByRole("button", { name: "Record an audit with this template" }).click();
    await officer.getByLabel("Case id").fill("c0ffee00aa11");
    await officer.getByLabel("Service area").selectOption("Children in care");
    await officer.getByLabel("Team").fill("Children in care team 1");
    await officer.getByLabel("Practitioner's manager").fill("Pat Manager");
    await officer.getByLabel("Day").fill("20");
    await officer.getByLabel("Month").fill("11");
    await officer.getByLabel("Year").fill("2024");
    await officer.locator("#grade-1-2").check();
    await officer.locator("#overallGrade-2").check();
    await officer.getByLabel("Strengths").fill("Supervision records reflect on the child's experience.");
    await officer.getByLabel("Areas to strengthen").fill("Supervision actions need dates.");
    await officer.getByRole("button", { name: "Record the audit" }).click();
    await expect.poll(() => officer.locator(".govuk-notification-banner").textContent()).toContain("The audit has been recorded");
    const audit = new URL(officer.url()).pathname;
    // An action from it, for the team, owned by the officer.
    await officer.locator("#scope-2").check();
    await officer.locator("#description").fill("Team manager to date every supervision action.");
    await officer.locator("#owner").selectOption({ label: "Quinn Quality" });
    await officer.locator("#dueOnDay").fill("20");
    await officer.locator("#dueOnMonth").fill("12");
    await officer.locator("#dueOnYear").fill("2024");
    await officer.getByRole("button", { name: "Raise the action" }).click();
    await expect.poll(() => officer.locator(".govuk-notification-banner").textContent()).toContain("The action has been raised");
    const action = await officer.locator("#audit-actions a").first().getAttribute("href");
    // The quarter's learning report across the service: the 100 audits the council reported, and this one.
    await officer.goto(web.base + "/reports");
    await officer.getByLabel("Learning report").check();
    await officer.getByLabel("Reporting period").selectOption({ label: "Q3 2024/25" });
    await officer.getByLabel("Service area").selectOption({ label: "All service areas" });
    await officer.getByRole("button", { name: "Start the report" }).click();
    const report = new URL(officer.url()).pathname;
    await officer.goto(web.base + report + "/preview");
    await expect.poll(() => officer.locator("main").textContent()).toContain("101 case audits were completed in the period; 37% of them were graded good or better");

    // Another officer (here the administrator) moderates the grade down to requires improvement.
    const admin = await web.pageAs("admin");
    await admin.goto(web.base + audit);
    await admin.locator("#moderatedGrade-3").check();
    await admin.locator("#reason").fill("Supervision is not yet reflective in every record.");
    await admin.getByRole("button", { name: "Save the moderation" }).click();
    await expect.poll(() => admin.locator(".govuk-notification-banner").textContent()).toContain("The moderation has been saved");

    // The officer closes the action with evidence.
    await officer.goto(web.base + String(action));
    await officer.locator("#evidence").fill("Checked in the team meeting of 18 December: every supervision action now has a date (minutes, item 3).");
    await officer.getByRole("button", { name: "Close the action" }).click();
    await expect.poll(() => officer.locator(".govuk-notification-banner").textContent()).toContain("The action has been closed");

    // The learning report reads the moderated grade.
    await officer.goto(web.base + report + "/preview");
    await expect.poll(() => officer.locator("main").textContent()).toContain("101 case audits were completed in the period; 36% of them were graded good or better");
    await officerContext.close();
  }, 180_000);
});
