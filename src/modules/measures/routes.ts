import type { FastifyInstance } from "fastify";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { apiRoutes } from "./api-routes.ts";
import { mappingRoutes } from "./mapping-routes.ts";
import { measureEditRoutes } from "./measure-edit-routes.ts";
import { measurePageRoutes } from "./measure-routes.ts";
import { ragSettingsRoutes } from "./rag-settings-routes.ts";
import type { ReferenceQueue } from "./reference-import-routes.ts";
import { referenceDataRoutes } from "./reference-routes.ts";
import { scorecardRoutes } from "./scorecard-routes.ts";
import { targetRoutes } from "./target-routes.ts";
import { valueRoutes } from "./value-routes.ts";

/** Every page, download and API address of the measures module, each file holding one concern. */
export function measureRoutes(app: FastifyInstance, deps: { db: Database; queue: ReferenceQueue; clock: Clock }): void {
  scorecardRoutes(app, deps);
  valueRoutes(app, deps);
  ragSettingsRoutes(app, deps);
  measurePageRoutes(app, deps);
  targetRoutes(app, deps);
  apiRoutes(app, deps);
  measureEditRoutes(app, deps);
  referenceDataRoutes(app, deps);
  mappingRoutes(app, deps);
}
