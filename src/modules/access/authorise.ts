import type { FastifyInstance, FastifyRequest } from "fastify";
import { decide, type Rule } from "./policy.ts";

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
