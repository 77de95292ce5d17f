import { sql, type CompiledQuery, type Kysely, type QueryResult } from 'kysely';
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
 * Runs `work` in one transaction; everything it writes lands together or not at all.
 *
 * On SQLite the transaction takes the write lock when it begins (BEGIN IMMEDIATE), waiting for
 * it as long as busy_timeout allows. A deferred transaction that reads first and writes later
 * cannot wait: SQLite fails its first write at once ("database is locked") whenever another
 * connection (an import, another process) holds the lock or has committed since its read.
 */
export function inTransaction<T>(ctx: DbContext, work: (tx: DbContext) => Promise<T>): Promise<T> {
  if (ctx.dialect !== 'sqlite') return ctx.db.transaction().execute((trx) => work({ db: trx, dialect: ctx.dialect }));
  return ctx.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let result: T;
    try {
      result = await work({ db: conn, dialect: ctx.dialect });
    } catch (e) {
      // A failed statement may already have ended the transaction; the first error is the one to report.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
    await sql`commit`.execute(conn);
    return result;
  });
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
