import { formatMeasureValue, type Unit } from "../../core/measure-format.ts";
import { notFound, succeeded, type Outcome } from "../../core/problems.ts";
import type { Polarity } from "../../core/spc.ts";
import { valuePeriodLabel, type Frequency } from "../../core/value-periods.ts";
import type { Database, Executor } from "../../db/client.ts";
import { recordChange, type ChangeContext, versionedEdit } from "../access/index.ts";
import * as plans from "../plan/index.ts";
import { priorityNumbersOf } from "./measure-priorities.ts";
import * as repository from "./repository.ts";
import type { MeasureRow } from "./repository.ts";
import type { EditMeasureForm, NewMeasureForm } from "./schemas.ts";

/**
 * The measures catalogue kept in the app: a performance analyst adds a measure and changes its
 * definition. Each change is one transaction with its audit event (before and after); a change
 * names the version the person started from, and one that would judge or show a measure's
 * values differently (its unit or which way is better) is saved only once they have confirmed it.
 */

/** Words for each unit, which way is better, frequency and source, as the form, the audit trail and the conflict page show them. */
export const unitNames: Record<Unit, string> = {
  percentage: "A percentage",
  "percentage-change": "A percentage change on the year before",
  count: "A count",
  "rate-per-10000": "A rate per 10,000",
  days: "A number of days",
  weeks: "A number of weeks",
  ratio: "A ratio",
  money: "Money, in pounds",
};

export const polarityNames: Record<Polarity, string> = {
  "higher-better": "Higher is better",
  "lower-better": "Lower is better",
  neither: "Neither: it is watched, not judged",
};

export const frequencyNames: Record<Frequency, string> = {
  monthly: "Monthly",
  quarterly: "Quarterly",
  annual: "Each financial year",
  "academic-year": "Each academic year",
};

export const sourceNames: Record<MeasureRow["source"], string> = {
  entered: "Entered in the app or from the values template",
  imported: "Imported from published statistics",
  computed: "Computed from case-level data",
};

/** A measure with the numbers of the priorities it evidences. */
export type MeasureRecord = MeasureRow & { priorities: number[] };

/** What a person sets on the form: everything but the code. */
export type MeasureDefinition = Omit<NewMeasureForm, "code">;

export async function findMeasureRecord(db: Executor, code: string): Promise<MeasureRecord | undefined> {
  const measure = await repository.findMeasure(db, code);
  return measure && { ...measure, priorities: await priorityNumbersOf(db, measure.id) };
}

/** A measure as the audit trail and the conflict page show it. */
export function measureFields(m: Omit<MeasureRecord, "id" | "version" | "code">) {
  return {
    title: m.title,
    definition: m.definition,
    unit: unitNames[m.unit],
    whichWayIsBetter: polarityNames[m.polarity],
    frequency: frequencyNames[m.frequency],
    decimalPlaces: m.decimals,
    source: sourceNames[m.source],
    priorities: m.priorities.map((n) => `Priority ${String(n)}`),
    owner: m.owner ?? "",
  };
}

/**
 * The columns a form's fields set. A measure computed from case-level data stays computed: the
 * form offers only entered and imported.
 */
function columnsOf(form: MeasureDefinition, current?: MeasureRow) {
  const source = current?.source === "computed" ? current.source : form.source;
  return { title: form.title, definition: form.definition, unit: form.unit, polarity: form.polarity, frequency: form.frequency, decimals: form.decimals, source, owner: form.owner || null };
}

/** The measure as it would be with the form's fields. */
const withForm = (measure: MeasureRecord, form: MeasureDefinition): MeasureRecord => ({ ...measure, ...columnsOf(form, measure), priorities: form.priorities });

const sameFields = (a: MeasureRecord, b: MeasureRecord) => JSON.stringify(measureFields(a)) === JSON.stringify(measureFields(b));

/** A problem with what was typed that only the stored data can find, by field. */
export type Problems = Record<string, string>;

/** The plan's priorities with these numbers, or a problem naming the first that is not one of them (all of them with no plan). */
async function priorityIdsOf(db: Database, planId: number | null, numbers: number[]): Promise<{ ids: number[] } | { problems: Problems }> {
  if (numbers.length === 0) return { ids: [] };
  const priorities = planId === null ? [] : await plans.listPriorities(db, planId);
  const unknown = numbers.find((n) => !priorities.some((p) => p.number === n));
  if (unknown !== undefined) return { problems: { priorities: `The plan has no priority ${String(unknown)}: select priorities from the list` } };
  return { ids: priorities.filter((p) => numbers.includes(p.number)).map((p) => p.id) };
}

export type AddMeasureResult =
  | { ok: true; measure: MeasureRecord }
  /** The code is taken: by this very measure when `same` (a second click of Add), or by another. */
  | { ok: false; existing: MeasureRecord; same: boolean }
  | { ok: false; problems: Problems };

/**
 * Adds a measure to the catalogue with its priorities, numbered as in the plan `planId` (null when
 * none is loaded). The code's unique key decides between two adds of one code at once: the second
 * finds the first's measure and adds nothing.
 */
export async function addMeasure(db: Database, context: ChangeContext, planId: number | null, form: NewMeasureForm): Promise<AddMeasureResult> {
  const priorities = await priorityIdsOf(db, planId, form.priorities);
  if ("problems" in priorities) return { ok: false, problems: priorities.problems };
  return db.transaction(async (tx) => {
    const row = await repository.insertMeasureIfAbsent(tx, { code: form.code, ...columnsOf(form) });
    if (!row) {
      const existing = await findMeasureRecord(tx, form.code);
      if (!existing) throw new Error(`the measure ${form.code} was neither added nor found`);
      return { ok: false, existing, same: sameFields(existing, withForm(existing, form)) } as const;
    }
    await repository.linkPriorities(tx, row.id, priorities.ids);
    const measure = { ...row, priorities: form.priorities };
    await recordChange(tx, context, { action: "add", recordType: "measure", recordId: row.id, after: { code: row.code, ...measureFields(measure) } });
    return { ok: true, measure } as const;
  });
}

/** A change of unit or of which way is better, to a measure that has values: what it will mean, for the person to confirm. */
export interface ChangeToConfirm {
  values: number;
  /** The periods of the first and latest values, as the measure's pages write them. */
  from: string;
  to: string;
  changes: { field: string; before: string; after: string }[];
  consequences: string[];
}

/**
 * What changing a measure's unit or polarity does to what it already holds. Values and targets
 * are never converted: they keep their numbers, which are then read in the new unit or judged
 * the new way.
 */
export function consequencesOfChange(measure: MeasureRecord, form: MeasureDefinition, values: repository.ValueRow[], targets: number): ChangeToConfirm | null {
  const unitChanges = form.unit !== measure.unit;
  const polarityChanges = form.polarity !== measure.polarity;
  const first = values[0];
  const latest = values.at(-1);
  if ((!unitChanges && !polarityChanges) || !first || !latest) return null;
  const period = (v: repository.ValueRow) => valuePeriodLabel(form.frequency, v.periodEnd);
  const changes: ChangeToConfirm["changes"] = [];
  const consequences: string[] = [];
  const count = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;
  if (unitChanges) {
    changes.push({ field: "unit", before: unitNames[measure.unit], after: unitNames[form.unit] });
    const was = formatMeasureValue(latest.value, measure.unit, measure.decimals);
    const willBe = formatMeasureValue(latest.value, form.unit, form.decimals);
    consequences.push(
      `The values are not converted: each keeps its number, read in the new unit. The latest, ${was} for ${period(latest)}, will read as ${willBe}.`,
      targets > 0
        ? `Its ${count(targets, "target is", "targets are")} not converted either: change ${targets === 1 ? "it" : "them"} on the measure's page if the new unit needs new figures.`
        : "It has no targets to change.",
      "Values already stored are not checked again against the new unit's rules (a percentage from 0 to 100, for example); values entered or imported from now on are.",
    );
  }
  if (polarityChanges) {
    changes.push({ field: "whichWayIsBetter", before: polarityNames[measure.polarity], after: polarityNames[form.polarity] });
    if (form.polarity === "neither") {
      consequences.push(
        "It will no longer be rated red, amber or green against its targets, and its direction of travel will say only Up or Down, not Improving or Worsening. Its chart will no longer show special causes as improvement or concern, so it will not be a data exception.",
      );
    } else if (measure.polarity === "neither") {
      consequences.push(
        `It will be rated red, amber or green against its targets, and its direction of travel judged Improving or Worsening, with ${form.polarity === "higher-better" ? "higher" : "lower"} values better. Its chart's special causes will show as improvement or concern, and a red rating or a concern makes it a data exception.`,
      );
    } else {
      consequences.push(
        `Red, amber and green against its targets, and its direction of travel (Improving or Worsening), will be judged the other way round: ${form.polarity === "higher-better" ? "higher" : "lower"} values are now better. Special causes of improvement on its chart become concern, and concern becomes improvement, which may change whether it is a data exception.`,
      );
    }
  }
  return { values: values.length, from: period(first), to: period(latest), changes, consequences };
}

/** Thrown inside the change's transaction, so nothing is written until the person has confirmed. */
class UnconfirmedChange extends Error {
  constructor(readonly change: ChangeToConfirm) {
    super("a change of unit or polarity needs confirming");
  }
}

export type EditMeasureResult = Outcome<MeasureRecord> | { ok: false; confirm: ChangeToConfirm } | { ok: false; problems: Problems };

/**
 * Changes a measure's definition and priorities (never its code), the priorities numbered as in the
 * plan `planId`. Refused, with the measure as it now stands, when someone else saved since
 * `form.version`. A change of unit or polarity to a measure with values is written only when
 * `confirmed`; otherwise the answer says what it would do.
 */
export async function editMeasure(db: Database, context: ChangeContext, planId: number | null, code: string, form: Omit<EditMeasureForm, "confirm">, confirmed: boolean): Promise<EditMeasureResult> {
  const priorities = await priorityIdsOf(db, planId, form.priorities);
  if ("problems" in priorities) return { ok: false, problems: priorities.problems };
  const before = await findMeasureRecord(db, code);
  if (!before) return notFound();
  // Saved with nothing changed: there is nothing to write or to record.
  if (before.version === form.version && sameFields(before, withForm(before, form))) return succeeded(before);
  try {
    return await versionedEdit(
      db,
      context,
      {
        recordType: "measure",
        load: (d) => findMeasureRecord(d, code),
        fields: (m) => ({ code: m.code, ...measureFields(m) }),
        update: async (tx, current) => {
          if (!confirmed) {
            const [values, targets] = [await repository.listValues(tx, [current.id]), await repository.listTargets(tx, [current.id])];
            const change = consequencesOfChange(current, form, values, targets.length);
            if (change) throw new UnconfirmedChange(change);
          }
          if (!(await repository.updateMeasureAt(tx, current.id, form.version, columnsOf(form, current)))) return false;
          if (current.priorities.join() !== form.priorities.join()) await repository.replacePriorityLinks(tx, current.id, priorities.ids);
          return true;
        },
      },
      form.version,
    );
  } catch (error) {
    if (error instanceof UnconfirmedChange) return { ok: false, confirm: error.change };
    throw error;
  }
}

/** The measure as the person tried to save it, for the conflict page to set beside what is saved now. */
export function attemptedFields(current: MeasureRecord, form: MeasureDefinition) {
  return measureFields(withForm(current, form));
}
