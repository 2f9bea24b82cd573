import ExcelJS from "exceljs";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { UnreadableFileError } from "../../core/file-problems.ts";
import { and, eq, ne, sql } from "drizzle-orm";
import { auditEvents, benchmarkValues, measureValues, neighbourSetMembers, neighbourSets, ofstedJudgements, valueImportRows, valueImports } from "../../db/schema/index.ts";
import { testContext } from "../../../test/support/demo.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { uploadAndFinish } from "../../../test/support/upload.ts";
import { importDfeFile, importNeighbourModel, importOfstedJudgements, neighbourSetName } from "./benchmark-import.ts";
import { importValues } from "./value-import.ts";
import { useTestApp } from "../../../test/support/app.ts";

/**
 * Hostile and broken files through every importer, as a service and as an upload: none gives a
 * server error, each is refused with a message naming the row and column or the file, and
 * nothing in the database changes.
 */
const testApp = useTestApp({ data: "demo", chromium: null });
let analyst: Client;

beforeAll(async () => {
  analyst = await signedIn(testApp.app, "analyst");
});

/**
 * What an import could change: every table an importer writes, and the audit trail. A refused
 * values file is recorded, with its audit event (see refusedValueImports), and changes nothing else.
 */
const snapshot = async () => {
  const db = testApp.db;
  return Promise.all([
    db.$count(auditEvents, ne(auditEvents.recordType, "values import")),
    db.$count(valueImports, ne(valueImports.state, "refused")),
    ...[measureValues, valueImportRows, benchmarkValues, neighbourSets, neighbourSetMembers, ofstedJudgements].map((table) => db.$count(table)),
  ]);
};

/** Refused values imports, and their audit events: one each for every refused values file. */
const refusedValueImports = async () => {
  const db = testApp.db;
  return Promise.all([db.$count(valueImports, eq(valueImports.state, "refused")), db.$count(auditEvents, and(eq(auditEvents.recordType, "values import"), sql`${auditEvents.after}->>'state' = 'refused'`))]);
};

const latin1 = (text: string) => Buffer.from(text, "latin1");
const utf16le = (text: string, bom: boolean) => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, "utf16le")]);
const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151 + 17) % 256));
const notWorkbook = async () => {
  const zip = new JSZip();
  zip.file("notes.txt", "not a workbook");
  return zip.generateAsync({ type: "nodebuffer" });
};

/** A workbook of a few rows with one more part: 60 MB of spaces, packed to about 60 KB. */
async function zipBomb(rows: (string | number)[][]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await workbook(rows));
  zip.file("xl/worksheets/sheet2.xml", " ".repeat(60 * 1024 * 1024));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Sheet 1");
  rows.forEach((row) => sheet.addRow(row));
  return Buffer.from(await book.xlsx.writeBuffer());
}

type Hostile = [name: string, content: () => Buffer | string | Promise<Buffer>, message: RegExp];

/** The cases every CSV importer meets, from its header and a row that would import. */
function csvCases(header: string, good: string, withCells: (cells: Record<string, string>) => string, code: string): Hostile[] {
  return [
    ["a ragged row", () => `${header}\n${good}\n${good},extra,cells\n`, /row 3\b.*(cells|columns)/i],
    ["an unclosed quote", () => `${header}\n${good}\n"${good}\n`, /a quote \("\) opened on or before line 3 is never closed/],
    ["UTF-16LE with a byte-order mark", () => utf16le(`${header}\n${withCells({ [code]: "" })}\n`, true), new RegExp(`row 2, ${code}`, "i")],
    ["UTF-16 without a byte-order mark", () => utf16le(`${header}\n${withCells({ [code]: "" })}\n`, false), new RegExp(`row 2, ${code}`, "i")],
    ["Latin-1 with an é", () => latin1(`${header}\n${good}\nCafé\n`), /The file is not UTF-8 text: save it as CSV UTF-8 and try again/],
    ["binary junk", () => binary, /The file (is not UTF-8 text|holds binary data)/],
    ["an empty file", () => "", /The file is empty/],
    ["a header and no rows", () => `${header}\n`, /no rows|No row/],
    ["a zip that is not a workbook", notWorkbook, /The file is a workbook or another zip file, not CSV text/],
    ["an xlsx zip bomb", () => zipBomb([header.split(",")]), /The file is a workbook or another zip file, not CSV text/],
    ["a formula-like code", () => `${header}\n${withCells({ [code]: "=1+1" })}\n${withCells({ [code]: "+cmd" })}\n${withCells({ [code]: "@x" })}\n`, new RegExp(`row 2, ${code}: .*=1\\+1`, "i")],
    ["a blank code", () => `${header}\n${withCells({ [code]: "" })}\n`, new RegExp(`row 2, ${code}: .*(empty|needs)`, "i")],
  ];
}

const valuesHeader = "measure_code,period_end,value,numerator,denominator,status,note";
const valuesRow = (cells: Record<string, string>) => [cells.measure_code ?? "REREFERRALS", "2025-11-30", "25.1", "", "", "final", ""].join(",");

const dfeHeader = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,referral_count,rereferral_count,rereferral_percent";
const dfeRow = (cells: Record<string, string>) => ["2025", "Reporting year", "Local authority", "E92000001", "England", "E12000009", "South West", cells.old_la_code ?? "879", "E06000026", "Plymouth", "100", "20", "20"].join(",");

const neighbourHeader = ["old_la_code", "la_name", "region_ind", "region_name", ...Array.from({ length: 10 }, (_, i) => [`SN_${i + 1}`, `SN_${i + 1}P`]).flat()].join(",");
const neighbourRow = (cells: Record<string, string>) => [cells.old_la_code ?? "879", "Plymouth", "4", "South West", ...Array.from({ length: 10 }, (_, i) => [String(800 + i), "Close"]).flat()].join(",");

const ofstedHeader = ["la_code", "ltla23cd", "local_authority", "overall_effectiveness_grade", "publication_date"];

/** A refusal as one line: the problems of a result, or the message of an unreadable file. */
const refusal = (result: { ok: boolean; problems: { row: number; column: string; message: string }[] }) => {
  expect(result.ok).toBe(false);
  return result.problems.map((p) => `row ${p.row}, ${p.column}: ${p.message}`).join("\n");
};
const refused = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnreadableFileError);
  return (error as Error).message;
};

/** What a refused upload's page says: the rows of its table of problems, and its error summary. */
const refusalOnPage = (body: string) => {
  const html = page(body);
  const rows = [...html.document.querySelectorAll("tbody tr")].map((row) => [...row.children].map((cell) => (cell.textContent ?? "").trim())).map(([row, column, message]) => `row ${row ?? ""}, ${column ?? ""}: ${message ?? ""}`);
  return [...rows, ...html.texts(".govuk-error-summary")].join("\n");
};

interface Importer {
  name: string;
  fileName: string;
  cases: Hostile[];
  service(content: Buffer): Promise<string>;
  route: { url: string; field?: string; fields?: Record<string, string> };
}

const bytes = async (content: Hostile[1]) => {
  const made = await content();
  return typeof made === "string" ? Buffer.from(made) : made;
};

const importers: Importer[] = [
  {
    name: "values",
    fileName: "values.csv",
    cases: csvCases(valuesHeader, valuesRow({}), valuesRow, "measure_code"),
    service: async (content) => refusal(await importValues(testApp.db, testContext, "values.csv", content)),
    route: { url: "/measures/import" },
  },
  {
    name: "values from a workbook",
    fileName: "values.xlsx",
    cases: [
      ["an xlsx zip bomb", () => zipBomb([valuesHeader.split(","), valuesRow({}).split(",")]), /the part xl\/worksheets\/sheet2.xml would be 60 MB unpacked; the limit for one part is 50 MB/],
      ["a zip that is not a workbook", notWorkbook, /This is not an Excel workbook \(.xlsx\), or it is damaged/],
      ["binary junk", () => binary, /This is not an Excel workbook/],
      ["CSV text", () => `${valuesHeader}\n${valuesRow({})}\n`, /This is not an Excel workbook/],
      ["a row cut short", () => workbook([valuesHeader.split(","), ["REREFERRALS", "2025-11-30"]]), /row 2, value: The value is empty/],
      ["a formula-like code", () => workbook([valuesHeader.split(","), valuesRow({ measure_code: "=1+1" }).split(",")]), /row 2, measure_code: There is no measure =1\+1/],
    ],
    service: async (content) => refusal(await importValues(testApp.db, testContext, "values.xlsx", content)),
    route: { url: "/measures/import" },
  },
  {
    name: "DfE statistics",
    fileName: "dfe.csv",
    cases: csvCases(dfeHeader, dfeRow({}), dfeRow, "old_la_code"),
    service: async (content) => refusal(await importDfeFile(testApp.db, testContext, { measureCode: "REREFERRALS", fileName: "dfe.csv", content })),
    route: { url: "/measures/benchmarks/import", fields: { measure: "REREFERRALS" } },
  },
  {
    name: "the statistical-neighbour model",
    fileName: "sn_model.csv",
    cases: csvCases(neighbourHeader, neighbourRow({}), neighbourRow, "old_la_code"),
    service: (content) => refused(importNeighbourModel(testApp.db, testContext, { fileName: "sn_model.csv", content, year: 2025, name: neighbourSetName(2025) })),
    route: { url: "/measures/reference-data/neighbours", fields: { year: "2025" } },
  },
  {
    name: "Ofsted's judgements",
    fileName: "ofsted.xlsx",
    cases: [
      ["an xlsx zip bomb", () => zipBomb([ofstedHeader, ["879", "E06000026", "plymouth", "good", "15/03/24"]]), /would be 60 MB unpacked; the limit for one part is 50 MB/],
      ["a zip that is not a workbook", notWorkbook, /This is not an Excel workbook/],
      ["binary junk", () => binary, /This is not an Excel workbook/],
      ["an empty file", () => "", /The file is empty/],
      ["CSV text", () => `${ofstedHeader.join(",")}\n879,E06000026,plymouth,good,15/03/24\n`, /This is not an Excel workbook/],
      ["a header and no rows", () => workbook([ofstedHeader]), /no council's judgement/],
      ["a formula-like code", () => workbook([ofstedHeader, ["=1+1", "E06000026", "plymouth", "good", "15/03/24"]]), /row 2, la_code: "=1\+1" is not a council code/],
    ],
    service: (content) => refused(importOfstedJudgements(testApp.db, testContext, { fileName: "ofsted.xlsx", content })),
    route: { url: "/measures/reference-data/ofsted", field: "workbook" },
  },
];

describe.each(importers)("importing $name", ({ fileName, cases, service, route }) => {
  it.each(cases)("refuses %s, saying why, and changes nothing", async (_, content, message) => {
    const file = await bytes(content);
    const before = await snapshot();
    const [refusedBefore, eventsBefore] = await refusedValueImports();
    const recorded = route.url === "/measures/import" ? 1 : 0;
    expect(await service(file)).toMatch(message);
    expect(await snapshot()).toEqual(before);
    expect(await refusedValueImports()).toEqual([refusedBefore + recorded, eventsBefore + recorded]);

    // A values file is checked in the request, and refused at once; a reference file is kept and read by a job, whose page shows the refusal.
    const formPage = route.url.startsWith("/measures/reference-data") ? "/measures/reference-data" : route.url;
    const response = await uploadAndFinish(testApp.app, testApp.queue, analyst, route.url, { name: fileName, content: file, ...(route.field ? { field: route.field } : {}) }, route.fields ?? {}, formPage);
    expect(response.statusCode).toBe(recorded ? 400 : 200);
    expect(refusalOnPage(response.body)).toMatch(new RegExp(message.source, "i"));
    expect(await snapshot()).toEqual(before);
    expect(await refusedValueImports()).toEqual([refusedBefore + 2 * recorded, eventsBefore + 2 * recorded]);
  });
});
