import { addDays, birthday, recorded } from "./dates.ts";
import type { Council } from "./council.ts";
import type { Random } from "./random.ts";

/** A synthetic child: id and dates of birth (an unborn child has an expected date and, once born, a date of birth). */
export interface Child {
  id: string;
  dob: string | null;
  expectedDob: string | null;
  /** The 18th birthday, or null for a child not yet born. */
  adult: string | null;
}

/** Plymouth's children are mostly White British; the rest as the 903 and CIN census code them. */
const ethnicities = [
  ["WBRI", 86],
  ["WOTH", 3],
  ["MWBC", 2],
  ["MWBA", 1],
  ["MWAS", 1],
  ["MOTH", 2],
  ["AOTH", 1],
  ["BAFR", 1],
  ["BOTH", 0.5],
  ["CHNE", 0.3],
  ["WIRT", 0.2],
  ["OOTH", 1],
  ["NOBT", 1],
] as const;

/**
 * Makes a child: born `ageInDays` before `on`, or (with `ageInDays` null) expected one to five
 * months after it, and born by then if that is before the extract date.
 */
export function newChild(council: Council, random: Random, on: string, ageInDays: number | null): Child {
  const expectedDob = ageInDays === null ? addDays(on, random.integer(30, 150)) : null;
  const dob = expectedDob ? recorded(addDays(expectedDob, random.integer(-14, 10))) : addDays(on, -(ageInDays ?? 0));
  return { id: council.ids.next("P"), dob, expectedDob, adult: dob ? birthday(dob, 18) : null };
}

/** Records a child once their story is made; a few (one in 500) die some time after `lastSeen`. */
export function recordChild(council: Council, random: Random, child: Child, lastSeen: string): void {
  const death = random.chance(0.002) ? recorded(addDays(lastSeen, random.integer(10, 400))) : null;
  council.batches.add("ssd_person", {
    pers_person_id: child.id,
    pers_sex: random.chance(0.51) ? "1" : "2",
    pers_gender: null,
    pers_ethnicity: random.weighted(ethnicities),
    pers_dob: child.dob,
    pers_expected_dob: child.expectedDob,
    pers_death_date: death,
    pers_upn_unknown: null,
    pers_send_flag: random.chance(0.14) ? "Y" : "N",
    pers_is_mother: "N",
    pers_nationality: null,
  });
}

/** Whether the child is born and under 18 on a date. */
export const isChildOn = (child: Child, date: string): boolean => child.dob !== null && child.dob <= date && (child.adult === null || date < child.adult);

/** A child's age in whole years on a date (0 before birth). */
export function ageOn(child: Child, date: string): number {
  if (!child.dob || child.dob > date) return 0;
  let years = Number(date.slice(0, 4)) - Number(child.dob.slice(0, 4));
  if (birthday(child.dob, years) > date) years -= 1;
  return years;
}
