import { counted, problemsListed } from "../../../core/upload-limits.ts";

/** A problem with one cell or row of an import, as the person will find it in their spreadsheet. */
export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

/**
 * The problems found in a file: the first 100 kept to show, the rest only counted, so a file of
 * a million bad rows gives a page that says so rather than a page a million rows long.
 */
export class ProblemList {
  readonly listed: RowProblem[] = [];
  more = 0;

  constructor(private readonly limit = problemsListed) {}

  add(problem: RowProblem): void {
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

/** What a refused import's page says: how many problems in all, and how many are not listed. */
export function problemCounts(result: { problems: RowProblem[]; moreProblems?: number | undefined }): { total: string; more: string } {
  const total = result.problems.length + (result.moreProblems ?? 0);
  return { total: `${counted(total)} problem${total === 1 ? "" : "s"}`, more: moreProblemsText(result.moreProblems) };
}
