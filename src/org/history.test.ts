import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import { inTransaction } from '../db/context.js';
import * as repo from './repo.js';
import { changeUnitIn, createUnitIn, dissolveUnitIn, mergeUnitsIn, moveUnitIn, splitUnitIn } from './service.js';

const a = SYSTEM_ACTORS.cli;

describe.each(DIALECTS)('the union tree through time on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const levelCounts = async (rootId: number, date: string) => {
    const rows = await repo.countUnitsAsOf(t, rootId, date);
    const out: Record<string, number> = {};
    for (const r of rows) out[r.level] = (out[r.level] ?? 0) + r.count;
    return out;
  };

  it('replays the 2025 reform: district federations dissolved, their grassroots unions moved under the province', async () => {
    const tree = await inTransaction(t, async (tx) => {
      const province = await createUnitIn(tx, a, {
        parentId: null,
        level: 'province',
        shortName: 'LĐLĐ tỉnh',
        fullName: 'Liên đoàn Lao động tỉnh',
        foundedOn: '1990-01-01',
      });
      const districts = [];
      for (const name of ['Hữu Lũng', 'Chi Lăng', 'Đình Lập']) {
        const d = await createUnitIn(tx, a, {
          parentId: province.id,
          level: 'upper',
          shortName: `LĐLĐ huyện ${name}`,
          fullName: `Liên đoàn Lao động huyện ${name}`,
          foundedOn: '2000-01-01',
        });
        const schools = [];
        for (let i = 1; i <= 4; i++) {
          schools.push(
            await createUnitIn(tx, a, {
              parentId: d.id,
              level: 'grassroots',
              unitType: 'public_service',
              shortName: `CĐCS Trường ${name} ${i}`,
              fullName: `Công đoàn cơ sở Trường Tiểu học ${name} số ${i}`,
              foundedOn: '2010-09-01',
            }),
          );
        }
        districts.push({ d, schools });
      }
      const sector = await createUnitIn(tx, a, {
        parentId: province.id,
        level: 'upper',
        shortName: 'CĐN Giáo dục',
        fullName: 'Công đoàn ngành Giáo dục tỉnh',
        foundedOn: '1995-01-01',
      });
      return { province, districts, sector };
    });

    const reform = '2025-07-01';
    await inTransaction(t, async (tx) => {
      for (const { d, schools } of tree.districts) {
        for (const s of schools) await moveUnitIn(tx, a, s.id, tree.province.id, reform);
        await dissolveUnitIn(tx, a, d.id, reform, 'Kết thúc hoạt động công đoàn cấp huyện');
      }
    });

    expect(await levelCounts(tree.province.id, '2025-06-30')).toEqual({ province: 1, upper: 4, grassroots: 12 });
    expect(await levelCounts(tree.province.id, reform)).toEqual({ province: 1, upper: 1, grassroots: 12 });
    expect(await levelCounts(tree.province.id, '2005-01-01')).toEqual({ province: 1, upper: 4 });
    const firstDistrict = tree.districts[0]!.d.id;
    expect((await repo.subtreeIdsAsOf(t, firstDistrict, '2025-06-30')).length).toBe(5);
    expect(await repo.subtreeIdsAsOf(t, firstDistrict, reform)).toEqual([]);
    const school = tree.districts[0]!.schools[0]!;
    expect((await repo.versionAsOf(t, school.id, '2025-06-30'))?.parent_id).toBe(firstDistrict);
    expect((await repo.versionAsOf(t, school.id, reform))?.parent_id).toBe(tree.province.id);
    // Today's tree and the permission closure follow.
    expect((await repo.findUnitById(t, firstDistrict))?.status).toBe('dissolved');
    expect((await repo.findUnitById(t, school.id))?.parent_id).toBe(tree.province.id);
    const ancestors = await t.db.selectFrom('unit_closure').select('ancestor_id').where('descendant_id', '=', school.id).execute();
    expect(ancestors.map((r) => r.ancestor_id).sort()).toEqual([tree.province.id, school.id].sort());
    const events = await repo.listEventsOf(t, firstDistrict);
    expect(events.map((e) => e.kind)).toEqual(['found', 'dissolve']);
  });

  it('renames, merges and splits, keeping every past state', async () => {
    const { root, x, y, z, kids } = await inTransaction(t, async (tx) => {
      const root = await createUnitIn(tx, a, {
        parentId: null,
        level: 'province',
        shortName: 'Gốc',
        fullName: 'Đơn vị gốc',
        foundedOn: '2000-01-01',
      });
      const x = await createUnitIn(tx, a, {
        parentId: root.id,
        level: 'upper',
        shortName: 'X',
        fullName: 'Công đoàn X',
        foundedOn: '2000-01-01',
      });
      const y = await createUnitIn(tx, a, {
        parentId: root.id,
        level: 'upper',
        shortName: 'Y',
        fullName: 'Công đoàn Y',
        foundedOn: '2000-01-01',
      });
      const z = await createUnitIn(tx, a, {
        parentId: root.id,
        level: 'upper',
        shortName: 'Z',
        fullName: 'Công đoàn Z',
        foundedOn: '2000-01-01',
      });
      const kids = [];
      for (const [p, n] of [
        [x, 'x1'],
        [x, 'x2'],
        [y, 'y1'],
        [z, 'z1'],
        [z, 'z2'],
      ] as const) {
        kids.push(
          await createUnitIn(tx, a, { parentId: p.id, level: 'grassroots', shortName: n, fullName: `CĐCS ${n}`, foundedOn: '2001-01-01' }),
        );
      }
      return { root, x, y, z, kids };
    });
    await inTransaction(t, (tx) => changeUnitIn(tx, a, x.id, { shortName: 'X mới', fullName: 'Công đoàn X (tên mới)' }, '2020-01-01'));
    expect((await repo.versionAsOf(t, x.id, '2019-12-31'))?.short_name).toBe('X');
    expect((await repo.versionAsOf(t, x.id, '2020-01-01'))?.short_name).toBe('X mới');

    await inTransaction(t, (tx) => mergeUnitsIn(tx, a, [y.id], x.id, '2021-01-01'));
    expect((await repo.subtreeIdsAsOf(t, x.id, '2021-01-01')).length).toBe(4);
    expect((await repo.subtreeIdsAsOf(t, y.id, '2020-12-31')).length).toBe(2);
    expect((await repo.findUnitById(t, y.id))?.status).toBe('merged');

    const [z1, z2] = [kids[3]!, kids[4]!];
    const parts = await inTransaction(t, (tx) =>
      splitUnitIn(
        tx,
        a,
        z.id,
        [
          { input: { level: 'upper', shortName: 'Z Bắc', fullName: 'Công đoàn Z Bắc' }, childIds: [z1.id] },
          { input: { level: 'upper', shortName: 'Z Nam', fullName: 'Công đoàn Z Nam' }, childIds: [z2.id] },
        ],
        '2022-01-01',
      ),
    );
    expect(await levelCounts(root.id, '2021-12-31')).toEqual({ province: 1, upper: 2, grassroots: 5 });
    expect(await levelCounts(root.id, '2022-01-01')).toEqual({ province: 1, upper: 3, grassroots: 5 });
    expect((await repo.versionAsOf(t, z1.id, '2022-01-01'))?.parent_id).toBe(parts[0]!.id);
  });

  it('refuses impossible events with a Vietnamese reason', async () => {
    const { root, p, c } = await inTransaction(t, async (tx) => {
      const root = await createUnitIn(tx, a, { parentId: null, level: 'province', shortName: 'R', fullName: 'R', foundedOn: '2000-01-01' });
      const p = await createUnitIn(tx, a, { parentId: root.id, level: 'upper', shortName: 'P', fullName: 'P', foundedOn: '2000-01-01' });
      const c = await createUnitIn(tx, a, { parentId: p.id, level: 'grassroots', shortName: 'C', fullName: 'C', foundedOn: '2000-01-01' });
      return { root, p, c };
    });
    const attempt = (work: Parameters<typeof inTransaction>[1]) =>
      inTransaction(t, work).then(
        () => 'ok',
        (e: Error) => e.message,
      );
    expect(await attempt((tx) => dissolveUnitIn(tx, a, p.id, '2024-01-01'))).toContain('còn 1 đơn vị trực thuộc');
    expect(await attempt((tx) => moveUnitIn(tx, a, p.id, c.id, '2024-01-01'))).toContain('đang ở dưới nó');
    expect(await attempt((tx) => changeUnitIn(tx, a, c.id, { shortName: 'C2' }, '2024-02-30'))).toContain('không hợp lệ');
    await inTransaction(t, (tx) => changeUnitIn(tx, a, c.id, { shortName: 'C2' }, '2024-06-01'));
    expect(await attempt((tx) => changeUnitIn(tx, a, c.id, { shortName: 'C3' }, '2024-01-01'))).toContain(
      'không thể ghi thay đổi có hiệu lực sớm hơn',
    );
    expect(
      await attempt((tx) =>
        createUnitIn(tx, a, { parentId: root.id, level: 'upper', shortName: 'S', fullName: 'S', foundedOn: '1999-01-01' }),
      ),
    ).toContain('không hoạt động vào ngày 01/01/1999');
    // Nothing of the refused events was written.
    expect((await repo.listEventsOf(t, p.id)).map((e) => e.kind)).toEqual(['found']);
  });
});
