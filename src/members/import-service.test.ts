import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../test/client.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import type { AuthUser } from '../auth/policy.js';
import { loadAuthUser } from '../auth/service.js';
import { inTransaction } from '../db/context.js';
import { createUnitIn } from '../org/service.js';
import { commitMemberImport, planMemberImport } from './import-service.js';

const fixture = (name: string) => fs.readFileSync(path.resolve('test/fixtures/members', name));
const GOOD = Buffer.from([
  'Họ và tên,Giới tính,Ngày sinh,Số CCCD,Đơn vị,Ngày kết nạp',
  'Phùng Văn Khải,Nam,12/3/1984,001084012345,CĐCS Trường THPT Hoa Sen,20/6/2010',
  'Hà Thị Nguyệt,Nữ,1/1/1990,,CĐCS Trường THPT Hoa Sen,1/9/2015',
  'Vi Văn Đức,Nam,30/4/1988,,CĐCS Trường THPT Hoa Sen,',
].join('\n'));

describe.each(DIALECTS)('member import on %s', (dialect) => {
  let t: TestDb;
  let officer: AuthUser;
  const count = async () => Number((await t.db.selectFrom('memberships').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  beforeAll(async () => {
    t = await freshDb(dialect);
    const school = await inTransaction(t, async (tx) => {
      const root = await createUnitIn(tx, SYSTEM_ACTORS.cli, { parentId: null, level: 'province', shortName: 'LĐLĐ tỉnh', fullName: 'Liên đoàn Lao động tỉnh' });
      return createUnitIn(tx, SYSTEM_ACTORS.cli, { parentId: root.id, level: 'grassroots', shortName: 'CĐCS Trường THPT Hoa Sen', fullName: 'Công đoàn cơ sở Trường THPT Hoa Sen' });
    });
    officer = (await loadAuthUser(t, (await makeUser(t, 'officer', school.id)).id))!;
  });
  afterAll(async () => { await t.close(); });

  it('imports a clean file, and the same file again adds nothing', async () => {
    const plan = await planMemberImport(t, officer, GOOD, 'ds.csv', { defaultJoinedOn: '2024-01-01' });
    expect(plan.errors).toEqual([]);
    expect(plan.toWrite).toHaveLength(3);
    const progress: number[] = [];
    expect(await commitMemberImport(t, officer, plan, 'all', (done) => { progress.push(done); })).toEqual({ added: 3, skipped: 0, rejected: 0 });
    expect(progress).toEqual([3]);
    expect(await count()).toBe(3);
    const again = await planMemberImport(t, officer, GOOD, 'ds.csv', { defaultJoinedOn: '2024-01-01' });
    expect(again).toMatchObject({ alreadyImported: 3, toWrite: [] });
    await commitMemberImport(t, officer, again, 'all');
    expect(await count()).toBe(3);
    const started = await t.db.selectFrom('memberships as m').innerJoin('members as p', 'p.id', 'm.member_id').select('m.started_on').where('p.full_name', '=', 'Vi Văn Đức').executeTakeFirstOrThrow();
    expect(started.started_on).toBe('2024-01-01');
  });

  it('writes nothing from a file with bad rows unless asked for the valid rows only', async () => {
    const plan = await planMemberImport(t, officer, fixture('bad-rows.csv'), 'bad-rows.csv', { defaultJoinedOn: '2024-01-01' });
    expect(plan.errors.length).toBeGreaterThan(3);
    for (const e of plan.errors) {
      expect(e.rowNumber).toBeGreaterThan(3);
      expect(e.column).not.toBe('');
      expect(e.message).toMatch(/[à-ỹ]/);
    }
    const before = await count();
    await expect(commitMemberImport(t, officer, plan, 'all')).rejects.toThrow(/còn \d+ lỗi/);
    expect(await count()).toBe(before);
    const outcome = await commitMemberImport(t, officer, plan, 'valid-only');
    expect(outcome.added).toBe(plan.toWrite.length);
    expect(await count()).toBe(before + plan.toWrite.length);
  });

  it('reports people the registry already has, and names differing only in diacritics', async () => {
    const plan = await planMemberImport(t, officer, Buffer.from('Họ và tên,Ngày sinh,Số CCCD,Đơn vị\nPHUNG VAN KHAI,12/03/1984,,CĐCS Trường THPT Hoa Sen\nNgười Khác,1/1/1980,001084012345,CĐCS Trường THPT Hoa Sen\n'), 'x.csv', { defaultJoinedOn: '2024-01-01' });
    expect(plan.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('trùng với đoàn viên đã có: Phùng Văn Khải'),
      expect.stringContaining('Số CCCD "001084012345" trùng với đoàn viên đã có: Phùng Văn Khải'),
    ]);
    const dup = await planMemberImport(t, officer, fixture('diacritics-duplicate.csv'), 'd.csv', { defaultJoinedOn: '2024-01-01' });
    expect(dup.errors.some((e) => e.rowNumber === 4 && /dòng 2/.test(e.message))).toBe(true);
  });

  it('refuses files that are not spreadsheets, by name', async () => {
    for (const name of ['empty.csv', 'not-a-sheet.png', 'random.bin', 'old-excel.xls']) {
      await expect(planMemberImport(t, officer, fixture(name), name, { defaultJoinedOn: '2024-01-01' })).rejects.toThrow(name);
    }
  });
});
