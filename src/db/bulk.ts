import { CompiledQuery } from 'kysely';
import type { DbContext } from './context.js';

/**
 * Many-row INSERTs for imports, written as plain SQL with one placeholder per value:
 * building a query of thousands of values through the query builder costs more than
 * running it. Rows are sent in groups that stay under both databases' parameter limits,
 * and every group of the same size reuses one statement text.
 */

const MAX_PARAMETERS = 30_000;

type Value = string | number | null;

/** Inserts the rows; returns the `returning` columns of every inserted row. */
export async function insertRows<R = Record<string, unknown>>(ctx: DbContext, table: string, columns: readonly string[], rows: Value[][], returning: readonly string[] = []): Promise<R[]> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const group = rows.slice(i, i + perStatement);
    const text = statementText(ctx.dialect, table, columns, group.length, returning);
    const result = await ctx.db.executeQuery<R>(CompiledQuery.raw(text, group.flat()));
    out.push(...result.rows);
  }
  return out;
}

const texts = new Map<string, string>();

function statementText(dialect: DbContext['dialect'], table: string, columns: readonly string[], count: number, returning: readonly string[]): string {
  const key = `${dialect}|${table}|${columns.join(',')}|${count}|${returning.join(',')}`;
  const cached = texts.get(key);
  if (cached) return cached;
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < count; r++) {
    const slots = columns.map(() => (dialect === 'postgres' ? `$${++n}` : '?'));
    tuples.push(`(${slots.join(',')})`);
  }
  const text = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(',')}${returning.length ? ` RETURNING ${returning.map(quote).join(', ')}` : ''}`;
  if (texts.size > 64) texts.clear();
  texts.set(key, text);
  return text;
}
