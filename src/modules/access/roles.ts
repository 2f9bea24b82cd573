import { roleNames } from "../../db/schema/access.ts";

export type Role = (typeof roleNames)[number];
export { roleNames };

export const roleLabels: Record<Role, string> = {
  administrator: "Administrator",
  plan_editor: "Plan editor",
  priority_lead: "Priority lead",
  approver: "Approver",
  performance_analyst: "Performance analyst",
  qa_officer: "Quality assurance officer",
  viewer: "Viewer",
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
}
