import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { riskAssessments, riskLinks, risks, riskSettings } from "../../db/schema/risks.ts";
import { defaultRiskScale, type RiskScale } from "../../core/risk-scores.ts";

export type RiskRow = typeof risks.$inferSelect;
export type NewRisk = typeof risks.$inferInsert;
export type AssessmentRow = typeof riskAssessments.$inferSelect;
export type NewAssessment = typeof riskAssessments.$inferInsert;
export type RiskLinkRow = typeof riskLinks.$inferSelect;
export type NewRiskLink = typeof riskLinks.$inferInsert;

/** The council's risk scale, and the version of it an edit names. */
export async function readScale(db: Executor): Promise<{ scale: RiskScale; version: number; updatedBy: string }> {
  const [row] = await db.select().from(riskSettings).where(eq(riskSettings.id, 1));
  if (!row) return { scale: defaultRiskScale, version: 0, updatedBy: "" };
  const { likelihoodWords: likelihood, impactWords: impact, mediumFrom, highFrom, veryHighFrom } = row;
  return { scale: { likelihood, impact, mediumFrom, highFrom, veryHighFrom }, version: row.version, updatedBy: row.updatedBy };
}

/** Saves the scale if it is still at `version` (0: none saved yet). */
export async function saveScaleAt(tx: Executor, version: number, scale: RiskScale, updatedBy: string): Promise<boolean> {
  const values = { likelihoodWords: [...scale.likelihood], impactWords: [...scale.impact], mediumFrom: scale.mediumFrom, highFrom: scale.highFrom, veryHighFrom: scale.veryHighFrom, updatedBy, updatedAt: new Date() };
  if (version === 0) {
    const rows = await tx.insert(riskSettings).values({ id: 1, ...values }).onConflictDoNothing().returning({ id: riskSettings.id });
    return rows.length === 1;
  }
  const rows = await tx
    .update(riskSettings)
    .set({ ...values, version: version + 1 })
    .where(and(eq(riskSettings.id, 1), eq(riskSettings.version, version)))
    .returning({ id: riskSettings.id });
  return rows.length === 1;
}

export async function insertRisk(tx: Executor, values: NewRisk): Promise<RiskRow> {
  const [row] = await tx.insert(risks).values(values).returning();
  if (!row) throw new Error("the risk was not added");
  return row;
}

export async function findRisk(db: Executor, id: number): Promise<RiskRow | undefined> {
  const [row] = await db.select().from(risks).where(eq(risks.id, id));
  return row;
}

/** Every risk and issue, by reference. */
export async function listRisks(db: Executor, ids?: readonly number[]): Promise<RiskRow[]> {
  if (ids?.length === 0) return [];
  return db
    .select()
    .from(risks)
    .where(ids ? inArray(risks.id, [...ids]) : undefined)
    .orderBy(asc(risks.id));
}

/** The open and escalated risks a person owns. */
export async function openRiskIdsOwnedBy(db: Executor, ownerId: number): Promise<number[]> {
  const rows = await db
    .select({ id: risks.id })
    .from(risks)
    .where(and(eq(risks.ownerId, ownerId), ne(risks.status, "closed")));
  return rows.map((r) => r.id);
}

/** Saves a risk's new values, if it is still at `version`. */
export async function updateRiskAt(tx: Executor, id: number, version: number, values: Partial<NewRisk>): Promise<boolean> {
  const rows = await tx
    .update(risks)
    .set({ ...values, version: version + 1 })
    .where(and(eq(risks.id, id), eq(risks.version, version)))
    .returning({ id: risks.id });
  return rows.length === 1;
}

export async function insertAssessment(tx: Executor, values: NewAssessment): Promise<AssessmentRow> {
  const [row] = await tx.insert(riskAssessments).values(values).returning();
  if (!row) throw new Error("the score was not added");
  return row;
}

/** The scores of the risks named (all, when none are), oldest first: by day scored, then in the order they were recorded. */
export async function listAssessments(db: Executor, riskIds?: readonly number[]): Promise<AssessmentRow[]> {
  if (riskIds?.length === 0) return [];
  return db
    .select()
    .from(riskAssessments)
    .where(riskIds ? inArray(riskAssessments.riskId, [...riskIds]) : undefined)
    .orderBy(asc(riskAssessments.riskId), asc(riskAssessments.assessedOn), asc(riskAssessments.id));
}

export async function insertLink(tx: Executor, values: NewRiskLink): Promise<RiskLinkRow | undefined> {
  const [row] = await tx.insert(riskLinks).values(values).onConflictDoNothing().returning();
  return row;
}

export async function deleteLink(tx: Executor, riskId: number, linkId: number): Promise<RiskLinkRow | undefined> {
  const [row] = await tx
    .delete(riskLinks)
    .where(and(eq(riskLinks.id, linkId), eq(riskLinks.riskId, riskId)))
    .returning();
  return row;
}

/** The links of the risks named (all, when none are), in the order they were made. */
export async function listLinks(db: Executor, riskIds?: readonly number[]): Promise<RiskLinkRow[]> {
  if (riskIds?.length === 0) return [];
  return db
    .select()
    .from(riskLinks)
    .where(riskIds ? inArray(riskLinks.riskId, [...riskIds]) : undefined)
    .orderBy(asc(riskLinks.id));
}

/** The risks linked to a priority (directly or through one of its milestones). */
export async function riskIdsOfPriority(db: Executor, priorityId: number): Promise<number[]> {
  const rows = await db.selectDistinct({ riskId: riskLinks.riskId }).from(riskLinks).where(eq(riskLinks.priorityId, priorityId));
  return rows.map((r) => r.riskId);
}
