import type { CompiledQuery, Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { BulkColumn } from '../bulk.js';
import type { DialectName } from '../connection.js';
import type { DbContext, StatementSender } from '../context.js';
import type { Database } from '../schema.js';
import { postgres } from './postgres.js';
import { sqlite } from './sqlite.js';

/**
 * What differs between SQLite and PostgreSQL beyond what Kysely hides, in one place per
 * database. Features ask `dialectOf(ctx)` for the piece they need instead of comparing
 * dialect names.
 */

type Value = string | number | null;

/** A member's joining period, matched to its member by import key. */
export type ImportedPeriod = readonly [importKey: string, unitId: number, startedOn: string];

/** Where an import looks rows up: queries built for `ctx`, sent by `send`. */
export interface LookupConnection {
  ctx: DbContext;
  send: StatementSender;
}

export interface MemberImportPieces {
  /** The condition narrowing a lookup of members by import key to the keys the database indexes (null: every key is indexed). */
  indexedImportKeys: ((eb: ExpressionBuilder<Database, 'members'>) => Expression<SqlBool>) | null;
  /** The statements writing members (`columns`, ending with import_key among them) and their joining periods. */
  insertMembers(columns: readonly BulkColumn[], members: readonly Value[][], periods: readonly ImportedPeriod[]): CompiledQuery[];
}

export interface DialectHelpers {
  memberImport: MemberImportPieces;
  /**
   * Whether a statement runs on Node's own thread (better-sqlite3 on the site's connection): a
   * long read then holds every request while it runs, so background work cuts it into short ones.
   */
  statementsHoldEventLoop: boolean;
}

/** The helpers of `ctx`'s database. */
export function dialectOf(ctx: { dialect: DialectName }): DialectHelpers {
  return ctx.dialect === 'postgres' ? postgres : sqlite;
}
