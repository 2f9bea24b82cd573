import type { Database } from "../../db/client.ts";
import type { Clock } from "../../core/clock.ts";
import { viewsBeside, type AppModule } from "../../web/app-module.ts";
import { qualityActions } from "./actions.ts";

/** The quality module: audit templates, case audits and their moderation, audit programmes, practice weeks, families' feedback, the actions audits and weeks raise, the grades by quarter, and a period's record for learning reports. */

export { qualityActions } from "./actions.ts";
export { auditMeasures } from "./audit-measures.ts";
export { learningRecord } from "./learning.ts";
export { loadSyntheticAudits, type SyntheticAudit } from "./synthetic-audits.ts";
export { plannedAuditsOf, type PlannedAuditView } from "./programmes.ts";
export { feedbackIn, type FeedbackItem } from "./feedback.ts";
export { loadPracticeRecord, type ReportedFeedback, type ReportedWeek } from "./practice-record.ts";
export { practiceWeeksIn, type PracticeWeekRow, type WeekContent } from "./weeks.ts";
export { actionSourceInWords, closeAction, findAction, listActions, overdueActions, type ActionWithAudit } from "./service.ts";
export { evidenceAudienceOf, qualityEvidenceFor, qualityFindingsFor } from "./links.ts";

export const qualityModule = {
  name: "quality",
  views: viewsBeside(import.meta.url),
  actions: qualityActions,
  routes: async (app, options) => (await import("./routes.ts")).qualityRoutes(app, options),
} satisfies AppModule<{ db: Database; clock: Clock }>;
