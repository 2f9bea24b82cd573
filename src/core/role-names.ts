/** The roles an account may hold, in the order they are listed everywhere; the order is the database's. */
export const roleNames = ["administrator", "plan_editor", "priority_lead", "approver", "performance_analyst", "qa_officer", "viewer"] as const;
export type Role = (typeof roleNames)[number];
