import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database, Executor, Transaction } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import {
  endStates,
  keyIndicators,
  milestoneResets,
  milestones,
  ofstedAreaMilestones,
  ofstedAreaPriorities,
  ofstedAreas,
  outcomes,
  plans,
  priorities,
  voiceItemPriorities,
  voiceItems,
} from "../../db/schema/plan.ts";
import type { MilestoneEntry, PlanFiles } from "./schemas.ts";
import { startYearOf } from "./plan-files.ts";
import { lookup, onlyRow } from "../../core/lookup.ts";

export type { Enabler } from "../../db/schema/plan.ts";
export type PlanRow = typeof plans.$inferSelect;
export type PriorityRow = typeof priorities.$inferSelect;
export type MilestoneRow = typeof milestones.$inferSelect;
export type ResetRow = typeof milestoneResets.$inferSelect;
export type KeyIndicatorRow = typeof keyIndicators.$inferSelect;
export type EndStateRow = typeof endStates.$inferSelect;

export async function findPlanBySlug(db: Database, slug: string): Promise<PlanRow | undefined> {
  const [plan] = await db.select().from(plans).where(eq(plans.slug, slug));
  return plan;
}

/** The facts about the current plan that every page's header needs, without its long texts. */
export async function findCurrentPlanHeader(db: Database) {
  const [plan] = await db
    .select({
      id: plans.id,
      title: plans.title,
      subtitle: plans.subtitle,
      councilName: plans.councilName,
      serviceName: plans.serviceName,
      oldLaCode: plans.oldLaCode,
      firstYear: plans.firstYear,
      years: plans.years,
    })
    .from(plans)
    .orderBy(desc(plans.id))
    .limit(1);
  return plan;
}

/** The plan the app shows: the one loaded most recently. */
export async function findCurrentPlan(db: Database): Promise<PlanRow | undefined> {
  const [plan] = await db.select().from(plans).orderBy(desc(plans.id)).limit(1);
  return plan;
}

/** Stores a whole plan from its files, each priority at its place (`positions`, by number); the caller holds the transaction. */
export async function insertPlan(tx: Transaction, { overview, priorities: priorityFiles }: PlanFiles, positions: ReadonlyMap<number, number>): Promise<number> {
  const { council, plan } = overview;
  const created = await tx
    .insert(plans)
    .values({
      slug: plan.slug,
      title: plan.title,
      subtitle: plan.subtitle,
      councilName: council.name,
      serviceName: council.service,
      oldLaCode: council.oldLaCode ?? null,
      newLaCode: council.newLaCode ?? null,
      firstYear: plan.firstYear,
      years: plan.years,
      values: plan.values,
      vision: plan.vision,
      introduction: plan.introduction,
      youngPeopleHeadline: plan.youngPeopleAsk.headline,
      youngPeopleStatement: plan.youngPeopleAsk.statement,
      whatMattersToUs: plan.whatMattersToUs,
      framework: plan.framework,
      highlights: plan.highlights,
      findings: plan.findings,
    })
    .returning({ id: plans.id });
  const planId = onlyRow(created, "the plan").id;

  const priorityIds = new Map<number, number>();
  for (const p of priorityFiles) {
    const inserted = await tx
      .insert(priorities)
      .values({
        planId,
        number: p.number,
        title: p.title,
        vision: p.vision,
        narrative: p.narrative,
        keyElements: p.keyElements,
        enablers: p.enablers,
        lead: p.lead ?? null,
        position: lookup(positions, p.number, "priority"),
      })
      .returning({ id: priorities.id });
    priorityIds.set(p.number, onlyRow(inserted, "a priority").id);
  }

  const areaIds = new Map<number, number>();
  for (const area of overview.ofstedAreas) {
    const row = onlyRow(
      await tx.insert(ofstedAreas).values({ planId, number: area.number, text: area.text }).returning({ id: ofstedAreas.id }),
      "an Ofsted area",
    );
    areaIds.set(area.number, row.id);
    const links = area.priorities.map((n) => ({ ofstedAreaId: row.id, priorityId: lookup(priorityIds, n, "priority") }));
    if (links.length > 0) await tx.insert(ofstedAreaPriorities).values(links);
  }

  const resetIds = new Map<number, number>();
  for (const reset of overview.resets) {
    const year = startYearOf(reset.planYear);
    const inserted = await tx
      .insert(milestoneResets)
      .values({ planId, planYear: year, name: reset.name, heldOn: reset.heldOn, summary: reset.summary })
      .returning({ id: milestoneResets.id });
    resetIds.set(year, onlyRow(inserted, "a reset").id);
  }

  for (const p of priorityFiles) {
    const priorityId = lookup(priorityIds, p.number, "priority");
    const insertYear = async (label: string, entries: MilestoneEntry[], setByResetId: number | null) => {
      const year = startYearOf(label);
      // Original milestones of a year that was later reset are kept, marked as superseded.
      const supersededByResetId = setByResetId === null && p.resetMilestones[label] ? (resetIds.get(year) ?? null) : null;
      for (const [position, entry] of entries.entries()) {
        const inserted = await tx
          .insert(milestones)
          .values({
            priorityId,
            planYear: year,
            position: position + 1,
            text: entry.text,
            owner: entry.owner ?? null,
            dueOn: entry.dueOn ?? null,
            setByResetId,
            supersededByResetId,
          })
          .returning({ id: milestones.id });
        const milestoneId = onlyRow(inserted, "a milestone").id;
        const links = entry.ofstedAreas.map((n) => ({ ofstedAreaId: lookup(areaIds, n, "Ofsted area"), milestoneId }));
        if (links.length > 0) await tx.insert(ofstedAreaMilestones).values(links);
      }
    };
    for (const [label, entries] of Object.entries(p.milestones)) await insertYear(label, entries, null);
    for (const [label, entries] of Object.entries(p.resetMilestones)) {
      await insertYear(label, entries, lookup(resetIds, startYearOf(label), "reset of plan year"));
    }
    if (p.outcomes.length > 0) {
      await tx.insert(outcomes).values(p.outcomes.map((text, i) => ({ priorityId, position: i + 1, text })));
    }
  }

  const voice = [
    ...overview.tenWishes.map((w) => ({ kind: "wish" as const, position: w.number, text: w.text, linked: w.priorities })),
    ...overview.youngPeopleSaid.map((s, i) => ({ kind: "ask" as const, position: i + 1, text: s.text, linked: s.priorities })),
  ];
  for (const item of voice) {
    const inserted = await tx
      .insert(voiceItems)
      .values({ planId, kind: item.kind, position: item.position, text: item.text })
      .returning({ id: voiceItems.id });
    const voiceItemId = onlyRow(inserted, "a voice item").id;
    const links = item.linked.map((n) => ({ voiceItemId, priorityId: lookup(priorityIds, n, "priority") }));
    if (links.length > 0) await tx.insert(voiceItemPriorities).values(links);
  }

  if (overview.keyIndicators.length > 0) {
    await tx.insert(keyIndicators).values(overview.keyIndicators.map((text, i) => ({ planId, position: i + 1, text })));
  }
  if (overview.endState.length > 0) {
    await tx
      .insert(endStates)
      .values(overview.endState.map((e, i) => ({ planId, position: i + 1, achieve: e.achieve, impact: e.impact })));
  }
  return planId;
}

/** Every priority of the plan, retired ones included, in the plan's order. */
export async function listPriorities(db: Executor, planId: number): Promise<PriorityRow[]> {
  return db.select().from(priorities).where(eq(priorities.planId, planId)).orderBy(asc(priorities.position), asc(priorities.number));
}

/** The numbers of the priorities with these ids, by id: how other modules name the priorities they link to. */
export async function priorityNumbersById(db: Executor, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: priorities.id, number: priorities.number }).from(priorities).where(inArray(priorities.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.number]));
}

/** The ids of the priorities with these numbers, by number: how a priority typed by its number is stored by other modules. */
export async function priorityIdsByNumber(db: Executor, numbers: readonly number[]): Promise<Map<number, number>> {
  if (numbers.length === 0) return new Map();
  const rows = await db.select({ id: priorities.id, number: priorities.number }).from(priorities).where(inArray(priorities.number, [...numbers]));
  return new Map(rows.map((r) => [r.number, r.id]));
}

export async function findPriority(db: Database, planId: number, number: number): Promise<PriorityRow | undefined> {
  const [row] = await db
    .select()
    .from(priorities)
    .where(and(eq(priorities.planId, planId), eq(priorities.number, number)));
  return row;
}

/** Every milestone of the given priorities, superseded and retired ones included, in plan order. */
export async function listMilestones(db: Executor, priorityIds: number[]): Promise<MilestoneRow[]> {
  if (priorityIds.length === 0) return [];
  return db
    .select()
    .from(milestones)
    .where(inArray(milestones.priorityId, priorityIds))
    .orderBy(asc(milestones.planYear), asc(milestones.position), asc(milestones.id));
}

/** How many milestones are in force (not retired, not replaced by a reset) for each priority and plan year. */
export async function countMilestonesInForce(db: Executor, priorityIds: number[]): Promise<{ priorityId: number; planYear: number; count: number }[]> {
  if (priorityIds.length === 0) return [];
  return db
    .select({ priorityId: milestones.priorityId, planYear: milestones.planYear, count: sql<number>`count(*)::int` })
    .from(milestones)
    .where(and(inArray(milestones.priorityId, priorityIds), isNull(milestones.supersededByResetId), isNull(milestones.retiredAt)))
    .groupBy(milestones.priorityId, milestones.planYear);
}

/** A priority's outcomes, retired ones included, in order. */
export async function listOutcomes(db: Executor, priorityId: number) {
  return db.select().from(outcomes).where(eq(outcomes.priorityId, priorityId)).orderBy(asc(outcomes.position), asc(outcomes.id));
}

/** The outcomes of several priorities at once, each priority's in its order. */
export async function listOutcomesOf(db: Database, priorityIds: number[]) {
  if (priorityIds.length === 0) return [];
  return db.select().from(outcomes).where(inArray(outcomes.priorityId, priorityIds)).orderBy(asc(outcomes.priorityId), asc(outcomes.position), asc(outcomes.id));
}

export async function listResets(db: Database, planId: number): Promise<ResetRow[]> {
  return db.select().from(milestoneResets).where(eq(milestoneResets.planId, planId)).orderBy(asc(milestoneResets.planYear));
}

export async function listOfstedAreas(db: Executor, planId: number) {
  return db.select().from(ofstedAreas).where(eq(ofstedAreas.planId, planId)).orderBy(asc(ofstedAreas.number));
}

/** Which priorities answer which area: pairs of area id and priority id. */
export async function listOfstedAreaPriorityLinks(db: Database, planId: number) {
  return db
    .select({ ofstedAreaId: ofstedAreaPriorities.ofstedAreaId, priorityId: ofstedAreaPriorities.priorityId })
    .from(ofstedAreaPriorities)
    .innerJoin(ofstedAreas, eq(ofstedAreas.id, ofstedAreaPriorities.ofstedAreaId))
    .where(eq(ofstedAreas.planId, planId));
}

export async function listOfstedAreaMilestoneLinks(db: Database, planId: number) {
  return db
    .select({ ofstedAreaId: ofstedAreaMilestones.ofstedAreaId, milestoneId: ofstedAreaMilestones.milestoneId })
    .from(ofstedAreaMilestones)
    .innerJoin(ofstedAreas, eq(ofstedAreas.id, ofstedAreaMilestones.ofstedAreaId))
    .where(eq(ofstedAreas.planId, planId));
}

export async function listVoiceItems(db: Database, planId: number) {
  return db
    .select()
    .from(voiceItems)
    .where(eq(voiceItems.planId, planId))
    .orderBy(asc(voiceItems.kind), asc(voiceItems.position));
}

export async function listVoiceItemPriorityLinks(db: Database, planId: number) {
  return db
    .select({ voiceItemId: voiceItemPriorities.voiceItemId, priorityId: voiceItemPriorities.priorityId })
    .from(voiceItemPriorities)
    .innerJoin(voiceItems, eq(voiceItems.id, voiceItemPriorities.voiceItemId))
    .where(eq(voiceItems.planId, planId));
}

/** The plan's key indicators of success, retired ones included, in order. */
export async function listKeyIndicators(db: Executor, planId: number): Promise<KeyIndicatorRow[]> {
  return db.select().from(keyIndicators).where(eq(keyIndicators.planId, planId)).orderBy(asc(keyIndicators.position), asc(keyIndicators.id));
}

/** Where the plan will be at its end, retired parts included, in order. */
export async function listEndStates(db: Executor, planId: number): Promise<EndStateRow[]> {
  return db.select().from(endStates).where(eq(endStates.planId, planId)).orderBy(asc(endStates.position), asc(endStates.id));
}

export interface SearchHit {
  kind: "priority" | "milestone" | "outcome";
  id: number;
  priorityNumber: number;
  priorityTitle: string;
  planYear: number | null;
  superseded: boolean;
  text: string;
  rank: number;
}

/**
 * Full-text search (English stemming) over priorities, milestones and outcomes:
 * "foster carer" finds "foster carers". Best matches first.
 */
export async function searchPlanText(db: Database, planId: number, query: string, limit = 50): Promise<SearchHit[]> {
  const tsQuery = sql`websearch_to_tsquery('english', ${query})`;
  const rows = await selectRows(db, sql`
    with documents as (
      select 'priority' as kind, p.id, p.number as priority_number, p.title as priority_title,
             null::integer as plan_year, false as superseded,
             p.title || '. ' || p.vision as text,
             to_tsvector('english', p.title || ' ' || p.vision || ' ' || (p.narrative::text) || ' ' || (p.key_elements::text)) as document
        from priorities p where p.plan_id = ${planId}
      union all
      select 'milestone', m.id, p.number, p.title, m.plan_year, m.superseded_by_reset_id is not null,
             m.text, to_tsvector('english', m.text)
        from milestones m join priorities p on p.id = m.priority_id where p.plan_id = ${planId}
      union all
      select 'outcome', o.id, p.number, p.title, null, false, o.text, to_tsvector('english', o.text)
        from outcomes o join priorities p on p.id = o.priority_id where p.plan_id = ${planId}
    )
    select kind, id, priority_number, priority_title, plan_year, superseded, text,
           ts_rank(document, ${tsQuery}) as rank
      from documents
     where document @@ ${tsQuery}
     order by superseded, rank desc, priority_number, kind, id
     limit ${limit}
  `);
  return rows.map((row) => ({
    kind: row.kind as SearchHit["kind"],
    id: Number(row.id),
    priorityNumber: Number(row.priority_number),
    priorityTitle: String(row.priority_title),
    planYear: row.plan_year === null ? null : Number(row.plan_year),
    superseded: row.superseded === true,
    text: String(row.text),
    rank: Number(row.rank),
  }));
}

export type OutcomeRow = typeof outcomes.$inferSelect;

export async function findMilestone(db: Executor, id: number): Promise<MilestoneRow | undefined> {
  const [row] = await db.select().from(milestones).where(eq(milestones.id, id));
  return row;
}

export async function findOutcome(db: Executor, id: number): Promise<OutcomeRow | undefined> {
  const [row] = await db.select().from(outcomes).where(eq(outcomes.id, id));
  return row;
}

export async function findPriorityById(db: Executor, id: number): Promise<PriorityRow | undefined> {
  const [row] = await db.select().from(priorities).where(eq(priorities.id, id));
  return row;
}

/**
 * Optimistic locking: each update names the version it was made from and succeeds only if the
 * row still has it. Returns whether the row was updated.
 */
export async function updatePriorityAt(tx: Transaction, id: number, version: number, values: Partial<typeof priorities.$inferInsert>): Promise<boolean> {
  const rows = await tx
    .update(priorities)
    .set({ ...values, version: version + 1 })
    .where(and(eq(priorities.id, id), eq(priorities.version, version)))
    .returning({ id: priorities.id });
  return rows.length === 1;
}

export async function updateMilestoneAt(tx: Transaction, id: number, version: number, values: Partial<typeof milestones.$inferInsert>): Promise<boolean> {
  const rows = await tx
    .update(milestones)
    .set({ ...values, version: version + 1 })
    .where(and(eq(milestones.id, id), eq(milestones.version, version)))
    .returning({ id: milestones.id });
  return rows.length === 1;
}

export async function updateOutcomeAt(tx: Transaction, id: number, version: number, values: Partial<typeof outcomes.$inferInsert>): Promise<boolean> {
  const rows = await tx
    .update(outcomes)
    .set({ ...values, version: version + 1 })
    .where(and(eq(outcomes.id, id), eq(outcomes.version, version)))
    .returning({ id: outcomes.id });
  return rows.length === 1;
}

export async function insertMilestone(tx: Transaction, values: typeof milestones.$inferInsert): Promise<MilestoneRow> {
  return onlyRow(await tx.insert(milestones).values(values).returning(), "a milestone");
}

export async function insertOutcome(tx: Transaction, values: typeof outcomes.$inferInsert): Promise<OutcomeRow> {
  return onlyRow(await tx.insert(outcomes).values(values).returning(), "an outcome");
}

export async function nextPosition(tx: Transaction, table: "milestones" | "outcomes", priorityId: number, planYear?: number): Promise<number> {
  const rows =
    table === "milestones"
      ? await selectRows(tx, sql`select coalesce(max(position), 0) + 1 as next from milestones where priority_id = ${priorityId} and plan_year = ${planYear ?? 0}`)
      : await selectRows(tx, sql`select coalesce(max(position), 0) + 1 as next from outcomes where priority_id = ${priorityId}`);
  return Number(rows[0]?.next ?? 1);
}

export async function findPlanById(db: Executor, id: number): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(plans).where(eq(plans.id, id));
  return row;
}

/** Stores a plan made in the app, with nothing in it yet; undefined when its slug is taken. */
export async function insertNewPlan(tx: Transaction, values: typeof plans.$inferInsert): Promise<PlanRow | undefined> {
  const [row] = await tx.insert(plans).values(values).onConflictDoNothing({ target: plans.slug }).returning();
  return row;
}

export async function updatePlanAt(tx: Transaction, id: number, version: number, values: Partial<typeof plans.$inferInsert>): Promise<boolean> {
  const rows = await tx
    .update(plans)
    .set({ ...values, version: version + 1 })
    .where(and(eq(plans.id, id), eq(plans.version, version)))
    .returning({ id: plans.id });
  return rows.length === 1;
}

/** The number and place a new priority takes: after every other, retired ones included, so no number is used twice. */
export async function nextPriorityPlace(tx: Transaction, planId: number): Promise<{ number: number; position: number }> {
  const [row] = await selectRows(tx, sql`select coalesce(max(number), 0) + 1 as number, coalesce(max(position), 0) + 1 as position from priorities where plan_id = ${planId}`);
  return { number: Number(row?.number ?? 1), position: Number(row?.position ?? 1) };
}

export async function insertPriority(tx: Transaction, values: typeof priorities.$inferInsert): Promise<PriorityRow> {
  return onlyRow(await tx.insert(priorities).values(values).returning(), "a priority");
}

/** The next place in one of the plan's own lists. */
export async function nextPlanPosition(tx: Transaction, table: "key_indicators" | "end_states", planId: number): Promise<number> {
  const [row] = await selectRows(tx, sql`select coalesce(max(position), 0) + 1 as next from ${sql.identifier(table)} where plan_id = ${planId}`);
  return Number(row?.next ?? 1);
}

export async function findKeyIndicator(db: Executor, id: number): Promise<KeyIndicatorRow | undefined> {
  const [row] = await db.select().from(keyIndicators).where(eq(keyIndicators.id, id));
  return row;
}

export async function findEndState(db: Executor, id: number): Promise<EndStateRow | undefined> {
  const [row] = await db.select().from(endStates).where(eq(endStates.id, id));
  return row;
}

export async function insertKeyIndicator(tx: Transaction, values: typeof keyIndicators.$inferInsert): Promise<KeyIndicatorRow> {
  return onlyRow(await tx.insert(keyIndicators).values(values).returning(), "a key indicator");
}

export async function insertEndState(tx: Transaction, values: typeof endStates.$inferInsert): Promise<EndStateRow> {
  return onlyRow(await tx.insert(endStates).values(values).returning(), "an end state");
}

export async function updateKeyIndicatorAt(tx: Transaction, id: number, version: number, values: Partial<typeof keyIndicators.$inferInsert>): Promise<boolean> {
  const rows = await tx
    .update(keyIndicators)
    .set({ ...values, version: version + 1 })
    .where(and(eq(keyIndicators.id, id), eq(keyIndicators.version, version)))
    .returning({ id: keyIndicators.id });
  return rows.length === 1;
}

export async function updateEndStateAt(tx: Transaction, id: number, version: number, values: Partial<typeof endStates.$inferInsert>): Promise<boolean> {
  const rows = await tx
    .update(endStates)
    .set({ ...values, version: version + 1 })
    .where(and(eq(endStates.id, id), eq(endStates.version, version)))
    .returning({ id: endStates.id });
  return rows.length === 1;
}

/** The ids of the Ofsted areas a milestone answers. */
export async function milestoneAreaIds(db: Executor, milestoneId: number): Promise<number[]> {
  const rows = await db.select({ id: ofstedAreaMilestones.ofstedAreaId }).from(ofstedAreaMilestones).where(eq(ofstedAreaMilestones.milestoneId, milestoneId));
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/**
 * Sets the Ofsted areas a milestone answers: links to areas no longer ticked are removed (the
 * milestone's history keeps which it answered before), new ones are added.
 */
export async function setMilestoneAreas(tx: Transaction, milestoneId: number, areaIds: number[]): Promise<void> {
  const current = await milestoneAreaIds(tx, milestoneId);
  const dropped = current.filter((id) => !areaIds.includes(id));
  const added = areaIds.filter((id) => !current.includes(id));
  if (dropped.length > 0) {
    await tx.delete(ofstedAreaMilestones).where(and(eq(ofstedAreaMilestones.milestoneId, milestoneId), inArray(ofstedAreaMilestones.ofstedAreaId, dropped)));
  }
  if (added.length > 0) await tx.insert(ofstedAreaMilestones).values(added.map((ofstedAreaId) => ({ ofstedAreaId, milestoneId })));
}

/** The plan's lists whose records keep a place and are retired rather than deleted. */
export type OrderedTable = "priorities" | "milestones" | "outcomes" | "key_indicators" | "end_states";

/** Moves a record to a place, if it still has the version given. Returns whether it was moved. */
export async function setPositionAt(tx: Transaction, table: OrderedTable, id: number, version: number, position: number): Promise<boolean> {
  const rows = await selectRows(tx, sql`update ${sql.identifier(table)} set position = ${position}, version = version + 1 where id = ${id} and version = ${version} returning id`);
  return rows.length === 1;
}

/** Retires a record, if it still has the version given and is not retired already. Returns whether it was retired. */
export async function retireAt(tx: Transaction, table: OrderedTable, id: number, version: number, when: Date): Promise<boolean> {
  const rows = await selectRows(
    tx,
    sql`update ${sql.identifier(table)} set retired_at = ${when.toISOString()}, version = version + 1 where id = ${id} and version = ${version} and retired_at is null returning id`,
  );
  return rows.length === 1;
}
