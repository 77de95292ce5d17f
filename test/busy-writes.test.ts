import SQLite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { openDatabase, type Db } from '../src/db/connection.js';
import { makeUnitTree, makeUser, TestClient } from './client.js';
import { DIALECTS, freshDb, type TestDb } from './harness.js';

/** Another process holding the database's write lock (SQLite), or the sections' and sessions' (PostgreSQL), until released. */
async function holdWriteLock(t: TestDb): Promise<() => Promise<void>> {
  if (t.dialect === 'sqlite') {
    const other = new SQLite(t.sqlitePath);
    other.exec('BEGIN IMMEDIATE');
    return async () => {
      other.exec('ROLLBACK');
      other.close();
    };
  }
  const other = new pg.Client({ connectionString: t.url });
  await other.connect();
  await other.query('BEGIN');
  // Writes wait; reads go on, as beside a long import.
  await other.query('LOCK TABLE sections, sessions IN EXCLUSIVE MODE');
  return async () => {
    await other.query('ROLLBACK');
    await other.end();
  };
}

describe.each(DIALECTS)('a write that cannot get its turn on %s', (dialect) => {
  let t: TestDb;
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await freshDb(dialect);
    // The site's own connection, waiting 0,3 s for a lock instead of 5 s.
    db = openDatabase({ databaseUrl: t.url, sqlitePath: t.sqlitePath, lockWaitMs: 300 });
    app = await buildApp({
      ctx: { db: db.kysely, dialect },
      config: { dataDir: t.dataDir, publicUrl: 'http://congdoan.test', logLevel: 'silent', secureCookies: false },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await t.close();
  });

  it('shows the form again with what was typed and says in Vietnamese to try again; nothing is half-written', async () => {
    const units = await makeUnitTree(t);
    const admin = await makeUser(t, 'admin', units.province.id);
    const client = new TestClient(app);
    await client.signIn(admin.login);
    await client.get('/quan-tri/chuyen-muc');
    const release = await holdWriteLock(t);
    let busy;
    try {
      busy = await client.post('/quan-tri/chuyen-muc', { name: 'Chuyên mục chờ lượt', unitId: '', sortOrder: '' });
    } finally {
      await release();
    }
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('5');
    expect(busy.body).toContain('Hệ thống đang bận ghi dữ liệu khác');
    expect(busy.body).toContain('value="Chuyên mục chờ lượt"');
    expect(await t.db.selectFrom('sections').select('id').where('name', '=', 'Chuyên mục chờ lượt').execute()).toEqual([]);

    await client.get('/quan-tri/chuyen-muc');
    const again = await client.post('/quan-tri/chuyen-muc', { name: 'Chuyên mục chờ lượt', unitId: '', sortOrder: '' });
    expect(again.statusCode).toBe(303);
    expect(await t.db.selectFrom('sections').select('id').where('name', '=', 'Chuyên mục chờ lượt').execute()).toHaveLength(1);
  });

  it('a signed-in page view does not write, so it answers while another connection holds the lock', async () => {
    const units = await makeUnitTree(t);
    const admin = await makeUser(t, 'admin', units.province.id);
    const client = new TestClient(app);
    await client.signIn(admin.login);
    // A session last seen long ago would be touched by the request itself.
    await t.db
      .updateTable('sessions')
      .set({ last_seen_at: Date.now() - 3_600_000 })
      .execute();
    const release = await holdWriteLock(t);
    try {
      const page = await client.get('/quan-tri');
      expect(page.statusCode).toBe(200);
    } finally {
      await release();
    }
  });
});
