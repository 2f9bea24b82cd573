import { ProblemList } from "../../core/problem-list.ts";

/**
 * A problem in a case file, where the analyst will find it: the file, the row (or, in XML, the
 * element's path, like `Children/Child[3]/CINdetails[1]`), the field, and what is wrong.
 */
export interface CaseFileProblem {
  file: string;
  place: string;
  field: string;
  message: string;
}

/** The first 100 problems of a set of case files, and how many more. */
export class CaseFileProblems extends ProblemList<CaseFileProblem> {}

/** A problem as one line: "episodes.csv row 12, DECOM: 31/02/2024 is not a date". */
export function problemLine(problem: CaseFileProblem): string {
  return `${problem.file} ${problem.place}${problem.field ? `, ${problem.field}` : ""}: ${problem.message}`;
}
