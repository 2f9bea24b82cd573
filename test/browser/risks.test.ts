import { describe, expect, it } from "vitest";
import { checkEachPage, haveBrowser, useBrowserApp } from "../support/browser.ts";

describe.runIf(haveBrowser)("the risk register in a real browser", () => {
  const web = useBrowserApp();

  it("a priority lead adds a risk, scores it and scores it again, without JavaScript; its history shows both scores", async () => {
    const context = await web.browser.newContext({ javaScriptEnabled: false });
    const page = await web.signedInPage("lead", context);
    await page.goto(web.base + "/risks/new");
    await page.getByRole("button", { name: "Add it to the register" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("Enter the risk's title");
    await page.locator("#kind").check();
    await page.getByLabel("Title").fill("Court work delays permanence for children in care");
    await page.getByLabel("Event").fill("Care proceedings run beyond 26 weeks");
    await page.getByLabel("Category").selectOption("delivery");
    await page.locator("#reviewOnDay").fill("31");
    await page.locator("#reviewOnMonth").fill("3");
    await page.locator("#reviewOnYear").fill("2030");
    await page.getByRole("button", { name: "Add it to the register" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner").textContent()).toContain("The risk has been added");

    const score = async (inherent: [string, string], residual: [string, string]) => {
      await page.getByLabel("Likelihood before controls").selectOption(inherent[0]);
      await page.getByLabel("Impact before controls").selectOption(inherent[1]);
      await page.getByLabel("Likelihood after controls").selectOption(residual[0]);
      await page.getByLabel("Impact after controls").selectOption(residual[1]);
      await page.getByRole("button", { name: "Record the score" }).click();
      await expect.poll(() => page.locator(".govuk-notification-banner").textContent()).toContain("The score has been recorded");
    };
    await score(["4", "4"], ["4", "3"]);
    await score(["4", "4"], ["3", "3"]);
    const rows = page.locator("#score-history tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.nth(0).textContent()).toMatch(/12\s+High/);
    await expect.poll(() => rows.nth(1).textContent()).toMatch(/9\s+Medium[\s\S]*Decreased/);
    await context.close();
  });

  checkEachPage(web, [
    ["risk-register", "/risks"],
    ["risk-heat-map", "/risks/heat-map"],
    ["risk-scored", "/risks/3"],
    ["risk-not-scored", "/risks/1"],
    ["risk-form", "/risks/new"],
    ["risk-edit", "/risks/3/edit"],
    ["priority-with-risks", "/priorities/7"],
  ]);
});
