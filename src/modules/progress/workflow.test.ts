import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema/index.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { uploadAndApply } from "../../../test/support/upload.ts";
import { useTestApp } from "../../../test/support/app.ts";

/** The workflow of a progress update as a lead and an approver meet it: no dead ends, and a word after each step. */
const testApp = useTestApp({ data: "demo" });
let admin: Client;
let lead: Client;
let approver: Client;
let periodUrl: string;

beforeAll(async () => {
  admin = await signedIn(testApp.app, "admin");
  lead = await signedIn(testApp.app, "lead");
  approver = await signedIn(testApp.app, "approver");
  const opened = await admin.post("/progress/periods", { planYear: "2025", kind: "quarter", quarter: "3", deadline: "" }, "/progress");
  periodUrl = String(opened.headers.location);
});

const read = async (browser: Client, url: string) => page((await browser.get(url)).body);
const banner = (shown: ReturnType<typeof page>) => shown.texts(".govuk-notification-banner--success .govuk-notification-banner__heading");
const versionOn = async (url: string) => page((await lead.get(url)).body).document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";

describe("writing and submitting an update", () => {
  it("refuses to submit an update with no narrative, on the field itself, and saves nothing", async () => {
    const form = `${periodUrl}/priorities/3/edit`;
    const events = await testApp.db.$count(auditEvents);
    const refused = await lead.post(form, { narrative: "", achievements: "A new front door", action: "submit", version: "0" });
    expect(refused.statusCode).toBe(400);
    const shown = page(refused.body);
    expect(shown.texts(".govuk-error-summary__list a")).toEqual(["Write the narrative before submitting the update. A draft can be saved without it."]);
    expect(shown.document.querySelector(".govuk-error-summary__list a")?.getAttribute("href")).toBe("#narrative");
    expect(shown.texts("#narrative-error")[0]).toContain("Write the narrative before submitting the update");
    // What was typed is kept in the form, and nothing was stored.
    expect(shown.document.querySelector("textarea#achievements")?.textContent).toBe("A new front door");
    expect(await testApp.db.$count(auditEvents)).toBe(events);
    expect((await read(lead, `${periodUrl}/priorities/3`)).text).toContain("No update has been written for this period yet.");
  });

  it("saves a blank draft, says so on the page it lands on, and refuses to submit it from there", async () => {
    const saved = await lead.post(`${periodUrl}/priorities/3/edit`, { narrative: "", achievements: "A new front door", action: "draft", version: "0" });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${periodUrl}/priorities/3?saved=draft`);
    const landed = await read(lead, String(saved.headers.location));
    expect(banner(landed)).toEqual(["Your draft has been saved. It is not published: submit it for approval when it is ready."]);
    // Without ?saved= there is no banner.
    expect(banner(await read(lead, `${periodUrl}/priorities/3`))).toEqual([]);

    const submit = landed.document.querySelector('form[action$="/submit"]')?.getAttribute("action") ?? "";
    const refused = await lead.post(submit, {}, `${periodUrl}/priorities/3`);
    expect(refused.statusCode).toBe(400);
    const shown = page(refused.body);
    expect(shown.h1).toBe("Timely and effective social work practice");
    expect(shown.texts(".govuk-error-summary__list a")).toEqual(["Write the narrative before submitting the update. A draft can be saved without it."]);
    expect((await read(approver, `${periodUrl}/priorities/3`)).texts(".govuk-tag")).toContain("Draft");
  });

  it("shows a banner after submitting, returning and approving, on the update's page", async () => {
    const form = `${periodUrl}/priorities/3/edit`;
    const submitted = await lead.post(form, { narrative: "Assessments are timelier.", action: "submit", version: await versionOn(form) });
    expect(submitted.headers.location).toBe(`${periodUrl}/priorities/3?saved=submitted`);
    expect(banner(await read(lead, String(submitted.headers.location)))).toEqual(["The update has been submitted for approval"]);

    const updatePage = await read(approver, `${periodUrl}/priorities/3`);
    const returnAction = updatePage.document.querySelector('form[action$="/return"]')?.getAttribute("action") ?? "";
    const returned = await approver.post(returnAction, { comment: "Add the October figures." }, `${periodUrl}/priorities/3`);
    expect(returned.headers.location).toBe(`${periodUrl}/priorities/3?saved=returned`);
    expect(banner(await read(approver, String(returned.headers.location)))).toEqual(["The update has been returned to its lead with your comment"]);

    const submitAction = returnAction.replace(/return$/, "submit");
    const again = await lead.post(submitAction, {}, `${periodUrl}/priorities/3`);
    expect(again.headers.location).toBe(`${periodUrl}/priorities/3?saved=submitted`);
    const approved = await approver.post(returnAction.replace(/return$/, "approve"), {}, `${periodUrl}/priorities/3`);
    expect(approved.headers.location).toBe(`${periodUrl}/priorities/3?saved=approved`);
    expect(banner(await read(approver, String(approved.headers.location)))).toEqual(["The update has been approved and is now published"]);
  });

  it("shows a banner after saving the period's highlights, and refuses to submit them empty", async () => {
    const form = `${periodUrl}/service/edit`;
    const empty = await admin.post(form, { highlights: "", challenges: "Recruitment", action: "submit", version: "0" });
    expect(empty.statusCode).toBe(400);
    expect(page(empty.body).texts("#highlights-error")[0]).toContain("Enter at least one key highlight before submitting");
    const saved = await admin.post(form, { highlights: "Ofsted's focused visit", challenges: "", action: "submit", version: "0" });
    expect(saved.headers.location).toBe(`${periodUrl}?saved=submitted`);
    expect(banner(await read(admin, String(saved.headers.location)))).toEqual(["The update has been submitted for approval"]);
  });
});

describe("approving and returning an update", () => {
  let updateUrl: string;
  let approveAction: string;

  beforeAll(async () => {
    // 50 supported internships against the 2025/26 target of 100: a red measure of priority 6, with no commentary.
    const file = "measure_code,period_end,value,numerator,denominator,status,note\nSUPPORTED-INTERNSHIPS,2026-03-31,50,,,final,\n";
    const analyst = await signedIn(testApp.app, "analyst");
    expect((await uploadAndApply(testApp.app, testApp.queue, analyst, { name: "internships.csv", content: file })).statusCode).toBe(200);
    updateUrl = `${periodUrl}/priorities/6`;
    expect((await admin.post(`${updateUrl}/edit`, { narrative: "Internships are behind plan.", action: "submit", version: "0" })).statusCode).toBe(303);
    approveAction = (await read(approver, updateUrl)).document.querySelector('form[action$="/approve"]')?.getAttribute("action") ?? "";
  });

  it("warns the approver before Approve of the measures that need commentary, with links to write it", async () => {
    const shown = await read(approver, updateUrl);
    expect(shown.texts("#exceptions")[0]).toMatch(/This update cannot be approved yet: a measure of priority 6 is a data exception with no commentary/);
    expect(shown.links).toContainEqual({ text: "Write commentary for Young people on supported internships", href: "/measures/SUPPORTED-INTERNSHIPS#commentary" });
    // The warning comes before the Approve button.
    expect(shown.document.body.innerHTML.indexOf('id="exceptions"')).toBeLessThan(shown.document.body.innerHTML.indexOf('id="approve-button"'));
    // A lead, who cannot approve, is not warned.
    expect((await read(admin, `${periodUrl}/priorities/3`)).document.querySelector("#exceptions")).toBeNull();
  });

  it("lands a refused approval back on the update's page with the reason and the links", async () => {
    const refused = await approver.post(approveAction, {}, updateUrl);
    expect(refused.statusCode).toBe(400);
    const shown = page(refused.body);
    expect(shown.h1).toBe("Preparation for adulthood");
    expect(shown.texts(".govuk-error-summary__list a")).toEqual(["Before this can be approved, write commentary for the measure that is an exception: Young people on supported internships"]);
    expect(shown.document.querySelector(".govuk-error-summary__list a")?.getAttribute("href")).toBe("#exceptions");
    expect(shown.links).toContainEqual({ text: "Write commentary for Young people on supported internships", href: "/measures/SUPPORTED-INTERNSHIPS#commentary" });
    expect(shown.document.querySelector('form[action$="/approve"]')).not.toBeNull();
  });

  it("shows an empty return comment as an error on the comment field of the update's page", async () => {
    const refused = await approver.post(approveAction.replace(/approve$/, "return"), { comment: "  " }, updateUrl);
    expect(refused.statusCode).toBe(400);
    const shown = page(refused.body);
    expect(shown.texts(".govuk-error-summary__list a")).toEqual(["Say what needs to change before it can be approved"]);
    expect(shown.document.querySelector(".govuk-error-summary__list a")?.getAttribute("href")).toBe("#comment");
    expect(shown.texts("#comment-error")).toEqual(["Error: Say what needs to change before it can be approved"]);
    expect(shown.document.querySelector("textarea#comment")?.getAttribute("aria-describedby")).toContain("comment-error");
    expect(shown.texts(".govuk-tag")).toContain("Submitted");
  });
});
