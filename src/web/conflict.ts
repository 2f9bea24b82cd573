import type { FastifyReply } from "fastify";
import { fieldChanges } from "../core/field-changes.ts";

/**
 * The stale-save page: the form again, answered 409, with what the other person saved beside
 * what this person tried to save (`conflict.njk` shows the fields that differ). The form keeps
 * the person's edit, with the version saved now, so saving again replaces what they have now seen.
 */
export function conflictPage(reply: FastifyReply, template: string, view: Record<string, unknown>, theirs: Record<string, unknown>, mine: Record<string, unknown>) {
  return reply.code(409).render(template, { ...view, conflict: fieldChanges(theirs, mine) });
}
