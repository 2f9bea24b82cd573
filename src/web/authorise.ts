import type { FastifyInstance, FastifyRequest } from "fastify";
import { decide, type Rule } from "../modules/access/policy.ts";

/** Routes served by the static-file plugin, open to all: styles, images, the favicon. */
const assetPrefix = "/assets/";

/**
 * Every route must name its rule in `config.policy`; registering one without a rule stops the
 * app from starting, so a forgotten rule cannot ship. Each request is then checked against it
 * before the handler runs.
 */
export interface RouteRule {
  method: string;
  url: string;
  rule: Rule;
}

const rulesByApp = new WeakMap<FastifyInstance, RouteRule[]>();

/** Every route of the app with its rule (assets aside), for the test that checks each against each role. */
export function routeRules(app: FastifyInstance): RouteRule[] {
  return rulesByApp.get(app) ?? [];
}

/** What someone signed in with a one-time password may do before choosing their own: that, and sign out. */
const whileChangingPassword = new Set(["GET /account/password", "POST /account/password", "POST /sign-out"]);

export function authorisation(app: FastifyInstance): void {
  const rules: RouteRule[] = [];
  rulesByApp.set(app, rules);
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith(assetPrefix)) return;
    const rule = route.config?.policy;
    if (!rule) throw new Error(`The route ${String(route.method)} ${route.url} has no access rule (config.policy)`);
    for (const method of [route.method].flat()) if (method !== "HEAD") rules.push({ method, url: route.url, rule });
  });

  // Before the body is read (preParsing follows the session's onRequest hook), so nobody can make
  // the server read an upload, or any form, that they may not send.
  app.addHook("preParsing", async (request, reply) => {
    const rule = request.routeOptions.config.policy;
    if (!rule) return; // static assets, and the not-found handler
    const decision = decide(request.actor, rule);
    if (decision === "allow" && request.actor?.mustChangePassword && rule !== "public" && !whileChangingPassword.has(`${request.method} ${request.routeOptions.url ?? ""}`)) {
      // Signed in with a one-time password that an administrator saw: nothing else until the person chooses their own.
      if (request.method === "GET") return reply.redirect("/account/password", 303);
      return reply.code(403).render("error.njk", {
        pageTitle: "Choose your own password first",
        paragraphs: ["You signed in with a one-time password. Choose your own password before you do anything else."],
      });
    }
    if (decision === "allow") return;
    if (decision === "sign-in") {
      return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(returnPath(request))}`, 303);
    }
    return reply.code(403).render("error.njk", {
      pageTitle: "You do not have permission to see this page",
      paragraphs: ["Your account does not have the role this page needs. Ask an administrator if you think it should."],
    });
  });
}

function returnPath(request: FastifyRequest): string {
  return request.method === "GET" ? request.url : "/";
}

/** A stand-in for the app's own origin: return paths are resolved against it and must stay on it. */
const ownOrigin = "https://waymark.invalid";
/** Longer return paths are not ones the app sends; they are refused rather than cut. */
const longestReturnPath = 2048;

/**
 * A return address is followed only if it stays on this site. It must be a path ("/…") without
 * control characters (tabs, CR, LF and NUL, which URL parsers drop or browsers mishandle) that,
 * resolved against the app's origin, keeps that origin; the answer is that URL's path, query and
 * fragment as the URL standard writes them (non-ASCII and unsafe characters percent-encoded, so it
 * is always safe in a Location header), and only if it still resolves to this site when read again
 * (`/..//evil.example` normalises to `//evil.example`). Anything else is "/".
 */
export function safeReturnPath(value: unknown): string {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (typeof value !== "string" || !value.startsWith("/") || value.length > longestReturnPath || /[\u0000-\u001f\u007f]/.test(value)) return "/";
  const onSite = (path: string): URL | null => {
    try {
      const url = new URL(path, ownOrigin);
      return url.origin === ownOrigin ? url : null;
    } catch {
      return null;
    }
  };
  const url = onSite(value);
  if (!url) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/") && !path.startsWith("//") && onSite(path) ? path : "/";
}
