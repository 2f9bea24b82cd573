import type { FastifyInstance } from "fastify";
import { auditGradeLabels } from "../../core/audit-grades.ts";
import type { Clock } from "../../core/clock.ts";
import { suppressSmallCount } from "../../core/suppression.ts";
import type { Database } from "../../db/client.ts";
import { can } from "../access/index.ts";
import { gradesOverview } from "./service.ts";
import { overview } from "./route-context.ts";
import { feedbackOverview } from "./feedback.ts";
import { actionRoutes } from "./action-routes.ts";
import { auditRoutes } from "./audit-routes.ts";
import { programmeRoutes } from "./programme-routes.ts";
import { linkRoutes } from "./link-routes.ts";
import { templateRoutes } from "./template-routes.ts";
import { weekRoutes } from "./week-routes.ts";
import { feedbackRoutes } from "./feedback-routes.ts";

/** The quality pages: the grades by quarter, and the templates', audits' actions' and programmes' pages. */
export function qualityRoutes(app: FastifyInstance, options: { db: Database; clock: Clock }): void {
  const { db } = options;
  app.get("/quality", overview, async (request, reply) => {
    const suppress = !can(request.actor, "quality:record");
    const grades = await gradesOverview(db, suppress);
    const feedback = await feedbackOverview(db, suppress);
    return reply.render("quality/overview.njk", {
      pageTitle: "Quality of practice",
      section: "quality",
      suppress,
      grades,
      feedback,
      total: suppress ? suppressSmallCount(grades.audits) : grades.audits,
      gradeLabels: auditGradeLabels,
      canReadAudits: can(request.actor, "quality:read"),
      canRecord: can(request.actor, "quality:record"),
    });
  });
  templateRoutes(app, options);
  const audit = auditRoutes(app, options);
  const action = actionRoutes(app, options);
  const week = weekRoutes(app, options);
  linkRoutes(app, options, { audit, action, "practice-week": week });
  programmeRoutes(app, options);
  feedbackRoutes(app, options);
}
