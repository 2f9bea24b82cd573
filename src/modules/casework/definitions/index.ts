import { careLeaversInEducationOrWork, pathwayPlansUpToDate } from "./care-leavers.ts";
import {
  childrenSeenOnPlan,
  plansOpenTwoYears,
  plansReviewedInTime,
  protectionPlansUpToDate,
  subsequentPlansEver,
  subsequentPlansWithin2Years,
} from "./child-protection.ts";
import type { MeasureDefinition } from "./definition.ts";
import {
  assessmentsIn45WorkingDays,
  childSeenIn10WorkingDays,
  childSeenIn5WorkingDays,
  conferencesIn15WorkingDays,
  rereferrals,
  strategyDiscussionsIn1WorkingDay,
} from "./front-door.ts";
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
  childSeenIn5WorkingDays,
  childSeenIn10WorkingDays,
  strategyDiscussionsIn1WorkingDay,
  conferencesIn15WorkingDays,
  subsequentPlansEver,
  subsequentPlansWithin2Years,
  plansOpenTwoYears,
  plansReviewedInTime,
  childrenSeenOnPlan,
  protectionPlansUpToDate,
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
