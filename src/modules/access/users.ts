import { z } from "zod";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "./audit.ts";
import { hashPassword, passwordMatches, passwordProblem } from "./passwords.ts";
import * as repository from "./repository.ts";
import { forgetDevicesOf } from "./throttle-repository.ts";
import type { UserRow } from "./repository.ts";
import { isRole, roleNames, type Actor, type Role } from "./roles.ts";

/** A mistake in what was asked of the user accounts, in words an administrator can act on. */
export class AccountError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = "AccountError";
  }
}

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._@-]{3,64}$/, "Username must be 3 to 64 letters, digits, dots, hyphens, underscores or @");

/** What the audit trail keeps of an account: never the password hash. */
function auditView(user: UserRow, roles: Role[], priorities: number[]) {
  return { username: user.username, displayName: user.displayName, email: user.email, disabled: user.disabled, roles, priorities };
}

export function parseRoles(values: string[]): Role[] {
  const unknown = values.filter((v) => !isRole(v));
  if (unknown.length > 0) throw new AccountError(`There is no role called ${unknown.join(", ")}. The roles are: ${roleNames.join(", ")}`, "roles");
  return [...new Set(values as Role[])].sort();
}

async function priorityIdsFor(db: Database, numbers: number[]): Promise<number[]> {
  const ids = await repository.priorityIdsByNumber(db, numbers);
  const missing = numbers.filter((n) => !ids.has(n));
  if (missing.length > 0) throw new AccountError(`There is no priority ${missing.join(", ")} in the plan`, "priorities");
  return [...ids.values()];
}

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | undefined;
  password?: string | undefined;
  roles: string[];
  priorityNumbers?: number[];
  demo?: boolean;
}

export async function createUser(db: Database, context: ChangeContext, input: NewUser): Promise<UserRow> {
  const username = usernameSchema.safeParse(input.username);
  if (!username.success) throw new AccountError(username.error.issues[0]?.message ?? "Enter a username", "username");
  if (!input.displayName.trim()) throw new AccountError("Enter the person's name", "displayName");
  const roles = parseRoles(input.roles);
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, username.data);
    if (problem) throw new AccountError(problem, "password");
  }
  if (await repository.findUserByUsername(db, username.data)) throw new AccountError(`There is already a user called ${username.data}`, "username");
  const numbers = input.priorityNumbers ?? [];
  const priorityIds = await priorityIdsFor(db, numbers);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const user = await repository.insertUser(tx, {
      username: username.data,
      displayName: input.displayName.trim(),
      email: input.email ?? null,
      passwordHash,
      demo: input.demo ?? false,
    });
    await repository.replaceRoles(tx, user.id, roles);
    await repository.replacePriorities(tx, user.id, priorityIds);
    await recordChange(tx, context, { action: "create", recordType: "user", recordId: user.id, after: auditView(user, roles, numbers) });
    return user;
  });
}

async function existing(db: Database, username: string): Promise<UserRow> {
  const user = await repository.findUserByUsername(db, username.trim().toLowerCase());
  if (!user) throw new AccountError(`There is no user called ${username}`, "username");
  return user;
}

export async function setRoles(db: Database, context: ChangeContext, username: string, roleValues: string[], priorityNumbers: number[] = []) {
  const user = await existing(db, username);
  const roles = parseRoles(roleValues);
  const priorityIds = await priorityIdsFor(db, priorityNumbers);
  const before = auditView(user, await repository.rolesOf(db, user.id), await repository.priorityNumbersOf(db, user.id));
  await db.transaction(async (tx) => {
    await repository.replaceRoles(tx, user.id, roles);
    await repository.replacePriorities(tx, user.id, priorityIds);
    await repository.updateUser(tx, user.id, { version: user.version + 1 });
    await recordChange(tx, context, { action: "set roles", recordType: "user", recordId: user.id, before, after: auditView(user, roles, priorityNumbers) });
  });
}

export async function disableUser(db: Database, context: ChangeContext, username: string) {
  const user = await existing(db, username);
  const roles = await repository.rolesOf(db, user.id);
  const priorities = await repository.priorityNumbersOf(db, user.id);
  await db.transaction(async (tx) => {
    await repository.updateUser(tx, user.id, { disabled: true, version: user.version + 1 });
    await repository.deleteSessionsOfUser(tx, user.id);
    await forgetDevicesOf(tx, user.id);
    await recordChange(tx, context, {
      action: "disable",
      recordType: "user",
      recordId: user.id,
      before: auditView(user, roles, priorities),
      after: auditView({ ...user, disabled: true }, roles, priorities),
    });
  });
}

export async function resetPassword(db: Database, context: ChangeContext, username: string, password: string) {
  const user = await existing(db, username);
  const problem = passwordProblem(password, user.username);
  if (problem) throw new AccountError(problem, "password");
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await repository.updateUser(tx, user.id, { passwordHash, version: user.version + 1 });
    await repository.deleteSessionsOfUser(tx, user.id);
    // A reset may follow a compromise: no browser keeps its exemption from the sign-in throttle.
    await forgetDevicesOf(tx, user.id);
    await recordChange(tx, context, { action: "reset password", recordType: "user", recordId: user.id });
  });
}

/** A person changing their own password: they must know the current one. Their other sessions end. */
export async function changePassword(db: Database, context: ChangeContext & { userId: number }, current: string, next: string) {
  const user = await repository.findUserById(db, context.userId);
  if (!user?.passwordHash || !(await passwordMatches(user.passwordHash, current))) {
    throw new AccountError("Your current password is not right", "currentPassword");
  }
  const problem = passwordProblem(next, user.username);
  if (problem) throw new AccountError(problem, "newPassword");
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await repository.updateUser(tx, user.id, { passwordHash, version: user.version + 1 });
    await repository.deleteSessionsOfUser(tx, user.id);
    await recordChange(tx, context, { action: "change password", recordType: "user", recordId: user.id });
  });
}

export async function actorOf(db: Database, userId: number): Promise<Actor | null> {
  const user = await repository.findActorRow(db, userId);
  if (!user || user.disabled) return null;
  return { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, priorityIds: user.priorityIds };
}

export async function listUsersWithRoles(db: Database) {
  const users = await repository.listUsers(db);
  return Promise.all(
    users.map(async (user) => ({
      ...user,
      roles: await repository.rolesOf(db, user.id),
      priorities: await repository.priorityNumbersOf(db, user.id),
    })),
  );
}

export { listDemoUsers } from "./repository.ts";

/** Who holds a role and may be written to: enabled accounts, their email address (if any) and priorities. */
export async function accountsWithRole(db: Database, role: Role) {
  return repository.listActiveAccountsWithRole(db, role);
}
