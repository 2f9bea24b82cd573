import { formatDate } from "../../core/format.ts";
import { moved, placeLabel, positionsFor, type Direction } from "../../core/ordering.ts";
import { conflicted, notFound, succeeded, type Outcome } from "../../core/problems.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Database, Transaction } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import * as repository from "./repository.ts";
import type { OrderedTable } from "./repository.ts";

/**
 * Putting the plan's lists in order and retiring what leaves the plan. A move names the order the
 * person saw and the version of what they moved; if either has changed since, nothing moves and
 * they are shown the order as it now is. Retiring keeps the record and its history: nothing is deleted.
 */

/** A record in one of the plan's ordered lists, as arranging needs it. */
interface Listed {
  id: number;
  version: number;
  position: number;
  retiredAt: Date | null;
  /** What the record is called in the audit trail and on the conflict page. */
  name: string;
}

/** A record with the list it belongs to: its siblings in force, in order, and what every record of the list is called. */
interface Placed {
  item: Listed;
  list: Listed[];
  names: Map<number, string>;
}

/** Each kind of record that keeps a place: its table, its name in the audit trail, and how to find its list. */
export interface ListKind {
  table: OrderedTable;
  recordType: string;
  /** The audit field that names the record ("title" for a priority, "text" for the rest). */
  nameField: "title" | "text";
  place(tx: Transaction, id: number): Promise<Placed | undefined>;
}

const byPlace = <T extends { position: number; id: number }>(a: T, b: T) => a.position - b.position || a.id - b.id;

type Unnamed = Omit<Listed, "name">;

/**
 * A kind of ordered record: how to find one, the list it sits in (in order, retired ones
 * included, so every record keeps its name on the conflict page), and what each is called.
 */
function listKind<T extends Unnamed>(
  kind: Omit<ListKind, "place">,
  find: (tx: Transaction, id: number) => Promise<T | undefined>,
  siblings: (tx: Transaction, item: T) => Promise<T[]>,
  name: (item: T) => string,
): ListKind {
  return {
    ...kind,
    async place(tx, id) {
      const found = await find(tx, id);
      if (!found) return undefined;
      const all = (await siblings(tx, found)).map((s) => ({ ...s, name: name(s) }));
      const item = all.find((s) => s.id === id);
      return item ? { item, list: all.filter((s) => s.retiredAt === null), names: new Map(all.map((s) => [s.id, s.name])) } : undefined;
    },
  };
}

export const priorityList = listKind(
  { table: "priorities", recordType: "priority", nameField: "title" },
  (tx, id) => repository.findPriorityById(tx, id),
  (tx, priority) => repository.listPriorities(tx, priority.planId),
  (p) => `Priority ${String(p.number)}: ${p.title}`,
);

/** A year's milestones of a priority, those in force: superseded ones keep their place in history. */
export const milestoneList = listKind(
  { table: "milestones", recordType: "milestone", nameField: "text" },
  async (tx, id) => {
    const milestone = await repository.findMilestone(tx, id);
    return milestone?.supersededByResetId === null ? milestone : undefined;
  },
  async (tx, milestone) =>
    (await repository.listMilestones(tx, [milestone.priorityId])).filter((m) => m.planYear === milestone.planYear && m.supersededByResetId === null).sort(byPlace),
  (m) => m.text,
);

export const outcomeList = listKind(
  { table: "outcomes", recordType: "outcome", nameField: "text" },
  (tx, id) => repository.findOutcome(tx, id),
  (tx, outcome) => repository.listOutcomes(tx, outcome.priorityId),
  (o) => o.text,
);

export const keyIndicatorList = listKind(
  { table: "key_indicators", recordType: "key indicator", nameField: "text" },
  (tx, id) => repository.findKeyIndicator(tx, id),
  (tx, indicator) => repository.listKeyIndicators(tx, indicator.planId),
  (k) => k.text,
);

export const endStateList = listKind(
  { table: "end_states", recordType: "end state", nameField: "text" },
  (tx, id) => repository.findEndState(tx, id),
  (tx, endState) => repository.listEndStates(tx, endState.planId),
  (e) => e.achieve,
);

/** The order as it is saved now, beside the order the person asked for, for the conflict page. */
export interface OrderConflict {
  saved: string[];
  asked: string[];
}

/** A move made (or nothing to move), or refused: the record gone, or its list changed meanwhile. */
export type MoveResult = Outcome<void, OrderConflict>;

/** Raised inside a move's transaction when a record changed under it, so that nothing of the move is kept. */
class MovedMeanwhile extends Error {}

const sameOrder = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * Moves a record one place up or down its list. `order` is the list as the person saw it; the move
 * is made only if the list is still that and the record is still at `version`. Each record whose
 * place changes is audited.
 */
export async function move(db: Database, context: ChangeContext, kind: ListKind, id: number, form: { direction: Direction; version: number; order: number[] }): Promise<MoveResult> {
  const asked = moved(form.order, id, form.direction) ?? form.order;
  const conflictNow = async (): Promise<MoveResult> => {
    const placed = await db.transaction((tx) => kind.place(tx, id));
    if (!placed || placed.item.retiredAt !== null) return notFound();
    // The list is already as asked (the same button pressed twice): nothing more to do.
    if (sameOrder(placed.list.map((l) => l.id), asked)) return succeeded(undefined);
    const nameOf = (listed: number) => placed.names.get(listed) ?? "(no longer in the plan)";
    return conflicted({ saved: placed.list.map((l) => l.name), asked: asked.map(nameOf) });
  };
  try {
    const result = await db.transaction(async (tx): Promise<MoveResult | "stale"> => {
      const placed = await kind.place(tx, id);
      if (!placed || placed.item.retiredAt !== null) return notFound();
      const ids = placed.list.map((l) => l.id);
      if (!sameOrder(ids, form.order) || placed.item.version !== form.version) return "stale";
      const next = moved(ids, id, form.direction);
      // Already first (or last): there is nowhere to move it, and nothing changes.
      if (!next) return succeeded(undefined);
      const places = positionsFor(next, new Map(placed.list.map((l) => [l.id, l.position])));
      for (const listed of placed.list) {
        const position = places.get(listed.id);
        if (position === undefined || position === listed.position) continue;
        if (!(await repository.setPositionAt(tx, kind.table, listed.id, listed.version, position))) throw new MovedMeanwhile();
        await recordChange(tx, context, {
          action: "move",
          recordType: kind.recordType,
          recordId: listed.id,
          before: { [kind.nameField]: listed.name, place: placeLabel(ids.indexOf(listed.id), ids.length) },
          after: { [kind.nameField]: listed.name, place: placeLabel(next.indexOf(listed.id), next.length) },
        });
      }
      return succeeded(undefined);
    });
    return result === "stale" ? await conflictNow() : result;
  } catch (error) {
    if (error instanceof MovedMeanwhile) return conflictNow();
    throw error;
  }
}

/** Retired (or `already` so), or refused: the record gone, or changed since the person saw it. */
export type RetireResult<T> = Outcome<{ already: boolean }, T>;

/**
 * Retires a record: it leaves the plan as it stands from today, and stays in its history and in
 * reports of the periods it was part of. Refused (nothing changes) if it changed since the
 * person saw it at `version`; retiring one already retired changes nothing.
 */
export async function retire(db: Database, context: ChangeContext, kind: ListKind, id: number, version: number, now: Date): Promise<RetireResult<Listed>> {
  return db.transaction(async (tx) => {
    const placed = await kind.place(tx, id);
    if (!placed) return notFound();
    const { item } = placed;
    if (item.retiredAt !== null) return succeeded({ already: true });
    if (item.version !== version || !(await repository.retireAt(tx, kind.table, id, version, now))) return conflicted(item);
    await recordChange(tx, context, {
      action: "retire",
      recordType: kind.recordType,
      recordId: id,
      before: { [kind.nameField]: item.name, retired: null },
      after: { [kind.nameField]: item.name, retired: formatDate(londonDateOf(now)) },
    });
    return succeeded({ already: false });
  });
}
