declare module "fastify" {
  interface FastifyReply {
    /** Renders a view with the request's shared context (user, CSRF token, CSP nonce) and sends it. */
    render(template: string, context?: Record<string, unknown>): Promise<FastifyReply>;
    cspNonce: { script: string; style: string };
  }
}

export {};
