/**
 * Scoring risks on the council's 5 × 5 matrix: likelihood and impact each from 1 to 5, the score
 * their product (1 to 25), and the score's rating by the council's bands. The words for each level
 * and where each band starts are the council's setting; `defaultRiskScale` is what a council starts with.
 */

export const riskLevels = [1, 2, 3, 4, 5] as const;
export type RiskLevel = (typeof riskLevels)[number];

export const riskRatings = ["low", "medium", "high", "very-high"] as const;
export type RiskRating = (typeof riskRatings)[number];

export const riskRatingLabels: Record<RiskRating, string> = { low: "Low", medium: "Medium", high: "High", "very-high": "Very high" };

/** The council's scale: five words for each of likelihood and impact, lowest first, and the lowest score of each band above low. */
export interface RiskScale {
  likelihood: readonly string[];
  impact: readonly string[];
  /** The lowest score rated medium, high and very high: rising, each from 2 to 25. */
  mediumFrom: number;
  highFrom: number;
  veryHighFrom: number;
}

export const defaultRiskScale: RiskScale = {
  likelihood: ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"],
  impact: ["Negligible", "Minor", "Moderate", "Major", "Severe"],
  mediumFrom: 5,
  highFrom: 10,
  veryHighFrom: 15,
};

export function isRiskLevel(value: number): value is RiskLevel {
  return Number.isInteger(value) && value >= 1 && value <= 5;
}

/** A likelihood and an impact, each 1 to 5. */
export interface RiskScore {
  likelihood: RiskLevel;
  impact: RiskLevel;
}

export const scoreOf = (score: RiskScore): number => score.likelihood * score.impact;

/** A score's rating by the scale's bands. */
export function ratingOf(score: number, scale: RiskScale): RiskRating {
  if (score >= scale.veryHighFrom) return "very-high";
  if (score >= scale.highFrom) return "high";
  if (score >= scale.mediumFrom) return "medium";
  return "low";
}

/** A score in words with its parts: "16 Very high (likelihood 4 Likely × impact 4 Major)". */
export function scoreInWords(score: RiskScore, scale: RiskScale): string {
  const total = scoreOf(score);
  return `${String(total)} ${riskRatingLabels[ratingOf(total, scale)]} (likelihood ${String(score.likelihood)} ${scale.likelihood[score.likelihood - 1] ?? ""} × impact ${String(score.impact)} ${scale.impact[score.impact - 1] ?? ""})`;
}

/** What is wrong with a scale as typed, field by field, or nothing. */
export function scaleProblems(scale: RiskScale): Partial<Record<"likelihood" | "impact" | "mediumFrom" | "highFrom" | "veryHighFrom", string>> {
  const problems: Partial<Record<"likelihood" | "impact" | "mediumFrom" | "highFrom" | "veryHighFrom", string>> = {};
  for (const field of ["likelihood", "impact"] as const) {
    const words = scale[field];
    if (words.length !== 5 || words.some((w) => w.trim() === "")) problems[field] = `Enter five words for ${field}, one for each level from 1 to 5`;
    else if (new Set(words.map((w) => w.trim().toLowerCase())).size !== 5) problems[field] = `Each level of ${field} needs its own word`;
  }
  const bands = [
    ["mediumFrom", scale.mediumFrom, "Medium"],
    ["highFrom", scale.highFrom, "High"],
    ["veryHighFrom", scale.veryHighFrom, "Very high"],
  ] as const;
  let previous = 1;
  for (const [field, from, label] of bands) {
    if (!Number.isInteger(from) || from < 2 || from > 25) problems[field] = `${label} must start at a whole score from 2 to 25`;
    else if (from <= previous) problems[field] = `${label} must start above the band below it`;
    previous = Number.isInteger(from) ? from : previous;
  }
  return problems;
}

/** How much risk the council will take in pursuit of the aim: the appetite a target score reflects. */
export const riskAppetites = ["averse", "minimal", "cautious", "open", "eager"] as const;
export type RiskAppetite = (typeof riskAppetites)[number];

export const riskAppetiteLabels: Record<RiskAppetite, string> = {
  averse: "Averse: avoid the risk",
  minimal: "Minimal: as little as possible",
  cautious: "Cautious: a preference for safe options",
  open: "Open: willing to consider all options",
  eager: "Eager: keen to take chances for the reward",
};

/** A re-score against the one before it: whether the score after controls went up, down or stayed. */
export type ScoreChange = "new" | "increased" | "decreased" | "unchanged";

export const scoreChangeLabels: Record<ScoreChange, string> = { new: "First scored", increased: "Increased", decreased: "Decreased", unchanged: "Unchanged" };

export function scoreChange(previous: number | null, latest: number): ScoreChange {
  if (previous === null) return "new";
  if (latest > previous) return "increased";
  if (latest < previous) return "decreased";
  return "unchanged";
}

/** One cell of the heat map: a likelihood and an impact, its score and rating, and how many risks sit in it. */
export interface HeatCell {
  likelihood: RiskLevel;
  impact: RiskLevel;
  score: number;
  rating: RiskRating;
  count: number;
}

/**
 * The heat map: a row for each impact, highest first, each with a cell for each likelihood, lowest
 * first, counting the scores given. Scores outside the matrix are not counted.
 */
export function heatMap(scores: readonly RiskScore[], scale: RiskScale): { impact: RiskLevel; cells: HeatCell[] }[] {
  return [...riskLevels].reverse().map((impact) => ({
    impact,
    cells: riskLevels.map((likelihood) => {
      const score = likelihood * impact;
      return { likelihood, impact, score, rating: ratingOf(score, scale), count: scores.filter((s) => s.likelihood === likelihood && s.impact === impact).length };
    }),
  }));
}
