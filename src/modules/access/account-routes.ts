import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Database } from "../../db/client.ts";
import { currentPlanSummary, listPriorities } from "../plan/index.ts";
import { fieldErrors, formErrors } from "../../web/forms.ts";
import { idParam, paramsOf } from "../../web/inputs.ts";
import { fieldChanges } from "../../core/field-changes.ts";
import { contextOf } from "./audit.ts";
import { makeOneTimePassword } from "./passwords.ts";
import { roleHints, roleLabels, roleNames, type Actor, type Role } from "./roles.ts";
import { newAccountFormSchema, rolesFormSchema } from "./schemas.ts";
import {
  AccountError,
  createUser,
  disableUser,
  enableUser,
  findAccount,
  isOnlyEnabledAdministrator,
  listAccounts,
  onlyAdministratorMessage,
  resetPassword,
  setRoles,
  type Account,
} from "./users.ts";

const manage = { config: { policy: "users:manage" as const } };
const idParams = z.object({ id: idParam });

/** Where an account's roles came from, in the words the accounts pages use. */
export const rolesFromWords = {
  administrator: "Set by an administrator",
  identity_provider: "From the identity provider's groups at the last sign-in",
} as const;

/** What the pages show of an account. */
function present(account: Account) {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    email: account.email,
    disabled: account.disabled,
    version: account.version,
    signsInWithProvider: account.oidcIssuer !== null,
    roles: account.roles,
    roleText: account.roles.map((role) => roleLabels[role]),
    priorityNumbers: account.priorityNumbers,
    rolesFrom: account.rolesFrom,
    rolesFromText: rolesFromWords[account.rolesFrom],
    lastSignInAt: account.lastSignInAt,
  };
}

/** What the conflict page compares: the roles and priorities, in words. */
function rolesInWords(roles: readonly Role[], priorities: readonly number[]) {
  return { roles: roleNames.filter((role) => roles.includes(role)).map((role) => roleLabels[role]), priorities: [...priorities].sort((a, b) => a - b).map((n) => `Priority ${n}`) };
}

/** The values a set of checkboxes sent, as text, to tick them again on a refused form. */
function ticked(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return [value].flat().filter((v): v is string => typeof v === "string");
}

/** A field of a refused form, as typed, to show it again. */
function typed(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : "";
}

const roleOptions = roleNames.map((role) => ({ value: role, text: roleLabels[role], hint: roleHints[role] }));

/** Notices after a change and its redirect, by the `done` the address carries. */
const notices: Record<string, string> = {
  roles: "The roles have been saved",
  disabled: "The account has been disabled and its sessions have ended",
  enabled: "The account has been enabled",
};

/** The administrators' pages for people's accounts: the same rules as `waymark users`, through the same service. */
export function accountRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  const actorOf = (request: FastifyRequest): Actor => {
    if (!request.actor) throw new Error("the accounts pages need a signed-in administrator");
    return request.actor;
  };

  /** The plan's priorities, for a priority lead's checkboxes; none before a plan is loaded. */
  async function priorityOptions() {
    const plan = await currentPlanSummary(db);
    const priorities = plan ? await listPriorities(db, plan.id) : [];
    return priorities.map((p) => ({ value: String(p.number), text: `Priority ${p.number}: ${p.title}` }));
  }

  async function accountOf(request: FastifyRequest): Promise<Account | undefined> {
    const params = paramsOf(request, idParams);
    return params ? findAccount(db, params.id) : undefined;
  }

  /** The account's page, with its roles form holding `values`. */
  async function accountPage(request: FastifyRequest, account: Account, values: { roles: string[]; priorities: string[]; version: unknown }, extra: Record<string, unknown> = {}) {
    return {
      pageTitle: account.displayName,
      account: present(account),
      self: account.id === actorOf(request).id,
      onlyAdministrator: await isOnlyEnabledAdministrator(db, account),
      roleOptions,
      priorityOptions: await priorityOptions(),
      values,
      ...extra,
    };
  }

  const savedValues = (account: Account) => ({ roles: [...account.roles], priorities: account.priorityNumbers.map(String), version: account.version });

  app.get("/accounts", manage, async (_request, reply) => {
    const accounts = (await listAccounts(db)).map(present);
    return reply.render("access/accounts.njk", {
      pageTitle: "Accounts",
      accounts,
      anyFromProvider: accounts.some((a) => a.signsInWithProvider),
    });
  });

  // Adding an account
  const newAccountView = async (values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    pageTitle: "Add an account",
    roleOptions,
    priorityOptions: await priorityOptions(),
    values,
    ...extra,
  });

  app.get("/accounts/new", manage, async (_request, reply) => reply.render("access/account-new.njk", await newAccountView({ roles: [], priorities: [] })));

  app.post("/accounts/new", manage, async (request, reply) => {
    const body = request.body;
    const values = { username: typed(body, "username"), displayName: typed(body, "displayName"), email: typed(body, "email"), roles: ticked(body, "roles"), priorities: ticked(body, "priorities") };
    const form = newAccountFormSchema.safeParse(body ?? {});
    if (!form.success) return reply.code(400).render("access/account-new.njk", await newAccountView(values, { errors: formErrors(form.error) }));
    // Made here and shown once, on the page this request answers: it is never stored but as its hash, or logged.
    const password = makeOneTimePassword(form.data.username);
    try {
      const user = await createUser(db, contextOf(actorOf(request), request.id), {
        username: form.data.username,
        displayName: form.data.displayName,
        email: form.data.email,
        password,
        oneTimePassword: true,
        roles: form.data.roles,
        priorityNumbers: form.data.priorities,
      });
      return reply.code(201).render("access/account-password.njk", { pageTitle: "Account added", account: user, password, reason: "added" });
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return reply.code(400).render("access/account-new.njk", await newAccountView(values, { errors: fieldErrors({ [error.field ?? "username"]: error.message }) }));
    }
  });

  // An account's page, and changing its roles
  app.get("/accounts/:id", manage, async (request, reply) => {
    const account = await accountOf(request);
    if (!account) return reply.callNotFound();
    const done = (request.query as Record<string, unknown>).done;
    const notice = typeof done === "string" ? notices[done] : undefined;
    return reply.render("access/account.njk", await accountPage(request, account, savedValues(account), { notice }));
  });

  app.post("/accounts/:id/roles", manage, async (request, reply) => {
    const account = await accountOf(request);
    if (!account) return reply.callNotFound();
    const body = request.body;
    const values = { roles: ticked(body, "roles"), priorities: ticked(body, "priorities"), version: typed(body, "version") };
    const form = rolesFormSchema.safeParse(body ?? {});
    if (!form.success) return reply.code(400).render("access/account.njk", await accountPage(request, account, values, { errors: formErrors(form.error) }));
    let result;
    try {
      result = await setRoles(db, contextOf(actorOf(request), request.id), { id: account.id }, { roles: form.data.roles, priorityNumbers: form.data.priorities, version: form.data.version });
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return reply.code(400).render("access/account.njk", await accountPage(request, account, values, { errors: fieldErrors({ [error.field ?? "roles"]: error.message }) }));
    }
    if (result.ok) return reply.redirect(`/accounts/${account.id}?done=roles`, 303);
    if (result.problem.code === "not-found") throw result.problem;
    // Someone else changed the account first: nothing was saved; show theirs beside this edit, which the form keeps.
    const current = result.problem.current;
    return reply.code(409).render(
      "access/account.njk",
      await accountPage(request, current, { ...values, version: current.version }, {
        conflict: fieldChanges(rolesInWords(current.roles, current.priorityNumbers), rolesInWords(form.data.roles, form.data.priorities)),
      }),
    );
  });

  // Disabling and enabling
  const disablePage = async (reply: FastifyReply, account: Account, status = 200, refusal?: string) =>
    reply.code(status).render("access/account-disable.njk", {
      pageTitle: `Disable the account of ${account.displayName}?`,
      account: present(account),
      refusal: refusal ?? ((await isOnlyEnabledAdministrator(db, account)) ? onlyAdministratorMessage(account, "disabling this account") : undefined),
    });

  app.get("/accounts/:id/disable", manage, async (request, reply) => {
    const account = await accountOf(request);
    if (!account) return reply.callNotFound();
    if (account.disabled) return reply.redirect(`/accounts/${account.id}`, 303);
    return disablePage(reply, account);
  });

  app.post("/accounts/:id/disable", manage, async (request, reply) => {
    const account = await accountOf(request);
    if (!account) return reply.callNotFound();
    try {
      await disableUser(db, contextOf(actorOf(request), request.id), { id: account.id });
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return disablePage(reply, account, 400, error.message);
    }
    // Disabling one's own account ends this session too: the next page asks to sign in.
    return reply.redirect(`/accounts/${account.id}?done=disabled`, 303);
  });

  app.post("/accounts/:id/enable", manage, async (request, reply) => {
    const account = await accountOf(request);
    if (!account) return reply.callNotFound();
    await enableUser(db, contextOf(actorOf(request), request.id), { id: account.id });
    return reply.redirect(`/accounts/${account.id}?done=enabled`, 303);
  });

  // Resetting a password
  /** Why this administrator may not reset this account's password here, if they may not. */
  const resetRefusal = (request: FastifyRequest, account: Account): string | undefined => {
    if (account.oidcIssuer !== null) return `${account.displayName} signs in with their council account, so has no Waymark password to reset. Their password is managed by the council's identity provider.`;
    // Resetting needs no current password; changing one's own must ask for it (a borrowed session must not be enough).
    if (account.id === actorOf(request).id) return "To change your own password, use Change your password, which asks for your current one.";
    return undefined;
  };

  const resetPage = (request: FastifyRequest, reply: FastifyReply, account: Account, status = 200, refusal = resetRefusal(request, account)) =>
    reply.code(status).render("access/account-reset-password.njk", {
      pageTitle: `Reset the password of ${account.displayName}?`,
      account: present(account),
      refusal,
    });

  app.get("/accounts/:id/reset-password", manage, async (request, reply) => {
    const account = await accountOf(request);
    if (!account) return reply.callNotFound();
    return resetPage(request, reply, account);
  });

  app.post("/accounts/:id/reset-password", manage, async (request, reply) => {
    const account = await accountOf(request);
    if (!account) return reply.callNotFound();
    if (resetRefusal(request, account)) return resetPage(request, reply, account, 400);
    const password = makeOneTimePassword(account.username);
    try {
      await resetPassword(db, contextOf(actorOf(request), request.id), { id: account.id }, password, true);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return resetPage(request, reply, account, 400, error.message);
    }
    return reply.render("access/account-password.njk", { pageTitle: "Password reset", account, password, reason: "reset" });
  });
}
