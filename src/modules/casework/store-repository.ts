import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import * as store from "../../db/schema/casework.ts";
import type { IdKind } from "./pseudonyms.ts";

/** How a column's values are written into the store. */
export type ColumnType = "text" | "date" | "integer" | "number";

export interface StoreColumn {
  name: string;
  type: ColumnType;
  /** For an id: what it names, so it is stored as that kind of pseudonym; null for any other column. */
  id: IdKind | null;
}

/** A table of the casework store as importers see it: its columns and the ones that identify a row. */
export interface StoreTable {
  name: string;
  /** The columns, after the council, that identify a row. */
  key: string[];
  /** The column naming the child or other person the row is about; null for staff and teams. */
  person: string | null;
  /** Every column an importer fills (not the council or the extract, which the loading adds). */
  columns: StoreColumn[];
}

const staffIds = new Set(["prof_professional_id", "invo_professional_id", "clea_care_leaver_personal_advisor"]);
const teamIds = new Set(["dept_team_id", "dept_team_parent_id"]);

/** What an id column names, by the SSD's naming: persons, staff (workers, professionals), teams (kept as they are) and records. */
export function idKindOf(column: string): IdKind | null {
  if (column.endsWith("_person_id")) return "person";
  if (staffIds.has(column) || column.endsWith("_worker_id")) return "staff";
  if (teamIds.has(column) || !column.endsWith("_id")) return null;
  return "record";
}

function typeOf(sqlType: string): ColumnType {
  if (sqlType === "date") return "date";
  if (sqlType === "integer") return "integer";
  if (sqlType === "double precision") return "number";
  return "text";
}

function describe(table: PgTable): StoreTable {
  const config = getTableConfig(table);
  const [primaryKey] = config.primaryKeys;
  if (!primaryKey) throw new Error(`casework.${config.name} has no primary key`);
  const columns = config.columns
    .filter((column) => column.name !== "la_code" && column.name !== "extract_id")
    .map((column) => ({ name: column.name, type: typeOf(column.getSQLType()), id: idKindOf(column.name) }));
  return {
    name: config.name,
    key: primaryKey.columns.map((column) => column.name).filter((name) => name !== "la_code"),
    person: columns.find((column) => column.id === "person")?.name ?? null,
    columns,
  };
}

const storeSchema = [
  store.ssdPerson,
  store.ssdDisability,
  store.ssdImmigrationStatus,
  store.ssdContacts,
  store.ssdCinEpisodes,
  store.ssdCinAssessments,
  store.ssdS47Enquiry,
  store.ssdInitialCpConference,
  store.ssdCinPlans,
  store.ssdCinVisits,
  store.ssdCpPlans,
  store.ssdCpReviews,
  store.ssdCpVisits,
  store.ssdClaEpisodes,
  store.ssdLegalStatus,
  store.ssdClaPlacement,
  store.ssdClaReviews,
  store.ssdClaVisits,
  store.ssdClaHealth,
  store.ssdClaCarePlan,
  store.ssdMissing,
  store.ssdPermanence,
  store.ssdClaPreviousPermanence,
  store.ssdCareLeavers,
  store.ssdProfessionals,
  store.ssdInvolvements,
  store.ssdDepartment,
  store.ssda903Oc2,
] as const;

/** A table of the store, by its SSD name (`ssd_cin_episodes`). */
export type StoreTableName = (typeof storeSchema)[number]["_"]["name"];

const tables = storeSchema.map(describe);

/** The store's tables by name, in the order they are loaded. */
export const storeTables: ReadonlyMap<string, StoreTable> = new Map(tables.map((table) => [table.name, table]));

export function storeTable(name: StoreTableName): StoreTable {
  const table = storeTables.get(name);
  if (!table) throw new Error(`the casework store has no table ${name}`);
  return table;
}
