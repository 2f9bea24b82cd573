import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import nunjucks from "nunjucks";
import { fieldLabel, formatDate, formatDateTime, pluralise } from "../core/format.ts";
import { planYearLabel } from "../core/plan-years.ts";
import { londonDateOf } from "../core/values-as-at.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Shared views (the layout, macros, error pages), named without a folder: "layout.njk". */
const sharedViews = here("./views");
/** GOV.UK Frontend's components, named "govuk/components/…". */
const frontendViews = here("../../node_modules/govuk-frontend/dist");
const frontendFolders = readdirSync(frontendViews);

/** A module's views folder, rendered as "<name>/<file>.njk". */
export interface ModuleViews {
  name: string;
  views: string;
}

export type Renderer = (template: string, context: Record<string, unknown>) => string;

/**
 * Finds "<name>/<file>" in one module's views folder and nothing else, so two modules may each
 * have a `tags.njk` and a template always gets its own module's.
 */
function moduleLoader({ name, views }: ModuleViews): nunjucks.ILoader {
  const files = new nunjucks.FileSystemLoader(views);
  const prefix = `${name}/`;
  // Nunjucks tries the next loader when one answers null; its types say a loader always finds the file.
  return { getSource: (template) => (template.startsWith(prefix) ? files.getSource(template.slice(prefix.length)) : (null as unknown as nunjucks.LoaderSource)) };
}

export function createRenderer(modules: readonly ModuleViews[]): Renderer {
  const names = modules.map((m) => m.name);
  const clash = names.find((name, i) => names.indexOf(name) !== i || frontendFolders.includes(name));
  if (clash) throw new Error(`Two sets of views are named "${clash}"`);
  const env = new nunjucks.Environment([new nunjucks.FileSystemLoader([sharedViews, frontendViews]), ...modules.map(moduleLoader)], {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addFilter("formatDate", (value: string | null | undefined) => (value ? formatDate(value) : ""));
  env.addFilter("pluralise", (count: number, singular: string, plural?: string) => pluralise(count, singular, plural));
  env.addFilter("planYear", (year: number) => planYearLabel(year));
  env.addFilter("dateTime", (value: Date) => formatDateTime(value));
  env.addFilter("londonDate", (value: Date) => formatDate(londonDateOf(value)));
  env.addFilter("fieldName", (name: string) => fieldLabel(name));
  env.addFilter("number", (n: number) => n.toLocaleString("en-GB"));
  env.addFilter("pad2", (n: number) => String(n).padStart(2, "0"));
  return (template, context) => env.render(template, context);
}
