import { fileURLToPath } from "node:url";
import nunjucks from "nunjucks";
import { fieldLabel, formatDate, formatDateTime, pluralise } from "../core/format.ts";
import { planYearLabel } from "../core/plan-years.ts";
import { londonDateOf } from "../core/values-as-at.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Where templates are found: shared views, each module's views, then GOV.UK Frontend's. */
const viewPaths = [
  here("./views"),
  here("../modules/plan/views"),
  here("../modules/access/views"),
  here("../modules/progress/views"),
  here("../modules/measures/views"),
  here("../modules/reports/views"),
  here("../modules/search/views"),
  here("../modules/home/views"),
  here("../modules/reminders/views"),
  here("../../node_modules/govuk-frontend/dist"),
];

export type Renderer = (template: string, context: Record<string, unknown>) => string;

export function createRenderer(): Renderer {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(viewPaths, { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addFilter("formatDate", (value: string | null | undefined) => (value ? formatDate(value) : ""));
  env.addFilter("pluralise", (count: number, singular: string, plural?: string) => pluralise(count, singular, plural));
  env.addFilter("planYear", (year: number) => planYearLabel(year));
  env.addFilter("dateTime", (value: Date) => formatDateTime(value));
  env.addFilter("londonDate", (value: Date) => formatDate(londonDateOf(value)));
  env.addFilter("fieldName", (name: string) => fieldLabel(name));
  env.addFilter("pad2", (n: number) => String(n).padStart(2, "0"));
  return (template, context) => env.render(template, context);
}
