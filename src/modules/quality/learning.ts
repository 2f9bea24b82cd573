import { trendQuarters, type LearningRecord } from "../../core/learning-record.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import { feedbackThemeLabels } from "../../core/feedback-themes.ts";
import type { Database } from "../../db/client.ts";
import { feedbackIn } from "./feedback.ts";
import * as repository from "./repository.ts";
import { practiceWeeksIn } from "./weeks.ts";

/**
 * Gathers a period's quality-assurance record for a learning report or the Scrutiny report: the
 * audits dated in the period and in the four quarters up to its end (for the trend), in one
 * service area or all (`serviceArea` null), and the actions their audits raised by the period's
 * end, with the days (in England) they were raised and closed; the practice weeks with findings
 * held in the period, and the families' feedback gathered in it, by theme.
 */
export async function learningRecord(db: Database, period: { label: string; startsOn: string; endsOn: string }, serviceArea: string | null): Promise<LearningRecord> {
  const [firstQuarter] = trendQuarters(period.endsOn);
  const from = firstQuarter && firstQuarter.startsOn < period.startsOn ? firstQuarter.startsOn : period.startsOn;
  // Two days past the period's last day (UTC) covers its last day in England at any time of year;
  // the summaries then leave out what was raised after it.
  const before = new Date(Date.parse(`${period.endsOn}T00:00:00Z`) + 2 * 24 * 60 * 60 * 1000);
  const inPeriod = { from: period.startsOn, to: period.endsOn, serviceArea: serviceArea ?? undefined };
  const [audits, actions, feedback, weeks] = await Promise.all([
    repository.listLearningAudits(db, { from, to: period.endsOn, serviceArea }),
    repository.listLearningActions(db, { before, serviceArea }),
    feedbackIn(db, inPeriod),
    practiceWeeksIn(db, inPeriod),
  ]);
  return {
    period: { label: period.label, startsOn: period.startsOn, endsOn: period.endsOn },
    serviceArea,
    audits,
    actions: actions
      .map((a) => ({ raisedOn: londonDateOf(a.raisedAt), dueOn: a.dueOn, closedOn: a.closedAt ? londonDateOf(a.closedAt) : null }))
      .filter((a) => a.raisedOn <= period.endsOn),
    feedback: feedback.map((f) => ({ kind: f.kind, theme: feedbackThemeLabels[f.theme], words: f.words })),
    practiceWeeks: weeks.map((w) => ({ theme: w.theme, serviceArea: w.serviceArea, startsOn: w.startsOn, endsOn: w.endsOn, strengths: w.strengths, areasForImprovement: w.areasForImprovement, learning: w.learning })),
  };
}
