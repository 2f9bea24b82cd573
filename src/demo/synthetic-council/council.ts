import { Quota, Random } from "./random.ts";
import { CaseIds, type RecordBatches } from "./records.ts";
import { caseHoldingRole, Workforce, type Allocation, type TeamKind } from "./workforce.ts";

/**
 * One council's worth of synthetic people being made: its ids, its staff, its random streams and
 * the quotas that keep its headline shares close to the published ones. At a scale of N there
 * are N of these, one after another, each with its own prefix and streams.
 */
export class Council {
  readonly ids: CaseIds;
  readonly workforce: Workforce;
  /** Whether a referral closed in time is followed by another within 12 months. */
  readonly reReferrals: Quota;
  readonly #assessments = new Map<number, Quota>();
  readonly #healthAssessments = new Map<number, Quota>();

  constructor(
    readonly seed: number,
    readonly copy: number,
    readonly batches: RecordBatches,
  ) {
    this.ids = new CaseIds(`S${String(copy)}`);
    this.workforce = new Workforce(this.ids, this.random("workforce"), batches, copy === 1);
    this.reReferrals = new Quota(this.random("re-referrals"));
  }

  /** A random stream of this copy's own, named for what draws from it. */
  random(...name: (string | number)[]): Random {
    return new Random(this.seed, this.copy, ...name);
  }

  /** The quota deciding which assessments due to be authorised in a month are done within 45 working days. */
  assessmentsDue(month: number): Quota {
    return quotaOf(this.#assessments, month, () => this.random("assessments", month));
  }

  /** The quota deciding which children coming into care in a month have their initial health assessment within 20 working days. */
  healthAssessmentsFor(month: number): Quota {
    return quotaOf(this.#healthAssessments, month, () => this.random("health assessments", month));
  }

  /** Records a member of staff from a kind of team holding a child's case from `start` to `end` (null: still open). */
  allocate(kind: TeamKind, random: Random, involvement: { personId: string; start: string; end: string | null; referralId?: string | null; role?: string }): Allocation {
    const allocation = this.workforce.allocate(kind, random);
    const { workerId, teamId } = allocation;
    this.batches.add("ssd_involvements", {
      invo_involvements_id: this.ids.next("I"),
      invo_professional_id: workerId,
      invo_professional_role_id: involvement.role ?? caseHoldingRole,
      invo_professional_team: teamId,
      invo_involvement_start_date: involvement.start,
      invo_involvement_end_date: involvement.end,
      invo_worker_change_reason: null,
      invo_person_id: involvement.personId,
      invo_referral_id: involvement.referralId ?? null,
    });
    return allocation;
  }
}

/** A month's quota, made the first time it is asked for: one a month keeps each month's share close, not only the whole span's. */
function quotaOf(quotas: Map<number, Quota>, month: number, random: () => Random): Quota {
  let quota = quotas.get(month);
  if (!quota) {
    quota = new Quota(random());
    quotas.set(month, quota);
  }
  return quota;
}
