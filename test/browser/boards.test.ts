import { describe, expect, it } from "vitest";
import { checkEachPage, haveBrowser, useBrowserApp } from "../support/browser.ts";

describe.runIf(haveBrowser)("boards, meetings and their action logs in a real browser", () => {
  const web = useBrowserApp();

  it("a plan editor adds a board, a meeting and an action at it, and the action's owner completes it, without JavaScript", async () => {
    const context = await web.noScriptContextAs("editor");
    const page = await context.newPage();
    await page.goto(web.base + "/boards/new");
    await page.getByRole("button", { name: "Add the board" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("Enter the board's name");
    await page.getByLabel("Name").fill("Re-referrals Surgery");
    await page.getByLabel("How often it meets").selectOption("monthly");
    await page.getByLabel("2. Targeted help").check();
    await page.getByRole("button", { name: "Add the board" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner").textContent()).toContain("The board has been added");
    await page.getByRole("link", { name: "Add a meeting" }).click();
    await page.locator("#heldOnDay").fill("2");
    await page.locator("#heldOnMonth").fill("3");
    await page.locator("#heldOnYear").fill("2026");
    await page.locator("#itemTitle-1").fill("Re-referrals this month");
    await page.locator("#itemMeasure-1").selectOption({ label: "REREFERRALS: Re-referrals within 12 months" });
    await page.getByRole("button", { name: "Add the meeting" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner").textContent()).toContain("The meeting has been added");
    await page.getByLabel("Action", { exact: true }).fill("Dip sample ten re-referrals and report what they show.");
    await page.getByLabel("Owner").selectOption({ label: "Lee Lead" });
    await page.locator("#dueOnDay").fill("31");
    await page.locator("#dueOnMonth").fill("3");
    await page.locator("#dueOnYear").fill("2026");
    await page.getByRole("button", { name: "Raise the action" }).click();
    await expect.poll(() => page.locator(".govuk-notification-banner").textContent()).toContain("The action has been raised");
    const action = (await page.locator("#meeting-actions a").getAttribute("href")) ?? "";
    await context.close();

    const lead = await web.noScriptContextAs("lead");
    const owner = await lead.newPage();
    await owner.goto(web.base + action);
    await owner.locator("#status-3").check();
    await owner.getByLabel("Note").fill("Ten sampled: the findings go to the next meeting.");
    await owner.getByRole("button", { name: "Save the update" }).click();
    await expect.poll(() => owner.locator(".govuk-notification-banner").textContent()).toContain("The action has been updated");
    await expect.poll(() => owner.locator("#action-updates").textContent()).toContain("Ten sampled: the findings go to the next meeting.");
    await lead.close();
  });

  // The demo's boards in the order they are loaded: the Improvement Board (with its partner) first,
  // the Performance Board second, with the one meeting and its four actions.
  checkEachPage(web, [
    ["boards", "/boards"],
    ["board", "/boards/1"],
    ["board-with-meeting", "/boards/2"],
    ["board-form", "/boards/new"],
    ["board-edit", "/boards/2/edit"],
    ["meeting", "/meetings/1"],
    ["meeting-form", "/boards/2/meetings/new"],
    ["meeting-edit", "/meetings/1/edit"],
    ["board-action", "/board-actions/4"],
  ]);
});
