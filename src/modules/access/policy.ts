import type { ReportKind } from "../../core/report-kinds.ts";
import type { Actor, Role } from "./roles.ts";

/**
 * The actions each module defines, by module: every module adds its own list here from its
 * actions.ts (`declare module "../access/index.ts"`), so a new module's actions are declared by
 * that module and the table below will not compile until each has its roles.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by each module
export interface ModuleActions {}

/**
 * Who may do what: the one place authorisation is decided. Every route names the action it
 * performs (see `Rule`); a route without a rule cannot be registered.
 */
export type Action = ModuleActions[keyof ModuleActions][number];

/** A route's rule: open to anyone, to anyone signed in, or to those allowed an action. */
export type Rule = "public" | "signed-in" | Action;

const everyone: Role[] = ["administrator", "plan_editor", "priority_lead", "approver", "performance_analyst", "qa_officer", "viewer"];

const allowed: Record<Action, Role[]> = {
  "plan:read": everyone,
  "plan:edit": ["administrator", "plan_editor"],
  "history:read": ["administrator", "plan_editor", "approver"],
  "progress:write": ["administrator", "priority_lead"],
  "progress:approve": ["administrator", "approver"],
  // Opening reporting periods and writing the service-wide highlights and challenges.
  "progress:manage": ["administrator"],
  "measures:manage": ["administrator", "performance_analyst"],
  // Issued reports are public papers once they go to a meeting: everyone signed in reads them.
  "reports:read": everyone,
  // Preparing a report: its cover sheet and words, and drafts built from approved data. Quality
  // assurance officers prepare and issue learning reports only (see `can`).
  "reports:write": ["administrator", "plan_editor", "approver", "performance_analyst", "qa_officer"],
  "reports:issue": ["administrator", "approver", "qa_officer"],
  "users:manage": ["administrator"],
  "audit:read": ["administrator"],
  // The reminders sent and held (the outbox): what they said and to whom.
  "reminders:read": ["administrator"],
  // Importing case records and reading what each import held: the numbers, never a child's rows.
  "casework:import": ["administrator", "performance_analyst"],
  // A child's own records: only the roles that work with child-level data, and each view recorded.
  "casework:read": ["performance_analyst", "qa_officer"],
  // Audit templates and case audits: recording and moderating them.
  "quality:record": ["administrator", "qa_officer"],
  // Reading audits one by one: those who record them and the analysts. Everyone signed in, priority
  // leads and approvers among them, reads the grades by quarter, with small counts suppressed for
  // those who do not record audits.
  "quality:read": ["administrator", "qa_officer", "performance_analyst"],
  // The risk register, boards, meetings and their action logs: everyone signed in reads them.
  "risks:read": everyone,
  // Adding a risk, which its owner then scores and keeps: heads of service, leads and plan editors.
  // A risk's owner changes it, and an action's owner updates it, whatever their role (checked on the record).
  "risks:record": ["administrator", "plan_editor", "priority_lead", "approver"],
  // Changing any risk, the scale, boards and meetings: plan editors.
  "risks:manage": ["administrator", "plan_editor"],
};

export function rolesAllowed(action: Action): readonly Role[] {
  return allowed[action];
}

export interface Scope {
  /** The priority the action concerns, for actions a priority lead holds only for their own priorities. */
  priorityId?: number;
  /** The kind of report the action concerns, for those who write and issue some kinds only. */
  reportKind?: ReportKind;
}

export function can(actor: Actor | null, action: Action, scope: Scope = {}): boolean {
  if (!actor) return false;
  return actor.roles.some((role) => {
    if (!allowed[action].includes(role)) return false;
    // A priority lead writes progress only for the priorities assigned to them.
    if (role === "priority_lead" && action === "progress:write" && scope.priorityId !== undefined) {
      return actor.priorityIds.includes(scope.priorityId);
    }
    // A quality assurance officer writes and issues learning reports, and no other kind.
    if (role === "qa_officer" && (action === "reports:write" || action === "reports:issue") && scope.reportKind !== undefined) {
      return scope.reportKind === "learning";
    }
    return true;
  });
}

export type Decision = "allow" | "sign-in" | "forbid";

/** What a request meets at a route with this rule. */
export function decide(actor: Actor | null, rule: Rule): Decision {
  if (rule === "public") return "allow";
  if (!actor) return "sign-in";
  if (rule === "signed-in") return "allow";
  return can(actor, rule) ? "allow" : "forbid";
}
