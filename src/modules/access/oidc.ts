import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import * as client from "openid-client";
import type { OidcConfig } from "../../config.ts";
import { systemClock, type Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { safeReturnPath } from "../../web/safe-return-path.ts";
import { afterSignIn } from "./landing.ts";
import { ensureSession, setSessionCookie, type SessionSettings } from "./session-cookie.ts";
import { recordChange } from "./audit.ts";
import * as repository from "./repository.ts";
import type { UserRow } from "./repository.ts";
import type { Role } from "./roles.ts";
import { rotateSession, setSessionData } from "./sessions.ts";

export interface OidcSignInOptions {
  db: Database;
  /** Read on every request rather than copied, so tests may set the redirect address after the app listens. */
  config: OidcConfig;
  session: SessionSettings;
  /** Lets the client talk to a provider over plain HTTP: for tests against a local provider only. */
  allowInsecureRequests?: boolean;
  /** When sessions start; the system's clock unless a test sets it. */
  clock?: Clock;
}

/** What the identity provider told us about the person, reduced to what Waymark keeps. */
interface Person {
  issuer: string;
  subject: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
}

/** Sign-in through the council's identity provider (OpenID Connect authorisation code flow with PKCE). */
export function oidcSignIn({ db, config, session: settings, allowInsecureRequests = false, clock = systemClock }: OidcSignInOptions): {
  buttonText: string;
  register(app: FastifyInstance): void;
} {
  // Discovered on first use, so Waymark starts even while the provider is down; a failure is retried next time.
  let discovered: Promise<client.Configuration> | null = null;
  const discover = () =>
    (discovered ??= client
      .discovery(new URL(config.issuer), config.clientId, config.clientSecret, undefined, {
        execute: allowInsecureRequests ? [client.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      }));

  async function providerOrNull(request: FastifyRequest, reply: FastifyReply): Promise<client.Configuration | null> {
    try {
      return await discover();
    } catch (error) {
      request.log.error({ err: error }, "the identity provider could not be discovered");
      await reply.code(503).render("error.njk", {
        pageTitle: "Signing in with your council account is not working at the moment",
        paragraphs: ["Waymark could not reach the council's sign-in service. Try again in a few minutes."],
        correlationId: request.id,
      });
      return null;
    }
  }

  const refuse = (reply: FastifyReply, status: number, pageTitle: string, paragraphs: string[]) =>
    reply.code(status).render("error.njk", { pageTitle, paragraphs });

  function register(app: FastifyInstance): void {
    app.get("/sign-in/oidc", { config: { policy: "public" } }, async (request, reply) => {
      const provider = await providerOrNull(request, reply);
      if (!provider) return reply;
      const session = await ensureSession(db, request, reply, settings, clock);
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const returnTo = safeReturnPath((request.query as Record<string, unknown>).returnTo);
      // The sign-in's secrets wait in the session row until the provider sends the person back.
      await setSessionData(db, session, { ...session.row.data, oidcState: state, oidcNonce: nonce, oidcVerifier: verifier, oidcReturnTo: returnTo });
      const url = client.buildAuthorizationUrl(provider, {
        redirect_uri: config.redirectUri,
        scope: "openid profile email",
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
        nonce,
      });
      return reply.redirect(url.href, 303);
    });

    app.get("/sign-in/oidc/callback", { config: { policy: "public" } }, async (request, reply) => {
      const session = request.session;
      const { oidcState: state, oidcNonce: nonce, oidcVerifier: verifier, oidcReturnTo: returnTo, ...rest } = session?.row.data ?? {};
      if (!session || !state || !nonce || !verifier) {
        return refuse(reply, 400, "Your sign-in has expired; start again", ["Go to the sign-in page and choose to sign in with your council account again."]);
      }
      const provider = await providerOrNull(request, reply);
      if (!provider) return reply;
      // Each sign-in's secrets are used once: a replayed callback finds them gone.
      await setSessionData(db, session, rest);

      // Behind a proxy the request's own host and scheme are not the public ones; the registered address is.
      const currentUrl = new URL(config.redirectUri);
      currentUrl.search = new URL(request.url, currentUrl).search;
      let claims: client.IDToken;
      try {
        const tokens = await client.authorizationCodeGrant(provider, currentUrl, {
          pkceCodeVerifier: verifier,
          expectedState: state,
          expectedNonce: nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        if (!idToken) throw new client.ClientError("no ID token came back");
        claims = idToken;
      } catch (error) {
        if (!isRefusal(error)) throw error;
        // The message and code only: the error's cause may carry the provider's response.
        request.log.info({ reason: error.message, code: (error as { code?: unknown }).code }, "identity provider sign-in refused");
        return refuse(reply, 400, "Sign-in failed", ["Waymark could not confirm who you are with the council's sign-in service.", "Go to the sign-in page and try again."]);
      }

      const person = personFrom(claims, config);
      const user = await syncAccount(db, person, request.id);
      if (user === "disabled") {
        return refuse(reply, 403, "Your account has been disabled", ["Ask an administrator if you think you should have access to Waymark."]);
      }
      if (user === "no access" || person.roles.length === 0) {
        request.log.info({ issuer: person.issuer, subject: person.subject }, "identity provider sign-in refused: no mapped group");
        return refuse(reply, 403, "Your account has no access to Waymark", [
          "You signed in with your council account, but you are not in any of the groups that give access to Waymark.",
          "Ask an administrator or the council's IT service desk if you think you should be.",
        ]);
      }
      const next = await rotateSession(db, session, user.id, clock.now());
      setSessionCookie(reply, next, settings);
      return reply.redirect(afterSignIn(returnTo), 303);
    });
  }

  return { buttonText: config.buttonText, register };
}

/** The errors that mean the provider, or the response it sent back, did not vouch for the person. */
function isRefusal(error: unknown): error is Error {
  return (
    error instanceof client.ClientError ||
    error instanceof client.AuthorizationResponseError ||
    error instanceof client.ResponseBodyError ||
    error instanceof client.WWWAuthenticateChallengeError
  );
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value.trim() : undefined);

function personFrom(claims: client.IDToken, config: OidcConfig): Person {
  const username =
    (text(claims.preferred_username) ?? text(claims.email) ?? claims.sub)
      .toLowerCase()
      .replace(/[^a-z0-9._@-]/g, "")
      .slice(0, 64) || "user";
  const rawGroups = claims[config.groupsClaim];
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((g) => typeof g === "string") : [];
  // Entra ID leaves the groups claim out past 200 groups ("overage"); such a person gets no roles here.
  const roles = [...new Set(groups.flatMap((group) => config.roleMap.get(group) ?? []))].sort();
  return {
    issuer: claims.iss,
    subject: claims.sub,
    username,
    displayName: text(claims.name) ?? username,
    email: text(claims.email) ?? null,
    roles,
  };
}

/**
 * A username for a new account. Never the existing account of the same name: linking by name
 * would let anyone who can choose their name at the provider take over that account.
 */
async function freeUsername(db: Database, person: Person): Promise<string> {
  if (!(await repository.findUserByUsername(db, person.username))) return person.username;
  const suffix = createHash("sha256").update(`${person.issuer} ${person.subject}`).digest("hex").slice(0, 6);
  return `${person.username.slice(0, 57)}-${suffix}`;
}

/**
 * Creates or updates the person's account, with its audit events, in one transaction. Roles come
 * from the identity provider on every sign-in, so access removed there is removed here too.
 */
async function syncAccount(db: Database, person: Person, correlationId: string): Promise<UserRow | "disabled" | "no access"> {
  const existing = await repository.findUserByIdentity(db, person.issuer, person.subject);
  if (existing?.disabled) return "disabled";
  if (!existing && person.roles.length === 0) return "no access";
  const username = existing?.username ?? (await freeUsername(db, person));
  return db.transaction(async (tx) => {
    const user =
      existing ??
      (await repository.insertUser(tx, {
        username,
        displayName: person.displayName,
        email: person.email,
        passwordHash: null,
        oidcIssuer: person.issuer,
        oidcSubject: person.subject,
        rolesFrom: "identity_provider",
      }));
    const context = { userId: user.id, username: user.username, correlationId };
    const before = existing ? await repository.rolesOf(tx, user.id) : [];
    await repository.replaceRoles(tx, user.id, person.roles);
    if (!existing) {
      const after = { username: user.username, displayName: user.displayName, email: user.email, disabled: false, roles: person.roles, priorities: [], rolesFrom: user.rolesFrom };
      await recordChange(tx, context, { action: "create", recordType: "user", recordId: user.id, after });
    } else if ([...before].sort().join() !== person.roles.join() || existing.rolesFrom !== "identity_provider") {
      // Roles an administrator set in the meantime give way to the groups' (the accounts page says so).
      await repository.updateUserToNextVersion(tx, user.id, { rolesFrom: "identity_provider" });
      await recordChange(tx, context, {
        action: "set roles",
        recordType: "user",
        recordId: user.id,
        before: { roles: before, rolesFrom: existing.rolesFrom },
        after: { roles: person.roles, rolesFrom: "identity_provider" },
      });
    }
    if (person.roles.length > 0) await recordChange(tx, context, { action: "sign in", recordType: "user", recordId: user.id, after: { method: "oidc" } });
    return user;
  });
}
