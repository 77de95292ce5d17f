import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { DbContext } from './context.js';

/**
 * Many-row INSERTs and lookups for imports, written as plain SQL: building a query of
 * thousands of values through the query builder costs more than running it.
 * SQLite gets multi-row VALUES with one placeholder per value, in groups under its
 * parameter limit, each group size reusing one statement text (and prepared statement);
 * PostgreSQL gets one array per column, unnested, so parsing and binding stay small.
 */

const SQLITE_MAX_PARAMETERS = 30_000;

type Value = string | number | null;
/** A column and the type of its values, for PostgreSQL's arrays. */
export type BulkColumn = readonly [name: string, type: 'text' | 'integer' | 'bigint'];

/** Inserts the rows; returns the `returning` columns of every inserted row. */
export async function insertRows<R = Record<string, unknown>>(ctx: DbContext, table: string, columns: readonly BulkColumn[], rows: Value[][], returning: readonly string[] = []): Promise<R[]> {
  if (rows.length === 0) return [];
  const names = columns.map(([name]) => quote(name)).join(', ');
  const back = returning.length ? ` RETURNING ${returning.map(quote).join(', ')}` : '';
  if (ctx.dialect === 'postgres') {
    const arrays = columns.map((_, c) => postgresArray(rows.map((row) => row[c] ?? null)));
    const unnest = columns.map(([, type], c) => `$${c + 1}::${type}[]`).join(', ');
    const result = await ctx.db.executeQuery<R>(CompiledQuery.raw(`INSERT INTO ${quote(table)} (${names}) SELECT * FROM unnest(${unnest})${back}`, arrays));
    return result.rows;
  }
  const perStatement = Math.max(1, Math.floor(SQLITE_MAX_PARAMETERS / columns.length));
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const group = rows.slice(i, i + perStatement);
    const tuple = `(${columns.map(() => '?').join(',')})`;
    const text = `INSERT INTO ${quote(table)} (${names}) VALUES ${sqliteTuples(tuple, group.length)}${back}`;
    const result = await ctx.db.executeQuery<R>(CompiledQuery.raw(text, group.flat()));
    out.push(...result.rows);
  }
  return out;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/**
 * A PostgreSQL array literal of the values, to pass as one text parameter: written in
 * one pass, which costs less than the driver's conversion of a long array.
 */
export function postgresArray(values: readonly Value[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'number') out += String(v);
    else out += NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPED, '\\$&')}"` : `"${v}"`;
  }
  return `${out}}`;
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

/** The pair of text columns equal to one of `pairs`, passed as two arrays on PostgreSQL and as JSON on SQLite. */
export function isPairAnyOf(ctx: DbContext, columns: readonly [string, string], pairs: ReadonlyArray<readonly [string, string]>): RawBuilder<boolean> {
  if (pairs.length === 0) return sql<boolean>`1 = 0`;
  const [a, b] = columns.map((c) => sql.ref(c));
  if (ctx.dialect === 'postgres') {
    return sql<boolean>`(${a}, ${b}) IN (SELECT * FROM unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]))`;
  }
  return sql<boolean>`(${a}, ${b}) IN (SELECT value ->> 0, value ->> 1 FROM json_each(${JSON.stringify(pairs)}))`;
}

const tuples = new Map<string, string>();

function sqliteTuples(tuple: string, count: number): string {
  const key = `${tuple}|${count}`;
  let text = tuples.get(key);
  if (!text) {
    text = Array.from({ length: count }, () => tuple).join(',');
    if (tuples.size > 64) tuples.clear();
    tuples.set(key, text);
  }
  return text;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
