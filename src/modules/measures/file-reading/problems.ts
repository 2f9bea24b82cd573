import { moreProblemsText, ProblemList as GenericProblemList } from "../../../core/problem-list.ts";
import { counted } from "../../../core/upload-limits.ts";

export { moreProblemsText };

/** A problem with one cell or row of an import, as the person will find it in their spreadsheet. */
export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

/** The problems of a file of rows, each with its row and column. */
export class ProblemList extends GenericProblemList<RowProblem> {}

/** What a refused import's page says: how many problems in all, and how many are not listed. */
export function problemCounts(result: { problems: RowProblem[]; moreProblems?: number | undefined }): { total: string; more: string } {
  const total = result.problems.length + (result.moreProblems ?? 0);
  return { total: `${counted(total)} problem${total === 1 ? "" : "s"}`, more: moreProblemsText(result.moreProblems) };
}
