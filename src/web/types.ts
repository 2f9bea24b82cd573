import type { Rule } from "../modules/access/policy.ts";
import type { Actor } from "../modules/access/roles.ts";
import type { Session } from "../modules/access/sessions.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Who may use the route; every route must say (see web/authorise.ts). */
    policy?: Rule;
  }
  interface FastifyRequest {
    session: Session | null;
    actor: Actor | null;
  }
  interface FastifyReply {
    /** Renders a view with the request's shared context (user, CSRF token, CSP nonce) and sends it. */
    render(template: string, context?: Record<string, unknown>): Promise<FastifyReply>;
    cspNonce: { script: string; style: string };
  }
}

export {};
