import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import { asDatabaseBusy } from './busy.js';
import type { DialectName } from './connection.js';
import type { Database } from './schema.js';

/** What repositories and services need of the database: a connection or a transaction, and its dialect. */
export interface DbContext {
  db: Kysely<Database>;
  dialect: DialectName;
}

/** Sends a compiled statement and resolves with its result. */
export type StatementSender = <R>(query: CompiledQuery<R>) => Promise<QueryResult<R>>;

/** Sends statements through `ctx` as Kysely does: each after the reply to the one before. */
export function senderOf(ctx: DbContext): StatementSender {
  return (query) => ctx.db.executeQuery(query);
}

/**
 * Runs `work` in one transaction; everything it writes lands together or not at all. A
 * transaction that could not get its turn at the database fails as `DatabaseBusy`, which
 * tells the user so in words instead of an error page.
 */
export async function inTransaction<T>(ctx: DbContext, work: (tx: DbContext) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction().execute((trx) => work({ db: trx, dialect: ctx.dialect }));
  } catch (e) {
    throw asDatabaseBusy(e);
  }
}

/** Marks public content as changed: page caches and ETags key on this number. */
export async function bumpContentVersion(ctx: DbContext): Promise<void> {
  await ctx.db
    .updateTable('content_version')
    .set((eb) => ({ version: eb('version', '+', 1), changed_at: Date.now() }))
    .where('id', '=', 1)
    .execute();
}

export async function readContentVersion(ctx: DbContext): Promise<{ version: number; changedAt: number }> {
  const row = await ctx.db.selectFrom('content_version').select(['version', 'changed_at']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { version: Number(row.version), changedAt: Number(row.changed_at) };
}
