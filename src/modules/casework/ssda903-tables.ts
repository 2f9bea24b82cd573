import type { CaseRow } from "./loading.ts";
import type { StoreTableName } from "./store-repository.ts";
import type { Ssda903CodeList } from "./ssda903-codes.ts";

/**
 * The tables of an SSDA903 return (children looked after), as CSV files or the XML form writes
 * them: each field's rule, and where its values go in the casework store.
 */

/** How a field of a 903 table is checked, and whether it is kept. */
export type FieldRule =
  /** The child's id (CHILD): required. */
  | { kind: "child" }
  | { kind: "date"; required?: boolean }
  | { kind: "code"; list: Ssda903CodeList; required?: boolean }
  | { kind: "whole"; min: number; max: number }
  /** Kept as written (a URN, a worker's id, another council's code). */
  | { kind: "text" }
  /** Never stored (a UPN, a postcode, a mother's child's birth date): counted in the extract's summary. */
  | { kind: "drop" }
  /** Given again in a table for checking (the date of birth outside the header): the header's is kept. */
  | { kind: "repeat" };

/** A row's fields once checked: dates as ISO dates, empty fields as null. */
export type Checked = Record<string, string | null>;

/** A store row made from a 903 row, before its place in the files is added. */
export type StoreRow = { table: StoreTableName; row: Omit<CaseRow, "file" | "place"> };

export interface Ssda903Table {
  /** As the file is named (episodes.csv) and the XML's element is called. */
  name: string;
  fields: Record<string, FieldRule>;
  /** What identifies a record of the table, in the return's own words. */
  sameRecord: string;
  /** The store rows a checked row makes, for the collection year (2025 for 2024/25). */
  store(fields: Checked, year: number): StoreRow[];
}

const child = { kind: "child" } as const;
const date = { kind: "date" } as const;
const requiredDate = { kind: "date", required: true } as const;
const code = (list: Ssda903CodeList, required = false) => ({ kind: "code", list, required }) as const;
const text = { kind: "text" } as const;
const drop = { kind: "drop" } as const;
const repeat = { kind: "repeat" } as const;
const flag = code("FLAG");

/** The child and a date or two make a record's id where the return gives none. */
const idOf = (...parts: (string | null | undefined)[]) => parts.map((part) => part ?? "").join("|");
const yesNo = (value: string | null) => (value === null ? null : value === "1" ? "Y" : "N");

export const ssda903Tables: readonly Ssda903Table[] = [
  {
    name: "header",
    fields: { CHILD: child, SEX: code("SEX", true), DOB: requiredDate, ETHNIC: code("ETHNIC"), UPN: drop, MOTHER: code("MOTHER"), MC_DOB: drop },
    sameRecord: "CHILD",
    store: (f) => [{ table: "ssd_person", row: { pers_person_id: f.CHILD ?? null, pers_sex: f.SEX ?? null, pers_dob: f.DOB ?? null, pers_ethnicity: f.ETHNIC ?? null, pers_is_mother: yesNo(f.MOTHER ?? null) } }],
  },
  {
    name: "episodes",
    fields: {
      CHILD: child,
      DECOM: requiredDate,
      RNE: code("RNE", true),
      LS: code("LS", true),
      CIN: code("CIN", true),
      PLACE: code("PLACE", true),
      PLACE_PROVIDER: code("PLACE_PROVIDER"),
      DEC: date,
      REC: code("REC"),
      REASON_PLACE_CHANGE: code("REASON_PLACE_CHANGE"),
      HOME_POST: drop,
      PL_POST: drop,
      URN: text,
      PL_LA: text,
      PL_DISTANCE: text,
      PL_LOCATION: text,
    },
    sameRecord: "CHILD and DECOM",
    store(f): StoreRow[] {
      const id = idOf(f.CHILD, f.DECOM);
      const distance = f.PL_DISTANCE === null || f.PL_DISTANCE === undefined ? null : Number(f.PL_DISTANCE);
      return [
        {
          table: "ssd_cla_episodes",
          row: {
            clae_cla_episode_id: id,
            clae_person_id: f.CHILD ?? null,
            clae_cla_episode_start_date: f.DECOM ?? null,
            clae_cla_episode_start_reason: f.RNE ?? null,
            clae_cla_primary_need_code: f.CIN ?? null,
            clae_cla_episode_ceased_date: f.DEC ?? null,
            clae_cla_episode_ceased_reason: f.REC ?? null,
            clae_cla_placement_id: id,
          },
        },
        {
          table: "ssd_cla_placement",
          row: {
            clap_cla_placement_id: id,
            clap_person_id: f.CHILD ?? null,
            clap_cla_placement_start_date: f.DECOM ?? null,
            clap_cla_placement_end_date: f.DEC ?? null,
            clap_cla_placement_type: f.PLACE ?? null,
            clap_cla_placement_provider: f.PLACE_PROVIDER ?? null,
            clap_cla_placement_urn: f.URN ?? null,
            clap_cla_placement_distance: distance !== null && Number.isFinite(distance) ? distance : null,
            clap_cla_placement_la: f.PL_LA ?? null,
            clap_cla_placement_change_reason: f.REASON_PLACE_CHANGE ?? null,
          },
        },
        { table: "ssd_legal_status", row: { lega_legal_status_id: id, lega_person_id: f.CHILD ?? null, lega_legal_status: f.LS ?? null, lega_legal_status_start_date: f.DECOM ?? null, lega_legal_status_end_date: f.DEC ?? null } },
      ];
    },
  },
  {
    name: "reviews",
    fields: { CHILD: child, DOB: repeat, REVIEW: requiredDate, REVIEW_CODE: code("REVIEW_CODE") },
    sameRecord: "CHILD and REVIEW",
    store: (f) => [{ table: "ssd_cla_reviews", row: { clar_cla_review_id: idOf(f.CHILD, f.REVIEW), clar_person_id: f.CHILD ?? null, clar_cla_review_date: f.REVIEW ?? null, clar_cla_review_participation: f.REVIEW_CODE ?? null } }],
  },
  {
    name: "uasc",
    fields: { CHILD: child, SEX: repeat, DOB: repeat, DUC: date },
    sameRecord: "CHILD",
    store: (f) => [{ table: "ssd_immigration_status", row: { immi_immigration_status_id: idOf(f.CHILD, "UASC"), immi_person_id: f.CHILD ?? null, immi_immigration_status: "UASC", immi_immigration_status_end_date: f.DUC ?? null } }],
  },
  {
    name: "oc2",
    fields: {
      CHILD: child,
      DOB: repeat,
      SDQ_SCORE: { kind: "whole", min: 0, max: 40 },
      SDQ_REASON: code("SDQ_REASON"),
      CONVICTED: flag,
      HEALTH_CHECK: flag,
      IMMUNISATIONS: flag,
      TEETH_CHECK: flag,
      HEALTH_ASSESSMENT: flag,
      SUBSTANCE_MISUSE: flag,
      INTERVENTION_RECEIVED: flag,
      INTERVENTION_OFFERED: flag,
    },
    sameRecord: "CHILD",
    store: (f, year) => [
      {
        table: "ssda903_oc2",
        row: {
          oc2_person_id: f.CHILD ?? null,
          oc2_collection_year: year,
          oc2_sdq_score: f.SDQ_SCORE === null || f.SDQ_SCORE === undefined ? null : Number(f.SDQ_SCORE),
          oc2_sdq_reason: f.SDQ_REASON ?? null,
          oc2_convicted: f.CONVICTED ?? null,
          oc2_health_check: f.HEALTH_CHECK ?? null,
          oc2_immunisations: f.IMMUNISATIONS ?? null,
          oc2_teeth_check: f.TEETH_CHECK ?? null,
          oc2_health_assessment: f.HEALTH_ASSESSMENT ?? null,
          oc2_substance_misuse: f.SUBSTANCE_MISUSE ?? null,
          oc2_intervention_received: f.INTERVENTION_RECEIVED ?? null,
          oc2_intervention_offered: f.INTERVENTION_OFFERED ?? null,
        },
      },
    ],
  },
  {
    name: "oc3",
    fields: { CHILD: child, DOB: repeat, IN_TOUCH: code("IN_TOUCH", true), ACTIV: code("ACTIV"), ACCOM: text },
    sameRecord: "CHILD",
    store: (f, year) => [
      {
        table: "ssd_care_leavers",
        row: {
          clea_table_id: idOf(f.CHILD, String(year)),
          clea_person_id: f.CHILD ?? null,
          clea_care_leaver_in_touch: f.IN_TOUCH ?? null,
          clea_care_leaver_activity: f.ACTIV ?? null,
          clea_care_leaver_accommodation: f.ACCOM?.charAt(0) ?? null,
          clea_care_leaver_accom_suitable: f.ACCOM?.charAt(1) || null,
        },
      },
    ],
  },
  {
    name: "ad1",
    fields: { CHILD: child, DOB: repeat, DATE_INT: date, DATE_MATCH: date, FOSTER_CARE: flag, NB_ADOPTR: code("NB_ADOPTR"), SEX_ADOPTR: code("SEX_ADOPTR"), LS_ADOPTR: code("LS_ADOPTR") },
    sameRecord: "CHILD",
    store: (f) => [
      {
        table: "ssd_permanence",
        row: {
          perm_table_id: idOf(f.CHILD, "AD1"),
          perm_person_id: f.CHILD ?? null,
          perm_adm_decision_date: f.DATE_INT ?? null,
          perm_matched_date: f.DATE_MATCH ?? null,
          perm_adopted_by_carer_flag: yesNo(f.FOSTER_CARE ?? null),
          perm_number_of_adopters: f.NB_ADOPTR ?? null,
          perm_adopter_sex: f.SEX_ADOPTR ?? null,
          perm_adopter_legal_status: f.LS_ADOPTR ?? null,
        },
      },
    ],
  },
  {
    name: "placed_for_adoption",
    fields: { CHILD: child, DOB: repeat, DATE_PLACED: requiredDate, DATE_PLACED_CEASED: date, REASON_PLACED_CEASED: code("REASON_PLACED_CEASED") },
    sameRecord: "CHILD and DATE_PLACED",
    store: (f) => [
      {
        table: "ssd_permanence",
        row: {
          perm_table_id: idOf(f.CHILD, "PLACED", f.DATE_PLACED),
          perm_person_id: f.CHILD ?? null,
          perm_placed_for_adoption_date: f.DATE_PLACED ?? null,
          perm_decision_reversed_date: f.DATE_PLACED_CEASED ?? null,
          perm_decision_reversed_reason: f.REASON_PLACED_CEASED ?? null,
        },
      },
    ],
  },
  {
    name: "previous_permanence",
    // DATE_PERM may be partly known (zz/05/2019), so it is kept as written.
    fields: { CHILD: child, DOB: repeat, PREV_PERM: code("PREV_PERM"), LA_PERM: text, DATE_PERM: text },
    sameRecord: "CHILD",
    store: (f) => [
      {
        table: "ssd_cla_previous_permanence",
        row: { lapp_table_id: idOf(f.CHILD, "PREVIOUS"), lapp_person_id: f.CHILD ?? null, lapp_previous_permanence_option: f.PREV_PERM ?? null, lapp_previous_permanence_la: f.LA_PERM ?? null, lapp_previous_permanence_order_date: f.DATE_PERM ?? null },
      },
    ],
  },
  {
    name: "missing",
    fields: { CHILD: child, DOB: repeat, MISSING: code("MISSING", true), MIS_START: requiredDate, MIS_END: date },
    sameRecord: "CHILD and MIS_START",
    store: (f) => [
      { table: "ssd_missing", row: { miss_table_id: idOf(f.CHILD, f.MIS_START), miss_person_id: f.CHILD ?? null, miss_missing_episode_type: f.MISSING ?? null, miss_missing_episode_start_date: f.MIS_START ?? null, miss_missing_episode_end_date: f.MIS_END ?? null } },
    ],
  },
  {
    name: "sw_episodes",
    fields: { CHILD: child, DOB: repeat, SW_ID: text, SW_DECOM: requiredDate, SW_DEC: date, SW_REASON: code("SW_REASON") },
    sameRecord: "CHILD, SW_ID and SW_DECOM",
    store: (f) => [
      {
        table: "ssd_involvements",
        row: {
          invo_involvements_id: idOf(f.CHILD, f.SW_ID, f.SW_DECOM),
          invo_person_id: f.CHILD ?? null,
          invo_professional_id: f.SW_ID ?? null,
          invo_professional_role_id: "SW",
          invo_involvement_start_date: f.SW_DECOM ?? null,
          invo_involvement_end_date: f.SW_DEC ?? null,
          invo_worker_change_reason: f.SW_REASON ?? null,
        },
      },
    ],
  },
  {
    // Deprivation of liberty orders: no measure needs them, so they are not kept.
    name: "dolo",
    fields: { CHILD: child, DOB: repeat, DOLO_START: drop, DOLO_END: drop },
    sameRecord: "CHILD and DOLO_START",
    store: () => [],
  },
];
