import type { Unit } from "../../core/measure-format.ts";
import { formatMeasureValue } from "../../core/measure-format.ts";
import { planYearLabel } from "../../core/plan-years.ts";
import type { Database } from "../../db/client.ts";
import type * as repository from "./repository.ts";
import * as measures from "./service.ts";
import * as targets from "./targets.ts";

/** How a target is typed for each unit: the box's prefix or suffix, and an example. */
const unitAffixes: Record<Unit, { prefix: string; suffix: string; hint: string }> = {
  percentage: { prefix: "", suffix: "%", hint: "85 for 85%" },
  "percentage-change": { prefix: "", suffix: "%", hint: "a change on the year before, like 12 for a rise of 12% or -5 for a fall of 5%" },
  count: { prefix: "", suffix: "", hint: "a number, like 20" },
  "rate-per-10000": { prefix: "", suffix: "per 10,000", hint: "a rate per 10,000, like 55.2" },
  days: { prefix: "", suffix: "days", hint: "a number of days, like 20" },
  weeks: { prefix: "", suffix: "weeks", hint: "a number of weeks, like 20" },
  ratio: { prefix: "", suffix: "", hint: "a ratio, like 0.8" },
  money: { prefix: "£", suffix: "", hint: "pounds, like 68000" },
};

const polarityTexts = {
  "higher-better": "Higher is better",
  "lower-better": "Lower is better",
  neither: "Neither direction is better for this measure, so it is not rated red, amber or green against its targets",
} as const;

/** The target form's values for a target as it is saved. */
export function targetValues(t: repository.TargetRow) {
  return {
    planYear: planYearLabel(t.planYear),
    value: String(t.value),
    tolerance: t.tolerance ? String(t.tolerance) : "",
    oneOff: t.oneOff ? "yes" : "",
    achieved: t.achieved ? "yes" : "",
    note: t.note,
    version: t.version,
  };
}

/** The form to add a target (`target` null) or change one; `extra` adds a form's errors or a conflict. */
export async function targetFormPage(db: Database, measure: repository.MeasureRow, target: repository.TargetRow | null, values: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const { rule } = await measures.ragSettings(db);
  const affixes = unitAffixes[measure.unit];
  return {
    pageTitle: target ? `Change the ${planYearLabel(target.planYear)} target` : "Add a target",
    section: "measures",
    measure,
    target,
    values,
    action: target ? `/measures/${measure.code}/targets/${target.id}/edit` : `/measures/${measure.code}/targets/new`,
    affixes,
    unitHint: affixes.hint,
    polarityText: polarityTexts[measure.polarity],
    toleranceHint:
      rule.amber === "percentage"
        ? `How far worse than the target is still amber, in the measure's unit. Leave it empty to use the council's rule: amber within ${rule.percent}% of the target.`
        : "How far worse than the target is still amber, in the measure's unit. Leave it empty for none: then anything worse than the target is red.",
    ...extra,
  };
}

/** What the person tried to save, as the conflict page compares it with what is saved now. */
export function attempted(current: repository.TargetRow, form: targets.TargetFields) {
  return targets.targetFields({ ...current, ...form });
}

/** The page that asks before a target is removed; `extra` adds a form's errors or says it changed meanwhile. */
export function removeTargetPage(measure: repository.MeasureRow, target: repository.TargetRow, extra: Record<string, unknown> = {}) {
  const f = (v: number) => formatMeasureValue(v, measure.unit, measure.decimals);
  return { pageTitle: `Remove the ${planYearLabel(target.planYear)} target`, section: "measures", measure, target, text: { value: f(target.value), tolerance: target.tolerance ? f(target.tolerance) : "None" }, ...extra };
}
