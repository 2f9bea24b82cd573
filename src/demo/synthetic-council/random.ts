/**
 * Seeded randomness for the synthetic council: the same seed gives the same records, on any
 * machine, in any run. Each child (and each place in care, each month) draws from a stream of its
 * own, made from the seed and its own name, so the records of one child do not shift when another
 * child's change.
 */

/** A 32-bit hash of some names and numbers (FNV-1a, then a final mix): the start of a stream. */
export function streamSeed(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = `${String(part)}\u0000`;
    for (let index = 0; index < text.length; index += 1) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return mix32(hash);
}

/** Murmur3's finaliser: spreads every input bit over the whole word. */
function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A stream of random numbers (a 32-bit counter put through a mixer), with the draws the generator needs. */
export class Random {
  #state: number;

  constructor(...parts: (string | number)[]) {
    this.#state = streamSeed(...parts);
  }

  /** A number from 0 up to (not including) 1. */
  uniform(): number {
    this.#state = (this.#state + 0x9e3779b9) >>> 0;
    return mix32(this.#state ^ (this.#state >>> 15)) / 4_294_967_296;
  }

  /** A whole number from `min` to `max`, both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.uniform() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** One of the items, each as likely. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.uniform() * items.length)];
    if (item === undefined) throw new RangeError("cannot pick from an empty list");
    return item;
  }

  /** One of the items, each as likely as its weight says: `[["WBRI", 85], ["WOTH", 4]…]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let left = this.uniform() * total;
    for (const [item, weight] of choices) {
      left -= weight;
      if (left < 0) return item;
    }
    const last = choices[choices.length - 1];
    if (!last) throw new RangeError("cannot choose from an empty list");
    return last[0];
  }

  /** A normally distributed number (Box–Muller). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.uniform();
    const v = this.uniform();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A whole number of days around `mean`, kept between `min` and `max`: how long something took. */
  delay(mean: number, sd: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, Math.round(this.normal(mean, sd))));
  }

  /** How many things happen when `mean` are expected (Poisson; a normal approximation for large means). */
  count(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let product = this.uniform();
    let events = 0;
    while (product > limit) {
      events += 1;
      product *= this.uniform();
    }
    return events;
  }
}

/**
 * Yes for a given share of the times it is asked, spread evenly rather than at random (an
 * accumulator with a random start). Used where a published figure must come out close to its
 * value at one council's size: drawn independently, 170 children entering care a year would put
 * the share seen within 20 working days anywhere from 64% to 78%.
 */
export class Quota {
  #carried: number;

  constructor(random: Random) {
    this.#carried = random.uniform();
  }

  /** Whether this one is among the share: over any run of calls, `share` of them (to within one) say yes. */
  next(share: number): boolean {
    this.#carried += share;
    if (this.#carried < 1) return false;
    this.#carried -= 1;
    return true;
  }
}
