import { sql, type Kysely } from 'kysely';
import type { DbContext } from '../db/context.js';

/** Rows of any table, read and written as plain records: the backup treats every table alike. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
export type Row = Record<string, unknown>;

const cols = (names: readonly string[]) => sql.join(names.map((c) => sql.ref(c)));

/**
 * The next `limit` rows of `table` in primary-key order after the key `after` (null: from
 * the start). A table without a key is read in the order of all its columns, `offset` rows in.
 */
export async function readPage(
  ctx: DbContext,
  table: string,
  key: readonly string[],
  columns: readonly string[],
  after: readonly unknown[] | null,
  offset: number,
  limit: number,
): Promise<Row[]> {
  const order = key.length ? key : columns;
  const where = key.length && after ? sql`WHERE (${cols(key)}) > (${sql.join(after.map((v) => sql`${v}`))})` : sql``;
  const skip = key.length ? sql`` : sql`OFFSET ${offset}`;
  const rows =
    await sql<Row>`SELECT ${cols(columns)} FROM ${sql.table(table)} ${where} ORDER BY ${cols(order)} LIMIT ${limit} ${skip}`.execute(
      ctx.db as AnyDb,
    );
  return rows.rows;
}

export async function countRows(ctx: DbContext, table: string): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(ctx.db as AnyDb);
  return Number(row.rows[0]?.n ?? 0);
}

export async function deleteAllRows(ctx: DbContext, table: string): Promise<void> {
  await sql`DELETE FROM ${sql.table(table)}`.execute(ctx.db as AnyDb);
}

export async function insertRows(ctx: DbContext, table: string, rows: readonly Row[]): Promise<void> {
  if (rows.length) await (ctx.db as AnyDb).insertInto(table).values(rows).execute();
}

/** Sets `values` on the row whose key columns equal `key`. */
export async function updateRow(ctx: DbContext, table: string, key: Row, values: Row): Promise<void> {
  let q = (ctx.db as AnyDb).updateTable(table).set(values);
  for (const [column, value] of Object.entries(key)) q = q.where(column, '=', value);
  await q.execute();
}

/** The text of published articles after `afterId`, by id: what the search index holds. */
export function publishedArticles(ctx: DbContext, afterId: number, limit: number) {
  return ctx.db
    .selectFrom('articles')
    .select(['id', 'headline', 'lead', 'body_html'])
    .where('status', '=', 'published')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
