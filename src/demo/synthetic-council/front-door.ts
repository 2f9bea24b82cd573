import { englandAndWalesCalendar } from "../../core/working-days.ts";
import type { Council } from "./council.ts";
import { addDays, addMonths, daysBetween, extractDate, monthIndexOf, monthStart, onWorkingDay, recorded, workingDayDue } from "./dates.ts";
import { ageOn, isChildOn, newChild, recordChild, type Child } from "./people.ts";
import type { Random } from "./random.ts";
import { visitDays, yesNo } from "./visits.ts";
import type { Allocation } from "./workforce.ts";
import { assessmentsInTimeShare } from "./volumes.ts";

/**
 * Children who come to the front door: a contact, a referral, an assessment, and for some a
 * section 47 enquiry, an initial child protection conference and a plan (CP or CIN) with its
 * reviews and visits. About a quarter come back within 12 months of a referral, as Plymouth's did.
 */

/**
 * The share of referrals closed within 11 months that are followed by another within 12 months
 * of them: set so that re-referrals come to about 26–27% of referrals once the records have a
 * year behind them (children coming into care, whose referrals are not repeated, and referrals
 * still open a year on bring the share of all referrals down from this).
 */
const reReferralShare = 0.35;

/** Where referrals come from (CIN census ReferralSource): police, schools and health the most. */
const referralSources = [
  ["5A", 28],
  ["2A", 18],
  ["3A", 8],
  ["3B", 6],
  ["1B", 7],
  ["1A", 4],
  ["4", 5],
  ["6", 6],
  ["7", 5],
  ["8", 4],
  ["9", 3],
  ["10", 6],
] as const;

/** The child's main need (CIN census PrimaryNeedCode): abuse or neglect for over half. */
const primaryNeeds = [
  ["N1", 56],
  ["N2", 5],
  ["N3", 4],
  ["N4", 12],
  ["N5", 14],
  ["N6", 3],
  ["N7", 1],
  ["N8", 3],
  ["N9", 2],
] as const;

const abuseCategories = [
  ["NEG", 50],
  ["EMO", 34],
  ["PHY", 9],
  ["SAB", 4],
  ["MUL", 3],
] as const;

/** Ages of children at their first referral, in years: babies and teenagers the most. */
const ages = [
  [0, 12],
  [1, 6],
  [2, 6],
  [3, 6],
  [4, 6],
  [5, 6],
  [6, 6],
  [7, 6],
  [8, 6],
  [9, 6],
  [10, 6],
  [11, 6],
  [12, 6],
  [13, 6],
  [14, 6],
  [15, 5],
  [16, 3],
  [17, 1],
] as const;

/** A day in a covered month, most often a working day (referrals come when schools and offices are open). */
export function dayInMonth(random: Random, month: number): string {
  const length = daysBetween(monthStart(month), monthStart(month + 1));
  const anyDay = () => addDays(monthStart(month), random.integer(0, length - 1));
  if (!random.chance(0.92)) return anyDay();
  for (;;) {
    const day = anyDay();
    if (englandAndWalesCalendar.isWorkingDay(day)) return day;
  }
}

/** A child's age on a date, in days, from whole years drawn from `ages`. */
const ageInDays = (random: Random) => random.weighted(ages) * 365 + random.integer(0, 364);

/** How a referral went: when it closed (null: still open) and whether it ended in a child protection plan. */
interface ReferralOutcome {
  close: string | null;
  protectionPlan: boolean;
}

/** A child referred for the first time in a month, and every referral that follows for them. */
export function frontDoorChild(council: Council, month: number, index: number): void {
  const random = council.random("front door", month, index);
  let date = dayInMonth(random, month);
  const child = newChild(council, random, date, random.chance(0.04) ? null : ageInDays(random));
  let protectedBefore = false;
  let lastSeen = date;
  for (;;) {
    const outcome = referral(council, random, child, date, protectedBefore);
    protectedBefore ||= outcome.protectionPlan;
    if (outcome.close === null) break;
    lastSeen = outcome.close;
    const next = nextReferral(council, random, date, outcome.close);
    if (next === null || next > extractDate || (child.adult !== null && next >= child.adult)) break;
    date = next;
  }
  recordChild(council, random, child, lastSeen);
}

/** A child known only by contacts that went no further: advice given, or passed to early help. */
export function contactOnlyChild(council: Council, month: number, index: number): void {
  const random = council.random("contact", month, index);
  const date = dayInMonth(random, month);
  const child = newChild(council, random, date, ageInDays(random));
  const contacts = random.weighted([[1, 80], [2, 15], [3, 5]] as const);
  let day = date;
  for (let number = 0; number < contacts && day <= extractDate; number += 1) {
    contact(council, random, child, day, random.weighted([["Information and advice", 45], ["Early help", 35], ["No further action", 20]] as const), random.weighted(referralSources));
    day = addDays(day, random.integer(20, 200));
  }
  recordChild(council, random, child, date);
}

/** The date of the child's next referral, or null: within 12 months for the quota's share of those that could be, sometimes later. */
function nextReferral(council: Council, random: Random, previous: string, close: string): string | null {
  const latest = addDays(addMonths(previous, 12), -1);
  if (daysBetween(close, latest) >= 21 && council.reReferrals.next(reReferralShare)) {
    return onWorkingDay(addDays(close, random.integer(7, daysBetween(close, latest) - 3)));
  }
  if (!random.chance(0.06)) return null;
  const later = addDays(addMonths(previous, 12), random.integer(7, 540));
  return later > extractDate ? null : onWorkingDay(later);
}

function contact(council: Council, random: Random, child: Child, date: string, outcome: string, source: string): void {
  council.batches.add("ssd_contacts", {
    cont_contact_id: council.ids.next("C"),
    cont_person_id: child.id,
    cont_contact_date: date,
    cont_contact_source_code: source,
    cont_contact_source_desc: null,
    cont_contact_outcome_json: JSON.stringify({ outcome }),
  });
}

/** One referral and all that follows from it, recorded as far as the extract date. */
function referral(council: Council, random: Random, child: Child, date: string, protectedBefore: boolean): ReferralOutcome {
  const { ids, batches } = council;
  const referralId = ids.next("R");
  const source = random.weighted(referralSources);
  contact(council, random, child, addDays(date, -random.weighted([[0, 70], [1, 20], [2, 10]] as const)), "Referral to children's social care", source);

  const nfaAtReferral = random.chance(0.02);
  const s47 = !nfaAtReferral && random.chance(protectedBefore ? 0.45 : 0.3);
  const episode = (close: string | null, reason: string | null, { teamId, workerId }: Allocation) =>
    batches.add("ssd_cin_episodes", {
      cine_referral_id: referralId,
      cine_person_id: child.id,
      cine_referral_date: date,
      cine_cin_primary_need_code: random.weighted(primaryNeeds),
      cine_referral_source_code: source,
      cine_referral_source_desc: null,
      cine_referral_outcome_json: JSON.stringify({ STRATEGY_DISCUSSION_FLAG: s47 ? "Y" : "N" }),
      cine_referral_nfa: nfaAtReferral ? "Y" : "N",
      cine_close_reason: close ? reason : null,
      cine_close_date: close,
      cine_referral_team: teamId,
      cine_referral_worker_id: workerId,
    });

  if (nfaAtReferral) {
    const close = recorded(addDays(date, random.integer(0, 2)));
    episode(close, "RC8", council.workforce.allocate("front door", random));
    return { close, protectionPlan: false };
  }

  // The assessment: its timeliness decided by the quota for the month it is due to be authorised.
  const start = workingDayDue(date, random.weighted([[0, 20], [1, 35], [2, 20], [3, 10], [4, 8], [5, 7]] as const));
  const dueMonth = monthIndexOf(workingDayDue(start, 30));
  const inTime = council.assessmentsDue(dueMonth).next(assessmentsInTimeShare(dueMonth));
  const authorised = workingDayDue(start, inTime ? random.weighted([[random.integer(8, 25), 35], [random.integer(26, 40), 45], [random.integer(41, 45), 20]] as const) : random.integer(46, 80));
  const route = s47 ? "s47" : random.weighted([["cin", 33], ["nfa", 40]] as const);
  const assessor = council.allocate("assessment", random, { personId: child.id, start: date, end: recorded(authorised), referralId });
  if (start <= extractDate) {
    batches.add("ssd_cin_assessments", {
      cina_assessment_id: ids.next("A"),
      cina_person_id: child.id,
      cina_referral_id: referralId,
      cina_assessment_start_date: start,
      cina_assessment_child_seen: isChildOn(child, start) ? "Y" : "N",
      cina_assessment_auth_date: recorded(authorised),
      cina_assessment_outcome_json: recorded(authorised) ? JSON.stringify({ outcome: route === "nfa" ? "No further action" : route === "cin" ? "Child in need plan" : "Section 47 enquiry" }) : null,
      cina_assessment_outcome_nfa: recorded(authorised) ? (route === "nfa" ? "Y" : "N") : null,
      cina_assessment_team: assessor.teamId,
      cina_assessment_worker_id: assessor.workerId,
    });
  }

  let onPlan = false;
  let planFrom = authorised;
  let plan: "cin" | "none" | "open" = route === "cin" ? "cin" : "none";
  if (route === "s47") {
    const enquiry = section47(council, random, child, referralId, date);
    onPlan = enquiry.planEnd !== undefined;
    if (enquiry.planEnd === null) plan = "open";
    else if (enquiry.planEnd !== undefined) {
      planFrom = enquiry.planEnd > authorised ? enquiry.planEnd : authorised;
      plan = random.chance(0.6) ? "cin" : "none";
    } else {
      planFrom = enquiry.end > authorised ? enquiry.end : authorised;
      plan = random.chance(0.5) ? "cin" : "none";
    }
  }

  let close: string | null = null;
  let reason = "RC7";
  if (plan === "cin") {
    const end = childInNeedPlan(council, random, child, referralId, addDays(planFrom, random.integer(0, 5)));
    close = end === null ? null : recorded(addDays(end, random.integer(0, 7)));
  } else if (plan === "none") {
    close = recorded(addDays(planFrom, random.integer(0, 6)));
    if (route !== "s47") reason = random.chance(0.6) ? "RC8" : "RC9";
  }
  const heldOn = (plan !== "none" || onPlan) && authorised <= extractDate;
  const longTerm = heldOn ? council.allocate("family support", random, { personId: child.id, start: authorised, end: close, referralId }) : assessor;
  episode(close, reason, longTerm);
  return { close, protectionPlan: onPlan };
}

/**
 * A section 47 enquiry: begun at the strategy discussion (mostly the working day of the referral
 * or the next), and for about half an initial conference (most within 15 working days of the
 * discussion) that puts the child on a plan. Gives when it ended and, where there was a plan,
 * when that ended (null: still open).
 */
function section47(council: Council, random: Random, child: Child, referralId: string, referred: string): { end: string; planEnd?: string | null } {
  const { ids, batches } = council;
  const start = workingDayDue(referred, random.weighted([[0, 35], [1, 45], [2, 12], [3, 5], [5, 3]] as const));
  const end = workingDayDue(start, random.integer(4, 15));
  const conference = random.chance(0.56);
  const enquiryId = ids.next("E");
  const worker = council.workforce.allocate("assessment", random);
  if (start > extractDate) return { end };
  batches.add("ssd_s47_enquiry", {
    s47e_s47_enquiry_id: enquiryId,
    s47e_referral_id: referralId,
    s47e_person_id: child.id,
    s47e_s47_start_date: start,
    s47e_s47_end_date: recorded(end),
    s47e_s47_nfa: recorded(end) ? (conference ? "N" : "Y") : null,
    s47e_s47_outcome_json: recorded(end) ? JSON.stringify({ ICPC_REQUIRED: conference ? "Y" : "N" }) : null,
    s47e_s47_completed_by_worker_id: recorded(end) ? worker.workerId : null,
    s47e_s47_completed_by_team: recorded(end) ? worker.teamId : null,
  });
  if (!conference) return { end };

  const held = workingDayDue(start, random.chance(0.86) ? random.integer(7, 15) : random.integer(16, 28));
  if (held > extractDate) return { end, planEnd: null };
  const planned = random.chance(0.95);
  const icpcId = ids.next("K");
  const planId = planned ? ids.next("CP") : null;
  batches.add("ssd_initial_cp_conference", {
    icpc_icpc_id: icpcId,
    icpc_icpc_meeting_id: icpcId,
    icpc_s47_enquiry_id: enquiryId,
    icpc_person_id: child.id,
    icpc_cp_plan_id: planId,
    icpc_referral_id: referralId,
    icpc_icpc_transfer_in: "N",
    icpc_icpc_target_date: workingDayDue(start, 15),
    icpc_icpc_date: held,
    icpc_icpc_outcome_cp_flag: planned ? "Y" : "N",
    icpc_icpc_outcome_json: JSON.stringify({ CP_PLAN: planned ? "Y" : "N" }),
    icpc_icpc_team: worker.teamId,
    icpc_icpc_worker_id: worker.workerId,
  });
  if (!planId) return { end: held };
  return { end, planEnd: protectionPlan(council, random, child, referralId, icpcId, planId, held) };
}

/**
 * A child protection plan from the initial conference: reviewed within three months and then
 * every six (a few late), ending at a review after three months to two years; visited every one
 * to two weeks. Gives the end date (null: still open at the extract date).
 */
function protectionPlan(council: Council, random: Random, child: Child, referralId: string, icpcId: string, planId: string, start: string): string | null {
  const { ids, batches } = council;
  const reviews = random.weighted([[1, 25], [2, 40], [3, 24], [4, 8], [5, 3]] as const);
  let due = addMonths(start, 3);
  let end: string | null = null;
  for (let number = 1; number <= reviews; number += 1) {
    const held = onWorkingDay(random.chance(0.93) ? addDays(due, -random.integer(0, 14)) : addDays(due, random.integer(1, 20)));
    if (held > extractDate) break;
    const last = number === reviews;
    batches.add("ssd_cp_reviews", {
      cppr_cp_review_id: ids.next("CR"),
      cppr_person_id: child.id,
      cppr_cp_plan_id: planId,
      cppr_cp_review_due: due,
      cppr_cp_review_date: held,
      cppr_cp_review_meeting_id: null,
      cppr_cp_review_outcome_continue_cp: last ? "N" : "Y",
      cppr_cp_review_quorate: yesNo(random, 0.97),
      cppr_cp_review_participation: random.pick(["PN1", "PN2", "PN3", "PN0"]),
    });
    if (last) end = held;
    due = addMonths(held, 6);
  }
  const category = random.weighted(abuseCategories);
  batches.add("ssd_cp_plans", {
    cppl_cp_plan_id: planId,
    cppl_referral_id: referralId,
    cppl_icpc_id: icpcId,
    cppl_person_id: child.id,
    cppl_cp_plan_start_date: start,
    cppl_cp_plan_end_date: end,
    cppl_cp_plan_initial_category: category,
    cppl_cp_plan_ola: "N",
    cppl_cp_plan_latest_category: random.chance(0.9) ? category : random.weighted(abuseCategories),
    cppl_previous_plans: null,
  });
  for (const day of visitDays(random, start, end, 6, 15)) {
    if (!isChildOn(child, day)) continue;
    batches.add("ssd_cp_visits", {
      cppv_cp_visit_id: ids.next("CV"),
      cppv_person_id: child.id,
      cppv_cp_plan_id: planId,
      cppv_cp_visit_date: day,
      cppv_cp_visit_seen: yesNo(random, 0.94),
      cppv_cp_visit_seen_alone: ageOn(child, day) >= 4 ? yesNo(random, 0.65) : "N",
      cppv_cp_visit_bedroom: yesNo(random, 0.3),
    });
  }
  return end;
}

/** A child in need plan of three months to a year, with visits every four to six weeks. Gives its end (null: still open). */
function childInNeedPlan(council: Council, random: Random, child: Child, referralId: string, start: string): string | null {
  if (start > extractDate) return null;
  const { ids, batches } = council;
  const end = recorded(addDays(start, random.integer(90, 365)));
  batches.add("ssd_cin_plans", {
    cinp_cin_plan_id: ids.next("CN"),
    cinp_referral_id: referralId,
    cinp_person_id: child.id,
    cinp_cin_plan_start_date: start,
    cinp_cin_plan_end_date: end,
    cinp_cin_plan_team: null,
    cinp_cin_plan_worker_id: null,
  });
  for (const day of visitDays(random, start, end, 24, 40)) {
    if (!isChildOn(child, day)) continue;
    batches.add("ssd_cin_visits", {
      cinv_cin_visit_id: ids.next("NV"),
      cinv_person_id: child.id,
      cinv_cin_visit_date: day,
      cinv_cin_visit_seen: yesNo(random, 0.92),
      cinv_cin_visit_seen_alone: ageOn(child, day) >= 4 ? yesNo(random, 0.55) : "N",
      cinv_cin_visit_bedroom: yesNo(random, 0.2),
    });
  }
  return end;
}
