import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { historyOf, findUserByUsername, rolesOf, signInWithPassword } from "../modules/access/index.ts";
import { openDatabase, type DatabaseHandle } from "../db/client.ts";
import { aPlan, aUser } from "../../test/support/factories.ts";
import { usersCommand } from "./users.ts";

let handle: DatabaseHandle;

// A plan with priorities 1 and 2, and its one administrator.
beforeAll(async () => {
  handle = await openDatabase({ dataDir: "memory" });
  await aPlan(handle.db);
  await aUser(handle.db, "admin", ["administrator"], { displayName: "Ada Administrator" });
});
afterAll(async () => handle?.close());

const signIn = (username: string, password: string) =>
  signInWithPassword(handle.db, { username, password, address: "127.0.0.1", correlationId: "test" });

describe("waymark users", () => {
  it("adds a user with roles and a one-time password that signs in", async () => {
    const output = await usersCommand(handle.db, ["add", "JSmith", "--name", "Jo Smith", "--role", "priority_lead", "--priority", "2"]);
    const password = /one-time password is: (\S+)$/.exec(output)?.[1] ?? "";
    expect(password).toHaveLength(20);
    expect((await signIn("jsmith", password)).ok).toBe(true);
    const user = await findUserByUsername(handle.db, "jsmith");
    expect(await rolesOf(handle.db, user?.id ?? 0)).toEqual(["priority_lead"]);
    const [created] = (await historyOf(handle.db, "user", user?.id ?? 0)).reverse();
    expect(created?.username).toMatch(/^command line \(/);
  });

  it("lists users with their roles and priorities", async () => {
    expect(await usersCommand(handle.db, ["list"])).toMatch(/^jsmith\tJo Smith\tpriority_lead\tpriorities 2$/m);
  });

  it("sets roles, and refuses a role that does not exist", async () => {
    await usersCommand(handle.db, ["set-role", "jsmith", "--role", "viewer", "--role", "approver"]);
    const user = await findUserByUsername(handle.db, "jsmith");
    expect(await rolesOf(handle.db, user?.id ?? 0)).toEqual(["approver", "viewer"]);
    await expect(usersCommand(handle.db, ["set-role", "jsmith", "--role", "councillor"])).rejects.toThrow(/There is no role called councillor/);
  });

  it("resets a password, and the old one stops working", async () => {
    const output = await usersCommand(handle.db, ["reset-password", "jsmith"]);
    const password = /one-time password is: (\S+)$/.exec(output)?.[1] ?? "";
    expect((await signIn("jsmith", password)).ok).toBe(true);
  });

  it("disables a user, who can then no longer sign in", async () => {
    const output = await usersCommand(handle.db, ["reset-password", "jsmith"]);
    const password = /one-time password is: (\S+)$/.exec(output)?.[1] ?? "";
    await usersCommand(handle.db, ["disable", "jsmith"]);
    expect(await signIn("jsmith", password)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await usersCommand(handle.db, ["list"])).toMatch(/^jsmith\t.*\tdisabled$/m);
  });

  it("enables a disabled user, who can sign in again", async () => {
    const output = await usersCommand(handle.db, ["reset-password", "jsmith"]);
    const password = /one-time password is: (\S+)$/.exec(output)?.[1] ?? "";
    expect(await usersCommand(handle.db, ["enable", "jsmith"])).toBe("Enabled jsmith; they can sign in again.");
    expect((await signIn("jsmith", password)).ok).toBe(true);
    expect(await usersCommand(handle.db, ["list"])).toMatch(/^jsmith\tJo Smith\tapprover,viewer$/m);
  });

  it("refuses to disable the last enabled administrator, or to take the role from them", async () => {
    const only = /Ada Administrator is the only administrator whose account is enabled, and Waymark must always have one/;
    await expect(usersCommand(handle.db, ["disable", "admin"])).rejects.toThrow(only);
    await expect(usersCommand(handle.db, ["set-role", "admin", "--role", "viewer"])).rejects.toThrow(only);
    expect(await usersCommand(handle.db, ["list"])).toMatch(/^admin\tAda Administrator\tadministrator$/m);
    // With a second administrator, either may go.
    await usersCommand(handle.db, ["add", "deputy", "--name", "Dee Deputy", "--role", "administrator"]);
    await usersCommand(handle.db, ["disable", "deputy"]);
    await expect(usersCommand(handle.db, ["disable", "admin"])).rejects.toThrow(only);
    await usersCommand(handle.db, ["enable", "deputy"]);
    await usersCommand(handle.db, ["set-role", "admin", "--role", "viewer"]);
    await expect(usersCommand(handle.db, ["disable", "deputy"])).rejects.toThrow(/Dee Deputy is the only administrator/);
    await usersCommand(handle.db, ["set-role", "admin", "--role", "administrator"]);
  });

  it("refuses priorities for anyone but a priority lead", async () => {
    await expect(usersCommand(handle.db, ["set-role", "jsmith", "--role", "viewer", "--priority", "2"])).rejects.toThrow(/Priorities are only for a priority lead/);
  });

  it("refuses a second user with the same name and a priority the plan does not have", async () => {
    await expect(usersCommand(handle.db, ["add", "jsmith", "--name", "J", "--role", "viewer"])).rejects.toThrow(/already a user called jsmith/);
    await expect(usersCommand(handle.db, ["add", "newlead", "--name", "N", "--role", "priority_lead", "--priority", "12"])).rejects.toThrow(/no priority 12/);
  });
});
