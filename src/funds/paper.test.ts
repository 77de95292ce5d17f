import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import { expectStatePage, readDocx } from '../../test/docx.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import { approveCase, payCase, proposeCase } from '../care/service.js';
import type { Fund, FundEntry } from '../db/schema.js';
import { createFund, recordReceipt, reverseEntry } from './service.js';

/** The ledger's pages, period, workbook and the payment voucher of a payout, as .docx and as a print view. */

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe.each(DIALECTS)('fund papers on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let treasurer: AuthUser;
  let fund: Fund;
  let payout: FundEntry;
  let firstReceipt: FundEntry;
  const clients = {} as Record<'upper' | 'school' | 'otherUpper' | 'viewer' | 'reporter', TestClient>;
  const YEAR = '?tu=01/01/2025&den=31/12/2025';

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const upper = await makeUser(ta.t, 'officer', units.upper.id);
    treasurer = (await loadAuthUser(ta.t, upper.id))!;
    const schoolUser = await makeUser(ta.t, 'officer', units.school.id);
    const logins = {
      upper: upper.login,
      school: schoolUser.login,
      otherUpper: (await makeUser(ta.t, 'officer', units.otherUpper.id)).login,
      viewer: (await makeUser(ta.t, 'viewer', units.upper.id)).login,
      reporter: (await makeUser(ta.t, 'reporter', units.upper.id)).login,
    };
    for (const [k, login] of Object.entries(logins)) {
      const c = new TestClient(ta.app);
      await c.signIn(login);
      clients[k as keyof typeof clients] = c;
    }
    fund = await createFund(ta.t, treasurer, { unitId: units.upper.id, name: 'Quỹ Xã hội', kind: 'social' });
    firstReceipt = await recordReceipt(ta.t, treasurer, {
      fundId: fund.id,
      on: '2025-01-01',
      amount: '1.000.000.000',
      sourceLabel: 'LĐLĐ tỉnh',
    });
    for (let i = 1; i <= 120; i++) {
      const day = new Date(Date.UTC(2025, 0, 1 + i * 2)).toISOString().slice(0, 10);
      await recordReceipt(ta.t, treasurer, { fundId: fund.id, on: day, amount: i * 1000, sourceLabel: `Nhà hảo tâm ${i}` });
    }
    const school = (await loadAuthUser(ta.t, schoolUser.id))!;
    const { case: c } = await proposeCase(ta.t, school, {
      recipient: { kind: 'worker', fullName: 'Lê Văn Thành', birthYear: 1979 },
      reason: 'work_accident',
      description: 'Tai nạn trên đường đi làm.',
      occurredOn: '2025-06-15',
      proposingUnitId: units.school.id,
      cashAmount: 840_748_000,
      inKindAmount: 0,
    });
    const approved = await approveCase(ta.t, treasurer, c.id, c.version, { fundId: fund.id });
    payout = (await payCase(ta.t, treasurer, approved.id, fund.id, '2025-06-20')).entry!;
  });
  afterAll(async () => {
    await ta.close();
  });

  const rowsOf = (html: string) => [...html.matchAll(/<tr id="but-toan-(\d+)"/g)].map((m) => Number(m[1]));
  const balanceRows = (html: string) =>
    [...html.matchAll(/<tr class="fund-balance-row"><td colspan="4">([^<]+)<\/td><td class="fund-money">([^<]+)<\/td>/g)].map((m) => [
      m[1],
      m[2],
    ]);

  it('pages the ledger 50 rows at a time, the running balance carried from page to page; the period is typed dd/mm/yyyy', async () => {
    const entries = await ta.t.db
      .selectFrom('fund_entries')
      .selectAll()
      .where('fund_id', '=', fund.id)
      .orderBy('entry_date')
      .orderBy('id')
      .execute();
    expect(entries).toHaveLength(122);
    const p1 = (await clients.upper.get(`/quan-tri/quy/${fund.id}${YEAR}`)).body;
    expect(textOf(p1)).toContain('Trang 1 / 3');
    expect(rowsOf(p1)).toEqual(entries.slice(0, 50).map((e) => e.id));
    const after = (n: number) => entries.slice(0, n).reduce((s, e) => s + e.amount, 0);
    const money = (n: number) => `${new Intl.NumberFormat('vi-VN').format(n)} đồng`;
    expect(balanceRows(p1)).toEqual([
      ['Số dư đầu kỳ', '0 đồng'],
      ['Số dư chuyển sang trang 2', money(after(50))],
    ]);
    const p2 = (await clients.upper.get(`/quan-tri/quy/${fund.id}${YEAR}&trang=2`)).body;
    expect(textOf(p2)).toContain('Trang 2 / 3');
    expect(rowsOf(p2)).toEqual(entries.slice(50, 100).map((e) => e.id));
    expect(balanceRows(p2)).toEqual([
      ['Số dư chuyển sang (trang 1)', money(after(50))],
      ['Số dư chuyển sang trang 3', money(after(100))],
    ]);
    const p3 = (await clients.upper.get(`/quan-tri/quy/${fund.id}${YEAR}&trang=3`)).body;
    expect(rowsOf(p3)).toHaveLength(22);
    expect(balanceRows(p3).at(-1)).toEqual(['Số dư cuối kỳ', money(after(122))]);
    // The last running balance of page 3 is the closing balance.
    const lastRow = new RegExp(`<tr id="but-toan-${entries.at(-1)!.id}"[\\s\\S]*?</tr>`).exec(p3)![0];
    expect(lastRow).toContain(money(after(122)));
    // A page past the last shows the last; the period's totals cover every page.
    expect(rowsOf((await clients.upper.get(`/quan-tri/quy/${fund.id}${YEAR}&trang=9`)).body)).toHaveLength(22);
    expect(p2).toContain(
      `<span class="stat-value">${money(entries.filter((e) => e.amount > 0).reduce((s, e) => s + e.amount, 0))}</span><span class="stat-label">tiền vào trong kỳ`,
    );
    // Period presets, the date inputs, the export and print links, the voucher link of the payout.
    for (const label of ['Tháng này', 'Quý này', 'Năm nay', 'Năm trước']) expect(p1).toContain(`>${label}</a>`);
    expect(p1).toContain('value="01/01/2025"');
    expect(p1).not.toMatch(/<input[^>]*id="(tu|den)"[^>]*type="date"/);
    expect(p1).toContain(`/quan-tri/quy/${fund.id}/so-quy.xlsx?tu=2025-01-01&amp;den=2025-12-31`);
    const payoutPage = Math.floor(entries.findIndex((e) => e.id === payout.id) / 50) + 1;
    expect((await clients.upper.get(`/quan-tri/quy/${fund.id}${YEAR}&trang=${payoutPage}`)).body).toContain(
      `href="/quan-tri/quy/${fund.id}/but-toan/${payout.id}/phieu-chi"`,
    );
    // The print frame: letterhead of the fund's unit under its parent, the title, the signatures.
    expect(p1).toContain('<div class="letterhead-parent">LIÊN ĐOÀN LAO ĐỘNG TỈNH THỬ NGHIỆM</div>');
    expect(p1).toContain('<div class="letterhead-unit">CÔNG ĐOÀN VIÊN CHỨC TỈNH</div>');
    expect(p1).toContain('SỔ QUỸ QUỸ XÃ HỘI');
    expect(p1).toContain('NGƯỜI LẬP BIỂU');
    expect(p1).toContain('THỦ TRƯỞNG ĐƠN VỊ');
  });

  it('exports the period as .xlsx: amounts as numbers in đồng, a totals row, the balances', async () => {
    const res = await clients.upper.get(`/quan-tri/quy/${fund.id}/so-quy.xlsx?tu=01/06/2025&den=30/06/2025`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('so-quy-quy-xa-hoi-2025-06-01-2025-06-30.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const june = await ta.t.db
      .selectFrom('fund_entries')
      .selectAll()
      .where('fund_id', '=', fund.id)
      .where('entry_date', '>=', '2025-06-01')
      .where('entry_date', '<=', '2025-06-30')
      .execute();
    const dataRows = rows.filter((r) => typeof r[0] === 'number');
    expect(dataRows).toHaveLength(june.length);
    const inflow = june.filter((e) => e.amount > 0).reduce((s, e) => s + e.amount, 0);
    const total = rows.find((r) => r[2] === 'Tổng cộng')!;
    expect(total[3]).toBe(inflow);
    expect(total[4]).toBe(840_748_000);
    const payoutRow = dataRows.find((r) => r[0] === payout.id)!;
    expect(payoutRow[4]).toBe(840_748_000);
    expect(payoutRow[6]).toContain('Hồ sơ hỗ trợ số');
    expect(ws.getColumn(4).numFmt).toContain('đồng');
    const closing = rows.find((r) => r[2] === 'Số dư cuối kỳ')!;
    const before = await ta.t.db
      .selectFrom('fund_entries')
      .select((eb) => eb.fn.sum<number>('amount').as('s'))
      .where('fund_id', '=', fund.id)
      .where('entry_date', '<=', '2025-06-30')
      .executeTakeFirstOrThrow();
    expect(closing[5]).toBe(Number(before.s));
  });

  it('prints the payment voucher of a payout, as a page and as a .docx in the state document format', async () => {
    const page = await clients.upper.get(`/quan-tri/quy/${fund.id}/but-toan/${payout.id}/phieu-chi`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    for (const s of [
      'PHIẾU CHI',
      'Lê Văn Thành',
      '840.748.000 đồng',
      'Tám trăm bốn mươi triệu bảy trăm bốn mươi tám nghìn đồng',
      'THỦ TRƯỞNG ĐƠN VỊ',
      'KẾ TOÁN TRƯỞNG',
      'NGƯỜI LẬP PHIẾU',
      'NGƯỜI NHẬN TIỀN',
      'THỦ QUỸ',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Thử Nghiệm, ngày 20 tháng 06 năm 2025',
    ])
      expect(text).toContain(s);
    const doc = await clients.upper.get(`/quan-tri/quy/${fund.id}/but-toan/${payout.id}/phieu-chi.docx`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toContain('wordprocessingml');
    const { xml, styles, text: docText } = await readDocx(doc.rawPayload);
    for (const s of [
      'PHIẾU CHI',
      `Số: ${payout.id}`,
      'Nợ:',
      'Có:',
      'Họ và tên người nhận tiền: Lê Văn Thành',
      'Địa chỉ: Công đoàn cơ sở Trường THPT Số 1',
      'Lý do chi: Chi hỗ trợ tai nạn lao động, bệnh nghề nghiệp',
      'Số tiền: 840.748.000 đồng',
      'Tám trăm bốn mươi triệu bảy trăm bốn mươi tám nghìn đồng',
      'LIÊN ĐOÀN LAO ĐỘNG TỈNH THỬ NGHIỆM',
      'CÔNG ĐOÀN VIÊN CHỨC TỈNH',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'THỦ QUỸ',
      'NGƯỜI NHẬN TIỀN',
    ])
      expect(docText).toContain(s);
    expectStatePage(xml);
    expect(styles + xml).toContain('Times New Roman');
    expect(styles).toMatch(/<w:sz w:val="26"\/>/);
    // The letterhead is a borderless table of two columns.
    expect(xml).toMatch(/<w:tbl>[\s\S]*?<w:gridCol w:w="\d+"\/><w:gridCol w:w="\d+"\/><\/w:tblGrid>/);
  });

  it('refuses the voucher, the workbook and the ledger to a wrong role and out of scope; a receipt has no voucher', async () => {
    const urls = [
      `/quan-tri/quy/${fund.id}/but-toan/${payout.id}/phieu-chi`,
      `/quan-tri/quy/${fund.id}/but-toan/${payout.id}/phieu-chi.docx`,
      `/quan-tri/quy/${fund.id}/so-quy.xlsx`,
    ];
    for (const url of urls) {
      expect((await clients.viewer.get(url)).statusCode, `viewer ${url}`).toBe(403);
      expect((await clients.reporter.get(url)).statusCode, `reporter ${url}`).toBe(403);
      expect((await clients.otherUpper.get(url)).statusCode, `other upper ${url}`).toBe(403);
      expect((await clients.school.get(url)).statusCode, `school ${url}`).toBe(403);
    }
    const receipt = await clients.upper.get(`/quan-tri/quy/${fund.id}/but-toan/${firstReceipt.id}/phieu-chi`);
    expect(receipt.statusCode).toBe(400);
    expect(textOf(receipt.body)).toContain('không phải một khoản chi hỗ trợ');
    expect((await clients.upper.get(`/quan-tri/quy/${fund.id}/but-toan/999999/phieu-chi.docx`)).statusCode).toBe(404);
  });

  it('marks the voucher of a reversed payout as cancelled', async () => {
    await reverseEntry(ta.t, treasurer, payout.id, { on: '2025-06-21', memo: 'Chi nhầm người' });
    expect(textOf((await clients.upper.get(`/quan-tri/quy/${fund.id}/but-toan/${payout.id}/phieu-chi`)).body)).toContain('ĐÃ HỦY');
    const { text } = await readDocx((await clients.upper.get(`/quan-tri/quy/${fund.id}/but-toan/${payout.id}/phieu-chi.docx`)).rawPayload);
    expect(text).toContain('ĐÃ HỦY: khoản chi này đã được hủy trong sổ quỹ.');
  });
});
