import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_ACTIONS, ROLES } from '../src/access/roles.js';
import type { Role } from '../src/db/schema.js';
import { declaredRoutes, type DeclaredRoute } from '../src/web/access.js';
import { makeUnitTree, makeUser, TestClient } from './client.js';
import { makeTestApp, type TestApp } from './factories.js';
import { DIALECTS } from './harness.js';

/**
 * Walks the app's route table: every administration route refuses an anonymous request, and a
 * signed-in user whose roles lack the route's permission gets the 403 page inside the admin
 * layout, with a way back.
 */

const concrete = (url: string) => url.replace(/:[A-Za-z_]+/g, '1').replace(/\*$/, 'x');

function roleWithout(route: DeclaredRoute): Role | null {
  if (typeof route.access !== 'object') return null;
  const { permission } = route.access;
  return ROLES.find((role) => !ROLE_ACTIONS[role].includes(permission)) ?? null;
}

describe.each(DIALECTS)('the route table on %s', (dialect) => {
  let ta: TestApp;
  let routes: readonly DeclaredRoute[];
  const clients = new Map<Role, TestClient>();

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    routes = declaredRoutes(ta.app).filter((r) => r.url.startsWith('/quan-tri'));
    const units = await makeUnitTree(ta.t);
    for (const role of ROLES) {
      const user = await makeUser(ta.t, role, units.school.id);
      const client = new TestClient(ta.app);
      await client.signIn(user.login);
      await client.get('/quan-tri');
      clients.set(role, client);
    }
  });
  afterAll(() => ta.close());

  it('has administration routes, each declaring a permission or "signed-in", none public', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('refuses every administration route to an anonymous request', async () => {
    const anonymous = new TestClient(ta.app);
    await anonymous.get('/dang-nhap'); // a CSRF token, so a POST is refused for the missing session, not the token
    const wrong: string[] = [];
    for (const r of routes) {
      const url = concrete(r.url);
      const res = r.method === 'GET' ? await anonymous.get(url) : await anonymous.post(url, {});
      const refused =
        r.method === 'GET' ? res.statusCode === 303 && res.headers.location?.startsWith('/dang-nhap') : res.statusCode === 401;
      if (!refused) wrong.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 inside the admin layout, with a way back, to a user without the permission', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const r of routes) {
      const role = roleWithout(r);
      if (!role) continue;
      const client = clients.get(role)!;
      await client.get('/quan-tri'); // a fresh CSRF token
      const url = concrete(r.url);
      const res = r.method === 'GET' ? await client.get(url) : await client.post(url, {});
      checked++;
      const inLayout = res.body.includes('class="admin-bar"') && res.body.includes('Về trang quản trị');
      if (res.statusCode !== 403 || !inLayout)
        wrong.push(`${r.method} ${r.url} as ${role} → ${res.statusCode}${inLayout ? '' : ' (not in the admin layout)'}`);
    }
    expect(checked).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });
});
