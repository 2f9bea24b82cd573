import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { AuditGrade } from "../../core/audit-grades.ts";
import type { Executor } from "../../db/client.ts";
import { qualityAudits, qualityPlannedAudits, qualityProgrammes, qualityTemplateVersions, qualityTemplates } from "../../db/schema/quality.ts";

export type ProgrammeRow = typeof qualityProgrammes.$inferSelect;
export type PlannedAuditRow = typeof qualityPlannedAudits.$inferSelect;
export type NewPlannedAudit = typeof qualityPlannedAudits.$inferInsert;

/** A planned audit with the name of its template's current version and, once recorded, its audit's date and grade. */
export interface PlannedAuditView {
  planned: PlannedAuditRow;
  templateName: string;
  audit: { id: number; auditDate: string; overallGrade: AuditGrade; moderatedGrade: AuditGrade | null } | null;
}

export async function insertProgramme(tx: Executor, values: typeof qualityProgrammes.$inferInsert): Promise<ProgrammeRow> {
  const [row] = await tx.insert(qualityProgrammes).values(values).returning();
  if (!row) throw new Error("the programme was not added");
  return row;
}

export async function findProgramme(db: Executor, id: number): Promise<ProgrammeRow | undefined> {
  const [row] = await db.select().from(qualityProgrammes).where(eq(qualityProgrammes.id, id));
  return row;
}

export async function findProgrammeOfMonth(db: Executor, month: string): Promise<ProgrammeRow | undefined> {
  const [row] = await db.select().from(qualityProgrammes).where(eq(qualityProgrammes.month, month));
  return row;
}

/** Every programme, newest month first. */
export async function listProgrammes(db: Executor): Promise<ProgrammeRow[]> {
  return db.select().from(qualityProgrammes).orderBy(desc(qualityProgrammes.month));
}

/** The planned audits of the programmes given (all of them when none are named), soonest due first. */
export async function listPlannedAudits(db: Executor, filter: { programmeId?: number; auditorId?: number; open?: boolean }): Promise<PlannedAuditView[]> {
  const conditions = [];
  if (filter.programmeId !== undefined) conditions.push(eq(qualityPlannedAudits.programmeId, filter.programmeId));
  if (filter.auditorId !== undefined) conditions.push(eq(qualityPlannedAudits.auditorId, filter.auditorId));
  if (filter.open) conditions.push(isNull(qualityPlannedAudits.auditId));
  const rows = await db
    .select({
      planned: qualityPlannedAudits,
      templateName: qualityTemplateVersions.name,
      auditId: qualityAudits.id,
      auditDate: qualityAudits.auditDate,
      overallGrade: qualityAudits.overallGrade,
      moderatedGrade: qualityAudits.moderatedGrade,
    })
    .from(qualityPlannedAudits)
    .innerJoin(qualityTemplates, eq(qualityTemplates.id, qualityPlannedAudits.templateId))
    .innerJoin(qualityTemplateVersions, and(eq(qualityTemplateVersions.templateId, qualityTemplates.id), eq(qualityTemplateVersions.number, qualityTemplates.version)))
    .leftJoin(qualityAudits, eq(qualityAudits.id, qualityPlannedAudits.auditId))
    .where(and(...conditions))
    .orderBy(asc(qualityPlannedAudits.dueOn), asc(qualityPlannedAudits.id));
  return rows.map((r) => ({
    planned: r.planned,
    templateName: r.templateName,
    audit: r.auditId === null || r.auditDate === null || r.overallGrade === null ? null : { id: r.auditId, auditDate: r.auditDate, overallGrade: r.overallGrade, moderatedGrade: r.moderatedGrade },
  }));
}

export async function findPlannedAudit(db: Executor, id: number): Promise<PlannedAuditRow | undefined> {
  const [row] = await db.select().from(qualityPlannedAudits).where(eq(qualityPlannedAudits.id, id));
  return row;
}

export async function insertPlannedAudit(tx: Executor, values: NewPlannedAudit): Promise<PlannedAuditRow> {
  const [row] = await tx.insert(qualityPlannedAudits).values(values).returning();
  if (!row) throw new Error("the planned audit was not added");
  return row;
}

/** Takes a planned audit out of its programme, if it has not been recorded; whether it was. */
export async function deletePlannedAudit(tx: Executor, id: number): Promise<boolean> {
  const rows = await tx
    .delete(qualityPlannedAudits)
    .where(and(eq(qualityPlannedAudits.id, id), isNull(qualityPlannedAudits.auditId)))
    .returning({ id: qualityPlannedAudits.id });
  return rows.length === 1;
}

/** Completes a planned audit with the audit recorded from it, if no audit has completed it yet; whether it did. */
export async function completePlannedAudit(tx: Executor, id: number, auditId: number): Promise<boolean> {
  const rows = await tx
    .update(qualityPlannedAudits)
    .set({ auditId })
    .where(and(eq(qualityPlannedAudits.id, id), isNull(qualityPlannedAudits.auditId)))
    .returning({ id: qualityPlannedAudits.id });
  return rows.length === 1;
}
