import { z } from "zod";
import type { Database } from "../../db/client.ts";
import { fieldErrors } from "../../web/forms.ts";
import { optionalIsoDate } from "../../web/inputs.ts";
import { type Actor, contextOf } from "../access/index.ts";
import * as repository from "./repository.ts";
import { entryPeriodSchema } from "./schemas.ts";
import { validateValues } from "./value-import.ts";
import { describeConflicts, saveValues, seenVersion, valueKey } from "./value-saving.ts";

/** The grid's period, as its address gives it; anything but a real date gives the last month's end. */
export const periodQuery = z.object({ period: optionalIsoDate("Enter the period's last day").catch("") });

/** The last day of the month before `now`'s, as an ISO date: the period a grid opens on. */
export function lastMonthEnd(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).toISOString().slice(0, 10);
}

/**
 * The grid: every measure's value for one period, typed in the app. `values` is what the person
 * typed, or null for the values as saved.
 */
// Each row carries the version of the value it showed (0 for none), so a save never overwrites
// a value someone else changed in the meantime without the person seeing it first.
export async function entryPage(db: Database, periodEnd: string, values: Record<string, unknown> | null) {
  const all = await repository.listTypedMeasures(db);
  const stored = new Map((await repository.listValuesOfPeriod(db, periodEnd)).map((v) => [v.measureId, v]));
  const filled: Record<string, unknown> =
    values ??
    Object.fromEntries(
      all.flatMap((m) => {
        const v = stored.get(m.id);
        return v ? [[`value-${m.code}`, String(v.value)], [`numerator-${m.code}`, v.numerator ?? ""], [`denominator-${m.code}`, v.denominator ?? ""], [`status-${m.code}`, v.status], [`note-${m.code}`, v.note]] : [];
      }),
    );
  const versions = values ? {} : Object.fromEntries(all.map((m) => [`version-${m.code}`, String(stored.get(m.id)?.version ?? 0)]));
  return { pageTitle: "Enter values", section: "measures", periodEnd, measures: all, values: { ...filled, ...versions } };
}

/**
 * Saves the grid as posted, and gives the page to show with its status: refused with each problem
 * named against its box (400), a conflict with values changed meanwhile (409), or saved (200). A
 * grid refused without a period of its own shows the period before `now`'s month.
 */
export async function enterValues(db: Database, actor: Actor, correlationId: string, body: Record<string, unknown>, now: Date) {
  const period = entryPeriodSchema.safeParse(body.periodEnd);
  const periodEnd = period.success ? period.data : "";
  const all = await repository.listTypedMeasures(db);
  const typed = all.filter((m) => String(body[`value-${m.code}`] ?? "").trim() !== "");
  if (typed.length === 0) {
    return { status: 400, view: { ...(await entryPage(db, periodEnd || lastMonthEnd(now), body)), errors: fieldErrors({ periodEnd: "Enter at least one value" }) } };
  }
  if (!period.success) return { status: 400, view: { ...(await entryPage(db, lastMonthEnd(now), body)), errors: fieldErrors({ periodEnd: period.error.issues[0]?.message ?? "" }) } };
  // Each row is checked by the rules a values file is, so the grid and imports accept the same figures.
  const box = (name: string, code: string) => String(body[`${name}-${code}`] ?? "");
  const table = typed.map((m) => ({ measure_code: m.code, period_end: periodEnd, value: box("value", m.code), numerator: box("numerator", m.code), denominator: box("denominator", m.code), status: box("status", m.code), note: box("note", m.code) }));
  const { rows, problems, warnings } = await validateValues(db, table);
  if (problems.length > 0) {
    // Each problem belongs to a measure's row of the grid: name the measure and the box.
    const fields: Record<string, string> = {};
    for (const p of problems) {
      const code = typed[p.row - 2]?.code;
      const box = p.column === "period_end" ? "periodEnd" : code ? `${p.column === "measure_code" ? "value" : p.column}-${code}` : "periodEnd";
      fields[box] ??= code && p.column !== "period_end" ? `${code}: ${p.message}` : p.message;
    }
    return { status: 400, view: { ...(await entryPage(db, periodEnd, body)), errors: fieldErrors(fields) } };
  }
  const seen = new Map(typed.map((m) => [valueKey(m.code, periodEnd), seenVersion(body[`version-${m.code}`])]));
  const result = await saveValues(db, contextOf(actor, correlationId), rows, { provenance: `Entered by ${actor.username}`, seen });
  if (result.conflicts.length > 0) {
    // Nothing was saved: show what is saved now beside the edit, which the grid still holds,
    // with the versions saved now, so saving again replaces what the person has now seen.
    const versions = Object.fromEntries(result.conflicts.map((c) => [`version-${c.code}`, String(c.version)]));
    return { status: 409, view: { ...(await entryPage(db, periodEnd, { ...body, ...versions })), conflicts: describeConflicts(result.conflicts, all) } };
  }
  // Saved, with a word on any value that looks mistyped, each linked to its box.
  const doubts = warnings.map((w) => ({ code: typed[w.row - 2]?.code ?? "", message: w.message }));
  return { status: 200, view: { ...(await entryPage(db, periodEnd, null)), result, warnings: doubts } };
}
