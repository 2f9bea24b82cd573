import { readdirSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../db/rows.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { testContext } from "../../../test/support/demo.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn } from "../../../test/support/session.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import { importCaseFiles } from "./importing.ts";
import { Pseudonyms } from "./pseudonyms.ts";

const key = "5".repeat(64);
const testApp = useTestApp({ data: "demo", casework: { key } });
const sampleDir = sharedPath("data", "ssda903");
const files = readdirSync(sampleDir)
  .filter((name) => name.endsWith(".csv"))
  .map((name) => ({ name, path: join(sampleDir, name) }));
/** A child of the sample return (its first in header.csv), by the pseudonym the store knows them by. */
const child = new Pseudonyms(Buffer.from(key, "hex")).of("879", "person", "566910");
const childPage = `/casework/children/879/${child}`;

const accessEvents = async () => selectRows(testApp.db, sql`select username, record_type, record_id, purpose from access_events order by id`);

beforeAll(async () => {
  const outcome = await importCaseFiles(testApp.db, testContext, { key }, { kind: "ssda903", files, laCode: "879", collectionYear: 2018, validRowsOnly: true });
  if (outcome.kind !== "loaded") throw new Error(`the sample return did not load: ${outcome.kind}`);
});

describe("a child's case record", () => {
  it("is refused to a viewer and to an administrator, and their attempts open nothing", async () => {
    for (const username of ["viewer", "admin", "lead"]) {
      const browser = await signedIn(testApp.app, username);
      expect((await browser.get(childPage)).statusCode, username).toBe(403);
    }
    expect(await accessEvents()).toEqual([]);
  });

  it("opens for an analyst, with the child's episodes and reviews, and records that they looked", async () => {
    const analyst = await signedIn(testApp.app, "analyst");
    const response = await analyst.get(childPage);
    expect(response.statusCode).toBe(200);
    const { document, text } = page(response.body);
    expect(document.querySelector("h1")?.textContent).toContain(child);
    expect([...document.querySelectorAll("h2")].map((h) => h.textContent)).toEqual(expect.arrayContaining(["Person", "Looked-after episodes", "Placements", "Legal statuses", "Looked-after reviews"]));
    // The sample's first child: born 27 March 2008, first looked after from 15 February 2016 in a T2 placement.
    expect(text).toContain("27 March 2008");
    expect(text).toContain("15 February 2016");
    expect(text).not.toContain("566910");
    expect(await accessEvents()).toEqual([{ username: "analyst", record_type: "child", record_id: `879/${child}`, purpose: "opened the child's case record" }]);
  });

  it("answers an id that is not a child's with the form and its message, and a badly written one with what to type", async () => {
    const quality = await signedIn(testApp.app, "quality");
    const unknown = await quality.get(`/casework/children/879/${"0".repeat(24)}`);
    expect(unknown.statusCode).toBe(404);
    expect(page(unknown.body).text).toContain(`No child with the id ${"0".repeat(24)} is in council 879's case records`);
    const badly = await quality.get("/casework/children?la=87&id=Sam");
    expect(badly.statusCode).toBe(400);
    expect(page(badly.body).text).toContain("Enter the council's three-digit DfE code, like 879");
    expect(page(badly.body).text).toContain("Enter the child's pseudonymous id");
    const found = await quality.get(`/casework/children?la=879&id=${child.toUpperCase()}`);
    expect(found.headers.location).toBe(childPage);
  });
});

describe("the imports of case records", () => {
  it("lists each import with its rows to an analyst or administrator, and nothing to a viewer", async () => {
    const admin = await signedIn(testApp.app, "admin");
    const list = page((await admin.get("/casework")).body);
    expect(list.text).toContain("SSDA903 return (children looked after) 2017/18");
    const link = list.document.querySelector('a[href^="/casework/extracts/"]')?.getAttribute("href") ?? "";
    const detail = page((await admin.get(link)).body).text;
    expect(detail).toContain("Looked-after episodes");
    expect(detail).toContain("UPN: 2,675 values");
    expect(detail).toContain("header.csv");
    expect(detail).toContain("The files had 108 rows with problems");
    expect(detail).not.toContain(child);
    const viewer = await signedIn(testApp.app, "viewer");
    expect((await viewer.get("/casework")).statusCode).toBe(403);
    expect((await viewer.get(link)).statusCode).toBe(403);
  });
});
