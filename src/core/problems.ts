/**
 * What went wrong, in words the person can act on, and what kind of wrong it is. The kind (its
 * code) is what the web answers with (404, 409, 400) and what the command line exits with; the
 * message is shown as it is, and the field, row or column says where.
 */
export type ProblemCode =
  /** The record asked for is not there (or no longer is). */
  | "not-found"
  /** Someone else changed the record first; nothing was written. */
  | "conflict"
  /** What was given breaks a rule: a form field, a file, a setting. */
  | "invalid"
  /** Rows of a file were wrong: each is listed, and nothing was imported. */
  | "rejected"
  /** A request that is understood but will not be done as it stands (a folder that holds files). */
  | "refused"
  /** Another process holds what is needed (the embedded database). */
  | "in-use"
  /** A command called the wrong way. */
  | "usage";

/** Where a problem is: a form field, or a row and column of a file. */
export interface ProblemPlace {
  field?: string;
  row?: number;
  column?: string;
}

/** A mistake the person can mend, raised anywhere and answered once by the web and once by the command line. */
export class UserError extends Error {
  readonly field?: string;
  readonly row?: number;
  readonly column?: string;

  constructor(
    readonly code: ProblemCode,
    message: string,
    place: ProblemPlace = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "UserError";
    if (place.field !== undefined) this.field = place.field;
    if (place.row !== undefined) this.row = place.row;
    if (place.column !== undefined) this.column = place.column;
  }
}

/** The record is not there. */
export class NotFound extends UserError {
  declare readonly code: "not-found";

  constructor(message = "There is no such record") {
    super("not-found", message);
  }
}

/** Someone else saved first: `current` is the record as it now stands, to show what changed. */
export class Conflict<Current> extends UserError {
  declare readonly code: "conflict";

  constructor(
    readonly current: Current,
    message = "Someone else changed this while you were editing it",
  ) {
    super("conflict", message);
  }
}

/** What an operation that can meet a missing record or a colleague's change gives back. */
export type Outcome<T, Current = T> = { ok: true; value: T } | { ok: false; problem: NotFound | Conflict<Current> };

export const succeeded = <T>(value: T) => ({ ok: true, value }) as const;
export const notFound = () => ({ ok: false, problem: new NotFound() }) as const;
export const conflicted = <Current>(current: Current, message?: string) => ({ ok: false, problem: new Conflict(current, message) }) as const;

/** The HTTP status the web answers a problem with. */
export const httpStatusOf: Record<ProblemCode, number> = {
  "not-found": 404,
  conflict: 409,
  invalid: 400,
  rejected: 400,
  refused: 400,
  "in-use": 409,
  usage: 400,
};

/** The command line's exit status: 1 for a file whose rows were rejected, 2 for anything else to mend. */
export const exitStatusOf = (code: ProblemCode): number => (code === "rejected" ? 1 : 2);
