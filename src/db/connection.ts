import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { sqliteInWorker } from './sqlite-worker.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl?: string | undefined;
  sqlitePath?: string;
}

// BIGINT (epoch milliseconds) and COUNT(*) come back as strings by default; they fit a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export function openDatabase(options: DbOptions): Db {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openSqlite(options.sqlitePath ?? ':memory:');
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
  const kysely = sqliteInWorker(sqlitePath, sqlitePragmas(IMPORT_CACHE_MB));
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

function openPostgres(url: string): Db {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`DATABASE_URL phải bắt đầu bằng postgres:// (nhận được "${url.slice(0, 20)}…")`);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (a restart, an administrator) is dropped from the
  // pool and reopened when needed; unheard, its error would stop the whole process.
  pool.on('error', (e) => {
    process.stderr.write(`PostgreSQL đã đóng một kết nối đang rảnh (${e.message}); kết nối sẽ được mở lại khi cần.\n`);
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}

/** Pragmas of every SQLite connection; `cacheMb` sets its page cache (default: SQLite's 2 MB). */
function sqlitePragmas(cacheMb?: number): string[] {
  const pragmas = ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', 'busy_timeout = 5000'];
  if (cacheMb) pragmas.push(`cache_size = -${Math.round(cacheMb * 1024)}`);
  return pragmas;
}

function openSqlite(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  for (const pragma of sqlitePragmas()) sqlite.pragma(pragma);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
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
