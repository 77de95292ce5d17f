import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import type { Role } from '../db/schema.js';
import { admitMember } from '../members/service.js';
import { approveCase, payCase, proposeCase } from './service.js';
import { createFund, recordReceipt } from '../funds/service.js';
import { createProgramme, type ProgrammeWithFunds } from './programme-service.js';
import type { CaseInput } from './schema.js';

const H1 =
  'Trong 6 tháng đầu năm 2026, công đoàn các cấp thuộc Công đoàn Viên chức tỉnh đã thăm hỏi, hỗ trợ 3 đoàn viên, người lao động, ' +
  'tổng trị giá 2.600.000 đồng (gồm tiền mặt 2.000.000 đồng và hiện vật trị giá 600.000 đồng).';

describe.each(DIALECTS)('care report and public pages on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  const clients = {} as Record<'upper' | 'school', TestClient>;
  const users = {} as Record<'upper' | 'school' | 'province', AuthUser>;
  let fundId: number;
  let tet: ProgrammeWithFunds;
  let mayDay: ProgrammeWithFunds;
  let waiting: { id: number };

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const signedIn = async (role: Role, unitId: number, key?: 'upper' | 'school') => {
      const made = await makeUser(ta.t, role, unitId);
      if (key) {
        clients[key] = new TestClient(ta.app);
        await clients[key].signIn(made.login);
      }
      return (await loadAuthUser(ta.t, made.id))!;
    };
    users.upper = await signedIn('officer', units.upper.id, 'upper');
    users.school = await signedIn('officer', units.school.id, 'school');
    users.province = await signedIn('officer', units.province.id);

    fundId = (await createFund(ta.t, users.upper, { unitId: units.upper.id, name: 'Quỹ Tương trợ', kind: 'other' })).id;
    await recordReceipt(ta.t, users.upper, { fundId, on: '2026-01-05', amount: '20.000.000', sourceLabel: 'CĐCS Trường THPT Số 1' });
    tet = await createProgramme(ta.t, users.province, {
      unitId: units.province.id,
      name: 'Tết Sum vầy 2026',
      startsOn: '2026-01-01',
      endsOn: '2026-02-28',
      budget: '100.000.000',
      defaultCash: 500_000,
      defaultInKind: 300_000,
      publishTotals: true,
    });
    mayDay = await createProgramme(ta.t, users.upper, {
      unitId: units.upper.id,
      name: 'Tháng Công nhân 2026',
      startsOn: '2026-05-01',
      endsOn: '2026-05-31',
      budget: '10.000.000',
    });
    const { id: memberId } = await admitMember(ta.t, users.school, {
      fullName: 'Nguyễn Thị Hương',
      gender: 'female',
      birthDate: '1985-04-12',
      unitId: units.school.id,
      joinedOn: '2015-09-01',
    });

    const approved = async (proposer: AuthUser, input: CaseInput) => {
      const { case: c } = await proposeCase(ta.t, proposer, input);
      return approveCase(ta.t, users.upper, c.id, c.version);
    };
    const paid = async (proposer: AuthUser, input: CaseInput, on: string) =>
      payCase(ta.t, users.upper, (await approved(proposer, input)).id, fundId, on);
    await paid(
      users.school,
      {
        programmeId: tet.id,
        recipient: { kind: 'member', memberId },
        reason: 'holiday_gift',
        occurredOn: '2026-01-20',
        proposingUnitId: units.school.id,
      },
      '2026-01-22',
    );
    await paid(
      users.province,
      {
        programmeId: tet.id,
        recipient: { kind: 'worker', fullName: 'Lê Văn Thành', birthYear: 1979 },
        reason: 'holiday_gift',
        occurredOn: '2026-01-21',
        proposingUnitId: units.hospital.id,
      },
      '2026-01-23',
    );
    await paid(
      users.school,
      {
        programmeId: mayDay.id,
        recipient: { kind: 'worker', fullName: 'Đỗ Văn Nam', birthYear: 1985 },
        reason: 'hardship',
        occurredOn: '2026-05-10',
        proposingUnitId: units.school.id,
        cashAmount: '1.000.000',
        inKindAmount: 0,
      },
      '2026-05-12',
    );
    waiting = await approved(users.school, {
      programmeId: tet.id,
      recipient: { kind: 'worker', fullName: 'Bế Thị Hoa', birthYear: 1992 },
      reason: 'holiday_gift',
      occurredOn: '2026-02-02',
      proposingUnitId: units.school.id,
    });
  });
  afterAll(async () => {
    await ta.close();
  });

  const h1 = (unitId: number) => `/quan-tri/bao-cao-cham-lo?don_vi=${unitId}&tu=2026-01-01&den=2026-06-30`;

  it('shows an upper officer the sentence, the breakdowns with totals and the chart of its subtree', async () => {
    const res = await clients.upper.get(h1(units.upper.id));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/quan-tri/bao-cao-cham-lo" aria-current="page">Báo cáo chăm lo</a>');
    expect(res.body).toContain(`<p class="care-report-sentence">${H1}</p>`);
    // The cells of a table's body and totals rows, as text.
    const rows = (id: string) => {
      const table = new RegExp(`aria-labelledby="${id}">([\\s\\S]*?)</section>`).exec(res.body)![1]!;
      return [...table.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)]
        .slice(1)
        .map((tr) => [...tr[1]!.matchAll(/<t[dh][^>]*>([^<]*)<\/t[dh]>/g)].map((m) => m[1]));
    };
    expect(rows('theo-chuong-trinh')).toEqual([
      ['1', 'Tết Sum vầy 2026', '2', '2', '1.000.000', '600.000', '1.600.000'],
      ['2', 'Tháng Công nhân 2026', '1', '1', '1.000.000', '0', '1.000.000'],
      ['', 'Tổng cộng', '3', '3', '2.000.000', '600.000', '2.600.000'],
    ]);
    expect(rows('theo-ly-do')).toEqual([
      ['1', 'Hoàn cảnh khó khăn', '1', '1', '1.000.000', '0', '1.000.000'],
      ['2', 'Quà Tết, ngày lễ', '2', '2', '1.000.000', '600.000', '1.600.000'],
      ['', 'Tổng cộng', '3', '3', '2.000.000', '600.000', '2.600.000'],
    ]);
    expect(rows('theo-don-vi')).toEqual([
      ['1', 'CĐ Viên chức tỉnh (trực tiếp)', '0', '0', '0', '0', '0'],
      ['2', 'CĐCS Bệnh viện tỉnh', '1', '1', '500.000', '300.000', '800.000'],
      ['3', 'CĐCS Trường THPT Số 1', '2', '2', '1.500.000', '300.000', '1.800.000'],
      ['', 'Tổng cộng', '3', '3', '2.000.000', '600.000', '2.600.000'],
    ]);
    expect(res.body).toContain('<svg');
    expect(res.body).toContain('Tổng trị giá đã chi theo tháng (nghìn đồng)');
    expect(res.body).toContain(`href="/quan-tri/bao-cao-cham-lo/xuat.xlsx?don_vi=${units.upper.id}&amp;tu=2026-01-01&amp;den=2026-06-30"`);
    // Figures only: the page names no one.
    expect(res.body).not.toMatch(/Hương|Thành|Đỗ Văn Nam/);
    // Dates typed by hand read the same.
    const typed = await clients.upper.get(`/quan-tri/bao-cao-cham-lo?don_vi=${units.upper.id}&tu=1/1/2026&den=30/06/2026`);
    expect(typed.body).toContain(H1);
    expect(typed.body).toMatch(/name="tu" type="text"[^>]*value="01\/01\/2026"/);
  });

  it('shows a grassroots officer its own unit only, and keeps a bad period as typed', async () => {
    const own = await clients.school.get('/quan-tri/bao-cao-cham-lo?tu=2026-01-01&den=2026-06-30');
    expect(own.statusCode).toBe(200);
    expect([...own.body.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([units.school.id]);
    expect(own.body).toContain(
      'Trong 6 tháng đầu năm 2026, Công đoàn cơ sở Trường THPT Số 1 đã thăm hỏi, hỗ trợ 2 đoàn viên, người lao động, tổng trị giá 1.800.000 đồng',
    );
    expect(own.body).toContain('Báo cáo chăm lo</a>');
    expect((await clients.school.get(h1(units.upper.id))).statusCode).toBe(403);
    expect(
      (await clients.school.get(`/quan-tri/bao-cao-cham-lo/xuat.xlsx?don_vi=${units.province.id}&tu=2026-01-01&den=2026-06-30`)).statusCode,
    ).toBe(403);

    const bad = await clients.upper.get(`/quan-tri/bao-cao-cham-lo?don_vi=${units.upper.id}&tu=30/02/2026&den=2026-06-30`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Ngày bắt đầu “30/02/2026” không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 01/03/2026.');
    expect(bad.body).toContain('value="30/02/2026"');
    expect(bad.body).not.toContain('care-report-sentence');
    const reversed = await clients.upper.get(`/quan-tri/bao-cao-cham-lo?don_vi=${units.upper.id}&tu=2026-06-30&den=2026-01-01`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.body).toContain('Ngày kết thúc (01/01/2026) phải từ ngày bắt đầu (30/06/2026) trở đi.');
  });

  it('exports the same figures as an .xlsx, a sheet per breakdown, and logs the export', async () => {
    const res = await clients.upper.get(`/quan-tri/bao-cao-cham-lo/xuat.xlsx?don_vi=${units.upper.id}&tu=2026-01-01&den=2026-06-30`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bao-cao-cham-lo-cd-vien-chuc-tinh-2026-01-01-2026-06-30.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Theo chương trình', 'Theo lý do', 'Theo đơn vị']);
    const summary = wb.getWorksheet('Tổng hợp')!;
    expect(summary.getCell('A4').value).toBe(H1);
    expect([7, 8, 9, 10, 11].map((r) => [summary.getCell(r, 1).value, summary.getCell(r, 2).value])).toEqual([
      ['Số người', 3],
      ['Số lượt', 3],
      ['Tiền mặt (đồng)', 2_000_000],
      ['Hiện vật (đồng)', 600_000],
      ['Tổng trị giá (đồng)', 2_600_000],
    ]);
    for (const [name, lines] of [
      ['Theo chương trình', 2],
      ['Theo lý do', 2],
      ['Theo đơn vị', 3],
    ] as const) {
      const ws = wb.getWorksheet(name)!;
      expect(ws.getRow(4).values).toEqual([
        undefined,
        'STT',
        expect.any(String),
        'Số người',
        'Số lượt',
        'Tiền mặt (đồng)',
        'Hiện vật (đồng)',
        'Tổng trị giá (đồng)',
      ]);
      const total = ws.getRow(5 + lines);
      expect(total.values, name).toEqual([undefined, '', 'Tổng cộng', 3, 3, 2_000_000, 600_000, 2_600_000]);
      expect(total.getCell(6).numFmt).toBe('#,##0');
      let cash = 0;
      for (let r = 5; r < 5 + lines; r++) cash += Number(ws.getRow(r).getCell(5).value);
      expect(cash, name).toBe(2_000_000);
    }
    expect(wb.getWorksheet('Theo đơn vị')!.getRow(7).getCell(2).value).toBe('CĐCS Trường THPT Số 1');
    const audit = await ta.t.db
      .selectFrom('audit_events')
      .select(['action', 'unit_id', 'actor_user_id', 'after_json'])
      .where('action', '=', 'care_report.export')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ unit_id: units.upper.id, actor_user_id: users.upper.id });
    expect(JSON.parse(audit[0]!.after_json!)).toEqual({ from: '2026-01-01', to: '2026-06-30', people: 3, cases: 3, total: 2_600_000 });
  });

  it('publishes the totals of a programme that says so, names no one, and is never stale', async () => {
    const anonymous = new TestClient(ta.app);
    const list = await anonymous.get('/cham-lo');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`<a href="/cham-lo/${tet.id}">Tết Sum vầy 2026</a>`);
    expect(list.body).not.toContain('Tháng Công nhân 2026');

    const page = await anonymous.get(`/cham-lo/${tet.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Tết Sum vầy 2026</h1>');
    expect(page.body).toContain(
      '<strong>Đơn vị tổ chức:</strong> Liên đoàn Lao động tỉnh Thử Nghiệm<br/><strong>Thời gian:</strong> 01/01/2026 – 28/02/2026',
    );
    expect(page.body).toContain('Đã thăm hỏi, hỗ trợ 2 đoàn viên, người lao động (2 lượt), tổng trị giá 1.600.000 đồng.');
    expect(page.body).toContain('<h2 class="section-title">Tiền mặt</h2><p class="lead">1.000.000 đồng</p>');
    expect(page.body).toContain('<h2 class="section-title">Hiện vật</h2><p class="lead">600.000 đồng</p>');
    expect(page.body).toContain('<div class="slogan"');
    expect(page.body).not.toMatch(/Hương|Thành|Bế Thị Hoa|1985|1979/);

    const etag = page.headers.etag as string;
    expect(page.headers['cache-control']).toBe('public, no-cache');
    const again = await ta.app.inject({ method: 'GET', url: `/cham-lo/${tet.id}`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    // A case paid: the next request shows it at once.
    await payCase(ta.t, users.upper, waiting.id, fundId, '2026-02-05');
    const after = await ta.app.inject({ method: 'GET', url: `/cham-lo/${tet.id}`, headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('Đã thăm hỏi, hỗ trợ 3 đoàn viên, người lao động (3 lượt), tổng trị giá 2.400.000 đồng.');

    for (const url of [`/cham-lo/${mayDay.id}`, '/cham-lo/999999', '/cham-lo/abc']) {
      const missing = await anonymous.get(url);
      expect(missing.statusCode, url).toBe(404);
      expect(missing.body).toContain('Chương trình này không có hoặc không công bố kết quả.');
      expect(missing.body).not.toContain('Tháng Công nhân 2026');
    }
  });
});
