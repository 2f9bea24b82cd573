import type { Frequency, Polarity, Unit } from "./measure-kinds.ts";
import { formatMeasureValue } from "./measure-format.ts";
import type { Rag } from "./rag.ts";
import { sidePrecedence, type Assurance, type SpcResult, type SpcRule, type Variation } from "./spc.ts";

/**
 * The sentences analysts write about a measure every quarter, written from its figures by rule:
 * the latest value and how it moved, the target and its RAG rating, what SPC makes of it, and how
 * the council compares with England, its region and its statistical neighbours. A clause whose
 * facts are missing is left out. Benchmarks are for a DfE year, which may not be the latest local
 * period: they are compared with the local value only when both are the same year to 31 March, and
 * otherwise given with their year.
 */

/** What SPC says about the latest point, as the commentary needs it. */
export interface SpcFacts {
  variation: Variation;
  assurance: Assurance | null;
  /** The rule that decides which side the latest point's special cause is on; null for common cause. */
  rule: SpcRule | null;
  /** Which way the special cause points: above or below the mean (or a limit), or rising or falling for a trend. */
  side: "above" | "below" | "rising" | "falling" | null;
  /** For a run on one side of the mean or a trend, how many points it has, ending at the latest. */
  run: number | null;
}

export interface BenchmarkFacts {
  /** The DfE year the figures are for: 2025 for the year to 31 March 2025. */
  year: number;
  /** The council's own published figure for that year, when published. */
  council: number | null;
  england: number | null;
  region: { name: string; value: number | null } | null;
  /** The statistical neighbours' mean, over `count` of the `of` neighbours that have a value. */
  neighbours: { mean: number | null; count: number; of: number } | null;
  /** Quartile band A–D, A the best quarter by polarity. */
  band: string | null;
  rank: { rank: number; of: number } | null;
}

export interface CommentaryFacts {
  title: string;
  unit: Unit;
  decimals: number;
  polarity: Polarity;
  frequency: Frequency;
  /** The latest value, the last day of its period and the period as people write it ("October 2025"). */
  latest: { value: number; periodEnd: string; label: string } | null;
  previous: { value: number; label: string } | null;
  /** The value for the same period a year before. */
  yearAgo: { value: number; label: string } | null;
  /** The target for the latest value's plan year ("2025/26"), and the latest value's RAG rating against it. */
  target: { value: number; planYear: string; rag: Rag | null } | null;
  spc: SpcFacts | null;
  benchmark: BenchmarkFacts | null;
}

const smallNumbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/** Numbers under ten in words, as reports write them: "seven", "12". */
function countInWords(n: number): string {
  return smallNumbers[n] ?? String(n);
}

/** "1st", "2nd", "3rd", "11th", "21st", "112th", "137th". */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${String(n)}th`;
  const suffix = { 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th";
  return `${String(n)}${suffix}`;
}

/** A quartile band in words: band A is the best quarter of councils whichever way is good. */
export const quartileWords: Record<string, string> = { A: "the top quartile", B: "the second quartile", C: "the third quartile", D: "the bottom quartile" };

/** A period as it follows "in": "October 2025", "Q2 2025/26", "2024/25", "the 2024/25 academic year". */
function inPeriod(label: string): string {
  return label.endsWith("academic year") ? `the ${label}` : label;
}

/** "a", "a and b", "a, b and c". */
function listed(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1) ?? ""}`;
}

/** A region's name as it reads mid-sentence: "the South West", "London", "Yorkshire and The Humber". */
function regionName(name: string): string {
  return /^(North|South|East|West)\b/.test(name) ? `the ${name}` : name;
}

/** The whole set of facts, with the measure's formatter. */
function formatOf(facts: CommentaryFacts): (value: number) => string {
  return (value) => formatMeasureValue(value, facts.unit, facts.decimals);
}

/** Whether `now` is better or worse than `then` by the measure's polarity, or null when neither is better. */
function betterOrWorse(now: number, then: number, polarity: Polarity): "better" | "worse" | null {
  if (polarity === "neither" || now === then) return null;
  return now > then === (polarity === "higher-better") ? "better" : "worse";
}

/** "down from 27.0% in September 2025, which is better", or "the same as in September 2025" when equal as shown. */
function changeClause(facts: CommentaryFacts, now: number, then: { value: number; label: string }): string {
  const f = formatOf(facts);
  if (f(now) === f(then.value)) return `the same as in ${inPeriod(then.label)}`;
  const judged = betterOrWorse(now, then.value, facts.polarity);
  return `${now > then.value ? "up" : "down"} from ${f(then.value)} in ${inPeriod(then.label)}${judged ? `, which is ${judged}` : ""}`;
}

/** "Re-referrals within 12 months stood at 26.0% in October 2025, down from 27.0% in September 2025, which is better, and up from 24.0% in October 2024, which is worse." */
export function latestSentence(facts: CommentaryFacts): string | null {
  const { latest } = facts;
  if (!latest) return null;
  const f = formatOf(facts);
  const changes: string[] = [];
  if (facts.previous) changes.push(changeClause(facts, latest.value, facts.previous));
  // An annual measure's previous value is the one a year before: said once.
  if (facts.yearAgo && facts.yearAgo.label !== facts.previous?.label) changes.push(changeClause(facts, latest.value, facts.yearAgo));
  const moved = changes.length === 0 ? "" : `, ${changes.join(", and ")}`;
  // A title with a phrase after a comma ("…, from case records") closes it with another.
  const title = facts.title.trim().replace(/\.$/, "");
  return `${title.includes(",") ? `${title},` : title} stood at ${f(latest.value)} in ${inPeriod(latest.label)}${moved}.`;
}

/** "This is worse than the 2025/26 target of 22.0% (red)." */
export function targetSentence(facts: CommentaryFacts): string | null {
  const { target, latest } = facts;
  if (!target) return null;
  const f = formatOf(facts);
  const of = `the ${target.planYear} target of ${f(target.value)}`;
  if (target.rag === "blue") return `The ${target.planYear} target, a one-off, has been achieved (blue).`;
  if (!latest || target.rag === null) return `The ${target.planYear} target is ${f(target.value)}.`;
  const on = f(latest.value) === f(target.value);
  switch (target.rag) {
    case "green":
      return on ? `This is on ${of} (green).` : `This is better than ${of} (green).`;
    case "amber":
      return on ? `This is on ${of}, which the council counts as amber.` : `This is worse than ${of}, but within what the council allows (amber).`;
    case "red":
      return `This is worse than ${of} (red).`;
  }
}

/** Why the latest point is a special cause, in words: "a run of seven points above the mean". */
function specialCauseReason(spc: SpcFacts): string | null {
  const { rule, side, run } = spc;
  if (!rule || !side) return null;
  switch (rule) {
    case "outside-limits":
      return side === "above" ? "the latest value is above the upper process limit" : "the latest value is below the lower process limit";
    case "shift":
      return `a run of ${countInWords(run ?? 7)} points ${side} the mean`;
    case "trend":
      return `a run of ${countInWords(run ?? 7)} points, each ${side === "rising" ? "higher" : "lower"} than the one before`;
    case "two-of-three":
      return `two of the last three values are close to or beyond the ${side === "above" ? "upper" : "lower"} process limit`;
  }
}

const assuranceWords: Record<Assurance, string> = {
  pass: "The target is consistently met: the values the process gives all meet it.",
  fail: "The target is consistently not met: it will not be met without a change to how the work is done.",
  "hit-and-miss": "The target is met by some values and missed by others, as the values vary.",
};

/** What SPC makes of the latest point and the target, in plain words; nothing when there are too few values. */
export function spcSentences(facts: CommentaryFacts): string[] {
  const { spc } = facts;
  if (!spc || spc.variation === "insufficient-data") return [];
  const sentences: string[] = [];
  if (spc.variation === "common-cause") {
    sentences.push("The values vary within their usual range (common cause variation).");
  } else {
    const kind = { improvement: ", an improvement", concern: ", a concern", neither: "" }[spc.variation];
    const reason = specialCauseReason(spc);
    sentences.push(`The chart shows special cause variation${kind}${reason ? `: ${reason}` : ""}.`);
  }
  if (spc.assurance) sentences.push(assuranceWords[spc.assurance]);
  return sentences;
}

/** Whether the latest local period is the DfE year its benchmarks are for: a year to 31 March. */
function sameYearAsBenchmarks(facts: CommentaryFacts, year: number): boolean {
  return facts.frequency === "annual" && facts.latest?.periodEnd === `${String(year)}-03-31`;
}

/** A figure the council is compared with: "England", 22.6, and for a mean of fewer than all neighbours, "the mean of 8 of 10". */
interface Comparator {
  name: string;
  value: number;
  note?: string;
  /** Takes "were": "the statistical neighbours were 21.5%". */
  plural?: boolean;
}

/** "above England (22.6%) and the South West (22.1%) but below the statistical neighbours (27.0%)", and whether that is better or worse where all agree. */
function comparedWith(facts: CommentaryFacts, value: number, comparators: Comparator[]): string {
  const f = formatOf(facts);
  const groups = new Map<string, string[]>();
  for (const c of comparators) {
    const relation = f(c.value) === f(value) ? "in line with" : value > c.value ? "above" : "below";
    groups.set(relation, [...(groups.get(relation) ?? []), `${c.name} (${f(c.value)}${c.note ? `, ${c.note}` : ""})`]);
  }
  const parts = [...groups].map(([relation, names]) => `${relation} ${listed(names)}`);
  const text = parts.length === 2 ? parts.join(" but ") : listed(parts);
  const [only] = groups.keys();
  if (groups.size !== 1 || only === "in line with" || facts.polarity === "neither") return text;
  const better = (only === "above") === (facts.polarity === "higher-better");
  return `${text}, which is ${better ? "better" : "worse"}`;
}

/** "137th of 153 councils, in the bottom quartile", or either half alone. */
function standing(benchmark: BenchmarkFacts): string | null {
  const rank = benchmark.rank ? `${ordinal(benchmark.rank.rank)} of ${String(benchmark.rank.of)} councils` : null;
  const band = benchmark.band ? quartileWords[benchmark.band.trim().toUpperCase()] : undefined;
  const parts = [rank, band ? `in ${band}` : null].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(", ") : null;
}

/** England, the council's region and the statistical neighbours' mean, those that have a figure. */
function comparatorsOf(benchmark: BenchmarkFacts): Comparator[] {
  const comparators: Comparator[] = [];
  if (benchmark.england !== null) comparators.push({ name: "England", value: benchmark.england });
  if (benchmark.region && benchmark.region.value !== null) comparators.push({ name: regionName(benchmark.region.name), value: benchmark.region.value });
  const n = benchmark.neighbours;
  if (n && n.mean !== null && n.count > 0) {
    comparators.push({ name: "the statistical neighbours", value: n.mean, plural: true, ...(n.count < n.of ? { note: `the mean of ${String(n.count)} of ${String(n.of)}` } : {}) });
  }
  return comparators;
}

/**
 * How the council compares: "In 2025 the council's figure was 26.0%, above England (22.6%) and the
 * statistical neighbours (21.5%), which is worse; 137th of 153 councils, in the bottom quartile."
 * Said of the latest value itself ("That is above England…") only when it is for the same year.
 */
export function benchmarkSentence(facts: CommentaryFacts): string | null {
  const { benchmark, latest } = facts;
  if (!benchmark) return null;
  const f = formatOf(facts);
  const comparators = comparatorsOf(benchmark);
  const rankText = standing(benchmark);
  const rankAfter = rankText ? `; ${rankText}` : "";
  const year = String(benchmark.year);

  const sameYear = latest !== null && sameYearAsBenchmarks(facts, benchmark.year) && (benchmark.council === null || f(benchmark.council) === f(latest.value));
  if (sameYear) {
    if (comparators.length === 0) return rankText ? `That is ${rankText}.` : null;
    return `That is ${comparedWith(facts, latest.value, comparators)}${rankAfter}.`;
  }
  if (benchmark.council !== null) {
    const compared = comparators.length > 0 ? `, ${comparedWith(facts, benchmark.council, comparators)}` : "";
    return `In ${year} the council's figure was ${f(benchmark.council)}${compared}${rankAfter}.`;
  }
  // No figure of the council's own for the year: the others' figures, as they were that year.
  const [first, ...rest] = comparators.map((c) => ({ ...c, text: `${f(c.value)}${c.note ? ` (${c.note})` : ""}` }));
  if (!first) return rankText ? `In ${year} the council was ${rankText}.` : null;
  const figures = listed([`${first.name} ${first.plural ? "were" : "was"} ${first.text}`, ...rest.map((c) => `${c.name} ${c.text}`)]);
  return `In ${year} ${figures}${rankText ? `; the council was ${rankText}` : ""}.`;
}

/** Every sentence, in order: latest and its movement, target, SPC, benchmarks. Null for a measure with no value. */
export function generatedCommentary(facts: CommentaryFacts): string | null {
  if (!facts.latest) return null;
  const sentences = [latestSentence(facts), targetSentence(facts), ...spcSentences(facts), benchmarkSentence(facts)];
  return sentences.filter((s): s is string => s !== null).join(" ");
}

/** The SPC facts of a chart's latest point: its variation and assurance, and the rule, side and run that explain a special cause. */
export function spcFactsOf(spc: Pick<SpcResult, "variation" | "assurance" | "points" | "mean">): SpcFacts {
  const points = spc.points;
  const last = points.at(-1);
  const plain: SpcFacts = { variation: spc.variation, assurance: spc.assurance, rule: null, side: null, run: null };
  if (!last || last.specialCause === null || spc.mean === null) return plain;
  const rule = sidePrecedence.find((r) => last.rules.includes(r)) ?? null;
  if (!rule) return plain;
  const mean = spc.mean;
  if (rule === "trend") {
    const rising = last.value > (points.at(-2)?.value ?? last.value);
    let run = 1;
    for (let i = points.length - 1; i > 0; i--) {
      const step = (points[i]?.value ?? 0) - (points[i - 1]?.value ?? 0);
      if (step === 0 || step > 0 !== rising) break;
      run += 1;
    }
    return { ...plain, rule, side: rising ? "rising" : "falling", run };
  }
  const above = last.value > mean;
  let run = 0;
  for (let i = points.length - 1; i >= 0; i--) {
    const value = points[i]?.value ?? mean;
    if (value === mean || value > mean !== above) break;
    run += 1;
  }
  return { ...plain, rule, side: above ? "above" : "below", run: rule === "shift" ? run : null };
}

/** Whether saved commentary is the generated text unchanged (spaces and line breaks aside). */
export function isGeneratedText(saved: string, generated: string | null): boolean {
  if (generated === null) return false;
  const plain = (text: string) => text.replace(/\s+/g, " ").trim();
  return plain(saved) === plain(generated);
}
