import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS, type TestDb } from '../../test/harness.js';
import { siteTime } from '../lib/format.js';
import * as repo from './repo.js';
import { login, lockMessage, PAIR_THROTTLE } from './service.js';

const WRONG = 'sai-mat-khau-123';

/** The rows an account action may touch, to prove a page wrote nothing. */
async function snapshot(t: TestDb) {
  const out: Record<string, unknown[]> = {};
  for (const table of ['users', 'sessions', 'role_grants', 'audit_events', 'sign_in_throttle'] as const)
    out[table] = (await t.db.selectFrom(table).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
  return out;
}

const summaryOf = (html: string) => /<p class="plan-summary">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';

describe.each(DIALECTS)('account tools on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let admin: TestClient;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    admin = new TestClient(ta.app);
    await admin.signIn((await makeUser(ta.t, 'admin', units.upper.id)).login);
  });
  afterAll(async () => {
    await ta.close();
  });

  const liveSessions = async (userId: number) =>
    Number(
      (
        await ta.t.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst()
      )?.n ?? 0,
    );

  it('confirms disabling with the account, its roles and the sessions that will end, writing nothing until "Xác nhận"', async () => {
    const u = await makeUser(ta.t, 'editor', units.school.id);
    await repo.insertGrant(ta.t, u.id, 'viewer', units.hospital.id);
    for (let i = 0; i < 2; i++) await new TestClient(ta.app).signIn(u.login);
    await admin.get('/quan-tri/tai-khoan');
    const before = await snapshot(ta.t);
    expect((await admin.get(`/quan-tri/tai-khoan/${u.id}`)).statusCode).toBe(200);
    expect((await admin.get('/quan-tri/tai-khoan?q=nguoi')).statusCode).toBe(200);
    const asked = await admin.post(`/quan-tri/tai-khoan/${u.id}/vo-hieu`, {});
    expect(asked.statusCode).toBe(200);
    expect(summaryOf(asked.body)).toBe(
      `Vô hiệu hóa tài khoản Người dùng ${u.login} (${u.login}) của CĐCS Trường THPT Số 1: sẽ không đăng nhập được; kết thúc 2 phiên đăng nhập đang mở. Quyền của tài khoản (giữ nguyên, không dùng được khi bị vô hiệu hóa): Biên tập viên tại CĐCS Trường THPT Số 1; Người xem tại CĐCS Bệnh viện tỉnh.`,
    );
    expect(asked.body).toContain(`action="/quan-tri/tai-khoan/${u.id}/vo-hieu/xac-nhan"`);
    expect(await snapshot(ta.t)).toEqual(before);
    expect(await liveSessions(u.id)).toBe(2);

    const done = await admin.post(`/quan-tri/tai-khoan/${u.id}/vo-hieu/xac-nhan`, {});
    expect(done.statusCode).toBe(200);
    expect(summaryOf(done.body)).toContain('Đã vô hiệu hóa tài khoản');
    expect(summaryOf(done.body)).toContain('đã kết thúc 2 phiên đăng nhập đang mở');
    expect(await liveSessions(u.id)).toBe(0);
    const row = await ta.t.db.selectFrom('users').select('disabled').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.disabled).toBe(1);
  });

  it('confirms revoking a role with what the account will no longer do, writing nothing until "Xác nhận"', async () => {
    const u = await makeUser(ta.t, 'officer', units.upper.id);
    await repo.insertGrant(ta.t, u.id, 'viewer', units.upper.id);
    await admin.get('/quan-tri/tai-khoan');
    const before = await snapshot(ta.t);
    const asked = await admin.post(`/quan-tri/tai-khoan/${u.id}/thu-hoi`, { role: 'officer', unitId: units.upper.id });
    expect(asked.statusCode).toBe(200);
    expect(summaryOf(asked.body)).toBe(
      `Thu hồi quyền Cán bộ nghiệp vụ tại CĐ Viên chức tỉnh của Người dùng ${u.login} (${u.login}): tài khoản sẽ không còn ghi dữ liệu nghiệp vụ, đề nghị hỗ trợ, thăm hỏi, duyệt hồ sơ hỗ trợ của đơn vị cấp dưới, chi tiền hồ sơ hỗ trợ đã duyệt, quản lý quỹ và chương trình chăm lo tại CĐ Viên chức tỉnh và các đơn vị trực thuộc (3 đơn vị). Quyền còn lại: Người xem tại CĐ Viên chức tỉnh.`,
    );
    expect(asked.body).toContain('name="role" value="officer"');
    expect(await snapshot(ta.t)).toEqual(before);
    const done = await admin.post(`/quan-tri/tai-khoan/${u.id}/thu-hoi/xac-nhan`, { role: 'officer', unitId: units.upper.id });
    expect(done.statusCode).toBe(200);
    expect(summaryOf(done.body)).toMatch(/^Đã thu hồi quyền Cán bộ nghiệp vụ tại CĐ Viên chức tỉnh/);
    const grants = await repo.grantsOf(ta.t, u.id);
    expect(grants).toEqual([{ role: 'viewer', unitId: units.upper.id }]);
    // A role another one covers: nothing is lost.
    await admin.get('/quan-tri/tai-khoan');
    const covered = await admin.post(`/quan-tri/tai-khoan/${u.id}/thu-hoi`, { role: 'viewer', unitId: units.upper.id });
    expect(summaryOf(covered.body)).toContain('Tài khoản không còn quyền nào.');
    const v = await makeUser(ta.t, 'viewer', units.school.id);
    await repo.insertGrant(ta.t, v.id, 'officer', units.upper.id);
    await admin.get('/quan-tri/tai-khoan');
    const kept = await admin.post(`/quan-tri/tai-khoan/${v.id}/thu-hoi`, { role: 'viewer', unitId: units.school.id });
    expect(summaryOf(kept.body)).toContain('tài khoản vẫn làm được mọi việc của vai trò này tại CĐCS Trường THPT Số 1 nhờ quyền khác');
  });

  it('refuses a wrong role or an account out of scope on the confirmation and on "Xác nhận" alike', async () => {
    const far = await makeUser(ta.t, 'reporter', units.clinic.id);
    const near = await makeUser(ta.t, 'reporter', units.school.id);
    const editor = new TestClient(ta.app);
    await editor.signIn((await makeUser(ta.t, 'editor', units.province.id)).login);
    await admin.get('/quan-tri/tai-khoan');
    await editor.get('/quan-tri/mat-khau');
    const before = await snapshot(ta.t);
    for (const step of ['', '/xac-nhan']) {
      expect((await admin.post(`/quan-tri/tai-khoan/${far.id}/vo-hieu${step}`, {})).statusCode).toBe(403);
      expect(
        (await admin.post(`/quan-tri/tai-khoan/${far.id}/thu-hoi${step}`, { role: 'reporter', unitId: units.clinic.id })).statusCode,
      ).toBe(403);
      expect((await editor.post(`/quan-tri/tai-khoan/${near.id}/vo-hieu${step}`, {})).statusCode).toBe(403);
      expect(
        (await editor.post(`/quan-tri/tai-khoan/${near.id}/thu-hoi${step}`, { role: 'reporter', unitId: units.school.id })).statusCode,
      ).toBe(403);
    }
    // Before (a bad form) and after (gone) are refused as well, still writing nothing.
    const notHeld = await admin.post(`/quan-tri/tai-khoan/${near.id}/thu-hoi`, { role: 'viewer', unitId: units.school.id });
    expect(notHeld.statusCode).toBe(400);
    expect(notHeld.body).toContain('Tài khoản không có quyền Người xem tại đơn vị này.');
    expect(await snapshot(ta.t)).toEqual(before);
  });

  it('tells a locked sign-in how long to wait and until when, in Vietnam time', async () => {
    const now = siteTime(2026, 12, 7, 23, 46).getTime();
    expect(lockMessage(siteTime(2026, 12, 8, 0, 1).getTime(), now, 'account')).toBe(
      'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút (lúc 00:01).',
    );
    expect(lockMessage(now + 4 * 60_000 + 1000, now, 'account')).toBe(
      'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 5 phút (lúc 23:51).',
    );
    expect(lockMessage(now + 8000, now, 'account')).toBe('Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 8 giây.');
    expect(lockMessage(now + 10 * 60_000, now, 'address')).toBe(
      'Máy của bạn tạm bị chặn đăng nhập do đăng nhập sai nhiều lần với nhiều tài khoản. Vui lòng thử lại sau 10 phút (lúc 23:56).',
    );

    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const ip = '10.7.0.1';
    await ta.t.db
      .insertInto('sign_in_throttle')
      .values({
        key: `p|${ip}|${u.login}`,
        failures: 16,
        delay_ms: 900_000,
        blocked_until: siteTime(2026, 12, 8, 0, 1).getTime(),
        updated_at: now,
      })
      .execute();
    const r = await login(ta.t, u.login, u.password, null, ip, now);
    expect(r).toEqual({ ok: false, error: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút (lúc 00:01).' });
    // Over HTTP, with the real clock.
    const c = new TestClient(ta.app);
    const u2 = await makeUser(ta.t, 'reporter', units.school.id);
    await c.get('/dang-nhap');
    for (let i = 0; i < PAIR_THROTTLE.limit; i++) await c.post('/dang-nhap', { login: u2.login, password: WRONG });
    const until = Date.now() + 15 * 60_000 - 30_000;
    await ta.t.db
      .updateTable('sign_in_throttle')
      .set({ blocked_until: until, delay_ms: 900_000 })
      .where('key', 'like', `p|%|${u2.login}`)
      .execute();
    const page = await c.post('/dang-nhap', { login: u2.login, password: u2.password });
    expect(page.statusCode).toBe(401);
    expect(page.body).toContain(lockMessage(until, Date.now(), 'account'));
    expect(page.body).toMatch(/Vui lòng thử lại sau 1[45] phút \(lúc \d\d:\d\d\)\./);
  });

  it('unlocks a locked account, audited, only for those who manage it', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const now = Date.now();
    for (let i = 0; i < PAIR_THROTTLE.limit; i++) await login(ta.t, u.login, WRONG, null, '10.8.0.1', now);
    await ta.t.db
      .updateTable('sign_in_throttle')
      .set({ blocked_until: now + 600_000 })
      .where('key', '=', `p|10.8.0.1|${u.login}`)
      .execute();
    // Another login that ends the same way is not touched.
    const other = await makeUser(ta.t, 'reporter', units.school.id, `x${u.login}`);
    await ta.t.db
      .insertInto('sign_in_throttle')
      .values({ key: `p|10.8.0.1|${other.login}`, failures: 9, delay_ms: 60_000, blocked_until: now + 600_000, updated_at: now })
      .execute();
    const list = await admin.get(`/quan-tri/tai-khoan?q=${u.login}`);
    expect(list.body).toContain('Tạm khóa đến');
    expect(list.body).toContain(`action="/quan-tri/tai-khoan/${u.id}/mo-khoa"`);

    const outsider = new TestClient(ta.app);
    await outsider.signIn((await makeUser(ta.t, 'admin', units.otherUpper.id)).login);
    await outsider.get('/quan-tri/tai-khoan');
    expect((await outsider.post(`/quan-tri/tai-khoan/${u.id}/mo-khoa`, {})).statusCode).toBe(403);
    const reporter = new TestClient(ta.app);
    await reporter.signIn((await makeUser(ta.t, 'reporter', units.school.id)).login);
    await reporter.get('/quan-tri/mat-khau');
    expect((await reporter.post(`/quan-tri/tai-khoan/${u.id}/mo-khoa`, {})).statusCode).toBe(403);
    expect(await repo.loginLockedUntil(ta.t, u.login, Date.now())).not.toBeNull();

    const done = await admin.post(`/quan-tri/tai-khoan/${u.id}/mo-khoa`, {});
    expect([done.statusCode, done.headers.location]).toEqual([303, '/quan-tri/tai-khoan']);
    expect(await repo.loginLockedUntil(ta.t, u.login, Date.now())).toBeNull();
    expect(await repo.loginLockedUntil(ta.t, other.login, Date.now())).not.toBeNull();
    const audit = await ta.t.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', String(u.id))
      .where('action', '=', 'user.unlock')
      .execute();
    expect(audit).toHaveLength(1);
    expect((await login(ta.t, u.login, u.password, null, '10.8.0.1', Date.now())).ok).toBe(true);
  });

  it('finds accounts by name or login, diacritics aside, within scope, and shows the last sign-in', async () => {
    await admin.get('/quan-tri/tai-khoan');
    await admin.post('/quan-tri/tai-khoan', { fullName: 'Đỗ Thị Ánh Tuyết', login: 'tuyet.dt', unitId: units.school.id, role: 'reporter' });
    const far = await makeUser(ta.t, 'reporter', units.clinic.id, 'do.thi.xa');
    await ta.t.db.updateTable('users').set({ full_name: 'Đỗ Thị Xa' }).where('id', '=', far.id).execute();
    const names = async (q: string) =>
      [
        ...(await admin.get(`/quan-tri/tai-khoan?q=${encodeURIComponent(q)}`)).body.matchAll(
          /<a href="\/quan-tri\/tai-khoan\/\d+">([^<]+)<\/a>/g,
        ),
      ].map((m) => m[1]);
    expect(await names('do thi anh')).toEqual(['Đỗ Thị Ánh Tuyết']);
    expect(await names('ĐỖ THỊ ÁNH')).toEqual(['Đỗ Thị Ánh Tuyết']);
    expect(await names('tuyet.dt')).toEqual(['Đỗ Thị Ánh Tuyết']);
    expect(await names('tuyết')).toEqual(['Đỗ Thị Ánh Tuyết']);
    expect(await names('do.thi.xa')).toEqual([]);
    expect(await names('khong co ai 100%')).toEqual([]);

    const created = await ta.t.db
      .selectFrom('users')
      .select(['id', 'last_sign_in_at'])
      .where('login', '=', 'tuyet.dt')
      .executeTakeFirstOrThrow();
    expect(created.last_sign_in_at).toBeNull();
    expect((await admin.get('/quan-tri/tai-khoan?q=tuyet.dt')).body).toContain('Chưa đăng nhập');
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const c = new TestClient(ta.app);
    const t0 = Date.now();
    await c.signIn(u.login);
    const row = await ta.t.db.selectFrom('users').select('last_sign_in_at').where('id', '=', u.id).executeTakeFirstOrThrow();
    const at = Number(row.last_sign_in_at);
    expect(at).toBeGreaterThanOrEqual(t0);
    expect(at).toBeLessThanOrEqual(Date.now());
    // Pages viewed after it do not move it.
    await c.get('/quan-tri/mat-khau');
    const again = await ta.t.db.selectFrom('users').select('last_sign_in_at').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(Number(again.last_sign_in_at)).toBe(at);
    const { formatDateTime } = await import('./views/accounts.js');
    expect((await admin.get(`/quan-tri/tai-khoan?q=${u.login}`)).body).toContain(formatDateTime(at));
  });
});
