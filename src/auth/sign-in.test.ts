import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { DIALECTS } from '../../test/harness.js';
import { buildApp } from '../app.js';
import { ADDRESS_THROTTLE, BAD_LOGIN, loadAuthUser, login, PAIR_THROTTLE, purgeEndedSignInThrottles, setUserDisabled } from './service.js';

const WRONG = 'sai-mat-khau-123';

/** Signs in over HTTP from a given address (Fastify's `req.ip`); the status and the page's error. */
async function signInFrom(app: FastifyInstance, address: string, loginName: string, password: string) {
  const page = await app.inject({ method: 'GET', url: '/dang-nhap', remoteAddress: address });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const cookie = page.cookies.map((k) => `${k.name}=${k.value}`).join('; ');
  const res = await app.inject({
    method: 'POST',
    url: '/dang-nhap',
    remoteAddress: address,
    payload: new URLSearchParams({ _csrf: csrf, login: loginName, password }).toString(),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { status: res.statusCode, error: /class="flash flash-error" role="alert">([^<]*)</.exec(res.body)?.[1] };
}

describe.each(DIALECTS)('sign-in throttling on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
  });
  afterAll(async () => {
    await ta.close();
  });

  const pairRow = (loginName: string, address: string) =>
    ta.t.db.selectFrom('sign_in_throttle').selectAll().where('key', '=', `p|${address}|${loginName}`).executeTakeFirst();

  it('counts 30 concurrent wrong passwords one by one: the wait starts at the limit', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const now = Date.now();
    const results = await Promise.all(Array.from({ length: 30 }, () => login(ta.t, u.login, WRONG, null, '10.0.0.1', now)));
    // Those counted before the limit are checked and wrong; the others are refused unchecked, and told how long to wait.
    const errors = results.map((r) => (r.ok ? 'ok' : r.error));
    expect(errors.filter((e) => e === BAD_LOGIN)).toHaveLength(PAIR_THROTTLE.limit);
    expect(new Set(errors.filter((e) => e !== BAD_LOGIN))).toEqual(
      new Set(['Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 1 giây.']),
    );
    expect(Number((await pairRow(u.login, '10.0.0.1'))?.failures)).toBe(PAIR_THROTTLE.limit);
    expect((await login(ta.t, u.login, u.password, null, '10.0.0.1', now + 10)).ok).toBe(false);
    // Nobody can lock the owner out from elsewhere.
    expect((await login(ta.t, u.login, u.password, null, '10.0.0.2', now + 10)).ok).toBe(true);
    const locks = await ta.t.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', String(u.id))
      .where('action', '=', 'user.lock')
      .execute();
    expect(locks).toHaveLength(1);
  });

  it('makes the pair wait 1 s, 2 s, 4 s… up to 15 minutes, and forgets after a good password', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const ip = '10.0.1.1';
    let t = Date.now();
    for (let i = 0; i < PAIR_THROTTLE.limit; i++) expect((await login(ta.t, u.login, WRONG, null, ip, t)).ok).toBe(false);
    let wait = 1000;
    for (let step = 0; step < 14; step++) {
      expect((await login(ta.t, u.login, u.password, null, ip, t + wait - 1)).ok, `step ${step}`).toBe(false);
      t += wait;
      expect((await login(ta.t, u.login, WRONG, null, ip, t)).ok).toBe(false);
      wait = Math.min(wait * 2, 15 * 60 * 1000);
    }
    expect(Number((await pairRow(u.login, ip))?.delay_ms)).toBe(15 * 60 * 1000);
    expect((await login(ta.t, u.login, u.password, null, ip, t + wait - 1)).ok).toBe(false);
    expect((await login(ta.t, u.login, u.password, null, ip, t + wait)).ok).toBe(true);
    expect(await pairRow(u.login, ip)).toBeUndefined();
  });

  it('makes an address that fails on many logins wait, without touching other addresses', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const ip = '10.0.2.1';
    const now = Date.now();
    for (let i = 0; i < ADDRESS_THROTTLE.limit; i++) await login(ta.t, `doan-${i}`, WRONG, null, ip, now);
    expect((await login(ta.t, u.login, u.password, null, ip, now + 10)).ok).toBe(false);
    expect((await login(ta.t, u.login, u.password, null, ip, now + ADDRESS_THROTTLE.firstDelayMs)).ok).toBe(true);
    expect((await login(ta.t, u.login, u.password, null, '10.0.2.2', now + 10)).ok).toBe(true);
  });

  it('answers every failed sign-in with the same sentence, over HTTP, by the request address', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const off = await makeUser(ta.t, 'reporter', units.school.id);
    const admin = (await loadAuthUser(ta.t, (await makeUser(ta.t, 'admin', units.province.id)).id))!;
    await setUserDisabled(ta.t, admin, off.id, true);
    const answers = [
      await signInFrom(ta.app, '10.0.3.1', u.login, WRONG),
      await signInFrom(ta.app, '10.0.3.1', 'khong-co-ai', WRONG),
      await signInFrom(ta.app, '10.0.3.1', off.login, off.password),
    ];
    for (let i = 1; i < PAIR_THROTTLE.limit; i++) await signInFrom(ta.app, '10.0.3.1', u.login, WRONG);
    for (let i = 1; i < PAIR_THROTTLE.limit; i++) answers.push(await signInFrom(ta.app, '10.0.3.1', 'khong-co-ai', WRONG));
    for (const a of answers) expect(a).toEqual({ status: 401, error: BAD_LOGIN });
    // A pair that must wait is told so, whether the account exists or not (nothing to learn about accounts from it).
    const waiting = [await signInFrom(ta.app, '10.0.3.1', u.login, u.password), await signInFrom(ta.app, '10.0.3.1', 'khong-co-ai', WRONG)];
    for (const a of waiting)
      expect(a).toEqual({ status: 401, error: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 1 giây.' });
    expect((await signInFrom(ta.app, '10.0.3.2', u.login, u.password)).status).toBe(303);
    const c = new TestClient(ta.app);
    await c.signIn(u.login);
  });

  it('the sweep removes throttle rows that count for nothing (failures forgotten, wait over) and keeps live ones', async () => {
    const now = Date.now();
    const hour = 3600 * 1000;
    const row = (key: string, updatedAgo: number, blockedFor: number | null = null) => ({
      key,
      failures: 3,
      delay_ms: blockedFor ? 1000 : 0,
      blocked_until: blockedFor === null ? null : now + blockedFor,
      updated_at: now - updatedAgo,
    });
    await ta.t.db
      .insertInto('sign_in_throttle')
      .values([
        row('a|10.9.0.1', 2 * hour),
        row('p|10.9.0.1|cu', 25 * hour),
        row('a|10.9.0.2', 30 * 60 * 1000),
        row('p|10.9.0.2|moi', 2 * hour),
        row('p|10.9.0.3|dang-cho', 25 * hour, 60 * 1000),
      ])
      .execute();
    const keys = async () =>
      (await ta.t.db.selectFrom('sign_in_throttle').select('key').where('key', 'like', '%10.9.0.%').orderBy('key').execute()).map(
        (r) => r.key,
      );
    // The sweep runs when the server starts (and every hour after).
    const again = await buildApp({
      ctx: ta.t,
      config: { dataDir: ta.t.dataDir, publicUrl: 'http://congdoan.test', logLevel: 'silent', secureCookies: false },
    });
    await again.ready();
    await again.close();
    expect(await keys()).toEqual(['a|10.9.0.2', 'p|10.9.0.2|moi', 'p|10.9.0.3|dang-cho']);
    // A wait still running keeps its row; once over, it goes.
    expect(await purgeEndedSignInThrottles(ta.t, now + 2 * 60 * 1000)).toBe(1);
    expect(await keys()).toEqual(['a|10.9.0.2', 'p|10.9.0.2|moi']);
    expect(await purgeEndedSignInThrottles(ta.t, now + 25 * hour)).toBeGreaterThanOrEqual(2);
    expect(await keys()).toEqual([]);
  });
});
