import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { selectRows } from "../../db/rows.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn } from "../../../test/support/session.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import { upload, uploadAndFinish, type UploadFile } from "../../../test/support/upload.ts";

const testApp = useTestApp({ data: "demo", casework: { key: "6".repeat(64) } });
const sampleDir = sharedPath("data", "ssda903");
const returnFiles: UploadFile[] = readdirSync(sampleDir)
  .filter((name) => name.endsWith(".csv"))
  .map((name) => ({ name, content: readFileSync(join(sampleDir, name)), field: "files" }));
const sample = (folder: string, name: string): UploadFile => ({ name, content: readFileSync(sharedPath("data", folder, name)), field: "files" });
/** Sends files to the import form, does the import's job, and answers the page the waiting page then leads to. */
async function imported(username: string, files: UploadFile | UploadFile[], fields: Record<string, string>) {
  const someone = await signedIn(testApp.app, username);
  const answer = await uploadAndFinish(testApp.app, testApp.queue, someone, "/casework/import", files, fields);
  return page((answer.statusCode === 303 ? await someone.get(String(answer.headers.location)) : answer).body);
}
/** The imports made here: the demonstration's synthetic records are there from the start. */
const extracts = async () => selectRows(testApp.db, sql`select la_code, source, label from casework.extracts where not synthetic order by id`);

// Each import that loads computes the council's measures again, over the demonstration's synthetic records too.
describe("importing case records in the app", { timeout: 120_000 }, () => {
  it("follows a return's import with a progress bar, then lists its problems by file, row and field, changing nothing", async () => {
    const analyst = await signedIn(testApp.app, "analyst");
    const sent = await upload(testApp.app, analyst, "/casework/import", returnFiles, { kind: "ssda903", la: "879", year: "2018" });
    expect(sent.statusCode).toBe(303);
    const waiting = page((await analyst.get(String(sent.headers.location))).body);
    expect(waiting.document.querySelector("h1")?.textContent).toBe(`Importing ${String(returnFiles.length)} files`);
    expect(waiting.text).toContain("DoLo.csv, ad1.csv, episodes.csv");
    expect(waiting.document.querySelector("progress")).not.toBeNull();
    const status = JSON.parse((await analyst.get(`${String(sent.headers.location)}/status`)).body) as { state: string; next: string | null };
    expect(status).toMatchObject({ state: "waiting", next: null });

    await testApp.queue.runPending();
    const refused = await analyst.get(String(sent.headers.location));
    const { text, document } = page(refused.body);
    expect(text).toContain("were not imported");
    expect(text).toContain("The files have 108 problems, listed below (the first 100)");
    const rows = [...document.querySelectorAll("tbody tr")].map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent.trim()));
    expect(rows).toContainEqual(["header.csv", "row 1273", "MOTHER", '"1.0" is not one of the codes the return allows (0, 1)']);
    // The form comes back as it was filled in, to send the files again.
    expect(document.querySelector<HTMLInputElement>("#year")?.getAttribute("value")).toBe("2018");
    expect(await extracts()).toEqual([]);
  });

  it("imports the valid rows when asked, and recognises the same files sent again", async () => {
    const fields = { kind: "ssda903", la: "879", year: "2018", validRows: "yes" };
    const first = await imported("analyst", returnFiles, fields);
    // The waiting page leads to the import's own page once the job is done.
    expect(first.text).toContain("The files were imported.");
    expect(first.text).toContain("The files had 108 rows with problems");
    const again = await imported("analyst", returnFiles, fields);
    expect(again.text).toContain("These files were imported already, as shown here: nothing has changed.");
    expect(await extracts()).toEqual([{ la_code: "879", source: "ssda903", label: returnFiles.map((file) => file.name).join(", ") }]);
  });

  it("imports a children in need census for its own council, and refuses the invalid 2026 one by element path", async () => {
    const census = await imported("analyst", sample("cin-census", "fake_CIN_data.xml"), { kind: "cin", la: "", validRows: "yes" });
    expect(census.text).toContain("The files were imported.");
    expect(census.text).toContain("Council975");
    const invalid = await imported("analyst", sample("cin-census", "CIN_Census_2026.xml"), { kind: "cin", la: "", validRows: "yes" });
    expect(invalid.text).toContain("CIN_Census_2026.xml was not imported");
    expect(invalid.text).toContain("Until those in the return's header are put right, none of its rows can be imported.");
    expect(invalid.text).toContain("Children/Child[1]/CINdetails[1]/Assessments[1]");
  });

  it("imports Ofsted's Annex A lists for the day they were taken", async () => {
    const fields = { kind: "annex-a", la: "879", validRows: "yes", asAtDay: "30", asAtMonth: "4", asAtYear: "2025" };
    const annex = await imported("admin", sample("annex-a", "Annex_A.xlsx"), fields);
    expect(annex.text).toContain("The files were imported.");
    expect(annex.text).toContain("Records as at30 April 2025");
  });

  it.each([
    ["no files chosen", [], { kind: "ssda903", la: "879", year: "2018" }, "Choose the files to import"],
    ["a 903 return without its year", returnFiles.slice(0, 1), { kind: "ssda903", la: "879", year: "" }, "Enter the collection year of the SSDA903 return"],
    ["no kind chosen", returnFiles.slice(0, 1), { la: "879" }, "Choose what kind of files these are"],
    ["a council code that is not one", returnFiles.slice(0, 1), { kind: "ssda903", la: "Plymouth", year: "2018" }, "Enter the council's three-digit DfE code, like 879"],
  ])("refuses a form with %s, naming the field, and sends no job", async (_case, files, fields, message) => {
    const analyst = await signedIn(testApp.app, "analyst");
    const answer = await upload(testApp.app, analyst, "/casework/import", files, fields);
    expect(answer.statusCode).toBe(400);
    expect(page(answer.body).text).toContain(message);
    expect(await testApp.queue.runPending()).toBe(0);
  });

  it("takes no files from a viewer or a QA officer", async () => {
    for (const username of ["viewer", "quality"]) {
      const someone = await signedIn(testApp.app, username);
      expect((await upload(testApp.app, someone, "/casework/import", returnFiles.slice(0, 1), { kind: "ssda903", la: "879", year: "2018" }, "/")).statusCode, username).toBe(403);
    }
  });
});
