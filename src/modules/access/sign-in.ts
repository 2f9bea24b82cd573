import type { Database } from "../../db/client.ts";
import { recordChange } from "./audit.ts";
import { passwordMatches, spendVerificationTime } from "./passwords.ts";
import * as repository from "./repository.ts";

/** Failed sign-ins allowed in the window before the account, or the address, must wait. */
export const signInLimits = { perAccount: 5, perAddress: 20, windowMinutes: 15 };

export type SignInResult = { ok: true; userId: number } | { ok: false; reason: "invalid" | "too-many" };

/**
 * Checks a username and password. The same answer, taking the same time, whether the account
 * does not exist, is disabled or the password is wrong, so accounts cannot be discovered.
 */
export async function signInWithPassword(
  db: Database,
  input: { username: string; password: string; address: string; correlationId: string },
  now = new Date(),
): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase();
  const since = new Date(now.getTime() - signInLimits.windowMinutes * 60_000);
  const [byAccount, byAddress] = await Promise.all([
    repository.countSignInFailures(db, since, { username }),
    repository.countSignInFailures(db, since, { address: input.address }),
  ]);
  if (byAccount >= signInLimits.perAccount || byAddress >= signInLimits.perAddress) return { ok: false, reason: "too-many" };

  const user = await repository.findUserByUsername(db, username);
  const matches = user?.passwordHash ? await passwordMatches(user.passwordHash, input.password) : (await spendVerificationTime(input.password), false);
  if (!user || user.disabled || !matches) {
    await repository.insertSignInFailure(db, username, input.address);
    return { ok: false, reason: "invalid" };
  }
  await repository.clearSignInFailures(db, username);
  await recordChange(db, { userId: user.id, username: user.username, correlationId: input.correlationId }, {
    action: "sign in",
    recordType: "user",
    recordId: user.id,
  });
  return { ok: true, userId: user.id };
}
