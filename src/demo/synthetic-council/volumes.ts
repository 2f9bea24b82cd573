import { calendarMonthOf } from "./dates.ts";

/**
 * How much happens in the synthetic council, month by month: sized on DfE's published figures for
 * Plymouth (old_la_code 879), typed in here from the files named beside each number, with the
 * month-to-month shape a council's figures have (fewer referrals in August and December, more in
 * the autumn and spring terms) and the improvement its seeds report in assessments.
 */

/** c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv, `referral_count`, time_period 2025. */
export const publishedReferrals2025 = 2_806;
/** The same file, `rereferral_count`, time_period 2025 (26% of referrals). */
export const publishedRereferrals2025 = 729;
/** cla_number_and_rate_per_10k_children.csv, "Children looked after on 31 March each year", `children_count`: 513 in 2024, 527 in 2025. */
export const publishedLookedAfter2024 = 513;
export const publishedLookedAfter2025 = 527;
/** The same file, "Children starting to be looked after each year", `children_count`: 193 in 2024, 168 in 2025. */
export const publishedStarters = [193, 168] as const;
/** The same file, "Children ceasing to be looked after each year", `children_count`: 184 in 2024, 156 in 2025. */
export const publishedCeasers = [184, 156] as const;
/** d3_cpps_subsequent_plan_2013_to_2025.csv, `CPP_start`, time_period 2025. */
export const publishedPlanStarts2025 = 411;
/** la_care_leavers_accommodation_suitability.csv, "Suitability total", time_period 2025: 69 aged 17 to 18, 202 aged 19 to 21 (about 67 a year of age). */
export const publishedCareLeaversPerYearOfAge = Math.round(202 / 3);
/** csww_indicators_2017_to_2025.csv, time_period 2025: `case_holders_fte` 85.7, `caseload_fte` 15.8. */
export const publishedCaseHoldersFte = 85.7;

/** Children referred again more than 12 months after a referral: about 4% of referrals (not published; an estimate). */
const laterReferralShare = 0.04;

/**
 * First referrals in a steady month: the year's published count less the re-referrals, the
 * later referrals (both of which the children's own histories add) and the referrals of children
 * coming into care (which the places in care add), spread over twelve months.
 */
export const firstReferralsPerMonth = (publishedReferrals2025 - publishedRereferrals2025 - publishedReferrals2025 * laterReferralShare - publishedStarters[1]) / 12;

/** Referrals by calendar month, relative to the year's average: school holidays are quieter. */
const season: Record<number, number> = { 1: 1.04, 2: 1.03, 3: 1.06, 4: 0.95, 5: 1.03, 6: 1.04, 7: 1.0, 8: 0.88, 9: 0.99, 10: 1.06, 11: 1.05, 12: 0.92 };

/**
 * The signal for SPC to find: from November 2025 referrals step up by a fifth and stay up (a
 * council's front door after a change in a partner's referral practice), so every month from
 * then to November 2026 sits above the mean of 2024/25: a run of 13 points on one side of the
 * mean (a shift), and a new level once limits are recalculated from November 2025.
 */
export const referralStepMonth = 31;
const referralStep = 1.2;

/**
 * Through 2023/24 some children "referred for the first time" stand in for the re-referrals of
 * children whose earlier referrals came before the records begin: nearly half as many again in April 2023,
 * tapering to none by April 2024, so the number of referrals is steady from the start while the
 * re-referral rate the records show rises through that year.
 */
const beforeTheRecords = (month: number) => (month < 12 ? 1 + 0.45 * (1 - (month + 0.5) / 12) : 1);

/** First referrals expected in a covered month (index from April 2023). */
export function firstReferralsExpected(month: number): number {
  return firstReferralsPerMonth * (season[calendarMonthOf(month)] ?? 1) * (month >= referralStepMonth ? referralStep : 1) * beforeTheRecords(month);
}

/**
 * The share of assessments completed within 45 working days, by the month they are authorised:
 * about 64% through 2023/24, rising about six points a month from March 2024 to 99% from August 2024
 * and staying there, as the seeds report the improvement through 2024.
 */
export function assessmentsInTimeShare(month: number): number {
  const rampStart = 11;
  const rampEnd = 16;
  if (month < rampStart) return 0.64;
  if (month >= rampEnd) return 0.99;
  return 0.64 + ((0.99 - 0.64) * (month - rampStart + 1)) / (rampEnd - rampStart + 1);
}

/** The share of children coming into care whose initial health assessment is done within 20 working days (the seeds: about 71%). */
export const healthAssessmentsInTimeShare = 0.71;
