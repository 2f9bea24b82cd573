import { formatMeasureValue, formatWithFraction } from "../../core/measure-format.ts";
import { symbolInWords } from "../../core/suppression.ts";
import { fieldErrors, type FormErrors } from "../../web/forms.ts";
import type { MappingPreview, FileColumns } from "./mapping-preview.ts";
import { oglNotice } from "./ogl.ts";
import type { MeasureRow } from "./repository.ts";
import { mappingSchema, type Mapping, type MappingInput } from "./schemas.ts";

/** A mapping in words, one line a part, as its page shows it. */
export function mappingInWords(mapping: Mapping): { key: string; value: string }[] {
  const filters = (f: Record<string, string>) => Object.entries(f).map(([column, value]) => `${column} is “${value}”`).join("; ");
  const lines = [
    { key: "File", value: mapping.file },
    { key: "Value", value: mapping.column ?? (mapping.scale ? `Derived: numerator ÷ denominator × ${mapping.scale.toLocaleString("en-GB")}` : "–") },
    { key: "Rows read", value: filters(mapping.filters) || "Every row of each council, region and England (no filters)" },
    { key: "Numerator", value: mapping.numeratorColumn ? `${mapping.numeratorColumn}${Object.keys(mapping.numeratorFilters).length ? `, from the row where ${filters(mapping.numeratorFilters)}` : ""}` : "–" },
    {
      key: "Denominator",
      value: mapping.denominatorMeasure
        ? `The published values of ${mapping.denominatorMeasure}, area by area`
        : mapping.denominatorColumn
          ? `${mapping.denominatorColumn}${Object.keys(mapping.denominatorFilters).length ? `, from the row where ${filters(mapping.denominatorFilters)}` : ""}`
          : "–",
    },
  ];
  if (mapping.timeColumn !== "time_period" || mapping.levelColumn !== "geographic_level") lines.push({ key: "Period and level", value: `${mapping.timeColumn}, ${mapping.levelColumn}` });
  return lines;
}

const choose = (columns: readonly string[], none: string) => [{ value: "", text: none }, ...columns.map((c) => ({ value: c, text: c }))];

/** The form that maps a file's columns: each choice offered from the file, and what is chosen now. */
export function draftForm(measure: MeasureRow, fileName: string, columns: FileColumns, values: Record<string, string>, measures: readonly MeasureRow[]) {
  return {
    fileName,
    figureOptions: choose(columns.figures, "None"),
    valueOptions: choose(columns.figures, "None: derive it from the numerator and denominator"),
    columnOptions: columns.all.map((c) => ({ value: c, text: c })),
    filters: columns.filters.map((f, i) => ({
      index: i,
      column: f.column,
      options: [{ value: "", text: "Any: do not filter on it" }, ...f.values.map((v) => ({ value: v, text: v }))],
      otherRow: [{ value: "", text: "The same row as the value" }, ...f.values.map((v) => ({ value: v, text: v }))],
    })),
    measureOptions: [{ value: "", text: "None: the denominator is a column of this file" }, ...measures.filter((m) => m.id !== measure.id).map((m) => ({ value: m.code, text: `${m.title} (${m.code})` }))],
    /** Whether a numerator's or denominator's row is chosen, so its part of the form is open. */
    otherRowChosen: Object.entries(values).some(([name, value]) => /^(numerator|denominator)Filter-/.test(name) && value !== ""),
    values,
  };
}

/** A saved mapping as the form's fields, for the columns of the file now sent; a part the file lacks is left blank. */
export function formValuesOf(mapping: Mapping | null, columns: FileColumns, version: number): Record<string, string> {
  const has = (c: string | undefined) => (c && columns.all.includes(c) ? c : "");
  const values: Record<string, string> = {
    column: has(mapping?.column),
    numeratorColumn: has(mapping?.numeratorColumn),
    denominatorColumn: has(mapping?.denominatorColumn),
    denominatorMeasure: mapping?.denominatorMeasure ?? "",
    scale: mapping?.scale === undefined ? "" : String(mapping.scale),
    timeColumn: mapping?.timeColumn ?? "time_period",
    levelColumn: mapping?.levelColumn ?? "geographic_level",
    version: String(version),
  };
  columns.filters.forEach((f, i) => {
    values[`filter-${i}`] = mapping?.filters[f.column] ?? "";
    values[`numeratorFilter-${i}`] = mapping?.numeratorFilters[f.column] ?? "";
    values[`denominatorFilter-${i}`] = mapping?.denominatorFilters[f.column] ?? "";
  });
  return values;
}

/** The form field a mapping's rule speaks of, so its message sits beside the choice to change. */
function fieldOf(path: readonly PropertyKey[], columns: FileColumns): string {
  const [part, column] = path;
  const filterField = { filters: "filter", numeratorFilters: "numeratorFilter", denominatorFilters: "denominatorFilter" }[String(part)];
  if (filterField) return `${filterField}-${Math.max(0, columns.filters.findIndex((f) => f.column === column))}`;
  return String(part ?? "column");
}

/** Reads the mapping form, for a file with these columns: the mapping, or each field's problem. */
export function mappingFromForm(body: Record<string, unknown>, fileName: string, columns: FileColumns): { mapping: Mapping } | { errors: FormErrors } {
  const text = (name: string) => (typeof body[name] === "string" ? body[name].trim() : "");
  const problems: Record<string, string> = {};
  const column = (name: string, label: string) => {
    const chosen = text(name);
    if (chosen && !columns.all.includes(chosen)) problems[name] = `${label} must be one of the file's columns`;
    return chosen || undefined;
  };
  const picked = (kind: string) =>
    Object.fromEntries(
      columns.filters.flatMap((f, i) => {
        const value = text(`${kind}-${i}`);
        return value ? [[f.column, value]] : [];
      }),
    );
  const scaleText = text("scale").replace(/,/g, "");
  if (scaleText && !/^\d{1,7}$/.test(scaleText)) problems.scale = "The scale must be a whole number, like 100 for a percentage or 10000 for a rate per 10,000";
  const input: MappingInput = {
    file: fileName,
    column: column("column", "The value column"),
    numeratorColumn: column("numeratorColumn", "The numerator column"),
    denominatorColumn: column("denominatorColumn", "The denominator column"),
    filters: picked("filter"),
    numeratorFilters: picked("numeratorFilter"),
    denominatorFilters: picked("denominatorFilter"),
    denominatorMeasure: text("denominatorMeasure") || undefined,
    scale: scaleText && !problems.scale ? Number(scaleText) : undefined,
    timeColumn: column("timeColumn", "The period column") ?? "time_period",
    levelColumn: column("levelColumn", "The geographic level column") ?? "geographic_level",
  };
  const parsed = mappingSchema.safeParse(input);
  if (!parsed.success) for (const issue of parsed.error.issues) problems[fieldOf(issue.path, columns)] ??= issue.message;
  if (Object.keys(problems).length > 0 || !parsed.success) return { errors: fieldErrors(problems) };
  return { mapping: parsed.data };
}

/** A published figure as the preview shows it: the number in the measure's unit, or its symbol with what it means. */
function figure(measure: MeasureRow, value: number | null, symbol: string | null): string {
  if (value !== null) return formatMeasureValue(value, measure.unit, measure.decimals);
  return symbol ? symbolInWords(symbol, "not published") : "–";
}

/** What a mapping reads, as the preview table shows it, council first. */
export function previewView(measure: MeasureRow, preview: MappingPreview) {
  const row = (name: string, r: { value: number | null; symbol: string | null; numerator?: number | null; denominator?: number | null } | null) => ({
    name,
    text: r ? (r.value !== null ? formatWithFraction(r.value, measure.unit, measure.decimals, r.numerator ?? null, r.denominator ?? null) : figure(measure, null, r.symbol)) : "Not in the file",
  });
  return {
    year: preview.year,
    years: preview.years,
    rows: preview.rows,
    comparison: [
      row(preview.council?.areaName || "The council", preview.council),
      row("England", preview.england),
      row(preview.region?.areaName ?? "The council's region", preview.region),
      { name: `Statistical neighbours (mean of ${preview.neighbourMean.count})`, text: figure(measure, preview.neighbourMean.mean, null) },
    ],
    neighbours: preview.neighbours.map((n) => ({ name: n.name, text: figure(measure, n.value, n.symbol) })),
    band: preview.quartileBand,
    rank: preview.rank,
  };
}

/** The mapping page's frame: the measure, and the licence the figures are shown under. */
export const mappingPageFrame = (measure: MeasureRow) => ({ pageTitle: `Benchmark mapping: ${measure.title}`, section: "measures", measure, oglNotice });
