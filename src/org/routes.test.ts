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
    const asked = await admin.post(`/quan-tri/don-vi/${units.hospital.id}/sap-nhap`, { survivorId: units.school.id, on: '2026-01-01' });
    expect(asked.statusCode).toBe(200);
    const merged = await admin.post(`/quan-tri/don-vi/${units.hospital.id}/sap-nhap/xac-nhan`, {
      survivorId: units.school.id,
      on: '2026-01-01',
    });
    expect(merged.statusCode).toBe(200);
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

  it('a unit id that does not read is not found', async () => {
    for (const bad of ['abc', '0', '-1', '1.5', '9999999999']) {
      expect((await admin.get(`/quan-tri/don-vi/${bad}`)).statusCode).toBe(404);
    }
    expect((await admin.get('/quan-tri/don-vi/987654')).statusCode).toBe(404);
    await admin.get(`/quan-tri/don-vi/${units.upper.id}`);
    expect((await admin.post('/quan-tri/don-vi/abc/doi', { shortName: 'X', fullName: 'X', on: '2026-01-01' })).statusCode).toBe(404);
    // A date that does not read shows the tree as of today.
    expect((await admin.get('/quan-tri/don-vi?ngay=2026-02-30')).statusCode).toBe(200);
  });

  it('a refused change shows the same form again, with what was typed and the message by its field', async () => {
    await admin.get(`/quan-tri/don-vi/${units.upper.id}`);
    const intoOwnSubtree = await admin.post(`/quan-tri/don-vi/${units.upper.id}/chuyen`, { parentId: units.school.id, on: '2026-06-01' });
    expect(intoOwnSubtree.statusCode).toBe(400);
    expect(intoOwnSubtree.body).toMatch(
      /id="parentId-error" role="alert">Không thể chuyển &quot;CĐ Viên chức tỉnh&quot;[^<]*đang ở dưới nó/,
    );
    expect(intoOwnSubtree.body).toMatch(new RegExp(`<option value="${units.school.id}" selected`));
    expect(intoOwnSubtree.body).toMatch(/id="on-m" name="on" type="text"[^>]*required value="01\/06\/2026"/);

    const badDate = await admin.post(`/quan-tri/don-vi/${units.upper.id}/doi`, {
      shortName: 'CĐ Viên chức (gõ dở)',
      fullName: 'Công đoàn Viên chức tỉnh',
      address: 'Số 1 đường Trần Phú',
      on: '2026-02-30',
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toMatch(/id="on-u-error" role="alert">Ngày không hợp lệ/);
    expect(badDate.body).toContain('value="CĐ Viên chức (gõ dở)"');
    expect(badDate.body).toContain('value="Số 1 đường Trần Phú"');
    expect(badDate.body).toMatch(/id="on-u" name="on" type="text"[^>]*required value="2026-02-30"/);
    // The other forms start afresh.
    expect(badDate.body).not.toMatch(/id="on-m"[^>]*value="2026-02-30"/);

    const noName = await admin.post('/quan-tri/don-vi', {
      parentId: units.upper.id,
      shortName: ' ',
      fullName: 'Công đoàn cơ sở Trường Mầm non Hoa Sen',
      level: 'grassroots',
      unitType: 'public_service',
      on: '2026-03-01',
    });
    expect(noName.statusCode).toBe(400);
    expect(noName.body).toMatch(/id="n-short-error" role="alert">Cần tên viết tắt\./);
    expect(noName.body).toContain('value="Công đoàn cơ sở Trường Mầm non Hoa Sen"');
    expect(noName.body).toMatch(/<option value="public_service" selected/);

    const noParts = await admin.post(`/quan-tri/don-vi/${units.upper.id}/chia-tach`, { parts: '  \n ', on: '2026-03-01' });
    expect(noParts.statusCode).toBe(400);
    expect(noParts.body).toMatch(/id="parts-error" role="alert">Cần ít nhất một tên đơn vị mới\./);

    // Nothing was written.
    const page = await admin.get(`/quan-tri/don-vi/${units.upper.id}`);
    expect(page.body).not.toContain('Trường Mầm non Hoa Sen');
    expect(page.body).toContain('value="CĐ Viên chức tỉnh"');
  });

  it('an administrator of a unit changes only the units within it', async () => {
    const upperAdmin = new TestClient(ta.app);
    await upperAdmin.signIn((await makeUser(ta.t, 'admin', units.upper.id)).login);
    const page = await upperAdmin.get(`/quan-tri/don-vi/${units.school.id}`);
    expect(page.body).toContain('Ghi nhận thay đổi');
    expect(page.body).not.toContain(`<option value="${units.otherUpper.id}"`);
    const out = await upperAdmin.post(`/quan-tri/don-vi/${units.school.id}/chuyen`, { parentId: units.otherUpper.id, on: '2026-04-01' });
    expect(out.statusCode).toBe(403);
    expect((await upperAdmin.get(`/quan-tri/don-vi/${units.province.id}`)).body).not.toContain('Ghi nhận thay đổi');
    expect(
      (await upperAdmin.post(`/quan-tri/don-vi/${units.province.id}/doi`, { shortName: 'X', fullName: 'X', on: '2026-04-01' })).statusCode,
    ).toBe(403);
    // A viewer reads the unit's page but cannot change the tree (editors, who do not read records, get neither).
    const viewer = new TestClient(ta.app);
    await viewer.signIn((await makeUser(ta.t, 'viewer', units.province.id)).login);
    const seen = await viewer.get(`/quan-tri/don-vi/${units.school.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('Ghi nhận thay đổi');
    expect((await viewer.post(`/quan-tri/don-vi/${units.school.id}/giai-the`, { on: '2026-04-01' })).statusCode).toBe(403);
    const editor = new TestClient(ta.app);
    await editor.signIn((await makeUser(ta.t, 'editor', units.province.id)).login);
    expect((await editor.get(`/quan-tri/don-vi/${units.school.id}`)).statusCode).toBe(403);
    expect((await editor.post(`/quan-tri/don-vi/${units.school.id}/giai-the`, { on: '2026-04-01' })).statusCode).toBe(403);
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
