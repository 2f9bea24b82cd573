import { counted, problemsListed } from "./upload-limits.ts";

/**
 * The problems found in a file: the first 100 kept to show, the rest only counted, so a file of
 * a million bad rows gives a page that says so rather than a page a million rows long.
 */
export class ProblemList<Problem> {
  readonly listed: Problem[] = [];
  more = 0;

  constructor(private readonly limit = problemsListed) {}

  add(problem: Problem): void {
    if (this.listed.length < this.limit) this.listed.push(problem);
    else this.more += 1;
  }

  get count(): number {
    return this.listed.length + this.more;
  }
}

/** "… and 799,900 more problems", or "" when every problem is listed. */
export function moreProblemsText(more: number | undefined): string {
  if (!more) return "";
  return `… and ${counted(more)} more problem${more === 1 ? "" : "s"}`;
}
