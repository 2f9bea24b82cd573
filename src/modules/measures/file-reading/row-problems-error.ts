import { UnreadableFileError } from "../../../core/file-problems.ts";
import { moreProblemsText, type ProblemList, type RowProblem } from "./problems.ts";

/** A file refused for problems in its rows: each named by row and column, the first 100 listed. */
export class RowProblemsError extends UnreadableFileError {
  readonly problems: RowProblem[];
  readonly more: number;

  constructor(found: ProblemList) {
    const listed = found.listed.map((p) => `row ${String(p.row)}${p.column ? `, ${p.column}` : ""}: ${p.message}`);
    super([`${String(found.count)} problem${found.count === 1 ? "" : "s"}: ${listed.join("; ")}`, moreProblemsText(found.more)].filter(Boolean).join(" "));
    this.name = "RowProblemsError";
    this.problems = found.listed;
    this.more = found.more;
  }
}
