import type { Database } from "../../db/client.ts";
import { frequencyNames, polarityNames, sourceNames, unitNames } from "./measure-editing.ts";
import * as repository from "./repository.ts";
import { vocabulary } from "./route-support.ts";
import * as measures from "./service.ts";

/** How a measure is defined, in the words its form uses: what it counts in, how often, which way is good and where its values come from. */
export function definitionFacts(m: repository.MeasureRow) {
  return [
    { key: "Which way is good", value: polarityNames[m.polarity] },
    { key: "Measured as", value: `${unitNames[m.unit]}, to ${m.decimals === 0 ? "whole numbers" : `${String(m.decimals)} decimal ${m.decimals === 1 ? "place" : "places"}`}` },
    { key: "How often", value: frequencyNames[m.frequency] },
    { key: "Where its values come from", value: sourceNames[m.source] },
  ];
}

/**
 * A measure's page, or null when there is no measure with that code; `extra` adds a saved
 * banner, or a form's errors after a refused save.
 */
export async function measurePageView(db: Database, code: string, canManage: boolean, extra: Record<string, unknown> = {}) {
  const view = await measures.measurePage(db, code);
  if (!view) return null;
  // Analysts and QA officers (those allowed child-level data) reach the cases behind each value computed
  // from case records; no one else sees the link, and a measure computed from case audits has none.
  const casesLinked = view.measure.source === "computed" && extra.canSeeCases === true && (await repository.computedFromCaseRecords(db, view.measure.id));
  // The commentary form starts from what the figures say unless it is showing what someone typed.
  const startsGenerated = extra.commentaryText === undefined && view.commentaryStart !== null;
  return { pageTitle: view.measure.title, section: "measures", ...view, definitionFacts: definitionFacts(view.measure), canManage, casesLinked, values_: view.values, startsGenerated, ...vocabulary, ...extra };
}
