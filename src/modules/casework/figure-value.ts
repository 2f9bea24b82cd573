import { formatWithFraction } from "../../core/measure-format.ts";
import type { ComputedFigure } from "./computation-repository.ts";
import type { MeasureDefinition } from "./definitions/index.ts";

/** A computed figure as its pages write it: "27.7% (123/444)", a count alone, or why it has no value. */
export function figureValueText(figure: Pick<ComputedFigure, "value" | "numerator" | "denominator">, definition: MeasureDefinition): string {
  if (figure.value === null) return "No value: nothing in the denominator";
  const counts = definition.unit !== "count";
  return formatWithFraction(figure.value, definition.unit, definition.decimals, counts ? figure.numerator : null, counts ? figure.denominator : null);
}
