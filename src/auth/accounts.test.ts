import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { DIALECTS } from '../../test/harness.js';
import { issuePasswordReset, loadAuthUser } from './service.js';

const fieldMessage = (field: string, message: string) => `<span class="field-error" id="${field}-error" role="alert">${message}</span>`;

describe.each(DIALECTS)('the accounts pages on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let admin: TestClient;
  let adminId: number;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const a = await makeUser(ta.t, 'admin', units.upper.id);
    adminId = a.id;
    admin = new TestClient(ta.app);
    await admin.signIn(a.login);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('answers a bad or unknown account id with 404 (a bad one before reading the form)', async () => {
    await admin.get('/quan-tri/tai-khoan');
    for (const id of ['abc', '0', '12abc', '999999']) {
      expect((await admin.get(`/quan-tri/tai-khoan/${id}`)).statusCode, id).toBe(404);
      for (const action of ['vo-hieu', 'kich-hoat', 'dat-lai'])
        expect((await admin.post(`/quan-tri/tai-khoan/${id}/${action}`, {})).statusCode, `${id} ${action}`).toBe(404);
      for (const action of ['cap-quyen', 'thu-hoi']) {
        const form = id === '999999' ? { role: 'viewer', unitId: units.school.id } : { role: 'khong-co', unitId: 'x' };
        expect((await admin.post(`/quan-tri/tai-khoan/${id}/${action}`, form)).statusCode, `${id} ${action}`).toBe(404);
      }
    }
  });

  it('shows one account to who manages its unit, and refuses one outside', async () => {
    const near = await makeUser(ta.t, 'reporter', units.school.id);
    const far = await makeUser(ta.t, 'reporter', units.clinic.id);
    const page = await admin.get(`/quan-tri/tai-khoan/${near.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Người dùng ${near.login}`);
    expect(page.body).toContain(`action="/quan-tri/tai-khoan/${near.id}/cap-quyen"`);
    expect((await admin.get(`/quan-tri/tai-khoan/${far.id}`)).statusCode).toBe(403);
    const list = await admin.get('/quan-tri/tai-khoan');
    expect(list.body).toContain(`<a href="/quan-tri/tai-khoan/${near.id}">Người dùng ${near.login}</a>`);
    expect(list.body).not.toContain(`Người dùng ${far.login}`);
  });

  it('shows a refused new account again with what was typed and the message by its field', async () => {
    await admin.get('/quan-tri/tai-khoan');
    const first = await admin.post('/quan-tri/tai-khoan', {
      fullName: 'Đỗ Minh Anh',
      login: 'anh.dm',
      unitId: units.school.id,
      role: 'editor',
    });
    expect(first.statusCode).toBe(200);
    expect(first.body).toMatch(/\/dat-lai-mat-khau\/[\w-]+/);

    const dup = await admin.post('/quan-tri/tai-khoan', {
      fullName: 'Đỗ Minh Anh Khác',
      login: 'Anh.DM',
      unitId: units.hospital.id,
      role: 'officer',
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain(fieldMessage('login', 'Tên đăng nhập &quot;anh.dm&quot; đã có người dùng.'));
    expect(dup.body).toContain('value="Đỗ Minh Anh Khác"');
    expect(dup.body).toContain('value="Anh.DM"');
    expect(dup.body).toMatch(new RegExp(`<option value="${units.hospital.id}" selected>`));
    expect(dup.body).toContain('<option value="officer" selected>');
    expect(dup.body).not.toMatch(/\/dat-lai-mat-khau\/[\w-]+/);

    const bad = await admin.post('/quan-tri/tai-khoan', { fullName: 'X', login: 'có dấu', unitId: units.school.id, role: 'reporter' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(fieldMessage('fullName', 'Cần nhập họ và tên.'));
    expect(bad.body).toContain(fieldMessage('login', 'Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các dấu . _ -'));
    expect(bad.body).toContain('value="có dấu"');
    const users = await ta.t.db.selectFrom('users').select('login').where('login', 'in', ['anh.dm', 'có dấu']).execute();
    expect(users).toHaveLength(1);
  });

  it('shows a refusal of an account button on the accounts page', async () => {
    await admin.get('/quan-tri/tai-khoan');
    const self = await admin.post(`/quan-tri/tai-khoan/${adminId}/vo-hieu`, {});
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain('Bạn không thể tự vô hiệu hóa tài khoản của mình.');
    const target = await makeUser(ta.t, 'viewer', units.school.id);
    await admin.get('/quan-tri/tai-khoan');
    const role = await admin.post(`/quan-tri/tai-khoan/${target.id}/cap-quyen`, { role: 'tong-bien-tap', unitId: units.school.id });
    expect(role.statusCode).toBe(400);
    expect(role.body).toContain('Vai trò không hợp lệ.');
    await admin.get('/quan-tri/tai-khoan');
    const ok = await admin.post(`/quan-tri/tai-khoan/${target.id}/cap-quyen`, { role: 'editor', unitId: units.school.id });
    expect([ok.statusCode, ok.headers.location]).toEqual([303, '/quan-tri/tai-khoan']);
    const link = await admin.post(`/quan-tri/tai-khoan/${target.id}/dat-lai`, {});
    expect(link.body).toContain(`Liên kết đặt mật khẩu cho <strong>Người dùng ${target.login} (${target.login})</strong>`);
  });

  it('shows a refused password form with the message by its field and never the password', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const c = new TestClient(ta.app);
    await c.signIn(u.login);
    await c.get('/quan-tri/mat-khau');
    const wrong = await c.post('/quan-tri/mat-khau', { current: 'Doan-Sai-Mat-Khau-77', password: 'Mat-Khau-Moi-Dai-88' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain(fieldMessage('current', 'Mật khẩu hiện tại không đúng.'));
    const weak = await c.post('/quan-tri/mat-khau', { current: u.password, password: 'Ngan-9' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain(fieldMessage('password', 'Mật khẩu cần ít nhất 10 ký tự.'));
    for (const typed of ['Doan-Sai-Mat-Khau-77', 'Mat-Khau-Moi-Dai-88', 'Ngan-9', u.password]) {
      expect(wrong.body + weak.body).not.toContain(typed);
    }

    const by = (await loadAuthUser(ta.t, adminId))!;
    const token = await issuePasswordReset(ta.t, by, u.id);
    const r = new TestClient(ta.app);
    await r.get(`/dat-lai-mat-khau/${token}`);
    const short = await r.post(`/dat-lai-mat-khau/${token}`, { password: 'Ngan-7' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain(fieldMessage('password', 'Mật khẩu cần ít nhất 10 ký tự.'));
    expect(short.body).not.toContain('Ngan-7');
    expect(short.body).toContain(`Tài khoản: <strong>Người dùng ${u.login} (${u.login})</strong>`);
    const used = await new TestClient(ta.app).get('/dat-lai-mat-khau/khong-co-lien-ket-nay');
    expect(used.statusCode).toBe(404);
  });
});
