import { createHmac } from "node:crypto";

/** What an id names: a child or other person, a member of staff, or a record (a referral, a plan…). */
export type IdKind = "person" | "staff" | "record";

/**
 * Turns the case system's ids into pseudonyms: an HMAC-SHA-256 of the council, the kind of id and
 * the id, under the council's secret key, kept outside the database. The same id gives the same
 * pseudonym in every extract and return, so records link up across them; without the key nobody
 * can go back from a pseudonym to the case system's id, or test a guess.
 */
export class Pseudonyms {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length < 32) throw new Error("a casework key is at least 32 bytes");
    this.#key = key;
  }

  /** 24 hexadecimal characters (96 bits): short enough to read out, far too many to collide. */
  of(laCode: string, kind: IdKind, id: string): string {
    return createHmac("sha256", this.#key).update(`${laCode}\u0000${kind}\u0000${id.trim()}`).digest("hex").slice(0, 24);
  }
}
