import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { engines } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import type { CaseFileProblem } from "./case-file-problems.ts";
import { prepareCinCensus } from "./cin-census.ts";
import { loadExtract, type PreparedExtract } from "./loading.ts";
import { Pseudonyms } from "./pseudonyms.ts";

const sample = (name: string) => ({ name, path: sharedPath("data", "cin-census", name) });
const fake = sample("fake_CIN_data.xml");
const invalid2026 = sample("CIN_Census_2026.xml");
const bar = sample("BAR_cin_2022.xml");

const dir = mkdtempSync(join(tmpdir(), "waymark-cin-census-"));
function fileOf(name: string, content: string) {
  writeFileSync(join(dir, name), content);
  return { name, path: join(dir, name) };
}

/** Every row prepare gives, by table. */
async function rowsOf(prepared: PreparedExtract): Promise<Record<string, Record<string, unknown>[]>> {
  const tables: Record<string, Record<string, unknown>[]> = {};
  for await (const batch of prepared.rows()) (tables[batch.table] ??= []).push(...batch.rows);
  return tables;
}

const countsOf = (tables: Record<string, unknown[]>) => Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, rows.length]));

/** The fake census counted from its text, apart from the importer: its referrals, and those with any date after the reference date. */
function fakeCounted() {
  const text = readFileSync(fake.path, "utf8");
  const reference = /<ReferenceDate>(.*?)<\/ReferenceDate>/.exec(text)?.[1] ?? "";
  const referrals = text.split("<CINdetails>").slice(1).map((part) => part.split("</CINdetails>")[0] ?? "");
  const late = referrals.filter((referral) => [...referral.matchAll(/>(\d{4}-\d{2}-\d{2})</g)].some((match) => (match[1] ?? "") > reference));
  const kept = referrals.filter((referral) => !late.includes(referral));
  return {
    reference,
    children: text.match(/<Child>/g)?.length ?? 0,
    disabilities: text.match(/<Disability>/g)?.length ?? 0,
    // A code given twice for one child is the same record twice, which loading reports.
    distinctDisabilities: text
      .split("<Child>")
      .slice(1)
      .reduce((sum, part) => sum + new Set([...part.matchAll(/<Disability>(.*?)<\/Disability>/g)].map((match) => match[1])).size, 0),
    referrals: referrals.length,
    late: late.length,
    kept: kept.length,
    keptConferences: kept.filter((referral) => referral.includes("<DateOfInitialCPC>")).length,
    upns: [...text.matchAll(/<UPN>(.*?)<\/UPN>/g)].map((match) => match[1] ?? ""),
    childIds: [...text.matchAll(/<LAchildID>(.*?)<\/LAchildID>/g)].map((match) => match[1] ?? ""),
  };
}

describe("the CIN census samples, read and checked", () => {
  it("reads the fake census: every child, referral and conference, its UPNs dropped and counted, its future dates reported", async () => {
    const counted = fakeCounted();
    const prepared = await prepareCinCensus([fake], {});
    expect(prepared).toMatchObject({ laCode: "975", source: "cin-census", label: "fake_CIN_data.xml", extractDate: "2022-07-21", collectionYear: 2022, dropped: { UPN: counted.upns.length } });
    expect(prepared.rowCount).toBe(counted.children + counted.disabilities + counted.referrals + 350);
    // Fourteen referrals are dated, closed or conferenced after the census reference date: each date is a problem.
    expect(counted.late).toBe(14);
    expect(prepared.problems.count).toBe(23);
    expect(prepared.problems.listed.every((problem) => problem.message.endsWith(`is after the census reference date, ${counted.reference}`))).toBe(true);
    expect(prepared.problems.listed.slice(0, 2)).toEqual([
      { file: "fake_CIN_data.xml", place: "Children/Child[92]/CINdetails[1]", field: "CINclosureDate", message: "2024-11-12 is after the census reference date, 2022-07-21" },
      { file: "fake_CIN_data.xml", place: "Children/Child[92]/CINdetails[2]", field: "CINreferralDate", message: "2025-02-08 is after the census reference date, 2022-07-21" },
    ]);
    expect(countsOf(await rowsOf(prepared))).toEqual({ ssd_person: counted.children, ssd_disability: counted.disabilities, ssd_cin_episodes: counted.kept, ssd_initial_cp_conference: counted.keptConferences });
  });

  it("refuses the invalid 2026 census, naming each problem's element and field", async () => {
    const prepared = await prepareCinCensus([invalid2026], {});
    const problem = (place: string, field: string, message: string): CaseFileProblem => ({ file: "CIN_Census_2026.xml", place, field, message });
    expect(prepared.problems.listed).toEqual([
      problem("Header/CollectionDetails", "Year", "2023 is not the year of the ReferenceDate, 2024-03-31: a census's Year is the year its reference date falls in"),
      problem("Children/Child[1]/ChildIdentifiers", "ChildIdentifiers", 'holds the text "PersonBirthDate" outside its elements'),
      problem("Children/Child[1]/ChildIdentifiers", "Sex", 'Sex must be one of M, F, U; it is "1"'),
      problem("Children/Child[1]/CINdetails[1]/Assessments[1]", "AssessmentActualStartDate", "2028-04-28 is after the census reference date, 2024-03-31"),
      problem("Children/Child[1]/CINdetails[1]/Assessments[1]", "AssessmentAuthorisationDate", "2020-09-19 is before the AssessmentActualStartDate, 2028-04-28"),
      problem("Children/Child[2]/CINdetails[1]", "CINreferralDate", "2024-10-24 is after the census reference date, 2024-03-31"),
      problem("Children/Child[2]/CINdetails[1]", "CINclosureDate", "2024-10-29 is after the census reference date, 2024-03-31"),
      problem("Children/Child[2]/CINdetails[1]/Assessments[1]/FactorsIdentifiedAtAssessment", "AssessmentFactors", "missing: each FactorsIdentifiedAtAssessment must have at least one"),
    ]);
    // Its pre-proceedings, assessment factors and UPNs are not stored; each is counted.
    expect(prepared.dropped).toMatchObject({ UPN: 1, FormerUPN: 1, AssessmentFactors: 3, PPStartDate: 1, PPOutcome: 1, LetterInitCPDate: 1 });
    // A header with a problem keeps every row out, even when only the valid rows are asked for.
    expect(prepared.loadable).toBe(false);
  });

  it("reads every record of a full child: the BAR sample", async () => {
    const prepared = await prepareCinCensus([bar], {});
    expect(prepared.problems.count).toBe(0);
    expect(prepared.dropped).toEqual({ UPN: 1, FormerUPN: 1, AssessmentInternalReviewDate: 1, AssessmentFactors: 2 });
    const tables = await rowsOf(prepared);
    const referral = "DfEX0000001|1970-10-06";
    expect(tables.ssd_person).toEqual([
      { file: "BAR_cin_2022.xml", place: "Children/Child[1]", pers_person_id: "DfEX0000001", pers_dob: "1966-03-24", pers_expected_dob: "1966-03-22", pers_death_date: "1980-10-08", pers_sex: "1", pers_ethnicity: "WBRI", pers_upn_unknown: "UN3" },
    ]);
    expect(tables.ssd_disability?.map((row) => row.disa_disability_code)).toEqual(["HAND", "HEAR"]);
    expect(tables.ssd_cin_episodes).toMatchObject([{ cine_referral_id: referral, cine_referral_source_code: "1A", cine_cin_primary_need_code: "N4", cine_close_date: "1971-02-27", cine_close_reason: "RC1", cine_referral_nfa: "N" }]);
    expect(tables.ssd_cin_assessments).toMatchObject([{ cina_assessment_id: `${referral}|1970-06-03`, cina_referral_id: referral, cina_assessment_start_date: "1970-06-03", cina_assessment_auth_date: "1971-07-18" }]);
    expect(tables.ssd_cin_plans).toMatchObject([{ cinp_referral_id: referral, cinp_cin_plan_start_date: "1971-01-24", cinp_cin_plan_end_date: "1971-01-26" }]);
    expect(tables.ssd_s47_enquiry).toMatchObject([{ s47e_s47_enquiry_id: `${referral}|1970-02-02`, s47e_s47_nfa: "N" }]);
    // The referral's own conference date differs from the enquiry's: two conferences, one of them the enquiry's.
    expect(tables.ssd_initial_cp_conference).toMatchObject([
      { icpc_icpc_date: "1970-02-06", icpc_referral_id: referral },
      { icpc_icpc_date: "1970-02-11", icpc_icpc_target_date: "1970-06-23", icpc_s47_enquiry_id: `${referral}|1970-02-02` },
    ]);
    expect(tables.ssd_initial_cp_conference?.[0]).not.toHaveProperty("icpc_s47_enquiry_id");
    expect(tables.ssd_cp_plans).toMatchObject([{ cppl_cp_plan_id: `${referral}|1970-02-17`, cppl_cp_plan_end_date: "1971-03-14", cppl_cp_plan_initial_category: "PHY", cppl_cp_plan_latest_category: "PHY", cppl_previous_plans: 10 }]);
    expect(tables.ssd_cp_reviews).toMatchObject([{ cppr_cp_plan_id: `${referral}|1970-02-17`, cppr_cp_review_date: "1971-02-15", place: "Children/Child[1]/CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[1]" }]);
  });
});

/** A valid one-child census in the 2025 and 2026 schemas' words; cases below change a piece of it. */
const validCensus = `<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>879</LEA></Source>
  </Header>
  <Children>
    <Child>
      <ChildIdentifiers><LAchildID>C1</LAchildID><UPN>A123456789012</UPN><PersonBirthDate>2015-03-27</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>AUT</Disability></Disabilities></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2024-05-10</CINreferralDate><ReferralSource>2A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
        <CINclosureDate>2025-01-15</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure>
        <Assessments><AssessmentActualStartDate>2024-05-13</AssessmentActualStartDate><AssessmentAuthorisationDate>2024-06-20</AssessmentAuthorisationDate></Assessments>
        <Section47><S47ActualStartDate>2024-05-11</S47ActualStartDate><ICPCnotRequired>1</ICPCnotRequired></Section47>
        <ReferralNFA>0</ReferralNFA>
        <ChildProtectionPlans>
          <CPPstartDate>2024-06-01</CPPstartDate><CPPendDate>2024-12-01</CPPendDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
          <LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>
          <Reviews><CPPreviewDate>2024-08-30</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
      </CINdetails>
    </Child>
  </Children>
</Message>`;

const child = "Children/Child[1]";
const identifiers = `${child}/ChildIdentifiers`;
const referral = `${child}/CINdetails[1]`;

describe("checking each element of a census", () => {
  it("reads the valid census whole", async () => {
    const prepared = await prepareCinCensus([fileOf("valid.xml", validCensus)], { laCode: "879" });
    expect(prepared.problems.count).toBe(0);
    expect(countsOf(await rowsOf(prepared))).toEqual({ ssd_person: 1, ssd_disability: 1, ssd_cin_episodes: 1, ssd_cin_assessments: 1, ssd_s47_enquiry: 1, ssd_cp_plans: 1, ssd_cp_reviews: 1 });
  });

  it.each([
    ["a date that is not a real day", "<CINreferralDate>2024-05-10<", "<CINreferralDate>2024-02-30<", referral, "CINreferralDate", '"2024-02-30" is not a real day'],
    ["a date written the wrong way", "<PersonBirthDate>2015-03-27<", "<PersonBirthDate>27/03/2015<", identifiers, "PersonBirthDate", '"27/03/2015" is not a date written as YYYY-MM-DD, like 2025-03-31'],
    ["a start after the reference date", "<S47ActualStartDate>2024-05-11<", "<S47ActualStartDate>2025-04-01<", `${referral}/Section47[1]`, "S47ActualStartDate", "2025-04-01 is after the census reference date, 2025-03-31"],
    ["a closure before the referral", "<CINclosureDate>2025-01-15<", "<CINclosureDate>2024-05-09<", referral, "CINclosureDate", "2024-05-09 is before the CINreferralDate, 2024-05-10"],
    ["a plan ending before it starts", "<CPPendDate>2024-12-01<", "<CPPendDate>2024-05-31<", `${referral}/ChildProtectionPlans[1]`, "CPPendDate", "2024-05-31 is before the CPPstartDate, 2024-06-01"],
    ["a need code not in the list", "<PrimaryNeedCode>N1<", "<PrimaryNeedCode>N10<", referral, "PrimaryNeedCode", 'PrimaryNeedCode must be one of N0, N1, N2, N3, N4, N5, N6, N7, N8, N9; it is "N10"'],
    ["a referral source not in the list", "<ReferralSource>2A<", "<ReferralSource>2C<", referral, "ReferralSource", 'ReferralSource must be one of 1A, 1B, 1C, 1D, 2A, 2B, 3A, 3B, 3C, 3D, 3E, 3F, 4, 5A, 5B, 5C, 5D, 6, 7, 8, 9, 10; it is "2C"'],
    ["a closure reason not in the list", "<ReasonForClosure>RC8<", "<ReasonForClosure>RC10<", referral, "ReasonForClosure", 'ReasonForClosure must be one of RC1, RC2, RC3, RC4, RC5, RC6, RC7, RC8, RC9; it is "RC10"'],
    ["an ethnicity not in the list", "<Ethnicity>WBRI<", "<Ethnicity>British<", `${child}/ChildCharacteristics`, "Ethnicity", expect.stringMatching(/^Ethnicity must be one of WBRI, .*, NOBT; it is "British"$/)],
    ["a 2024 sex code under the 2025 element", "<Sex>F<", "<Sex>2<", identifiers, "Sex", 'Sex must be one of M, F, U; it is "2"'],
    ["a 2025 sex code under the 2024 element", "<Sex>F</Sex>", "<GenderCurrent>F</GenderCurrent>", identifiers, "GenderCurrent", 'GenderCurrent must be one of 1, 2, 0, 9; it is "F"'],
    ["a category of abuse not in the list", "<LatestCategoryOfAbuse>EMO<", "<LatestCategoryOfAbuse>CSE<", `${referral}/ChildProtectionPlans[1]`, "LatestCategoryOfAbuse", 'LatestCategoryOfAbuse must be one of NEG, PHY, SAB, EMO, MUL; it is "CSE"'],
    ["a disability not in the list", "<Disability>AUT<", "<Disability>ADHD<", `${child}/ChildCharacteristics/Disabilities/Disability[1]`, "Disability", expect.stringMatching(/^Disability must be one of NONE, .*; it is "ADHD"$/)],
    ["a yes or no written another way", "<ReferralNFA>0<", "<ReferralNFA>N<", referral, "ReferralNFA", 'ReferralNFA must be 1 or 0 (true or false); it is "N"'],
    ["a count that is not a number", "<NumberOfPreviousCPP>0<", "<NumberOfPreviousCPP>two<", `${referral}/ChildProtectionPlans[1]`, "NumberOfPreviousCPP", 'NumberOfPreviousCPP must be a whole number, 0 or more; it is "two"'],
    ["a missing referral date", "<CINreferralDate>2024-05-10</CINreferralDate>", "", referral, "CINreferralDate", "missing: each CINdetails must have one"],
    ["a missing child id", "<LAchildID>C1</LAchildID>", "", identifiers, "LAchildID", "missing: each ChildIdentifiers must have one"],
    ["an empty child id", "<LAchildID>C1</LAchildID>", "<LAchildID/>", identifiers, "LAchildID", "is empty: each ChildIdentifiers must have one"],
    ["neither birth date", "<PersonBirthDate>2015-03-27</PersonBirthDate>", "", identifiers, "PersonBirthDate", "missing: each child must have a PersonBirthDate, or an ExpectedPersonBirthDate before they are born"],
    ["a missing sex", "<Sex>F</Sex>", "", identifiers, "Sex", "missing: each ChildIdentifiers must have one (GenderCurrent before 2025)"],
    ["a referral date given twice", "<CINreferralDate>2024-05-10</CINreferralDate>", "<CINreferralDate>2024-05-10</CINreferralDate><CINreferralDate>2024-05-11</CINreferralDate>", referral, "CINreferralDate", "appears 2 times: a CINdetails has one at most"],
    ["a council other than the import's", "<LEA>879<", "<LEA>975<", "Header/Source", "LEA", "the return is council 975's, and it was imported for council 879"],
    ["a council code that is not one", "<LEA>879<", "<LEA>Plymouth<", "Header/Source", "LEA", 'must be the council\'s three-digit code, like 879; it is "Plymouth"'],
    ["a reference date that is not a date", "<ReferenceDate>2025-03-31<", "<ReferenceDate>31/03/2025<", "Header/CollectionDetails", "ReferenceDate", '"31/03/2025" is not a date written as YYYY-MM-DD, like 2025-03-31'],
  ])("reports %s with its place and field", async (_, from, to, place, field, message) => {
    expect(validCensus).toContain(from);
    const prepared = await prepareCinCensus([fileOf("case.xml", validCensus.replace(from, to))], { laCode: "879" });
    expect(prepared.problems.listed).toEqual([{ file: "case.xml", place, field, message }]);
  });

  it("takes the council chosen for the import when the header has none, and reports when there is neither", async () => {
    const withoutLea = validCensus.replace("<LEA>879</LEA>", "");
    expect((await prepareCinCensus([fileOf("no-lea.xml", withoutLea)], { laCode: "879" })).laCode).toBe("879");
    const prepared = await prepareCinCensus([fileOf("no-lea.xml", withoutLea)], { laCode: null });
    expect(prepared.problems.listed).toEqual([{ file: "no-lea.xml", place: "Header/Source", field: "LEA", message: "missing, and no council was chosen for the import: say which council's return this is" }]);
  });

  it("reads yes or no written as true or false, as older returns do, and a 2024 GenderCurrent", async () => {
    const older = validCensus.replace("<ReferralNFA>0<", "<ReferralNFA>true<").replace("<ICPCnotRequired>1<", "<ICPCnotRequired>false<").replace("<Sex>F</Sex>", "<GenderCurrent>2</GenderCurrent>");
    const tables = await rowsOf(await prepareCinCensus([fileOf("older.xml", older)], {}));
    expect(tables.ssd_cin_episodes?.[0]?.cine_referral_nfa).toBe("Y");
    expect(tables.ssd_s47_enquiry?.[0]?.s47e_s47_nfa).toBe("N");
    expect(tables.ssd_person?.[0]?.pers_sex).toBe("2");
  });

  it("keeps out a record with a problem and the records inside it, and nothing else", async () => {
    const badAssessment = validCensus.replace("<AssessmentAuthorisationDate>2024-06-20<", "<AssessmentAuthorisationDate>2024-05-01<");
    expect(countsOf(await rowsOf(await prepareCinCensus([fileOf("assessment.xml", badAssessment)], {})))).toEqual({ ssd_person: 1, ssd_disability: 1, ssd_cin_episodes: 1, ssd_s47_enquiry: 1, ssd_cp_plans: 1, ssd_cp_reviews: 1 });
    const badReferral = validCensus.replace("<PrimaryNeedCode>N1<", "<PrimaryNeedCode>N10<");
    expect(countsOf(await rowsOf(await prepareCinCensus([fileOf("referral.xml", badReferral)], {})))).toEqual({ ssd_person: 1, ssd_disability: 1 });
    const badChild = validCensus.replace("<Ethnicity>WBRI<", "<Ethnicity>X<");
    expect(await rowsOf(await prepareCinCensus([fileOf("child.xml", badChild)], {}))).toEqual({});
  });

  it("stores a referral's conference once when its enquiry names the same date", async () => {
    const both = validCensus
      .replace("<Assessments>", "<DateOfInitialCPC>2024-05-28</DateOfInitialCPC><Assessments>")
      .replace("<ICPCnotRequired>1<", "<InitialCPCtarget>2024-05-31</InitialCPCtarget><DateOfInitialCPC>2024-05-28</DateOfInitialCPC><ICPCnotRequired>0<");
    const tables = await rowsOf(await prepareCinCensus([fileOf("conference.xml", both)], {}));
    expect(tables.ssd_initial_cp_conference).toEqual([
      {
        file: "conference.xml",
        place: `${referral}/Section47[1]`,
        icpc_icpc_id: "C1|2024-05-10|2024-05-28",
        icpc_s47_enquiry_id: "C1|2024-05-10|2024-05-11",
        icpc_person_id: "C1",
        icpc_referral_id: "C1|2024-05-10",
        icpc_icpc_target_date: "2024-05-31",
        icpc_icpc_date: "2024-05-28",
      },
    ]);
  });

  it("reports a return with no children", async () => {
    const empty = validCensus.replace(/<Children>[\s\S]*<\/Children>/, "<Children/>");
    const prepared = await prepareCinCensus([fileOf("no-children.xml", empty)], {});
    expect(prepared.problems.listed).toEqual([{ file: "no-children.xml", place: "Children", field: "Child", message: "the return holds no children: a census has at least one Child" }]);
  });

  it.each([
    ["an empty file", "empty.xml", "", "empty.xml is empty: it holds no XML."],
    ["a CSV file", "children.csv", "CHILD,SEX,DOB\n1,2,27/03/2015\n", 'children.csv is not XML: an XML file begins with "<"'],
    ["another XML return", "903.xml", validCensus.replace("<Collection>CIN<", "<Collection>SSDA903<"), '903.xml is not a CIN census return: its header says it is the "SSDA903" collection, where a census has Header/CollectionDetails/Collection "CIN".'],
    ["XML of another kind", "feed.xml", "<rss><channel/></rss>", "feed.xml is not a CIN census return: its first element is <rss>, where a CIN census return begins with <Message>."],
    ["a census without a header", "headless.xml", validCensus.replace(/<Header>[\s\S]*<\/Header>/, ""), "headless.xml is not a CIN census return: its first child comes before any Header"],
    ["a DOCTYPE", "doctype.xml", validCensus.replace("<Message>", '<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]><Message>'), "doctype.xml has a DOCTYPE declaration"],
  ])("refuses %s in one sentence", async (_, name, content, message) => {
    await expect(prepareCinCensus([fileOf(name, content)], {})).rejects.toThrow(message);
  });

  it("takes one file", async () => {
    await expect(prepareCinCensus([fake, bar], {})).rejects.toThrow("A CIN census return is one XML file; 2 were given.");
  });
});

describe.each(engines)("loading CIN census returns on $name", (engine) => {
  let handle: DatabaseHandle;
  const pseudonyms = new Pseudonyms(Buffer.alloc(32, 1));
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => handle?.close());

  /** Every text value in the casework store's tables. */
  async function storedText(): Promise<Set<string>> {
    const columns = await selectRows(handle.db, sql`select table_name, column_name from information_schema.columns where table_schema = 'casework' and data_type in ('text', 'jsonb')`);
    const values = new Set<string>();
    for (const { table_name: table, column_name: column } of columns) {
      const rows = await selectRows(handle.db, sql`select ${sql.identifier(String(column))}::text as value from ${sql.identifier("casework")}.${sql.identifier(String(table))}`);
      for (const row of rows) if (typeof row.value === "string") values.add(row.value);
    }
    return values;
  }

  it("refuses the invalid 2026 census and loads nothing", async () => {
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, await prepareCinCensus([invalid2026], {}), { validRowsOnly: true });
    expect(outcome).toMatchObject({ kind: "refused", more: 0, validRowsCanLoad: false });
    if (outcome.kind === "refused") expect(outcome.problems.map((problem) => `${problem.place} ${problem.field}`)).toContain("Children/Child[1]/CINdetails[1]/Assessments[1] AssessmentActualStartDate");
    expect(await selectRows(handle.db, sql`select count(*)::int as n from casework.extracts`)).toEqual([{ n: 0 }]);
  });

  it("refuses the fake census for its future dates, then loads its valid rows when asked, the UPNs nowhere", async () => {
    const counted = fakeCounted();
    expect(await loadExtract(handle.db, testContext, pseudonyms, await prepareCinCensus([fake], {}))).toMatchObject({ kind: "refused", more: 0 });
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, await prepareCinCensus([fake], {}), { validRowsOnly: true });
    if (outcome.kind !== "loaded") throw new Error(`expected the valid rows to load, not ${outcome.kind}`);
    const added = (n: number) => ({ added: n, changed: 0, unchanged: 0 });
    expect(outcome.extract.rowCounts).toEqual({
      ssd_person: added(counted.children),
      ssd_disability: added(counted.distinctDisabilities),
      ssd_cin_episodes: added(counted.kept),
      ssd_initial_cp_conference: added(counted.keptConferences),
    });
    expect(outcome.extract).toMatchObject({ laCode: "975", extractDate: "2022-07-21", collectionYear: 2022, dropped: { UPN: counted.upns.length }, rowsLeftOut: { count: 23 + counted.disabilities - counted.distinctDisabilities } });
    expect(outcome.extract.rowsLeftOut.listed).toContainEqual({
      file: "fake_CIN_data.xml",
      place: "Children/Child[68]/ChildCharacteristics/Disabilities/Disability[2]",
      field: "LAchildID and Disability",
      message: "repeats the record at Children/Child[68]/ChildCharacteristics/Disabilities/Disability[1]: each record may appear once",
    });
    const stored = await storedText();
    const everything = [...stored].join("\n");
    expect(counted.upns.filter((upn) => everything.includes(upn))).toEqual([]);
    expect(counted.childIds.filter((id) => everything.includes(id))).toEqual([]);
    expect(stored.has(pseudonyms.of("975", "person", counted.childIds[0] ?? ""))).toBe(true);
  });

  it("recognises the same census sent again and changes nothing", async () => {
    const before = await selectRows(handle.db, sql`select (select count(*) from casework.extracts)::int as extracts, (select count(*) from audit_events)::int as events`);
    expect(await loadExtract(handle.db, testContext, pseudonyms, await prepareCinCensus([fake], {}), { validRowsOnly: true })).toMatchObject({ kind: "already" });
    expect(await selectRows(handle.db, sql`select (select count(*) from casework.extracts)::int as extracts, (select count(*) from audit_events)::int as events`)).toEqual(before);
  });

  it("loads a full child, each record linked to the referral it belongs to", async () => {
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, await prepareCinCensus([bar], {}));
    if (outcome.kind !== "loaded") throw new Error(`expected the return to load, not ${outcome.kind}`);
    expect(Object.values(outcome.extract.rowCounts).reduce((sum, moved) => sum + moved.added, 0)).toBe(11);
    const linked = await selectRows(
      handle.db,
      sql`select r.cppr_cp_review_date::text as review, p.cppl_previous_plans as previous, e.cine_referral_date::text as referral, i.icpc_icpc_date::text as conference
          from casework.ssd_cp_reviews r
          join casework.ssd_cp_plans p on p.la_code = r.la_code and p.cppl_cp_plan_id = r.cppr_cp_plan_id
          join casework.ssd_cin_episodes e on e.la_code = p.la_code and e.cine_referral_id = p.cppl_referral_id
          join casework.ssd_s47_enquiry s on s.la_code = e.la_code and s.s47e_referral_id = e.cine_referral_id
          join casework.ssd_initial_cp_conference i on i.la_code = s.la_code and i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id
          where r.la_code = '201'`,
    );
    expect(linked).toEqual([{ review: "1971-02-15", previous: 10, referral: "1970-10-06", conference: "1970-02-11" }]);
  });
});
