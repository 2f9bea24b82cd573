import { beforeAll, describe, expect, it } from "vitest";
import { demoPlanFolder } from "../../demo/index.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { all, openWord, rowsOf, styleOf, textOf, type XmlElement } from "../../../test/support/word.ts";
import { currentPlanSummary, readPlanFolder } from "../plan/index.ts";
import { findReport, generate } from "./service.ts";
import { useTestApp } from "../../../test/support/app.ts";

/** The report asking Cabinet to agree the plan: the demo's, typed from the report of 8 July 2024, and a new one. */

const testApp = useTestApp({ data: "demo", chromium: null });
let approver: Client;
let analyst: Client;
let cabinetId: number;

const files = await readPlanFolder(demoPlanFolder);
const squeeze = (text: string) => text.replace(/\s+/g, " ").trim();
const years = ["2024/25", "2025/26", "2026/27"];

beforeAll(async () => {
  approver = await signedIn(testApp.app, "approver");
  analyst = await signedIn(testApp.app, "analyst");
  const list = page((await approver.get("/reports")).body);
  cabinetId = Number(list.links.find((l) => l.text === "Achieving Excellence – A Strategy for Children's Services 2024 - 27")?.href.split("/").pop());
});

type Word = Awaited<ReturnType<typeof openWord>>;

/** The table whose header row starts with `first`. */
const tableStarting = (word: Word, first: string): XmlElement => {
  const table = word.tables.find((t) => rowsOf(t)[0]?.[0] === first);
  if (!table) throw new Error(`No table starts "${first}"`);
  return table;
};

/** The bulleted items in each cell of a table's second row. */
const cellItems = (table: XmlElement) => all(all(table, "w:tr")[1] ?? table, "w:tc").map((cell) => all(cell, "w:p").map((p) => squeeze(textOf(p))).filter(Boolean));

describe("the demo's Cabinet report of 8 July 2024", () => {
  let word: Word;

  beforeAll(async () => {
    const response = await approver.get(`/reports/${String(cabinetId)}/report.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("wordprocessingml");
    word = await openWord(response.rawPayload);
  });

  it("is listed with the reports in preparation, as covering the whole plan", async () => {
    const list = page((await approver.get("/reports")).body);
    const row = [...list.document.querySelectorAll("table tbody tr")].find((tr) => tr.textContent.includes("A Strategy for Children's Services"));
    expect([...(row?.querySelectorAll("td") ?? [])].map((td) => squeeze(td.textContent))).toEqual([
      "Achieving Excellence – A Strategy for Children's Services 2024 - 27",
      "Cabinet report: agree the plan",
      "The whole plan",
      expect.any(String),
    ]);
  });

  it("has the cover sheet of the published report: meeting, title, lead member, director, author, contact and confidentiality", () => {
    const [committee] = word.bodyParagraphs;
    expect(committee && textOf(committee)).toBe("Cabinet");
    expect(Object.fromEntries(rowsOf(tableStarting(word, "Date of meeting")).map(([label = "", value = ""]) => [label, value]))).toEqual({
      "Date of meeting": "8 July 2024",
      "Title of report": "Achieving Excellence – A Strategy for Children's Services 2024 - 27",
      "Lead member": "Councillor Jemima Laing (Deputy Leader, and Cabinet Member for Children's Social Care, Culture and Communications)",
      "Lead strategic director": "David Haley (Director for Childrens Services)",
      Author: "Vivien Lines",
      "Contact email": "Vivien.Lines@plymouth.gov.uk",
      "Your reference": "",
      "Key decision": "No",
      Confidentiality: "Part I - Official",
    });
  });

  it("asks Cabinet to agree the plan, its recommendations numbered after their lead-in, with the reasons under them", () => {
    const texts = word.bodyParagraphs.map(textOf);
    const at = texts.indexOf("That Cabinet:");
    expect(at).toBeGreaterThan(texts.indexOf("Recommendations and reasons"));
    expect(texts.slice(at + 1, at + 3)).toEqual([
      "Agree the Children's Services Strategic Plan, Achieving Excellence - 2024 – 27;",
      "Agree the proposed milestones for the delivery of the ten Strategic Priorities are implemented in Children's Services as set out in the attached three-year milestones.",
    ]);
    const numbered = (text: string) => all(word.bodyParagraphs[texts.indexOf(text)] ?? word.document.documentElement, "w:numPr").length > 0;
    expect(numbered("That Cabinet:")).toBe(false);
    expect(numbered("Agree the Children's Services Strategic Plan, Achieving Excellence - 2024 – 27;")).toBe(true);
    const reasons = word.bodyParagraphs.find((p) => textOf(p) === "Reasons");
    expect(reasons && styleOf(reasons)).toBe("Heading2");
    // The eight drivers of the plan are a bulleted list, between the reasons' first paragraph and the next.
    const first = texts.findIndex((t) => t.startsWith("The strategic plan and the proposed ten strategic priorities"));
    const drivers = texts.slice(first + 1, texts.findIndex((t) => t.startsWith("The plan builds on the direction of travel")));
    expect(drivers).toHaveLength(8);
    expect(drivers[0]).toBe("The priorities set out in the Plymouth Plan and A Bright Future, the partnership plan for children and young people;");
    expect(drivers.every(numbered)).toBe(true);
    expect(texts).toContain("Keeping children safe and Education and employment outcomes for all.");
  });

  it("names its appendix and background paper, and records the sign-off and approvals", () => {
    expect(rowsOf(tableStarting(word, "Reference"))[1]).toEqual(["A", "Achieving Excellence – A three year strategy", "", "", "", "", "", "", ""]);
    expect(rowsOf(tableStarting(word, "Title of background paper"))[1]?.[0]).toBe("Ofsted Inspection of Local Authority Children's Services, January 2024");
    expect(rowsOf(tableStarting(word, "Service")).slice(1)).toEqual([
      ["Finance", "DIN.24.25.032"],
      ["Legal", "LS/00003197/2/LB/27/06/24"],
      ["Monitoring Officer", "–"],
      ["HR", "CS.24.25.009"],
      ["Assets", "–"],
      ["Strategic Procurement", "–"],
    ]);
    const texts = word.bodyParagraphs.map(textOf);
    expect(texts).toContain("Originating senior leadership team member: David Haley (Director for Children's Services)");
    expect(texts).toContain("Strategic director has agreed the report: Yes. Date agreed: 26 June 2024.");
    expect(texts).toContain(
      "Cabinet member approval: Councillor Jemima Laing (Deputy Leader, and Cabinet Member for Children's Social Care, Culture and Communications) – approved by email. Date approved: 27 June 2024.",
    );
  });

  it("appends the plan: its title, vision, values and what young people asked", () => {
    const texts = word.bodyParagraphs.map(textOf);
    const appendix = texts.indexOf("Appendix A: Achieving Excellence – A three year strategy");
    expect(appendix).toBeGreaterThan(texts.indexOf("Sign off"));
    const after = texts.slice(appendix);
    expect(after).toContain(`Achieving Excellence 2024–27: ${files.overview.plan.subtitle}`);
    expect(after).toContain(files.overview.plan.vision);
    expect(after).toContain("High Expectations, High Support, High Challenge");
    expect(after).toContain("What young people asked: Equal, Kind and Safe");
    expect(after).toContain(files.overview.plan.youngPeopleAsk.statement);
    expect(after).toContain(files.overview.youngPeopleSaid[0]?.text);
  });

  it("sets out the ten priorities in order, each with its key elements, outcomes and the milestones it was agreed with for each year", () => {
    const headings = word.bodyParagraphs.filter((p) => styleOf(p) === "Heading2").map(textOf);
    const priorities = headings.filter((h) => h.startsWith("Strategic Priority"));
    expect(priorities).toEqual(files.priorities.map((p) => `Strategic Priority ${String(p.number)}: ${p.title}`));
    expect(priorities).toHaveLength(10);
    const texts = word.bodyParagraphs.map(textOf);
    for (const priority of files.priorities) {
      const caption = `Strategic Priority ${String(priority.number)}: key milestones for each year of the plan`;
      const agreed = years.map((year) => (priority.milestones[year] ?? []).map((m) => squeeze(m.text)));
      if (agreed.flat().length === 0) {
        // Priority 10, the enablers, has no milestones of its own in the plan as agreed.
        expect(texts.includes(caption), caption).toBe(false);
        continue;
      }
      const table = word.tables.find((t) => t.previousElementSibling && textOf(t.previousElementSibling) === caption);
      expect(table, caption).toBeDefined();
      expect(rowsOf(table ?? word.document.documentElement)[0]).toEqual(years);
      // The milestones of the plan as Cabinet agreed it, not those reset at the year-one review a year later.
      expect(cellItems(table ?? word.document.documentElement), caption).toEqual(agreed.map((items) => (items.length > 0 ? items : ["No milestones set for this year."])));
      for (const element of priority.keyElements) expect(texts).toContain(element);
      for (const outcome of priority.outcomes) expect(texts).toContain(outcome);
    }
    expect(texts).toContain("No milestones are set for this priority.");
    expect(texts).toContain(`System development: ${files.priorities[9]?.enablers[0]?.text ?? "?"}`);
  });

  it("shows the milestones reset at a year-end review when the meeting falls after it", async () => {
    const report = await findReport(testApp.db, cabinetId);
    if (!report) throw new Error("the demo has no Cabinet report");
    const { document } = await generate(testApp.db, await currentPlanSummary(testApp.db), { ...report, cover: { ...report.cover, meetingDate: "2025-09-01" } });
    const table = document.blocks.find((b) => b.kind === "table" && b.caption === "Strategic Priority 1: key milestones for each year of the plan");
    const reset = (files.priorities[0]?.resetMilestones["2025/26"] ?? []).map((m) => m.text);
    expect(reset.length).toBeGreaterThan(0);
    expect(table?.kind === "table" ? table.rows[0]?.[1] : undefined).toEqual({ items: reset });
  });

  it("reads as a web page with the same sections, the appendix's priorities under it", async () => {
    const response = await approver.get(`/reports/${String(cabinetId)}/preview`);
    expect(response.statusCode).toBe(200);
    const preview = page(response.body);
    expect(preview.texts("main h1")).toEqual(["Achieving Excellence – A Strategy for Children's Services 2024 - 27"]);
    const h2 = preview.texts("main h2");
    expect(h2).toEqual(expect.arrayContaining(["Purpose of report", "Recommendations and reasons", "Sign off", "Appendix A: Achieving Excellence – A three year strategy"]));
    expect(preview.texts("main h3").filter((h) => h.startsWith("Strategic Priority"))).toHaveLength(10);
    expect(preview.texts("main table caption")).toContain("Strategic Priority 4: key milestones for each year of the plan");
    expect(preview.text).toContain("Date agreed: 26 June 2024");
  });

  it("lists nothing missing from its cover sheet but its reference, when asked to confirm an issue", async () => {
    const confirm = page((await approver.get(`/reports/${String(cabinetId)}/issue?issue=1`)).body);
    expect(confirm.texts("#cover-sheet-gaps li")).toEqual(["Your reference"]);
  });
});

describe("starting a Cabinet report", () => {
  it("needs no reporting period, and starts with the plan as its appendix and words to agree it", async () => {
    const started = await analyst.post("/reports", { kind: "cabinet", periodId: "" });
    expect(started.statusCode).toBe(303);
    const url = String(started.headers.location);
    const report = page((await analyst.get(url)).body);
    expect(report.texts(".govuk-caption-l")).toEqual(["Cabinet report: agree the plan"]);

    const form = page((await analyst.get(`${url}/edit`)).body).document;
    const value = (name: string) => form.querySelector(`[name="${name}"]`)?.getAttribute("value") ?? form.querySelector(`textarea[name="${name}"]`)?.textContent;
    expect(value("committee")).toBe("Cabinet");
    expect(value("appendices")).toBe("A | Achieving Excellence 2024–27");

    const preview = page((await analyst.get(`${url}/preview`)).body);
    expect(preview.texts("main h2")).toContain("Appendix A: Achieving Excellence 2024–27");
    expect(preview.texts("main h3").filter((h) => h.startsWith("Strategic Priority"))).toHaveLength(10);
    // Undated, it sets out the plan as it stands today: the milestones reset for 2025/26.
    const resetMilestone = files.priorities[0]?.resetMilestones["2025/26"]?.[0]?.text ?? "?";
    expect(preview.text).toContain(resetMilestone);
    expect((await analyst.get(`${url}/report.docx`)).statusCode).toBe(200);
  });

  it("saves its reasons, with a bulleted list, and the approvals, which then appear in the report", async () => {
    const started = await analyst.post("/reports", { kind: "cabinet", periodId: "" });
    const url = String(started.headers.location);
    const form = page((await analyst.get(`${url}/edit`)).body).document;
    const fields: Record<string, string> = {};
    for (const input of form.querySelectorAll("form[method=post] input[name], form[method=post] textarea[name]")) {
      const type = input.getAttribute("type") ?? "";
      if (type === "radio" && !input.hasAttribute("checked")) continue;
      fields[input.getAttribute("name") ?? ""] = input.tagName === "TEXTAREA" ? (input.textContent ?? "") : (input.getAttribute("value") ?? "");
    }
    const saved = await analyst.post(`${url}/edit`, {
      ...fields,
      reasons: "The plan answers three drivers:\n\n- the inspection's findings;\n- what young people asked;\n- the budget.\n\nIt runs for three years.",
      directorAgreedOnDay: "26",
      directorAgreedOnMonth: "6",
      directorAgreedOnYear: "2024",
      cabinetMemberApproval: "Councillor Jemima Laing – approved by email.",
      cabinetMemberApprovedOnDay: "27",
      cabinetMemberApprovedOnMonth: "6",
      cabinetMemberApprovedOnYear: "2024",
    });
    expect(saved.statusCode).toBe(303);
    const preview = page((await analyst.get(`${url}/preview`)).body);
    expect(preview.texts("main ul li").slice(0, 3)).toEqual(["the inspection's findings;", "what young people asked;", "the budget."]);
    expect(preview.text).toContain("It runs for three years.");
    expect(preview.text).toContain("Strategic director has agreed the report: Yes. Date agreed: 26 June 2024.");
    expect(preview.text).toContain("Cabinet member approval: Councillor Jemima Laing – approved by email. Date approved: 27 June 2024.");
    const again = page((await analyst.get(`${url}/edit`)).body).document;
    expect(again.querySelector('[name="directorAgreedOnMonth"]')?.getAttribute("value")).toBe("6");
  });

  it("refuses an approval date that is not a real date, naming it, and saves nothing", async () => {
    const started = await analyst.post("/reports", { kind: "cabinet", periodId: "" });
    const url = String(started.headers.location);
    const refused = await analyst.post(`${url}/edit`, {
      committee: "Cabinet",
      title: "Achieving Excellence",
      keyDecision: "no",
      confidentiality: "Part I - Official",
      cabinetMemberApprovedOnDay: "30",
      cabinetMemberApprovedOnMonth: "2",
      cabinetMemberApprovedOnYear: "2024",
      version: "1",
    });
    expect(refused.statusCode).toBe(400);
    const form = page(refused.body);
    expect(form.texts(".govuk-error-summary__list a")).toEqual(["Date of the cabinet member's approval must be a real date, like 31 3 2026"]);
    expect(form.document.querySelector('.govuk-error-summary a[href="#cabinetMemberApprovedOnDay"]')).not.toBeNull();
    expect(page((await analyst.get(`${url}/edit`)).body).document.querySelector('input[name="version"]')?.getAttribute("value")).toBe("1");
  });
});
