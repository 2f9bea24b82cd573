import { actionsClosedOnTime, type OnTimeFigure } from "../../core/audit-actions.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import { auditMeasureFigures, type QuarterFigure } from "../../core/audit-measures.ts";
import { periodLabel } from "../../core/reporting-periods.ts";
import { auditQuarter } from "../../core/audit-grades.ts";
import type { Executor } from "../../db/client.ts";
import { storeComputedValues, type ComputedMeasure } from "../measures/index.ts";
import * as repository from "./repository.ts";

/** The quality-assurance measures the scorecard carries, computed from the case audits recorded here. */
export const auditMeasures = {
  goodOrBetter: {
    code: "QA-AUDITS-GOOD-OR-BETTER",
    title: "Case audits graded good or better, from recorded audits",
    definition: "Of the case audits completed in the quarter, the percentage whose overall grade is good or outstanding; where an audit was moderated, the moderated grade counts.",
    unit: "percentage",
    polarity: "higher-better",
    decimals: 0,
    frequency: "quarterly",
  },
  requiresImprovement: {
    code: "QA-AUDITS-REQUIRES-IMPROVEMENT",
    title: "Case audits graded requires improvement, from recorded audits",
    definition: "Of the case audits completed in the quarter, the percentage whose overall grade is requires improvement to be good; where an audit was moderated, the moderated grade counts.",
    unit: "percentage",
    polarity: "lower-better",
    decimals: 0,
    frequency: "quarterly",
  },
  inadequate: {
    code: "QA-AUDITS-INADEQUATE",
    title: "Case audits graded inadequate, from recorded audits",
    definition: "Of the case audits completed in the quarter, the percentage whose overall grade is inadequate; where an audit was moderated, the moderated grade counts.",
    unit: "percentage",
    polarity: "lower-better",
    decimals: 0,
    frequency: "quarterly",
  },
  inadequateGrades: {
    code: "QA-AUDIT-GRADES-INADEQUATE",
    title: "Audit grades finding inadequate practice, from recorded audits",
    definition: "Of the individual domain grades given in the case audits completed in the quarter, the percentage that found inadequate practice.",
    unit: "percentage",
    polarity: "lower-better",
    decimals: 0,
    frequency: "quarterly",
  },
  actionsClosedOnTime: {
    code: "QA-ACTIONS-CLOSED-ON-TIME",
    title: "Actions from case audits closed on time, from recorded actions",
    definition: "Of the actions from case audits due in the quarter, the percentage closed on or before their due date (days in England); one closed later, or still open, was not closed on time.",
    unit: "percentage",
    polarity: "higher-better",
    decimals: 0,
    frequency: "quarterly",
  },
} as const satisfies Record<string, ComputedMeasure>;

/** Where a quarter's figure came from, in words for its provenance. */
function provenanceOf(figure: QuarterFigure, counted: string): string {
  const quarter = periodLabel({ ...auditQuarter(figure.periodEnd), kind: "quarter" });
  const byDomain = figure.byDomain?.length ? ` (${figure.byDomain.map((d) => `${d.domain} ${String(d.count)}`).join("; ")})` : "";
  const synthetic = figure.synthetic > 0 ? `; ${String(figure.synthetic)} of the audits are synthetic, made to match the grades the council reported for the quarter` : "";
  return `Computed from the ${String(figure.audits)} case audits recorded in Waymark for ${quarter}: ${String(figure.numerator)} of ${String(figure.denominator)} ${counted}${byDomain}${synthetic}`;
}

/** Where a quarter's "closed on time" figure came from, in words. */
function onTimeProvenance(figure: OnTimeFigure): string {
  const quarter = periodLabel({ ...auditQuarter(figure.periodEnd), kind: "quarter" });
  const open = figure.open > 0 ? `; ${String(figure.open)} still open` : "";
  return `Computed from the actions from case audits recorded in Waymark due in ${quarter}: ${String(figure.numerator)} of ${String(figure.denominator)} closed on or before their due date${open}`;
}

/**
 * Computes the quality-assurance measures from every case audit and stores their values, in the
 * caller's transaction, so that recording or moderating an audit moves the scorecard with it.
 */
export async function computeAuditMeasures(tx: Executor): Promise<void> {
  const figures = auditMeasureFigures(await repository.listCountedAudits(tx));
  const values = (list: QuarterFigure[], counted: string) =>
    list.map((f) => ({ periodEnd: f.periodEnd, value: f.value, numerator: f.numerator, denominator: f.denominator, status: "final" as const, provenance: provenanceOf(f, counted), lineage: { audits: f.audits, synthetic: f.synthetic, ...(f.byDomain ? { byDomain: f.byDomain } : {}) } }));
  await storeComputedValues(tx, auditMeasures.goodOrBetter, values(figures.goodOrBetter, "audits graded good or outstanding overall"));
  await storeComputedValues(tx, auditMeasures.requiresImprovement, values(figures.requiresImprovement, "audits graded requires improvement overall"));
  await storeComputedValues(tx, auditMeasures.inadequate, values(figures.inadequate, "audits graded inadequate overall"));
  await storeComputedValues(tx, auditMeasures.inadequateGrades, values(figures.inadequateGrades, "domain grades inadequate"));
  await computeActionMeasures(tx);
}

/** Computes "actions closed on time" from every action and stores its values, in the caller's transaction: raising or closing an action moves it. */
export async function computeActionMeasures(tx: Executor): Promise<void> {
  const actions = (await repository.listTimedActions(tx)).map((a) => ({ dueOn: a.dueOn, closedOn: a.closedAt ? londonDateOf(a.closedAt) : null }));
  await storeComputedValues(
    tx,
    auditMeasures.actionsClosedOnTime,
    actionsClosedOnTime(actions).map((f) => ({ periodEnd: f.periodEnd, value: f.value, numerator: f.numerator, denominator: f.denominator, status: "final" as const, provenance: onTimeProvenance(f), lineage: { actions: f.denominator, open: f.open } })),
  );
}
