import { viewsBeside, type AppModule } from "../../web/app-module.ts";
import { risksActions } from "./actions.ts";
import type { RiskRouteOptions } from "./route-context.ts";

/** The risks module: the risk register (risks and issues, their scores, links and mitigations), the council's risk scale, boards, their meetings and action logs. */

export { risksActions } from "./actions.ts";
export { addRisk, escalateRisk, escalationBoardNames, linkRisk, priorityRisks, riskScale, riskViews, risksToReview, scoreRisk, type NewRiskForm, type RiskView, type ScoreForm } from "./service.ts";
export { openActionsOf, overdueActionsOf, raiseBoardAction, type BoardActionRow } from "./action-log.ts";
export { boardsOverview, findBoard, loadBoardRecord, minutesStateOf, type BoardRow, type MeetingRow, type RecordedAction, type RecordedBoard, type RecordedMeeting } from "./boards.ts";

export const risksModule = {
  name: "risks",
  views: viewsBeside(import.meta.url),
  actions: risksActions,
  routes: async (app, options) => (await import("./routes.ts")).risksRoutes(app, options),
} satisfies AppModule<RiskRouteOptions>;
