import { trendQuarters, type LearningRecord } from "../../core/learning-record.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Executor } from "../../db/client.ts";
import * as repository from "./repository.ts";

/**
 * Gathers a period's quality-assurance record for a learning report or the Scrutiny report: the
 * audits dated in the period and in the four quarters up to its end (for the trend), in one
 * service area or all (`serviceArea` null), and the actions their audits raised by the period's
 * end, with the days (in England) they were raised and closed. Practice weeks and families'
 * feedback are gathered with the modules that hold them.
 */
export async function learningRecord(db: Executor, period: { label: string; startsOn: string; endsOn: string }, serviceArea: string | null): Promise<LearningRecord> {
  const [firstQuarter] = trendQuarters(period.endsOn);
  const from = firstQuarter && firstQuarter.startsOn < period.startsOn ? firstQuarter.startsOn : period.startsOn;
  // Two days past the period's last day (UTC) covers its last day in England at any time of year;
  // the summaries then leave out what was raised after it.
  const before = new Date(Date.parse(`${period.endsOn}T00:00:00Z`) + 2 * 24 * 60 * 60 * 1000);
  const [audits, actions] = await Promise.all([repository.listLearningAudits(db, { from, to: period.endsOn, serviceArea }), repository.listLearningActions(db, { before, serviceArea })]);
  return {
    period: { label: period.label, startsOn: period.startsOn, endsOn: period.endsOn },
    serviceArea,
    audits,
    actions: actions
      .map((a) => ({ raisedOn: londonDateOf(a.raisedAt), dueOn: a.dueOn, closedOn: a.closedAt ? londonDateOf(a.closedAt) : null }))
      .filter((a) => a.raisedOn <= period.endsOn),
    feedback: [],
    practiceWeeks: [],
  };
}
