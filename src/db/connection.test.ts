import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDb, type TestDb } from '../../test/harness.js';

describe('the PostgreSQL pool', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb('postgres');
  });
  afterAll(async () => {
    await t.close();
  });

  it('outlives idle connections the server closes, and opens new ones', async () => {
    await Promise.all([1, 2, 3].map(() => sql`SELECT pg_sleep(0.01)`.execute(t.db)));
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    const killed = await admin.query(
      'SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()) k',
    );
    await admin.end();
    expect(killed.rows[0].n).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const r = await sql<{ one: number }>`SELECT 1 AS one`.execute(t.db);
    expect(r.rows[0]?.one).toBe(1);
  });
});
