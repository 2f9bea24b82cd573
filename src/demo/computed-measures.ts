/**
 * The measures the demonstration computes from its synthetic case records, each set beside the
 * measure of the plan that the council's progress reports give: the computed measure takes that
 * measure's priorities and targets, so the two are read together.
 */
export const computedBesideReported: Readonly<Record<string, string>> = {
  "CIN-REREFERRAL-12M": "REREFERRALS",
  "CIN-ASSESS-45WD": "ASSESSMENTS-IN-TIME",
  "CP-STRAT-1WD": "STRATEGY-DISCUSSIONS-1WD",
  "CP-VISIT-10WD": "CP-VISITS-ON-TIME",
  "CP-PLAN-UTD": "PLANS-UP-TO-DATE-CP",
  "CLA-PLAN-UTD": "PLANS-UP-TO-DATE-CIC",
  "CLA-COUNT": "CHILDREN-IN-CARE",
  "CLA-IHA-20WD": "IHA-20WD",
  "CL-EET-NOW": "CARE-LEAVERS-EET",
};
