import type { Polarity } from "./spc.ts";

/**
 * RAG against a target with a tolerance: green on or better than target, amber worse but within
 * the tolerance, red beyond it, and blue for a one-off target that has been completed. The word
 * always shows with the colour.
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

export const ragLabels: Record<Rag, string> = {
  red: "Red",
  amber: "Amber",
  green: "Green",
  blue: "Blue (complete)",
};

/** The red, amber, green or blue rating of a value against its target, judged by polarity; null when there is nothing to rate. */
export function rag(value: number | null, target: RagTarget | null, polarity: Polarity): Rag | null {
  if (target === null) return null;
  if (target.oneOff && target.achieved) return "blue";
  if (value === null || !Number.isFinite(value) || polarity === "neither") return null;
  // How far the value falls short of target in the bad direction (zero or less is on or better than target).
  const shortfall = polarity === "higher-better" ? target.value - value : value - target.value;
  // Allow for floating-point dust: 0.60 − 0.55 should be within a tolerance of 0.05.
  const dust = 1e-9 * Math.max(1, Math.abs(target.value), Math.abs(value));
  if (shortfall <= dust) return "green";
  if (shortfall <= Math.max(0, target.tolerance) + dust) return "amber";
  return "red";
}
