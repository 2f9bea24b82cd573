import type { Council } from "./council.ts";
import { addDays, addMonths, birthday, daysBetween, extractDate, firstDay, monthIndexOf, monthStart, onWorkingDay, recorded, workingDayDue } from "./dates.ts";
import { ageOn, newChild, recordChild, type Child } from "./people.ts";
import type { Random } from "./random.ts";
import { visitDays, yesNo } from "./visits.ts";
import { healthAssessmentsInTimeShare } from "./volumes.ts";
import { personalAdviserRole, type Allocation } from "./workforce.ts";

/**
 * Children looked after, made place by place: the council has about as many places in care as
 * Plymouth had children looked after, and each place is held by one child after another, the next
 * coming into care a few days to a few weeks after the last one left. So the number in care stays
 * close to Plymouth's (513 on 31 March 2024, 527 on 31 March 2025) while children come and go at
 * about its rate (168 to 193 starting a year), and the count still moves a little month to month.
 * Each child's period of care has its legal statuses, placements (a new episode at each change),
 * reviews, visits, health assessments and care plan; those who leave at 16 or over become care
 * leavers, with a record around each birthday from 17 to 21.
 */

/** Places held on 1 April 2023, and places opening one by one through 2023/24 as the number in care grows. */
export const placesAtStart = 516;
export const placesOpening = 16;

/** A period of care: its child, when it began and ended (null: still open), why it ended, and the plan that ends it. */
interface Period {
  child: Child;
  entry: string;
  leave: string | null;
  reason: string;
  plan: Permanence;
}

type Permanence = "adoption" | "special guardianship" | "return home" | "other" | "to adulthood";

const leavingReasons: Record<Permanence, readonly (readonly [string, number])[]> = {
  adoption: [
    ["E11", 3],
    ["E12", 1],
  ],
  "special guardianship": [
    ["E45", 2],
    ["E46", 3],
    ["E41", 1],
  ],
  "return home": [
    ["E4A", 9],
    ["E4B", 1],
  ],
  other: [
    ["E8", 3],
    ["E13", 2],
  ],
  "to adulthood": [
    ["E3", 5],
    ["E17", 2],
    ["E8", 2],
    ["E5", 1],
  ],
};

/** Ages coming into care, in years (Plymouth's starters: many babies, many teenagers). */
const entryAges = [0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17] as const;
/** Ages of the children already in care when the records begin. */
const stockAges = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 16, 17, 17] as const;

/** How a child's time in care ends, by their age coming in, and how many months it lasts (the rest stay until 18). */
function permanence(random: Random, age: number): { plan: Permanence; months: number } {
  const plan: Permanence =
    age <= 4
      ? random.weighted([["adoption", 30], ["special guardianship", 20], ["return home", 30], ["to adulthood", 20]] as const)
      : age <= 9
        ? random.weighted([["special guardianship", 20], ["return home", 35], ["to adulthood", 45]] as const)
        : age <= 15
          ? random.weighted([["return home", 38], ["other", 6], ["to adulthood", 56]] as const)
          : random.weighted([["return home", 20], ["other", 10], ["to adulthood", 70]] as const);
  const months = { adoption: random.integer(12, 30), "special guardianship": random.integer(8, 30), "return home": random.integer(2, 30), other: random.integer(2, 18), "to adulthood": 0 }[plan];
  return { plan, months };
}

/** Every child who holds one place in care, one after another, until the extract date. */
export function placeInCare(council: Council, place: number): void {
  const random = council.random("place in care", place);
  let period: Period;
  if (place < placesAtStart) {
    period = inCareAtStart(council, council.random("place in care", place, 0));
  } else {
    const opens = addDays(monthStart(Math.floor(((place - placesAtStart) * 12) / placesOpening)), random.integer(0, 27));
    period = comingIntoCare(council, council.random("place in care", place, 0), opens);
  }
  for (let occupant = 1; ; occupant += 1) {
    recordPeriod(council, council.random("place in care", place, occupant, "records"), period);
    if (period.leave === null) return;
    const next = addDays(period.leave, random.integer(0, 24));
    if (next > extractDate) return;
    period = comingIntoCare(council, council.random("place in care", place, occupant), next);
    if (period.entry > extractDate) return;
  }
}

/** A child in care on 1 April 2023, who came in months or years before. */
function inCareAtStart(council: Council, random: Random): Period {
  const age = random.pick(stockAges) * 365 + random.integer(0, 364);
  const child = newChild(council, random, firstDay, age);
  const span = Math.min(age, 7 * 365);
  const entry = addDays(firstDay, -random.integer(Math.min(span, 20), span));
  const entryAge = ageOn(child, entry);
  // Children still in care on a given day are more often those who stay long: a share of the
  // rest are made to stay until 18, and those whose time would already be over leave later on.
  const chosen = permanence(random, entryAge);
  let plan = chosen.plan;
  if (plan !== "to adulthood" && random.chance(0.15)) plan = "to adulthood";
  let leave = addMonths(entry, chosen.months);
  if (plan !== "to adulthood" && leave <= firstDay) leave = addDays(firstDay, random.integer(30, 1000));
  if (plan === "to adulthood" || (child.adult !== null && leave >= child.adult)) {
    plan = "to adulthood";
    leave = child.adult ?? leave;
  }
  return { child, entry, leave: recorded(leave), reason: random.weighted(leavingReasons[plan]), plan };
}

/** A child coming into care on a day (or the next working day). */
function comingIntoCare(council: Council, random: Random, day: string): Period {
  const entry = onWorkingDay(day);
  const child = newChild(council, random, entry, random.pick(entryAges) * 365 + random.integer(0, 364));
  const chosen = permanence(random, ageOn(child, entry));
  let plan = chosen.plan;
  let leave = plan === "to adulthood" ? (child.adult ?? entry) : addDays(addMonths(entry, chosen.months), random.integer(-14, 14));
  if (child.adult !== null && leave >= child.adult) {
    plan = "to adulthood";
    leave = child.adult;
  }
  return { child, entry, leave: recorded(leave), reason: random.weighted(leavingReasons[plan]), plan };
}

/** A change in a period of care: of legal status, of placement, or both. */
interface Change {
  day: string;
  legalStatus?: string;
  placement?: { type: string; provider: string };
}

/** Where a child lives: foster carers (connected, the council's own or an agency's), children's homes, supported accommodation. */
function placementFor(random: Random, age: number, day: string): { type: string; provider: string } {
  const supported = day < "2024-04-01" ? "H5" : "K3";
  const type =
    age >= 16
      ? random.weighted([["U4", 25], ["U5", 10], ["U6", 10], ["K2", 20], [supported, 30], ["U1", 5]] as const)
      : age >= 11
        ? random.weighted([["U4", 30], ["U5", 12], ["U6", 12], ["K2", 22], ["U1", 8], ["U2", 4], ["P1", 4], ["R1", 2], ["K1", 1]] as const)
        : random.weighted([["U4", 36], ["U5", 14], ["U6", 14], ["U1", 16], ["U2", 8], ["U3", 2], ["P1", 6], ["K2", 2], ["R2", 2]] as const);
  const provider = type === "P1" ? "PR0" : type.startsWith("U") && type <= "U3" ? "PR1" : type.startsWith("U") ? random.weighted([["PR1", 62], ["PR4", 34], ["PR5", 4]] as const) : random.weighted([["PR1", 30], ["PR4", 62], ["PR2", 8]] as const);
  return { type, provider };
}

/** The legal statuses and placements of a period, in date order, from its first day. */
function changesOf(random: Random, period: Period): Change[] {
  const { child, entry, leave, plan } = period;
  const end = leave ?? addDays(extractDate, 1);
  const age = ageOn(child, entry);
  const firstStatus = age >= 10 && random.chance(0.03) ? "J2" : random.weighted([["C1", 55], ["V2", 30], ["L2", 5]] as const);
  const changes: Change[] = [{ day: entry, legalStatus: firstStatus, placement: placementFor(random, age, entry) }];
  const at = (day: string) => day > entry && day < end;
  if (firstStatus === "L2") {
    const day = addDays(entry, random.integer(1, 8));
    if (at(day)) changes.push({ day, legalStatus: "C1" });
  }
  if (firstStatus === "C1" || firstStatus === "L2" || (firstStatus === "V2" && random.chance(0.3))) {
    const day = addMonths(entry, random.integer(4, 10));
    if (at(day)) changes.push({ day, legalStatus: "C2" });
  }
  const years = daysBetween(entry, end) / 365;
  for (let move = random.count(years * 0.45); move > 0; move -= 1) {
    const day = addDays(entry, random.integer(20, Math.max(21, daysBetween(entry, end) - 1)));
    if (at(day)) changes.push({ day, placement: placementFor(random, ageOn(child, day), day) });
  }
  if (plan === "adoption" && leave !== null) {
    const day = addMonths(leave, -random.integer(4, 8));
    if (at(day)) changes.push({ day, legalStatus: "E1", placement: { type: random.chance(0.8) ? "A6" : "A5", provider: "PR1" } });
  }
  changes.sort((a, b) => a.day.localeCompare(b.day));
  // Changes on the same day are one change; nothing after a child is placed for adoption moves them again.
  const merged: Change[] = [];
  for (const change of changes) {
    const last = merged[merged.length - 1];
    if (last && last.day === change.day) Object.assign(last, { legalStatus: change.legalStatus ?? last.legalStatus, placement: change.placement ?? last.placement });
    else if (!(last?.placement?.type.startsWith("A") && change.placement && !change.legalStatus)) merged.push(change);
  }
  return merged;
}

const otherCouncils = ["878", "908", "880", "933", "877"];

/** Records a period of care and everything in it. */
function recordPeriod(council: Council, random: Random, period: Period): void {
  const { ids, batches } = council;
  const { child, entry, leave } = period;
  const periodId = ids.next("PC");
  const referralId = cameIntoCareFrom(council, random, period);
  const changes = changesOf(random, period);

  let legal = { id: "", status: "", start: entry };
  let placement = { id: "", start: entry, type: "", provider: "" };
  const closeLegal = (end: string | null) => {
    if (!legal.id) return;
    batches.add("ssd_legal_status", { lega_legal_status_id: legal.id, lega_person_id: child.id, lega_legal_status: legal.status, lega_legal_status_start_date: legal.start, lega_legal_status_end_date: end });
  };
  const closePlacement = (end: string | null, reason: string | null) => {
    if (!placement.id) return;
    batches.add("ssd_cla_placement", {
      clap_cla_placement_id: placement.id,
      clap_person_id: child.id,
      clap_cla_id: periodId,
      clap_cla_placement_start_date: placement.start,
      clap_cla_placement_end_date: end,
      clap_cla_placement_type: placement.type,
      clap_cla_placement_provider: placement.provider,
      clap_cla_placement_urn: placement.type.startsWith("K") ? `SC${String(random.integer(100000, 999999))}` : null,
      clap_cla_placement_distance: Math.round((placement.provider === "PR1" || placement.provider === "PR0" ? random.uniform() * 8 : random.uniform() * 60) * 10) / 10,
      clap_cla_placement_la: placement.provider === "PR1" || placement.provider === "PR0" || random.chance(0.4) ? "879" : random.pick(otherCouncils),
      clap_cla_placement_change_reason: reason,
    });
  };

  changes.forEach((change, index) => {
    const next = changes[index + 1];
    const episodeEnd = next ? next.day : leave;
    if (change.legalStatus) {
      closeLegal(change.day);
      legal = { id: ids.next("LS"), status: change.legalStatus, start: change.day };
    }
    if (change.placement) {
      closePlacement(change.day, random.pick(["CARPL", "CHILD", "LAREQ", "PLACE", "CREQB"]));
      placement = { id: ids.next("PL"), start: change.day, ...change.placement };
    }
    batches.add("ssd_cla_episodes", {
      clae_cla_episode_id: ids.next("EP"),
      clae_person_id: child.id,
      clae_cla_episode_start_date: change.day,
      clae_cla_episode_start_reason: index === 0 ? "S" : change.legalStatus && change.placement ? "B" : change.placement ? "P" : "L",
      clae_cla_primary_need_code: "N1",
      clae_cla_episode_ceased_date: episodeEnd,
      clae_cla_episode_ceased_reason: next ? "X1" : leave ? period.reason : null,
      clae_cla_id: periodId,
      clae_referral_id: referralId,
      clae_cla_placement_id: placement.id,
      clae_entered_care_date: entry,
      clae_cla_last_iro_contact_date: null,
    });
  });
  closeLegal(leave);
  closePlacement(leave, null);

  const planned = addDays(entry, random.integer(0, 10));
  const carePlanStart = leave !== null && leave < planned ? entry : planned;
  if (carePlanStart <= extractDate) {
    batches.add("ssd_cla_care_plan", {
      lacp_table_id: ids.next("LP"),
      lacp_person_id: child.id,
      lacp_cla_care_plan_start_date: carePlanStart,
      lacp_cla_care_plan_end_date: leave,
      lacp_cla_care_plan_json: JSON.stringify({ PERMANENCE_PLAN: period.plan === "to adulthood" ? "Long-term fostering or residential care" : period.plan }),
    });
  }
  let worker = entry;
  while (worker <= extractDate && (leave === null || worker < leave)) {
    const until = addMonths(worker, random.integer(12, 30));
    const end = leave !== null && leave < until ? leave : recorded(until);
    council.allocate("children in care", random, { personId: child.id, start: worker, end, referralId });
    if (end === null) break;
    worker = end;
  }
  reviewsAndVisits(council, random, periodId, period);
  healthAssessments(council, random, period);
  if (period.plan === "to adulthood" || (leave !== null && ageOn(child, leave) >= 16 && period.plan === "other")) careLeaver(council, random, child, leave);
  recordChild(council, random, child, leave ?? extractDate);
}

/** The referral a child came into care from: a few days to two months before, closed when they left. */
function cameIntoCareFrom(council: Council, random: Random, period: Period): string {
  const referralId = council.ids.next("R");
  const referred = addDays(period.entry, -random.integer(3, 60));
  const leave = period.leave;
  const close = leave === null ? null : recorded(addDays(leave, random.integer(0, 10)));
  const reason = { adoption: "RC1", "special guardianship": "RC4", "return home": "RC7", other: "RC7", "to adulthood": random.chance(0.2) ? "RC6" : "RC7" }[period.plan];
  const source = random.weighted([["5A", 30], ["3A", 15], ["2A", 15], ["8", 20], ["10", 20]] as const);
  council.batches.add("ssd_contacts", {
    cont_contact_id: council.ids.next("C"),
    cont_person_id: period.child.id,
    cont_contact_date: referred,
    cont_contact_source_code: source,
    cont_contact_source_desc: null,
    cont_contact_outcome_json: JSON.stringify({ outcome: "Referral to children's social care" }),
  });
  const worker = council.workforce.allocate("children in care", random);
  council.batches.add("ssd_cin_episodes", {
    cine_referral_id: referralId,
    cine_person_id: period.child.id,
    cine_referral_date: referred,
    cine_cin_primary_need_code: random.weighted([["N1", 70], ["N4", 10], ["N5", 10], ["N8", 6], ["N2", 4]] as const),
    cine_referral_source_code: source,
    cine_referral_source_desc: null,
    cine_referral_outcome_json: JSON.stringify({ STRATEGY_DISCUSSION_FLAG: "N" }),
    cine_referral_nfa: "N",
    cine_close_reason: close ? reason : null,
    cine_close_date: close,
    cine_referral_team: worker.teamId,
    cine_referral_worker_id: worker.workerId,
  });
  return referralId;
}

/**
 * Reviews (the first within 20 working days of coming into care, the next within three months,
 * then every six) and visits about every six weeks, as far as they fall in the records.
 */
function reviewsAndVisits(council: Council, random: Random, periodId: string, period: Period): void {
  const { ids, batches } = council;
  const { child, entry, leave } = period;
  const last = leave !== null && leave < extractDate ? leave : extractDate;
  let due = entry >= firstDay ? workingDayDue(entry, 20) : addDays(entry, 28);
  let held = entry >= firstDay ? workingDayDue(entry, random.chance(0.92) ? random.integer(10, 20) : random.integer(21, 30)) : due;
  for (let number = 1; held <= last; number += 1) {
    if (held >= firstDay) {
      batches.add("ssd_cla_reviews", {
        clar_cla_review_id: ids.next("RV"),
        clar_cla_id: periodId,
        clar_person_id: child.id,
        clar_cla_review_due_date: due,
        clar_cla_review_date: held,
        clar_cla_review_cancelled: "N",
        clar_cla_review_participation: random.pick(["PN1", "PN1", "PN2", "PN3", "PN4", "PN5", "PN0"]),
      });
    }
    due = addMonths(held, number === 1 ? 3 : 6);
    const drawn = random.chance(0.94) ? addDays(due, -random.integer(0, 21)) : addDays(due, random.integer(1, 25));
    held = drawn >= firstDay ? onWorkingDay(drawn) : drawn;
  }
  for (const day of visitDays(random, entry, leave, 28, 45)) {
    batches.add("ssd_cla_visits", {
      clav_cla_visit_id: ids.next("LV"),
      clav_cla_id: periodId,
      clav_person_id: child.id,
      clav_cla_visit_date: day,
      clav_cla_visit_seen: yesNo(random, 0.96),
      clav_cla_visit_seen_alone: ageOn(child, day) >= 4 ? yesNo(random, 0.6) : "N",
    });
  }
}

/**
 * Health assessments: the initial one (type "IHA") for children coming into care while the records
 * run, within 20 working days for the quota's share (about 71%) of those still in care by then;
 * then reviews ("RHA") every six months under five, yearly from five, and a yearly dental check.
 */
function healthAssessments(council: Council, random: Random, period: Period): void {
  const { ids, batches } = council;
  const { child, entry, leave } = period;
  const inCare = (day: string) => day <= extractDate && (leave === null || day < leave);
  const record = (type: string, day: string) =>
    batches.add("ssd_cla_health", { clah_health_check_id: ids.next("H"), clah_person_id: child.id, clah_health_check_type: type, clah_health_check_date: day, clah_health_check_status: "Completed" });
  if (entry >= firstDay) {
    const due = workingDayDue(entry, 20);
    if (inCare(due) || (leave === null && due > extractDate)) {
      const day = council.healthAssessmentsFor(monthIndexOf(entry)).next(healthAssessmentsInTimeShare) ? workingDayDue(entry, random.integer(5, 20)) : workingDayDue(entry, random.integer(21, 55));
      if (inCare(day)) record("IHA", day);
    } else if (random.chance(0.5)) {
      const day = workingDayDue(entry, random.integer(4, 12));
      if (inCare(day)) record("IHA", day);
    }
  }
  for (let day = addMonths(entry, ageOn(child, entry) < 5 ? 6 : 12); inCare(day); day = addMonths(day, ageOn(child, day) < 5 ? 6 : 12)) {
    if (day >= firstDay) record("RHA", addDays(day, -random.integer(0, 30)));
  }
  for (let day = addMonths(entry, random.integer(2, 11)); inCare(day); day = addMonths(day, 12)) {
    if (day >= firstDay && ageOn(child, day) >= 1) record("Dental", day);
  }
}

/** Care leavers' activity (EET: F1–F5, P1–P5; not: G4–G6) and accommodation (its type, and 1 suitable or 2 not). */
const activities = [
  ["F1", 6],
  ["P1", 2],
  ["F2", 18],
  ["P2", 4],
  ["F4", 12],
  ["P4", 6],
  ["F5", 2],
  ["P5", 2],
  ["G4", 28],
  ["G5", 8],
  ["G6", 12],
] as const;
const accommodations = ["B", "D", "E", "K", "S", "S", "S", "T", "U", "V", "V", "Z"] as const;

/**
 * A care leaver: a record around each birthday from 17 to 21 after leaving care (the contact
 * nearest the birthday, the activity and accommodation it found, the pathway plan's last review
 * and the personal adviser), for the birthdays the records cover.
 */
export function careLeaver(council: Council, random: Random, child: Child, left: string | null): void {
  if (!child.dob || left === null) return;
  let adviser: Allocation | null = null;
  for (let age = 17; age <= 21; age += 1) {
    const day = birthday(child.dob, age);
    if (day < left) continue;
    const contact = addDays(day, random.integer(-80, 25));
    if (contact < firstDay || contact > extractDate) continue;
    adviser ??= council.allocate("leaving care", random, { personId: child.id, start: left, end: recorded(birthday(child.dob, 25)), role: personalAdviserRole });
    const inTouch = random.weighted([["YES", 88], ["NO", 4], ["REFU", 3], ["NREQ", 3], ["RHOM", 2]] as const);
    const known = inTouch === "YES";
    council.batches.add("ssd_care_leavers", {
      clea_table_id: council.ids.next("CL"),
      clea_person_id: child.id,
      clea_care_leaver_eligibility: age < 18 ? "Relevant" : "Former Relevant",
      clea_care_leaver_in_touch: inTouch,
      clea_care_leaver_latest_contact: contact,
      clea_care_leaver_accommodation: known ? random.pick(accommodations) : null,
      clea_care_leaver_accom_suitable: known ? (random.chance(0.87) ? "1" : "2") : null,
      clea_care_leaver_activity: known ? random.weighted(activities) : null,
      clea_pathway_plan_review_date: addDays(contact, -random.integer(0, 170)),
      clea_care_leaver_personal_advisor: adviser.workerId,
      clea_care_leaver_allocated_team: adviser.teamId,
      clea_care_leaver_worker_id: adviser.workerId,
    });
  }
}

/**
 * A young person who left care at 18 in one of the three years before the records begin (so is
 * 19 to 21 while they run): their period of care, in one episode, and their care leaver records.
 */
export function formerCareLeaver(council: Council, cohort: number, index: number): void {
  const random = council.random("former care leaver", cohort, index);
  const adult = addDays(monthStart(-12 * (cohort + 1)), random.integer(0, 364));
  const child = newChild(council, random, adult, 18 * 365 + 4);
  const left = child.adult ?? adult;
  const entry = addDays(left, -random.integer(400, 1800));
  const { ids, batches } = council;
  const periodId = ids.next("PC");
  const placementId = ids.next("PL");
  const type = random.weighted([["U4", 40], ["U6", 20], ["K2", 20], ["H5", 20]] as const);
  batches.add("ssd_cla_episodes", {
    clae_cla_episode_id: ids.next("EP"),
    clae_person_id: child.id,
    clae_cla_episode_start_date: entry,
    clae_cla_episode_start_reason: "S",
    clae_cla_primary_need_code: "N1",
    clae_cla_episode_ceased_date: left,
    clae_cla_episode_ceased_reason: random.weighted(leavingReasons["to adulthood"]),
    clae_cla_id: periodId,
    clae_referral_id: null,
    clae_cla_placement_id: placementId,
    clae_entered_care_date: entry,
    clae_cla_last_iro_contact_date: null,
  });
  batches.add("ssd_legal_status", { lega_legal_status_id: ids.next("LS"), lega_person_id: child.id, lega_legal_status: random.chance(0.7) ? "C2" : "V2", lega_legal_status_start_date: entry, lega_legal_status_end_date: left });
  batches.add("ssd_cla_placement", {
    clap_cla_placement_id: placementId,
    clap_person_id: child.id,
    clap_cla_id: periodId,
    clap_cla_placement_start_date: entry,
    clap_cla_placement_end_date: left,
    clap_cla_placement_type: type,
    clap_cla_placement_provider: type === "U4" ? "PR1" : "PR4",
    clap_cla_placement_urn: null,
    clap_cla_placement_distance: Math.round(random.uniform() * 300) / 10,
    clap_cla_placement_la: "879",
    clap_cla_placement_change_reason: null,
  });
  careLeaver(council, random, child, left);
  recordChild(council, random, child, left);
}
