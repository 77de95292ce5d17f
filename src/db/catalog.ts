import { sql, type Kysely } from 'kysely';
import { openDatabase } from './connection.js';
import type { DbContext } from './context.js';
import { migrateToLatest } from './migrate.js';

/**
 * What the database says about its own tables (names, columns, keys, sequences), read
 * from each database's catalog, for the logical backup that treats every table alike.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export interface ForeignKey {
  table: string;
  column: string;
  references: string;
}

const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

/** Tables rebuilt from others rather than copied: the search index (with SQLite's FTS shadow tables) and the migration bookkeeping. */
export function isDerivedTable(name: string): boolean {
  return name === 'article_fts' || name.startsWith('article_fts_') || MIGRATION_TABLES.includes(name) || name.startsWith('sqlite_');
}

/** Every table of the database, sorted by name. */
export async function allTables(ctx: DbContext): Promise<string[]> {
  const db = ctx.db as AnyDb;
  const rows =
    ctx.dialect === 'postgres'
      ? await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db)
      : await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db);
  return rows.rows.map((r) => r.name).sort();
}

/** The tables a backup copies. */
export async function dataTables(ctx: DbContext): Promise<string[]> {
  return (await allTables(ctx)).filter((t) => !isDerivedTable(t));
}

/** The columns of `table`, in their declared order. */
export async function tableColumns(ctx: DbContext, table: string): Promise<string[]> {
  const db = ctx.db as AnyDb;
  const rows =
    ctx.dialect === 'postgres'
      ? await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`.execute(db)
      : await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table}) ORDER BY cid`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** The primary key columns of `table`, in key order (empty when it has none). */
export async function primaryKey(ctx: DbContext, table: string): Promise<string[]> {
  const db = ctx.db as AnyDb;
  if (ctx.dialect === 'postgres') {
    const rows = await sql<{ name: string }>`SELECT a.attname AS name
      FROM pg_index i
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = ${table}::regclass AND i.indisprimary
      ORDER BY k.n`.execute(db);
    return rows.rows.map((r) => r.name);
  }
  const rows = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table}) WHERE pk > 0 ORDER BY pk`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** Every single-column foreign key between the tables. */
export async function foreignKeys(ctx: DbContext, tables: readonly string[]): Promise<ForeignKey[]> {
  const db = ctx.db as AnyDb;
  if (ctx.dialect === 'postgres') {
    const rows =
      await sql<ForeignKey>`SELECT c.conrelid::regclass::text AS table, a.attname AS column, c.confrelid::regclass::text AS references
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`.execute(db);
    return rows.rows
      .map((r) => ({ ...r, table: unquote(r.table), references: unquote(r.references) }))
      .filter((f) => tables.includes(f.table));
  }
  const keys: ForeignKey[] = [];
  for (const table of tables) {
    const rows = await sql<{ from: string; table: string }>`SELECT "from", "table" FROM pragma_foreign_key_list(${table})`.execute(db);
    for (const r of rows.rows) keys.push({ table, column: r.from, references: r.table });
  }
  return keys;
}

const unquote = (name: string) => name.replace(/^"(.*)"$/, '$1');

/** After rows were written with their ids (PostgreSQL): every serial or identity sequence continues after the largest id. */
export async function resetSequences(ctx: DbContext): Promise<void> {
  if (ctx.dialect !== 'postgres') return;
  const db = ctx.db as AnyDb;
  const owned = await sql<{ table: string; column: string; seq: string }>`
    SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind = 'r' AND n.nspname = current_schema() AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`.execute(
    db,
  );
  for (const o of owned.rows) {
    await sql`SELECT setval(${o.seq}, coalesce((SELECT max(${sql.ref(o.column)}) FROM ${sql.table(o.table)}), 1),
      (SELECT max(${sql.ref(o.column)}) FROM ${sql.table(o.table)}) IS NOT NULL)`.execute(db);
  }
}

/** The last migration applied to the database, or null when it was never migrated. */
export async function appliedMigration(ctx: DbContext): Promise<string | null> {
  if (!(await allTables(ctx)).includes('kysely_migration')) return null;
  const row = await sql<{ name: string }>`SELECT max(name) AS name FROM kysely_migration`.execute(ctx.db as AnyDb);
  return row.rows[0]?.name ?? null;
}

/** The last migration this code knows: found by migrating a throwaway in-memory database. */
export async function codeMigration(): Promise<string> {
  const scratch = openDatabase({});
  try {
    const done = await migrateToLatest(scratch);
    return done[done.length - 1] ?? '';
  } finally {
    await scratch.close();
  }
}
