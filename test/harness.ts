import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DialectName } from '../src/db/connection.js';
import type { DbContext } from '../src/db/context.js';
import { migrateToLatest } from '../src/db/migrate.js';

/** Every data test runs on both databases. */
export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

export interface TestDb extends DbContext {
  dataDir: string;
  /** The DATABASE_URL of this database (postgres only). */
  url: string | undefined;
  /** The database file (sqlite only). */
  sqlitePath: string;
  close(): Promise<void>;
}

/** A new, migrated, empty database of the given dialect, with its own data folder. */
export async function freshDb(dialect: DialectName): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-test-'));
  let url: string | undefined;
  let dropDatabase = async () => {};
  if (dialect === 'postgres') {
    const adminUrl = inject('postgresUrl');
    const name = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const sqlitePath = path.join(dataDir, 'test.sqlite');
  const db = openDatabase({ databaseUrl: url, sqlitePath });
  await migrateToLatest(db);
  return {
    db: db.kysely,
    dialect,
    dataDir,
    url,
    sqlitePath,
    close: async () => {
      await db.close();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
