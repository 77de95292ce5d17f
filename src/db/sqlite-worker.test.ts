import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../test/harness.js';
import { openImportDatabase, type Db } from './connection.js';
import { inTransaction } from './context.js';

const member = (name: string) => ({ full_name: name, name_folded: name.toLowerCase(), sort_key: name, created_at: 1, updated_at: 1 });

describe('SQLite connection in a worker thread', () => {
  let t: TestDb;
  let worker: Db;
  beforeAll(async () => {
    t = await freshDb('sqlite');
    const opened = openImportDatabase('sqlite', t.sqlitePath);
    if (!opened) throw new Error('expected a worker connection');
    worker = opened;
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('writes in a transaction that the main connection sees only once committed', async () => {
    const ctx = { db: worker.kysely, dialect: worker.dialect };
    let seenDuring = -1;
    await inTransaction(ctx, async (tx) => {
      const added = await tx.db
        .insertInto('members')
        .values([member('An'), member('Bình')])
        .returning(['id', 'full_name'])
        .execute();
      expect(added.map((m) => m.full_name)).toEqual(['An', 'Bình']);
      // The main connection reads meanwhile (WAL) and does not see the rows yet.
      seenDuring = (await t.db.selectFrom('members').select('id').execute()).length;
    });
    expect(seenDuring).toBe(0);
    expect((await t.db.selectFrom('members').select('full_name').orderBy('id').execute()).map((m) => m.full_name)).toEqual(['An', 'Bình']);
  });

  it('reports the number of rows changed by a statement without RETURNING', async () => {
    const result = await worker.kysely
      .updateTable('members')
      .set({ job: 'Giáo viên' })
      .where('full_name', 'in', ['An', 'Bình'])
      .executeTakeFirst();
    expect(Number(result.numUpdatedRows)).toBe(2);
  });

  it("rejects a failing statement with SQLite's message and code, and rolls its transaction back", async () => {
    const ctx = { db: worker.kysely, dialect: worker.dialect };
    const failing = inTransaction(ctx, async (tx) => {
      await tx.db.insertInto('members').values(member('Chi')).execute();
      await tx.db
        .insertInto('memberships')
        .values({ member_id: 999_999, unit_id: 999_999, started_on: '2020-01-01', start_kind: 'join' })
        .execute();
    });
    await expect(failing).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY', message: expect.stringContaining('FOREIGN KEY') });
    await expect(sql`SELECT nonsense FROM nowhere`.execute(worker.kysely)).rejects.toThrow(/no such table/);
    expect(await t.db.selectFrom('members').select('id').where('full_name', '=', 'Chi').execute()).toEqual([]);
    // The connection is usable after the failures.
    expect((await worker.kysely.selectFrom('members').select('id').execute()).length).toBe(2);
  });

  it('runs transactions one after the other', async () => {
    const ctx = { db: worker.kysely, dialect: worker.dialect };
    const order: string[] = [];
    await Promise.all(
      ['Dũng', 'Đào'].map((name) =>
        inTransaction(ctx, async (tx) => {
          order.push(`begin ${name}`);
          await tx.db.insertInto('members').values(member(name)).execute();
          await new Promise((resolve) => setTimeout(resolve, 20));
          order.push(`end ${name}`);
        }),
      ),
    );
    expect(order).toEqual(['begin Dũng', 'end Dũng', 'begin Đào', 'end Đào']);
  });

  it('is undefined on PostgreSQL, whose pool serves imports', () => {
    expect(openImportDatabase('postgres', '/nowhere')).toBeUndefined();
  });
});
