import { roleNames, type Role } from "../../core/role-names.ts";

export { roleNames, type Role };

export const roleLabels: Record<Role, string> = {
  administrator: "Administrator",
  plan_editor: "Plan editor",
  priority_lead: "Priority lead",
  approver: "Approver",
  performance_analyst: "Performance analyst",
  qa_officer: "Quality assurance officer",
  viewer: "Viewer",
};

/** What each role may do, in a sentence, for whoever chooses someone's roles. */
export const roleHints: Record<Role, string> = {
  administrator: "Everything but child-level data, including accounts, the audit trail and opening reporting periods",
  plan_editor: "Edits the plan's priorities, milestones and outcomes, and prepares reports",
  priority_lead: "Writes progress for the priorities chosen below",
  approver: "Approves or returns progress, and prepares and issues reports",
  performance_analyst: "Manages measures, targets, values and imports, and sees child-level data",
  qa_officer: "Records audits, practice weeks and actions, and sees child-level data",
  viewer: "Reads the plan, progress, scorecards and issued reports, never child-level data",
};

export function isRole(value: string): value is Role {
  return (roleNames as readonly string[]).includes(value);
}

/** The person making a request, as the policy sees them. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  /** For a priority lead: the priorities they may write progress for. */
  priorityIds: number[];
  /** Signed in with a one-time password: nothing but choosing their own until they do. */
  mustChangePassword?: boolean;
}
