import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { DialectName } from './connection.js';
import type { DbContext } from './context.js';

/**
 * Many-row INSERTs and lookups for imports, written as plain SQL: building a query of
 * thousands of values through the query builder costs more than running it. The rows
 * travel as few parameters: one array per column on PostgreSQL (unnested), one JSON
 * text on SQLite (read by json_each), so binding stays small and one statement text
 * (and prepared statement) serves every size.
 */

type Value = string | number | null;
/** A column and the type of its values, for PostgreSQL's arrays. */
export type BulkColumn = readonly [name: string, type: 'text' | 'integer' | 'bigint'];

/** One INSERT of all the rows. */
export function insertStatement(
  dialect: DialectName,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly Value[][],
  returning: readonly string[] = [],
): CompiledQuery {
  const names = columns.map(([name]) => quote(name)).join(', ');
  const back = returning.length ? ` RETURNING ${returning.map(quote).join(', ')}` : '';
  if (dialect === 'postgres') {
    const arrays = columns.map((_, c) => postgresArray(rows.map((row) => row[c] ?? null)));
    const unnest = columns.map(([, type], c) => `$${c + 1}::${type}[]`).join(', ');
    return CompiledQuery.raw(`INSERT INTO ${quote(table)} (${names}) SELECT * FROM unnest(${unnest})${back}`, arrays);
  }
  return CompiledQuery.raw(`INSERT INTO ${quote(table)} (${names}) SELECT ${jsonFields(columns.length)} FROM json_each(?)${back}`, [
    JSON.stringify(rows),
  ]);
}

/** `value ->> 0, value ->> 1, …`: the fields of json_each's arrays, as SQL values. */
function jsonFields(count: number): string {
  return Array.from({ length: count }, (_, i) => `value ->> ${i}`).join(', ');
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/**
 * A PostgreSQL array literal of the values, to pass as one text parameter: written in
 * one pass, which costs less than the driver's conversion of a long array. The pieces
 * are joined once: a string grown piece by piece is rebuilt when it is sent.
 */
export function postgresArray(values: readonly Value[]): string {
  const pieces = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) pieces[i] = 'NULL';
    else if (typeof v === 'number') pieces[i] = String(v);
    else pieces[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPED, '\\$&')}"` : `"${v}"`;
  }
  return `{${pieces.join(',')}}`;
}

/**
 * `column` equal to one of `values`, the values passed as one parameter: an array on
 * PostgreSQL, JSON read by json_each on SQLite. A long list of placeholders costs more
 * to build and plan than the lookup costs to run.
 */
export function isAnyOf(ctx: DbContext, column: string, values: readonly (string | number)[]): RawBuilder<boolean> {
  if (values.length === 0) return sql<boolean>`1 = 0`;
  if (ctx.dialect === 'postgres') return sql<boolean>`${sql.ref(column)} = ANY(${[...values]})`;
  return sql<boolean>`${sql.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/**
 * The pairs as a table of two text columns `a` and `b`, to join on a two-column index:
 * `(x, y) IN (pairs)` would use only the index's first column, and a name shared by
 * thousands of members would be scanned for each pair.
 */
export function pairTable(ctx: DbContext, pairs: ReadonlyArray<readonly [string, string]>): RawBuilder<{ a: string; b: string }> {
  if (ctx.dialect === 'postgres') {
    return sql<{
      a: string;
      b: string;
    }>`(SELECT * FROM unnest(${postgresArray(pairs.map((p) => p[0]))}::text[], ${postgresArray(pairs.map((p) => p[1]))}::text[]) AS u(a, b))`;
  }
  return sql<{ a: string; b: string }>`(SELECT value ->> 0 AS a, value ->> 1 AS b FROM json_each(${JSON.stringify(pairs)}))`;
}

/**
 * `column` starting with one of `prefixes` (each ending in an ASCII character), as ranges of the
 * text's bytes: an index on the column serves them (LIKE 'x%' scans every row on SQLite), and
 * on PostgreSQL the comparison is by bytes whatever the database's collation.
 */
export function startsWithAny(ctx: DbContext, column: string, prefixes: readonly string[]): RawBuilder<boolean> {
  if (prefixes.length === 0) return sql<boolean>`1 = 0`;
  const col = ctx.dialect === 'postgres' ? sql`${sql.ref(column)} COLLATE "C"` : sql.ref(column);
  const ranges = prefixes.map((p) => {
    const after = p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
    return sql`(${col} >= ${p} AND ${col} < ${after})`;
  });
  return sql<boolean>`(${sql.join(ranges, sql` OR `)})`;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
