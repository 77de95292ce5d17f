import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careListXlsx, rowOf, type CareListRow } from '../../test/fixtures/care/care-list.js';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import { loadAuthUser } from '../auth/service.js';
import { addDays, formatIsoDate, todayInVietnam } from '../lib/dates.js';
import { admitMember } from '../members/service.js';
import { createProgramme, type ProgrammeWithFunds } from './programme-service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PATH = '/quan-tri/cham-lo/nhap-danh-sach';

function multipartBody(fields: Record<string, string>, file: { name: string; bytes: Buffer } | null) {
  const boundary = `----congdoan${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file)
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${XLSX}\r\n\r\n`),
      file.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const cookieHeader = (c: TestClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
const tokenOf = (res: LightMyRequestResponse) => new RegExp(`action="${PATH}/([\\w-]{24})"`).exec(res.body)?.[1] ?? '';

describe.each(DIALECTS)('care list upload pages on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let officer: TestClient;
  let clinic: TestClient;
  let viewer: TestClient;
  let tet: ProgrammeWithFunds;
  let medical: ProgrammeWithFunds;
  const today = todayInVietnam();
  const casesOf = (programmeId: number) =>
    ta.t.db.selectFrom('care_cases').selectAll().where('programme_id', '=', programmeId).orderBy('id').execute();

  const upload = async (c: TestClient, file: { name: string; bytes: Buffer } | null, fields: Record<string, string> = {}) => {
    await c.get(PATH);
    const { payload, contentType } = multipartBody(
      { _csrf: c.csrf, programmeId: String(tet.id), occurredOn: today, reason: 'holiday_gift', ...fields },
      file,
    );
    return ta.app.inject({ method: 'POST', url: PATH, payload, headers: { cookie: cookieHeader(c), 'content-type': contentType } });
  };

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const schoolLogin = await makeUser(ta.t, 'officer', units.school.id);
    officer = new TestClient(ta.app);
    await officer.signIn(schoolLogin.login);
    clinic = new TestClient(ta.app);
    await clinic.signIn((await makeUser(ta.t, 'officer', units.clinic.id)).login);
    viewer = new TestClient(ta.app);
    await viewer.signIn((await makeUser(ta.t, 'viewer', units.province.id)).login);
    const province = (await loadAuthUser(ta.t, (await makeUser(ta.t, 'officer', units.province.id)).id))!;
    tet = await createProgramme(ta.t, province, {
      unitId: units.province.id,
      name: 'Tết Sum vầy',
      startsOn: addDays(today, -20),
      endsOn: addDays(today, 40),
      budget: '200.000.000',
      defaultCash: 500_000,
      defaultInKind: 300_000,
    });
    medical = await createProgramme(ta.t, province, {
      unitId: units.otherUpper.id,
      name: 'Tháng Công nhân ngành Y tế',
      startsOn: addDays(today, -5),
      endsOn: addDays(today, 5),
      budget: 50_000_000,
    });
    await createProgramme(ta.t, province, {
      unitId: units.province.id,
      name: 'Tết Sum vầy năm trước',
      startsOn: '2025-01-01',
      endsOn: '2025-02-28',
      budget: 1,
    });
    const school = (await loadAuthUser(ta.t, schoolLogin.id))!;
    await admitMember(ta.t, school, {
      fullName: 'Nguyễn Thị Hương',
      birthDate: '1985-04-12',
      citizenId: '001185000123',
      unitId: units.school.id,
      joinedOn: '2015-09-01',
      gender: 'female',
    });
  });
  afterAll(async () => {
    await ta.close();
  });

  const GOOD: CareListRow[] = [
    {
      name: 'Nguyễn Thị Hương',
      year: 1985,
      gender: 'Nữ',
      citizenId: '001185000123',
      kind: 'Đoàn viên',
      reason: 'Hoàn cảnh khó khăn',
      cash: '1.000.000',
    },
    { name: 'Vũ Thị Lan', year: 1995, gender: 'Nữ', kind: 'Người lao động', unit: 'CĐCS Trường THPT Số 1' },
    { name: 'Hà Văn Tư', year: 1979, gender: 'Nam', kind: 'NLĐ', cash: 600_000, inKind: 0 },
  ];
  const BAD: CareListRow[] = [
    GOOD[0]!,
    { name: 'Vũ Thị Lan', year: '19x5', gender: 'Nữ', kind: 'Người lao động', unit: 'CĐCS Bệnh viện tỉnh' },
    { name: 'Hà Văn Tư', year: 1979, gender: 'Nam', kind: 'NLĐ', cash: '-600.000' },
  ];

  it('offers the open programmes the officer works with, and refuses those without the right', async () => {
    const page = await officer.get(`${PATH}?chuong_trinh=${tet.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('name="_csrf"');
    expect(page.body).toMatch(new RegExp(`<option value="${tet.id}" selected>Tết Sum vầy \\(`));
    expect(page.body).not.toContain('ngành Y tế');
    expect(page.body).not.toContain('năm trước');
    expect((await viewer.get(PATH)).statusCode).toBe(403);
    const noCsrf = multipartBody(
      { programmeId: String(tet.id), occurredOn: today, reason: 'holiday_gift' },
      { name: 'a.xlsx', bytes: await careListXlsx(GOOD) },
    );
    const refused = await ta.app.inject({
      method: 'POST',
      url: PATH,
      payload: noCsrf.payload,
      headers: { cookie: cookieHeader(officer), 'content-type': noCsrf.contentType },
    });
    expect(refused.statusCode).toBe(403);
    expect(await casesOf(tet.id)).toEqual([]);
  });

  it('shows every bad row, refuses to import all of them, then imports the corrected file and shows the count', async () => {
    const bad = await upload(officer, { name: 'ds-loi.xlsx', bytes: await careListXlsx(BAD) });
    expect(bad.statusCode).toBe(200);
    const shown = text(bad.body);
    expect(shown).toContain('Xem trước danh sách: ds-loi.xlsx');
    expect(shown).toContain(`${rowOf(1)} Năm sinh Năm sinh "19x5" không đọc được`);
    expect(shown).toContain(`${rowOf(1)} Đơn vị / CĐCS Đơn vị "CĐCS Bệnh viện tỉnh" không có trong các đơn vị bạn được đề nghị hỗ trợ`);
    expect(shown).toContain(`${rowOf(2)} Tiền mặt (đồng) Tiền mặt: Số tiền không được âm: "-600.000".`);
    expect(shown).toContain(`Danh sách kết thúc ở dòng ${rowOf(3)} ("Tổng cộng")`);
    expect(bad.body).toContain('Chỉ nhập 1 dòng hợp lệ');
    expect(bad.body).not.toContain('Nhập tất cả');
    const token = tokenOf(bad);
    expect(token).not.toBe('');
    const all = await officer.post(`${PATH}/${token}`, { mode: 'all' });
    expect(all.statusCode).toBe(400);
    expect(all.body).toContain('Tệp còn lỗi: hãy sửa tệp, hoặc chọn chỉ nhập các dòng hợp lệ.');
    expect(await casesOf(tet.id)).toEqual([]);
    // Only the uploader can use the file.
    await clinic.get(PATH);
    expect((await clinic.post(`${PATH}/${token}`, { mode: 'valid-only' })).statusCode).toBe(404);

    const good = await upload(officer, { name: 'ds-dung.xlsx', bytes: await careListXlsx(GOOD) });
    expect(good.statusCode).toBe(200);
    expect(good.body).toContain('Không có lỗi nào.');
    expect(text(good.body)).toContain('Tổng số tiền các hồ sơ sẽ nhập: 2.700.000 đồng (tiền mặt 2.100.000 đồng, hiện vật 600.000 đồng).');
    expect(good.body).toContain('Nhập tất cả 3 hồ sơ');
    const goodToken = tokenOf(good);
    const done = await officer.post(`${PATH}/${goodToken}`, { mode: 'all' });
    expect(done.statusCode).toBe(200);
    expect(text(done.body)).toContain(
      'Đã đề nghị 3 hồ sơ trong chương trình "Tết Sum vầy" với tổng số tiền 2.700.000 đồng (tiền mặt 2.100.000 đồng, hiện vật 600.000 đồng).',
    );
    const cases = await casesOf(tet.id);
    expect(cases.map((c) => [c.recipient_name, c.recipient_kind, c.cash_amount, c.in_kind_amount, c.status])).toEqual([
      ['Nguyễn Thị Hương', 'member', 1_000_000, 300_000, 'proposed'],
      ['Vũ Thị Lan', 'worker', 500_000, 300_000, 'proposed'],
      ['Hà Văn Tư', 'worker', 600_000, 0, 'proposed'],
    ]);
    // The file is gone once imported; the same list uploaded again adds nothing.
    expect((await officer.post(`${PATH}/${goodToken}`, { mode: 'all' })).statusCode).toBe(404);
    const again = await upload(officer, { name: 'ds-dung.xlsx', bytes: await careListXlsx(GOOD) });
    expect(text(again.body)).toMatch(/3 đã nhập trước đây \(bỏ qua\)/);
    expect(again.body).toMatch(/<button[^>]*disabled>Nhập tất cả 0 hồ sơ/);
  });

  it('explains a file it cannot read, keeping the choices made', async () => {
    const empty = await upload(
      officer,
      { name: 'rong.xlsx', bytes: Buffer.alloc(0) },
      { occurredOn: addDays(today, -1), reason: 'hardship' },
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Không đọc được tệp &quot;rong.xlsx&quot;: tệp rỗng (0 byte).');
    expect(empty.body).toContain(`value="${formatIsoDate(addDays(today, -1))}"`);
    expect(empty.body).toContain('<option value="hardship" selected>');
    const png = await upload(officer, {
      name: 'anh.xlsx',
      bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(64)]),
    });
    expect(png.statusCode).toBe(400);
    expect(png.body).toContain('đây là ảnh PNG, không phải bảng tính');
    const none = await upload(officer, null);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Chưa chọn tệp danh sách.');
    const outside = await upload(officer, { name: 'a.xlsx', bytes: await careListXlsx(GOOD) }, { programmeId: String(medical.id) });
    expect(outside.statusCode).toBe(403);
    expect(outside.body).toContain('flash-error');
    const late = await upload(officer, { name: 'a.xlsx', bytes: await careListXlsx(GOOD) }, { occurredOn: addDays(today, 90) });
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('nằm ngoài thời gian của chương trình');
  });
});
