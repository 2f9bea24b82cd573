import type { StoreTableName } from "./store-repository.ts";
import { abuse, accommodation, activity, adoptionReversed, ceased, childId, closure, count, date, eligibility, ethnicity, gender, inTouch, legalStatus, need, placementType, provider, source, suitable, text, yesNo, yesNoUnknown, type Reader } from "./annex-a-cells.ts";

/**
 * The lists of Ofsted's Annex A as the importer knows them: each list's columns (the headers met
 * in Annex A's versions, how each is read, which a row needs) and the store records each row
 * becomes. What each list means for the store is told beside `prepareAnnexA`.
 */

/** A column of a list: its headers (Annex A's own first, then the other wordings met), how its cells are read, and whether a row needs it. */
export interface Column {
  headers: string[];
  read: Reader;
  required?: boolean;
  /** Whether the words after the code are kept too, as the column's key with "Words" after it: "Police" in "q) 6: Police" as `sourceWords`. */
  keepWords?: boolean;
}

/** A value for the store, as a cell is read. */
export type Value = string | number | null;

/** A checked row of a list, as its records are made from it. */
export interface ListRow {
  child: string;
  value(column: string): Value;
  /** A record's id: the child, the kind of record and its key date. */
  id(kind: string, key: Value): string;
  extractDate: string;
  /** What List 6 adds to a referral List 3 also holds (read only for List 3 rows). */
  laterEpisode: Record<string, Value> | undefined;
  /** Whether List 3 holds this List 6 row's episode as a referral. */
  listedAsReferral: boolean;
}

/** A record a row becomes: the store's table and its columns' values. */
export interface StoreRecord {
  table: StoreTableName;
  values: Record<string, Value>;
}

/** One of Annex A's lists: its number, its own columns (besides the child's), and the records a row of it becomes. */
export interface AnnexAList {
  number: number;
  columns: Record<string, Column>;
  /** Pairs of date columns where the second may not be before the first. */
  order: [string, string][];
  records(row: ListRow): StoreRecord[];
}

/** The columns any list may have: the child's id and what every list may say of the child. */
export const personColumns: Record<string, Column> = {
  child: { headers: ["Child Unique ID", "Child ID", "Unique Child ID", "Child's Unique ID"], read: childId, required: true },
  gender: { headers: ["Gender", "Sex"], read: gender },
  ethnicity: { headers: ["Ethnicity"], read: ethnicity },
  dob: { headers: ["Date of Birth", "DOB"], read: date },
  disability: { headers: ["Does the Child have a Disability", "Disability"], read: yesNoUnknown },
  uasc: { headers: ["Unaccompanied Asylum Seeking Child"], read: yesNo },
};

const team: Column = { headers: ["Allocated Team", "Team"], read: text };

/** The lists the store holds, by number; List 2 (early help) and List 11 (adopters) are counted, not stored. */
export const lists: AnnexAList[] = [
  {
    number: 1,
    columns: { contactDate: { headers: ["Date of Contact"], read: date, required: true }, source: { headers: ["Contact Source", "Source of Contact"], read: source, keepWords: true } },
    order: [],
    records: (row) => [
      {
        table: "ssd_contacts",
        values: {
          cont_contact_id: row.id("contact", row.value("contactDate")),
          cont_person_id: row.child,
          cont_contact_date: row.value("contactDate"),
          cont_contact_source_code: row.value("source"),
          cont_contact_source_desc: row.value("sourceWords"),
        },
      },
    ],
  },
  {
    number: 3,
    columns: {
      referralDate: { headers: ["Date of Referral"], read: date, required: true },
      source: { headers: ["Referral Source", "Source of Referral"], read: source, keepWords: true },
      nfa: { headers: ["Referral NFA?", "Referral NFA"], read: yesNo },
      team,
    },
    order: [],
    records: (row) => [
      {
        table: "ssd_cin_episodes",
        values: {
          cine_referral_id: row.id("referral", row.value("referralDate")),
          cine_person_id: row.child,
          cine_referral_date: row.value("referralDate"),
          cine_referral_source_code: row.value("source"),
          cine_referral_source_desc: row.value("sourceWords"),
          cine_referral_nfa: row.value("nfa"),
          cine_referral_team: row.value("team"),
          ...row.laterEpisode,
        },
      },
    ],
  },
  {
    number: 4,
    columns: {
      startDate: { headers: ["Continuous Assessment Start Date", "Assessment Start Date"], read: date, required: true },
      seen: { headers: ["Child Seen During Continuous Assessment", "Child Seen During Assessment"], read: yesNoUnknown },
      authorised: { headers: ["Continuous Assessment Date of Authorisation", "Assessment Date of Authorisation"], read: date },
      support: { headers: ["Was the child assessed as requiring LA children's social care support?"], read: yesNoUnknown },
      team,
    },
    order: [["startDate", "authorised"]],
    records: (row) => [
      {
        table: "ssd_cin_assessments",
        values: {
          cina_assessment_id: row.id("assessment", row.value("startDate")),
          cina_person_id: row.child,
          cina_assessment_start_date: row.value("startDate"),
          cina_assessment_child_seen: yesOrNo(row.value("seen")),
          cina_assessment_auth_date: row.value("authorised"),
          // Not needing social care support is the assessment's no further action.
          cina_assessment_outcome_nfa: { Y: "N", N: "Y" }[String(row.value("support"))] ?? null,
          cina_assessment_team: row.value("team"),
        },
      },
    ],
  },
  {
    number: 5,
    columns: {
      s47Date: { headers: ["Strategy discussion initiating Section 47 Enquiry Start Date", "Section 47 Enquiry Start Date"], read: date, required: true },
      icpcUnnecessary: { headers: ["Was an Initial Child Protection Conference deemed unnecessary?"], read: yesNo },
      icpcDate: { headers: ["Date of Initial Child Protection Conference"], read: date },
      cpPlan: { headers: ["Did the Initial Child Protection Conference Result in a Child Protection Plan"], read: yesNo },
      team,
    },
    order: [["s47Date", "icpcDate"]],
    records: (row) => {
      const s47 = row.id("s47", row.value("s47Date"));
      const unnecessary = row.value("icpcUnnecessary");
      const records: StoreRecord[] = [
        {
          table: "ssd_s47_enquiry",
          values: {
            s47e_s47_enquiry_id: s47,
            s47e_person_id: row.child,
            s47e_s47_start_date: row.value("s47Date"),
            s47e_s47_outcome_json: unnecessary === null ? null : JSON.stringify({ CP_CONFERENCE_FLAG: unnecessary === "Y" ? "N" : "Y" }),
            s47e_s47_completed_by_team: row.value("team"),
          },
        },
      ];
      if (row.value("icpcDate") !== null) {
        records.push({
          table: "ssd_initial_cp_conference",
          values: {
            icpc_icpc_id: row.id("icpc", row.value("icpcDate")),
            icpc_s47_enquiry_id: s47,
            icpc_person_id: row.child,
            icpc_icpc_date: row.value("icpcDate"),
            icpc_icpc_outcome_cp_flag: row.value("cpPlan"),
            icpc_icpc_team: row.value("team"),
          },
        });
      }
      return records;
    },
  },
  {
    number: 6,
    columns: {
      startDate: { headers: ["CIN Start Date"], read: date, required: true },
      need: { headers: ["Primary Need Code", "Primary Need"], read: need },
      lastSeen: { headers: ["Date Child Was Last Seen"], read: date },
      closed: { headers: ["CIN Closure Date"], read: date },
      closeReason: { headers: ["Reason for Closure"], read: closure },
      team,
    },
    order: [["startDate", "closed"]],
    records: (row) => {
      const records: StoreRecord[] = [];
      if (!row.listedAsReferral) {
        records.push({
          table: "ssd_cin_episodes",
          values: { cine_referral_id: row.id("referral", row.value("startDate")), cine_person_id: row.child, cine_referral_date: row.value("startDate"), cine_referral_team: row.value("team"), ...cinEpisodeDetails((column) => row.value(column)) },
        });
      }
      if (row.value("lastSeen") !== null) {
        records.push({
          table: "ssd_cin_visits",
          values: { cinv_cin_visit_id: row.id("CIN visit", row.value("lastSeen")), cinv_person_id: row.child, cinv_cin_visit_date: row.value("lastSeen"), cinv_cin_visit_seen: "Y" },
        });
      }
      return records;
    },
  },
  {
    number: 7,
    columns: {
      startDate: { headers: ["Child Protection Plan Start Date"], read: date, required: true },
      initial: { headers: ["Initial Category of Abuse"], read: abuse },
      latest: { headers: ["Latest Category of Abuse"], read: abuse },
      visit: { headers: ["Date of the Last Statutory Visit", "Date of Last Statutory Visit"], read: date },
      seenAlone: { headers: ["Was the Child Seen Alone?"], read: yesNoUnknown },
      review: { headers: ["Date of latest review conference"], read: date },
      endDate: { headers: ["Child Protection Plan End Date"], read: date },
      previous: { headers: ["Number of Previous Child Protection Plans"], read: count },
    },
    order: [["startDate", "endDate"]],
    records: (row) => {
      const plan = row.id("CP plan", row.value("startDate"));
      const seenAlone = yesOrNo(row.value("seenAlone"));
      const records: StoreRecord[] = [
        {
          table: "ssd_cp_plans",
          values: {
            cppl_cp_plan_id: plan,
            cppl_person_id: row.child,
            cppl_cp_plan_start_date: row.value("startDate"),
            cppl_cp_plan_end_date: row.value("endDate"),
            cppl_cp_plan_initial_category: row.value("initial"),
            cppl_cp_plan_latest_category: row.value("latest"),
            cppl_previous_plans: row.value("previous"),
          },
        },
      ];
      if (row.value("visit") !== null) {
        // A child seen alone was seen; otherwise Annex A does not say whether the child was seen.
        records.push({
          table: "ssd_cp_visits",
          values: { cppv_cp_visit_id: row.id("CP visit", row.value("visit")), cppv_person_id: row.child, cppv_cp_plan_id: plan, cppv_cp_visit_date: row.value("visit"), cppv_cp_visit_seen: seenAlone === "Y" ? "Y" : null, cppv_cp_visit_seen_alone: seenAlone },
        });
      }
      if (row.value("review") !== null) {
        records.push({ table: "ssd_cp_reviews", values: { cppr_cp_review_id: row.id("CP review", row.value("review")), cppr_person_id: row.child, cppr_cp_plan_id: plan, cppr_cp_review_date: row.value("review") } });
      }
      return records;
    },
  },
  {
    number: 8,
    columns: {
      startDate: { headers: ["Date Started to be Looked After"], read: date, required: true },
      need: { headers: ["Child's Category of Need", "Category of Need"], read: need },
      legalStart: { headers: ["Start date of current legal status"], read: date },
      legalStatus: { headers: ["Child's Legal Status", "Legal Status"], read: legalStatus },
      review: { headers: ["Date of Latest Statutory Review"], read: date },
      visit: { headers: ["Date of Last Social Work Visit"], read: date },
      iro: { headers: ["Date of Last IRO Visit / Contact to the Child"], read: date },
      ceasedDate: { headers: ["Date Ceased to be Looked After"], read: date },
      ceasedReason: { headers: ["Reason Ceased to be Looked After"], read: ceased },
      placementStart: { headers: ["Start Date of Most Recent Placement"], read: date },
      placementType: { headers: ["Placement Type"], read: placementType },
      provider: { headers: ["Placement Provider"], read: provider },
      urn: { headers: ["URN of Placement"], read: text },
    },
    order: [
      ["startDate", "ceasedDate"],
      ["placementStart", "ceasedDate"],
    ],
    records: (row) => {
      const period = row.id("CLA period", row.value("startDate"));
      const placement = row.value("placementStart") === null ? null : row.id("placement", row.value("placementStart"));
      const records: StoreRecord[] = [
        {
          table: "ssd_cla_episodes",
          values: {
            clae_cla_episode_id: period,
            clae_person_id: row.child,
            clae_cla_episode_start_date: row.value("startDate"),
            clae_entered_care_date: row.value("startDate"),
            clae_cla_primary_need_code: row.value("need"),
            clae_cla_episode_ceased_date: row.value("ceasedDate"),
            clae_cla_episode_ceased_reason: row.value("ceasedReason"),
            clae_cla_id: period,
            clae_cla_placement_id: placement,
            clae_cla_last_iro_contact_date: row.value("iro"),
          },
        },
      ];
      if (row.value("legalStart") !== null) {
        records.push({
          table: "ssd_legal_status",
          values: { lega_legal_status_id: row.id("legal status", row.value("legalStart")), lega_person_id: row.child, lega_legal_status: row.value("legalStatus"), lega_legal_status_start_date: row.value("legalStart"), lega_legal_status_end_date: row.value("ceasedDate") },
        });
      }
      if (placement !== null) {
        records.push({
          table: "ssd_cla_placement",
          values: {
            clap_cla_placement_id: placement,
            clap_person_id: row.child,
            clap_cla_id: period,
            clap_cla_placement_start_date: row.value("placementStart"),
            clap_cla_placement_end_date: row.value("ceasedDate"),
            clap_cla_placement_type: row.value("placementType"),
            clap_cla_placement_provider: row.value("provider"),
            clap_cla_placement_urn: row.value("urn"),
          },
        });
      }
      if (row.value("review") !== null) {
        records.push({ table: "ssd_cla_reviews", values: { clar_cla_review_id: row.id("CLA review", row.value("review")), clar_cla_id: period, clar_person_id: row.child, clar_cla_review_date: row.value("review") } });
      }
      if (row.value("visit") !== null) {
        records.push({ table: "ssd_cla_visits", values: { clav_cla_visit_id: row.id("CLA visit", row.value("visit")), clav_cla_id: period, clav_person_id: row.child, clav_cla_visit_date: row.value("visit") } });
      }
      return records;
    },
  },
  {
    number: 9,
    columns: {
      eligibility: { headers: ["Eligibility Category"], read: eligibility },
      pathwayReview: { headers: ["Latest Pathway Plan Review Date"], read: date },
      inTouch: { headers: ["LA in Touch"], read: inTouch },
      contact: { headers: ["Latest Date of Contact"], read: date },
      accommodation: { headers: ["Type of Accommodation"], read: accommodation },
      suitable: { headers: ["Suitability of Accommodation"], read: suitable },
      activity: { headers: ["Activity Status"], read: activity },
      team,
    },
    order: [],
    records: (row) => [
      {
        table: "ssd_care_leavers",
        values: {
          // The list is a snapshot: a later workbook's row for the young person is another row, not a change to this one.
          clea_table_id: row.id("care leaver", row.extractDate),
          clea_person_id: row.child,
          clea_care_leaver_eligibility: row.value("eligibility"),
          clea_care_leaver_in_touch: row.value("inTouch"),
          clea_care_leaver_latest_contact: row.value("contact"),
          clea_care_leaver_accommodation: row.value("accommodation"),
          clea_care_leaver_accom_suitable: row.value("suitable"),
          clea_care_leaver_activity: row.value("activity"),
          clea_pathway_plan_review_date: row.value("pathwayReview"),
          clea_care_leaver_allocated_team: row.value("team"),
        },
      },
    ],
  },
  {
    number: 10,
    columns: {
      decision: { headers: ["Date of Decision that Child Should be Placed for Adoption"], read: date, required: true },
      matched: { headers: ["Date of Matching Child and Prospective Adopters"], read: date },
      placed: { headers: ["Date Placed for Adoption"], read: date },
      reversed: { headers: ["Date of Decision that Child Should No Longer be Placed for Adoption"], read: date },
      reversedReason: { headers: ["Reason Why Child No Longer Placed for Adoption"], read: adoptionReversed },
      fostering: { headers: ["Date the child was placed for fostering in FFA or concurrent planning placement"], read: date },
    },
    order: [
      ["decision", "reversed"],
      ["decision", "placed"],
    ],
    records: (row) => [
      {
        table: "ssd_permanence",
        values: {
          perm_table_id: row.id("adoption", row.value("decision")),
          perm_person_id: row.child,
          perm_adm_decision_date: row.value("decision"),
          perm_matched_date: row.value("matched"),
          perm_placed_for_adoption_date: row.value("placed"),
          perm_decision_reversed_date: row.value("reversed"),
          perm_decision_reversed_reason: row.value("reversedReason"),
          perm_placed_foster_carer_date: row.value("fostering"),
        },
      },
    ],
  },
];

/** Lists Annex A has that the store does not hold: their rows are counted in the extract's summary. */
export const unstoredLists = new Map([
  [2, ["Child Unique ID"]],
  [11, ["Individual adopter identifier", "Adopter identifier"]],
]);

/** Columns never stored whatever list they are in: staff names and postcodes by their Annex A headers, anything else by its header's words. */
export const droppedHeaders = new Set(["allocated worker", "allocated personal advisor", "allocated personal adviser", "placement postcode"]);
export const droppedWords = /\b(names?|upn|address(es)?|postcode|post code|nhs|comments?|notes?)\b/;

/** What List 6 says of a child-in-need episode, from a List 6 row's values. */
export function cinEpisodeDetails(value: (column: string) => Value): Record<string, Value> {
  return { cine_cin_primary_need_code: value("need"), cine_close_date: value("closed"), cine_close_reason: value("closeReason") };
}

const yesOrNo = (answer: Value) => (answer === "Y" || answer === "N" ? answer : null);

/** What makes two rows of a table the same record, in Annex A's words. */
export const sameRecord: Partial<Record<StoreTableName, string>> = {
  ssd_person: "Child Unique ID",
  ssd_disability: "Child Unique ID",
  ssd_immigration_status: "Child Unique ID",
  ssd_contacts: "Child Unique ID and Date of Contact",
  ssd_cin_episodes: "Child Unique ID and Date of Referral (CIN Start Date in List 6)",
  ssd_cin_visits: "Child Unique ID and Date Child Was Last Seen",
  ssd_cin_assessments: "Child Unique ID and Continuous Assessment Start Date",
  ssd_s47_enquiry: "Child Unique ID and Strategy discussion initiating Section 47 Enquiry Start Date",
  ssd_initial_cp_conference: "Child Unique ID and Date of Initial Child Protection Conference",
  ssd_cp_plans: "Child Unique ID and Child Protection Plan Start Date",
  ssd_cp_visits: "Child Unique ID and Date of the Last Statutory Visit",
  ssd_cp_reviews: "Child Unique ID and Date of latest review conference",
  ssd_cla_episodes: "Child Unique ID and Date Started to be Looked After",
  ssd_legal_status: "Child Unique ID and Start date of current legal status",
  ssd_cla_placement: "Child Unique ID and Start Date of Most Recent Placement",
  ssd_cla_reviews: "Child Unique ID and Date of Latest Statutory Review",
  ssd_cla_visits: "Child Unique ID and Date of Last Social Work Visit",
  ssd_care_leavers: "Child Unique ID (once in List 9)",
  ssd_permanence: "Child Unique ID and Date of Decision that Child Should be Placed for Adoption",
};
