import type { MeasureDefinition } from "./definition.ts";
import { careLeaversInEducationOrWork, pathwayPlansUpToDate } from "./care-leavers.ts";
import { assessmentsIn45WorkingDays, rereferrals } from "./front-door.ts";
import {
  annualDentalChecks,
  annualHealthAssessments,
  carePlansUpToDate,
  childrenCeasingCare,
  childrenLookedAfter,
  childrenStartingCare,
  initialHealthAssessments,
  longTermStability,
  placementShares,
  threeOrMorePlacements,
} from "./looked-after.ts";

export type { MeasureDefinition } from "./definition.ts";

/** Every measure Waymark computes from case records, in MEASURES.md's order. */
export const measureDefinitions: readonly MeasureDefinition[] = [
  rereferrals,
  assessmentsIn45WorkingDays,
  carePlansUpToDate,
  pathwayPlansUpToDate,
  childrenLookedAfter,
  childrenStartingCare,
  childrenCeasingCare,
  ...placementShares,
  threeOrMorePlacements,
  longTermStability,
  initialHealthAssessments,
  annualHealthAssessments,
  annualDentalChecks,
  careLeaversInEducationOrWork,
];

export function definitionOf(code: string): MeasureDefinition | undefined {
  return measureDefinitions.find((definition) => definition.code === code);
}
