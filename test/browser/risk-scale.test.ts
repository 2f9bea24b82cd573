import { describe, expect, it } from "vitest";
import { checkEachPage, haveBrowser, useBrowserApp, violations } from "../support/browser.ts";

describe.runIf(haveBrowser)("the council's risk scale in a real browser", () => {
  const web = useBrowserApp();

  it("a plan editor changes the bands and a word of the scale, without JavaScript, after a band out of order is refused", async () => {
    const context = await web.browser.newContext({ javaScriptEnabled: false });
    const page = await web.signedInPage("editor", context);
    await page.goto(web.base + "/risks/settings");
    await page.getByLabel("High starts at", { exact: true }).fill("4");
    await page.getByRole("button", { name: "Save the scale" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("High must start above the band below it");
    await page.getByLabel("High starts at", { exact: true }).fill("12");
    await page.getByLabel("Impact 5", { exact: true }).fill("Critical");
    await page.getByRole("button", { name: "Save the scale" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner").textContent()).toContain("The risk scale has been saved");
    await expect.poll(() => page.locator("#scale-bands").textContent()).toMatch(/High\s+12 to 14/);
    await expect.poll(() => page.locator("#scale-words").textContent()).toContain("Critical");
    await context.close();
  });

  it("the page with a refused change has no WCAG 2.2 AA violations", async () => {
    const page = await web.pageAs("admin");
    await page.goto(web.base + "/risks/settings");
    await page.getByLabel("Likelihood 3", { exact: true }).fill("");
    await page.getByLabel("Very high starts at", { exact: true }).fill("30");
    await page.getByRole("button", { name: "Save the scale" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("Very high must start at a whole score from 2 to 25");
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  checkEachPage(web, [["risk-scale", "/risks/settings"]]);
});
