import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeUser } from '../../test/client.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import { openImportDatabase, type Db } from '../db/connection.js';
import { inTransaction, type DbContext } from '../db/context.js';
import { vietnameseNameSortKey } from '../lib/names.js';
import { createUnitIn } from '../org/service.js';
import { importMembers, planMemberImport } from './import-service.js';
import { MemberImportWriter } from './import-writer.js';
import * as repo from './repo.js';
import { eraseMember } from './service.js';

const fixture = (name: string) => fs.readFileSync(path.resolve('test/fixtures/members', name));
const GOOD = Buffer.from(
  [
    'Họ và tên,Giới tính,Ngày sinh,Số CCCD,Đơn vị,Ngày kết nạp',
    'Phùng Văn Khải,Nam,12/3/1984,001084012345,CĐCS Trường THPT Hoa Sen,20/6/2010',
    'Hà Thị Nguyệt,Nữ,1/1/1990,,CĐCS Trường THPT Hoa Sen,1/9/2015',
    'Vi Văn Đức,Nam,30/4/1988,,CĐCS Trường THPT Hoa Sen,',
  ].join('\n'),
);

// SQLite imports also run as the server and the CLI run them: on a connection in a worker thread.
const SETUPS = [...DIALECTS.map((d) => [d, d] as const), ['sqlite in a worker thread', 'sqlite'] as const];

describe.each(SETUPS)('member import on %s', (setup, dialect) => {
  let t: TestDb;
  /** Where imports write. */
  let importCtx: DbContext;
  let importDb: Db | undefined;
  let officer: AuthUser;
  const unitCounts = async () =>
    (await t.db.selectFrom('unit_subtree_counts').select(['unit_id', 'day', 'members']).orderBy('unit_id').orderBy('day').execute()).map(
      (r) => ({
        ...r,
        members: Number(r.members),
      }),
    );
  const count = async () =>
    Number(
      (
        await t.db
          .selectFrom('memberships')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  beforeAll(async () => {
    t = await freshDb(dialect);
    const school = await inTransaction(t, async (tx) => {
      const root = await createUnitIn(tx, SYSTEM_ACTORS.cli, {
        parentId: null,
        level: 'province',
        shortName: 'LĐLĐ tỉnh',
        fullName: 'Liên đoàn Lao động tỉnh',
      });
      return createUnitIn(tx, SYSTEM_ACTORS.cli, {
        parentId: root.id,
        level: 'grassroots',
        shortName: 'CĐCS Trường THPT Hoa Sen',
        fullName: 'Công đoàn cơ sở Trường THPT Hoa Sen',
      });
    });
    officer = (await loadAuthUser(t, (await makeUser(t, 'officer', school.id)).id))!;
    importDb = setup === dialect ? undefined : openImportDatabase(dialect, t.sqlitePath);
    importCtx = importDb ? { db: importDb.kysely, dialect } : t;
  });
  afterAll(async () => {
    await importDb?.close();
    await t.close();
  });

  it('imports a clean file, and the same file again adds nothing', async () => {
    const plan = await planMemberImport(t, officer, GOOD, 'ds.csv', { defaultJoinedOn: '2024-01-01' });
    expect(plan).toMatchObject({ errors: [], newRows: 3, alreadyImported: 0 });
    expect(await count()).toBe(0);
    const progress: number[] = [];
    const report = await importMembers(importCtx, officer, GOOD, 'ds.csv', { defaultJoinedOn: '2024-01-01' }, 'all', {
      onProgress: (done) => {
        progress.push(done);
      },
    });
    expect(report).toMatchObject({ written: true, added: 3, skipped: 0, rejected: 0, errors: [] });
    expect(progress).toEqual([3]);
    expect(await count()).toBe(3);
    const again = await planMemberImport(t, officer, GOOD, 'ds.csv', { defaultJoinedOn: '2024-01-01' });
    expect(again).toMatchObject({ alreadyImported: 3, newRows: 0 });
    expect(await importMembers(importCtx, officer, GOOD, 'ds.csv', { defaultJoinedOn: '2024-01-01' }, 'all')).toMatchObject({
      written: true,
      added: 0,
      skipped: 3,
    });
    expect(await count()).toBe(3);
    const started = await t.db
      .selectFrom('memberships as m')
      .innerJoin('members as p', 'p.id', 'm.member_id')
      .select('m.started_on')
      .where('p.full_name', '=', 'Vi Văn Đức')
      .executeTakeFirstOrThrow();
    expect(started.started_on).toBe('2024-01-01');
  });

  it('carries the registry columns into the record, and reports a bad value by row and field', async () => {
    const file = Buffer.from(
      [
        'Họ và tên,Ngày sinh,Đơn vị,Dân tộc,Tôn giáo,Quê quán,Nơi ở hiện nay,Email,Trình độ chuyên môn,Lý luận chính trị,Đảng viên,Ngày vào Đảng,Chức vụ công đoàn,Chuyên trách,Ngày vào công đoàn,Loại lao động',
        'Hoàng Thị Mai,5/5/1985,CĐCS Trường THPT Hoa Sen,Tày,Không,Cao Bằng,Lạng Sơn,Mai@Example.vn,Thạc sĩ,Cao cấp,x,19/5/2012,Chủ tịch,x,1/9/2006,Viên chức',
        'Nông Văn Sai,6/6/1986,CĐCS Trường THPT Hoa Sen,Người Sao Hỏa,,,,mai@,,,,,,,,',
        'Bế Văn Chức,7/7/1987,CĐCS Trường THPT Hoa Sen,Nùng,,,,,Đại học,,,,Tổng thống,,,',
      ].join('\n'),
    );
    // A file without a registry column shows it as "none" in the preview.
    expect((await planMemberImport(t, officer, GOOD, 'ds.csv', { defaultJoinedOn: '2024-01-01' })).mapping).toMatchObject({
      ethnicity: null,
      workforceType: null,
    });
    const plan = await planMemberImport(t, officer, file, 'registry.csv', { defaultJoinedOn: '2024-01-01' });
    expect(plan.errors.map((e) => [e.rowNumber, e.column, e.field])).toEqual([
      [3, 'Dân tộc', 'ethnicity'],
      [3, 'Email', 'email'],
      [4, 'Chức vụ công đoàn', 'unionPosition'],
    ]);
    const report = await importMembers(importCtx, officer, file, 'registry.csv', { defaultJoinedOn: '2024-01-01' }, 'valid-only');
    expect(report).toMatchObject({ written: true, added: 1, rejected: 2 });
    const mai = await t.db.selectFrom('members').selectAll().where('full_name', '=', 'Hoàng Thị Mai').executeTakeFirstOrThrow();
    expect(mai).toMatchObject({
      ethnicity: 'Tày',
      religion: 'Không',
      hometown: 'Cao Bằng',
      address: 'Lạng Sơn',
      email: 'mai@example.vn',
      qualification: 'master',
      political_theory: 'advanced',
      party_member: 1,
      party_joined_on: '2012-05-19',
      union_position: 'chair',
      full_time_officer: 1,
      union_joined_on: '2006-09-01',
      workforce_type: 'public_employee',
      version: 1,
    });
    // No admission date: the period here starts on the day the member joined the union.
    const period = await t.db.selectFrom('memberships').select('started_on').where('member_id', '=', mai.id).executeTakeFirstOrThrow();
    expect(period.started_on).toBe('2006-09-01');
  });

  it('knows the rows it imported after their members were changed or erased, and runs one import at a time', async () => {
    const file = (rows: string[]) =>
      Buffer.from(['Họ và tên,Ngày sinh,Số CCCD,Đơn vị', ...rows.map((r) => `${r},CĐCS Trường THPT Hoa Sen`)].join('\n'));
    const first = file([
      'Lò Văn Pao,2/2/1982,001082000111',
      'Mùa Thị Dợ,3/3/1983,',
      'Giàng A Lử,1979,',
      'Sùng Thị Mỷ,4/4/1984,001084000222',
    ]);
    const before = await count();
    expect(await importMembers(importCtx, officer, first, 'a.csv', { defaultJoinedOn: '2024-01-01' }, 'all')).toMatchObject({
      added: 4,
      skipped: 0,
    });
    const idOf = async (name: string) =>
      (await t.db.selectFrom('members').select('id').where('full_name', '=', name).executeTakeFirstOrThrow()).id;
    const pao = await idOf('Lò Văn Pao');
    await repo.updateMember(t, pao, { full_name: 'Lò Văn Páo', name_folded: 'lo van pao', sort_key: vietnameseNameSortKey('Lò Văn Páo') });
    await eraseMember(t, officer, await idOf('Mùa Thị Dợ'));
    await eraseMember(t, officer, await idOf('Sùng Thị Mỷ'));
    expect(await planMemberImport(t, officer, first, 'a.csv', { defaultJoinedOn: '2024-01-01' })).toMatchObject({
      errors: [],
      newRows: 0,
      alreadyImported: 4,
    });
    expect(await importMembers(importCtx, officer, first, 'a.csv', { defaultJoinedOn: '2024-01-01' }, 'all')).toMatchObject({
      added: 0,
      skipped: 4,
    });
    // The same number on another person is still refused.
    const other = await planMemberImport(t, officer, file(['Lò Thị Mai,9/9/1990,001082000111']), 'b.csv', {
      defaultJoinedOn: '2024-01-01',
    });
    expect(other.errors).toEqual([
      expect.objectContaining({ field: 'citizenId', message: expect.stringContaining('trùng với đoàn viên đã có: Lò Văn Páo') }),
    ]);

    const second = file(['Vàng Văn Chứ,5/5/1985,001085000333', 'Hầu Thị Say,6/6/1986,']);
    const both = await Promise.all(
      [1, 2].map(() => importMembers(importCtx, officer, second, 'c.csv', { defaultJoinedOn: '2024-01-01' }, 'all')),
    );
    expect(both.map((r) => r.added).sort()).toEqual([0, 2]);
    expect(await count()).toBe(before + 6);
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
    const refused = await importMembers(
      importCtx,
      officer,
      fixture('bad-rows.csv'),
      'bad-rows.csv',
      { defaultJoinedOn: '2024-01-01' },
      'all',
    );
    expect(refused).toMatchObject({ written: false, added: 0 });
    expect(refused.errors).toEqual(plan.errors);
    expect(await count()).toBe(before);
    const outcome = await importMembers(
      importCtx,
      officer,
      fixture('bad-rows.csv'),
      'bad-rows.csv',
      { defaultJoinedOn: '2024-01-01' },
      'valid-only',
    );
    expect(outcome).toMatchObject({ written: true, added: plan.newRows, rejected: new Set(plan.errors.map((e) => e.rowNumber)).size });
    expect(await count()).toBe(before + plan.newRows);
  });

  it('rolls back rows already written when a bad row or an unreadable part comes late in a long file', async () => {
    const lines = ['Họ và tên,Giới tính,Ngày sinh,Đơn vị'];
    const syllables = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hương', 'Lan', 'Mai', 'Nam', 'Phúc'];
    const nameOf = (i: number) =>
      `Người ${String(i)
        .padStart(5, '0')
        .split('')
        .map((d) => syllables[Number(d)])
        .join(' ')}`;
    for (let i = 0; i < 12_000; i++)
      lines.push(`${nameOf(i)},Nữ,${1 + (i % 28)}/${1 + (i % 12)}/${1960 + (i % 40)},CĐCS Trường THPT Hoa Sen`);
    lines.push('Người Cuối,Nữ,31/02/1990,CĐCS Trường THPT Hoa Sen');
    const before = await count();
    const report = await importMembers(
      importCtx,
      officer,
      Buffer.from(lines.join('\n')),
      'dai.csv',
      { defaultJoinedOn: '2024-01-01' },
      'all',
    );
    expect(report).toMatchObject({ written: false, rowCount: 12_001 });
    expect(report.errors).toEqual([
      expect.objectContaining({ rowNumber: 12_002, column: 'Ngày sinh', message: expect.stringContaining('không có thật') }),
    ]);
    expect(await count()).toBe(before);
    const unreadable = [
      ...lines.slice(0, -1),
      '"Người Cuối,Nữ,1/1/1990,CĐCS Trường THPT Hoa Sen',
      'Người Sau,Nữ,1/1/1991,CĐCS Trường THPT Hoa Sen',
    ].join('\n');
    await expect(
      importMembers(importCtx, officer, Buffer.from(unreadable), 'hong.csv', { defaultJoinedOn: '2024-01-01' }, 'valid-only'),
    ).rejects.toThrow('Không đọc được tệp "hong.csv"');
    expect(await count()).toBe(before);
    const women = await t.db
      .selectFrom('unit_member_counts')
      .select((eb) => eb.fn.max('women').as('n'))
      .executeTakeFirst();
    expect(Number(women?.n ?? 0)).toBeLessThan(12_000);
  });

  it('refuses two rows of one unit with the same name and nothing to tell them apart', async () => {
    const csv =
      'Họ và tên,Năm sinh,Đơn vị\nĐinh Văn Sáu,1980,CĐCS Trường THPT Hoa Sen\nĐinh Văn Sáu,1975,CĐCS Trường THPT Hoa Sen\nDinh Van Sau,1980,CĐCS Trường THPT Hoa Sen\n';
    const plan = await planMemberImport(t, officer, Buffer.from(csv), 'sau.csv', { defaultJoinedOn: '2024-01-01' });
    expect(plan.errors).toEqual([
      expect.objectContaining({ rowNumber: 4, column: 'Họ và tên', message: expect.stringContaining('trùng với dòng 2') }),
    ]);
    expect(plan.newRows).toBe(2);
    const before = await count();
    expect(
      await importMembers(importCtx, officer, Buffer.from(csv), 'sau.csv', { defaultJoinedOn: '2024-01-01' }, 'valid-only'),
    ).toMatchObject({ written: true, added: 2, rejected: 1 });
    expect(await count()).toBe(before + 2);
  });

  it('reports people the registry already has, and names differing only in diacritics', async () => {
    const plan = await planMemberImport(
      t,
      officer,
      Buffer.from(
        'Họ và tên,Ngày sinh,Số CCCD,Đơn vị\nPHUNG VAN KHAI,12/03/1984,,CĐCS Trường THPT Hoa Sen\nNgười Khác,1/1/1980,001084012345,CĐCS Trường THPT Hoa Sen\n',
      ),
      'x.csv',
      { defaultJoinedOn: '2024-01-01' },
    );
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
    const wide = Buffer.from(`${Array<string>(250_000).fill('Ab').join(',')}\nA,B\n`);
    await expect(planMemberImport(t, officer, wide, 'rong.csv', { defaultJoinedOn: '2024-01-01' })).rejects.toThrow(
      'dòng 1 có 250.000 cột, vượt giới hạn 200 cột',
    );
  });

  it('writes a long file a chunk at a time, and an error past the first chunk leaves nothing behind', async () => {
    const before = await count();
    const countsBefore = await unitCounts();
    // Unique names without digits: two letters of given names per row.
    const given = [
      'An',
      'Bình',
      'Cúc',
      'Dương',
      'Giao',
      'Hạnh',
      'Khánh',
      'Lan',
      'Minh',
      'Nga',
      'Oanh',
      'Phúc',
      'Quang',
      'Sơn',
      'Tâm',
      'Uyên',
      'Vân',
      'Xuân',
      'Yến',
      'Đào',
    ];
    const names = given.flatMap((a) => given.flatMap((b) => given.map((c) => `Lê ${a} ${b} ${c}`))).slice(0, 6_000);
    const rows = names.map((n, i) => `${n},,CĐCS Trường THPT Hoa Sen,${(i % 28) + 1}/1/2020`);
    rows[5_500] = `Lê Sai Ngày,,CĐCS Trường THPT Hoa Sen,31/2/2020`;
    const csv = Buffer.from(['Họ và tên,Số CCCD,Đơn vị,Ngày kết nạp', ...rows].join('\n'));
    const refused = await importMembers(importCtx, officer, csv, 'dai.csv', { defaultJoinedOn: '2024-01-01' }, 'all');
    expect(refused).toMatchObject({ written: false, added: 0, rowCount: 6_000 });
    expect(refused.errors).toEqual([expect.objectContaining({ rowNumber: 5_502 })]);
    expect(await count()).toBe(before);
    expect(await unitCounts()).toEqual(countsBefore);
    const job = await t.db
      .selectFrom('import_jobs')
      .select(['id', 'status'])
      .where('file_name', '=', 'dai.csv')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(job.status).toBe('failed');
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'after_json'])
      .where('entity', '=', 'import')
      .where('entity_id', '=', String(job.id))
      .orderBy('id')
      .execute();
    // The first chunk went in, in its own transaction with its audit row, and was taken out again.
    // Its undo removes 2.000 members per transaction, each with its own audit row.
    expect(audit.map((a) => a.action)).toEqual(['member.import', 'member.import_undo', 'member.import_undo', 'member.import_undo']);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ rows: [1, 5_000], added: 5_000 });
    expect(audit.slice(1).map((a) => JSON.parse(a.after_json!).removed)).toEqual([2_000, 2_000, 1_000]);
    expect(await t.db.selectFrom('import_locks').select('job_id').executeTakeFirstOrThrow()).toEqual({ job_id: null });

    const valid = await importMembers(importCtx, officer, csv, 'dai.csv', { defaultJoinedOn: '2024-01-01' }, 'valid-only');
    expect(valid).toMatchObject({ written: true, added: 5_999, rejected: 1 });
    expect(await count()).toBe(before + 5_999);
  });

  it('a write that fails mid-file takes out the chunks already written and reports the failure', async () => {
    const before = await count();
    const countsBefore = await unitCounts();
    const given = [
      'Ánh',
      'Bảo',
      'Cường',
      'Duy',
      'Hải',
      'Hiền',
      'Kiên',
      'Linh',
      'Mai',
      'Nam',
      'Ngọc',
      'Phương',
      'Quý',
      'Sang',
      'Thảo',
      'Trang',
      'Việt',
      'Vũ',
      'Yên',
      'Đức',
    ];
    const names = given.flatMap((a) => given.flatMap((b) => given.map((c) => `Phạm ${a} ${b} ${c}`))).slice(0, 5_200);
    const csv = Buffer.from(['Họ và tên,Đơn vị,Ngày kết nạp', ...names.map((n) => `${n},CĐCS Trường THPT Hoa Sen,1/3/2021`)].join('\n'));
    let calls = 0;
    const add = MemberImportWriter.prototype.add;
    const spy = vi.spyOn(MemberImportWriter.prototype, 'add').mockImplementation(function (this: MemberImportWriter, rows) {
      if (++calls === 2) return Promise.reject(new Error('disk full'));
      return add.call(this, rows);
    });
    try {
      await expect(importMembers(importCtx, officer, csv, 'hong.csv', { defaultJoinedOn: '2024-01-01' }, 'all')).rejects.toThrow(
        'disk full',
      );
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBe(2);
    expect(await count()).toBe(before);
    expect(await unitCounts()).toEqual(countsBefore);
    expect(await t.db.selectFrom('import_locks').select('job_id').executeTakeFirstOrThrow()).toEqual({ job_id: null });
  });

  it('finds a unit with or without "CĐCS" or "Công đoàn cơ sở" in front, and stops at the "Tổng cộng" row', async () => {
    const csv = Buffer.from(
      [
        'STT,Họ và tên,Ngày sinh,Đơn vị',
        '1,Đinh Thị Thoa,2/2/1992,Trường THPT Hoa Sen',
        '2,Đinh Văn Thái,3/3/1993,Công đoàn cơ sở Trường THPT Hoa Sen',
        '3,Đinh Thị Thu,4/4/1994,cdcs trường thpt hoa sen',
        ',Tổng cộng: 3 người,,',
        ',Người lập biểu,,',
        ',(ký và ghi rõ họ tên),,',
      ].join('\n'),
    );
    const plan = await planMemberImport(t, officer, csv, 'co-tong.csv', { defaultJoinedOn: '2024-01-01' });
    expect(plan.errors).toEqual([]);
    expect(plan.newRows).toBe(3);
    const report = await importMembers(importCtx, officer, csv, 'co-tong.csv', { defaultJoinedOn: '2024-01-01' }, 'all');
    expect(report).toMatchObject({ written: true, added: 3, errors: [] });
  });
});
