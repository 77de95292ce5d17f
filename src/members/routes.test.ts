import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import { exportsSettled } from './export-job-service.js';

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

    // The export is a job: the button starts it, its page gives the file when done.
    const started = await officer.post('/quan-tri/doan-vien/xuat', {});
    expect(started.statusCode).toBe(303);
    await exportsSettled();
    expect((await officer.get(started.headers.location!)).body).toContain('Đã xuất xong 3 đoàn viên.');
    const xlsx = await ta.app.inject({
      method: 'GET',
      url: `${started.headers.location!}/tep`,
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

  it('a member id that does not parse, or names no member, is not found', async () => {
    for (const id of ['abc', '0', '99999999999', '-1', '1.5', '999999'])
      expect((await officer.get(`/quan-tri/doan-vien/${id}`)).statusCode, id).toBe(404);
    await officer.get('/quan-tri/doan-vien/moi');
    expect((await officer.post('/quan-tri/doan-vien/abc/thoi', { on: '2024-05-01' })).statusCode).toBe(404);
  });

  it('the admission form comes back with what was typed and each message by its field', async () => {
    const badDate = await admit(officer, { fullName: 'Phan Văn Ngày', birthDate: '2001-13-40', phone: '0912 345 678' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toMatch(
      /id="birthDate"[^>]*value="2001-13-40"[\s\S]*?<span class="field-error" id="birthDate-error" role="alert">Ngày không hợp lệ.<\/span>/,
    );
    expect(badDate.body).toContain('value="Phan Văn Ngày"');
    expect(badDate.body).toContain('value="0912 345 678"');
    expect(badDate.body).toContain('xem lời nhắn bên cạnh từng ô');

    const noName = await admit(officer, { fullName: '', citizenId: '012345678901' });
    expect(noName.statusCode).toBe(400);
    expect(noName.body).toMatch(
      /id="fullName"[\s\S]*?<span class="field-error" id="fullName-error" role="alert">Cần nhập họ và tên.<\/span>/,
    );
    expect(noName.body).toContain('value="012345678901"');
    expect(noName.body).not.toContain('birthDate-error');

    const badId = await admit(officer, { fullName: 'Phan Văn Số', citizenId: '12345' });
    expect(badId.statusCode).toBe(400);
    expect(badId.body).toContain(
      '<span class="field-error" id="citizenId-error" role="alert">Số CCCD cần 12 chữ số (CMND cũ: 9 chữ số).</span>',
    );
  });

  it('a close match asks for the confirmation; confirmed, the member is admitted', async () => {
    const first = await admit(officer, { fullName: 'Vũ Thị Gần', birthDate: '1985-04-01' });
    expect(first.statusCode).toBe(303);
    const close = await admit(officer, { fullName: 'Vũ Thị Gần', birthDate: '1986-07-09', job: 'Giáo viên' });
    expect(close.statusCode).toBe(409);
    expect(close.body).toContain('Những đoàn viên gần trùng');
    expect(close.body).toContain('<input type="checkbox" name="notADuplicate" value="1"/>');
    expect(close.body).toContain('value="Giáo viên"');
    const confirmed = await admit(officer, { fullName: 'Vũ Thị Gần', birthDate: '1986-07-09', notADuplicate: '1' });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toMatch(/^\/quan-tri\/doan-vien\/\d+$/);
  });

  it('a refused change shows the member page again with the form as typed', async () => {
    const admitted = await admit(officer, { fullName: 'Lý Văn Chuyển', birthDate: '1980-01-01' });
    const path = admitted.headers.location as string;
    await officer.get(path);
    const bad = await officer.post(`${path}/thoi`, { on: '2024-02-31' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(
      /id="on-l"[^>]*value="2024-02-31"[\s\S]*?<span class="field-error" id="on-l-error" role="alert">Ngày không hợp lệ/,
    );
    const early = await officer.post(`${path}/thoi`, { on: '2024-01-01', reason: 'quit_job' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('phải sau ngày bắt đầu sinh hoạt hiện tại (01/03/2024)');
    expect((await officer.post(`${path}/xoa`, {})).body).toContain('Cần xác nhận yêu cầu xóa.');
    const left = await officer.post(`${path}/thoi`, { on: '2024-06-01', reason: 'quit_job' });
    expect(left.statusCode).toBe(303);
    expect((await officer.get(path)).body).toContain('01/06/2024 (Thôi sinh hoạt — Thôi việc)');
  });

  it('thôi sinh hoạt records a reason picked from the list: stored, audited, shown, and kept after a rejoin', async () => {
    const admitted = await admit(officer, { fullName: 'Đỗ Văn Lý Do', birthDate: '1966-05-05' });
    const path = admitted.headers.location as string;
    const id = Number(path.split('/').pop());
    const open = async () =>
      (await ta.t.db.selectFrom('memberships').select('id').where('member_id', '=', id).where('ended_on', 'is', null).execute()).length;
    const leaves = async () =>
      (
        await ta.t.db
          .selectFrom('audit_events')
          .select('id')
          .where('action', '=', 'member.leave')
          .where('entity_id', '=', String(id))
          .execute()
      ).length;

    // The select starts on its placeholder and lists the seven reasons in order, by their labels.
    const page = await officer.get(path);
    const select = /<select id="reason-l" name="reason" required[^>]*>([\s\S]*?)<\/select>/.exec(page.body)?.[1] ?? '';
    expect(select).toMatch(/^<option value(="")? disabled selected>— Chọn lý do —<\/option>/);
    expect([...select.matchAll(/<option value="(\w+)">([^<]+)<\/option>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['retired', 'Nghỉ hưu'],
      ['moved_out', 'Chuyển công tác ngoài hệ thống'],
      ['quit_job', 'Thôi việc'],
      ['deceased', 'Từ trần'],
      ['expelled', 'Khai trừ'],
      ['voluntary', 'Tự nguyện xin thôi'],
      ['other', 'Khác'],
    ]);

    // Refused: no reason, the placeholder, "Khác" without its words, a code not in the list, words too long.
    const none = await officer.post(`${path}/thoi`, { on: '2024-06-01' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toMatch(/id="reason-l"[\s\S]*?<span class="field-error" id="reason-l-error" role="alert">Cần chọn lý do.<\/span>/);
    expect(none.body).toMatch(/id="on-l"[^>]*value="01\/06\/2024"/);
    expect((await officer.post(`${path}/thoi`, { on: '2024-06-01', reason: '' })).body).toContain('Cần chọn lý do.');
    const otherWithout = await officer.post(`${path}/thoi`, { on: '2024-06-01', reason: 'other', note: '  ' });
    expect(otherWithout.statusCode).toBe(400);
    expect(otherWithout.body).toMatch(
      /id="note-l"[\s\S]*?<span class="field-error" id="note-l-error" role="alert">Cần ghi rõ lý do.<\/span>/,
    );
    expect(otherWithout.body).toContain('<option value="other" selected>Khác</option>');
    const unknown = await officer.post(`${path}/thoi`, { on: '2024-06-01', reason: 'fired' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('id="reason-l-error" role="alert">Lý do không có trong danh sách.');
    const long = await officer.post(`${path}/thoi`, { on: '2024-06-01', reason: 'other', note: 'x'.repeat(201) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('id="note-l-error" role="alert">Lý do tối đa 200 ký tự.');
    expect(await open()).toBe(1);
    expect(await leaves()).toBe(0);

    // Another unit's officer and a viewer are refused, even with a reason.
    expect((await other.post(`${path}/thoi`, { on: '2024-06-01', reason: 'retired' })).statusCode).toBe(403);
    await province.get('/quan-tri/doan-vien');
    expect((await province.post(`${path}/thoi`, { on: '2024-06-01', reason: 'retired' })).statusCode).toBe(403);
    expect(await open()).toBe(1);

    // Recorded: the period ends with its reason, in the audit row, on the member's page.
    await officer.get(path);
    const left = await officer.post(`${path}/thoi`, { on: '2024-06-01', reason: 'retired', note: 'không giữ' });
    expect(left.statusCode).toBe(303);
    const periods = () =>
      ta.t.db
        .selectFrom('memberships')
        .select(['ended_on', 'end_kind', 'end_reason', 'end_note'])
        .where('member_id', '=', id)
        .orderBy('id')
        .execute();
    expect(await periods()).toEqual([{ ended_on: '2024-06-01', end_kind: 'leave', end_reason: 'retired', end_note: null }]);
    const audit = await ta.t.db
      .selectFrom('audit_events')
      .select(['after_json', 'unit_id'])
      .where('action', '=', 'member.leave')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toEqual({ ended_on: '2024-06-01', reason: 'retired' });
    expect(audit.unit_id).toBe(units.school.id);
    const former = await officer.get(path);
    expect(former.body).toContain('Thôi sinh hoạt ngày 01/06/2024 — Nghỉ hưu');
    expect(former.body).toContain('01/06/2024 (Thôi sinh hoạt — Nghỉ hưu)');

    // A rejoin keeps the reason of the earlier departure; "Khác" keeps the officer's words.
    expect((await officer.post(`${path}/ket-nap-lai`, { unitId: units.school.id, on: '2024-09-01' })).statusCode).toBe(303);
    const back = await officer.get(path);
    expect(back.body).toContain(`Đang sinh hoạt tại ${units.school.short_name}`);
    expect(back.body).toContain('01/06/2024 (Thôi sinh hoạt — Nghỉ hưu)');
    const again = await officer.post(`${path}/thoi`, { on: '2025-02-01', reason: 'other', note: ' Đi lao động ở nước ngoài ' });
    expect(again.statusCode).toBe(303);
    expect((await periods()).map((p) => [p.end_reason, p.end_note])).toEqual([
      ['retired', null],
      ['other', 'Đi lao động ở nước ngoài'],
    ]);
    const twice = await officer.get(path);
    expect(twice.body).toContain('Thôi sinh hoạt ngày 01/02/2025 — Khác: Đi lao động ở nước ngoài');
    expect(twice.body).toContain('01/06/2024 (Thôi sinh hoạt — Nghỉ hưu)');
    const last = await ta.t.db
      .selectFrom('audit_events')
      .select('after_json')
      .where('action', '=', 'member.leave')
      .where('entity_id', '=', String(id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(last.after_json!)).toEqual({ ended_on: '2025-02-01', reason: 'other', note: 'Đi lao động ở nước ngoài' });
  });

  it('a departure recorded before reasons were kept shows "không ghi lý do"', async () => {
    const admitted = await admit(officer, { fullName: 'Mai Văn Cũ', birthDate: '1970-07-07' });
    const path = admitted.headers.location as string;
    await officer.get(path);
    expect((await officer.post(`${path}/thoi`, { on: '2024-05-01', reason: 'voluntary' })).statusCode).toBe(303);
    const id = Number(path.split('/').pop());
    await ta.t.db.updateTable('memberships').set({ end_reason: null, end_note: null }).where('member_id', '=', id).execute();
    const page = await officer.get(path);
    expect(page.body).toContain('Thôi sinh hoạt ngày 01/05/2024 — không ghi lý do');
    expect(page.body).toContain('01/05/2024 (Thôi sinh hoạt — không ghi lý do)');
  });

  it('showing the full citizen ID is logged with the opening of the record', async () => {
    const admitted = await admit(officer, { fullName: 'Hồ Thị Căn Cước', birthDate: '1992-02-02', citizenId: '001092000123' });
    const path = admitted.headers.location as string;
    const id = Number(path.split('/').pop());
    expect((await officer.get(path)).body).toContain('•••••••••123');
    expect((await officer.get(`${path}?cccd=hien`)).body).toContain('001092000123');
    expect((await officer.get(`${path}?cccd=khac`)).body).not.toContain('001092000123');
    const events = await ta.t.db.selectFrom('audit_events').select('action').where('entity_id', '=', String(id)).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['member.create', 'member.read', 'member.read', 'member.reveal', 'member.read']);
  });

  it('the import pages: an upload without a file comes back to the form, and a job id that does not parse is not found', async () => {
    expect((await officer.get('/quan-tri/doan-vien/nhap')).statusCode).toBe(200);
    const none = await officer.post('/quan-tri/doan-vien/nhap', { joinedOn: '2024-01-01' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Chưa chọn tệp.');
    expect(none.body).toContain('enctype="multipart/form-data"');
    for (const id of ['abc', '0', '99999999999', '999999'])
      expect((await officer.get(`/quan-tri/doan-vien/nhap/tien-do/${id}`)).statusCode, id).toBe(404);
  });
});
