import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import { expectStatePage, readDocx } from '../../test/docx.js';
import { createFund, recordReceipt } from '../funds/service.js';
import { createProgramme, type ProgrammeWithFunds } from './programme-service.js';
import { approveCase, payCase, proposeCase } from './service.js';

/** A programme's signature list (danh sách ký nhận): its print view and its .docx; who may have it. */

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe.each(DIALECTS)('a programme signature list on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let programme: ProgrammeWithFunds;
  const clients = {} as Record<'upper' | 'province' | 'school' | 'otherUpper' | 'viewer', TestClient>;

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const made = {
      upper: await makeUser(ta.t, 'officer', units.upper.id),
      province: await makeUser(ta.t, 'officer', units.province.id),
      school: await makeUser(ta.t, 'officer', units.school.id),
      hospital: await makeUser(ta.t, 'officer', units.hospital.id),
      otherUpper: await makeUser(ta.t, 'officer', units.otherUpper.id),
      viewer: await makeUser(ta.t, 'viewer', units.upper.id),
    };
    const user = async (k: keyof typeof made): Promise<AuthUser> => (await loadAuthUser(ta.t, made[k].id))!;
    for (const k of ['upper', 'province', 'school', 'otherUpper', 'viewer'] as const) {
      clients[k] = new TestClient(ta.app);
      await clients[k].signIn(made[k].login);
    }
    const upper = await user('upper');
    const fund = await createFund(ta.t, upper, { unitId: units.upper.id, name: 'Quỹ Tương trợ', kind: 'other' });
    await recordReceipt(ta.t, upper, { fundId: fund.id, on: '2026-01-02', amount: '50.000.000', sourceLabel: 'LĐLĐ tỉnh' });
    programme = await createProgramme(ta.t, upper, {
      unitId: units.upper.id,
      name: 'Tết Sum vầy 2026',
      startsOn: '2026-01-01',
      endsOn: '2026-02-28',
      budget: '100.000.000',
      defaultCash: '500.000',
      defaultInKind: '300.000',
      fundIds: [fund.id],
    });
    const people: Array<[keyof typeof made, number, string, number, 'approved' | 'paid' | 'proposed']> = [
      ['school', units.school.id, 'Nguyễn Thị Hương', 500_000, 'paid'],
      ['school', units.school.id, 'Lê Văn An', 1_200_000, 'approved'],
      ['hospital', units.hospital.id, 'Trần Văn Bình', 800_000, 'approved'],
      ['hospital', units.hospital.id, 'Phạm Thị Chưa Duyệt', 900_000, 'proposed'],
    ];
    for (const [proposer, unitId, name, cash, status] of people) {
      const { case: c } = await proposeCase(ta.t, await user(proposer), {
        recipient: { kind: 'worker', fullName: name, birthYear: 1980 },
        reason: 'holiday_gift',
        description: 'Quà Tết.',
        occurredOn: '2026-01-20',
        proposingUnitId: unitId,
        cashAmount: cash,
        inKindAmount: 0,
        programmeId: programme.id,
      });
      if (status === 'proposed') continue;
      const a = await approveCase(ta.t, upper, c.id, c.version, { fundId: fund.id });
      if (status === 'paid') await payCase(ta.t, upper, a.id, fund.id, '2026-01-25');
    }
  });
  afterAll(async () => {
    await ta.close();
  });

  const path = () => `/quan-tri/cham-lo/chuong-trinh/${programme.id}/danh-sach-ky-nhan`;

  it('lists the approved and paid recipients by unit and name, with the total in digits and in words', async () => {
    const page = await clients.upper.get(path());
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('DANH SÁCH KÝ NHẬN');
    expect(text).toContain('Nhận tiền hỗ trợ chương trình "Tết Sum vầy 2026"');
    // School (tree order) before hospital; within the school by given name: An before Hương.
    expect(text).toMatch(/1 Lê Văn An Công đoàn cơ sở Trường THPT Số 1 1\.200\.000 2 Nguyễn Thị Hương .* 500\.000 3 Trần Văn Bình/);
    expect(text).not.toContain('Phạm Thị Chưa Duyệt');
    expect(text).toContain('Tổng cộng 3 người 2.500.000');
    expect(text).toContain('Hai triệu năm trăm nghìn đồng');
    expect(text).toContain('CÔNG ĐOÀN VIÊN CHỨC TỈNH');
    expect(text).toContain('THỦ TRƯỞNG ĐƠN VỊ');
    expect((await clients.upper.get(`/quan-tri/cham-lo/chuong-trinh/${programme.id}`)).body).toContain(`href="${path()}"`);

    const doc = await clients.province.get(`${path()}.docx`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toContain('wordprocessingml');
    expect(doc.headers['content-disposition']).toContain('danh-sach-ky-nhan-tet-sum-vay-2026.docx');
    const { xml, text: docText } = await readDocx(doc.rawPayload);
    for (const s of [
      'DANH SÁCH KÝ NHẬN',
      'STT',
      'Họ và tên',
      'Đơn vị',
      'Số tiền (đồng)',
      'Ký nhận',
      'Lê Văn An',
      'Nguyễn Thị Hương',
      'Trần Văn Bình',
      'Tổng cộng',
      '2.500.000',
      'Hai triệu năm trăm nghìn đồng',
      'LIÊN ĐOÀN LAO ĐỘNG TỈNH THỬ NGHIỆM',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    ])
      expect(docText).toContain(s);
    expect(docText).not.toContain('Phạm Thị Chưa Duyệt');
    expectStatePage(xml);
  });

  it('is refused to a wrong role and to officers who do not reach the organising unit', async () => {
    for (const url of [path(), `${path()}.docx`]) {
      expect((await clients.viewer.get(url)).statusCode, `viewer ${url}`).toBe(403);
      expect((await clients.school.get(url)).statusCode, `school ${url}`).toBe(403);
      expect((await clients.otherUpper.get(url)).statusCode, `other upper ${url}`).toBe(403);
    }
    expect((await clients.upper.get('/quan-tri/cham-lo/chuong-trinh/99999/danh-sach-ky-nhan.docx')).statusCode).toBe(404);
  });

  it("prints one unit's list for the officers of that unit, issued by it; not another unit's", async () => {
    const whole = await clients.upper.get(path());
    expect(whole.body).toContain(`<option value="${units.school.id}">Công đoàn cơ sở Trường THPT Số 1</option>`);
    expect(whole.body).toContain(`<option value="${units.hospital.id}">Công đoàn cơ sở Bệnh viện tỉnh</option>`);
    const own = await clients.school.get(`${path()}?don_vi=${units.school.id}`);
    expect(own.statusCode).toBe(200);
    const text = textOf(own.body);
    expect(text).toContain('Đơn vị: Công đoàn cơ sở Trường THPT Số 1');
    expect(text).toContain('CÔNG ĐOÀN CƠ SỞ TRƯỜNG THPT SỐ 1');
    expect(text).toContain('Tổng cộng 2 người 1.700.000');
    expect(text).toContain('Một triệu bảy trăm nghìn đồng');
    expect(text).not.toContain('Trần Văn Bình');
    const doc = await clients.school.get(`${path()}.docx?don_vi=${units.school.id}`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-disposition']).toContain('danh-sach-ky-nhan-tet-sum-vay-2026-cong-doan-co-so-truong-thpt-so-1.docx');
    const { text: docText } = await readDocx(doc.rawPayload);
    expect(docText).toContain('Đơn vị: Công đoàn cơ sở Trường THPT Số 1');
    expect(docText).not.toContain('Trần Văn Bình');
    expect((await clients.school.get(`${path()}?don_vi=${units.hospital.id}`)).statusCode).toBe(403);
    expect((await clients.school.get(`${path()}.docx?don_vi=${units.hospital.id}`)).statusCode).toBe(403);
    expect((await clients.otherUpper.get(`${path()}?don_vi=${units.clinic.id}`)).statusCode).toBe(403);
    expect((await clients.viewer.get(`${path()}?don_vi=${units.school.id}`)).statusCode).toBe(403);
  });
});
