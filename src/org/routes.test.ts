import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';

describe.each(DIALECTS)('union tree pages on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let admin: TestClient;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    admin = new TestClient(ta.app);
    await admin.signIn((await makeUser(ta.t, 'admin', units.province.id)).login);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('an administrator records a merge and the tree shows both dates', async () => {
    await admin.get(`/quan-tri/don-vi/${units.hospital.id}`);
    const merged = await admin.post(`/quan-tri/don-vi/${units.hospital.id}/sap-nhap`, { survivorId: units.school.id, on: '2026-01-01' });
    expect(merged.statusCode).toBe(303);
    const before = await admin.get('/quan-tri/don-vi?ngay=2025-12-31');
    expect(before.body).toContain('CĐCS Bệnh viện tỉnh');
    const after = await admin.get('/quan-tri/don-vi?ngay=2026-01-01');
    expect(after.body).not.toContain('CĐCS Bệnh viện tỉnh');
    const page = await admin.get(`/quan-tri/don-vi/${units.hospital.id}`);
    expect(page.body).toContain('Sáp nhập');
    const refused = await admin.post(`/quan-tri/don-vi/${units.upper.id}/giai-the`, { on: '2026-02-01' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('còn 1 đơn vị trực thuộc');
  });

  it('others may look but not change', async () => {
    const officer = new TestClient(ta.app);
    await officer.signIn((await makeUser(ta.t, 'officer', units.upper.id)).login);
    expect((await officer.get('/quan-tri/don-vi')).statusCode).toBe(200);
    expect((await officer.get(`/quan-tri/don-vi/${units.clinic.id}`)).statusCode).toBe(404);
    await officer.get(`/quan-tri/don-vi/${units.school.id}`);
    expect((await officer.post(`/quan-tri/don-vi/${units.school.id}/giai-the`, { on: '2026-03-01' })).statusCode).toBe(403);
  });
});
