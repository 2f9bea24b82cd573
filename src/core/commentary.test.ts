import { describe, expect, it } from "vitest";
import {
  benchmarkSentence,
  generatedCommentary,
  isGeneratedText,
  latestSentence,
  ordinal,
  quartileWords,
  spcFactsOf,
  spcSentences,
  targetSentence,
  type BenchmarkFacts,
  type CommentaryFacts,
  type SpcFacts,
} from "./commentary.ts";
import { xmr } from "./spc.ts";

/** Re-referrals, lower is better, monthly, with every fact present. */
const rereferrals: CommentaryFacts = {
  title: "Re-referrals within 12 months",
  unit: "percentage",
  decimals: 1,
  polarity: "lower-better",
  frequency: "monthly",
  latest: { value: 26, periodEnd: "2025-10-31", label: "October 2025" },
  previous: { value: 27, label: "September 2025" },
  yearAgo: { value: 20.1, label: "October 2024" },
  target: { value: 22, planYear: "2025/26", rag: "red" },
  spc: { variation: "concern", assurance: "fail", rule: "shift", side: "above", run: 7 },
  benchmark: {
    year: 2025,
    council: 26,
    england: 22.6,
    region: { name: "South West", value: 22.1 },
    neighbours: { mean: 21.47, count: 10, of: 10 },
    band: "D",
    rank: { rank: 137, of: 153 },
  },
};

const with_ = (changes: Partial<CommentaryFacts>): CommentaryFacts => ({ ...rereferrals, ...changes });
const benchmarkWith = (changes: Partial<BenchmarkFacts>): CommentaryFacts => with_({ benchmark: { ...(rereferrals.benchmark as BenchmarkFacts), ...changes } });

describe("ordinals", () => {
  it.each<[number, string]>([
    [1, "1st"],
    [2, "2nd"],
    [3, "3rd"],
    [4, "4th"],
    [11, "11th"],
    [12, "12th"],
    [13, "13th"],
    [21, "21st"],
    [22, "22nd"],
    [23, "23rd"],
    [101, "101st"],
    [111, "111th"],
    [112, "112th"],
    [113, "113th"],
    [137, "137th"],
    [153, "153rd"],
  ])("%i is %s", (n, text) => {
    expect(ordinal(n)).toBe(text);
  });

  it("names each quartile band, A the best", () => {
    expect(quartileWords).toEqual({ A: "the top quartile", B: "the second quartile", C: "the third quartile", D: "the bottom quartile" });
  });
});

describe("the latest value and how it moved", () => {
  it.each<[string, CommentaryFacts, string | null]>([
    ["lower is better: down is better, up is worse", rereferrals, "Re-referrals within 12 months stood at 26.0% in October 2025, down from 27.0% in September 2025, which is better, and up from 20.1% in October 2024, which is worse."],
    [
      "higher is better: up is better, down is worse",
      with_({ title: "Assessments within 45 working days", polarity: "higher-better", latest: { value: 80, periodEnd: "2025-06-30", label: "Q1 2025/26" }, previous: { value: 75.5, label: "Q4 2024/25" }, yearAgo: { value: 82, label: "Q1 2024/25" } }),
      "Assessments within 45 working days stood at 80.0% in Q1 2025/26, up from 75.5% in Q4 2024/25, which is better, and down from 82.0% in Q1 2024/25, which is worse.",
    ],
    [
      "neither way better: up and down, unjudged",
      with_({ title: "Contacts", unit: "count", decimals: 0, polarity: "neither", latest: { value: 1204, periodEnd: "2025-10-31", label: "October 2025" }, previous: { value: 1100, label: "September 2025" }, yearAgo: { value: 1300, label: "October 2024" } }),
      "Contacts stood at 1,204 in October 2025, up from 1,100 in September 2025, and down from 1,300 in October 2024.",
    ],
    [
      "equal at the shown decimals is the same",
      with_({ previous: { value: 26.04, label: "September 2025" }, yearAgo: null }),
      "Re-referrals within 12 months stood at 26.0% in October 2025, the same as in September 2025.",
    ],
    [
      "a rate per 10,000",
      with_({ title: "Children looked after", unit: "rate-per-10000", polarity: "neither", latest: { value: 71.23, periodEnd: "2025-03-31", label: "2024/25" }, previous: { value: 68, label: "2023/24" }, yearAgo: { value: 68, label: "2023/24" } }),
      "Children looked after stood at 71.2 per 10,000 in 2024/25, up from 68.0 per 10,000 in 2023/24.",
    ],
    ["an annual measure's previous value is its year-ago value, said once", with_({ frequency: "annual", previous: { value: 20.1, label: "2023/24" }, yearAgo: { value: 20.1, label: "2023/24" }, latest: { value: 26, periodEnd: "2025-03-31", label: "2024/25" } }), "Re-referrals within 12 months stood at 26.0% in 2024/25, up from 20.1% in 2023/24, which is worse."],
    ["an academic year", with_({ frequency: "academic-year", latest: { value: 26, periodEnd: "2025-08-31", label: "2024/25 academic year" }, previous: null, yearAgo: null }), "Re-referrals within 12 months stood at 26.0% in the 2024/25 academic year."],
    [
      "a title with a phrase after a comma closes it",
      with_({ title: "Re-referrals within 12 months, from case records", previous: null, yearAgo: null }),
      "Re-referrals within 12 months, from case records, stood at 26.0% in October 2025.",
    ],
    ["only one value: no movement", with_({ previous: null, yearAgo: null }), "Re-referrals within 12 months stood at 26.0% in October 2025."],
    ["no value: nothing", with_({ latest: null }), null],
  ])("%s", (_name, facts, sentence) => {
    expect(latestSentence(facts)).toBe(sentence);
  });
});

describe("the target", () => {
  it.each<[string, CommentaryFacts, string | null]>([
    ["red, lower is better", rereferrals, "This is worse than the 2025/26 target of 22.0% (red)."],
    ["amber", with_({ target: { value: 25, planYear: "2025/26", rag: "amber" } }), "This is worse than the 2025/26 target of 25.0%, but within what the council allows (amber)."],
    ["amber exactly on target, where the council counts it so", with_({ target: { value: 26, planYear: "2025/26", rag: "amber" } }), "This is on the 2025/26 target of 26.0%, which the council counts as amber."],
    ["green, better", with_({ target: { value: 30, planYear: "2025/26", rag: "green" } }), "This is better than the 2025/26 target of 30.0% (green)."],
    ["green, on the target at the shown decimals", with_({ target: { value: 25.96, planYear: "2025/26", rag: "green" } }), "This is on the 2025/26 target of 26.0% (green)."],
    ["green, higher is better", with_({ polarity: "higher-better", target: { value: 20, planYear: "2025/26", rag: "green" } }), "This is better than the 2025/26 target of 20.0% (green)."],
    ["a one-off achieved", with_({ target: { value: 1, planYear: "2025/26", rag: "blue" } }), "The 2025/26 target, a one-off, has been achieved (blue)."],
    ["not rated where neither way is better", with_({ polarity: "neither", target: { value: 30, planYear: "2025/26", rag: null } }), "The 2025/26 target is 30.0%."],
    ["a count", with_({ unit: "count", decimals: 0, latest: { value: 14, periodEnd: "2024-12-31", label: "December 2024" }, target: { value: 5, planYear: "2024/25", rag: "red" } }), "This is worse than the 2024/25 target of 5 (red)."],
    ["no target: nothing", with_({ target: null }), null],
  ])("%s", (_name, facts, sentence) => {
    expect(targetSentence(facts)).toBe(sentence);
  });
});

describe("what SPC makes of it", () => {
  const spc = (changes: Partial<SpcFacts>): CommentaryFacts => with_({ spc: { ...(rereferrals.spc as SpcFacts), ...changes } });
  it.each<[string, CommentaryFacts, string[]]>([
    ["a run above the mean, a concern, and a target consistently missed", rereferrals, ["The chart shows special cause variation, a concern: a run of seven points above the mean.", "The target is consistently not met: it will not be met without a change to how the work is done."]],
    ["a longer run below the mean, an improvement", spc({ variation: "improvement", side: "below", run: 12, assurance: null }), ["The chart shows special cause variation, an improvement: a run of 12 points below the mean."]],
    ["outside the upper limit", spc({ rule: "outside-limits", side: "above", run: null, assurance: "hit-and-miss" }), ["The chart shows special cause variation, a concern: the latest value is above the upper process limit.", "The target is met by some values and missed by others, as the values vary."]],
    ["outside the lower limit", spc({ variation: "improvement", rule: "outside-limits", side: "below", run: null, assurance: "pass" }), ["The chart shows special cause variation, an improvement: the latest value is below the lower process limit.", "The target is consistently met: the values the process gives all meet it."]],
    ["a falling trend", spc({ variation: "improvement", rule: "trend", side: "falling", run: 8, assurance: null }), ["The chart shows special cause variation, an improvement: a run of eight points, each lower than the one before."]],
    ["a rising trend", spc({ rule: "trend", side: "rising", run: 7, assurance: null }), ["The chart shows special cause variation, a concern: a run of seven points, each higher than the one before."]],
    ["two of three near a limit", spc({ rule: "two-of-three", side: "above", run: null, assurance: null }), ["The chart shows special cause variation, a concern: two of the last three values are close to or beyond the upper process limit."]],
    ["special cause where neither way is better", spc({ variation: "neither", assurance: null }), ["The chart shows special cause variation: a run of seven points above the mean."]],
    ["common cause, briefly", spc({ variation: "common-cause", rule: null, side: null, run: null, assurance: null }), ["The values vary within their usual range (common cause variation)."]],
    ["too few values: nothing", spc({ variation: "insufficient-data", rule: null, side: null, run: null, assurance: null }), []],
    ["no SPC: nothing", with_({ spc: null }), []],
  ])("%s", (_name, facts, sentences) => {
    expect(spcSentences(facts)).toEqual(sentences);
  });

  it.each<[string, number[], "higher-better" | "lower-better", Partial<SpcFacts>]>([
    ["a run of seven above the mean", [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11.5, 11.5, 11.5, 11.5, 11.5, 11.5, 11.5], "lower-better", { variation: "concern", rule: "shift", side: "above", run: 7 }],
    ["a falling trend", [10, 14, 10, 14, 10, 14, 10, 14, 10, 14, 13.5, 13, 12.5, 12, 11.5, 11], "lower-better", { variation: "improvement", rule: "trend", side: "falling", run: 7 }],
    ["a point above the upper limit", [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 40], "higher-better", { variation: "improvement", rule: "outside-limits", side: "above", run: null }],
    ["common cause", [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11], "higher-better", { variation: "common-cause", rule: null, side: null, run: null }],
  ])("reads %s from a chart", (_name, values, polarity, expected) => {
    const chart = xmr(values.map((value, i) => ({ period: `p${String(i)}`, value })), { polarity });
    expect(spcFactsOf(chart)).toMatchObject(expected);
  });
});

describe("how the council compares", () => {
  it.each<[string, CommentaryFacts, string | null]>([
    [
      "a later local period: the benchmarks are given with their year",
      rereferrals,
      "In 2025 the council's figure was 26.0%, above England (22.6%), the South West (22.1%) and the statistical neighbours (21.5%), which is worse; 137th of 153 councils, in the bottom quartile.",
    ],
    [
      "the same year to March: said of the latest value",
      with_({ frequency: "annual", latest: { value: 26, periodEnd: "2025-03-31", label: "2024/25" } }),
      "That is above England (22.6%), the South West (22.1%) and the statistical neighbours (21.5%), which is worse; 137th of 153 councils, in the bottom quartile.",
    ],
    [
      "the same year but a revised local figure: given with the year",
      with_({ frequency: "annual", latest: { value: 27, periodEnd: "2025-03-31", label: "2024/25" } }),
      "In 2025 the council's figure was 26.0%, above England (22.6%), the South West (22.1%) and the statistical neighbours (21.5%), which is worse; 137th of 153 councils, in the bottom quartile.",
    ],
    [
      "higher is better: above is better, in the top quartile",
      with_({ polarity: "higher-better", benchmark: { ...(rereferrals.benchmark as BenchmarkFacts), band: "A", rank: { rank: 1, of: 153 } } }),
      "In 2025 the council's figure was 26.0%, above England (22.6%), the South West (22.1%) and the statistical neighbours (21.5%), which is better; 1st of 153 councils, in the top quartile.",
    ],
    [
      "lower is better, below all: better",
      benchmarkWith({ council: 19.7, england: 24.5, region: { name: "South West", value: 26.2 }, neighbours: { mean: 26.31, count: 10, of: 10 }, band: "A", rank: { rank: 34, of: 153 } }),
      "In 2025 the council's figure was 19.7%, below England (24.5%), the South West (26.2%) and the statistical neighbours (26.3%), which is better; 34th of 153 councils, in the top quartile.",
    ],
    [
      "in line with England at the shown decimals",
      benchmarkWith({ england: 26.04, band: "C", rank: { rank: 112, of: 153 } }),
      "In 2025 the council's figure was 26.0%, in line with England (26.0%) but above the South West (22.1%) and the statistical neighbours (21.5%); 112th of 153 councils, in the third quartile.",
    ],
    [
      "above some, below others, in line with one",
      benchmarkWith({ england: 22.6, region: { name: "North East", value: 30 }, neighbours: { mean: 26, count: 10, of: 10 }, band: "B", rank: { rank: 42, of: 153 } }),
      "In 2025 the council's figure was 26.0%, above England (22.6%), below the North East (30.0%) and in line with the statistical neighbours (26.0%); 42nd of 153 councils, in the second quartile.",
    ],
    ["a region that takes no 'the'", benchmarkWith({ region: { name: "London", value: 22.1 }, band: null, rank: null }), "In 2025 the council's figure was 26.0%, above England (22.6%), London (22.1%) and the statistical neighbours (21.5%), which is worse."],
    [
      "a neighbour mean of fewer than all ten",
      benchmarkWith({ england: null, region: null, neighbours: { mean: 21.47, count: 8, of: 10 }, band: null, rank: null }),
      "In 2025 the council's figure was 26.0%, above the statistical neighbours (21.5%, the mean of 8 of 10), which is worse.",
    ],
    [
      "the council's own figure suppressed: the others' figures with their year",
      benchmarkWith({ council: null, band: null, rank: null }),
      "In 2025 England was 22.6%, the South West 22.1% and the statistical neighbours 21.5%.",
    ],
    ["only England published", benchmarkWith({ council: null, region: null, neighbours: { mean: null, count: 0, of: 10 }, band: null, rank: null }), "In 2025 England was 22.6%."],
    ["England suppressed, a rank", benchmarkWith({ council: null, england: null, region: null, neighbours: { mean: 21.47, count: 10, of: 10 }, band: "D", rank: { rank: 137, of: 153 } }), "In 2025 the statistical neighbours were 21.5%; the council was 137th of 153 councils, in the bottom quartile."],
    ["only a rank", benchmarkWith({ council: null, england: null, region: null, neighbours: null, band: null, rank: { rank: 21, of: 152 } }), "In 2025 the council was 21st of 152 councils."],
    ["only a band", benchmarkWith({ council: null, england: null, region: null, neighbours: null, band: "b", rank: null }), "In 2025 the council was in the second quartile."],
    ["a count against England's", with_({ unit: "count", decimals: 0, benchmark: { year: 2025, council: 410, england: 390000, region: null, neighbours: null, band: null, rank: null } }), "In 2025 the council's figure was 410, below England (390,000), which is better."],
    ["nothing published for the year", benchmarkWith({ council: null, england: null, region: null, neighbours: null, band: null, rank: null }), null],
    ["no benchmarks: nothing", with_({ benchmark: null }), null],
  ])("%s", (_name, facts, sentence) => {
    expect(benchmarkSentence(facts)).toBe(sentence);
  });
});

describe("the whole commentary", () => {
  it("says each clause in order", () => {
    expect(generatedCommentary(rereferrals)).toBe(
      "Re-referrals within 12 months stood at 26.0% in October 2025, down from 27.0% in September 2025, which is better, and up from 20.1% in October 2024, which is worse. " +
        "This is worse than the 2025/26 target of 22.0% (red). " +
        "The chart shows special cause variation, a concern: a run of seven points above the mean. " +
        "The target is consistently not met: it will not be met without a change to how the work is done. " +
        "In 2025 the council's figure was 26.0%, above England (22.6%), the South West (22.1%) and the statistical neighbours (21.5%), which is worse; 137th of 153 councils, in the bottom quartile.",
    );
  });

  it("leaves out every clause whose facts are missing", () => {
    expect(generatedCommentary(with_({ previous: null, yearAgo: null, target: null, spc: null, benchmark: null }))).toBe("Re-referrals within 12 months stood at 26.0% in October 2025.");
  });

  it("says nothing for a measure with no value", () => {
    expect(generatedCommentary(with_({ latest: null }))).toBeNull();
  });
});

describe("saved commentary that is the generated text", () => {
  it.each<[string, string | null, boolean]>([
    ["Re-referrals stood at 26.0%.", "Re-referrals stood at 26.0%.", true],
    ["  Re-referrals stood\r\nat 26.0%. ", "Re-referrals stood at 26.0%.", true],
    ["Re-referrals stood at 26.0%. The board is looking at why.", "Re-referrals stood at 26.0%.", false],
    ["Re-referrals stood at 26.0%.", null, false],
  ])("%j against %j: %s", (saved, generated, same) => {
    expect(isGeneratedText(saved, generated)).toBe(same);
  });
});
