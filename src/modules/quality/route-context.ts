import type { FastifyRequest } from "fastify";
import { actionScopeLabels, actionScopes, actionState, actionStateLabels } from "../../core/audit-actions.ts";
import { auditGrades, auditGradeLabels } from "../../core/audit-grades.ts";
import { complianceAnswerLabels, complianceAnswers } from "../../core/audit-templates.ts";
import type { Database } from "../../db/client.ts";
import { activeAccounts } from "../access/index.ts";
import type { ActionRow } from "./service.ts";

/** What the quality pages share: the rules routes name, the saved messages, the options of their forms and how an action is shown. */

export const overview = { config: { policy: "plan:read" as const } };
export const read = { config: { policy: "quality:read" as const } };
export const record = { config: { policy: "quality:record" as const } };
/** An action's page and its closing: for those who read audits, and for the action's owner, whatever their role (checked on the action). */
export const readerOrOwner = { config: { policy: "signed-in" as const } };

export type FormValues = Record<string, unknown>;

export const savedMessages = {
  "template-added": "The template has been added",
  "template-saved": "The template has been saved as a new version",
  "audit-recorded": "The audit has been recorded",
  "already-added": "This form had already been sent: nothing more was added",
  moderated: "The moderation has been saved",
  "action-raised": "The action has been raised",
  "action-closed": "The action has been closed",
  linked: "The link has been added",
  unlinked: "The link has been removed",
  "already-unlinked": "That link had already been removed",
};

export const scopeOptions = actionScopes.map((value) => ({ value, text: actionScopeLabels[value] }));
export const gradeOptions = auditGrades.map((value) => ({ value, text: auditGradeLabels[value] }));
export const answerOptions = complianceAnswers.map((value) => ({ value, text: complianceAnswerLabels[value] }));

export function actorOf(request: FastifyRequest) {
  if (!request.actor) throw new Error("quality pages need a signed-in actor");
  return request.actor;
}

/** The accounts an action can be given to: every enabled one, by name. */
export const owners = (db: Database) => activeAccounts(db);

/** An action as lists show it: its state on `today`, and who it is for, in words. */
export function presentAction(action: ActionRow, today: string) {
  const state = actionState(action, today);
  return { action, state, stateLabel: actionStateLabels[state], scopeLabel: actionScopeLabels[action.scope] };
}

