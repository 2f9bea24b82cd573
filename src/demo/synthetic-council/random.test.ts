import { describe, expect, it } from "vitest";
import { Quota, Random } from "./random.ts";

const draws = (random: Random, count: number) => Array.from({ length: count }, () => random.uniform());

describe("seeded random streams", () => {
  it("give the same numbers for the same name, and others for another name", () => {
    expect(draws(new Random(1, "child", 7), 5)).toEqual(draws(new Random(1, "child", 7), 5));
    expect(draws(new Random(1, "child", 7), 5)).not.toEqual(draws(new Random(1, "child", 8), 5));
    expect(draws(new Random(2, "child", 7), 5)).not.toEqual(draws(new Random(1, "child", 7), 5));
  });

  it("keep every draw in its range", () => {
    const random = new Random("ranges");
    for (let index = 0; index < 10_000; index += 1) {
      const uniform = random.uniform();
      expect(uniform >= 0 && uniform < 1).toBe(true);
      const whole = random.integer(3, 5);
      expect([3, 4, 5]).toContain(whole);
      expect(random.delay(10, 30, 2, 20)).toBeGreaterThanOrEqual(2);
      expect(random.pick(["a", "b"])).toMatch(/^[ab]$/);
    }
  });

  it.each([
    { name: "a share", draw: (random: Random) => (random.chance(0.3) ? 1 : 0), mean: 0.3, within: 0.02 },
    { name: "a small count", draw: (random: Random) => random.count(3.5), mean: 3.5, within: 0.1 },
    { name: "a large count", draw: (random: Random) => random.count(160), mean: 160, within: 1 },
    { name: "a weighted choice", draw: (random: Random) => random.weighted([[1, 3], [0, 1]] as const), mean: 0.75, within: 0.02 },
    { name: "a normal number", draw: (random: Random) => random.normal(20, 5), mean: 20, within: 0.2 },
  ])("averages out to what is asked for $name", ({ draw, mean, within }) => {
    const random = new Random("averages");
    const total = Array.from({ length: 20_000 }, () => draw(random)).reduce((sum, value) => sum + value, 0);
    expect(Math.abs(total / 20_000 - mean)).toBeLessThan(within);
  });

  it("refuses to pick from nothing", () => {
    expect(() => new Random(1).pick([])).toThrow(RangeError);
  });
});

describe("a quota", () => {
  it.each([0.71, 0.26, 0.99, 0.5])("says yes to %s of any run of calls, to within one", (share) => {
    const quota = new Quota(new Random("quota", share));
    const answers = Array.from({ length: 1_000 }, () => quota.next(share));
    for (const [from, length] of [[0, 1_000], [100, 170], [523, 41]] as const) {
      const yes = answers.slice(from, from + length).filter(Boolean).length;
      expect(Math.abs(yes - share * length)).toBeLessThanOrEqual(1);
    }
  });

  it("follows a share that changes from call to call", () => {
    const quota = new Quota(new Random("changing"));
    const shares = Array.from({ length: 600 }, (_, index) => (index < 300 ? 0.64 : 0.99));
    const yes = shares.map((share) => quota.next(share));
    expect(Math.abs(yes.slice(0, 300).filter(Boolean).length - 192)).toBeLessThanOrEqual(1);
    expect(Math.abs(yes.slice(300).filter(Boolean).length - 297)).toBeLessThanOrEqual(1);
  });
});
