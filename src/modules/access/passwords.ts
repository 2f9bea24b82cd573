import { randomBytes } from "node:crypto";
import { hash, verify, type Algorithm } from "@node-rs/argon2";
import { commonPasswords } from "./common-passwords.ts";

/**
 * Password rules after NCSC guidance: long enough, not a common password, no composition rules
 * (no forced digits or symbols), no expiry. ASVS level 2 asks for at least 12 characters.
 */
export const minimumLength = 12;
/** Argon2id in @node-rs/argon2's (const) Algorithm enum. */
const argon2id = 2 as Algorithm;
export const maximumLength = 128;

export function passwordProblem(password: string, username = ""): string | null {
  if (password.length < minimumLength) return `Password must be ${minimumLength} characters or more`;
  if (password.length > maximumLength) return `Password must be ${maximumLength} characters or fewer`;
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower) || /^(.)\1+$/.test(password)) return "Password is too common: choose one that is harder to guess";
  if (username && lower.includes(username.toLowerCase())) return "Password must not contain your username";
  if (lower.includes("waymark")) return "Password must not contain the name of the service";
  return null;
}

/**
 * A one-time password for a new account or a reset, given to the person to sign in with once and
 * change: 20 characters from a 32-letter alphabet (no 0/o or 1/l/i to misread), about 100 bits.
 * Drawn again in the rare case it breaks a rule, such as holding the username.
 */
export function makeOneTimePassword(username: string): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789-";
  for (;;) {
    const password = [...randomBytes(20)].map((b) => alphabet[b % 32]).join("");
    if (passwordProblem(password, username) === null) return password;
  }
}

export async function hashPassword(password: string): Promise<string> {
  // OWASP's argon2id settings: 19 MiB, 2 iterations, 1 lane.
  return hash(password, { algorithm: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export async function passwordMatches(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so both answers take as long. */
let decoy: Promise<string> | null = null;
export async function spendVerificationTime(password: string): Promise<void> {
  decoy ??= hashPassword("decoy password for unknown accounts");
  await passwordMatches(await decoy, password);
}
