/**
 * The order a plan's priorities are shown in. In the app it is each priority's place, which an
 * editor changes with "Move up" and "Move down" while the priority keeps its number; in the plan's
 * files it is `priorityOrder` in `plan.yaml`, written only when it is not simply by number.
 */

/** What is wrong with an order against the priorities the plan has: each must be listed exactly once. */
export function priorityOrderProblems(order: readonly number[], numbers: readonly number[]): string[] {
  const problems: string[] = [];
  const known = new Set(numbers);
  const seen = new Set<number>();
  const repeated = new Set<number>();
  for (const n of order) {
    if (!known.has(n)) problems.push(`priority ${String(n)} has no file`);
    else if (seen.has(n) && !repeated.has(n)) {
      problems.push(`priority ${String(n)} is listed more than once`);
      repeated.add(n);
    }
    seen.add(n);
  }
  for (const n of [...known].sort((a, b) => a - b)) if (!seen.has(n)) problems.push(`priority ${String(n)} is missing`);
  return problems;
}

/** The order to write in the files: the priorities' numbers in the plan's order, or nothing when that is by number. */
export function priorityOrderForFiles(numbersInOrder: readonly number[]): number[] | undefined {
  const byNumber = [...numbersInOrder].sort((a, b) => a - b);
  return numbersInOrder.every((n, i) => n === byNumber[i]) ? undefined : [...numbersInOrder];
}

/**
 * Each priority's place when the plan is loaded: its place in the order the files give, counted
 * from 1, or its number when they give none. The order has been checked against the numbers.
 */
export function priorityPositions(numbers: readonly number[], order: readonly number[] | undefined): Map<number, number> {
  return new Map(numbers.map((n) => [n, order ? order.indexOf(n) + 1 : n]));
}
