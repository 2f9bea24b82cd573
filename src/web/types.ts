declare module "fastify" {
  interface FastifyReply {
    /** Renders a view with the request's shared context (user, CSRF token, CSP nonce) and sends it. */
    render(template: string, context?: Record<string, unknown>): Promise<FastifyReply>;
    /**
     * Sends the page kept for this address, person, day and version of the data (web/kept-pages.ts),
     * drawing it with `context` first when none is kept. When `context` finds nothing, `otherwise`
     * answers (by default, not found). Only for pages drawn wholly from versioned data, whatever the
     * request's form token and nonce.
     */
    renderKept(template: string, context: () => Promise<Record<string, unknown> | null>, otherwise?: () => Promise<FastifyReply>): Promise<FastifyReply>;
    cspNonce: { script: string; style: string };
  }
}

export {};
