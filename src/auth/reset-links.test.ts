import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { DIALECTS } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import * as repo from './repo.js';
import { changePassword, issuePasswordReset, loadAuthUser, passwordResetUser, resetPassword } from './service.js';

const NEW_PASSWORD = 'mot-mat-khau-moi-1';

describe.each(DIALECTS)('password reset links on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let admin: AuthUser;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    admin = (await loadAuthUser(ta.t, (await makeUser(ta.t, 'admin', units.province.id)).id))!;
  });
  afterAll(async () => {
    await ta.close();
  });

  const usable = async (token: string) => (await passwordResetUser(ta.t, token)) !== undefined;

  it('ends a link when a newer one is issued for the same account', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const older = await issuePasswordReset(ta.t, admin, u.id);
    const newer = await issuePasswordReset(ta.t, admin, u.id);
    expect(await usable(older)).toBe(false);
    expect(await usable(newer)).toBe(true);
    expect((await new TestClient(ta.app).get(`/dat-lai-mat-khau/${older}`)).statusCode).toBe(404);
    await expect(resetPassword(ta.t, older, NEW_PASSWORD)).rejects.toMatchObject({ message: expect.stringContaining('không hợp lệ') });
    // Another account's link is not touched.
    const other = await makeUser(ta.t, 'reporter', units.school.id);
    const theirs = await issuePasswordReset(ta.t, admin, other.id);
    await issuePasswordReset(ta.t, admin, u.id);
    expect(await usable(theirs)).toBe(true);
  });

  it('ends every link of the account when one is used', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    // A link left open from before (issued outside the service).
    const stray = 'lien-ket-cu-con-mo';
    await repo.insertPasswordReset(ta.t, {
      token_hash: createHash('sha256').update(stray).digest('hex'),
      user_id: u.id,
      created_by: admin.id,
      expires_at: Date.now() + 3_600_000,
    });
    const fresh = await issuePasswordReset(ta.t, admin, u.id);
    await ta.t.db
      .updateTable('password_resets')
      .set({ used_at: null })
      .where('token_hash', '=', createHash('sha256').update(stray).digest('hex'))
      .execute();
    expect(await usable(stray)).toBe(true);
    await resetPassword(ta.t, fresh, NEW_PASSWORD);
    expect(await usable(fresh)).toBe(false);
    expect(await usable(stray)).toBe(false);
    await new TestClient(ta.app).signIn(u.login, NEW_PASSWORD);
  });

  it('ends a link when the password changes by any path', async () => {
    const u = await makeUser(ta.t, 'reporter', units.school.id);
    const token = await issuePasswordReset(ta.t, admin, u.id);
    await changePassword(ta.t, (await loadAuthUser(ta.t, u.id))!, u.password, NEW_PASSWORD);
    expect(await usable(token)).toBe(false);
    await expect(resetPassword(ta.t, token, 'mat-khau-cua-ke-gian-9')).rejects.toThrow();
    await new TestClient(ta.app).signIn(u.login, NEW_PASSWORD);

    // A password written without the service (a script, the database by hand) ends older links too.
    const v = await makeUser(ta.t, 'reporter', units.school.id);
    const link = await issuePasswordReset(ta.t, admin, v.id);
    await ta.t.db
      .updateTable('users')
      .set({ password_changed_at: Date.now() + 1 })
      .where('id', '=', v.id)
      .execute();
    expect(await usable(link)).toBe(false);
  });
});
