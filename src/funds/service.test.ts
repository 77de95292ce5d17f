import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser } from '../../test/client.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import type { Fund, FundEntryKind } from '../db/schema.js';
import { Rng } from '../demo/random.js';
import { addDays, todayInVietnam } from '../lib/dates.js';
import { formatMoney } from '../lib/format.js';
import { admitMember } from '../members/service.js';
import { approveCase, payCase, proposeCase } from '../care/service.js';
import { balanceAsOf, closeFund, createFund, ledgerOf, listFunds, recordReceipt, recordTransfer, reverseEntry } from './service.js';
import { createProgramme, programmeTotals } from '../care/programme-service.js';

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { statusCode?: number; message: string }) => `${e.statusCode} ${e.message}`,
  );

describe.each(DIALECTS)('fund ledgers on %s', (dialect) => {
  let t: TestDb;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let treasurer: AuthUser;
  let schoolOfficer: AuthUser;
  let upperOfficer: AuthUser;
  const user = async (role: 'officer' | 'viewer', unitId: number) => (await loadAuthUser(t, (await makeUser(t, role, unitId)).id))!;
  const entryCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('fund_entries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await freshDb(dialect);
    units = await makeUnitTree(t);
    treasurer = await user('officer', units.province.id);
    schoolOfficer = await user('officer', units.school.id);
    upperOfficer = await user('officer', units.upper.id);
  });
  afterAll(async () => {
    await t.close();
  });

  it('records receipts written as people write money, and refuses bad amounts', async () => {
    const fund = await createFund(t, treasurer, { unitId: units.province.id, name: 'Quỹ Xã hội', kind: 'social' });
    expect(await outcome(createFund(t, treasurer, { unitId: units.province.id, name: 'Quỹ Xã hội', kind: 'social' }))).toBe(
      '409 Đơn vị đã có quỹ "Quỹ Xã hội".',
    );
    const receipt = (amount: number | string, on = '2025-03-01') =>
      recordReceipt(t, treasurer, { fundId: fund.id, on, amount, sourceLabel: 'CĐCS Kho bạc Nhà nước' });
    expect((await receipt('1.234.567')).amount).toBe(1_234_567);
    expect((await receipt('1,234,567 đồng')).amount).toBe(1_234_567);
    expect((await receipt(100_000)).amount).toBe(100_000);
    const before = await entryCount();
    expect(await outcome(receipt(-5))).toBe('400 Số tiền không được âm (-5).');
    expect(await outcome(receipt('-5.000'))).toBe('400 Số tiền không được âm: "-5.000".');
    expect(await outcome(receipt(12.5))).toContain('400 Số tiền phải là số đồng chẵn');
    expect(await outcome(receipt('1.234,5'))).toBe('400 Số tiền phải là số đồng chẵn, không có phần lẻ: "1.234,5".');
    expect(await outcome(receipt('12.5'))).toContain('không có phần lẻ');
    expect(await outcome(receipt('một triệu'))).toContain('không phải là một số');
    expect(await outcome(receipt(0))).toBe('400 Số tiền thu phải lớn hơn 0.');
    expect(await outcome(receipt(1000, addDays(todayInVietnam(), 1)))).toContain('ngày ghi sổ không được sau hôm nay');
    expect(await outcome(receipt(1000, '2025-02-30'))).toBe('400 Ngày không hợp lệ.');
    expect(await outcome(recordReceipt(t, schoolOfficer, { fundId: fund.id, on: '2025-03-01', amount: 1000, sourceLabel: 'x' }))).toMatch(
      /^403/,
    );
    expect(await entryCount()).toBe(before);
    expect(await balanceAsOf(t, treasurer, fund.id, '2025-03-01')).toBe(2_569_134);
    expect(await balanceAsOf(t, treasurer, fund.id, '2025-02-28')).toBe(0);
    expect(await outcome(balanceAsOf(t, schoolOfficer, fund.id, '2025-03-01'))).toMatch(/^403/);
    const audit = await t.db.selectFrom('audit_events').select('action').where('entity', 'in', ['fund', 'fund_entry']).execute();
    expect(audit.map((a) => a.action)).toEqual(['fund.create', 'fund.receipt', 'fund.receipt', 'fund.receipt']);
  });

  it('refuses an outflow the fund cannot cover on its day or any later day, even back-dated', async () => {
    const a = await createFund(t, treasurer, { unitId: units.province.id, name: 'Quỹ A', kind: 'campaign' });
    const b = await createFund(t, treasurer, { unitId: units.upper.id, name: 'Quỹ B', kind: 'other' });
    await recordReceipt(t, treasurer, { fundId: a.id, on: '2025-03-01', amount: 1_000_000, sourceLabel: 'Ông Nguyễn Văn An' });
    await recordTransfer(t, treasurer, { fromFundId: a.id, toFundId: b.id, on: '2025-06-01', amount: 800_000 });
    const before = await entryCount();
    const move = (on: string, amount: number) => recordTransfer(t, treasurer, { fromFundId: a.id, toFundId: b.id, on, amount });
    expect(await outcome(move('2025-02-01', 100_000))).toBe('400 Quỹ "Quỹ A" không đủ tiền: ngày 01/02/2025 còn 0 đồng, cần 100.000 đồng.');
    expect(await outcome(move('2025-04-01', 300_000))).toBe(
      '400 Quỹ "Quỹ A" không đủ tiền: từ ngày 01/04/2025 trở đi có lúc quỹ chỉ còn 200.000 đồng, cần 300.000 đồng.',
    );
    expect(await outcome(move('2025-07-01', 200_001))).toContain('không đủ tiền');
    expect(await outcome(move('2025-07-01', 0))).toBe('400 Số tiền chuyển phải lớn hơn 0.');
    expect(await outcome(recordTransfer(t, treasurer, { fromFundId: a.id, toFundId: a.id, on: '2025-07-01', amount: 1 }))).toContain(
      'phải khác nhau',
    );
    expect(await outcome(recordTransfer(t, upperOfficer, { fromFundId: b.id, toFundId: a.id, on: '2025-07-01', amount: 1 }))).toMatch(
      /^403/,
    );
    expect(await entryCount()).toBe(before);
    const { transferId, out, in: into } = await move('2025-04-01', 200_000);
    expect([out.amount, into.amount, out.transfer_id, into.transfer_id]).toEqual([-200_000, 200_000, transferId, transferId]);
    expect(await balanceAsOf(t, treasurer, a.id, '2025-12-31')).toBe(0);
    expect(await balanceAsOf(t, upperOfficer, b.id, '2025-12-31')).toBe(1_000_000);
  });

  it('reverses entries with new entries: both legs of a transfer, never twice, never a reversal', async () => {
    const a = await createFund(t, treasurer, { unitId: units.province.id, name: 'Quỹ khuyến học', kind: 'study' });
    const b = await createFund(t, treasurer, { unitId: units.province.id, name: 'Quỹ Mái ấm Công đoàn', kind: 'home' });
    const gift = await recordReceipt(t, treasurer, {
      fundId: a.id,
      on: '2025-05-01',
      amount: 5_000_000,
      sourceLabel: 'CĐCS Bệnh viện tỉnh',
      sourceUnitId: units.hospital.id,
    });
    const { out } = await recordTransfer(t, treasurer, { fromFundId: a.id, toFundId: b.id, on: '2025-05-10', amount: 4_000_000 });
    // The receipt was spent: undoing it would leave the fund short.
    expect(await outcome(reverseEntry(t, treasurer, gift.id, { on: '2025-05-20' }))).toContain('không đủ tiền');
    expect(await outcome(reverseEntry(t, treasurer, out.id, { on: '2025-05-01' }))).toContain('Ngày hủy phải từ ngày ghi sổ');
    const legs = await reverseEntry(t, treasurer, out.id, { on: '2025-05-20', memo: 'Chuyển nhầm quỹ' });
    expect(legs.map((l) => [l.fund_id, l.kind, l.amount])).toEqual([
      [a.id, 'reversal', 4_000_000],
      [b.id, 'reversal', -4_000_000],
    ]);
    expect(legs[0]!.transfer_id).toBe(legs[1]!.transfer_id);
    expect(await outcome(reverseEntry(t, treasurer, out.id, { on: '2025-05-21' }))).toMatch(/^409 Bút toán số \d+ đã được hủy/);
    expect(await outcome(reverseEntry(t, treasurer, legs[1]!.id, { on: '2025-05-21' }))).toContain('không hủy được bút toán hủy');
    const reversed = await reverseEntry(t, treasurer, gift.id, { on: '2025-05-20' });
    expect(reversed.map((l) => l.amount)).toEqual([-5_000_000]);
    for (const f of [a, b]) {
      expect(await balanceAsOf(t, treasurer, f.id, '2025-05-19')).toBe(f.id === a.id ? 1_000_000 : 4_000_000);
      expect(await balanceAsOf(t, treasurer, f.id, '2025-05-20')).toBe(0);
    }
    const ledger = await ledgerOf(t, treasurer, a.id, '2025-05-02', '2025-12-31');
    expect([ledger.opening, ledger.closing]).toEqual([5_000_000, 0]);
    expect(ledger.entries.map((e) => [e.kind, e.amount, e.reversed_by !== null])).toEqual([
      ['transfer_out', -4_000_000, true],
      ['reversal', 4_000_000, false],
      ['reversal', -5_000_000, false],
    ]);
    const audit = await t.db.selectFrom('audit_events').select('action').where('action', '=', 'fund.reverse').execute();
    expect(audit).toHaveLength(3);
  });

  it('closes a fund: no entries dated from that day on', async () => {
    const f = await createFund(t, treasurer, { unitId: units.upper.id, name: 'Quỹ phòng chống Covid-19', kind: 'campaign' });
    await recordReceipt(t, upperOfficer, {
      fundId: f.id,
      on: '2025-04-01',
      amount: 300_000,
      sourceLabel: 'Đoàn viên CĐCS Trường THPT Số 1',
    });
    expect(await outcome(closeFund(t, upperOfficer, f.id, '2025-04-01'))).toContain('Quỹ còn bút toán từ ngày 01/04/2025');
    await closeFund(t, upperOfficer, f.id, '2025-09-01');
    expect(await outcome(recordReceipt(t, upperOfficer, { fundId: f.id, on: '2025-09-01', amount: 1, sourceLabel: 'x' }))).toBe(
      '400 Quỹ "Quỹ phòng chống Covid-19" đã đóng từ ngày 01/09/2025.',
    );
    await recordReceipt(t, upperOfficer, { fundId: f.id, on: '2025-08-31', amount: 1, sourceLabel: 'x' });
    const seen = await listFunds(t, upperOfficer, '2025-12-31');
    expect(seen.map((s) => [s.name, s.balance])).toEqual(expect.arrayContaining([['Quỹ phòng chống Covid-19', 300_001]]));
    expect(seen.every((s) => s.unit_id === units.upper.id)).toBe(true);
    expect(await listFunds(t, schoolOfficer)).toEqual([]);
  });

  it('keeps every balance equal to receipts − payouts ± transfers ± reversals through random histories', async () => {
    const random = new Rng(20260509);
    const funds: Fund[] = [];
    for (const [name, kind] of [
      ['Quỹ Xã hội 2025', 'social'],
      ['Quỹ Mái ấm 2025', 'home'],
      ['Quỹ Tết 2025', 'campaign'],
    ] as const) {
      funds.push(await createFund(t, treasurer, { unitId: units.province.id, name, kind }));
    }
    const programme = await createProgramme(t, treasurer, {
      unitId: units.province.id,
      name: 'Tết Sum vầy 2025',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      budget: 500_000_000,
      fundIds: funds.map((f) => f.id),
    });
    const { id: memberId } = await admitMember(t, schoolOfficer, {
      fullName: 'Trần Thị Mai',
      gender: 'female',
      birthDate: '1980-02-02',
      unitId: units.school.id,
      joinedOn: '2010-01-01',
    });
    const unpaid: Array<{ id: number; cash: number }> = [];
    for (let i = 0; i < 30; i++) {
      const cash = random.int(2, 20) * 100_000;
      const { case: c } = await proposeCase(t, schoolOfficer, {
        programmeId: programme.id,
        recipient: { kind: 'member', memberId },
        reason: 'holiday_gift',
        occurredOn: '2025-01-20',
        proposingUnitId: units.school.id,
        cashAmount: cash,
        inKindAmount: random.chance(0.5) ? 300_000 : 0,
      });
      await approveCase(t, upperOfficer, c.id, c.version);
      unpaid.push({ id: c.id, cash });
    }

    // The model: every entry the ledger should hold, computed here independently of the service.
    interface Line {
      id: number;
      fund: number;
      date: string;
      kind: FundEntryKind;
      amount: number;
      transfer: string | null;
      caseId: number | null;
      reversed: boolean;
    }
    const lines: Line[] = [];
    const balance = (fund: number, date: string) => lines.reduce((sum, l) => (l.fund === fund && l.date <= date ? sum + l.amount : sum), 0);
    const lowestFrom = (fund: number, date: string) =>
      Math.min(balance(fund, date), ...lines.filter((l) => l.fund === fund && l.date > date).map((l) => balance(fund, l.date)));
    const day = () => addDays('2025-01-01', random.int(0, 364));
    const add = (e: {
      id: number;
      fund_id: number;
      entry_date: string;
      kind: FundEntryKind;
      amount: number;
      transfer_id: string | null;
      case_id: number | null;
    }) => {
      lines.push({
        id: e.id,
        fund: e.fund_id,
        date: e.entry_date,
        kind: e.kind,
        amount: e.amount,
        transfer: e.transfer_id,
        caseId: e.case_id,
        reversed: false,
      });
    };
    const tally = { ok: 0, refused: 0 };
    const baseCount = await entryCount();

    for (let step = 0; step < 200; step++) {
      const op = random.weighted([
        ['receipt', 35],
        ['payout', 25],
        ['transfer', 20],
        ['reversal', 20],
      ] as const);
      let expectOk: boolean;
      let run: () => Promise<void>;
      if (op === 'payout' && unpaid.length > 0) {
        const c = random.pick(unpaid);
        const fund = random.pick(funds);
        const on = day();
        expectOk = lowestFrom(fund.id, on) >= c.cash;
        run = async () => {
          const { entry } = await payCase(t, treasurer, c.id, fund.id, on);
          add(entry!);
          unpaid.splice(unpaid.indexOf(c), 1);
        };
      } else if (op === 'transfer') {
        const [from, to] = random.sample(funds, 2) as [Fund, Fund];
        const on = day();
        const amount = random.int(1, 40) * 100_000;
        expectOk = lowestFrom(from.id, on) >= amount;
        run = async () => {
          const r = await recordTransfer(t, treasurer, { fromFundId: from.id, toFundId: to.id, on, amount });
          add(r.out);
          add(r.in);
        };
      } else if (op === 'reversal' && lines.length > 0) {
        const target = random.pick(lines);
        const legs = target.transfer && target.kind !== 'reversal' ? lines.filter((l) => l.transfer === target.transfer) : [target];
        const later = addDays(target.date, random.int(0, 40));
        const on = later > '2025-12-31' ? '2025-12-31' : later;
        expectOk = target.kind !== 'reversal' && legs.every((l) => !l.reversed && (l.amount < 0 || lowestFrom(l.fund, on) >= l.amount));
        run = async () => {
          const written = await reverseEntry(t, treasurer, target.id, { on });
          for (const w of written) add(w);
          for (const l of legs) {
            l.reversed = true;
            if (l.kind === 'payout') unpaid.push({ id: l.caseId!, cash: -l.amount });
          }
        };
      } else {
        const fund = random.pick(funds);
        const amount = random.int(1, 30) * 100_000;
        const on = day();
        expectOk = true;
        // Amounts typed as people write them, or as numbers.
        run = async () =>
          add(
            await recordReceipt(t, treasurer, {
              fundId: fund.id,
              on,
              amount: random.chance(0.5) ? formatMoney(amount) : amount,
              sourceLabel: 'CĐCS Trường THPT Số 1',
              sourceUnitId: units.school.id,
            }),
          );
      }
      const result = await outcome(run());
      expect(result === 'ok', `step ${step} ${op}: ${result}`).toBe(expectOk);
      if (result !== 'ok') expect(result, `step ${step}`).toMatch(/^(400|409) /);
      tally[expectOk ? 'ok' : 'refused']++;
      // A refused operation wrote nothing; an accepted one wrote exactly its entries.
      expect(await entryCount()).toBe(baseCount + lines.length);
    }
    expect(tally.refused).toBeGreaterThan(10);
    expect(tally.ok).toBeGreaterThan(100);

    const dates = ['2024-12-31', '2025-01-01', '2025-02-14', '2025-04-30', '2025-07-15', '2025-09-02', '2025-12-31', '2026-02-01'];
    for (const fund of funds) {
      for (const date of dates) expect(await balanceAsOf(t, treasurer, fund.id, date), `${fund.name} ${date}`).toBe(balance(fund.id, date));
      const by = (kind: FundEntryKind) =>
        lines.filter((l) => l.fund === fund.id && l.kind === kind).reduce((s, l) => s + Math.abs(l.amount), 0);
      const reversals = lines.filter((l) => l.fund === fund.id && l.kind === 'reversal').reduce((s, l) => s + l.amount, 0);
      expect(await balanceAsOf(t, treasurer, fund.id, '2025-12-31')).toBe(
        by('receipt') - by('payout') + by('transfer_in') - by('transfer_out') + reversals,
      );
      const ledger = await ledgerOf(t, treasurer, fund.id, '2025-01-01', '2025-12-31');
      expect(ledger.opening).toBe(0);
      expect(ledger.entries).toHaveLength(lines.filter((l) => l.fund === fund.id).length);
      expect(ledger.opening + ledger.entries.reduce((s, e) => s + e.amount, 0)).toBe(ledger.closing);
      // Back-dating never left a day below zero.
      for (const l of lines.filter((x) => x.fund === fund.id)) expect(balance(fund.id, l.date)).toBeGreaterThanOrEqual(0);
    }
    const paidCash = -lines.filter((l) => l.caseId !== null).reduce((s, l) => s + l.amount, 0);
    const totals = await programmeTotals(t, treasurer, programme.id);
    expect(totals.paidCash).toBe(paidCash);
    expect(totals.cases.paid + totals.cases.approved).toBe(30);
    expect(totals.cases.approved).toBe(unpaid.length);
  });
});
