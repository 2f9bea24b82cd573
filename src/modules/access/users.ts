import type { Database, Executor } from "../../db/client.ts";
import { takeTurns } from "../../db/locks.ts";
import { recordChange, type ChangeContext } from "./audit.ts";
import { hashPassword, passwordMatches, passwordProblem } from "./passwords.ts";
import * as repository from "./repository.ts";
import { forgetDevicesOf } from "./throttle-repository.ts";
import type { AccountRow, UserRow } from "./repository.ts";
import { displayNameSchema, emailSchema, noRoleMessage, usernameSchema } from "./schemas.ts";
import { isRole, roleLabels, roleNames, type Actor, type Role } from "./roles.ts";
import { conflicted, succeeded, UserError, type Outcome } from "../../core/problems.ts";
import { required } from "../../core/lookup.ts";

/**
 * The rules for accounts, the same from the command line (which names an account by its
 * username) and from the accounts pages (which name it by its id). Each change is audited in the
 * transaction that makes it.
 */

/** A mistake in what was asked of the user accounts, in words an administrator can act on. */
export class AccountError extends UserError {
  constructor(message: string, field?: string) {
    super("invalid", message, { field });
    this.name = "AccountError";
  }
}

export { usernameSchema };

/** An account with its roles, the numbers of the priorities it leads, and when it last signed in. */
export type Account = Omit<AccountRow, "priorityIds"> & { priorityNumbers: number[] };

/**
 * The plan module, which numbers the priorities a lead is given. It records its own changes
 * through this module, so it is loaded when first asked for rather than with this file.
 */
const planModule = () => import("../plan/index.ts");

/** Accounts with the numbers of their priorities in place of the ids they are stored by. */
async function withPriorityNumbers(db: Executor, rows: AccountRow[]): Promise<Account[]> {
  const numbers = await (await planModule()).priorityNumbersById(db, [...new Set(rows.flatMap((row) => row.priorityIds))]);
  return rows.map(({ priorityIds, ...row }) => ({ ...row, priorityNumbers: sortedNumbers(priorityIds.flatMap((id) => numbers.get(id) ?? [])) }));
}

const withPriorityNumbersOf = async (db: Executor, row: AccountRow): Promise<Account> => required((await withPriorityNumbers(db, [row]))[0], `the account ${String(row.id)}`);

/** An account as the command line names it, or as the app does. */
export type AccountRef = { username: string } | { id: number };

/** Changes to who holds the administrator role, and to whether they are enabled, take turns: see `keepAnAdministrator`. */
const administratorsLock = "accounts: administrators";

/** What the audit trail keeps of an account: never the password hash. */
function auditView(user: Pick<UserRow, "username" | "displayName" | "email" | "disabled" | "rolesFrom">, roles: Role[], priorities: number[]) {
  return { username: user.username, displayName: user.displayName, email: user.email, disabled: user.disabled, roles, priorities, rolesFrom: user.rolesFrom };
}

/** Role names as typed or sent by a form, checked, without repeats, in the order roles are listed everywhere. */
export function parseRoles(values: string[]): Role[] {
  const unknown = values.filter((v) => !isRole(v));
  if (unknown.length > 0) throw new AccountError(`There is no role called ${unknown.join(", ")}. The roles are: ${roleNames.join(", ")}`, "roles");
  return roleNames.filter((role) => values.includes(role));
}

async function priorityIdsFor(db: Executor, numbers: number[]): Promise<number[]> {
  const ids = await (await planModule()).priorityIdsByNumber(db, numbers);
  const missing = numbers.filter((n) => !ids.has(n));
  if (missing.length > 0) throw new AccountError(`There is no priority ${missing.join(", ")} in the plan`, "priorities");
  return [...ids.values()];
}

/** A priority lead's priorities are the ones they write progress for; no other role has any. */
function checkPriorities(roles: Role[], numbers: number[]): void {
  if (numbers.length > 0 && !roles.includes("priority_lead")) {
    throw new AccountError(`Priorities are only for a priority lead: select ${roleLabels.priority_lead} too, or clear the priorities`, "priorities");
  }
}

const sortedNumbers = (numbers: number[]) => [...new Set(numbers)].sort((a, b) => a - b);

function checked<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new AccountError(result.error.issues[0]?.message ?? `Check the ${field}`, field);
  return result.data;
}

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | undefined;
  password?: string | undefined;
  roles: string[];
  priorityNumbers?: number[];
  demo?: boolean;
  /** The password was made by Waymark and shown to an administrator: the person must change it when they sign in. */
  oneTimePassword?: boolean;
}

export async function createUser(db: Database, context: ChangeContext, input: NewUser): Promise<UserRow> {
  const username = checked(usernameSchema, input.username, "username");
  const displayName = checked(displayNameSchema, input.displayName, "displayName");
  const email = checked(emailSchema, input.email ?? "", "email");
  const roles = parseRoles(input.roles);
  if (roles.length === 0) throw new AccountError(noRoleMessage, "roles");
  const numbers = sortedNumbers(input.priorityNumbers ?? []);
  checkPriorities(roles, numbers);
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, username);
    if (problem) throw new AccountError(problem, "password");
  }
  const taken = () => new AccountError(`There is already a user called ${username}`, "username");
  if (await repository.findUserByUsername(db, username)) throw taken();
  const priorityIds = await priorityIdsFor(db, numbers);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // Two people adding the same username at once: the second finds the first's account.
    const user = await repository.insertUserIfNew(tx, { username, displayName, email: email || null, passwordHash, demo: input.demo ?? false, mustChangePassword: input.oneTimePassword ?? false, rolesFrom: "administrator" });
    if (!user) throw taken();
    await repository.replaceRoles(tx, user.id, roles);
    await repository.replacePriorities(tx, user.id, priorityIds);
    await recordChange(tx, context, { action: "create", recordType: "user", recordId: user.id, after: auditView(user, roles, numbers) });
    return user;
  });
}

async function existing(db: Executor, account: AccountRef): Promise<Account> {
  const found = "id" in account ? await repository.findAccount(db, account.id) : await repository.findAccountByUsername(db, account.username.trim().toLowerCase());
  if (!found) throw new AccountError(`There is no user called ${"id" in account ? `number ${account.id}` : account.username}`, "username");
  return withPriorityNumbersOf(db, found);
}

/** Whether the account is the only enabled administrator, whom Waymark cannot lose. */
export async function isOnlyEnabledAdministrator(db: Executor, account: Pick<Account, "id" | "roles" | "disabled">): Promise<boolean> {
  return account.roles.includes("administrator") && !account.disabled && (await repository.countOtherEnabledAdministrators(db, account.id)) === 0;
}

/**
 * Waymark must always have an enabled administrator, or nobody could manage accounts in the app.
 * Called with the administrators' lock held, so two administrators cannot remove each other at once.
 */
async function keepAnAdministrator(tx: Executor, account: Account, doing: string, field?: string): Promise<void> {
  if (!(await isOnlyEnabledAdministrator(tx, account))) return;
  throw new AccountError(onlyAdministratorMessage(account, doing), field);
}

/** Why the only enabled administrator cannot be disabled or lose the role. */
export function onlyAdministratorMessage(account: Pick<Account, "displayName">, doing: string): string {
  return `${account.displayName} is the only administrator whose account is enabled, and Waymark must always have one: add or enable another administrator before ${doing}`;
}

export interface RolesChange {
  roles: string[];
  /** For a priority lead: the numbers of the priorities they write progress for. */
  priorityNumbers?: number[];
  /** The version the change was made from (the accounts page sends it); without one, the change applies to whatever is saved. */
  version?: number;
}

/**
 * Replaces an account's roles and priorities. Refused for a version someone else has changed
 * since: nothing is written, and the `Conflict` holds the account as it now stands.
 */
export async function setRoles(db: Database, context: ChangeContext, account: AccountRef, change: RolesChange): Promise<Outcome<Account>> {
  const roles = parseRoles(change.roles);
  const numbers = sortedNumbers(change.priorityNumbers ?? []);
  checkPriorities(roles, numbers);
  const priorityIds = await priorityIdsFor(db, numbers);
  return db.transaction(async (tx) => {
    await takeTurns(tx, administratorsLock);
    const current = await existing(tx, account);
    if (change.version !== undefined && change.version !== current.version) return conflicted(current);
    if (!roles.includes("administrator")) await keepAnAdministrator(tx, current, "removing the administrator role from this account", "roles");
    const rolesChanged = current.roles.join() !== roles.join();
    if (!rolesChanged && current.priorityNumbers.join() === numbers.join()) return succeeded(current);
    // Roles an administrator sets hold until the identity provider's groups replace them at a sign-in.
    const rolesFrom = rolesChanged ? "administrator" : current.rolesFrom;
    if (!(await repository.updateUserAt(tx, current.id, current.version, { rolesFrom }))) {
      return conflicted(await existing(tx, account));
    }
    await repository.replaceRoles(tx, current.id, roles);
    await repository.replacePriorities(tx, current.id, priorityIds);
    await recordChange(tx, context, {
      action: "set roles",
      recordType: "user",
      recordId: current.id,
      before: auditView(current, current.roles, current.priorityNumbers),
      after: auditView({ ...current, rolesFrom }, roles, numbers),
    });
    return succeeded(await existing(tx, { id: current.id }));
  });
}

/**
 * Stops an account signing in, ending its sessions (never the last enabled administrator), or lets
 * a disabled one sign in again with the roles and password it had. Nothing changes if the account
 * is already so.
 */
async function setDisabled(db: Database, context: ChangeContext, account: AccountRef, disabled: boolean): Promise<Account> {
  return db.transaction(async (tx) => {
    await takeTurns(tx, administratorsLock);
    const current = await existing(tx, account);
    if (current.disabled === disabled) return current;
    if (disabled) await keepAnAdministrator(tx, current, "disabling this account");
    await repository.updateUserToNextVersion(tx, current.id, { disabled });
    if (disabled) {
      await repository.deleteSessionsOfUser(tx, current.id);
      await forgetDevicesOf(tx, current.id);
    }
    await recordChange(tx, context, {
      action: disabled ? "disable" : "enable",
      recordType: "user",
      recordId: current.id,
      before: auditView(current, current.roles, current.priorityNumbers),
      after: auditView({ ...current, disabled }, current.roles, current.priorityNumbers),
    });
    return { ...current, disabled };
  });
}

export const disableUser = (db: Database, context: ChangeContext, account: AccountRef) => setDisabled(db, context, account, true);
export const enableUser = (db: Database, context: ChangeContext, account: AccountRef) => setDisabled(db, context, account, false);

/** Sets a new password (never kept or logged but as its hash) and ends the account's sessions. */
/** `oneTime`: the password was made by Waymark and shown to an administrator, so the person must change it when they sign in. */
export async function resetPassword(db: Database, context: ChangeContext, account: AccountRef, password: string, oneTime = false): Promise<void> {
  const user = await existing(db, account);
  if (user.oidcIssuer !== null) {
    // A Waymark password would let the person in without the council's sign-in and its checks.
    throw new AccountError(`${user.displayName} signs in with their council account, so has no Waymark password to reset`, "password");
  }
  const problem = passwordProblem(password, user.username);
  if (problem) throw new AccountError(problem, "password");
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await repository.updateUserToNextVersion(tx, user.id, { passwordHash, mustChangePassword: oneTime });
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
    await repository.updateUser(tx, user.id, { passwordHash, mustChangePassword: false, version: user.version + 1 });
    await repository.deleteSessionsOfUser(tx, user.id);
    await recordChange(tx, context, { action: "change password", recordType: "user", recordId: user.id });
  });
}

export async function actorOf(db: Database, userId: number): Promise<Actor | null> {
  return actorFrom(await repository.findActorRow(db, userId));
}

/** Who an account acts as: nobody when it is disabled (or gone). */
export function actorFrom(user: repository.ActorRow | undefined): Actor | null {
  if (!user || user.disabled) return null;
  return { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, priorityIds: user.priorityIds, mustChangePassword: user.mustChangePassword };
}

/** Every account, by username, with its roles, priorities and last sign-in. */
export async function listAccounts(db: Database): Promise<Account[]> {
  return withPriorityNumbers(db, await repository.listAccounts(db));
}

/** The accounts records can be given to: every enabled one, by name. */
export async function activeAccounts(db: Database): Promise<Account[]> {
  return (await listAccounts(db)).filter((a) => !a.disabled).sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id - b.id);
}

export async function findAccount(db: Database, id: number): Promise<Account | undefined> {
  const found = await repository.findAccount(db, id);
  return found && withPriorityNumbersOf(db, found);
}

export { findUserByUsername, listDemoUsers, rolesOf } from "./repository.ts";

/** Who holds a role and may be written to: enabled accounts, their email address (if any) and priorities. */
export async function accountsWithRole(db: Database, role: Role) {
  return repository.listActiveAccountsWithRole(db, role);
}

/** The names of the enabled accounts that lead each of these priorities, by priority id. */
export function leadNamesByPriority(db: Executor, priorityIds: readonly number[]): Promise<Map<number, string[]>> {
  return repository.leadNamesByPriority(db, priorityIds);
}
