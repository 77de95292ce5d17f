import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import { countMembersAsOf, countMembersAsOfByPeriods } from './repo.js';

describe.each(DIALECTS)('editing a member and the registry fields on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let officer: TestClient;
  let otherOfficer: TestClient;
  let viewer: TestClient;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    officer = new TestClient(ta.app);
    await officer.signIn((await makeUser(ta.t, 'officer', units.upper.id)).login);
    otherOfficer = new TestClient(ta.app);
    await otherOfficer.signIn((await makeUser(ta.t, 'officer', units.clinic.id)).login);
    viewer = new TestClient(ta.app);
    await viewer.signIn((await makeUser(ta.t, 'viewer', units.province.id)).login);
  });
  afterAll(async () => {
    await ta.close();
  });

  const admit = async (fields: Record<string, string | number>) => {
    await officer.get('/quan-tri/doan-vien/moi');
    const res = await officer.post('/quan-tri/doan-vien', {
      gender: 'female',
      birthDate: '1990-01-01',
      joinedOn: '2024-03-01',
      unitId: units.school.id,
      ...fields,
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const path = res.headers.location as string;
    return { path, id: Number(path.split('/').pop()) };
  };
  const eventsOf = (id: number, action: string) =>
    ta.t.db
      .selectFrom('audit_events')
      .select(['after_json'])
      .where('entity_id', '=', String(id))
      .where('action', '=', action)
      .orderBy('id')
      .execute();
  /** The edit form's fields as shown, to send back changed. */
  const formOf = (html: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const m of html.matchAll(/<input [^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) out[m[1]!] = m[2]!.replace(/&amp;/g, '&');
    for (const m of html.matchAll(/<select id="([^"]+)"[\s\S]*?<\/select>/g))
      out[m[1]!] = /<option value="([^"]*)" selected/.exec(m[0])?.[1] ?? '';
    out.consentPurpose = /<textarea[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '';
    delete out._csrf;
    return out;
  };

  it('the admission form takes the registry fields; the page shows them, ethnicity and religion only on purpose (logged)', async () => {
    const { path, id } = await admit({
      fullName: 'Lò Thị Xuân',
      ethnicity: 'Thái',
      religion: 'Không',
      hometown: 'Mường La, Sơn La',
      address: '12 Lê Lợi, TP Sơn La',
      email: 'Xuan.Lo@Example.vn',
      education: '12',
      qualification: 'university',
      politicalTheory: 'intermediate',
      partyMember: '1',
      partyJoinedOn: '03/02/2015',
      unionPosition: 'vice_chair',
      fullTimeOfficer: '0',
      unionJoinedOn: '01/09/2012',
      workforceType: 'public_employee',
      consentOn: '01/03/2024',
      consentPurpose: 'Quản lý đoàn viên',
    });
    const page = await officer.get(path);
    expect(page.statusCode).toBe(200);
    for (const shown of [
      'Mường La, Sơn La',
      'xuan.lo@example.vn',
      '12/12',
      'Đại học',
      'Trung cấp',
      'Có, vào Đảng ngày 03/02/2015',
      'Phó Chủ tịch',
      '01/09/2012',
      'Viên chức',
      'ngày 01/03/2024 — mục đích: Quản lý đoàn viên',
    ])
      expect(page.body).toContain(shown);
    expect(page.body).not.toContain('Thái');
    expect(page.body).toContain(`href="/quan-tri/doan-vien/${id}?hien=dan-toc"`);
    expect(await eventsOf(id, 'member.reveal')).toEqual([]);
    const revealed = await officer.get(`${path}?hien=dan-toc`);
    expect(revealed.body).toContain('<dt>Dân tộc</dt><dd>Thái</dd>');
    expect(revealed.body).not.toContain('<dt>Tôn giáo</dt><dd>Không</dd>');
    expect((await officer.get(`${path}?hien=ton-giao`)).body).toContain('<dt>Tôn giáo</dt><dd>Không</dd>');
    expect((await eventsOf(id, 'member.reveal')).map((e) => JSON.parse(e.after_json!))).toEqual([
      { fields: ['ethnicity'] },
      { fields: ['religion'] },
    ]);
    // The creation's audit row names the fields set, never their values.
    const [created] = await eventsOf(id, 'member.create');
    expect(created!.after_json).toContain('"ethnicity"');
    expect(created!.after_json).not.toContain('Thái');
  });

  it('an edit saves, its audit row names the fields changed without their values, and a change of sex moves the women totals', async () => {
    const { path, id } = await admit({ fullName: 'Nguyễn Văn Sửa', gender: 'male', birthDate: '1985-05-05', citizenId: '001085000111' });
    const before = await countMembersAsOf(ta.t, units.upper.id, '2024-06-01');
    const form = await officer.get(`${path}/sua`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="001085000111"');
    expect(form.body).toContain('value="05/05/1985"');
    // Opening the form shows the citizen ID: logged.
    expect((await eventsOf(id, 'member.reveal')).map((e) => JSON.parse(e.after_json!))).toEqual([{ fields: ['citizen_id'] }]);
    const values = formOf(form.body);
    expect(values.version).toBe('1');
    const saved = await officer.post(`${path}/sua`, {
      ...values,
      fullName: 'Nguyễn Thị Sửa',
      gender: 'female',
      birthDate: '06/05/1985',
      email: 'sua@example.vn',
      ethnicity: 'Tày',
      unionPosition: 'executive',
    });
    expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303);
    const page = await officer.get(path);
    expect(page.body).toContain('Nguyễn Thị Sửa');
    expect(page.body).toContain('06/05/1985');
    expect(page.body).toContain('Ủy viên BCH');
    const [update] = await eventsOf(id, 'member.update');
    const after = JSON.parse(update!.after_json!);
    expect(after.fields.sort()).toEqual(['birth_date', 'email', 'ethnicity', 'full_name', 'gender', 'union_position']);
    expect(after.version).toBe(2);
    for (const value of ['Sửa', 'sua@example.vn', 'Tày', '1985', 'executive']) expect(update!.after_json).not.toContain(value);
    const totals = await countMembersAsOf(ta.t, units.upper.id, '2024-06-01');
    expect(totals).toEqual({ members: before.members, women: before.women + 1 });
    expect(totals).toEqual(await countMembersAsOfByPeriods(ta.t, units.upper.id, '2024-06-01'));
    // The same form again changes nothing and writes nothing.
    const same = formOf((await officer.get(`${path}/sua`)).body);
    const again = await officer.post(`${path}/sua`, same);
    expect(again.statusCode).toBe(303);
    expect(await eventsOf(id, 'member.update')).toHaveLength(1);
  });

  it('a stale edit gets a 409 with the form as typed, which saves when sent again', async () => {
    const { path, id } = await admit({ fullName: 'Trần Văn Cũ', gender: 'male', birthDate: '1980-08-08' });
    const first = formOf((await officer.get(`${path}/sua`)).body);
    const second = { ...first };
    expect((await officer.post(`${path}/sua`, { ...first, phone: '0912345678' })).statusCode).toBe(303);
    const stale = await officer.post(`${path}/sua`, { ...second, hometown: 'Hà Tĩnh' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('vừa được người khác sửa');
    expect(stale.body).toContain('value="Hà Tĩnh"');
    expect(stale.body).toContain('name="version" value="2"');
    const row = await ta.t.db.selectFrom('members').select(['hometown', 'phone', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ hometown: null, phone: '0912345678', version: 2 });
    expect((await officer.post(`${path}/sua`, formOf(stale.body))).statusCode).toBe(303);
  });

  it('bad input comes back next to its field', async () => {
    const { path } = await admit({ fullName: 'Phạm Thị Nhập Sai' });
    const values = formOf((await officer.get(`${path}/sua`)).body);
    const cases: Array<[Record<string, string>, string]> = [
      [{ email: 'khong-phai-email' }, 'Email không hợp lệ'],
      [{ birthDate: '31/02/1990' }, 'Ngày không hợp lệ: &quot;31/02/1990&quot;'],
      [{ ethnicity: 'Xyz' }, 'Dân tộc không có trong danh sách 54 dân tộc.'],
      [{ education: '13/12' }, 'Trình độ học vấn ghi dạng lớp/hệ'],
      [{ partyMember: '0', partyJoinedOn: '01/01/2010' }, 'Chỉ ghi ngày vào Đảng khi chọn'],
      [{ unionJoinedOn: '01/01/2999' }, 'Ngày vào công đoàn không được ở tương lai.'],
      [{ unionPosition: 'king' }, 'Chức vụ công đoàn không có trong danh sách.'],
      [{ fullName: '' }, 'Cần nhập họ và tên.'],
    ];
    for (const [change, message] of cases) {
      const res = await officer.post(`${path}/sua`, { ...values, ...change });
      expect(res.statusCode, message).toBe(400);
      const field = Object.keys(change).at(-1)!;
      expect(res.body, message).toMatch(new RegExp(`id="${field}-error" role="alert">${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
    // The admission form refuses the same way.
    await officer.get('/quan-tri/doan-vien/moi');
    const bad = await officer.post('/quan-tri/doan-vien', {
      fullName: 'Vũ Văn Mới',
      joinedOn: '2024-03-01',
      unitId: units.school.id,
      email: 'sai@',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="email-error"');
  });

  it('the admission refuses a union joining date after the period begins, next to its field', async () => {
    await officer.get('/quan-tri/doan-vien/moi');
    const res = await officer.post('/quan-tri/doan-vien', {
      fullName: 'Trịnh Văn Sau',
      gender: 'male',
      birthDate: '1991-02-03',
      joinedOn: '01/03/2024',
      unionJoinedOn: '01/06/2024',
      unitId: units.school.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(
      'id="unionJoinedOn-error" role="alert">Ngày vào công đoàn (01/06/2024) sau ngày bắt đầu sinh hoạt ở đây (01/03/2024).',
    );
    expect(await ta.t.db.selectFrom('members').select('id').where('full_name', '=', 'Trịnh Văn Sau').execute()).toEqual([]);
  });

  it('a citizen ID another member holds is refused next to its field', async () => {
    await admit({ fullName: 'Đỗ Văn Có Số', birthDate: '1979-01-01', citizenId: '001079000999' });
    const { path } = await admit({ fullName: 'Đỗ Văn Khác', birthDate: '1978-01-01' });
    const values = formOf((await officer.get(`${path}/sua`)).body);
    const res = await officer.post(`${path}/sua`, { ...values, citizenId: '001079000999' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('id="citizenId-error" role="alert">Số CCCD này đã thuộc đoàn viên khác');
    // The same name and birth date as another member: the same person, most likely.
    const twin = await officer.post(`${path}/sua`, { ...values, fullName: 'Đỗ Văn Có Số', birthDate: '01/01/1979' });
    expect(twin.statusCode).toBe(409);
    expect(twin.body).toContain('id="fullName-error" role="alert">Đã có đoàn viên Đỗ Văn Có Số cùng họ tên và ngày sinh');
  });

  it('erasing a member on request erases the registry fields too; the erased record cannot be edited', async () => {
    const { path, id } = await admit({ fullName: 'Mạc Thị Xóa', ethnicity: 'Mường', religion: 'Phật giáo', email: 'xoa@example.vn' });
    await officer.get(path);
    expect((await officer.post(`${path}/xoa`, { confirm: '1' })).statusCode).toBe(303);
    const row = await ta.t.db
      .selectFrom('members')
      .select(['ethnicity', 'religion', 'email', 'consent_purpose'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ ethnicity: null, religion: null, email: null, consent_purpose: null });
    const [erased] = await ta.t.db
      .selectFrom('audit_events')
      .select('before_json')
      .where('action', '=', 'member.erase')
      .where('entity_id', '=', String(id))
      .execute();
    expect(JSON.parse(erased!.before_json!).fields).toEqual(expect.arrayContaining(['ethnicity', 'religion', 'email']));
    expect((await officer.get(`${path}/sua`)).statusCode).toBe(404);
  });

  it('a viewer and an officer out of scope are refused, with nothing written', async () => {
    const { path, id } = await admit({ fullName: 'Hoàng Văn Ngoài', gender: 'male' });
    const values = formOf((await officer.get(`${path}/sua`)).body);
    for (const c of [viewer, otherOfficer]) {
      await c.get('/quan-tri');
      expect((await c.get(`${path}/sua`)).statusCode).toBe(403);
      expect((await c.post(`${path}/sua`, { ...values, fullName: 'Hoàng Văn Đổi' })).statusCode).toBe(403);
      // A form that does not parse is refused as well, not shown.
      expect((await c.post(`${path}/sua`, { ...values, email: 'sai' })).statusCode).toBe(403);
    }
    expect(await eventsOf(id, 'member.update')).toEqual([]);
    // The viewer may open the record but is not offered the edit.
    expect((await viewer.get(path)).body).not.toContain(`${path}/sua`);
    expect((await officer.get(path)).body).toContain(`${path}/sua`);
    expect((await otherOfficer.get(`${path}?hien=cccd`)).statusCode).toBe(403);
  });
});
