import { beforeAll, describe, expect, it } from "vitest";
import { demoPassword } from "../../demo/accounts.ts";
import { createUser } from "../access/index.ts";
import { testContext } from "../../../test/support/demo.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { useTestApp } from "../../../test/support/app.ts";

/** Who sees a draft: the page that shows an update and the page that edits it follow one rule. */
const testApp = useTestApp({ data: "demo" });
let updateUrl: string;

beforeAll(async () => {
  // A second lead of priority 3 beside the demo's, and a lead of another priority.
  await createUser(testApp.db, testContext, { username: "colead", displayName: "Cora Co-lead", roles: ["priority_lead"], priorityNumbers: [3], password: demoPassword, demo: false });
  await createUser(testApp.db, testContext, { username: "otherlead", displayName: "Omar Other", roles: ["priority_lead"], priorityNumbers: [5], password: demoPassword, demo: false });
  const admin = await signedIn(testApp.app, "admin");
  const opened = await admin.post("/progress/periods", { planYear: "2025", kind: "quarter", quarter: "3", deadline: "" }, "/progress");
  updateUrl = `${String(opened.headers.location)}/priorities/3`;
  const lead = await signedIn(testApp.app, "lead");
  const draft = await lead.post(`${updateUrl}/edit`, { narrative: "A first draft of the quarter by Lee.", action: "draft", version: "0" });
  expect(draft.statusCode).toBe(303);
});

const read = async (browser: Client, url: string) => page((await browser.get(url)).body);

describe("a draft progress update", () => {
  it("is shown to a co-lead of the priority on its page and on its edit page alike", async () => {
    const colead = await signedIn(testApp.app, "colead");
    expect((await read(colead, updateUrl)).text).toContain("A first draft of the quarter by Lee.");
    const edit = await read(colead, `${updateUrl}/edit`);
    expect(edit.document.querySelector("textarea#narrative")?.textContent).toContain("A first draft of the quarter by Lee.");
  });

  it("is hidden from a lead of another priority and from viewers", async () => {
    for (const username of ["otherlead", "viewer"]) {
      const reader = await signedIn(testApp.app, username);
      const shown = await read(reader, updateUrl);
      expect(shown.text).not.toContain("A first draft of the quarter by Lee.");
      const edit = await reader.get(`${updateUrl}/edit`);
      expect(edit.statusCode).toBe(403);
      expect(edit.body).not.toContain("A first draft of the quarter by Lee.");
    }
  });
});
