import { riskLevels, scaleProblems, type RiskScale } from "../../core/risk-scores.ts";
import type { Problems, Read } from "../../web/forms.ts";
import { recordVersion, text } from "../../web/inputs.ts";

/** The longest word for a level of likelihood or impact: a few words, not a sentence. */
const longestWord = 60;

/** The two sets of words the scale holds, as the form names their boxes (`likelihood-1` to `likelihood-5`) and labels them. */
const wordSets = [
  ["likelihood", "Likelihood"],
  ["impact", "Impact"],
] as const;

const bandFields = ["mediumFrom", "highFrom", "veryHighFrom"] as const;

/** The scale as its form holds it: a box for each level's word and each band's first score. */
export function scaleValues(scale: RiskScale): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [field] of wordSets) riskLevels.forEach((level, i) => (values[`${field}-${String(level)}`] = scale[field][i] ?? ""));
  for (const field of bandFields) values[field] = String(scale[field]);
  return values;
}

/** A band's first score as typed: digits only, or not a number (which the scale's rules refuse, naming the band). */
function bandOf(typed: unknown): number {
  return typeof typed === "string" && /^\s*\d{1,3}\s*$/.test(typed) ? Number(typed.trim()) : Number.NaN;
}

/**
 * The council's scale as its form sent it, with the version of the scale the form was read at.
 * The problems of each set of words sit on its first box (`likelihood`, `impact`), those of each
 * band on its box, in the words of the scale's own rules.
 */
export function readScaleForm(body: Record<string, unknown>): Read<{ scale: RiskScale; version: number }> {
  const problems: Problems = {};
  const version = recordVersion(0).safeParse(body.version);
  if (!version.success) problems.version = version.error.issues[0]?.message ?? "";
  const words = { likelihood: [] as string[], impact: [] as string[] };
  for (const [field, label] of wordSets) {
    for (const level of riskLevels) {
      const typed = text(`${label} ${String(level)}`, longestWord).safeParse(body[`${field}-${String(level)}`]);
      if (typed.success) words[field].push(typed.data);
      else problems[field] ??= typed.error.issues[0]?.message ?? "";
    }
  }
  const scale: RiskScale = { likelihood: words.likelihood, impact: words.impact, mediumFrom: bandOf(body.mediumFrom), highFrom: bandOf(body.highFrom), veryHighFrom: bandOf(body.veryHighFrom) };
  for (const [field, problem] of Object.entries(scaleProblems(scale))) problems[field] ??= problem;
  if (!version.success || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, form: { scale, version: version.data } };
}
