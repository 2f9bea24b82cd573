import { integer, jsonb, pgEnum, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { reportKinds } from "../../core/report-kinds.ts";
import { users } from "./access.ts";
import { bytes } from "./columns.ts";
import { plans } from "./plan.ts";
import { reportingPeriods } from "./progress.ts";

export const reportKind = pgEnum("report_kind", reportKinds);

/** The council's cover sheet for a committee report, as in its report template. */
export interface CoverSheet {
  committee: string;
  meetingDate: string | null;
  title: string;
  leadMember: string;
  leadDirector: string;
  author: string;
  contactEmail: string;
  reference: string;
  keyDecision: boolean;
  confidentiality: string;
}

/** A row of the appendices or background papers table. */
export interface PaperRow {
  reference: string;
  title: string;
  /** Schedule 12A exemption paragraphs (1–7) that apply, if any. */
  exemptions: number[];
}

/** The words an officer writes for each report; everything else comes from approved data. */
export interface ReportSections {
  purpose: string;
  /** Numbered for the report; a first line ending in a colon ("That Cabinet:") leads them in. */
  recommendations: string[];
  /** Why: paragraphs, and bulleted lists written a line each starting "- ". */
  reasons: string;
  alternatives: string[];
  corporatePlan: string;
  financial: string;
  financialRisks: string;
  carbon: string;
  otherImplications: string;
  introduction: string;
  /** The year's priorities as the report lists them before the progress tables. */
  yearPriorities: string[];
  appendices: PaperRow[];
  backgroundPapers: PaperRow[];
  /** Who signed the report off: finance, legal, monitoring officer, HR, assets, procurement. */
  signOff: { role: string; reference: string }[];
  seniorLeader: string;
  /** When the strategic director(s) agreed the report; null until they have. */
  directorAgreedOn: string | null;
  /** The cabinet member's approval as recorded ("Councillor … – approved by email."), and its date. */
  cabinetMemberApproval: string;
  cabinetMemberApprovedOn: string | null;
}

/** A report being prepared for a meeting: its cover sheet and words, and what it reports on. */
export const reports = pgTable("reports", {
  id: serial("id").primaryKey(),
  planId: integer("plan_id")
    .notNull()
    .references(() => plans.id, { onDelete: "cascade" }),
  kind: reportKind("kind").notNull(),
  /** The reporting period a progress report covers; the year-end review's period for a year review; the quarter a learning report covers. */
  periodId: integer("period_id").references(() => reportingPeriods.id),
  /** The service area a learning report covers; null for all of them (and for every other kind). */
  serviceArea: text("service_area"),
  cover: jsonb("cover").$type<CoverSheet>().notNull(),
  sections: jsonb("sections").$type<ReportSections>().notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  version: integer("version").notNull().default(1),
});

/**
 * An issued copy of a report: the files as issued and the document they were written from. It is
 * never changed afterwards (the database refuses), whatever happens to the data later.
 */
export const reportIssues = pgTable(
  "report_issues",
  {
    id: serial("id").primaryKey(),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    /** 1 for the first issue of a report, 2 for a reissue, and so on. */
    number: integer("number").notNull(),
    title: text("title").notNull(),
    /** The report as a tree of blocks (see modules/reports/document.ts): the data it came from. */
    document: jsonb("document").notNull(),
    /** The figures behind it in structured form, so the next board pack can say what has changed. */
    facts: jsonb("facts").notNull().default({}),
    docx: bytes("docx").notNull(),
    html: text("html").notNull(),
    /** Absent where no PDF renderer was installed when the report was issued. */
    pdf: bytes("pdf"),
    /** SHA-256 of the Word file, so a copy can be checked against the issued one. */
    docxSha256: text("docx_sha256").notNull(),
    issuedById: integer("issued_by_id").references(() => users.id),
    issuedByName: text("issued_by_name").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("report_issues_number").on(t.reportId, t.number)],
);
