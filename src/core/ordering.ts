/**
 * Ordered lists of the plan (priorities, a year's milestones, outcomes, key indicators, the end
 * state) are rearranged one place at a time, with a "Move up" or "Move down" button each.
 */

export type Direction = "up" | "down";

/** The order after moving `item` one place up or down; null when it cannot move that way (first, last, or not listed). */
export function moved<T>(order: readonly T[], item: T, direction: Direction): T[] | null {
  const from = order.indexOf(item);
  const to = direction === "up" ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= order.length) return null;
  const next = [...order];
  next[from] = order[to] as T;
  next[to] = item;
  return next;
}

/**
 * The position each item takes in a new order. The items share out the positions they already
 * held, in order, so records not in the list (retired or superseded ones) keep theirs; when two
 * items held one position (or any is missing) they are numbered afresh from 1.
 */
export function positionsFor(newOrder: readonly number[], positions: ReadonlyMap<number, number>): Map<number, number> {
  const held = newOrder.map((id) => positions.get(id));
  const distinct = new Set(held);
  const places = held.every((p): p is number => p !== undefined) && distinct.size === held.length ? [...held].sort((a, b) => a - b) : newOrder.map((_, i) => i + 1);
  return new Map(newOrder.map((id, i) => [id, places[i] as number]));
}

/** A place in a list, as the audit trail and history show it: "2 of 10". */
export function placeLabel(index: number, count: number): string {
  return `${String(index + 1)} of ${String(count)}`;
}
