import type { Rule } from "./policy.ts";
import type { Actor } from "./roles.ts";
import type { Session } from "./sessions.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Who may use the route; every route must say (see authorise.ts). */
    policy?: Rule;
  }
  interface FastifyRequest {
    session: Session | null;
    actor: Actor | null;
  }
}

export {};
