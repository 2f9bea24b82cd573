import type { StoreTableName } from "./store-repository.ts";

/** What each table of the store holds, as a heading on a child's record. */
export const tableHeadings: Record<StoreTableName, string> = {
  ssd_person: "Person",
  ssd_disability: "Disabilities",
  ssd_immigration_status: "Immigration status",
  ssd_contacts: "Contacts",
  ssd_cin_episodes: "Referrals and children in need episodes",
  ssd_cin_assessments: "Assessments",
  ssd_s47_enquiry: "Section 47 enquiries",
  ssd_initial_cp_conference: "Initial child protection conferences",
  ssd_cin_plans: "Child in need plans",
  ssd_cin_visits: "Child in need visits",
  ssd_cp_plans: "Child protection plans",
  ssd_cp_reviews: "Child protection reviews",
  ssd_cp_visits: "Child protection visits",
  ssd_cla_episodes: "Looked-after episodes",
  ssd_legal_status: "Legal statuses",
  ssd_cla_placement: "Placements",
  ssd_cla_reviews: "Looked-after reviews",
  ssd_cla_visits: "Looked-after visits",
  ssd_cla_health: "Health assessments and checks",
  ssd_cla_care_plan: "Care plans",
  ssd_missing: "Missing and away from placement",
  ssd_permanence: "Adoption and permanence",
  ssd_cla_previous_permanence: "Permanence before care",
  ssd_care_leavers: "Care leaver contacts",
  ssd_professionals: "Professionals",
  ssd_involvements: "Workers involved",
  ssd_department: "Teams",
  ssda903_oc2: "Outcomes of children looked after for a year (903 OC2)",
};

const shortWords: Record<string, string> = {
  cla: "CLA",
  cin: "CIN",
  cp: "CP",
  icpc: "ICPC",
  s47: "S47",
  nfa: "NFA",
  iro: "IRO",
  la: "LA",
  urn: "URN",
  dob: "date of birth",
  id: "ID",
  json: "details",
  sdq: "SDQ",
  upn: "UPN",
  ola: "other LA",
  send: "SEND",
  accom: "accommodation",
  eet: "EET",
};

/**
 * A column's SSD name as a heading: its table prefix dropped and its words spelled out
 * (`cine_referral_date` → "Referral date", `clae_cla_episode_start_reason` → "CLA episode start reason").
 */
export function columnHeading(column: string): string {
  const words = column
    .split("_")
    .slice(1)
    .map((word) => shortWords[word] ?? word);
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
