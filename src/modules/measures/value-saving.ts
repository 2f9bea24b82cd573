import { formatWithFraction } from "../../core/measure-format.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import * as repository from "./repository.ts";
import type { MeasureRow, ValueRow } from "./repository.ts";
import type { ParsedValue } from "./value-rows.ts";

/** What a value holds, as the audit trail and the conflict page show it. */
export type ValueFields = Pick<ValueRow, "value" | "numerator" | "denominator" | "status" | "note">;

/** A value someone else saved after the person saw it: what is saved now beside their edit. */
export interface ValueConflict {
  code: string;
  periodEnd: string;
  saved: ValueFields | null;
  yours: ValueFields;
  /** The version saved now, for the form to carry if the person saves their edit again. */
  version: number;
}

export interface SaveResult {
  added: number;
  changed: number;
  unchanged: number;
  /** Values changed by someone else since the person saw them: when there are any, nothing was saved. */
  conflicts: ValueConflict[];
}

/** The version each value had when the person saw it (0 for none yet), by `valueKey`. */
export type SeenVersions = ReadonlyMap<string, number>;

export const valueKey = (code: string, periodEnd: string) => `${code} ${periodEnd}`;

const fieldsOf = (v: ValueFields): ValueFields => ({ value: v.value, numerator: v.numerator, denominator: v.denominator, status: v.status, note: v.note });
const same = (a: ValueFields, b: ValueFields) => a.value === b.value && a.numerator === b.numerator && a.denominator === b.denominator && a.status === b.status && a.note === b.note;

/** Raised inside the transaction to undo it when a value has moved on since it was seen. */
class ValuesMovedOn extends Error {
  constructor(readonly conflicts: ValueConflict[]) {
    super("values changed since they were seen");
  }
}

/**
 * Stores values typed in the app in one transaction: new ones added, different ones changed (the
 * value before kept in the audit trail, an event a value), the same ones left alone. The save
 * first takes its measures' turns, as an import does (see lockValueMeasures), then locks each value
 * before it is compared, in one order (measure, then period): concurrent saves of one value take
 * turns, and each one's audit event holds exactly what it replaced. With `seen`, a value someone
 * else changed since the person saw it is not overwritten: nothing is saved and the conflicts are
 * returned. Files of values are imported in bulk instead (see value-import.ts).
 */
export async function saveValues(
  db: Database,
  context: ChangeContext,
  rows: ParsedValue[],
  options: { provenance: string; seen?: SeenVersions },
): Promise<SaveResult> {
  const measures = new Map((await repository.listMeasures(db)).map((m) => [m.code, m]));
  const ordered = rows
    .flatMap((r) => {
      const measure = measures.get(r.code);
      return measure ? [{ ...r, measureId: measure.id }] : [];
    })
    .sort((a, b) => a.measureId - b.measureId || a.periodEnd.localeCompare(b.periodEnd));
  const action = "enter";
  try {
    return await db.transaction(async (tx) => {
      await repository.lockValueMeasures(tx, ordered.map((r) => r.measureId));
      const counts = { added: 0, changed: 0, unchanged: 0 };
      const conflicts: ValueConflict[] = [];
      const change = async (existing: ValueRow, r: ParsedValue, fields: ValueFields) => {
        if (same(existing, fields)) {
          counts.unchanged += 1;
          return;
        }
        const saved = await repository.updateValueAt(tx, existing.id, existing.version, { ...fields, provenance: options.provenance });
        // The row is locked by this transaction, so it cannot have moved on: if it did, undo everything.
        if (!saved) throw new Error(`the value of ${r.code} for ${r.periodEnd} changed while it was locked`);
        const where = { code: r.code, periodEnd: r.periodEnd };
        await recordChange(tx, context, { action, recordType: "measure value", recordId: existing.id, before: { ...where, ...fieldsOf(existing) }, after: { ...where, ...fields } });
        counts.changed += 1;
      };
      for (const r of ordered) {
        const fields: ValueFields = { value: r.value, numerator: r.numerator, denominator: r.denominator, status: r.status, note: r.note };
        const existing = await repository.lockValue(tx, r.measureId, r.periodEnd);
        const seenVersion = options.seen?.get(valueKey(r.code, r.periodEnd));
        if (seenVersion !== undefined && seenVersion !== (existing?.version ?? 0) && !(existing && same(existing, fields))) {
          conflicts.push({ code: r.code, periodEnd: r.periodEnd, saved: existing ? fieldsOf(existing) : null, yours: fields, version: existing?.version ?? 0 });
          continue;
        }
        if (!existing) {
          const added = await repository.insertValueIfAbsent(tx, { measureId: r.measureId, periodEnd: r.periodEnd, ...fields, provenance: options.provenance });
          if (!added) {
            // Someone else added this value since it was locked (there was no row to lock): take turns and look again.
            const now = await repository.lockValue(tx, r.measureId, r.periodEnd);
            if (!now) throw new Error(`the value of ${r.code} for ${r.periodEnd} was added and removed at once`);
            if (seenVersion !== undefined && !same(now, fields)) {
              conflicts.push({ code: r.code, periodEnd: r.periodEnd, saved: fieldsOf(now), yours: fields, version: now.version });
              continue;
            }
            await change(now, r, fields);
            continue;
          }
          await recordChange(tx, context, { action, recordType: "measure value", recordId: added.id, after: { code: r.code, periodEnd: r.periodEnd, ...fields } });
          counts.added += 1;
          continue;
        }
        await change(existing, r, fields);
      }
      if (conflicts.length > 0) throw new ValuesMovedOn(conflicts);
      return { ...counts, conflicts };
    });
  } catch (error) {
    if (error instanceof ValuesMovedOn) return { added: 0, changed: 0, unchanged: 0, conflicts: error.conflicts };
    throw error;
  }
}

/** The version a form says it showed: a whole number, or 0 (nothing seen) when absent or garbled. */
export function seenVersion(raw: unknown): number {
  return typeof raw === "string" && /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
}

/** Conflicts as the grid shows them: the measure, and what is saved now beside the person's edit, in words. */
export function describeConflicts(conflicts: ValueConflict[], measures: Pick<MeasureRow, "code" | "title" | "unit" | "decimals">[]) {
  const byCode = new Map(measures.map((m) => [m.code, m]));
  const describe = (code: string, v: ValueFields) => {
    const m = byCode.get(code);
    const figure = m ? formatWithFraction(v.value, m.unit, m.decimals, v.numerator, v.denominator) : String(v.value);
    return [figure, v.status, v.note].filter(Boolean).join(", ");
  };
  return conflicts.map((c) => ({ code: c.code, title: byCode.get(c.code)?.title ?? c.code, saved: c.saved ? describe(c.code, c.saved) : null, yours: describe(c.code, c.yours) }));
}
