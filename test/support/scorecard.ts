import { page } from "./html.ts";
import type { Client } from "./session.ts";

/** Every row of the scorecard at `url` as text, page after page as its pagination links them. */
export async function scorecardRows(browser: Client, url = "/measures"): Promise<string[]> {
  const rows: string[] = [];
  for (let next: string | null = url; next !== null; ) {
    const shown = page((await browser.get(next)).body);
    rows.push(...shown.texts("tbody tr"));
    next = shown.document.querySelector('.govuk-pagination a[rel="next"]')?.getAttribute("href") ?? null;
  }
  return rows;
}
