import { UnreadableFileError } from "../../core/file-problems.ts";
import { asWritten, DroppedFields, fileSha256, isoDate, type CaseFile } from "./case-files.ts";
import { CaseFileProblems, type CaseFileProblem } from "./case-file-problems.ts";
import { filesHash, type CaseRow, type CaseRows, type PreparedExtract } from "./loading.ts";
import type { StoreTableName } from "./store-repository.ts";
import { readXmlRecords, type XmlElement, type XmlReading } from "./xml-reading.ts";

/**
 * The children in need (CIN) census return: the XML file a council sends DfE each year, read as
 * DfE's schemas for 2024, 2025 and 2026 describe it, into the casework store.
 *
 * - A child (`LAchildID`) becomes an `ssd_person` row, each of their `Disability` codes an
 *   `ssd_disability` row; each `CINdetails` (a referral and the episode it opened) an
 *   `ssd_cin_episodes` row, and what happened in it: `Assessments` (`ssd_cin_assessments`),
 *   `CINPlanDates` (`ssd_cin_plans`), `Section47` (`ssd_s47_enquiry`, and an
 *   `ssd_initial_cp_conference` row where it has a `DateOfInitialCPC`), `ChildProtectionPlans`
 *   (`ssd_cp_plans`) and their `CPPreviewDate`s (`ssd_cp_reviews`). A `DateOfInitialCPC` written
 *   on the `CINdetails` itself is a conference of the referral; when a `Section47` of the same
 *   referral names the same date it is that enquiry's conference, stored once.
 * - The schemas differ in the child's sex: 2024 writes `GenderCurrent` (1 male, 2 female, 0 not
 *   recorded or unborn, 9 indeterminate), 2025 and 2026 write `Sex` (M, F, U). Each is checked
 *   against its own list and stored as written in `pers_sex`. 2026 changed only the wording of
 *   need code N1. Yes/no elements are 1 or 0 in 2025 and 2026, true or false in older returns;
 *   either is read, and stored as Y or N.
 * - Not stored: `UPN` and `FormerUPN` (never kept; see MEASURES.md §4), `AssessmentInternalReviewDate`
 *   (the store has no column for it), the `FactorsIdentifiedAtAssessment` codes (the SSD keeps
 *   them in a table of their own, which the store does not have; they are not an outcome, so
 *   they are not put in `cina_assessment_outcome_json`), `PreProceedingsandFGDM` and anything
 *   else the schemas do not map. Each is counted by element name in the extract's dropped fields.
 * - Ids: the census has none for records below the child, so each is made from what identifies
 *   it: a referral is `LAchildID|CINreferralDate`, and what happened in it is the referral's id
 *   and its own date (`…|CPPstartDate`), so the same record in next year's return updates it.
 * - The council is the header's `Source/LEA`; the extract date its `CollectionDetails/ReferenceDate`
 *   (the census counts everything up to that day); the collection year its `CollectionDetails/Year`,
 *   which DfE writes as the year the reference date falls in (2025 for the census to
 *   31 March 2025, which covers 2024/25: the store's convention too), or the reference date's
 *   year where the header has no `Year`.
 *
 * Every element is checked as the schemas and DfE's validation rules require: elements that must
 * be there, dates (real days, written YYYY-MM-DD, not after the reference date, ends not before
 * starts), codes from the schemas' lists. A problem keeps out the record it is in and the records
 * inside it (a referral's problem keeps out its assessments); a problem in the header keeps out
 * the whole return, because every row depends on its council and reference date.
 */

/** What a CIN census XML file is, for the reader: `<Message>` cut into its header and its children. */
const census: XmlReading = {
  kind: "a CIN census return",
  root: "Message",
  records: new Set(["Header", "Child"]),
  numbered: new Set(["Child", "CINdetails", "Assessments", "CINPlanDates", "Section47", "ChildProtectionPlans", "CPPreviewDate", "Disability", "AssessmentFactors"]),
};

/** The schemas' code lists (the same in 2024, 2025 and 2026 but for the child's sex). */
const codeLists = {
  ReferralSource: ["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"],
  PrimaryNeedCode: ["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"],
  ReasonForClosure: ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"],
  Ethnicity: ["WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"],
  GenderCurrent: ["1", "2", "0", "9"],
  Sex: ["M", "F", "U"],
  CategoryOfAbuse: ["NEG", "PHY", "SAB", "EMO", "MUL"],
  Disability: ["NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"],
  UPNunknown: ["UN1", "UN2", "UN3", "UN4", "UN5", "UN6", "UN7"],
} as const;

/** What each element of a child's record must hold, and may hold only once, by the schemas. */
const shapes: Record<string, { required: string[]; once: string[] }> = {
  Child: { required: ["ChildIdentifiers", "ChildCharacteristics", "CINdetails"], once: ["ChildIdentifiers", "ChildCharacteristics"] },
  ChildIdentifiers: { required: ["LAchildID"], once: ["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate", "GenderCurrent", "Sex", "PersonDeathDate"] },
  ChildCharacteristics: { required: ["Ethnicity"], once: ["Ethnicity", "Disabilities"] },
  Disabilities: { required: ["Disability"], once: [] },
  CINdetails: {
    required: ["CINreferralDate", "ReferralSource", "ReferralNFA"],
    once: ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA"],
  },
  Assessments: { required: ["AssessmentActualStartDate"], once: ["AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate", "FactorsIdentifiedAtAssessment"] },
  FactorsIdentifiedAtAssessment: { required: ["AssessmentFactors"], once: [] },
  CINPlanDates: { required: ["CINPlanStartDate"], once: ["CINPlanStartDate", "CINPlanEndDate"] },
  Section47: { required: ["S47ActualStartDate", "ICPCnotRequired"], once: ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"] },
  ChildProtectionPlans: {
    required: ["CPPstartDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"],
    once: ["CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP", "Reviews"],
  },
  Reviews: { required: ["CPPreviewDate"], once: [] },
};

/** What identifies a record of each table, in the census's words. */
const sameRecord: Partial<Record<StoreTableName, string>> = {
  ssd_person: "LAchildID",
  ssd_disability: "LAchildID and Disability",
  ssd_cin_episodes: "LAchildID and CINreferralDate",
  ssd_cin_assessments: "LAchildID, CINreferralDate and AssessmentActualStartDate",
  ssd_cin_plans: "LAchildID, CINreferralDate and CINPlanStartDate",
  ssd_s47_enquiry: "LAchildID, CINreferralDate and S47ActualStartDate",
  ssd_initial_cp_conference: "LAchildID, CINreferralDate and DateOfInitialCPC",
  ssd_cp_plans: "LAchildID, CINreferralDate and CPPstartDate",
  ssd_cp_reviews: "LAchildID, CINreferralDate, CPPstartDate and CPPreviewDate",
};

/** The return's header: its council, reference date and year, and what is wrong with them. */
interface CensusHeader {
  laCode: string | null;
  referenceDate: string | null;
  collectionYear: number | null;
  problems: CaseFileProblem[];
}

/** One row for a store table. */
interface TableRow {
  table: StoreTableName;
  row: CaseRow;
}

/** A child's records: the rows without problems, the problems, and how many records the child has. */
interface ChildRecords {
  rows: TableRow[];
  problems: CaseFileProblem[];
  records: number;
}

type CensusPart = { kind: "header"; header: CensusHeader } | { kind: "child"; child: ChildRecords };

/**
 * Reads a CIN census XML file (one file, as DfE's schemas for 2024 to 2026 describe it) and checks
 * every element, ready for `loadExtract`. A file that is not XML, or not a CIN census return, is
 * refused with UnreadableFileError in one sentence; problems in its elements are listed with their
 * place (`Children/Child[3]/CINdetails[2]`) and field (`CINreferralDate`).
 */
export async function prepareCinCensus(files: CaseFile[], settings: { laCode?: string | null }): Promise<PreparedExtract> {
  const [file, ...others] = files;
  if (!file || others.length > 0) throw new UnreadableFileError(`A CIN census return is one XML file; ${String(files.length)} were given.`);
  const sha256 = filesHash([{ name: file.name, sha256: await fileSha256(file) }]);
  const problems = new CaseFileProblems();
  const dropped = new DroppedFields();
  let header: CensusHeader | null = null;
  let children = 0;
  let rowCount = 0;
  for await (const part of readCensus(file, settings, dropped)) {
    if (part.kind === "header") header = part.header;
    else {
      children += 1;
      rowCount += part.child.records;
    }
    for (const problem of part.kind === "header" ? part.header.problems : part.child.problems) problems.add(problem);
  }
  if (!header) throw notCensus(file, "it has no Header");
  if (children === 0) problems.add({ file: file.name, place: "Children", field: "Child", message: "the return holds no children: a census has at least one Child" });
  const { laCode, referenceDate, collectionYear } = header;
  const headerProblems = header.problems.length > 0;
  return {
    laCode: laCode ?? "",
    source: "cin-census",
    label: file.name,
    sha256,
    extractDate: referenceDate ?? "",
    collectionYear,
    synthetic: false,
    dropped: dropped.counts,
    problems,
    rowCount,
    // Every row depends on the council and the reference date: with a problem in the header, none loads.
    loadable: !headerProblems,
    sameRecord: (table) => sameRecord[table] ?? "LAchildID",
    async *rows(): AsyncGenerator<CaseRows> {
      const batches = new Batches();
      for await (const part of readCensus(file, settings, new DroppedFields())) {
        if (part.kind === "child") {
          for (const { table, row } of part.child.rows) {
            const full = batches.add(table, row);
            if (full) yield full;
          }
        }
      }
      yield* batches.rest();
    },
  };
}

/** Rows gathered by table and handed over a thousand at a time. */
class Batches {
  readonly #rows = new Map<StoreTableName, CaseRow[]>();

  add(table: StoreTableName, row: CaseRow): CaseRows | null {
    const rows = this.#rows.get(table) ?? [];
    rows.push(row);
    this.#rows.set(table, rows);
    if (rows.length < 1_000) return null;
    this.#rows.delete(table);
    return { table, rows };
  }

  rest(): CaseRows[] {
    return [...this.#rows].map(([table, rows]) => ({ table, rows }));
  }
}

const notCensus = (file: CaseFile, why: string) => new UnreadableFileError(`${file.name} is not a CIN census return: ${why}, where a census has Header/CollectionDetails/Collection "CIN".`);

/** The file read once, in order: its header, then each child's records. */
async function* readCensus(file: CaseFile, settings: { laCode?: string | null }, dropped: DroppedFields): AsyncGenerator<CensusPart> {
  let header: CensusHeader | null = null;
  for await (const element of readXmlRecords(file, census)) {
    if (element.name === "Header") {
      if (header) continue;
      header = readHeader(file, element, settings);
      yield { kind: "header", header };
    } else {
      if (!header) throw notCensus(file, "its first child comes before any Header");
      yield { kind: "child", child: readChild(file.name, element, header.referenceDate, dropped) };
    }
  }
}

const childOf = (element: XmlElement | undefined, name: string) => element?.children.find((child) => child.name === name);

function readHeader(file: CaseFile, element: XmlElement, settings: { laCode?: string | null }): CensusHeader {
  const details = childOf(element, "CollectionDetails");
  const collection = childOf(details, "Collection")?.text;
  if (collection === undefined) throw notCensus(file, "its header does not say which collection it is");
  if (collection !== "CIN") throw notCensus(file, `its header says it is the ${asWritten(collection)} collection`);
  const problems: CaseFileProblem[] = [];
  const problem = (place: string, field: string, message: string) => problems.push({ file: file.name, place, field, message });
  const detailsPlace = details?.place ?? "Header/CollectionDetails";

  const referenceText = childOf(details, "ReferenceDate")?.text ?? "";
  const referenceDate = referenceText ? isoDate(referenceText) : null;
  if (!referenceText) problem(detailsPlace, "ReferenceDate", "missing: the census's reference date is the day its records are counted to");
  else if (!referenceDate) problem(detailsPlace, "ReferenceDate", dateProblem(referenceText));

  const yearText = childOf(details, "Year")?.text ?? "";
  let collectionYear = referenceDate ? Number(referenceDate.slice(0, 4)) : null;
  if (yearText && !/^\d{4}$/.test(yearText)) problem(detailsPlace, "Year", `must be a year, like 2025; it is ${asWritten(yearText)}`);
  else if (yearText) {
    collectionYear = Number(yearText);
    if (referenceDate && referenceDate.slice(0, 4) !== yearText) problem(detailsPlace, "Year", `${yearText} is not the year of the ReferenceDate, ${referenceDate}: a census's Year is the year its reference date falls in`);
  }

  const source = childOf(element, "Source");
  const sourcePlace = source?.place ?? "Header/Source";
  const lea = childOf(source, "LEA")?.text ?? "";
  const chosen = settings.laCode?.trim() || null;
  let laCode = chosen;
  if (lea && !/^\d{3}$/.test(lea)) problem(sourcePlace, "LEA", `must be the council's three-digit code, like 879; it is ${asWritten(lea)}`);
  else if (lea && chosen && lea !== chosen) problem(sourcePlace, "LEA", `the return is council ${lea}'s, and it was imported for council ${chosen}`);
  else if (lea) laCode = lea;
  else if (!chosen) problem(sourcePlace, "LEA", "missing, and no council was chosen for the import: say which council's return this is");
  return { laCode, referenceDate, collectionYear, problems };
}

/** "2024-02-30" is not a real day; "31/03/2024" is not written as the census writes dates. */
function dateProblem(text: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? `${asWritten(text)} is not a real day` : `${asWritten(text)} is not a date written as YYYY-MM-DD, like 2025-03-31`;
}

/** What reading a child needs from the return: the file, the reference date, and the elements used so far (the rest are dropped). */
interface ChildReading {
  file: string;
  referenceDate: string | null;
  used: Set<XmlElement>;
}

/**
 * One record of the return being read (a child, a referral, a plan, a review…): its values, each
 * checked, and the problems found in it, which keep its rows and those of the records inside it out.
 */
class CensusRecord {
  readonly problems: CaseFileProblem[] = [];

  constructor(
    readonly element: XmlElement,
    private readonly reading: ChildReading,
  ) {
    this.checkShape(element);
  }

  get place(): string {
    return this.element.place;
  }

  problem(element: XmlElement, field: string, message: string): void {
    this.problems.push({ file: this.reading.file, place: element.place, field, message });
  }

  /** A part of the record (a child's ChildIdentifiers), checked as the record is; an empty one when it is missing. */
  part(name: string, within: XmlElement = this.element): XmlElement {
    const found = childOf(within, name);
    if (found) this.checkShape(found);
    return found ?? { name, place: `${within.place}/${name}`, text: "", children: [] };
  }

  /** The elements of this name inside `within`. */
  all(name: string, within: XmlElement = this.element): XmlElement[] {
    return within.children.filter((child) => child.name === name);
  }

  /** An element's text, or null when it is missing or empty. */
  text(name: string, within: XmlElement = this.element): string | null {
    const found = childOf(within, name);
    if (!found) return null;
    this.reading.used.add(found);
    return found.text || null;
  }

  /** A date as an ISO date; a problem when it is not one, or (unless it may be) after the reference date. */
  date(name: string, within: XmlElement = this.element, { future = false } = {}): string | null {
    const found = childOf(within, name);
    return found ? this.dateOf(found, within, { future }) : null;
  }

  /** The date an element holds, its problems reported at `place` (the element around it, or the element itself when it is a record). */
  dateOf(element: XmlElement, place: XmlElement, { future = false } = {}): string | null {
    this.reading.used.add(element);
    if (!element.text) return null;
    const day = isoDate(element.text);
    const { referenceDate } = this.reading;
    if (!day) this.problem(place, element.name, dateProblem(element.text));
    else if (!future && referenceDate && day > referenceDate) this.problem(place, element.name, `${day} is after the census reference date, ${referenceDate}`);
    return day;
  }

  /** An end date, with a problem when it is before the start. */
  end(name: string, start: { name: string; day: string | null }, within: XmlElement = this.element): string | null {
    const day = this.date(name, within);
    if (day && start.day && day < start.day) this.problem(within, name, `${day} is before the ${start.name}, ${start.day}`);
    return day;
  }

  /** A code from one of the schemas' lists. */
  code(name: string, list: readonly string[], within: XmlElement = this.element): string | null {
    const text = this.text(name, within);
    if (text === null) return null;
    if (list.includes(text)) return text;
    this.problem(within, name, `${name} must be one of ${list.join(", ")}; it is ${asWritten(text)}`);
    return null;
  }

  /** A yes or no as the census writes it (1 or 0; true or false before 2025) stored as Y or N. */
  yesNo(name: string, within: XmlElement = this.element): "Y" | "N" | null {
    const text = this.text(name, within);
    if (text === null) return null;
    if (text === "1" || text === "true") return "Y";
    if (text === "0" || text === "false") return "N";
    this.problem(within, name, `${name} must be 1 or 0 (true or false); it is ${asWritten(text)}`);
    return null;
  }

  /** A count: a whole number, 0 or more. */
  count(name: string, within: XmlElement = this.element): number | null {
    const text = this.text(name, within);
    if (text === null) return null;
    if (/^\d{1,6}$/.test(text)) return Number(text);
    this.problem(within, name, `${name} must be a whole number, 0 or more; it is ${asWritten(text)}`);
    return null;
  }

  /** The schemas' rules for an element's shape: what it must hold, what it may hold once, and no text between its elements. */
  private checkShape(element: XmlElement): void {
    const shape = shapes[element.name];
    if (element.children.length > 0 && element.text) this.problem(element, element.name, `holds the text ${asWritten(element.text)} outside its elements`);
    if (!shape) return;
    for (const name of shape.required) {
      const present = element.children.some((child) => child.name === name);
      if (!present) this.problem(element, name, `missing: each ${element.name} must have ${census.numbered.has(name) ? "at least one" : "one"}`);
      else if (!childOf(element, name)?.text && !shapes[name]) this.problem(element, name, `is empty: each ${element.name} must have one`);
    }
    for (const name of shape.once) {
      const times = element.children.filter((child) => child.name === name).length;
      if (times > 1) this.problem(element, name, `appears ${String(times)} times: a ${element.name} has one at most`);
    }
  }
}

/** A child's records read and checked: the rows of those without problems, every problem, and how many there are. */
function readChild(file: string, child: XmlElement, referenceDate: string | null, dropped: DroppedFields): ChildRecords {
  const reading: ChildReading = { file, referenceDate, used: new Set() };
  const out: ChildRecords = { rows: [], problems: [], records: 0 };
  /** Notes a record's rows and problems; its rows go out only when neither it nor a record around it has a problem. */
  const keep = (record: CensusRecord, rows: TableRow[], around: boolean): boolean => {
    out.records += rows.length;
    out.problems.push(...record.problems);
    const clean = around && record.problems.length === 0;
    if (clean) out.rows.push(...rows);
    return clean;
  };
  const row = (table: StoreTableName, record: CensusRecord, values: Record<string, string | number | null>): TableRow => ({ table, row: { file, place: record.place, ...values } });

  const person = new CensusRecord(child, reading);
  const identifiers = person.part("ChildIdentifiers");
  const characteristics = person.part("ChildCharacteristics");
  const childId = person.text("LAchildID", identifiers) ?? "";
  const sexElement = identifiers.children.find((element) => element.name === "Sex" || element.name === "GenderCurrent");
  if (!sexElement?.text) person.problem(identifiers, sexElement?.name ?? "Sex", "missing: each ChildIdentifiers must have one (GenderCurrent before 2025)");
  const sex = sexElement ? person.code(sexElement.name, sexElement.name === "Sex" ? codeLists.Sex : codeLists.GenderCurrent, identifiers) : null;
  if (!childOf(identifiers, "PersonBirthDate")?.text && !childOf(identifiers, "ExpectedPersonBirthDate")?.text) {
    person.problem(identifiers, "PersonBirthDate", "missing: each child must have a PersonBirthDate, or an ExpectedPersonBirthDate before they are born");
  }
  const childRow = row("ssd_person", person, {
    pers_person_id: childId,
    pers_dob: person.date("PersonBirthDate", identifiers),
    pers_expected_dob: person.date("ExpectedPersonBirthDate", identifiers, { future: true }),
    pers_death_date: person.date("PersonDeathDate", identifiers),
    pers_sex: sex,
    pers_ethnicity: person.code("Ethnicity", codeLists.Ethnicity, characteristics),
    pers_upn_unknown: person.code("UPNunknown", codeLists.UPNunknown, identifiers),
  });
  const disabilities = person.all("Disability", person.part("Disabilities", characteristics));
  const personClean = keep(person, [childRow], true);

  for (const element of disabilities) {
    const disability = new CensusRecord(element, reading);
    reading.used.add(element);
    const code = element.text;
    if (!codeLists.Disability.includes(code as (typeof codeLists.Disability)[number])) disability.problem(element, "Disability", `Disability must be one of ${codeLists.Disability.join(", ")}; it is ${asWritten(code)}`);
    keep(disability, [row("ssd_disability", disability, { disa_table_id: `${childId}|${code}`, disa_person_id: childId, disa_disability_code: code })], personClean);
  }

  for (const element of person.all("CINdetails")) {
    const episode = new CensusRecord(element, reading);
    const referralDate = episode.date("CINreferralDate");
    const referralId = `${childId}|${referralDate ?? ""}`;
    const referral = { name: "CINreferralDate", day: referralDate };
    const episodeRow = row("ssd_cin_episodes", episode, {
      cine_referral_id: referralId,
      cine_person_id: childId,
      cine_referral_date: referralDate,
      cine_referral_source_code: episode.code("ReferralSource", codeLists.ReferralSource),
      cine_cin_primary_need_code: episode.code("PrimaryNeedCode", codeLists.PrimaryNeedCode),
      cine_close_date: episode.end("CINclosureDate", referral),
      cine_close_reason: episode.code("ReasonForClosure", codeLists.ReasonForClosure),
      cine_referral_nfa: episode.yesNo("ReferralNFA"),
    });
    const episodeConference = episode.date("DateOfInitialCPC");
    const sections47 = episode.all("Section47");
    const conferenceRows =
      episodeConference && !sections47.some((section) => isoDate(childOf(section, "DateOfInitialCPC")?.text ?? "") === episodeConference)
        ? [row("ssd_initial_cp_conference", episode, { icpc_icpc_id: `${referralId}|${episodeConference}`, icpc_person_id: childId, icpc_referral_id: referralId, icpc_icpc_date: episodeConference })]
        : [];
    const episodeClean = keep(episode, [episodeRow, ...conferenceRows], personClean);

    for (const assessmentElement of episode.all("Assessments")) {
      const assessment = new CensusRecord(assessmentElement, reading);
      const start = assessment.date("AssessmentActualStartDate");
      assessment.part("FactorsIdentifiedAtAssessment");
      const values = {
        cina_assessment_id: `${referralId}|${start ?? ""}`,
        cina_person_id: childId,
        cina_referral_id: referralId,
        cina_assessment_start_date: start,
        cina_assessment_auth_date: assessment.end("AssessmentAuthorisationDate", { name: "AssessmentActualStartDate", day: start }),
      };
      keep(assessment, [row("ssd_cin_assessments", assessment, values)], episodeClean);
    }

    for (const planElement of episode.all("CINPlanDates")) {
      const plan = new CensusRecord(planElement, reading);
      const start = plan.date("CINPlanStartDate");
      const values = {
        cinp_cin_plan_id: `${referralId}|${start ?? ""}`,
        cinp_referral_id: referralId,
        cinp_person_id: childId,
        cinp_cin_plan_start_date: start,
        cinp_cin_plan_end_date: plan.end("CINPlanEndDate", { name: "CINPlanStartDate", day: start }),
      };
      keep(plan, [row("ssd_cin_plans", plan, values)], episodeClean);
    }

    for (const sectionElement of sections47) {
      const enquiry = new CensusRecord(sectionElement, reading);
      const start = enquiry.date("S47ActualStartDate");
      const enquiryId = `${referralId}|${start ?? ""}`;
      const rows = [
        row("ssd_s47_enquiry", enquiry, { s47e_s47_enquiry_id: enquiryId, s47e_referral_id: referralId, s47e_person_id: childId, s47e_s47_start_date: start, s47e_s47_nfa: enquiry.yesNo("ICPCnotRequired") }),
      ];
      const target = enquiry.date("InitialCPCtarget", sectionElement, { future: true });
      const conference = enquiry.date("DateOfInitialCPC");
      if (conference) {
        rows.push(
          row("ssd_initial_cp_conference", enquiry, {
            icpc_icpc_id: `${referralId}|${conference}`,
            icpc_s47_enquiry_id: enquiryId,
            icpc_person_id: childId,
            icpc_referral_id: referralId,
            icpc_icpc_target_date: target,
            icpc_icpc_date: conference,
          }),
        );
      }
      keep(enquiry, rows, episodeClean);
    }

    for (const planElement of episode.all("ChildProtectionPlans")) {
      const plan = new CensusRecord(planElement, reading);
      const start = plan.date("CPPstartDate");
      const planId = `${referralId}|${start ?? ""}`;
      const values = {
        cppl_cp_plan_id: planId,
        cppl_referral_id: referralId,
        cppl_person_id: childId,
        cppl_cp_plan_start_date: start,
        cppl_cp_plan_end_date: plan.end("CPPendDate", { name: "CPPstartDate", day: start }),
        cppl_cp_plan_initial_category: plan.code("InitialCategoryOfAbuse", codeLists.CategoryOfAbuse),
        cppl_cp_plan_latest_category: plan.code("LatestCategoryOfAbuse", codeLists.CategoryOfAbuse),
        cppl_previous_plans: plan.count("NumberOfPreviousCPP"),
      };
      const reviews = plan.all("CPPreviewDate", plan.part("Reviews"));
      const planClean = keep(plan, [row("ssd_cp_plans", plan, values)], episodeClean);
      for (const reviewElement of reviews) {
        const review = new CensusRecord(reviewElement, reading);
        if (!reviewElement.text) review.problem(reviewElement, "CPPreviewDate", "is empty: each CPPreviewDate must have a date");
        const day = review.dateOf(reviewElement, reviewElement);
        keep(review, [row("ssd_cp_reviews", review, { cppr_cp_review_id: `${planId}|${day ?? ""}`, cppr_person_id: childId, cppr_cp_plan_id: planId, cppr_cp_review_date: day })], planClean);
      }
    }
  }

  countDropped(child, reading.used, dropped);
  return out;
}

/** Counts each element with a value that was not stored (UPNs, assessment factors, pre-proceedings…), by its name. */
function countDropped(element: XmlElement, used: Set<XmlElement>, dropped: DroppedFields): void {
  if (element.children.length === 0) {
    if (!used.has(element)) dropped.drop(element.name, element.text);
    return;
  }
  for (const child of element.children) countDropped(child, used, dropped);
}
