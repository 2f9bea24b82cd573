import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { fileBytes, formBytes, megabytes } from "../core/upload-limits.ts";
import { httpStatusOf, UserError, type ProblemCode } from "../core/problems.ts";

const notFoundPage = {
  pageTitle: "Page not found",
  paragraphs: ["If you typed the web address, check it is correct.", "If you pasted the web address, check you copied the entire address."],
};

const problemTitles: Record<ProblemCode, string> = {
  "not-found": notFoundPage.pageTitle,
  conflict: "Someone else changed this first",
  invalid: "That could not be done",
  rejected: "That could not be done",
  refused: "That could not be done",
  "in-use": "That could not be done now",
  usage: "Sorry, that request could not be handled",
};

/** A mistake the person can mend, said once for every route: its code gives the status, its message the words. */
function problemPage(request: FastifyRequest, reply: FastifyReply, problem: UserError) {
  request.log.info({ err: problem }, "request refused");
  if (problem.code === "not-found") return reply.code(404).render("error.njk", notFoundPage);
  return reply.code(httpStatusOf[problem.code]).render("error.njk", { pageTitle: problemTitles[problem.code], paragraphs: [problem.message] });
}

/**
 * The 404 and error pages. They are set before the modules are registered: each module's routes
 * are an encapsulated plugin, and a plugin's routes keep the handlers set when it is registered.
 */
export function errorPages(app: FastifyInstance) {
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).render("error.njk", notFoundPage));

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof UserError) return problemPage(request, reply, error);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ err: error }, "request refused");
    const tooLarge = status === 413;
    const clientError = status >= 400 && status < 500;
    return reply.code(status).render("error.njk", {
      pageTitle: tooLarge ? "What you sent is too large" : clientError ? "Sorry, that request could not be handled" : "Sorry, there is a problem with the service",
      paragraphs: tooLarge
        ? [request.isMultipart() ? `Files must be under ${megabytes(request.routeOptions.config.multipartOptions?.limits?.fileSize ?? fileBytes)}. Nothing was imported.` : `Forms must be under ${megabytes(formBytes)}. Nothing was saved.`]
        : clientError
          ? ["Check the address or the form and try again."]
          : ["Try again later. Nothing you entered has been lost or changed."],
      correlationId: request.id,
      // A failing database is not asked again for the plan's name.
      ...(status >= 500 ? { plan: null } : {}),
    });
  });
}
