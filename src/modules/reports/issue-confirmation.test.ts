import { beforeAll, describe, expect, it } from "vitest";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { sendAndFinish } from "../../../test/support/jobs.ts";
import { useTestApp } from "../../../test/support/app.ts";

/** Issuing asks first, and says what the cover sheet still lacks. */
const testApp = useTestApp({ data: "demo", chromium: null });
let approver: Client;
let reportUrl: string;

beforeAll(async () => {
  approver = await signedIn(testApp.app, "approver");
  const list = page((await approver.get("/reports")).body);
  reportUrl = list.links.find((l) => l.text.includes("progress in Q1 and Q2 2025/26"))?.href ?? "";
});

const read = async (url: string) => page((await approver.get(url)).body);
const issuedCopies = async () => (await read(reportUrl)).document.querySelectorAll('a[href^="/reports/issued/"]').length;

describe("issuing a report", () => {
  it("does not issue from the report page in one click: its Issue button asks to confirm", async () => {
    const report = await read(reportUrl);
    expect(report.document.querySelector(`form[action="${reportUrl}/issue"]`)).toBeNull();
    const button = report.document.querySelector('a.govuk-button[role="button"][href^="' + reportUrl + '/issue"]');
    expect(button?.textContent?.trim()).toBe("Issue the report");
    expect(button?.getAttribute("href")).toBe(`${reportUrl}/issue?issue=1`);
    expect(await issuedCopies()).toBe(0);
  });

  it("lists what the cover sheet lacks on the confirmation page, with the issue number it will take", async () => {
    const confirm = await read(`${reportUrl}/issue?issue=1`);
    expect(confirm.h1).toBe("Issue Achieving Excellence: progress in Q1 and Q2 2025/26?");
    expect(confirm.text).toContain("The cover sheet is not complete. The issued report will go out without:");
    // The demo's Q1 and Q2 report has no meeting date or reference, and nobody has signed it off yet.
    expect(confirm.texts("#cover-sheet-gaps li")).toEqual(expect.arrayContaining(["Date of meeting", "Your reference"]));
    expect(confirm.texts("#cover-sheet-gaps li")).not.toContain("Author");
    expect(confirm.links).toContainEqual({ text: "Complete the cover sheet first", href: `${reportUrl}/edit` });
    expect(confirm.text).toContain("This will be issue 1.");
    const form = confirm.document.querySelector(`form[method="post"][action="${reportUrl}/issue"]`);
    expect(form?.querySelector('input[name="issue"]')?.getAttribute("value")).toBe("1");
    expect(form?.querySelector("button")?.textContent?.trim()).toBe("Confirm and issue the report");
    expect(await issuedCopies()).toBe(0);
  });

  // The first issue keeps the cases behind the demo's computed figures: tens of seconds on the embedded database.
  it("issues on confirming, and a confirmation page left open finds the issue already taken", async () => {
    const { finished } = await sendAndFinish(approver, testApp.queue, `${reportUrl}/issue`, { issue: "1" }, `${reportUrl}/issue`);
    expect(finished.statusCode).toBe(303);
    expect(finished.headers.location).toBe(`${reportUrl}?issued=1`);
    expect((await read(String(finished.headers.location))).text).toContain("The report has been issued");
    expect(await issuedCopies()).toBe(1);
    // The report page pressed before issue 1 was kept asks for issue 1: it is shown as taken.
    const stale = await approver.get(`${reportUrl}/issue?issue=1`);
    expect(stale.statusCode).toBe(303);
    expect(stale.headers.location).toBe(`${reportUrl}?already=1`);
    expect((await read(String(stale.headers.location))).text).toContain("This report had just been issued as issue 1 by April Approver");
    // Confirming that stale page again issues nothing more.
    expect((await approver.post(`${reportUrl}/issue`, { issue: "1" }, `${reportUrl}/issue`)).headers.location).toBe(`${reportUrl}?already=1`);
    expect(await issuedCopies()).toBe(1);
    expect((await read(`${reportUrl}/issue`)).text).toContain("This will be issue 2.");
  }, 120_000);

  it("issues a number no page offered as the next one, leaving no gap", async () => {
    const before = await issuedCopies();
    const { finished } = await sendAndFinish(approver, testApp.queue, `${reportUrl}/issue`, { issue: "99" }, `${reportUrl}/issue`);
    expect(finished.headers.location).toBe(`${reportUrl}?issued=1`);
    const numbers = [...(await read(reportUrl)).document.querySelectorAll('a[href^="/reports/issued/"]')].map((a) => a.textContent);
    expect(numbers).toContain(`Issue ${String(before + 1)}`);
    expect(numbers).not.toContain("Issue 99");
  });

  it("says the cover sheet is complete when it is", async () => {
    const edit = page((await approver.get(`${reportUrl}/edit`)).body).document;
    const fields: Record<string, string> = {};
    for (const input of edit.querySelectorAll("form[method=post] input[name], form[method=post] textarea[name]")) {
      const type = input.getAttribute("type") ?? "";
      if (type === "radio" && !input.hasAttribute("checked")) continue;
      fields[input.getAttribute("name") ?? ""] = input.tagName === "TEXTAREA" ? (input.textContent ?? "") : (input.getAttribute("value") ?? "");
    }
    const saved = await approver.post(`${reportUrl}/edit`, {
      ...fields,
      meetingDay: "15",
      meetingMonth: "1",
      meetingYear: "2026",
      reference: "AE/Q1Q2",
      signOff: "Finance | FIN/25/26/140",
      seniorLeader: "David Haley",
      directorAgreedOnDay: "5",
      directorAgreedOnMonth: "1",
      directorAgreedOnYear: "2026",
      cabinetMemberApproval: "Councillor Jemima Laing – approved by email",
      cabinetMemberApprovedOnDay: "6",
      cabinetMemberApprovedOnMonth: "1",
      cabinetMemberApprovedOnYear: "2026",
    });
    expect(saved.statusCode).toBe(303);
    const confirm = await read(`${reportUrl}/issue`);
    expect(confirm.document.querySelector("#cover-sheet-gaps")).toBeNull();
    expect(confirm.text).toContain("Every field of the cover sheet is filled in.");
  });
});
