import type { Random } from "./random.ts";
import type { CaseIds, RecordBatches } from "./records.ts";
import { publishedCaseHoldersFte } from "./volumes.ts";

/**
 * The synthetic council's children's services teams and the staff who hold its cases: a front
 * door, assessment teams, family support and protection teams, children in care teams and a
 * leaving care team of personal advisers, about as many case-holding social workers (full-time
 * equivalent) as Plymouth reported.
 */

export type TeamKind = "front door" | "assessment" | "family support" | "children in care" | "leaving care";

interface Team {
  id: string;
  name: string;
  parentId: string;
  parentName: string;
  kind: TeamKind;
  staff: number;
}

const numbered = (count: number, make: (n: number) => Team): Team[] => Array.from({ length: count }, (_, index) => make(index + 1));

/** The teams, kept the same in every copy: at a larger scale, the same council with more people. */
const teams: Team[] = [
  { id: "MASH", name: "Multi-Agency Safeguarding Hub", parentId: "FRONTDOOR", parentName: "Front Door", kind: "front door", staff: 8 },
  ...numbered(4, (n) => ({ id: `ASSESS${n}`, name: `Assessment Team ${n}`, parentId: "FRONTDOOR", parentName: "Front Door", kind: "assessment", staff: 7 })),
  ...numbered(4, (n) => ({ id: `FSP${n}`, name: `Family Support and Protection Team ${n}`, parentId: "SAFEGUARDING", parentName: "Safeguarding", kind: "family support", staff: 9 })),
  ...numbered(3, (n) => ({ id: `CIC${n}`, name: `Children in Care Team ${n}`, parentId: "CARE", parentName: "Children in Care and Care Leavers", kind: "children in care", staff: 8 })),
  { id: "LEAVING", name: "Leaving Care Team", parentId: "CARE", parentName: "Children in Care and Care Leavers", kind: "leaving care", staff: 12 },
];

/** What a member of staff does with a child's case, as `invo_professional_role_id` records it. */
export const caseHoldingRole = "SW";
export const personalAdviserRole = "PA";

export interface Allocation {
  workerId: string;
  teamId: string;
}

/** One copy's staff, by team; allocations are drawn from the team whose kind of work it is. */
export class Workforce {
  readonly #staff = new Map<TeamKind, Allocation[]>();

  /** Makes the staff (and, for the first copy, the teams) and records them. */
  constructor(ids: CaseIds, random: Random, batches: RecordBatches, withTeams: boolean) {
    const socialWorkers = teams.filter((team) => team.kind !== "leaving care").reduce((sum, team) => sum + team.staff, 0);
    // Part-time posts bring the social workers' full-time equivalent down to about Plymouth's.
    const partTimeShare = Math.min(1, (socialWorkers - publishedCaseHoldersFte) / (socialWorkers * 0.4));
    for (const team of teams) {
      if (withTeams) batches.add("ssd_department", { dept_team_id: team.id, dept_team_name: team.name, dept_team_parent_id: team.parentId, dept_team_parent_name: team.parentName });
      const staff: Allocation[] = [];
      for (let index = 0; index < team.staff; index += 1) {
        const workerId = ids.next("W");
        const adviser = team.kind === "leaving care";
        batches.add("ssd_professionals", {
          prof_professional_id: workerId,
          prof_professional_job_title: adviser ? "Personal Adviser" : random.weighted([["Social Worker", 6], ["Senior Social Worker", 3], ["Advanced Practitioner", 1]] as const),
          prof_professional_caseload: null,
          prof_professional_department: team.id,
          prof_full_time_equivalency: !adviser && random.chance(partTimeShare) ? 0.6 : 1,
          prof_agency_worker_flag: random.chance(0.09) ? "Y" : "N",
          prof_social_worker_registered: adviser ? "N" : "Y",
        });
        staff.push({ workerId, teamId: team.id });
      }
      this.#staff.set(team.kind, [...(this.#staff.get(team.kind) ?? []), ...staff]);
    }
  }

  /** A member of staff from one of the teams of a kind, for a child's case. */
  allocate(kind: TeamKind, random: Random): Allocation {
    return random.pick(this.#staff.get(kind) ?? []);
  }
}

