import type { FastifyInstance } from "fastify";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { viewsBeside, type AppModule } from "../../web/app-module.ts";
import { accessActions } from "./actions.ts";
import { accessJobs } from "./jobs.ts";
import type { SessionSettings } from "./session-cookie.ts";
import "./request-types.ts";

/** The access module: accounts and roles, sign-in and sessions, the policy, the audit trail. */

export { accessActions } from "./actions.ts";
export { can, type Action, type ModuleActions, type Rule } from "./policy.ts";
export { isRole, roleLabels, roleNames, type Actor, type Role } from "./roles.ts";
export { contextOf, historyOf, recordAccess, recordChange, type ChangeContext } from "./audit.ts";
export { versionedEdit } from "./versioned-edit.ts";
export { authorisation, routeRules } from "./authorise.ts";
export { defaultSessionSettings, sessionLoading, type SessionSettings } from "./session-cookie.ts";
export { csrfTokenMatches, sessionCookieName, startSession } from "./sessions.ts";
export { accessJobs, sessionCleanUpJobName } from "./jobs.ts";
export { signInWithPassword } from "./sign-in.ts";
export { makeOneTimePassword } from "./passwords.ts";
export { oidcSignIn } from "./oidc.ts";
export { AccountError, accountsWithRole, activeAccounts, leadNamesByPriority, actorOf, createUser, disableUser, enableUser, findUserByUsername, listAccounts, listDemoUsers, resetPassword, rolesOf, setRoles } from "./users.ts";

export interface AccessOptions {
  db: Database;
  session: SessionSettings;
  /** The demo's shared password, shown on the sign-in page only when demonstration accounts exist. */
  demoPassword?: string | undefined;
  /** Sign-in through the council's identity provider; its routes are registered when given. */
  oidc?: { buttonText: string; register(app: FastifyInstance): void } | undefined;
  /** What time it is, for when sessions start and end. */
  clock: Clock;
}

export const accessModule = {
  name: "access",
  views: viewsBeside(import.meta.url),
  actions: accessActions,
  routes: async (app, { db, session, demoPassword, oidc, clock }) => {
    const [{ accessRoutes }, { auditRoutes }, { accountRoutes }] = await Promise.all([import("./routes.ts"), import("./audit-routes.ts"), import("./account-routes.ts")]);
    accessRoutes(app, { db, session, demoPassword, oidcButtonText: oidc?.buttonText, clock });
    oidc?.register(app);
    auditRoutes(app, { db });
    accountRoutes(app, { db });
  },
  jobs: ({ db, session, clock }) => accessJobs({ db, limits: session, clock }),
} satisfies AppModule<AccessOptions>;
