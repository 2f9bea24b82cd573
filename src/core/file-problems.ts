import { UserError } from "./problems.ts";

/**
 * Every problem found in a set of files, each naming its file and field, reported together so a
 * person can mend them all at once. Nothing is loaded while any remain.
 */
export class FileProblemsError extends UserError {
  constructor(what: string, readonly problems: string[]) {
    super("invalid", `The ${what} have ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "FileProblemsError";
  }
}

/** A file that is not the kind it was given as (a CSV where a workbook was asked for, say): said in one sentence. */
export class UnreadableFileError extends UserError {
  constructor(message: string) {
    super("invalid", message);
    this.name = "UnreadableFileError";
  }
}
