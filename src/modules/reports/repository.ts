import { and, desc, eq, inArray, max, sql } from "drizzle-orm";
import { onlyRow } from "../../core/lookup.ts";
import type { Executor, Transaction } from "../../db/client.ts";
import { reportIssues, reports } from "../../db/schema/reports.ts";

export type { CoverSheet, PaperRow, ReportSections } from "../../db/schema/reports.ts";

export type ReportRow = typeof reports.$inferSelect;
export type IssueRow = typeof reportIssues.$inferSelect;
/** An issued copy without its files: for lists. */
export type IssueSummary = Pick<IssueRow, "id" | "reportId" | "number" | "title" | "docxSha256" | "issuedByName" | "issuedAt"> & { hasPdf: boolean };

export async function listReports(db: Executor, planId: number): Promise<ReportRow[]> {
  return db.select().from(reports).where(eq(reports.planId, planId)).orderBy(desc(reports.updatedAt), desc(reports.id));
}

export async function findReport(db: Executor, id: number): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(reports).where(eq(reports.id, id));
  return row;
}

export async function insertReport(tx: Executor, values: typeof reports.$inferInsert): Promise<ReportRow> {
  return onlyRow(await tx.insert(reports).values(values).returning(), "a report");
}

/** Changes a report only if it still has the version the change was made from. */
export async function updateReportAt(tx: Transaction, id: number, version: number, values: Pick<ReportRow, "cover" | "sections" | "updatedAt">): Promise<ReportRow | undefined> {
  const [row] = await tx
    .update(reports)
    .set({ ...values, version: version + 1 })
    .where(and(eq(reports.id, id), eq(reports.version, version)))
    .returning();
  return row;
}

const summaryColumns = {
  id: reportIssues.id,
  reportId: reportIssues.reportId,
  number: reportIssues.number,
  title: reportIssues.title,
  docxSha256: reportIssues.docxSha256,
  issuedByName: reportIssues.issuedByName,
  issuedAt: reportIssues.issuedAt,
  hasPdf: sql<boolean>`${reportIssues.pdf} is not null`,
};

export async function listIssues(db: Executor, reportId?: number): Promise<IssueSummary[]> {
  return db
    .select(summaryColumns)
    .from(reportIssues)
    .where(reportId === undefined ? undefined : eq(reportIssues.reportId, reportId))
    .orderBy(desc(reportIssues.issuedAt), desc(reportIssues.id));
}

/** The issues given, without their files, in the order they were issued. */
export async function issueSummaries(db: Executor, ids: readonly number[]): Promise<IssueSummary[]> {
  if (ids.length === 0) return [];
  return db.select(summaryColumns).from(reportIssues).where(inArray(reportIssues.id, [...ids])).orderBy(reportIssues.issuedAt, reportIssues.id);
}

export async function findIssue(db: Executor, id: number): Promise<IssueRow | undefined> {
  const [row] = await db.select().from(reportIssues).where(eq(reportIssues.id, id));
  return row;
}

/** The newest issue of any report of a kind: a board pack compares itself with the last one issued. */
export async function latestIssueOfKind(db: Executor, planId: number, kind: ReportRow["kind"]): Promise<IssueRow | undefined> {
  const [row] = await db
    .select({ issue: reportIssues })
    .from(reportIssues)
    .innerJoin(reports, eq(reports.id, reportIssues.reportId))
    .where(and(eq(reports.planId, planId), eq(reports.kind, kind)))
    .orderBy(desc(reportIssues.issuedAt), desc(reportIssues.id))
    .limit(1);
  return row?.issue;
}

export async function nextIssueNumber(tx: Executor, reportId: number): Promise<number> {
  const [row] = await tx.select({ last: max(reportIssues.number) }).from(reportIssues).where(eq(reportIssues.reportId, reportId));
  return (row?.last ?? 0) + 1;
}

/** Keeps an issued copy under its number; undefined when the report already has an issue of that number. */
export async function insertIssue(tx: Executor, values: typeof reportIssues.$inferInsert): Promise<IssueRow | undefined> {
  const [row] = await tx.insert(reportIssues).values(values).onConflictDoNothing({ target: [reportIssues.reportId, reportIssues.number] }).returning();
  return row;
}

export async function findIssueByNumber(db: Executor, reportId: number, number: number): Promise<IssueSummary | undefined> {
  const [row] = await db
    .select(summaryColumns)
    .from(reportIssues)
    .where(and(eq(reportIssues.reportId, reportId), eq(reportIssues.number, number)));
  return row;
}

/** Issued reports whose title or text match the words, newest first: issued copies are for every signed-in reader. */
export async function searchIssues(db: Executor, query: string, limit = 20): Promise<Pick<IssueRow, "id" | "number" | "title" | "issuedAt">[]> {
  const tsQuery = sql`websearch_to_tsquery('english', ${query})`;
  return db
    .select({ id: reportIssues.id, number: reportIssues.number, title: reportIssues.title, issuedAt: reportIssues.issuedAt })
    .from(reportIssues)
    .where(sql`to_tsvector('english', ${reportIssues.title} || ' ' || (${reportIssues.document}::text)) @@ ${tsQuery}`)
    .orderBy(desc(reportIssues.issuedAt))
    .limit(limit);
}
