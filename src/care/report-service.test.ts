import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser } from '../../test/client.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import { inTransaction } from '../db/context.js';
import type { CareReason, Fund, FundEntryKind, Role } from '../db/schema.js';
import { Rng } from '../demo/random.js';
import { addDays } from '../lib/dates.js';
import { admitMember } from '../members/service.js';
import { moveUnitIn } from '../org/service.js';
import { approveCase, closeCase, payCase, proposeCase } from './service.js';
import { balanceAsOf, createFund, recordReceipt, recordTransfer, reverseEntry } from '../funds/service.js';
import { createProgramme } from './programme-service.js';
import { careReport, periodPhrase, reportSentence, type CareReport } from './report-service.js';
import type { CaseInput } from './schema.js';

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { statusCode?: number; message: string }) => `${e.statusCode} ${e.message}`,
  );
const sum = <T>(items: T[], f: (x: T) => number) => items.reduce((s, x) => s + f(x), 0);

describe('the sentence of a care report', () => {
  it('names the period as the federation does', () => {
    expect(periodPhrase('2026-03-01', '2026-03-31')).toBe('Trong tháng 3 năm 2026');
    expect(periodPhrase('2024-02-01', '2024-02-29')).toBe('Trong tháng 2 năm 2024');
    expect(periodPhrase('2026-01-01', '2026-03-31')).toBe('Trong quý I năm 2026');
    expect(periodPhrase('2026-10-01', '2026-12-31')).toBe('Trong quý IV năm 2026');
    expect(periodPhrase('2026-01-01', '2026-06-30')).toBe('Trong 6 tháng đầu năm 2026');
    expect(periodPhrase('2026-07-01', '2026-12-31')).toBe('Trong 6 tháng cuối năm 2026');
    expect(periodPhrase('2026-01-01', '2026-09-30')).toBe('Trong 9 tháng đầu năm 2026');
    expect(periodPhrase('2026-01-01', '2026-12-31')).toBe('Trong năm 2026');
    expect(periodPhrase('2018-01-01', '2023-12-31')).toBe('Trong giai đoạn 2018 – 2023');
    expect(periodPhrase('2026-03-01', '2026-05-31')).toBe('Từ tháng 3 đến tháng 5 năm 2026');
    expect(periodPhrase('2025-11-01', '2026-02-28')).toBe('Từ tháng 11/2025 đến tháng 02/2026');
    expect(periodPhrase('2026-01-01', '2026-04-15')).toBe('Từ đầu năm 2026 đến ngày 15/04/2026');
    expect(periodPhrase('2026-03-01', '2026-04-15')).toBe('Từ ngày 01/03/2026 đến ngày 15/04/2026');
    expect(periodPhrase('2026-03-02', '2026-03-31')).toBe('Từ ngày 02/03/2026 đến ngày 31/03/2026');
    expect(periodPhrase('2026-04-30', '2026-04-30')).toBe('Ngày 30/04/2026');
  });

  it('says who helped how many people, with what, in Vietnamese', () => {
    const province = { fullName: 'Liên đoàn Lao động tỉnh Lạng Sơn', hasChildren: true };
    const school = { fullName: 'Công đoàn cơ sở Trường THPT Cao Lộc', hasChildren: false };
    expect(
      reportSentence(province, '2026-01-01', '2026-06-30', {
        people: 2150,
        cases: 2300,
        cash: 700_000_000,
        inKind: 140_748_000,
        total: 840_748_000,
      }),
    ).toBe(
      'Trong 6 tháng đầu năm 2026, công đoàn các cấp thuộc Liên đoàn Lao động tỉnh Lạng Sơn đã thăm hỏi, hỗ trợ 2.150 đoàn viên, người lao động (2.300 lượt), ' +
        'tổng trị giá 840.748.000 đồng (gồm tiền mặt 700.000.000 đồng và hiện vật trị giá 140.748.000 đồng).',
    );
    expect(reportSentence(school, '2026-04-01', '2026-06-30', { people: 3, cases: 3, cash: 1_500_000, inKind: 0, total: 1_500_000 })).toBe(
      'Trong quý II năm 2026, Công đoàn cơ sở Trường THPT Cao Lộc đã thăm hỏi, hỗ trợ 3 đoàn viên, người lao động, tổng trị giá 1.500.000 đồng (toàn bộ bằng tiền mặt).',
    );
    expect(reportSentence(school, '2026-03-01', '2026-04-15', { people: 1, cases: 1, cash: 0, inKind: 300_000, total: 300_000 })).toBe(
      'Từ ngày 01/03/2026 đến ngày 15/04/2026, Công đoàn cơ sở Trường THPT Cao Lộc đã thăm hỏi, hỗ trợ 1 đoàn viên, người lao động, tổng trị giá 300.000 đồng (toàn bộ bằng hiện vật).',
    );
    expect(reportSentence(province, '2026-05-01', '2026-05-31', { people: 0, cases: 0, cash: 0, inKind: 0, total: 0 })).toBe(
      'Trong tháng 5 năm 2026, công đoàn các cấp thuộc Liên đoàn Lao động tỉnh Lạng Sơn chưa chi khoản thăm hỏi, hỗ trợ nào.',
    );
  });
});

describe.each(DIALECTS)('care reports on %s', (dialect) => {
  let t: TestDb;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let treasurer: AuthUser;
  let approver: AuthUser;
  let funds: Fund[];
  const user = async (role: Role, unitId: number) => (await loadAuthUser(t, (await makeUser(t, role, unitId)).id))!;

  beforeAll(async () => {
    t = await freshDb(dialect);
    units = await makeUnitTree(t);
    treasurer = await user('officer', units.province.id);
    approver = await user('officer', units.province.id);
    funds = [];
    for (const [name, kind] of [
      ['Quỹ Xã hội', 'social'],
      ['Quỹ Mái ấm Công đoàn', 'home'],
      ['Quỹ khuyến học', 'study'],
    ] as const) {
      funds.push(await createFund(t, treasurer, { unitId: units.province.id, name, kind }));
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const approved = async (input: CaseInput) => {
    const { case: c } = await proposeCase(t, treasurer, input);
    return approveCase(t, approver, c.id, c.version);
  };

  it('counts a person once, dates a cash-less gift by the day it was handed over, and leaves out reversed payouts', async () => {
    const fund = funds[0]!;
    await recordReceipt(t, treasurer, { fundId: fund.id, on: '2024-01-02', amount: 50_000_000, sourceLabel: 'LĐLĐ tỉnh' });
    const { id: memberId } = await admitMember(t, treasurer, {
      fullName: 'Hoàng Thị Lan',
      gender: 'female',
      birthDate: '1980-05-05',
      unitId: units.school.id,
      joinedOn: '2005-01-01',
    });
    const base = {
      reason: 'hardship' as const,
      occurredOn: '2024-03-05',
      proposingUnitId: units.school.id,
      cashAmount: 1_000_000,
      inKindAmount: 200_000,
    };
    const inputs: CaseInput[] = [
      { ...base, recipient: { kind: 'member', memberId } },
      { ...base, recipient: { kind: 'member', memberId }, reason: 'long_illness' },
      { ...base, recipient: { kind: 'worker', fullName: 'Lý Văn Tài', birthYear: 1975 } },
      { ...base, recipient: { kind: 'worker', fullName: 'LY VAN TAI', birthYear: 1975 }, proposingUnitId: units.hospital.id },
      { ...base, recipient: { kind: 'worker', fullName: 'Lý Văn Tài', birthYear: 1990 } },
      { ...base, recipient: { kind: 'worker', fullName: 'Đinh Thị Thu', citizenId: '001190000123' } },
      { ...base, recipient: { kind: 'worker', fullName: 'Đinh Thu', citizenId: '001190000123' } },
      {
        ...base,
        recipient: { kind: 'child', parentMemberId: memberId, fullName: 'Nông Minh Khôi', birthYear: 2012 },
        reason: 'study',
        cashAmount: 0,
        inKindAmount: 500_000,
        occurredOn: '2024-02-20',
      },
    ];
    const cases = [];
    for (const input of inputs) cases.push(await approved(input));
    for (const c of cases) await payCase(t, treasurer, c.id, fund.id, c.cash_amount === 0 ? '2024-02-20' : '2024-03-10');
    // A payout reversed: its case no longer counts, though it was paid in the period.
    const reversedCase = await approved({ ...base, recipient: { kind: 'worker', fullName: 'Mã Văn Hùng', birthYear: 1970 } });
    const { entry } = await payCase(t, treasurer, reversedCase.id, fund.id, '2024-03-10');
    await reverseEntry(t, treasurer, entry!.id, { on: '2024-04-01', memo: 'Chi nhầm' });

    const march = await careReport(t, treasurer, units.province.id, '2024-03-01', '2024-03-31');
    // Hoàng Thị Lan twice, Lý Văn Tài 1975 twice (two spellings), Lý Văn Tài 1990, Đinh Thị Thu twice (one citizen ID).
    expect(march.totals).toEqual({ people: 4, cases: 7, cash: 7_000_000, inKind: 1_400_000, total: 8_400_000 });
    expect(march.byReason.map((r) => [r.label, r.people, r.cases])).toEqual([
      ['Ốm đau dài ngày', 1, 1],
      ['Hoàn cảnh khó khăn', 4, 6],
    ]);
    expect(march.byProgramme).toEqual([
      { key: '', label: 'Ngoài chương trình', people: 4, cases: 7, cash: 7_000_000, inKind: 1_400_000, total: 8_400_000 },
    ]);
    // The study award without cash counts on the day it was handed over.
    const february = await careReport(t, treasurer, units.school.id, '2024-02-01', '2024-02-29');
    expect(february.totals).toEqual({ people: 1, cases: 1, cash: 0, inKind: 500_000, total: 500_000 });
    expect(february.byReason.map((r) => r.label)).toEqual(['Khuyến học']);
    expect(february.sentence).toBe(
      'Trong tháng 2 năm 2024, Công đoàn cơ sở Trường THPT Số 1 đã thăm hỏi, hỗ trợ 1 đoàn viên, người lao động, tổng trị giá 500.000 đồng (toàn bộ bằng hiện vật).',
    );

    const upper = await careReport(t, treasurer, units.upper.id, '2024-01-01', '2024-12-31');
    expect(upper.byUnit.map((r) => [r.label, r.cases, r.cash])).toEqual([
      ['CĐ Viên chức tỉnh (trực tiếp)', 0, 0],
      ['CĐCS Bệnh viện tỉnh', 1, 1_000_000],
      ['CĐCS Trường THPT Số 1', 7, 6_000_000],
    ]);
    expect(upper.bucket).toBe('month');
    expect(upper.series.map((p) => p.label)).toEqual([
      '01/2024',
      '02/2024',
      '03/2024',
      '04/2024',
      '05/2024',
      '06/2024',
      '07/2024',
      '08/2024',
      '09/2024',
      '10/2024',
      '11/2024',
      '12/2024',
    ]);
    expect(upper.series.filter((p) => p.total > 0).map((p) => [p.label, p.total])).toEqual([
      ['02/2024', 500_000],
      ['03/2024', 8_400_000],
    ]);
    expect(upper.sentence).toBe(
      'Trong năm 2024, công đoàn các cấp thuộc Công đoàn Viên chức tỉnh đã thăm hỏi, hỗ trợ 5 đoàn viên, người lao động (8 lượt), ' +
        'tổng trị giá 8.900.000 đồng (gồm tiền mặt 7.000.000 đồng và hiện vật trị giá 1.900.000 đồng).',
    );
    const week = await careReport(t, treasurer, units.upper.id, '2024-03-04', '2024-03-12');
    expect([week.bucket, week.series.length, week.series.find((p) => p.total > 0)?.label]).toEqual(['day', 9, '10/03']);
  });

  it('shows a grassroots officer only its own unit, and refuses a bad period', async () => {
    const schoolOfficer = await user('officer', units.school.id);
    const own = await careReport(t, schoolOfficer, units.school.id, '2024-01-01', '2024-12-31');
    expect(own.totals.cases).toBe(7);
    expect(await outcome(careReport(t, schoolOfficer, units.upper.id, '2024-01-01', '2024-12-31'))).toMatch(/^403/);
    expect(await outcome(careReport(t, await user('viewer', units.province.id), units.province.id, '2024-01-01', '2024-12-31'))).toMatch(
      /^403/,
    );
    expect(await outcome(careReport(t, treasurer, units.upper.id, '2024-12-31', '2024-01-01'))).toBe(
      '400 Ngày kết thúc (01/01/2024) phải từ ngày bắt đầu (31/12/2024) trở đi.',
    );
    expect(await outcome(careReport(t, treasurer, units.upper.id, '2024-02-30', '2024-03-01'))).toBe(
      '400 Ngày bắt đầu "2024-02-30" không hợp lệ.',
    );
  });

  it('keeps report totals equal to the ledger for every subtree and period, and every balance to its entries, through random histories', async () => {
    const random = new Rng(20260512);
    const year = '2025';
    const day = () => addDays(`${year}-01-01`, random.int(0, 364));
    // Funds of their own: the model below holds every entry they get.
    const funds: Fund[] = [];
    for (const [name, kind] of [
      ['Quỹ Xã hội 2025', 'social'],
      ['Quỹ Tết 2025', 'campaign'],
      ['Quỹ Nghĩa tình 2025', 'other'],
    ] as const) {
      funds.push(await createFund(t, treasurer, { unitId: units.province.id, name, kind }));
    }
    const tet = await createProgramme(t, treasurer, {
      unitId: units.province.id,
      name: 'Tết Sum vầy 2025',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      budget: 900_000_000,
      fundIds: funds.map((f) => f.id),
    });
    const home = await createProgramme(t, treasurer, {
      unitId: units.upper.id,
      name: 'Mái ấm Công đoàn 2025',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      budget: 500_000_000,
    });

    // Who may receive: each with the identity a person really has, whatever the spelling on the case.
    const memberIds: number[] = [];
    for (const [fullName, unitId] of [
      ['Vương Thị Ngọc', units.school.id],
      ['Triệu Văn Bảo', units.school.id],
      ['Lục Thị Hằng', units.hospital.id],
      ['Hà Văn Quân', units.clinic.id],
    ] as const) {
      memberIds.push(
        (await admitMember(t, treasurer, { fullName, gender: 'male', birthDate: '1982-02-02', unitId, joinedOn: '2010-01-01' })).id,
      );
    }
    const pool: Array<{ person: string; recipient: CaseInput['recipient'] }> = [
      ...memberIds.map((memberId) => ({ person: `member ${memberId}`, recipient: { kind: 'member' as const, memberId } })),
      { person: 'Lò Văn Sáng 1979', recipient: { kind: 'worker', fullName: 'Lò Văn Sáng', birthYear: 1979 } },
      { person: 'Lò Văn Sáng 1979', recipient: { kind: 'worker', fullName: 'LO VAN SANG', birthYear: 1979 } },
      { person: 'Lò Văn Sáng 1988', recipient: { kind: 'worker', fullName: 'Lò Văn Sáng', birthYear: 1988 } },
      { person: 'Chu Thị Mai', recipient: { kind: 'worker', fullName: 'Chu Thị Mai', birthYear: 1991, citizenId: '001191000777' } },
      { person: 'Chu Thị Mai', recipient: { kind: 'worker', fullName: 'Chu Mai', citizenId: '001191000777' } },
      {
        person: 'Triệu Minh Anh',
        recipient: { kind: 'child', parentMemberId: memberIds[1]!, fullName: 'Triệu Minh Anh', birthYear: 2013 },
      },
    ];
    const proposingUnits = [units.upper, units.school, units.hospital, units.otherUpper, units.clinic];
    const parent = new Map<number, number | null>([
      [units.province.id, null],
      [units.upper.id, units.province.id],
      [units.school.id, units.upper.id],
      [units.hospital.id, units.upper.id],
      [units.otherUpper.id, units.province.id],
      [units.clinic.id, units.otherUpper.id],
    ]);
    const within = (root: number, unit: number) => {
      for (let u: number | null = unit; u !== null; u = parent.get(u) ?? null) if (u === root) return true;
      return false;
    };
    const reasons: CareReason[] = [
      'long_illness',
      'hardship',
      'grave_illness',
      'work_accident',
      'disaster',
      'study',
      'house',
      'holiday_gift',
      'other',
    ];

    // The model: every ledger line and every case, kept here independently of the services.
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
    interface ModelCase {
      id: number;
      unit: number;
      person: string;
      programme: number | null;
      reason: CareReason;
      occurredOn: string;
      cash: number;
      inKind: number;
      status: 'approved' | 'paid' | 'closed';
      payout: Line | null;
      paidOn: string | null;
      version: number;
    }
    const lines: Line[] = [];
    const cases = new Map<number, ModelCase>();
    const add = (e: {
      id: number;
      fund_id: number;
      entry_date: string;
      kind: FundEntryKind;
      amount: number;
      transfer_id: string | null;
      case_id: number | null;
    }) => {
      const line = {
        id: e.id,
        fund: e.fund_id,
        date: e.entry_date,
        kind: e.kind,
        amount: e.amount,
        transfer: e.transfer_id,
        caseId: e.case_id,
        reversed: false,
      };
      lines.push(line);
      return line;
    };
    const balance = (fund: number, date: string) =>
      sum(
        lines.filter((l) => l.fund === fund && l.date <= date),
        (l) => l.amount,
      );
    const lowestFrom = (fund: number, date: string) =>
      Math.min(balance(fund, date), ...lines.filter((l) => l.fund === fund && l.date > date).map((l) => balance(fund, l.date)));

    const tally: Record<string, number> = {};
    for (let step = 0; step < 260; step++) {
      const op = random.weighted([
        ['receipt', 25],
        ['case', 25],
        ['pay', 25],
        ['transfer', 10],
        ['reversal', 12],
        ['close', 3],
      ] as const);
      const waiting = [...cases.values()].filter((c) => c.status === 'approved');
      const paid = [...cases.values()].filter((c) => c.status === 'paid');
      let expectOk = true;
      let run: () => Promise<void>;
      if (op === 'case') {
        const unit = random.pick(proposingUnits);
        const { person, recipient } = random.pick(pool);
        const programme = random.pick([tet.id, null, ...(within(units.upper.id, unit.id) ? [home.id] : [])]);
        const cash = random.chance(0.15) ? 0 : random.int(1, 20) * 100_000;
        const inKind = cash === 0 || random.chance(0.4) ? random.int(1, 5) * 100_000 : 0;
        const reason = random.pick(reasons);
        const occurredOn = day();
        run = async () => {
          const c = await approved({
            programmeId: programme,
            recipient,
            reason,
            occurredOn,
            proposingUnitId: unit.id,
            cashAmount: cash,
            inKindAmount: inKind,
          });
          cases.set(c.id, {
            id: c.id,
            unit: unit.id,
            person,
            programme,
            reason,
            occurredOn,
            cash,
            inKind,
            status: 'approved',
            payout: null,
            paidOn: null,
            version: c.version,
          });
        };
      } else if (op === 'pay' && waiting.length > 0) {
        const c = random.pick(waiting);
        const fund = random.pick(funds);
        const on = day();
        expectOk = c.cash === 0 || lowestFrom(fund.id, on) >= c.cash;
        run = async () => {
          const { case: after, entry } = await payCase(t, treasurer, c.id, fund.id, on);
          Object.assign(c, { status: 'paid', payout: entry ? add(entry) : null, paidOn: on, version: after.version });
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
      } else if (op === 'reversal' && lines.some((l) => !l.reversed && l.kind !== 'reversal')) {
        const target = random.pick(lines.filter((l) => !l.reversed && l.kind !== 'reversal'));
        const legs = target.transfer ? lines.filter((l) => l.transfer === target.transfer) : [target];
        const later = addDays(target.date, random.int(0, 60));
        const on = later > `${year}-12-31` ? `${year}-12-31` : later;
        const owner = target.caseId === null ? null : cases.get(target.caseId)!;
        expectOk = owner?.status !== 'closed' && legs.every((l) => l.amount < 0 || lowestFrom(l.fund, on) >= l.amount);
        run = async () => {
          for (const w of await reverseEntry(t, treasurer, target.id, { on })) add(w);
          for (const l of legs) l.reversed = true;
          // A reversed payout sends its case back to be paid again.
          if (owner) Object.assign(owner, { status: 'approved', payout: null, paidOn: null, version: owner.version + 1 });
        };
      } else if (op === 'close' && paid.length > 0) {
        const c = random.pick(paid);
        run = async () => {
          const after = await closeCase(t, treasurer, c.id, c.version);
          Object.assign(c, { status: 'closed', version: after.version });
        };
      } else {
        const fund = random.pick(funds);
        const on = day();
        const amount = random.int(1, 30) * 100_000;
        run = async () => {
          add(await recordReceipt(t, treasurer, { fundId: fund.id, on, amount, sourceLabel: 'Nhà hảo tâm' }));
        };
      }
      const result = await outcome(run());
      expect(result === 'ok', `step ${step} ${op}: ${result}`).toBe(expectOk);
      if (result !== 'ok') expect(result, `step ${step}`).toMatch(/^400 .*(không đủ tiền|đã hoàn tất)/);
      const key = `${op} ${result === 'ok' ? 'ok' : 'refused'}`;
      tally[key] = (tally[key] ?? 0) + 1;
    }
    // The history holds every kind of event, accepted and refused.
    for (const key of ['receipt ok', 'case ok', 'pay ok', 'pay refused', 'transfer ok', 'reversal ok', 'reversal refused', 'close ok'])
      expect(tally[key] ?? 0, key).toBeGreaterThan(0);
    expect(lines.some((l) => l.kind === 'payout' && l.reversed)).toBe(true);

    // Every fund's balance: receipts − payouts ± transfers ± reversals, as the model has them.
    for (const fund of funds) {
      for (const date of ['2024-12-31', '2025-02-01', '2025-05-31', '2025-08-15', '2025-12-31']) {
        const of = (kind: FundEntryKind) =>
          sum(
            lines.filter((l) => l.fund === fund.id && l.kind === kind && l.date <= date),
            (l) => l.amount,
          );
        const expected = of('receipt') - Math.abs(of('payout')) + of('transfer_in') - Math.abs(of('transfer_out')) + of('reversal');
        expect(await balanceAsOf(t, treasurer, fund.id, date), `${fund.name} ${date}`).toBe(expected);
      }
    }

    // Every subtree and period: cash equals the live payouts of its cases; counts and in-kind equal the paid cases.
    const payDay = (c: ModelCase) => c.paidOn ?? '';
    const periods: Array<[string, string]> = [
      ['2025-01-01', '2025-12-31'],
      ['2025-01-01', '2025-03-31'],
      ['2025-04-01', '2025-06-30'],
      ['2025-07-01', '2025-09-30'],
      ['2025-10-01', '2025-12-31'],
      ['2025-01-01', '2025-06-30'],
      ['2025-05-01', '2025-05-31'],
      ['2023-01-01', '2023-12-31'],
      ['2025-06-01', '2026-05-31'],
    ];
    for (let i = 0; i < 4; i++) {
      const [a, b] = [day(), day()];
      periods.push(a <= b ? [a, b] : [b, a]);
    }
    const somePayout = lines.find((l) => l.kind === 'payout' && !l.reversed)!;
    periods.push([somePayout.date, somePayout.date]);
    const expectedOf = (root: number, from: string, to: string, exact = false) => {
      const counted = [...cases.values()].filter(
        (c) => c.status !== 'approved' && (exact ? c.unit === root : within(root, c.unit)) && payDay(c) >= from && payDay(c) <= to,
      );
      const ledgerCash =
        0 -
        sum(
          lines.filter(
            (l) =>
              l.kind === 'payout' &&
              !l.reversed &&
              l.date >= from &&
              l.date <= to &&
              (exact ? cases.get(l.caseId!)!.unit === root : within(root, cases.get(l.caseId!)!.unit)),
          ),
          (l) => l.amount,
        );
      const inKind = sum(counted, (c) => c.inKind);
      return {
        people: new Set(counted.map((c) => c.person)).size,
        cases: counted.length,
        cash: ledgerCash,
        inKind,
        total: ledgerCash + inKind,
      };
    };
    let nonEmpty = 0;
    for (const root of parent.keys()) {
      for (const [from, to] of periods) {
        const r: CareReport = await careReport(t, treasurer, root, from, to);
        const label = `root ${root} ${from}..${to}`;
        expect(r.totals, label).toEqual(expectedOf(root, from, to));
        for (const row of r.byUnit)
          expect(row, `${label} unit ${row.label}`).toMatchObject(expectedOf(Number(row.key), from, to, Number(row.key) === root));
        for (const rows of [r.byUnit, r.byProgramme, r.byReason]) {
          expect(
            sum(rows, (x) => x.cases),
            label,
          ).toBe(r.totals.cases);
          expect(
            sum(rows, (x) => x.cash),
            label,
          ).toBe(r.totals.cash);
          expect(
            sum(rows, (x) => x.total),
            label,
          ).toBe(r.totals.total);
          for (const x of rows) expect(x.people).toBeLessThanOrEqual(x.cases);
        }
        expect(
          sum(r.series, (p) => p.total),
          label,
        ).toBe(r.totals.total);
        if (r.totals.cases > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(40);
  });

  it('counts each case where its unit stood at the end of the period, within what the user may read today', async () => {
    const clinicOfficer = await user('officer', units.otherUpper.id);
    await recordReceipt(t, treasurer, { fundId: funds[2]!.id, on: '2026-01-02', amount: 10_000_000, sourceLabel: 'LĐLĐ tỉnh' });
    const worker = { kind: 'worker' as const, fullName: 'Sầm Văn Lực', birthYear: 1984 };
    const march = await approved({
      recipient: worker,
      reason: 'work_accident',
      occurredOn: '2026-03-01',
      proposingUnitId: units.clinic.id,
      cashAmount: 2_000_000,
      inKindAmount: 0,
    });
    await payCase(t, treasurer, march.id, funds[2]!.id, '2026-03-10');
    // The clinic's union moves from the health sector union to the public servants' union on 1 July.
    await inTransaction(t, (tx) => moveUnitIn(tx, SYSTEM_ACTORS.cli, units.clinic.id, units.upper.id, '2026-07-01'));
    const september = await approved({
      recipient: worker,
      reason: 'work_accident',
      occurredOn: '2026-09-01',
      proposingUnitId: units.clinic.id,
      cashAmount: 3_000_000,
      inKindAmount: 0,
    });
    await payCase(t, treasurer, september.id, funds[2]!.id, '2026-09-10');

    const cash = async (who: AuthUser, root: number, from: string, to: string) => (await careReport(t, who, root, from, to)).totals.cash;
    expect(await cash(treasurer, units.otherUpper.id, '2026-01-01', '2026-06-30')).toBe(2_000_000);
    expect(await cash(treasurer, units.upper.id, '2026-01-01', '2026-06-30')).toBe(0);
    expect(await cash(treasurer, units.upper.id, '2026-07-01', '2026-11-30')).toBe(3_000_000);
    expect(await cash(treasurer, units.upper.id, '2026-01-01', '2026-11-30')).toBe(5_000_000);
    expect(await cash(treasurer, units.otherUpper.id, '2026-01-01', '2026-11-30')).toBe(0);
    const h1 = await careReport(t, treasurer, units.province.id, '2026-01-01', '2026-06-30');
    expect(h1.byUnit.find((r) => r.key === String(units.otherUpper.id))?.cash).toBe(2_000_000);
    // The health sector union's officers no longer cover the clinic: its cases leave their reports.
    expect(await cash(clinicOfficer, units.otherUpper.id, '2026-01-01', '2026-06-30')).toBe(0);
  });
});
