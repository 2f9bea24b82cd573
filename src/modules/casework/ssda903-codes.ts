/**
 * The SSDA903 return's code lists, as DfE's guide for the collection years 2021/22 to 2025/26
 * gives them. A code in any of those years is accepted: a return for an earlier year may carry a
 * code a later year retired (H5, P2), and a later one codes the year added (K3, Z11–Z14).
 */

const codes = (...list: string[]): ReadonlySet<string> => new Set(list);

export const ssda903Codes = {
  SEX: codes("1", "2"),
  ETHNIC: codes("WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"),
  /** Reason for new episode: a new period of care (S), a change of placement (P), legal status (L) or both (B), or of carer's address or name (T, U). */
  RNE: codes("S", "P", "L", "T", "U", "B"),
  LS: codes("C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"),
  /** Category of need. */
  CIN: codes("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"),
  PLACE: codes("A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1", "Z11", "Z12", "Z13", "Z14"),
  PLACE_PROVIDER: codes("PR0", "PR1", "PR2", "PR3", "PR4", "PR5"),
  /** Reason episode ceased; X1 is an episode that ended for a change of placement or legal status within the same period of care. */
  REC: codes("E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E45", "E46", "E47", "E48", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "X1"),
  REASON_PLACE_CHANGE: codes("ALLEG", "APPRR", "CARPL", "CHILD", "CLOSE", "CREQB", "CREQO", "CUSTOD", "LAREQ", "OTHER", "PLACE", "STAND"),
  REVIEW_CODE: codes("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"),
  MISSING: codes("M", "A"),
  IN_TOUCH: codes("YES", "NO", "DIED", "REFU", "NREQ", "RHOM"),
  /** Main activity of a care leaver; F3 and P3 were retired but still appear in older returns, 0 is no information. */
  ACTIV: codes("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"),
  /** The first character of a care leaver's accommodation (the second says whether it is suitable: 1 yes, 2 no). */
  ACCOM_TYPE: codes("B", "C", "D", "E", "G", "H", "K", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "0"),
  PREV_PERM: codes("P1", "P2", "P3", "P4", "Z1"),
  /** OC2's and AD1's yes-or-no answers. */
  FLAG: codes("0", "1"),
  MOTHER: codes("0", "1"),
  SDQ_REASON: codes("SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"),
  NB_ADOPTR: codes("1", "2"),
  SEX_ADOPTR: codes("M1", "F1", "MM", "FF", "MF"),
  LS_ADOPTR: codes("L0", "L11", "L12", "L2", "L3", "L4"),
  REASON_PLACED_CEASED: codes("E11", "E12", "RD1", "RD2", "RD3", "RD4"),
  SW_REASON: codes("CHCHAN", "FCLOSE", "MANAGE", "ORGRST", "OTHER", "SWLEFT", "UNKNOWN"),
} as const;

export type Ssda903CodeList = keyof typeof ssda903Codes;
