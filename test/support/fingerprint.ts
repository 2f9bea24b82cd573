import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.ts";
import { selectRows } from "../../src/db/rows.ts";

/**
 * What a database holds, table by table: each table's row count (Waymark's own and the casework store's) and a hash of its rows
 * in primary-key order, and each sequence's position (so new rows after a restore do not collide
 * with restored ones). Two databases with the same fingerprint hold the same data.
 */
export type Fingerprint = Record<string, string>;

/** `upTo` limits a table to the rows with ids up to a number: the rows a backup held, not those written after. */
export async function fingerprint(db: Database, upTo: Record<string, number> = {}): Promise<Fingerprint> {
  const result: Fingerprint = {};
  const tables = await selectRows(db, sql`select table_schema as schema, table_name as name from information_schema.tables where table_schema in ('public', 'casework') and table_type = 'BASE TABLE' order by table_schema desc, table_name`);
  for (const { schema: schemaName, name } of tables) {
    const schema = String(schemaName);
    const table = String(name);
    const key = schema === "public" ? table : `${schema}.${table}`;
    const keys = await selectRows(
      db,
      sql`select kcu.column_name as name from information_schema.table_constraints tc
          join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
          where tc.table_schema = ${schema} and tc.table_name = ${table} and tc.constraint_type = 'PRIMARY KEY' order by kcu.ordinal_position`,
    );
    const order = keys.length > 0 ? keys.map((k) => `t.${quote(String(k.name))}`).join(", ") : "t::text";
    const limit = upTo[key] === undefined ? "" : ` where t.id <= ${Math.trunc(upTo[key])}`;
    const [row] = await selectRows(db, sql.raw(`select count(*)::int as rows, coalesce(md5(string_agg(t::text, E'\\n' order by ${order})), '') as hash from ${quote(schema)}.${quote(table)} t${limit}`));
    result[key] = `${Number(row?.rows)} rows, ${String(row?.hash)}`;
  }
  const sequences = await selectRows(db, sql`select sequence_name as name from information_schema.sequences where sequence_schema = 'public' order by sequence_name`);
  for (const { name } of sequences) {
    const [row] = await selectRows(db, sql.raw(`select last_value, is_called from public.${quote(String(name))}`));
    result[`sequence ${String(name)}`] = `${String(row?.last_value)} ${String(row?.is_called)}`;
  }
  return result;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
