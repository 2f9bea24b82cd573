import { describe, expect, it } from "vitest";
import { checkEachPage, haveBrowser, useBrowserApp } from "../support/browser.ts";

describe.runIf(haveBrowser)("practice weeks and families' feedback in a real browser", () => {
  const web = useBrowserApp();

  it("a quality assurance officer records a practice week and adds feedback from it, without JavaScript", async () => {
    const context = await web.browser.newContext({ javaScriptEnabled: false });
    const page = await web.signedInPage("quality", context);
    await page.goto(web.base + "/quality/practice-weeks/new");
    await page.getByRole("button", { name: "Record the practice week" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("Enter the week's theme");
    await page.getByLabel("Theme").fill("Front Door");
    await page.getByLabel("Service area").selectOption("Front door and early help");
    await page.locator("#startsOnDay").fill("20");
    await page.locator("#startsOnMonth").fill("1");
    await page.locator("#startsOnYear").fill("2025");
    await page.locator("#endsOnDay").fill("24");
    await page.locator("#endsOnMonth").fill("1");
    await page.locator("#endsOnYear").fill("2025");
    await page.locator("#activity-case-audits").check();
    await page.locator("#strengths").fill("Timely responses\nChild centred practice");
    await page.getByRole("button", { name: "Record the practice week" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner").textContent()).toContain("The practice week has been recorded");
    await page.locator("#words").fill("The worker explained what would happen next.");
    await page.locator("#kind").check();
    await page.locator("#theme").selectOption("understanding-the-plan");
    await page.locator("#givenBy-2").check();
    await page.getByRole("button", { name: "Add the feedback" }).click();
    await expect.poll(() => page.locator("#coded-feedback").textContent()).toContain("The worker explained what would happen next.");
    await context.close();
  });

  checkEachPage(web, [
    ["quality-practice-weeks", "/quality/practice-weeks"],
    ["quality-practice-week", "/quality/practice-weeks/1"],
    ["quality-practice-week-form", "/quality/practice-weeks/new"],
    ["quality-practice-week-edit", "/quality/practice-weeks/1/edit"],
    ["quality-feedback", "/quality/feedback"],
    ["quality-feedback-form", "/quality/feedback/new"],
  ]);
});
