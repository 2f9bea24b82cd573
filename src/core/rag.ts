import type { RagAmberRule } from "./measure-kinds.ts";
import type { Polarity } from "./spc.ts";

/**
 * RAG against a target: green on or better than target, amber worse but within what the
 * council's rule allows, red beyond it, and blue for a one-off target that has been completed.
 * The word always shows with the colour.
 */
export type Rag = "red" | "amber" | "green" | "blue";

export interface RagTarget {
  value: number;
  /** How far worse than target still counts as amber, in the measure's own units (inclusive). */
  tolerance: number;
  /** A target met once (a new service launched, say), not a level to hold. */
  oneOff?: boolean;
  achieved?: boolean;
}

/**
 * The council's rule for judging amber and green.
 * - `tolerance`: amber while a value is worse than target by no more than the target's own
 *   tolerance, in the measure's units; a target with no tolerance has no amber.
 * - `percentage`: amber while a value is worse than target by no more than `percent` per cent of
 *   the target's value (of the target, not percentage points: 5% of a target of 80 is 4). A
 *   target with a tolerance of its own above zero uses that tolerance instead. A target of zero
 *   has no amber under this rule, since any per cent of zero is zero.
 * `onTargetGreen`: whether a value exactly on target is green (the default) or amber.
 */
export interface RagRule {
  amber: RagAmberRule;
  percent: number;
  onTargetGreen: boolean;
}

export const defaultRagRule: RagRule = { amber: "tolerance", percent: 5, onTargetGreen: true };

export const ragLabels: Record<Rag, string> = {
  red: "Red",
  amber: "Amber",
  green: "Green",
  blue: "Blue (complete)",
};

/** How far worse than target is still amber for this target under the rule, in the measure's units. */
export function amberAllowance(target: RagTarget, rule: RagRule = defaultRagRule): number {
  const own = Math.max(0, target.tolerance);
  if (rule.amber === "tolerance" || own > 0) return own;
  return (Math.max(0, rule.percent) / 100) * Math.abs(target.value);
}

/**
 * The red, amber, green or blue rating of a value against its target under the council's rule,
 * judged by polarity; null when there is nothing to rate (no target, no value, or a measure where
 * neither direction is better).
 */
export function rag(value: number | null, target: RagTarget | null, polarity: Polarity, rule: RagRule = defaultRagRule): Rag | null {
  if (target === null) return null;
  if (target.oneOff && target.achieved) return "blue";
  if (value === null || !Number.isFinite(value) || polarity === "neither") return null;
  // How far the value falls short of target in the bad direction (zero or less is on or better than target).
  const shortfall = polarity === "higher-better" ? target.value - value : value - target.value;
  // Allow for floating-point dust: 0.60 − 0.55 should be within a tolerance of 0.05, and
  // 0.1 + 0.2 is on a target of 0.3.
  const dust = 1e-9 * Math.max(1, Math.abs(target.value), Math.abs(value));
  if (shortfall < -dust) return "green";
  if (shortfall <= dust) return rule.onTargetGreen ? "green" : "amber";
  if (shortfall <= amberAllowance(target, rule) + dust) return "amber";
  return "red";
}

function percentText(percent: number): string {
  return `${Number(percent.toFixed(2))}%`;
}

/** The rule in words, one line a colour, for the scorecard's key and a measure's page. */
export function ragRuleInWords(rule: RagRule = defaultRagRule): { rag: Rag; text: string }[] {
  const within =
    rule.amber === "tolerance"
      ? "by no more than the target's tolerance, in the measure's own units (a target with no tolerance has no amber)"
      : `by no more than ${percentText(rule.percent)} of the target (for a target of 80, by up to ${Number(((rule.percent * 80) / 100).toFixed(2))}), or by no more than the target's own tolerance where it has one`;
  return [
    { rag: "green", text: rule.onTargetGreen ? "on the target or better" : "better than the target" },
    { rag: "amber", text: `${rule.onTargetGreen ? "" : "exactly on the target, or "}worse than the target ${within}` },
    { rag: "red", text: "worse than the target by more than that" },
    { rag: "blue", text: "a one-off target that has been achieved" },
  ];
}

/**
 * Where one target's colours change, in words ("Green at 80.0% or above; amber below 80.0% down
 * to 76.0%; red below 76.0%."), with numbers written by `format`; null when the measure is not
 * rated because neither direction is better.
 */
export function ragThresholdsInWords(target: RagTarget, polarity: Polarity, rule: RagRule, format: (value: number) => string): string | null {
  if (target.oneOff && target.achieved) return "Achieved: blue.";
  if (polarity === "neither") return null;
  const higher = polarity === "higher-better";
  const allowance = amberAllowance(target, rule);
  const on = format(target.value);
  const edge = format(higher ? target.value - allowance : target.value + allowance);
  const [better, worse, toward] = higher ? ["above", "below", "down to"] : ["below", "above", "up to"];
  const green = rule.onTargetGreen ? `Green at ${on} or ${better}` : `Green ${better} ${on}`;
  if (allowance <= 0) return rule.onTargetGreen ? `${green}; red ${worse} ${on}.` : `${green}; amber at ${on}; red ${worse} ${on}.`;
  const amber = rule.onTargetGreen ? `amber ${worse} ${on} ${toward} ${edge}` : `amber from ${on} ${toward} ${edge}`;
  return `${green}; ${amber}; red ${worse} ${edge}.`;
}
