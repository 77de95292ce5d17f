import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';

describe.each(DIALECTS)('member scope and transfer request pages on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let school: TestClient;
  let clinic: TestClient;
  let province: TestClient;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const client = async (unitId: number) => {
      const c = new TestClient(ta.app);
      await c.signIn((await makeUser(ta.t, 'officer', unitId)).login);
      return c;
    };
    school = await client(units.school.id);
    clinic = await client(units.clinic.id);
    province = await client(units.province.id);
  });
  afterAll(async () => {
    await ta.close();
  });

  let admitted = 0;
  const admit = async (c: TestClient, fullName: string, unitId: number) => {
    await c.get('/quan-tri/doan-vien/moi');
    const res = await c.post('/quan-tri/doan-vien', {
      fullName,
      gender: 'female',
      birthDate: '1991-04-04',
      citizenId: `00119100${String(++admitted).padStart(4, '0')}`,
      phone: '0912345678',
      joinedOn: '2024-03-01',
      unitId,
    });
    expect(res.statusCode).toBe(303);
    return res.headers.location as string;
  };
  const inAdminLayout = (body: string) => body.includes('class="admin-bar"') && body.includes('Về trang quản trị');

  it('a grassroots officer cannot rejoin a former member of a unit outside their scope, nor see their personal fields', async () => {
    const path = await admit(province, 'Cao Thị Nơi Khác', units.clinic.id);
    await clinic.get(path);
    expect((await clinic.post(`${path}/thoi`, { on: '2024-06-01', reason: 'moved_out' })).statusCode).toBe(303);

    await school.get('/quan-tri/doan-vien');
    const rejoin = await school.post(`${path}/ket-nap-lai`, { unitId: units.school.id, on: '2024-07-01' });
    expect(rejoin.statusCode).toBe(403);
    expect(rejoin.body).toContain('Bạn không có quyền thực hiện thao tác này.');
    expect(inAdminLayout(rejoin.body)).toBe(true);
    for (const url of [path, `${path}?cccd=hien`]) {
      const page = await school.get(url);
      expect(page.statusCode).toBe(403);
      expect(page.body).not.toContain('0912345678');
      expect(page.body).not.toContain('04/04/1991');
    }
    expect((await school.get('/quan-tri/doan-vien?q=cao+thi+noi+khac')).body).not.toContain('Cao Thị Nơi Khác');
    // The clinic's officer still reaches the former member and may rejoin them.
    await clinic.get(path);
    expect((await clinic.post(`${path}/ket-nap-lai`, { unitId: units.clinic.id, on: '2024-07-01' })).statusCode).toBe(303);
  });

  it('a transfer outside the scope waits for the receiving unit, which accepts it once', async () => {
    const path = await admit(school, 'Mai Văn Sang Trạm', units.school.id);
    expect((await school.get(path)).body).not.toContain('CĐCS Trạm Y tế');
    const page = await school.get(`${path}?don_vi_khac=tram+y+TE`);
    expect(page.body).toMatch(/<optgroup label="Đơn vị khác \(gửi đề nghị, chờ đơn vị nhận đồng ý\)">[\s\S]*?CĐCS Trạm Y tế/);
    expect((await school.get(`${path}?don_vi_khac=khong+co+dau`)).body).toContain('Không có công đoàn cơ sở nào ngoài phạm vi');
    const badDate = await school.post(`${path}/chuyen`, { toUnitId: units.clinic.id, on: '2024-02-30' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toMatch(new RegExp(`<option value="${units.clinic.id}" selected>CĐCS Trạm Y tế</option>`));
    const sent = await school.post(`${path}/chuyen`, { toUnitId: units.clinic.id, on: '2024-09-01' });
    expect(sent.statusCode).toBe(303);
    const waiting = await school.get(path);
    expect(waiting.body).toContain('đã gửi đề nghị, chờ đơn vị đó nhận');
    expect(waiting.body).toMatch(/Đang chờ <strong>CĐCS Trạm Y tế<\/strong> nhận chuyển sinh hoạt từ ngày 01\/09\/2024/);
    expect(waiting.body).toContain('Hủy đề nghị');
    expect(waiting.body).not.toContain('<h3>Chuyển sinh hoạt</h3>');
    expect((await school.get('/quan-tri/doan-vien')).body).toContain('href="/quan-tri/doan-vien/chuyen-den"');
    const outgoing = await school.get('/quan-tri/doan-vien/chuyen-den');
    expect(outgoing.body).toContain('Đề nghị đơn vị của bạn đã gửi');
    expect(outgoing.body).toContain('Mai Văn Sang Trạm');

    const incoming = await clinic.get('/quan-tri/doan-vien/chuyen-den');
    expect(incoming.statusCode).toBe(200);
    expect(incoming.body).toContain('Mai Văn Sang Trạm');
    const requestId = /chuyen-den\/(\d+)\/nhan/.exec(incoming.body)?.[1];
    expect(requestId).toBeDefined();
    const noReason = await clinic.post(`/quan-tri/doan-vien/chuyen-den/${requestId}/tu-choi`, { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Cần nêu lý do từ chối.');
    expect((await school.post(`/quan-tri/doan-vien/chuyen-den/${requestId}/nhan`, {})).statusCode).toBe(403);

    await clinic.get('/quan-tri/doan-vien/chuyen-den');
    const accepted = await clinic.post(`/quan-tri/doan-vien/chuyen-den/${requestId}/nhan`, {});
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(path);
    const after = await clinic.get(path);
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('01/09/2024 (Chuyển đến)');
    const again = await clinic.post(`/quan-tri/doan-vien/chuyen-den/${requestId}/nhan`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Đề nghị chuyển sinh hoạt này đã được nhận: không thể xử lý lại.');
    expect(again.body).toContain('class="admin-bar"');

    const second = await admit(school, 'Kiều Thị Ở Lại', units.school.id);
    await school.get(second);
    expect((await school.post(`${second}/chuyen`, { toUnitId: units.clinic.id, on: '2024-10-01' })).statusCode).toBe(303);
    const list = await clinic.get('/quan-tri/doan-vien/chuyen-den');
    const secondId = /chuyen-den\/(\d+)\/tu-choi/.exec(list.body)?.[1];
    expect((await clinic.post(`/quan-tri/doan-vien/chuyen-den/${secondId}/tu-choi`, { reason: 'Chưa đủ chỉ tiêu' })).statusCode).toBe(303);
    const answered = await school.get('/quan-tri/doan-vien/chuyen-den');
    expect(answered.body).toMatch(
      /Kiều Thị Ở Lại<\/a><\/td><td>CĐCS Trạm Y tế<\/td><td>01\/10\/2024<\/td><td>Bị từ chối<\/td><td>Chưa đủ chỉ tiêu<\/td>/,
    );
    expect(answered.body).toMatch(/Mai Văn Sang Trạm<\/a><\/td><td>CĐCS Trạm Y tế<\/td><td>01\/09\/2024<\/td><td>Đã nhận<\/td>/);
    for (const id of ['abc', '0', '999999'])
      expect((await clinic.post(`/quan-tri/doan-vien/chuyen-den/${id}/nhan`, {})).statusCode, id).toBe(404);
  });
});
