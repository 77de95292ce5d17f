import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';

describe.each(DIALECTS)('member pages on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let officer: TestClient;
  let other: TestClient;
  let province: TestClient;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    officer = new TestClient(ta.app);
    await officer.signIn((await makeUser(ta.t, 'officer', units.school.id)).login);
    other = new TestClient(ta.app);
    await other.signIn((await makeUser(ta.t, 'officer', units.clinic.id)).login);
    province = new TestClient(ta.app);
    await province.signIn((await makeUser(ta.t, 'viewer', units.province.id)).login);
  });
  afterAll(async () => {
    await ta.close();
  });

  const admit = async (c: TestClient, fields: Record<string, string | number>) => {
    await c.get('/quan-tri/doan-vien/moi');
    return c.post('/quan-tri/doan-vien', {
      gender: 'female',
      birthDate: '1990-01-01',
      joinedOn: '2024-03-01',
      unitId: units.school.id,
      ...fields,
    });
  };

  it('an officer admits members, sees them in name order, opens a record (logged) and exports', async () => {
    for (const name of ['Trần Thị Bích', 'Lê Văn An', 'Đặng Thị Ánh'])
      expect((await admit(officer, { fullName: name, citizenId: '', gender: name.includes('Văn') ? 'male' : 'female' })).statusCode).toBe(
        303,
      );
    const bad = await admit(officer, { fullName: 'Ngô Văn Sai', birthDate: '1990-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Ngày không hợp lệ.');
    expect(bad.body).toContain('value="Ngô Văn Sai"');
    const dup = await admit(officer, { fullName: 'Tran Thi Bich' });
    expect(dup.statusCode).toBe(409);
    expect(dup.body).toContain('trùng họ tên và ngày sinh');

    const close = await admit(officer, { fullName: 'Trần Thị Bích', birthDate: '1991-06-01' });
    expect(close.statusCode).toBe(409);
    expect(close.body).toContain('Những đoàn viên gần trùng');
    expect(close.body).toMatch(/Trần Thị Bích<\/a>, sinh năm 1990 – CĐCS Trường THPT Số 1/);

    const list = await officer.get('/quan-tri/doan-vien');
    const names = [...list.body.matchAll(/href="\/quan-tri\/doan-vien\/\d+">([^<]+)</g)].map((m) => m[1]);
    expect(names).toEqual(['Lê Văn An', 'Đặng Thị Ánh', 'Trần Thị Bích']);
    expect((await officer.get('/quan-tri/doan-vien?q=dang+thi+anh')).body).toContain('Đặng Thị Ánh');

    const id = /href="\/quan-tri\/doan-vien\/(\d+)">Lê Văn An/.exec(list.body)?.[1];
    const record = await officer.get(`/quan-tri/doan-vien/${id}`);
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain('Quá trình sinh hoạt');
    expect((await other.get(`/quan-tri/doan-vien/${id}`)).statusCode).toBe(403);
    expect((await other.get('/quan-tri/doan-vien')).body).not.toContain('Lê Văn An');

    const xlsx = await ta.app.inject({
      method: 'GET',
      url: '/quan-tri/doan-vien/xuat.xlsx',
      headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(4).getCell(2).value).toBe('Lê Văn An');
    const audit = await ta.t.db.selectFrom('audit_events').select('action').where('entity', '=', 'member').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['member.create', 'member.read', 'member.export']));
  });

  it('the figures page counts the subtree as of a date and draws the chart', async () => {
    const res = await province.get(`/quan-tri/thong-ke?don_vi=${units.province.id}&ngay=2024-12-31&tu=2024-01-01`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<span class="stat-value">3<\/span><span class="stat-label">đoàn viên/);
    expect(res.body).toMatch(/<span class="stat-value">2<\/span><span class="stat-label">nữ \(66,7%\)/);
    expect(res.body).toContain('<svg');
    const before = await province.get(`/quan-tri/thong-ke?don_vi=${units.province.id}&ngay=2024-02-01`);
    expect(before.body).toMatch(/<span class="stat-value">0<\/span><span class="stat-label">đoàn viên/);
    expect((await province.get('/quan-tri/doan-vien/moi')).statusCode).toBe(403);
  });
});
