import type { AppModule } from "../web/app-module.ts";
import { accessModule, type AccessOptions } from "../modules/access/index.ts";
import { caseworkModule, type CaseworkOptions } from "../modules/casework/index.ts";
import { homeModule } from "../modules/home/index.ts";
import { measuresModule, type MeasuresOptions } from "../modules/measures/index.ts";
import { planModule } from "../modules/plan/index.ts";
import { progressModule } from "../modules/progress/index.ts";
import { qualityModule } from "../modules/quality/index.ts";
import { remindersModule, type RemindersOptions } from "../modules/reminders/index.ts";
import { reportsModule, type ReportsOptions } from "../modules/reports/index.ts";
import { risksModule } from "../modules/risks/index.ts";
import { searchModule } from "../modules/search/index.ts";

/** What the app gives its modules' routes (the database, settings); each module takes the parts it needs. */
export type ModuleOptions = AccessOptions & MeasuresOptions & ReportsOptions & RemindersOptions & CaseworkOptions;

/**
 * Every module of the app, each registered once, in this order: its routes, its views (rendered
 * as "<name>/<file>.njk") and its actions. A new module is its index.ts and one more line here.
 */
export const modules: readonly AppModule<ModuleOptions>[] = [
  accessModule,
  planModule,
  progressModule,
  measuresModule,
  reportsModule,
  searchModule,
  homeModule,
  remindersModule,
  caseworkModule,
  qualityModule,
  risksModule,
];
