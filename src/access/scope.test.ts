import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { DIALECTS } from '../../test/harness.js';
import { authorize, can, permittedUnits } from './scope.js';
import { ACTIONS, ROLE_ACTIONS, ROLES } from './roles.js';
import { loadAuthUser } from '../auth/service.js';

describe.each(DIALECTS)('the permission matrix on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('every role × every action × a unit in scope and out of scope', async () => {
    // Roles are held at the upper union: its grassroots union is in scope; the other branch and the province are not.
    const cases: string[] = [];
    for (const role of ROLES) {
      const { id } = await makeUser(ta.t, role, units.upper.id);
      const user = (await loadAuthUser(ta.t, id))!;
      for (const action of ACTIONS) {
        const roleAllows = ROLE_ACTIONS[role].includes(action);
        for (const [where, unitId, inScope] of [
          ['own unit', units.upper.id, true],
          ['unit below', units.school.id, true],
          ['other branch', units.clinic.id, false],
          ['unit above', units.province.id, false],
        ] as const) {
          const expected = roleAllows && inScope;
          const allowed = await can(ta.t, user, action, unitId);
          if (allowed !== expected) cases.push(`${role} ${action} ${where}: expected ${expected}`);
          const outcome = await authorize(ta.t, user, action, unitId).then(
            () => 'allow',
            (e: { statusCode?: number }) => e.statusCode,
          );
          expect(outcome).toBe(expected ? 'allow' : 403);
        }
      }
    }
    expect(cases).toEqual([]);
  });

  it('checks a batch of units in one query', async () => {
    const { id } = await makeUser(ta.t, 'editor', units.upper.id);
    const user = (await loadAuthUser(ta.t, id))!;
    const ids = [units.province.id, units.upper.id, units.school.id, units.hospital.id, units.clinic.id];
    expect([...(await permittedUnits(ta.t, user, 'article.publish', ids))].sort()).toEqual(
      [units.upper.id, units.school.id, units.hospital.id].sort(),
    );
  });

  it('routes refuse users without the permission with a Vietnamese 403 page', async () => {
    const reporter = await makeUser(ta.t, 'reporter', units.school.id);
    const admin = await makeUser(ta.t, 'admin', units.province.id);
    const c = new TestClient(ta.app);
    await c.signIn(reporter.login);
    for (const url of ['/quan-tri/tai-khoan', '/quan-tri/nhat-ky']) {
      const res = await c.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).toContain('Không có quyền truy cập');
    }
    const anonymous = new TestClient(ta.app);
    expect((await anonymous.get('/quan-tri/tai-khoan')).headers.location).toBe('/dang-nhap?tiep=%2Fquan-tri%2Ftai-khoan');
    const a = new TestClient(ta.app);
    await a.signIn(admin.login);
    expect((await a.get('/quan-tri/tai-khoan')).statusCode).toBe(200);
    expect((await a.get('/quan-tri/nhat-ky')).statusCode).toBe(200);
  });
});

describe.each(DIALECTS)('user administration on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('an administrator creates a user with a one-time link, disables them, and it is all in the audit log', async () => {
    const admin = await makeUser(ta.t, 'admin', units.upper.id);
    const c = new TestClient(ta.app);
    await c.signIn(admin.login);
    await c.get('/quan-tri/tai-khoan');
    const created = await c.post('/quan-tri/tai-khoan', {
      fullName: 'Nguyễn Thị Hoa',
      login: 'hoa.nt',
      unitId: units.school.id,
      role: 'reporter',
    });
    expect(created.statusCode).toBe(200);
    const link = /\/dat-lai-mat-khau\/([\w-]+)/.exec(created.body)?.[1];
    expect(link).toBeTruthy();
    const dup = await c.post('/quan-tri/tai-khoan', { fullName: 'Người khác', login: 'hoa.nt', unitId: units.school.id, role: 'reporter' });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('Tên đăng nhập &quot;hoa.nt&quot; đã có người dùng.');
    const outOfScope = await c.post('/quan-tri/tai-khoan', {
      fullName: 'Ngoài phạm vi',
      login: 'ngoai',
      unitId: units.clinic.id,
      role: 'reporter',
    });
    expect(outOfScope.statusCode).toBe(403);

    const user = new TestClient(ta.app);
    await user.get(`/dat-lai-mat-khau/${link}`);
    await user.post(`/dat-lai-mat-khau/${link}`, { password: 'hoa-dat-mat-khau-1' });
    await user.signIn('hoa.nt', 'hoa-dat-mat-khau-1');
    expect((await user.get('/quan-tri/mat-khau')).statusCode).toBe(200);

    const row = await ta.t.db.selectFrom('users').select('id').where('login', '=', 'hoa.nt').executeTakeFirstOrThrow();
    await c.get('/quan-tri/tai-khoan');
    // Disabling asks first, then says what it did.
    expect((await c.post(`/quan-tri/tai-khoan/${row.id}/vo-hieu`, {})).body).toContain('Xác nhận vô hiệu hóa tài khoản');
    const disabled = await c.post(`/quan-tri/tai-khoan/${row.id}/vo-hieu/xac-nhan`, {});
    expect(disabled.statusCode).toBe(200);
    expect(disabled.body).toContain('Đã vô hiệu hóa tài khoản');
    expect((await user.get('/quan-tri/mat-khau')).statusCode).toBe(303);
    const actions = (
      await ta.t.db
        .selectFrom('audit_events')
        .select('action')
        .where('entity', '=', 'user')
        .where('entity_id', '=', String(row.id))
        .orderBy('id')
        .execute()
    ).map((e) => e.action);
    expect(actions).toEqual(['user.create', 'user.reset_link', 'user.password_reset', 'user.login', 'user.disable']);
    const log = await c.get(`/quan-tri/nhat-ky?nguoi=${admin.login}`);
    expect(log.body).toContain('Vô hiệu hóa tài khoản');
  });
});
