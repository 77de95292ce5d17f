import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { DIALECTS } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import * as repo from './repo.js';
import { createUser, grantRole, issuePasswordReset, loadAuthUser, revokeRole, setUserDisabled } from './service.js';

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { statusCode?: number }) => e.statusCode ?? e,
  );

describe.each(DIALECTS)('actions on an account need scope over every unit it reaches, on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let districtAdmin: AuthUser;
  let districtLogin: string;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const d = await makeUser(ta.t, 'admin', units.upper.id);
    districtLogin = d.login;
    districtAdmin = (await loadAuthUser(ta.t, d.id))!;
  });
  afterAll(async () => {
    await ta.close();
  });

  it('refuses a district administrator every action on an account that is administrator at the root', async () => {
    const root = await makeUser(ta.t, 'reporter', units.school.id);
    await repo.insertGrant(ta.t, root.id, 'admin', units.province.id);
    expect(await outcome(issuePasswordReset(ta.t, districtAdmin, root.id))).toBe(403);
    expect(await outcome(setUserDisabled(ta.t, districtAdmin, root.id, true))).toBe(403);
    expect(await outcome(setUserDisabled(ta.t, districtAdmin, root.id, false))).toBe(403);
    expect(await outcome(grantRole(ta.t, districtAdmin, root.id, 'viewer', units.school.id))).toBe(403);
    expect(await outcome(revokeRole(ta.t, districtAdmin, root.id, 'reporter', units.school.id))).toBe(403);
    expect(await outcome(revokeRole(ta.t, districtAdmin, root.id, 'admin', units.province.id))).toBe(403);
    // A role held in another branch is enough to put the account out of reach.
    const elsewhere = await makeUser(ta.t, 'viewer', units.hospital.id);
    await repo.insertGrant(ta.t, elsewhere.id, 'viewer', units.clinic.id);
    expect(await outcome(issuePasswordReset(ta.t, districtAdmin, elsewhere.id))).toBe(403);
    const resets = await ta.t.db.selectFrom('password_resets').select('user_id').where('user_id', 'in', [root.id, elsewhere.id]).execute();
    expect(resets).toEqual([]);
    expect(await repo.grantsOf(ta.t, root.id)).toHaveLength(2);
  });

  it('lets the district administrator act on accounts wholly inside the district', async () => {
    const inside = await makeUser(ta.t, 'viewer', units.school.id);
    await repo.insertGrant(ta.t, inside.id, 'officer', units.hospital.id);
    expect(await outcome(issuePasswordReset(ta.t, districtAdmin, inside.id))).toBe('ok');
    expect(await outcome(grantRole(ta.t, districtAdmin, inside.id, 'editor', units.upper.id))).toBe('ok');
    expect(await outcome(revokeRole(ta.t, districtAdmin, inside.id, 'officer', units.hospital.id))).toBe('ok');
    expect(await outcome(setUserDisabled(ta.t, districtAdmin, inside.id, true))).toBe('ok');
  });

  it('never grants a role above the granter’s own', async () => {
    const target = await makeUser(ta.t, 'viewer', units.school.id);
    expect(await outcome(grantRole(ta.t, districtAdmin, target.id, 'admin', units.province.id))).toBe(403);
    expect(await outcome(grantRole(ta.t, districtAdmin, target.id, 'admin', units.otherUpper.id))).toBe(403);
    expect(await outcome(grantRole(ta.t, districtAdmin, target.id, 'viewer', units.clinic.id))).toBe(403);
    expect(await outcome(grantRole(ta.t, districtAdmin, target.id, 'admin', units.upper.id))).toBe('ok');
    expect(await outcome(grantRole(ta.t, districtAdmin, target.id, 'admin', units.school.id))).toBe('ok');
    const created = createUser(ta.t, districtAdmin, {
      login: 'quan.tri.tinh',
      fullName: 'Quản trị tỉnh',
      unitId: units.province.id,
      role: 'admin',
      password: 'mot-mat-khau-dai-1',
    });
    expect(await outcome(created)).toBe(403);
    const officer = (await loadAuthUser(ta.t, (await makeUser(ta.t, 'officer', units.upper.id)).id))!;
    expect(await outcome(grantRole(ta.t, officer, target.id, 'officer', units.school.id))).toBe(403);
  });

  it('shows an account’s buttons only where the viewer may use them', async () => {
    const root = await makeUser(ta.t, 'reporter', units.school.id);
    await repo.insertGrant(ta.t, root.id, 'admin', units.province.id);
    const inside = await makeUser(ta.t, 'reporter', units.school.id);
    const c = new TestClient(ta.app);
    await c.signIn(districtLogin);
    const list = await c.get('/quan-tri/tai-khoan');
    expect(list.body).toContain(`<a href="/quan-tri/tai-khoan/${root.id}">`);
    for (const action of ['dat-lai', 'vo-hieu', 'cap-quyen', 'thu-hoi']) {
      expect(list.body).not.toContain(`action="/quan-tri/tai-khoan/${root.id}/${action}"`);
      expect(list.body).toContain(`action="/quan-tri/tai-khoan/${inside.id}/${action}"`);
    }
    const page = await c.get(`/quan-tri/tai-khoan/${root.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`action="/quan-tri/tai-khoan/${root.id}/dat-lai"`);
    const refused = await c.post(`/quan-tri/tai-khoan/${root.id}/dat-lai`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toMatch(/\/dat-lai-mat-khau\/[\w-]+/);
  });
});
