import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import { loadAuthUser } from '../auth/service.js';
import { inTransaction } from '../db/context.js';
import { createUnitIn } from '../org/service.js';
import { admitMember, memberLeaves } from './service.js';

/** The figures page: levels in tree order, unit types only when units have one, the chart from zero, the table by child unit and its .xlsx. */

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe.each(DIALECTS)('the figures page on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  const clients = {} as Record<'province' | 'upper' | 'reporter', TestClient>;

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const officer = (await loadAuthUser(ta.t, (await makeUser(ta.t, 'officer', units.province.id)).id))!;
    const logins = {
      province: (await makeUser(ta.t, 'viewer', units.province.id)).login,
      upper: (await makeUser(ta.t, 'officer', units.upper.id)).login,
      reporter: (await makeUser(ta.t, 'reporter', units.province.id)).login,
    };
    for (const [k, login] of Object.entries(logins)) {
      const c = new TestClient(ta.app);
      await c.signIn(login);
      clients[k as keyof typeof clients] = c;
    }
    const admit = async (user: AuthUser, fullName: string, unitId: number, gender: 'male' | 'female', joinedOn: string) =>
      (await admitMember(ta.t, user, { fullName, gender, birthDate: '1990-01-01', unitId, joinedOn })).id;
    await admit(officer, 'Trần Thị Bích', units.school.id, 'female', '2023-03-01');
    await admit(officer, 'Lê Văn An', units.school.id, 'male', '2024-03-01');
    const leaving = await admit(officer, 'Đặng Văn Đi', units.hospital.id, 'male', '2023-05-01');
    await admit(officer, 'Phạm Thị Hoa', units.hospital.id, 'female', '2024-04-01');
    await admit(officer, 'Vũ Thị Lan', units.clinic.id, 'female', '2024-05-01');
    await memberLeaves(ta.t, officer, leaving, '2024-06-01', { reason: 'retired' });
  });
  afterAll(async () => {
    await ta.close();
  });

  const url = (unitId: number) => `/quan-tri/thong-ke?don_vi=${unitId}&ngay=31/12/2024&tu=01/01/2024`;

  it('lists levels in tree order, hides unit types while no unit has one, and starts the chart at zero', async () => {
    const page = await clients.province.get(url(units.province.id));
    expect(page.statusCode).toBe(200);
    const levels = [...page.body.matchAll(/<tr><td>([^<]+)<\/td><td class="num">\d+<\/td><\/tr>/g)].map((m) => m[1]);
    expect(levels).toEqual(['Liên đoàn Lao động tỉnh', 'Công đoàn cấp trên trực tiếp cơ sở', 'Công đoàn cơ sở']);
    expect(page.body).not.toContain('Loại hình');
    // The lowest tick of the value axis is 0.
    const ticks = [...page.body.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="end"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(ticks[0]).toBe('0');
    // The period typed dd/mm/yyyy is shown back that way.
    expect(page.body).toContain('value="31/12/2024"');

    await inTransaction(ta.t, (tx) =>
      createUnitIn(tx, SYSTEM_ACTORS.cli, {
        parentId: units.otherUpper.id,
        level: 'grassroots',
        shortName: 'CĐCS Sở Y tế',
        fullName: 'Công đoàn cơ sở Sở Y tế',
        unitType: 'agency',
        foundedOn: '2020-01-01',
      }),
    );
    const typed = await clients.province.get(url(units.province.id));
    expect(textOf(typed.body)).toContain('Loại hình Số đơn vị Cơ quan hành chính 1');
  });

  it('shows a line per direct child unit, in tree order, with members, women, admissions and departures; the print frame', async () => {
    const page = await clients.province.get(url(units.province.id));
    const text = textOf(page.body);
    expect(text).toContain('Theo đơn vị trực thuộc');
    // CĐ Viên chức tỉnh: school (2) + hospital (1 left, 1 stays) = 3 members, 2 women, 3 admitted in 2024 … 2 (An, Hoa), 1 left.
    expect(text).toContain('1 Công đoàn Viên chức tỉnh 3 2 66,7% 2 1');
    expect(text).toContain('2 Công đoàn ngành Y tế 1 1 100% 1 0');
    expect(text).toContain('Tổng cộng 4 3 75% 3 1');
    expect(text.indexOf('Công đoàn Viên chức tỉnh 3')).toBeLessThan(text.indexOf('Công đoàn ngành Y tế 1'));
    expect(page.body).toContain('<div class="letterhead-unit">LIÊN ĐOÀN LAO ĐỘNG TỈNH THỬ NGHIỆM</div>');
    expect(page.body).toContain('SỐ LIỆU ĐOÀN VIÊN LIÊN ĐOÀN LAO ĐỘNG TỈNH THỬ NGHIỆM');
    expect(page.body).toContain('Từ ngày 01/01/2024 đến ngày 31/12/2024');
    expect(page.body).toContain('NGƯỜI LẬP BIỂU');
    // A grassroots unit has no child units.
    expect(textOf((await clients.upper.get(url(units.school.id))).body)).toContain('Đơn vị không có đơn vị trực thuộc');
  });

  it('exports the table by child unit as .xlsx with the same filters; other roles and other units are refused', async () => {
    const res = await clients.province.get(`/quan-tri/thong-ke/xuat.xlsx?don_vi=${units.province.id}&ngay=31/12/2024&tu=01/01/2024`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('so-lieu-doan-vien-ldld-tinh-2024-01-01-2024-12-31.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.slice(2)).toEqual([
      ['STT', 'Đơn vị', 'Đoàn viên', 'Nữ', 'Kết nạp', 'Thôi sinh hoạt'],
      [1, 'Công đoàn Viên chức tỉnh', 3, 2, 2, 1],
      [2, 'Công đoàn ngành Y tế', 1, 1, 1, 0],
      ['', 'Tổng cộng', 4, 3, 3, 1],
    ]);
    expect((await clients.upper.get(`/quan-tri/thong-ke/xuat.xlsx?don_vi=${units.province.id}`)).statusCode).toBe(403);
    expect((await clients.upper.get(`/quan-tri/thong-ke/xuat.xlsx?don_vi=${units.upper.id}`)).statusCode).toBe(200);
    expect((await clients.reporter.get(`/quan-tri/thong-ke/xuat.xlsx?don_vi=${units.province.id}`)).statusCode).toBe(403);
    expect((await clients.reporter.get(url(units.province.id))).statusCode).toBe(403);
  });
});
