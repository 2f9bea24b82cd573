import { and, asc, desc, eq, gte, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { qualityActions, qualityAudits, qualityPracticeWeeks, qualityTemplates, qualityTemplateVersions } from "../../db/schema/quality.ts";

export type TemplateVersionRow = typeof qualityTemplateVersions.$inferSelect;
export type AuditRow = typeof qualityAudits.$inferSelect;
export type NewAudit = typeof qualityAudits.$inferInsert;
export type ActionRow = typeof qualityActions.$inferSelect;
export type NewAction = typeof qualityActions.$inferInsert;

/** A template with its current version's content. */
export interface TemplateRow {
  id: number;
  version: number;
  current: TemplateVersionRow;
}

export async function insertTemplate(tx: Executor): Promise<number> {
  const [row] = await tx.insert(qualityTemplates).values({}).returning({ id: qualityTemplates.id });
  if (!row) throw new Error("the template was not added");
  return row.id;
}

export async function insertVersion(tx: Executor, values: typeof qualityTemplateVersions.$inferInsert): Promise<TemplateVersionRow> {
  const [row] = await tx.insert(qualityTemplateVersions).values(values).returning();
  if (!row) throw new Error("the template's version was not added");
  return row;
}

/** Moves a template on to its next version, if it is still at `version`. */
export async function advanceTemplate(tx: Executor, id: number, version: number): Promise<boolean> {
  const rows = await tx
    .update(qualityTemplates)
    .set({ version: version + 1 })
    .where(and(eq(qualityTemplates.id, id), eq(qualityTemplates.version, version)))
    .returning({ id: qualityTemplates.id });
  return rows.length === 1;
}

export async function findTemplate(db: Executor, id: number): Promise<TemplateRow | undefined> {
  const [row] = await db
    .select({ id: qualityTemplates.id, version: qualityTemplates.version, current: qualityTemplateVersions })
    .from(qualityTemplates)
    .innerJoin(qualityTemplateVersions, and(eq(qualityTemplateVersions.templateId, qualityTemplates.id), eq(qualityTemplateVersions.number, qualityTemplates.version)))
    .where(eq(qualityTemplates.id, id));
  return row;
}

/** Every template at its current version, by name. */
export async function listTemplates(db: Executor): Promise<TemplateRow[]> {
  return db
    .select({ id: qualityTemplates.id, version: qualityTemplates.version, current: qualityTemplateVersions })
    .from(qualityTemplates)
    .innerJoin(qualityTemplateVersions, and(eq(qualityTemplateVersions.templateId, qualityTemplates.id), eq(qualityTemplateVersions.number, qualityTemplates.version)))
    .orderBy(asc(qualityTemplateVersions.name), asc(qualityTemplates.id));
}

/** A template's versions, newest first. */
export async function listVersions(db: Executor, templateId: number): Promise<TemplateVersionRow[]> {
  return db.select().from(qualityTemplateVersions).where(eq(qualityTemplateVersions.templateId, templateId)).orderBy(desc(qualityTemplateVersions.number));
}

export async function findVersion(db: Executor, templateId: number, number: number): Promise<TemplateVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(qualityTemplateVersions)
    .where(and(eq(qualityTemplateVersions.templateId, templateId), eq(qualityTemplateVersions.number, number)));
  return row;
}

export async function findVersionById(db: Executor, id: number): Promise<TemplateVersionRow | undefined> {
  const [row] = await db.select().from(qualityTemplateVersions).where(eq(qualityTemplateVersions.id, id));
  return row;
}

export async function insertAudit(tx: Executor, values: NewAudit): Promise<AuditRow> {
  const [row] = await tx.insert(qualityAudits).values(values).returning();
  if (!row) throw new Error("the audit was not added");
  return row;
}

/** An audit with the template version it was recorded with. */
export interface AuditWithTemplate {
  audit: AuditRow;
  template: TemplateVersionRow;
}

export async function findAudit(db: Executor, id: number): Promise<AuditWithTemplate | undefined> {
  const [row] = await db
    .select({ audit: qualityAudits, template: qualityTemplateVersions })
    .from(qualityAudits)
    .innerJoin(qualityTemplateVersions, eq(qualityTemplateVersions.id, qualityAudits.templateVersionId))
    .where(eq(qualityAudits.id, id));
  return row;
}

export interface AuditFilters {
  serviceArea?: string | undefined;
  /** The first and last days of audits to list, as ISO dates. */
  from?: string | undefined;
  to?: string | undefined;
}

/** Audits, newest first, with their templates, as the filters choose. */
export async function listAudits(db: Executor, filters: AuditFilters): Promise<AuditWithTemplate[]> {
  const conditions: SQL[] = [];
  if (filters.serviceArea) conditions.push(eq(qualityAudits.serviceArea, filters.serviceArea));
  if (filters.from) conditions.push(gte(qualityAudits.auditDate, filters.from));
  if (filters.to) conditions.push(lte(qualityAudits.auditDate, filters.to));
  return db
    .select({ audit: qualityAudits, template: qualityTemplateVersions })
    .from(qualityAudits)
    .innerJoin(qualityTemplateVersions, eq(qualityTemplateVersions.id, qualityAudits.templateVersionId))
    .where(and(...conditions))
    .orderBy(desc(qualityAudits.auditDate), desc(qualityAudits.id));
}

/** Each audit's date and grades, for the grades by quarter. */
export async function listAuditGrades(db: Executor): Promise<Pick<AuditRow, "auditDate" | "overallGrade" | "moderatedGrade" | "synthetic">[]> {
  return db.select({ auditDate: qualityAudits.auditDate, overallGrade: qualityAudits.overallGrade, moderatedGrade: qualityAudits.moderatedGrade, synthetic: qualityAudits.synthetic }).from(qualityAudits);
}

/** Saves a moderation, if the audit is still at `version`. */
export async function moderateAuditAt(
  tx: Executor,
  id: number,
  version: number,
  values: Pick<NewAudit, "moderatedGrade" | "moderationReason" | "moderatorId" | "moderatorName" | "moderatedAt">,
): Promise<boolean> {
  const rows = await tx
    .update(qualityAudits)
    .set({ ...values, version: version + 1 })
    .where(and(eq(qualityAudits.id, id), eq(qualityAudits.version, version)))
    .returning({ id: qualityAudits.id });
  return rows.length === 1;
}

/** Every case audit as the quality-assurance measures count it. */
export async function listCountedAudits(db: Executor) {
  return db
    .select({ auditDate: qualityAudits.auditDate, overallGrade: qualityAudits.overallGrade, moderatedGrade: qualityAudits.moderatedGrade, domainGrades: qualityAudits.domainGrades, synthetic: qualityAudits.synthetic })
    .from(qualityAudits);
}

/** Every action's due date and when it was closed, for "actions closed on time". */
export async function listTimedActions(db: Executor): Promise<Pick<ActionRow, "dueOn" | "closedAt">[]> {
  return db.select({ dueOn: qualityActions.dueOn, closedAt: qualityActions.closedAt }).from(qualityActions);
}

export async function insertAction(tx: Executor, values: NewAction): Promise<ActionRow> {
  const [row] = await tx.insert(qualityActions).values(values).returning();
  if (!row) throw new Error("the action was not added");
  return row;
}

/** An action with the case audit or the practice week that raised it: one of the two. */
export interface ActionWithAudit {
  action: ActionRow;
  audit: AuditRow | null;
  week: typeof qualityPracticeWeeks.$inferSelect | null;
}

const actionWithSource = { action: qualityActions, audit: qualityAudits, week: qualityPracticeWeeks };

export async function findAction(db: Executor, id: number): Promise<ActionWithAudit | undefined> {
  const [row] = await db
    .select(actionWithSource)
    .from(qualityActions)
    .leftJoin(qualityAudits, eq(qualityAudits.id, qualityActions.auditId))
    .leftJoin(qualityPracticeWeeks, eq(qualityPracticeWeeks.id, qualityActions.practiceWeekId))
    .where(eq(qualityActions.id, id));
  return row;
}

/** The actions an audit raised, in the order they were raised. */
export async function listActionsOfAudit(db: Executor, auditId: number): Promise<ActionRow[]> {
  return db.select().from(qualityActions).where(eq(qualityActions.auditId, auditId)).orderBy(asc(qualityActions.id));
}

export interface ActionFilters {
  status?: "open" | "overdue" | "closed" | undefined;
  ownerId?: number | undefined;
  /** Today in Europe/London, for "overdue": open and due before it. */
  today: string;
}

/** Actions with their audits or practice weeks, soonest due first, as the filters choose. */
export async function listActions(db: Executor, filters: ActionFilters): Promise<ActionWithAudit[]> {
  const conditions: SQL[] = [];
  if (filters.status === "closed") conditions.push(eq(qualityActions.status, "closed"));
  if (filters.status === "open") conditions.push(eq(qualityActions.status, "open"));
  if (filters.status === "overdue") conditions.push(eq(qualityActions.status, "open"), lt(qualityActions.dueOn, filters.today));
  if (filters.ownerId !== undefined) conditions.push(eq(qualityActions.ownerId, filters.ownerId));
  return db
    .select(actionWithSource)
    .from(qualityActions)
    .leftJoin(qualityAudits, eq(qualityAudits.id, qualityActions.auditId))
    .leftJoin(qualityPracticeWeeks, eq(qualityPracticeWeeks.id, qualityActions.practiceWeekId))
    .where(and(...conditions))
    .orderBy(asc(qualityActions.dueOn), asc(qualityActions.id));
}

/** Closes an action with its evidence, if it is still open at `version`. */
export async function closeActionAt(tx: Executor, id: number, version: number, values: Pick<NewAction, "evidence" | "closedById" | "closedByName" | "closedAt">): Promise<boolean> {
  const rows = await tx
    .update(qualityActions)
    .set({ ...values, status: "closed", version: version + 1 })
    .where(and(eq(qualityActions.id, id), eq(qualityActions.version, version), eq(qualityActions.status, "open")))
    .returning({ id: qualityActions.id });
  return rows.length === 1;
}

/** The audits recorded to check an action, newest first, with their templates. */
export async function listReaudits(db: Executor, actionId: number): Promise<AuditWithTemplate[]> {
  return db
    .select({ audit: qualityAudits, template: qualityTemplateVersions })
    .from(qualityAudits)
    .innerJoin(qualityTemplateVersions, eq(qualityTemplateVersions.id, qualityAudits.templateVersionId))
    .where(eq(qualityAudits.checksActionId, actionId))
    .orderBy(desc(qualityAudits.auditDate), desc(qualityAudits.id));
}

/** The case audits dated from `from` to `to`, in one service area or all, as a learning report counts them. */
export async function listLearningAudits(db: Executor, filters: { from: string; to: string; serviceArea: string | null }) {
  const conditions: SQL[] = [gte(qualityAudits.auditDate, filters.from), lte(qualityAudits.auditDate, filters.to)];
  if (filters.serviceArea !== null) conditions.push(eq(qualityAudits.serviceArea, filters.serviceArea));
  return db
    .select({ auditDate: qualityAudits.auditDate, serviceArea: qualityAudits.serviceArea, overallGrade: qualityAudits.overallGrade, moderatedGrade: qualityAudits.moderatedGrade, domainGrades: qualityAudits.domainGrades, synthetic: qualityAudits.synthetic })
    .from(qualityAudits)
    .where(and(...conditions))
    .orderBy(asc(qualityAudits.auditDate), asc(qualityAudits.id));
}

/** The actions raised before `before`, from audits in one service area or all: when raised, due and closed. */
export async function listLearningActions(db: Executor, filters: { before: Date; serviceArea: string | null }) {
  // An action's service area is its audit's or its practice week's.
  const serviceArea = sql<string>`coalesce(${qualityAudits.serviceArea}, ${qualityPracticeWeeks.serviceArea})`;
  const conditions: SQL[] = [lt(qualityActions.raisedAt, filters.before)];
  if (filters.serviceArea !== null) conditions.push(eq(serviceArea, filters.serviceArea));
  return db
    .select({ raisedAt: qualityActions.raisedAt, dueOn: qualityActions.dueOn, closedAt: qualityActions.closedAt })
    .from(qualityActions)
    .leftJoin(qualityAudits, eq(qualityAudits.id, qualityActions.auditId))
    .leftJoin(qualityPracticeWeeks, eq(qualityPracticeWeeks.id, qualityActions.practiceWeekId))
    .where(and(...conditions))
    .orderBy(asc(qualityActions.id));
}
