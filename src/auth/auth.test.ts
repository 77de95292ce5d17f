import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { DIALECTS } from '../../test/harness.js';
import { BAD_LOGIN, issuePasswordReset, loadAuthUser, PAIR_THROTTLE } from './service.js';

describe.each(DIALECTS)('accounts and sessions on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('signs in with an HttpOnly SameSite session cookie, and out again', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const c = new TestClient(ta.app);
    const login = await c.signIn(u.login);
    const cookie = login.cookies.find((k) => k.name === 'cd_sid');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect((await c.get('/quan-tri/mat-khau')).statusCode).toBe(200);
    const out = await c.post('/dang-xuat', {});
    expect(out.statusCode).toBe(303);
    expect((await c.get('/quan-tri/mat-khau')).statusCode).toBe(303);
  });

  it('stores passwords as argon2id hashes', async () => {
    const u = await makeUser(ta.t, 'viewer', units.school.id);
    const row = await ta.t.db.selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456/);
  });

  it('refuses a wrong password with one message, and makes the pair wait after repeated failures', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const c = new TestClient(ta.app);
    await c.get('/dang-nhap');
    const wrong = await c.post('/dang-nhap', { login: u.login, password: 'sai-mat-khau-123' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    const unknown = await c.post('/dang-nhap', { login: 'khong-co-ai', password: 'sai-mat-khau-123' });
    expect(unknown.body).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    for (let i = 1; i < PAIR_THROTTLE.limit; i++) await c.post('/dang-nhap', { login: u.login, password: 'sai-mat-khau-123' });
    const waiting = await c.post('/dang-nhap', { login: u.login, password: u.password });
    expect(waiting.statusCode).toBe(401);
    expect(waiting.body).toContain('Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 1 giây.');
    expect(waiting.body).not.toContain(BAD_LOGIN);
    const audit = await ta.t.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', String(u.id))
      .where('action', '=', 'user.lock')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a form without a CSRF token', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const c = new TestClient(ta.app);
    await c.get('/dang-nhap');
    const res = await c.post('/dang-nhap', { login: u.login, password: u.password }, false);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Biểu mẫu đã hết hạn hoặc không hợp lệ');
    expect(res.cookies.find((k) => k.name === 'cd_sid')).toBeUndefined();
  });

  it('ends every session when the password changes', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const a = new TestClient(ta.app);
    const b = new TestClient(ta.app);
    await a.signIn(u.login);
    await b.signIn(u.login);
    await a.get('/quan-tri/mat-khau');
    const weak = await a.post('/quan-tri/mat-khau', { current: u.password, password: 'ngan' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('Mật khẩu cần ít nhất 10 ký tự.');
    const ok = await a.post('/quan-tri/mat-khau', { current: u.password, password: 'mat-khau-moi-rat-dai' });
    expect(ok.statusCode).toBe(303);
    expect((await b.get('/quan-tri/mat-khau')).statusCode).toBe(303);
    await new TestClient(ta.app).signIn(u.login, 'mat-khau-moi-rat-dai');
  });

  it('a one-time reset link sets a new password once', async () => {
    const admin = await makeUser(ta.t, 'admin', units.province.id);
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const adminUser = await loadAuthUser(ta.t, admin.id);
    const token = await issuePasswordReset(ta.t, adminUser!, u.id);
    const c = new TestClient(ta.app);
    const page = await c.get(`/dat-lai-mat-khau/${token}`);
    expect(page.body).toContain(u.login);
    expect((await c.post(`/dat-lai-mat-khau/${token}`, { password: 'mot-mat-khau-moi-1' })).body).toContain('Đã đặt mật khẩu mới');
    expect((await c.get(`/dat-lai-mat-khau/${token}`)).statusCode).toBe(404);
    await new TestClient(ta.app).signIn(u.login, 'mot-mat-khau-moi-1');
  });

  it('rate-limits login attempts per address and login name', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const c = new TestClient(ta.app);
    await c.get('/dang-nhap');
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await c.post('/dang-nhap', { login: u.login, password: 'sai' })).statusCode);
    expect(codes.slice(0, 20).every((code) => code === 401)).toBe(true);
    const limited = await c.post('/dang-nhap', { login: u.login, password: 'sai' });
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('Bạn thao tác quá nhanh');
    const other = await makeUser(ta.t, 'reporter', units.school.id);
    expect((await c.post('/dang-nhap', { login: other.login, password: other.password })).statusCode).toBe(303);
  });

  it('only follows local paths after login', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const c = new TestClient(ta.app);
    await c.get('/dang-nhap');
    const res = await c.post('/dang-nhap', { login: u.login, password: u.password, tiep: '//evil.example/x' });
    expect(res.headers.location).toBe('/quan-tri');
  });
});
