import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { DIALECTS } from '../../test/harness.js';
import { loadAuthUser } from '../auth/service.js';
import { admitMember } from './service.js';

describe.each(DIALECTS)('the editor role and the member registry on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('refuses an editor the member list, a member, a revealed citizen ID, the export and the figures', async () => {
    const officer = (await loadAuthUser(ta.t, (await makeUser(ta.t, 'officer', units.province.id)).id))!;
    const { id } = await admitMember(ta.t, officer, {
      fullName: 'Nguyễn Thị Lan',
      gender: 'female',
      birthDate: '1990-05-01',
      unitId: units.school.id,
      joinedOn: '2020-01-10',
    });
    const editor = new TestClient(ta.app);
    await editor.signIn((await makeUser(ta.t, 'editor', units.province.id)).login);
    for (const url of [
      '/quan-tri/doan-vien',
      `/quan-tri/doan-vien/${id}`,
      `/quan-tri/doan-vien/${id}?cccd=1`,
      '/quan-tri/doan-vien/xuat/1',
      '/quan-tri/doan-vien/xuat/1/tep',
      '/quan-tri/thong-ke',
    ])
      expect((await editor.get(url)).statusCode, url).toBe(403);
    expect((await editor.get('/quan-tri')).body).not.toContain('href="/quan-tri/doan-vien"');
    expect((await editor.post('/quan-tri/doan-vien/xuat', {})).statusCode).toBe(403);
    const viewer = new TestClient(ta.app);
    await viewer.signIn((await makeUser(ta.t, 'viewer', units.province.id)).login);
    expect((await viewer.get(`/quan-tri/doan-vien/${id}`)).statusCode).toBe(200);
  });
});
