import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { sqliteInWorker } from './sqlite-worker.js';
import { writeTurns } from './write-turns.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl?: string | undefined;
  sqlitePath?: string;
  /** How long a write waits for a lock another connection holds before it fails as busy (default 5 s). */
  lockWaitMs?: number;
}

const LOCK_WAIT_MS = 5000;

// BIGINT (epoch milliseconds) and COUNT(*) come back as strings by default; they fit a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export function openDatabase(options: DbOptions): Db {
  const lockWaitMs = Math.round(options.lockWaitMs ?? LOCK_WAIT_MS);
  if (options.databaseUrl) return openPostgres(options.databaseUrl, lockWaitMs);
  return openSqlite(options.sqlitePath ?? ':memory:', lockWaitMs);
}

/** Page cache of the SQLite connections that write imports. */
const IMPORT_CACHE_MB = 256;

/**
 * A second connection for long imports on SQLite, in a worker thread: pages keep reading
 * (WAL) while an import holds the write transaction, and its statements run beside the
 * checking of its rows. Undefined on PostgreSQL, whose pool serves imports as well.
 */
export function openImportDatabase(dialect: DialectName, sqlitePath: string): Db | undefined {
  if (dialect === 'postgres') return undefined;
  const kysely = sqliteInWorker(sqlitePath, sqlitePragmas(LOCK_WAIT_MS, IMPORT_CACHE_MB));
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

function openPostgres(url: string, lockWaitMs: number): Db {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`DATABASE_URL phải bắt đầu bằng postgres:// (nhận được "${url.slice(0, 20)}…")`);
  // A write waiting on a row another transaction holds gives up after lockWaitMs, as SQLite's do.
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c lock_timeout=${lockWaitMs}` });
  // An idle connection the server closes (a restart, an administrator) is dropped from the
  // pool and reopened when needed; unheard, its error would stop the whole process.
  pool.on('error', (e) => {
    process.stderr.write(`PostgreSQL đã đóng một kết nối đang rảnh (${e.message}); kết nối sẽ được mở lại khi cần.\n`);
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}

/** Pragmas of every SQLite connection; `cacheMb` sets its page cache (default: SQLite's 2 MB). */
function sqlitePragmas(lockWaitMs: number, cacheMb?: number): string[] {
  const pragmas = ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', `busy_timeout = ${lockWaitMs}`];
  if (cacheMb) pragmas.push(`cache_size = -${Math.round(cacheMb * 1024)}`);
  return pragmas;
}

function openSqlite(file: string, lockWaitMs: number): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  for (const pragma of sqlitePragmas(lockWaitMs)) sqlite.pragma(pragma);
  const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

const WRITE_STATEMENT = /^\s*(insert|update|delete|replace)\b/i;

/**
 * The site's SQLite connection. Its transactions take the write lock when they begin: a
 * deferred transaction that reads, then writes after another connection (an import, the
 * CLI) committed, fails at once with SQLITE_BUSY_SNAPSHOT; one that begins with the lock
 * reads what is current. Read-only transactions begin deferred. Each write (a transaction,
 * or a statement on its own) first waits, without blocking the event loop, for a long
 * import's open transaction to commit (write-turns.ts).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  private inTransaction = false;

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    return {
      executeQuery: async (query) => {
        if (this.inTransaction || !WRITE_STATEMENT.test(query.sql)) return connection.executeQuery(query);
        await writeTurns.enter();
        return connection.executeQuery(query);
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }

  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    // A read-only transaction (a backup's snapshot) takes no lock: writers go on beside it.
    if (settings?.accessMode === 'read only') return void (await connection.executeQuery(CompiledQuery.raw('begin')));
    await writeTurns.enter();
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    this.inTransaction = true;
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.inTransaction = false;
    await super.commitTransaction(connection);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.inTransaction = false;
    await super.rollbackTransaction(connection);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/**
 * better-sqlite3 with its prepared statements kept by SQL text (least recently used
 * dropped): pages and imports run the same statements over and over, and preparing
 * a many-row INSERT costs as much as running it.
 */
function withStatementCache(sqlite: SQLite.Database, size = 256) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SQLite.Statement {
      let statement = cache.get(text);
      if (statement) cache.delete(text);
      else statement = sqlite.prepare(text);
      cache.set(text, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}
