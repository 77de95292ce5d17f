import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import { formatIsoDate, todayInVietnam } from '../lib/dates.js';

/** The page's text as the user reads it: tags out, entities decoded. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const statOf = (html: string, label: string) =>
  new RegExp(`<span class="stat-value">([^<]+)</span><span class="stat-label">${label}`).exec(html)?.[1];

describe.each(DIALECTS)('fund pages on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let upper: TestClient;
  let upperName = '';
  let school: TestClient;
  let admin: TestClient;
  let social = 0;
  let home = 0;
  const YEAR = '?tu=2025-01-01&den=2025-12-31';
  const entryCount = async () =>
    Number(
      (
        await ta.t.db
          .selectFrom('fund_entries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const entriesOf = (fundId: number) =>
    ta.t.db.selectFrom('fund_entries').selectAll().where('fund_id', '=', fundId).orderBy('id').execute();

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const officer = await makeUser(ta.t, 'officer', units.upper.id);
    upperName = `Người dùng ${officer.login}`;
    upper = new TestClient(ta.app);
    await upper.signIn(officer.login);
    school = new TestClient(ta.app);
    await school.signIn((await makeUser(ta.t, 'officer', units.school.id)).login);
    admin = new TestClient(ta.app);
    await admin.signIn((await makeUser(ta.t, 'admin', units.province.id)).login);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('an upper-union officer opens funds and records receipts typed either way; bad amounts are refused and nothing is written', async () => {
    const list = await upper.get('/quan-tri/quy');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<a href="/quan-tri/quy" aria-current="page">Quỹ</a>');
    expect(list.body).toContain('Chưa có quỹ nào');
    expect(list.body).not.toContain(`value="${units.otherUpper.id}"`);

    const created = await upper.post('/quan-tri/quy', { unitId: units.upper.id, name: 'Quỹ Xã hội', kind: 'social' });
    expect(created.statusCode).toBe(303);
    social = Number(/\/quan-tri\/quy\/(\d+)$/.exec(String(created.headers.location))?.[1]);
    expect(social).toBeGreaterThan(0);
    home = Number(
      /(\d+)$/.exec(
        String(
          (await upper.post('/quan-tri/quy', { unitId: units.upper.id, name: 'Quỹ Mái ấm Công đoàn', kind: 'home' })).headers.location,
        ),
      )?.[1],
    );

    const twice = await upper.post('/quan-tri/quy', { unitId: units.upper.id, name: 'Quỹ Xã hội', kind: 'study' });
    expect(twice.statusCode).toBe(409);
    expect(textOf(twice.body)).toContain('Đơn vị đã có quỹ "Quỹ Xã hội".');
    expect(twice.body).toMatch(/<option value="study" selected>Quỹ khuyến học/);
    const noName = await upper.post('/quan-tri/quy', { unitId: units.upper.id, name: ' ', kind: 'social' });
    expect([noName.statusCode, textOf(noName.body).includes('Cần nhập tên quỹ.')]).toEqual([400, true]);
    expect((await upper.post('/quan-tri/quy', { unitId: units.upper.id, name: 'Quỹ lạ', kind: 'gold' })).body).toContain(
      'Cần chọn loại quỹ.',
    );
    expect((await upper.post('/quan-tri/quy', { unitId: units.otherUpper.id, name: 'Quỹ ngoài phạm vi', kind: 'other' })).statusCode).toBe(
      403,
    );

    const r1 = await upper.post(`/quan-tri/quy/${social}/thu`, {
      on: '2025-03-01',
      amount: '1.234.567',
      sourceUnitId: units.school.id,
      sourceLabel: '',
      memo: 'Ủng hộ Tết',
    });
    expect(r1.statusCode).toBe(303);
    expect(r1.headers.location).toBe(`/quan-tri/quy/${social}?tu=2025-03-01&den=${todayInVietnam()}`);
    expect(
      (
        await upper.post(`/quan-tri/quy/${social}/thu`, {
          on: '2025-03-10',
          amount: '1,234,567',
          sourceUnitId: '',
          sourceLabel: 'Ông Nguyễn Văn An',
        })
      ).statusCode,
    ).toBe(303);

    const ledger = await upper.get(`/quan-tri/quy/${social}${YEAR}`);
    expect(ledger.body).toContain('Đã ghi thu 1.234.567 đồng');
    expect(statOf(ledger.body, 'số dư cuối ngày 31/12/2025')).toBe('2.469.134 đồng');
    const text = textOf(ledger.body);
    expect(text).toContain('01/03/2025 Thu +1.234.567 đồng 1.234.567 đồng CĐCS Trường THPT Số 1 Ủng hộ Tết');
    expect(text).toContain(`10/03/2025 Thu +1.234.567 đồng 2.469.134 đồng Ông Nguyễn Văn An ${upperName}`);
    const funds = textOf((await upper.get('/quan-tri/quy')).body);
    expect(funds).toContain(
      'CĐ Viên chức tỉnh Quỹ Mái ấm Công đoàn Quỹ Mái ấm Công đoàn 0 đồng Đang hoạt động Quỹ Xã hội Quỹ Xã hội 2.469.134 đồng',
    );

    const before = await entryCount();
    const refusals: Array<[string, string]> = [
      ['-5', 'Số tiền không được âm: "-5".'],
      ['12,5', 'Số tiền phải là số đồng chẵn, không có phần lẻ: "12,5".'],
      ['abc', 'Số tiền "abc" không phải là một số.'],
      ['', 'Chưa nhập số tiền.'],
    ];
    for (const [amount, message] of refusals) {
      const res = await upper.post(`/quan-tri/quy/${social}/thu`, {
        on: '2025-03-12',
        amount,
        sourceLabel: 'Bà Trần Thị Mai',
        memo: 'Thử',
      });
      expect(res.statusCode, amount).toBe(400);
      const form = /<form method="post" action="\/quan-tri\/quy\/\d+\/thu">[\s\S]*?<\/form>/.exec(res.body)?.[0] ?? '';
      expect(textOf(form), amount).toContain(message);
      expect(form, 'the message is next to the amount').toContain(
        `<span class="field-error" id="receipt-amount-error" role="alert">${message.replace(/"/g, '&quot;')}</span>`,
      );
      expect(form).toContain(
        `name="amount" type="text" required inputmode="decimal" placeholder="1.234.567" ${amount ? `value="${amount}"` : 'value/>'}`,
      );
      expect(res.body, 'the refused form is open').toContain('<details class="panel fund-action" id="ghi-thu" open>');
      expect(form).toContain('value="Bà Trần Thị Mai"');
      expect(form).toContain('value="12/03/2025"');
    }
    const future = await upper.post(`/quan-tri/quy/${social}/thu`, { on: '2099-01-01', amount: '1.000', sourceLabel: 'X' });
    expect(textOf(future.body)).toContain('ngày ghi sổ không được sau hôm nay');
    expect(
      (await upper.post(`/quan-tri/quy/${social}/thu`, { on: '2025-03-12', amount: '1.000', sourceLabel: '', sourceUnitId: '' })).body,
    ).toContain('Cần ghi đơn vị hoặc người ủng hộ.');
    expect(await entryCount()).toBe(before);
  });

  it('a transfer moves money between two funds, both ledgers show it; more than the balance is refused', async () => {
    const before = await entryCount();
    const tooMuch = await upper.post(`/quan-tri/quy/${social}/chuyen`, {
      toFundId: home,
      amount: '2.469.135',
      on: '2025-04-01',
      memo: 'Hỗ trợ làm nhà',
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(textOf(tooMuch.body)).toContain('Quỹ "Quỹ Xã hội" không đủ tiền: ngày 01/04/2025 còn 2.469.134 đồng, cần 2.469.135 đồng.');
    expect(tooMuch.body).toMatch(new RegExp(`<option value="${home}" selected>Quỹ Mái ấm Công đoàn \\(CĐ Viên chức tỉnh\\)`));
    expect(tooMuch.body).toContain('value="2.469.135"');
    expect(textOf((await upper.post(`/quan-tri/quy/${social}/chuyen`, { toFundId: '', amount: '1', on: '2025-04-01' })).body)).toContain(
      'Cần chọn quỹ nhận.',
    );
    expect(await entryCount()).toBe(before);

    const moved = await upper.post(`/quan-tri/quy/${social}/chuyen`, {
      toFundId: home,
      amount: '469.134',
      on: '2025-04-01',
      memo: 'Hỗ trợ làm nhà',
      tu: '2025-01-01',
      den: '2025-12-31',
    });
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe(`/quan-tri/quy/${social}${YEAR}`);
    const from = await upper.get(`/quan-tri/quy/${social}${YEAR}`);
    expect(from.body).toContain('Đã chuyển 469.134 đồng sang quỹ &quot;Quỹ Mái ấm Công đoàn&quot;.');
    expect(textOf(from.body)).toContain(
      '01/04/2025 Chuyển sang quỹ khác -469.134 đồng 2.000.000 đồng Sang Quỹ Mái ấm Công đoàn Hỗ trợ làm nhà',
    );
    expect(from.body).toContain(`Sang <a href="/quan-tri/quy/${home}">Quỹ Mái ấm Công đoàn</a>`);
    expect(statOf(from.body, 'số dư cuối ngày 31/12/2025')).toBe('2.000.000 đồng');
    const to = await upper.get(`/quan-tri/quy/${home}${YEAR}`);
    expect(textOf(to.body)).toContain('01/04/2025 Nhận từ quỹ khác +469.134 đồng 469.134 đồng Từ Quỹ Xã hội');
    expect(statOf(to.body, 'số dư cuối ngày 31/12/2025')).toBe('469.134 đồng');
    expect(await entryCount()).toBe(before + 2);
  });

  it('reversing a receipt restores the balance and marks it; a second reversal and a reversal of a reversal are refused', async () => {
    const [first] = await entriesOf(social);
    const noMemo = await upper.post(`/quan-tri/quy/${social}/but-toan/${first!.id}/huy`, {
      on: '2025-05-01',
      memo: ' ',
      tu: '2025-01-01',
      den: '2025-12-31',
    });
    expect(noMemo.statusCode).toBe(400);
    expect(noMemo.body).toMatch(
      new RegExp(
        `<details class="fund-reverse" open>[\\s\\S]*?Cần ghi lý do hủy để xác nhận việc hủy bút toán.[\\s\\S]*?Xác nhận hủy bút toán số ${first!.id}<`,
      ),
    );

    const undone = await upper.post(`/quan-tri/quy/${social}/but-toan/${first!.id}/huy`, {
      on: '2025-05-01',
      memo: 'Ghi nhầm quỹ',
      tu: '2025-01-01',
      den: '2025-12-31',
    });
    expect(undone.statusCode).toBe(303);
    const reversal = (await entriesOf(social)).at(-1)!;
    expect([reversal.kind, reversal.amount, reversal.reverses_entry_id]).toEqual(['reversal', -1_234_567, first!.id]);
    const page = await upper.get(`/quan-tri/quy/${social}${YEAR}`);
    expect(statOf(page.body, 'số dư cuối ngày 31/12/2025')).toBe('765.433 đồng');
    expect(page.body).toContain(
      `<span class="fund-reversed">đã hoàn</span> bởi <a href="#but-toan-${reversal.id}">bút toán số ${reversal.id}</a>`,
    );
    expect(page.body).toContain(`<tr id="but-toan-${first!.id}" class="fund-reversed-row">`);
    expect(textOf(page.body)).toContain(
      `01/05/2025 Hủy bút toán số ${first!.id} -1.234.567 đồng 765.433 đồng CĐCS Trường THPT Số 1 Ghi nhầm quỹ`,
    );
    // The reversed entry, out of the period shown, is linked with a period that holds it.
    const may = await upper.get(`/quan-tri/quy/${social}?tu=2025-05-01&den=2025-12-31`);
    expect(may.body).toContain(
      `<a href="/quan-tri/quy/${social}?tu=2025-03-01&amp;den=2025-12-31#but-toan-${first!.id}">bút toán số ${first!.id}</a>`,
    );
    expect(statOf(may.body, 'số dư đầu ngày 01/05/2025')).toBe('2.000.000 đồng');

    const before = await entryCount();
    const again = await upper.post(`/quan-tri/quy/${social}/but-toan/${first!.id}/huy`, {
      on: '2025-05-02',
      memo: 'Lần nữa',
      tu: '2025-01-01',
      den: '2025-12-31',
    });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain(`Bút toán số ${first!.id} đã được hủy (bút toán số ${reversal.id}, ngày 01/05/2025).`);
    expect(again.body, 'the message sits in the row of the entry').toMatch(
      new RegExp(`<tr id="but-toan-${first!.id}"((?!</tr>)[\\s\\S])*đã được hủy`),
    );
    const ofReversal = await upper.post(`/quan-tri/quy/${social}/but-toan/${reversal.id}/huy`, {
      on: '2025-05-02',
      memo: 'Hủy cái hủy',
      tu: '2025-01-01',
      den: '2025-12-31',
    });
    expect(ofReversal.statusCode).toBe(400);
    expect(textOf(ofReversal.body)).toContain('Đây là bút toán hủy; không hủy được bút toán hủy.');
    expect(ofReversal.body).toMatch(new RegExp(`<tr id="but-toan-${reversal.id}"((?!</tr>)[\\s\\S])*không hủy được bút toán hủy`));
    expect(await entryCount()).toBe(before);
    expect((await upper.post(`/quan-tri/quy/${home}/but-toan/${first!.id}/huy`, { on: '2025-05-02', memo: 'Sai quỹ' })).statusCode).toBe(
      404,
    );
  });

  it('shows the balance as of a past date, and says when the period asked for is wrong', async () => {
    const march = await upper.get(`/quan-tri/quy/${social}?tu=2025-03-01&den=2025-03-15`);
    expect(statOf(march.body, 'số dư cuối ngày 15/03/2025')).toBe('2.469.134 đồng');
    expect(statOf(march.body, 'tiền vào trong kỳ')).toBe('2.469.134 đồng');
    expect(march.body).not.toContain('-469.134 đồng');
    expect(statOf((await upper.get(`/quan-tri/quy/${social}?den=2025-02-28`)).body, 'số dư cuối ngày 28/02/2025')).toBe('0 đồng');
    const april = await upper.get(`/quan-tri/quy/${social}?tu=2025-04-01&den=2025-04-30`);
    expect([statOf(april.body, 'số dư đầu ngày 01/04/2025'), statOf(april.body, 'số dư cuối ngày 30/04/2025')]).toEqual([
      '2.469.134 đồng',
      '2.000.000 đồng',
    ]);
    const today = await upper.get(`/quan-tri/quy/${social}`);
    expect(statOf(today.body, `số dư cuối ngày ${formatIsoDate(todayInVietnam())}`)).toBe('765.433 đồng');
    const wrong = await upper.get(`/quan-tri/quy/${social}?tu=2025-06-01&den=2025-05-01`);
    expect(wrong.statusCode).toBe(200);
    expect(wrong.body).toContain('Từ ngày phải trước đến ngày');
    expect((await upper.get(`/quan-tri/quy/${social}?tu=2025-02-30`)).body).toContain('Ngày trong khoảng thời gian không hợp lệ');
  });

  it("a grassroots officer cannot open another unit's fund nor write to the fund of the unit above; unknown ids are 404", async () => {
    const hospital = Number(
      /(\d+)$/.exec(
        String((await upper.post('/quan-tri/quy', { unitId: units.hospital.id, name: 'Quỹ Nghĩa tình', kind: 'other' })).headers.location),
      )?.[1],
    );
    const mine = await school.get('/quan-tri/quy');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Chưa có quỹ nào trong phạm vi của bạn.');
    expect(mine.body).not.toContain('Quỹ Nghĩa tình');
    expect((await school.get(`/quan-tri/quy/${hospital}`)).statusCode).toBe(403);
    expect((await school.get(`/quan-tri/quy/${social}`)).statusCode).toBe(403);
    const before = await entryCount();
    const write = await school.post(`/quan-tri/quy/${social}/thu`, {
      on: '2025-06-01',
      amount: '100.000',
      sourceLabel: 'CĐCS Trường THPT Số 1',
    });
    expect(write.statusCode).toBe(403);
    expect(write.body).toContain('Không có quyền truy cập');
    expect((await school.post(`/quan-tri/quy/${social}/thu`, { on: '2025-06-01', amount: 'abc', sourceLabel: 'x' })).statusCode).toBe(403);
    expect((await school.post(`/quan-tri/quy/${social}/but-toan/1/huy`, { on: '2025-06-01', memo: 'x' })).statusCode).toBe(403);
    expect((await school.post('/quan-tri/quy/dong', { fundId: social, on: '2025-12-01' })).statusCode).toBe(403);
    expect(await entryCount()).toBe(before);
    expect((await upper.get('/quan-tri/quy/999999')).statusCode).toBe(404);
    expect((await upper.get('/quan-tri/quy/abc')).statusCode).toBe(404);
    expect((await upper.get('/quan-tri/quy/0')).statusCode).toBe(404);
    expect((await upper.post('/quan-tri/quy/0/thu', { on: '2025-06-01', amount: '1', sourceLabel: 'x' })).statusCode).toBe(404);
    expect((await upper.post('/quan-tri/quy/abc/chuyen', { toFundId: social, on: '2025-06-01', amount: '1' })).statusCode).toBe(404);
    expect((await upper.post(`/quan-tri/quy/${social}/but-toan/abc/huy`, { on: '2025-06-01', memo: 'x' })).statusCode).toBe(404);
    expect((await upper.post('/quan-tri/quy/999999/thu', { on: '2025-06-01', amount: '1', sourceLabel: 'x' })).statusCode).toBe(404);
    expect((await upper.post(`/quan-tri/quy/${social}/but-toan/999999/huy`, { on: '2025-06-01', memo: 'x' })).statusCode).toBe(404);
  });

  it('refuses a form without its CSRF token and writes nothing', async () => {
    const before = await entryCount();
    const res = await upper.post(`/quan-tri/quy/${social}/thu`, { on: '2025-06-01', amount: '100.000', sourceLabel: 'Không có mã' }, false);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Biểu mẫu đã hết hạn hoặc không hợp lệ');
    expect((await upper.post('/quan-tri/quy', { unitId: units.upper.id, name: 'Quỹ không mã', kind: 'other' }, false)).statusCode).toBe(
      403,
    );
    expect(await entryCount()).toBe(before);
    expect(await ta.t.db.selectFrom('funds').select('id').where('name', '=', 'Quỹ không mã').executeTakeFirst()).toBeUndefined();
  });

  it('closes a fund from a day after its last entry; the ledger then takes no receipts', async () => {
    const early = await upper.post('/quan-tri/quy/dong', { fundId: home, on: '2025-04-01' });
    expect(early.statusCode).toBe(400);
    expect(textOf(early.body)).toContain('Quỹ còn bút toán từ ngày 01/04/2025 trở đi; chỉ đóng được sau ngày 01/04/2025.');
    expect(early.body).toMatch(new RegExp(`<option value="${home}" selected>`));
    expect(early.body).toContain('value="01/04/2025"');
    expect((await upper.post('/quan-tri/quy/dong', { fundId: '', on: '2025-04-01' })).body).toContain('Cần chọn quỹ cần đóng.');
    expect((await upper.post('/quan-tri/quy/dong', { fundId: home, on: '2025-09-01' })).statusCode).toBe(303);
    expect(textOf((await upper.get('/quan-tri/quy')).body)).toContain(
      'Quỹ Mái ấm Công đoàn Quỹ Mái ấm Công đoàn 469.134 đồng Đã đóng từ 01/09/2025',
    );
    const ledger = await upper.get(`/quan-tri/quy/${home}`);
    expect(ledger.body).toContain('Đã đóng từ ngày 01/09/2025');
    expect(ledger.body).toContain('Quỹ đã đóng: chỉ ghi được bút toán đề ngày trước ngày 01/09/2025.');
    // A closed fund is no longer offered as a transfer target.
    const targets = /<select id="toFundId"[\s\S]*?<\/select>/.exec((await upper.get(`/quan-tri/quy/${social}`)).body)?.[0];
    expect(targets).toContain('Quỹ Nghĩa tình');
    expect(targets).not.toContain(`<option value="${home}"`);
    const late = await upper.post(`/quan-tri/quy/${home}/thu`, { on: todayInVietnam(), amount: '1.000', sourceLabel: 'X' });
    expect(textOf(late.body)).toContain('Quỹ "Quỹ Mái ấm Công đoàn" đã đóng từ ngày 01/09/2025.');
  });

  it('the audit log names the fund actions in Vietnamese', async () => {
    const log = textOf((await admin.get('/quan-tri/nhat-ky')).body);
    for (const label of ['Lập quỹ', 'Ghi thu vào quỹ', 'Chuyển tiền giữa các quỹ', 'Hủy bút toán sổ quỹ', 'Đóng quỹ'])
      expect(log, label).toContain(label);
    expect(log).not.toMatch(/\bfund\.(create|receipt|transfer|reverse|close)\b/);
  });
});
