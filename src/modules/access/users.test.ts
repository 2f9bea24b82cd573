import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema/index.ts";
import { engines, type TestHandle } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import { demoPassword } from "../../demo/accounts.ts";
import * as repository from "./repository.ts";
import { signInWithPassword } from "./sign-in.ts";
import { AccountError, createUser, disableUser, enableUser, listAccounts, resetPassword, setRoles } from "./users.ts";

describe.each(engines.map((engine) => [engine.name, engine] as const))("the account rules on %s", (_name, engine) => {
  let handle: TestHandle;

  beforeAll(async () => {
    handle = await engine.openDemo();
  }, 60_000);

  afterAll(async () => handle?.close());

  const enabledAdministrators = async () => (await listAccounts(handle.db)).filter((a) => !a.disabled && a.roles.includes("administrator")).map((a) => a.username);

  it("lists each account with its roles in the usual order, the priorities it leads and when it last signed in", async () => {
    await createUser(handle.db, testContext, { username: "mo.khan", displayName: "Mo Khan", roles: ["viewer", "priority_lead", "approver"], priorityNumbers: [7, 2], password: demoPassword });
    const before = (await listAccounts(handle.db)).find((a) => a.username === "mo.khan");
    expect(before).toMatchObject({ roles: ["priority_lead", "approver", "viewer"], priorityNumbers: [2, 7], rolesFrom: "administrator", lastSignInAt: null });
    const signedInAt = Date.now();
    expect((await signInWithPassword(handle.db, { username: "mo.khan", password: demoPassword, address: "127.0.0.1", correlationId: "test" })).ok).toBe(true);
    const after = (await listAccounts(handle.db)).find((a) => a.username === "mo.khan");
    expect(after?.lastSignInAt).toBeInstanceOf(Date);
    expect(Math.abs((after?.lastSignInAt?.getTime() ?? 0) - signedInAt)).toBeLessThan(60_000);
  });

  it("changes nothing for a stale version, and gives back the account as it is now", async () => {
    await createUser(handle.db, testContext, { username: "lee.b", displayName: "Lee Brown", roles: ["viewer"] });
    const [account] = (await listAccounts(handle.db)).filter((a) => a.username === "lee.b");
    if (!account) throw new Error("no account");
    expect(await setRoles(handle.db, testContext, { id: account.id }, { roles: ["approver"], version: account.version })).toMatchObject({ ok: true, value: { roles: ["approver"] } });
    const events = await handle.db.$count(auditEvents);
    const stale = await setRoles(handle.db, testContext, { id: account.id }, { roles: ["plan_editor"], version: account.version });
    expect(stale).toMatchObject({ ok: false, problem: { code: "conflict", current: { roles: ["approver"], version: account.version + 1 } } });
    expect(await handle.db.$count(auditEvents)).toBe(events);
  });

  it("keeps an enabled administrator when two remove each other at the same moment", async () => {
    await createUser(handle.db, testContext, { username: "deputy", displayName: "Dee Deputy", roles: ["administrator"] });
    expect(await enabledAdministrators()).toEqual(["admin", "deputy"]);
    const results = await Promise.allSettled([
      setRoles(handle.db, testContext, { username: "admin" }, { roles: ["viewer"] }),
      setRoles(handle.db, testContext, { username: "deputy" }, { roles: ["viewer"] }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [refusal] = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(refusal).toBeInstanceOf(AccountError);
    expect(await enabledAdministrators()).toHaveLength(1);

    // The same when they disable each other.
    const [remaining = ""] = await enabledAdministrators();
    const other = remaining === "admin" ? "deputy" : "admin";
    await setRoles(handle.db, testContext, { username: other }, { roles: ["administrator"] });
    const disabling = await Promise.allSettled([disableUser(handle.db, testContext, { username: "admin" }), disableUser(handle.db, testContext, { username: "deputy" })]);
    expect(disabling.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await enabledAdministrators()).toHaveLength(1);
    await enableUser(handle.db, testContext, { username: "admin" });
    await enableUser(handle.db, testContext, { username: "deputy" });
  });

  it("adds an account once when it is added five times at once, and refuses the others by name", async () => {
    const events = await handle.db.$count(auditEvents);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => createUser(handle.db, testContext, { username: "twice.clicked", displayName: "Tess Twice", roles: ["viewer"] })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(String(r.reason)).toContain("There is already a user called twice.clicked");
    expect(await handle.db.$count(auditEvents)).toBe(events + 1);
  });

  it("refuses to reset the password of an account that signs in with the identity provider", async () => {
    const user = await repository.insertUser(handle.db, { username: "oidc.person", displayName: "Ola Person", passwordHash: null, oidcIssuer: "https://login.example", oidcSubject: "abc", rolesFrom: "identity_provider" });
    await expect(resetPassword(handle.db, testContext, { id: user.id }, "kettle river lantern")).rejects.toThrow("Ola Person signs in with their council account, so has no Waymark password to reset");
    expect((await repository.findUserById(handle.db, user.id))?.passwordHash).toBeNull();
  });
});
