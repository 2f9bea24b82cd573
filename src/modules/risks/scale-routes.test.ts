import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../db/rows.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { formValues } from "../../../test/support/forms.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { riskScale } from "./index.ts";

const testApp = useTestApp({ data: "demo" });

const events = async () => selectRows(testApp.db, sql`select action, username, before, after from audit_events where record_type = 'risk scale' order by id`);

/** The page's error summary, one line per problem. */
const errorSummary = (body: string) => [...page(body).document.querySelectorAll(".govuk-error-summary__list a")].map((a) => `${a.getAttribute("href") ?? ""} ${a.textContent ?? ""}`);

const settings = "/risks/settings";

let editor: Client;
let viewer: Client;
beforeAll(async () => {
  editor = await signedIn(testApp.app, "editor");
  viewer = await signedIn(testApp.app, "viewer");
});

describe("the council's risk scale", () => {
  it("shows everyone the words for each level, the bands and the 5 × 5 matrix, each band in words as well as colour", async () => {
    const shown = page((await viewer.get(settings)).body);
    expect(shown.texts("#scale-words tbody tr")).toEqual(["1 Rare Negligible", "2 Unlikely Minor", "3 Possible Moderate", "4 Likely Major", "5 Almost certain Severe"]);
    expect(shown.texts("#scale-bands tbody tr")).toEqual(["Low 1 to 4", "Medium 5 to 9", "High 10 to 14", "Very high 15 to 25"]);
    const matrix = shown.texts("#scale-matrix tbody tr");
    expect(matrix[0]).toBe("Impact 5 Severe 5 Medium 10 High 15 Very high 20 Very high 25 Very high");
    expect(matrix[4]).toBe("Impact 1 Negligible 1 Low 2 Low 3 Low 4 Low 5 Medium");
    expect(shown.text).toContain("The council has not changed the scale Waymark starts with");
    // A viewer reads it; only those who manage risks are offered the form.
    expect(shown.document.querySelector('form[action="/risks/settings"]')).toBeNull();
    expect(page((await editor.get(settings)).body).document.querySelector('form[action="/risks/settings"]')).not.toBeNull();
    expect((await viewer.post(settings, { version: "0", mediumFrom: "4" }, settings)).statusCode).toBe(403);
  });

  it("refuses bands out of order or words missing, naming each field, and changes nothing", async () => {
    const before = await events();
    const form = await formValues(editor, settings);
    const refused = await editor.post(settings, { ...form, highFrom: "5", veryHighFrom: "30", "likelihood-3": "", "impact-2": "Negligible" });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual([
      "#likelihood Enter five words for likelihood, one for each level from 1 to 5",
      "#impact Each level of impact needs its own word",
      "#highFrom High must start above the band below it",
      "#veryHighFrom Very high must start at a whole score from 2 to 25",
    ]);
    // The form keeps what was typed.
    expect(page(refused.body).document.querySelector("#highFrom")?.getAttribute("value")).toBe("5");
    const notNumbers = await editor.post(settings, { ...form, mediumFrom: "five", highFrom: "1e1" });
    expect(errorSummary(notNumbers.body)).toEqual(["#mediumFrom Medium must start at a whole score from 2 to 25", "#highFrom High must start at a whole score from 2 to 25"]);
    const hidden = await editor.post(settings, { ...form, "likelihood-2": "Un\u0000likely" });
    expect(errorSummary(hidden.body)).toEqual(["#likelihood Likelihood 2 must not contain hidden control characters: retype it rather than pasting it"]);
    expect(await events()).toEqual(before);
    expect(await riskScale(testApp.db)).toMatchObject({ likelihood: ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"], mediumFrom: 5, highFrom: 10 });
  });

  it("is changed by a plan editor, audited with what it was and what it became, and rates every score by the new bands", async () => {
    const form = await formValues(editor, settings);
    const saved = await editor.post(settings, { ...form, "likelihood-1": "Very unlikely", "impact-5": "Critical", mediumFrom: "4", highFrom: "8", veryHighFrom: "16" });
    expect(saved.statusCode).toBe(303);
    const shown = page((await viewer.get(String(saved.headers.location))).body);
    expect(shown.text).toContain("The risk scale has been saved");
    expect(shown.text).toContain("Last changed by Evan Editor.");
    expect(shown.texts("#scale-bands tbody tr")).toEqual(["Low 1 to 3", "Medium 4 to 7", "High 8 to 15", "Very high 16 to 25"]);
    expect(shown.texts("#scale-matrix tbody tr")[0]).toBe("Impact 5 Critical 5 Medium 10 High 15 High 20 Very high 25 Very high");
    expect(shown.texts("#scale-matrix thead th")[0]).toBe("Likelihood 1 Very unlikely");
    const [event] = (await events()).slice(-1);
    expect(event).toMatchObject({
      action: "update",
      username: "editor",
      before: expect.objectContaining({ likelihood: ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"], mediumFrom: 5, highFrom: 10, veryHighFrom: 15 }),
      after: expect.objectContaining({ likelihood: ["Very unlikely", "Unlikely", "Possible", "Likely", "Almost certain"], impact: expect.arrayContaining(["Critical"]), mediumFrom: 4, highFrom: 8, veryHighFrom: 16 }),
    });
  });

  it("refuses a change made over someone else's, showing both, and keeps theirs", async () => {
    const admin = await signedIn(testApp.app, "admin");
    const mine = await formValues(editor, settings);
    const theirs = await formValues(admin, settings);
    expect((await admin.post(settings, { ...theirs, "impact-1": "Insignificant" })).statusCode).toBe(303);
    const before = await events();
    const late = await editor.post(settings, { ...mine, "impact-1": "Trivial" });
    expect(late.statusCode).toBe(409);
    const shown = page(late.body);
    expect(shown.text).toContain("Someone else changed this while you were editing it");
    expect(shown.texts("table:not([id]) tbody tr").find((row) => row.startsWith("Impact"))).toMatch(/^Impact Insignificant, .+ Trivial, /);
    // The form keeps the edit, at the version saved now, so saving again replaces what was seen.
    expect(shown.document.querySelector("#impact")?.getAttribute("value")).toBe("Trivial");
    expect(shown.document.querySelector('input[name="version"]')?.getAttribute("value")).toBe(String(Number(mine.version) + 1));
    expect(await events()).toEqual(before);
    expect((await riskScale(testApp.db)).impact[0]).toBe("Insignificant");
  });
});
