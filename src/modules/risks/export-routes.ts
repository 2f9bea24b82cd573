import type { FastifyInstance } from "fastify";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { priorityNumbersById } from "../plan/index.ts";
import { sendDownload } from "../reports/index.ts";
import { registerWorkbook } from "./register-workbook.ts";
import { read, todayOf } from "./route-context.ts";
import { escalationBoardNames, riskScale, riskViews } from "./service.ts";

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The risk register as an Excel workbook, for everyone who reads risks: every risk and issue as it stands today. */
export function exportRoutes(app: FastifyInstance, { db, clock }: { db: Database; clock: Clock }): void {
  app.get("/risks/register.xlsx", read, async (_request, reply) => {
    const today = todayOf(clock);
    const risks = await riskViews(db, today);
    const scale = await riskScale(db);
    const boards = await escalationBoardNames(db, risks);
    const priorityNumbers = await priorityNumbersById(db, [...new Set(risks.flatMap((v) => v.links.flatMap((l) => (l.priorityId === null ? [] : [l.priorityId]))))]);
    const workbook = await registerWorkbook({ risks, scale, today, boards, priorityNumbers });
    return sendDownload(reply, workbook, xlsxType, `risk-register-${today}.xlsx`);
  });
}
