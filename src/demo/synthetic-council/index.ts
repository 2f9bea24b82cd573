import { createHash } from "node:crypto";
import { Council } from "./council.ts";
import { extractDate, firstDay, monthsCovered } from "./dates.ts";
import { contactOnlyChild, frontDoorChild } from "./front-door.ts";
import { formerCareLeaver, placeInCare, placesAtStart, placesOpening } from "./looked-after.ts";
import { RecordBatches, type CaseRows, type PreparedExtract } from "./records.ts";
import { firstReferralsExpected, publishedCareLeaversPerYearOfAge } from "./volumes.ts";
import { CaseFileProblems } from "../../modules/casework/index.ts";

/**
 * Synthetic case records for the demonstration council: about three years and eight months
 * (April 2023 to the extract date, 30 November 2026) of pseudonymous children's social care
 * records, at Plymouth's scale, made from a seed number so the same seed always gives the same
 * records. Shown as synthetic wherever they appear.
 *
 * At a scale of N the records are N councils' worth of people under the same council code (for
 * benchmarks at 10 and 100 times the size): N populations, each with its own ids (`S1-…`, `S2-…`)
 * and staff, sharing one set of teams.
 */

/** Bump when the records a seed gives change, so a database holding the old ones takes the new. */
export const syntheticGeneratorVersion = 1;

export interface SyntheticOptions {
  /** The council the records are loaded for (DfE's three-digit code). */
  laCode: string;
  seed: number;
  /** How many councils' worth: 1 for the demonstration, 10 or 100 for benchmarks. */
  scale: number;
}

/** Children contacting the front door who go no further, for each child referred for the first time. */
const contactOnlyPerReferral = 1.1;

/** Every batch of records, council by council: staff first, then places in care, past care leavers, then the front door month by month. */
function* generatedBatches({ seed, scale }: SyntheticOptions): Generator<CaseRows> {
  const batches = new RecordBatches();
  for (let copy = 1; copy <= scale; copy += 1) {
    const council = new Council(seed, copy, batches);
    for (let place = 0; place < placesAtStart + placesOpening; place += 1) {
      placeInCare(council, place);
      yield* batches.takeFull();
    }
    for (let cohort = 0; cohort < 3; cohort += 1) {
      for (let index = 0; index < publishedCareLeaversPerYearOfAge; index += 1) formerCareLeaver(council, cohort, index);
    }
    for (let month = 0; month < monthsCovered; month += 1) {
      const random = council.random("month", month);
      // Steadier than chance alone would make it (half the spread of a Poisson count): partners
      // refer at a steady rate, and the season and the step are the variation that matters here.
      const expected = firstReferralsExpected(month);
      const referred = Math.max(0, Math.round(random.normal(expected, Math.sqrt(expected) / 2)));
      for (let index = 0; index < referred; index += 1) {
        frontDoorChild(council, month, index);
        yield* batches.takeFull();
      }
      const contacted = random.count(firstReferralsExpected(month) * contactOnlyPerReferral);
      for (let index = 0; index < contacted; index += 1) contactOnlyChild(council, month, index);
      yield* batches.takeFull();
    }
  }
  yield* batches.takeAll();
}

/** "Synthetic case records for the demonstration (no. 1)", by the number they are made from, with the scale when it is more than one council's worth. */
function labelOf({ seed, scale }: SyntheticOptions): string {
  return `Synthetic case records for the demonstration (no. ${String(seed)}${scale > 1 ? `, ${String(scale)} councils' worth` : ""})`;
}

/**
 * The synthetic records as an extract ready to load with the casework loader. Nothing is made
 * until the rows are read, a batch at a time; the row count is worked out (by making the
 * records once without keeping them) only when asked for.
 */
export function syntheticCaseRecords(options: SyntheticOptions): PreparedExtract {
  if (!Number.isInteger(options.seed)) throw new RangeError(`a seed is a whole number; got ${String(options.seed)}`);
  if (!Number.isInteger(options.scale) || options.scale < 1) throw new RangeError(`a scale is a whole number, 1 or more; got ${String(options.scale)}`);
  let rowCount: number | null = null;
  return {
    laCode: options.laCode,
    source: "synthetic",
    label: labelOf(options),
    sha256: createHash("sha256").update(`waymark synthetic case records, version ${String(syntheticGeneratorVersion)}\nla ${options.laCode}\nseed ${String(options.seed)}\nscale ${String(options.scale)}\n`).digest("hex"),
    extractDate,
    collectionYear: null,
    recordsFrom: firstDay,
    synthetic: true,
    dropped: {},
    problems: new CaseFileProblems(),
    get rowCount() {
      if (rowCount === null) {
        rowCount = 0;
        for (const batch of generatedBatches(options)) rowCount += batch.rows.length;
      }
      return rowCount;
    },
    sameRecord: (table) => `the generated ${table} id`,
    async *rows() {
      yield* generatedBatches(options);
    },
  };
}
