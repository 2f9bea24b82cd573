import type { FastifyInstance, FastifyRequest } from "fastify";
import { formValues } from "./forms.ts";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether the token a request submitted is the one its session was given. */
export type CsrfCheck = (request: FastifyRequest, submitted: unknown) => boolean;

/**
 * Every state-changing request must carry the session's CSRF token in the `_csrf` field (or the
 * `x-csrf-token` header). Runs after authorisation, before the handler.
 */
export function csrfProtection(app: FastifyInstance, tokenMatches: CsrfCheck): void {
  app.addHook("preHandler", async (request, reply) => {
    if (safeMethods.has(request.method) || reply.sent) return;
    // A multipart form (a file upload) gives each field as { value }.
    const field = formValues(request)._csrf;
    const fromBody = field && typeof field === "object" && "value" in field ? field.value : field;
    const submitted = fromBody ?? request.headers["x-csrf-token"];
    if (tokenMatches(request, submitted)) return;
    request.log.info("form refused: missing or wrong CSRF token");
    return reply.code(403).render("error.njk", {
      pageTitle: "This form has expired",
      paragraphs: ["For your security, forms stop working when you sign out or after a period without use. Go back, reload the page and try again."],
    });
  });
}
