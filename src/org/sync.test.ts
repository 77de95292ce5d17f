import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { can } from '../access/scope.js';
import type { AuthUser } from '../access/user.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import { inTransaction } from '../db/context.js';
import { treeSync } from '../db/migrations/014_tree_sync.js';
import * as repo from './repo.js';
import { changeUnitIn, createUnitIn, mergeUnitsIn, moveUnitIn, syncTreeToday } from './service.js';

const a = SYSTEM_ACTORS.cli;

/** A moment of a day in Vietnam (UTC+7). */
const at = (day: string, time = '00:00:30') => new Date(`${day}T${time}+07:00`);

const officerAt = (unitId: number): AuthUser => ({
  id: 9000 + unitId,
  login: `officer${unitId}`,
  fullName: 'Cán bộ',
  unitId,
  grants: [{ role: 'officer', unitId }],
});

describe.each(DIALECTS)('tree events dated in the future reach today on their day, on %s', (dialect) => {
  let t: TestDb;
  let ids: { root: number; a: number; b: number; u: number; group: number; x: number; y: number; m: number };
  beforeAll(async () => {
    t = await freshDb(dialect);
    ids = await inTransaction(t, async (tx) => {
      const unit = async (parentId: number | null, shortName: string, level: 'province' | 'upper' | 'grassroots' | 'group') =>
        (await createUnitIn(tx, a, { parentId, level, shortName, fullName: shortName, foundedOn: '2000-01-01' })).id;
      const root = await unit(null, 'Tỉnh', 'province');
      const ua = await unit(root, 'Cấp trên A', 'upper');
      const ub = await unit(root, 'Cấp trên B', 'upper');
      const u = await unit(ua, 'CĐCS U', 'grassroots');
      const group = await unit(u, 'Tổ U1', 'group');
      const x = await unit(ua, 'CĐCS X', 'grassroots');
      const y = await unit(x, 'Tổ Y', 'group');
      const m = await unit(ub, 'CĐCS M', 'grassroots');
      return { root, a: ua, b: ub, u, group, x, y, m };
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const ancestorsOf = async (unitId: number) =>
    (await t.db.selectFrom('unit_closure').select('ancestor_id').where('descendant_id', '=', unitId).execute())
      .map((r) => Number(r.ancestor_id))
      .sort((p, q) => p - q);
  const sorted = (...xs: number[]) => [...xs].sort((p, q) => p - q);

  it('a rename dated tomorrow is not in today’s tree until the clock passes midnight and the sync runs; a second run does nothing', async () => {
    await inTransaction(t, (tx) => changeUnitIn(tx, a, ids.u, { shortName: 'CĐCS U (tên mới)' }, '2099-04-01'));
    expect((await repo.findUnitById(t, ids.u))?.short_name).toBe('CĐCS U');

    expect(await syncTreeToday(t, at('2099-03-31', '23:59:59'))).toBe(0);
    expect((await repo.findUnitById(t, ids.u))?.short_name).toBe('CĐCS U');
    expect(await repo.readTreeSyncDate(t)).toBe('2099-03-31');

    expect(await syncTreeToday(t, at('2099-04-01'))).toBe(1);
    expect((await repo.findUnitById(t, ids.u))?.short_name).toBe('CĐCS U (tên mới)');
    expect(await repo.readTreeSyncDate(t)).toBe('2099-04-01');

    expect(await syncTreeToday(t, at('2099-04-01', '08:00:00'))).toBe(0);
    expect(await syncTreeToday(t, at('2099-04-02'))).toBe(0);
  });

  it('a move dated in the future changes the closure, and who reaches the unit, only from that day', async () => {
    const [officerA, officerB] = [officerAt(ids.a), officerAt(ids.b)];
    await inTransaction(t, (tx) => moveUnitIn(tx, a, ids.u, ids.b, '2099-05-01'));
    const reach = async () => ({
      a: [await can(t, officerA, 'record.read', ids.u), await can(t, officerA, 'record.read', ids.group)],
      b: [await can(t, officerB, 'record.read', ids.u), await can(t, officerB, 'record.read', ids.group)],
    });

    expect(await syncTreeToday(t, at('2099-04-30', '23:59:00'))).toBe(0);
    expect(await reach()).toEqual({ a: [true, true], b: [false, false] });
    expect(await ancestorsOf(ids.group)).toEqual(sorted(ids.root, ids.a, ids.u, ids.group));
    expect((await repo.findUnitById(t, ids.u))?.parent_id).toBe(ids.a);

    expect(await syncTreeToday(t, at('2099-05-01'))).toBe(1);
    expect(await reach()).toEqual({ a: [false, false], b: [true, true] });
    expect(await ancestorsOf(ids.u)).toEqual(sorted(ids.root, ids.b, ids.u));
    expect(await ancestorsOf(ids.group)).toEqual(sorted(ids.root, ids.b, ids.u, ids.group));
    expect((await repo.findUnitById(t, ids.u))?.parent_id).toBe(ids.b);
    // The name given from 1 April is kept.
    expect((await repo.findUnitById(t, ids.u))?.short_name).toBe('CĐCS U (tên mới)');

    expect(await syncTreeToday(t, at('2099-05-01', '12:00:00'))).toBe(0);
    expect(await reach()).toEqual({ a: [false, false], b: [true, true] });
  });

  it('units moved on the same day are re-hung whatever their order, even a unit under the one that was below it', async () => {
    // X (under A) holds Y; on the day Y moves up under A and X goes under Y.
    await inTransaction(t, async (tx) => {
      await moveUnitIn(tx, a, ids.y, ids.a, '2099-06-01');
      await moveUnitIn(tx, a, ids.x, ids.y, '2099-06-01');
    });
    expect(await ancestorsOf(ids.y)).toEqual(sorted(ids.root, ids.a, ids.x, ids.y));
    expect(await syncTreeToday(t, at('2099-06-01'))).toBe(2);
    expect(await ancestorsOf(ids.y)).toEqual(sorted(ids.root, ids.a, ids.y));
    expect(await ancestorsOf(ids.x)).toEqual(sorted(ids.root, ids.a, ids.y, ids.x));
    const depths = await t.db.selectFrom('unit_closure').select(['ancestor_id', 'depth']).where('descendant_id', '=', ids.x).execute();
    expect(Object.fromEntries(depths.map((r) => [Number(r.ancestor_id), Number(r.depth)]))).toEqual({
      [ids.root]: 3,
      [ids.a]: 2,
      [ids.y]: 1,
      [ids.x]: 0,
    });
  });

  it('a merge dated in the future ends the unit on its day, as merged; two runs at once apply it once', async () => {
    await inTransaction(t, (tx) => mergeUnitsIn(tx, a, [ids.m], ids.u, '2099-07-01'));
    expect((await repo.findUnitById(t, ids.m))?.status).toBe('active');
    expect(await syncTreeToday(t, at('2099-06-30'))).toBe(0);
    const runs = await Promise.all([syncTreeToday(t, at('2099-07-01')), syncTreeToday(t, at('2099-07-01', '00:00:31'))]);
    expect(runs.reduce((s, n) => s + n, 0)).toBe(1);
    expect((await repo.findUnitById(t, ids.m))?.status).toBe('merged');
    expect(await repo.readTreeSyncDate(t)).toBe('2099-07-01');
  });

  it('finds the events of the day through the date index, not by reading every unit', async () => {
    if (dialect !== 'sqlite') return;
    const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN
      SELECT DISTINCT unit_id FROM unit_events WHERE effective_on > ${'2099-07-01'} AND effective_on <= ${'2099-07-02'}`.execute(t.db);
    expect(plan.rows.map((r) => r.detail).join('\n')).toContain('unit_events_effective_on');
  });
});

describe.each(DIALECTS)('the first sync date, on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('starts before the earliest event that was recorded ahead of its date and is due by now', async () => {
    const unit = await inTransaction(t, (tx) =>
      createUnitIn(tx, a, { parentId: null, level: 'province', shortName: 'P', fullName: 'P', foundedOn: '2000-01-01' }),
    );
    const event = (effective_on: string, recordedOn: string) => ({
      kind: 'update' as const,
      unit_id: unit.id,
      other_unit_id: null,
      effective_on,
      details_json: '{}',
      note: null,
      actor_user_id: null,
      actor_label: 'test',
      recorded_at: at(recordedOn, '10:00:00').getTime(),
    });
    // Applied when written (dated on or before the day it was recorded), waiting (recorded ahead), and not yet due.
    await repo.insertEvent(t, event('2019-01-01', '2019-01-01'));
    await repo.insertEvent(t, event('2020-03-15', '2020-02-01'));
    await repo.insertEvent(t, event('2021-05-01', '2020-02-01'));
    await repo.insertEvent(t, event('2999-01-01', '2020-02-01'));
    await t.db.schema.dropIndex('unit_events_effective_on').execute();
    await t.db.schema.dropTable('tree_sync').execute();
    await treeSync().up(t.db);
    expect(await repo.readTreeSyncDate(t)).toBe('2020-03-14');
  });
});
