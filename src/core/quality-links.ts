import { suppressSmallCount } from "./suppression.ts";

/**
 * Links from quality-assurance records (case audits, actions, practice weeks) to the plan: a
 * priority as a whole, one of its milestones, or an Ofsted area for improvement. A link form names
 * its choice in one value: "priority-12", "milestone-45" or "ofsted-3".
 */
export const linkRecordTypes = ["audit", "action", "practice-week"] as const;
export type LinkRecordType = (typeof linkRecordTypes)[number];

export type LinkTarget = { kind: "priority"; priorityId: number } | { kind: "milestone"; milestoneId: number } | { kind: "ofsted"; ofstedAreaId: number };

/** The form's value for a choice. */
export function linkTargetValue(target: LinkTarget): string {
  if (target.kind === "priority") return `priority-${String(target.priorityId)}`;
  if (target.kind === "milestone") return `milestone-${String(target.milestoneId)}`;
  return `ofsted-${String(target.ofstedAreaId)}`;
}

/** The choice a form's value names, or null when it names none. */
export function parseLinkTarget(value: unknown): LinkTarget | null {
  const match = typeof value === "string" ? /^(priority|milestone|ofsted)-([1-9]\d{0,8})$/.exec(value.trim()) : null;
  if (!match) return null;
  const id = Number(match[2]);
  if (match[1] === "priority") return { kind: "priority", priorityId: id };
  if (match[1] === "milestone") return { kind: "milestone", milestoneId: id };
  return { kind: "ofsted", ofstedAreaId: id };
}

/**
 * How much of a priority's quality-assurance evidence a person sees: those who read audits see the
 * audits themselves (case ids, findings); the priority's leads and approvers its counts; everyone
 * else the counts with small ones suppressed, as anything published is.
 */
export type EvidenceAudience = "records" | "aggregates" | "suppressed";

export function evidenceAudience(person: { readsAudits: boolean; approves: boolean; leadsPriority: boolean }): EvidenceAudience {
  if (person.readsAudits) return "records";
  if (person.approves || person.leadsPriority) return "aggregates";
  return "suppressed";
}

/** A count as this audience sees it: "c" for 1 to 4 where counts are suppressed. */
export function countFor(audience: EvidenceAudience, count: number): number | "c" {
  return audience === "suppressed" ? suppressSmallCount(count) : count;
}
