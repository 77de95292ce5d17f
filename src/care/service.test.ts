import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser } from '../../test/client.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import { openDatabase } from '../db/connection.js';
import type { DbContext } from '../db/context.js';
import type { Fund, Role } from '../db/schema.js';
import { admitMember } from '../members/service.js';
import { approveCase, closeCase, editCase, listCases, payCase, proposeCase, readCase, resubmitCase, returnCase } from './service.js';
import { balanceAsOf, createFund, recordReceipt, reverseEntry } from '../funds/service.js';
import { createProgramme, programmeTotals, type ProgrammeWithFunds } from './programme-service.js';
import type { CaseInput } from './schema.js';

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { statusCode?: number; message: string }) => `${e.statusCode} ${e.message}`,
  );

describe.each(DIALECTS)('care cases on %s', (dialect) => {
  let t: TestDb;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  const users = {} as Record<
    'school' | 'hospital' | 'upper' | 'upper2' | 'otherUpper' | 'province' | 'viewer' | 'editor' | 'admin',
    AuthUser
  >;
  let provinceFund: Fund;
  let spareFund: Fund;
  let upperFund: Fund;
  let tet: ProgrammeWithFunds;
  let memberId: number;
  const user = async (role: Role, unitId: number) => (await loadAuthUser(t, (await makeUser(t, role, unitId)).id))!;
  const entriesOf = async (caseId: number) =>
    t.db.selectFrom('fund_entries').selectAll().where('case_id', '=', caseId).orderBy('id').execute();

  beforeAll(async () => {
    t = await freshDb(dialect);
    units = await makeUnitTree(t);
    users.school = await user('officer', units.school.id);
    users.hospital = await user('officer', units.hospital.id);
    users.upper = await user('officer', units.upper.id);
    users.upper2 = await user('officer', units.upper.id);
    users.otherUpper = await user('officer', units.otherUpper.id);
    users.province = await user('officer', units.province.id);
    users.viewer = await user('viewer', units.province.id);
    users.editor = await user('editor', units.province.id);
    users.admin = await user('admin', units.province.id);
    provinceFund = await createFund(t, users.province, { unitId: units.province.id, name: 'Quỹ Xã hội', kind: 'social' });
    spareFund = await createFund(t, users.province, { unitId: units.province.id, name: 'Quỹ Nghĩa tình Công đoàn', kind: 'other' });
    upperFund = await createFund(t, users.upper, { unitId: units.upper.id, name: 'Quỹ Tương trợ', kind: 'other' });
    await recordReceipt(t, users.province, {
      fundId: provinceFund.id,
      on: '2026-01-05',
      amount: '10.000.000',
      sourceLabel: 'Ngân sách LĐLĐ tỉnh',
    });
    await recordReceipt(t, users.province, { fundId: spareFund.id, on: '2026-01-05', amount: '10.000.000', sourceLabel: 'Nhà hảo tâm' });
    await recordReceipt(t, users.upper, {
      fundId: upperFund.id,
      on: '2026-01-05',
      amount: '3.000.000',
      sourceLabel: 'CĐCS Trường THPT Số 1',
      sourceUnitId: units.school.id,
    });
    tet = await createProgramme(t, users.province, {
      unitId: units.province.id,
      name: 'Tết Sum vầy 2026',
      startsOn: '2026-01-01',
      endsOn: '2026-02-28',
      budget: '100.000.000',
      defaultCash: 500_000,
      defaultInKind: 300_000,
      fundIds: [provinceFund.id],
    });
    ({ id: memberId } = await admitMember(t, users.school, {
      fullName: 'Nguyễn Thị Hương',
      gender: 'female',
      birthDate: '1985-04-12',
      citizenId: '001185000123',
      unitId: units.school.id,
      joinedOn: '2015-09-01',
    }));
  });
  afterAll(async () => {
    await t.close();
  });

  const worker = (over: Partial<CaseInput> = {}): CaseInput => ({
    recipient: { kind: 'worker', fullName: 'Lê Văn Thành', birthYear: 1979 },
    reason: 'hardship',
    description: 'Vợ ốm nặng, hai con nhỏ.',
    occurredOn: '2026-01-15',
    proposingUnitId: units.school.id,
    cashAmount: 1_000_000,
    inKindAmount: 0,
    ...over,
  });
  const approved = async (input: CaseInput, proposer = users.school) => {
    const { case: c } = await proposeCase(t, proposer, input);
    return approveCase(t, users.upper, c.id, c.version);
  };

  it('goes proposed → returned → edited → resubmitted → approved → paid → closed, with an audit row at each step', async () => {
    const { case: c, warnings } = await proposeCase(t, users.school, {
      programmeId: tet.id,
      recipient: { kind: 'member', memberId },
      reason: 'holiday_gift',
      occurredOn: '2026-01-20',
      proposingUnitId: units.school.id,
    });
    expect(warnings).toEqual([]);
    expect(c).toMatchObject({
      status: 'proposed',
      version: 1,
      cash_amount: 500_000,
      in_kind_amount: 300_000,
      recipient_name: 'Nguyễn Thị Hương',
      recipient_folded: 'nguyen thi huong',
      recipient_birth_year: 1985,
      recipient_citizen_id: null,
    });
    expect(await outcome(returnCase(t, users.upper, c.id, 1, '  '))).toBe('400 Cần ghi lý do trả lại hồ sơ.');
    const returned = await returnCase(t, users.upper, c.id, 1, 'Thiếu xác nhận hoàn cảnh của BCH.');
    expect(returned).toMatchObject({
      status: 'returned',
      version: 2,
      decided_by: users.upper.id,
      decision_note: 'Thiếu xác nhận hoàn cảnh của BCH.',
    });
    expect(await outcome(approveCase(t, users.upper, c.id, 2))).toBe('400 Không thể duyệt: hồ sơ đang ở trạng thái "Trả lại".');
    const { case: edited } = await editCase(t, users.school, c.id, 2, {
      programmeId: tet.id,
      recipient: { kind: 'member', memberId },
      reason: 'holiday_gift',
      occurredOn: '2026-01-21',
      cashAmount: '600.000',
      description: 'Có xác nhận của BCH.',
    });
    expect(edited).toMatchObject({
      status: 'returned',
      version: 3,
      cash_amount: 600_000,
      in_kind_amount: 300_000,
      occurred_on: '2026-01-21',
    });
    const resubmitted = await resubmitCase(t, users.school, c.id, 3);
    expect(resubmitted.status).toBe('proposed');
    const ok = await approveCase(t, users.upper, c.id, 4, { note: 'Đồng ý', fundId: provinceFund.id });
    expect(ok).toMatchObject({ status: 'approved', version: 5, fund_id: provinceFund.id, decision_note: 'Đồng ý' });
    const { case: paid, entry } = await payCase(t, users.province, c.id, null, '2026-01-22');
    expect(entry).toMatchObject({ fund_id: provinceFund.id, kind: 'payout', amount: -600_000, case_id: c.id, entry_date: '2026-01-22' });
    expect(paid).toMatchObject({ status: 'paid', version: 6, paid_entry_id: entry!.id, paid_by: users.province.id });
    expect(await balanceAsOf(t, users.province, provinceFund.id, '2026-01-22')).toBe(9_400_000);
    expect(await outcome(payCase(t, users.province, c.id, null, '2026-01-23'))).toBe(`409 Hồ sơ số ${c.id} đã được chi.`);
    const closed = await closeCase(t, users.province, c.id, 6);
    expect(closed.status).toBe('closed');
    expect(await outcome(reverseEntry(t, users.province, entry!.id, { on: '2026-01-25' }))).toContain('đã hoàn tất');
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'after_json', 'before_json'])
      .where('entity', '=', 'care_case')
      .where('entity_id', '=', String(c.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'care_case.propose',
      'care_case.return',
      'care_case.update',
      'care_case.resubmit',
      'care_case.approve',
      'care_case.pay',
      'care_case.close',
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/Hương|Huong|001185000123|xác nhận/);
    const payoutAudit = await t.db
      .selectFrom('audit_events')
      .select(['unit_id'])
      .where('action', '=', 'fund.payout')
      .where('entity_id', '=', String(entry!.id))
      .execute();
    expect(payoutAudit).toEqual([{ unit_id: units.province.id }]);
    const totals = await programmeTotals(t, users.province, tet.id);
    expect(totals).toMatchObject({ budget: 100_000_000, paidCash: 600_000, paidInKind: 300_000, spent: 900_000, remaining: 99_100_000 });
    expect(totals.cases.closed).toBe(1);
  });

  it('lets a grassroots officer propose but never approve or pay; an upper unit decides only in its scope', async () => {
    const { case: c } = await proposeCase(t, users.school, worker());
    expect(await outcome(approveCase(t, users.school, c.id, 1))).toMatch(/^403 Chỉ công đoàn cấp trên của đơn vị đề nghị/);
    expect(await outcome(returnCase(t, users.school, c.id, 1, 'x'))).toMatch(/^403/);
    expect(await outcome(approveCase(t, users.hospital, c.id, 1))).toMatch(/^403/);
    expect(await outcome(approveCase(t, users.otherUpper, c.id, 1))).toMatch(/^403/);
    for (const u of [users.viewer, users.editor]) {
      expect(await outcome(approveCase(t, u, c.id, 1))).toMatch(/^403/);
      expect(await outcome(proposeCase(t, u, worker()))).toMatch(/^403/);
      expect(await outcome(readCase(t, u, c.id))).toMatch(/^403/);
    }
    expect(await outcome(proposeCase(t, users.hospital, worker()))).toMatch(/^403/);
    expect(await outcome(readCase(t, users.hospital, c.id))).toMatch(/^403/);
    await approveCase(t, users.upper, c.id, 1, { fundId: upperFund.id });
    expect(await outcome(payCase(t, users.school, c.id, upperFund.id, '2026-01-16'))).toMatch(/^403 Chỉ công đoàn cấp trên/);
    expect(await outcome(payCase(t, users.otherUpper, c.id, upperFund.id, '2026-01-16'))).toMatch(/^403/);
    // Paying needs the fund too: the upper union does not manage the province's fund.
    expect(await outcome(payCase(t, users.upper, c.id, provinceFund.id, '2026-01-16'))).toBe('403 Bạn không quản lý quỹ "Quỹ Xã hội".');
    const { entry } = await payCase(t, users.upper, c.id, null, '2026-01-16');
    expect(entry).toMatchObject({ fund_id: upperFund.id, amount: -1_000_000 });
    expect(await outcome(closeCase(t, users.school, c.id, 3))).toMatch(/^403/);

    // A unit's own officers cannot decide on its proposals: only a unit strictly above.
    const { case: own } = await proposeCase(t, users.upper, worker({ proposingUnitId: units.upper.id }));
    expect(await outcome(approveCase(t, users.upper2, own.id, 1))).toMatch(/^403 Chỉ công đoàn cấp trên/);
    await approveCase(t, users.province, own.id, 1);
    // The admin of the province decides below it like any officer there.
    const { case: byAdmin } = await proposeCase(t, users.school, worker({ recipient: { kind: 'worker', fullName: 'Hà Văn Tư' } }));
    expect((await approveCase(t, users.admin, byAdmin.id, 1)).status).toBe('approved');
  });

  it('never lets the proposer approve their own case, nor whoever last edited it', async () => {
    const { case: c } = await proposeCase(t, users.upper, worker({ recipient: { kind: 'worker', fullName: 'Đinh Thị Nga' } }));
    expect(await outcome(approveCase(t, users.upper, c.id, 1))).toBe('403 Người đề nghị không được tự duyệt hồ sơ của mình.');
    expect((await approveCase(t, users.upper2, c.id, 1)).status).toBe('approved');
    const { case: d } = await proposeCase(t, users.school, worker({ recipient: { kind: 'worker', fullName: 'Vũ Văn Khải' } }));
    await editCase(t, users.upper, d.id, 1, {
      ...worker({ recipient: { kind: 'worker', fullName: 'Vũ Văn Khải' } }),
      cashAmount: 2_000_000,
    });
    expect(await outcome(approveCase(t, users.upper, d.id, 2))).toMatch(/^403 Người đề nghị/);
    expect((await approveCase(t, users.province, d.id, 2)).cash_amount).toBe(2_000_000);
  });

  it('warns when the same person already has a case in the programme, or in the year for the same reason', async () => {
    const again = await proposeCase(t, users.school, {
      programmeId: tet.id,
      recipient: { kind: 'member', memberId },
      reason: 'holiday_gift',
      occurredOn: '2026-02-01',
      proposingUnitId: units.school.id,
    });
    expect(again.warnings).toEqual([
      expect.stringMatching(
        /^Nguyễn Thị Hương đã có hồ sơ số \d+ trong chương trình "Tết Sum vầy 2026" \(CĐCS Trường THPT Số 1, ngày 21\/01\/2026, đã hoàn tất\)\.$/,
      ),
    ]);
    // Written without diacritics, by another unit, as a worker: the same folded name and birth year.
    const asWorker = await proposeCase(t, users.upper, {
      programmeId: tet.id,
      recipient: { kind: 'worker', fullName: 'NGUYEN THI HUONG'.normalize('NFD'), birthYear: 1985 },
      reason: 'holiday_gift',
      occurredOn: '2026-02-01',
      proposingUnitId: units.upper.id,
    });
    expect(asWorker.warnings).toHaveLength(2);
    const byCitizenId = await proposeCase(
      t,
      users.school,
      worker({
        recipient: { kind: 'worker', fullName: 'Phạm Văn Bình', citizenId: '001090000777' },
        reason: 'grave_illness',
        occurredOn: '2026-03-01',
      }),
    );
    expect(byCitizenId.warnings).toEqual([]);
    const sameId = await proposeCase(
      t,
      users.school,
      worker({
        recipient: { kind: 'worker', fullName: 'Phạm Bình', citizenId: '001090000777' },
        reason: 'grave_illness',
        occurredOn: '2026-11-01',
      }),
    );
    expect(sameId.warnings).toEqual([expect.stringContaining('với lý do "Bệnh hiểm nghèo" trong năm 2026')]);
    const otherReason = await proposeCase(
      t,
      users.school,
      worker({
        recipient: { kind: 'worker', fullName: 'Phạm Bình', citizenId: '001090000777' },
        reason: 'work_accident',
        occurredOn: '2026-11-01',
      }),
    );
    expect(otherReason.warnings).toEqual([]);
    const otherYear = await proposeCase(
      t,
      users.school,
      worker({
        recipient: { kind: 'worker', fullName: 'Phạm Bình', citizenId: '001090000777' },
        reason: 'grave_illness',
        occurredOn: '2025-11-01',
      }),
    );
    expect(otherYear.warnings).toEqual([]);
    const child = await proposeCase(
      t,
      users.school,
      worker({
        recipient: { kind: 'child', parentMemberId: memberId, fullName: 'Trần Minh Khôi', birthYear: 2012 },
        reason: 'study',
        cashAmount: 500_000,
      }),
    );
    expect(child.case).toMatchObject({
      recipient_kind: 'child',
      parent_member_id: memberId,
      member_id: null,
      recipient_name: 'Trần Minh Khôi',
    });
    expect(
      await outcome(
        proposeCase(t, users.hospital, worker({ proposingUnitId: units.hospital.id, recipient: { kind: 'member', memberId } })),
      ),
    ).toBe('403 Đoàn viên Nguyễn Thị Hương không thuộc phạm vi của bạn.');
  });

  it('refuses a stale version with a Conflict', async () => {
    const { case: c } = await proposeCase(t, users.school, worker({ recipient: { kind: 'worker', fullName: 'Lò Văn Sáu' } }));
    await editCase(t, users.school, c.id, 1, worker({ recipient: { kind: 'worker', fullName: 'Lò Văn Sáu' }, cashAmount: 700_000 }));
    const stale = await outcome(
      editCase(t, users.school, c.id, 1, worker({ recipient: { kind: 'worker', fullName: 'Lò Văn Sáu' }, cashAmount: 900_000 })),
    );
    expect(stale).toMatch(/^409 Hồ sơ số \d+ đã được người khác cập nhật \(hiện ở trạng thái "Đã đề nghị"\) trong khi bạn đang xem/);
    expect(await outcome(approveCase(t, users.upper, c.id, 1))).toMatch(/^409/);
    expect((await approveCase(t, users.upper, c.id, 2)).cash_amount).toBe(700_000);
    expect(await outcome(editCase(t, users.school, c.id, 3, worker()))).toBe(
      '400 Không thể sửa hồ sơ: hồ sơ đang ở trạng thái "Đã duyệt".',
    );
  });

  it('refuses bad amounts and dates', async () => {
    expect(await outcome(proposeCase(t, users.school, worker({ cashAmount: -1 })))).toBe('400 Số tiền không được âm (-1).');
    expect(await outcome(proposeCase(t, users.school, worker({ cashAmount: 12.5 })))).toContain('400 Số tiền phải là số đồng chẵn');
    expect(await outcome(proposeCase(t, users.school, worker({ cashAmount: '1.234,5' })))).toContain('không có phần lẻ');
    expect(await outcome(proposeCase(t, users.school, worker({ cashAmount: '-500.000' })))).toContain('không được âm');
    expect(await outcome(proposeCase(t, users.school, worker({ cashAmount: 0, inKindAmount: 0 })))).toBe(
      '400 Cần nhập số tiền mặt hoặc giá trị hiện vật.',
    );
    expect(await outcome(proposeCase(t, users.school, worker({ occurredOn: '2026-13-01' })))).toBe('400 Ngày không hợp lệ.');
    expect(await outcome(proposeCase(t, users.school, worker({ programmeId: tet.id, occurredOn: '2026-03-01' })))).toContain(
      'nằm ngoài thời gian của chương trình "Tết Sum vầy 2026"',
    );
    expect(await outcome(proposeCase(t, users.school, worker({ recipient: { kind: 'worker', fullName: 'A' } })))).toBe(
      '400 Cần nhập họ và tên người nhận.',
    );
    const dotted = await proposeCase(
      t,
      users.school,
      worker({ cashAmount: '1.234.567', inKindAmount: '1,234,567 đ', recipient: { kind: 'worker', fullName: 'Mạc Văn Tâm' } }),
    );
    expect([dotted.case.cash_amount, dotted.case.in_kind_amount]).toEqual([1_234_567, 1_234_567]);
    const otherProgramme = await createProgramme(t, users.otherUpper, {
      unitId: units.otherUpper.id,
      name: 'Tháng Công nhân 2026 ngành Y tế',
      startsOn: '2026-05-01',
      endsOn: '2026-05-31',
      budget: 50_000_000,
    });
    expect(await outcome(proposeCase(t, users.school, worker({ programmeId: otherProgramme.id, occurredOn: '2026-05-10' })))).toContain(
      'không áp dụng cho đơn vị này',
    );
  });

  it('refuses a payout above the balance and writes nothing', async () => {
    const c = await approved(worker({ cashAmount: 5_000_000, recipient: { kind: 'worker', fullName: 'Hoàng Văn Lực' } }));
    const before = await t.db
      .selectFrom('fund_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const balance = await balanceAsOf(t, users.upper, upperFund.id, '2026-12-01');
    expect(await outcome(payCase(t, users.upper, c.id, upperFund.id, '2026-02-01'))).toBe(
      `400 Quỹ "Quỹ Tương trợ" không đủ tiền: ngày 01/02/2026 còn ${balance.toLocaleString('vi-VN')} đồng, cần 5.000.000 đồng.`,
    );
    // Back-dated before the fund had money.
    const small = await approved(worker({ cashAmount: 100_000, recipient: { kind: 'worker', fullName: 'Hoàng Văn Nhỏ' } }));
    expect(await outcome(payCase(t, users.upper, small.id, upperFund.id, '2026-01-04'))).toContain(
      'không đủ tiền: ngày 04/01/2026 còn 0 đồng',
    );
    const after = await t.db
      .selectFrom('fund_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await readCase(t, users.upper, c.id)).case).toMatchObject({ status: 'approved', version: 2, paid_entry_id: null });
    expect(await balanceAsOf(t, users.upper, upperFund.id, '2026-12-01')).toBe(balance);
  });

  it('writes exactly one payout when two payments of one case race', async () => {
    // PostgreSQL: two pools, so the calls really run at once. SQLite has one writer; its calls queue on the connection.
    const second = dialect === 'postgres' ? openDatabase({ databaseUrl: t.url }) : null;
    const other: DbContext = second ? { db: second.kysely, dialect } : t;
    try {
      for (const [round, funds] of [
        [1, [provinceFund, provinceFund]],
        [2, [provinceFund, spareFund]],
        [3, [spareFund, provinceFund]],
      ] as const) {
        const c = await approved(worker({ cashAmount: 250_000, recipient: { kind: 'worker', fullName: `Người nhận ${round}` } }));
        const balances = async () => Promise.all([provinceFund, spareFund].map((f) => balanceAsOf(t, users.province, f.id, '2026-12-01')));
        const before = await balances();
        const results = await Promise.allSettled([
          payCase(t, users.province, c.id, funds[0].id, '2026-01-20'),
          payCase(other, users.province, c.id, funds[1].id, '2026-01-20'),
        ]);
        expect(
          results.filter((r) => r.status === 'fulfilled'),
          `round ${round}`,
        ).toHaveLength(1);
        const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(`${lost.reason.statusCode} ${lost.reason.message}`).toBe(`409 Hồ sơ số ${c.id} đã được chi.`);
        const entries = await entriesOf(c.id);
        expect(entries).toHaveLength(1);
        const after = await balances();
        expect(after[0]! + after[1]!).toBe(before[0]! + before[1]! - 250_000);
        const paid = (await readCase(t, users.province, c.id)).case;
        expect(paid).toMatchObject({ status: 'paid', paid_entry_id: entries[0]!.id, fund_id: entries[0]!.fund_id, version: 3 });
      }
    } finally {
      await second?.close();
    }
  });

  it('never lets two concurrent payouts of different cases both spend the last money of a fund', async () => {
    const second = dialect === 'postgres' ? openDatabase({ databaseUrl: t.url }) : null;
    const other: DbContext = second ? { db: second.kysely, dialect } : t;
    try {
      const small = await createFund(t, users.province, { unitId: units.province.id, name: 'Quỹ nhỏ', kind: 'other' });
      await recordReceipt(t, users.province, { fundId: small.id, on: '2026-01-05', amount: 1_000_000, sourceLabel: 'Nhà hảo tâm' });
      for (let round = 1; round <= 3; round++) {
        const a = await approved(worker({ cashAmount: 600_000, recipient: { kind: 'worker', fullName: `Người thứ nhất ${round}` } }));
        const b = await approved(worker({ cashAmount: 600_000, recipient: { kind: 'worker', fullName: `Người thứ hai ${round}` } }));
        const before = await balanceAsOf(t, users.province, small.id, '2026-12-01');
        const results = await Promise.allSettled([
          payCase(t, users.province, a.id, small.id, '2026-01-20'),
          payCase(other, users.province, b.id, small.id, '2026-01-20'),
        ]);
        const paidNow = results.filter((r) => r.status === 'fulfilled').length;
        expect(paidNow, `round ${round}`).toBe(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason.message).toContain('không đủ tiền');
        expect(await balanceAsOf(t, users.province, small.id, '2026-12-01')).toBe(before - paidNow * 600_000);
        // Top the fund up so every round starts with one payout's worth.
        await recordReceipt(t, users.province, {
          fundId: small.id,
          on: '2026-01-05',
          amount: 600_000 * paidNow,
          sourceLabel: 'Nhà hảo tâm',
        });
      }
    } finally {
      await second?.close();
    }
  });

  it('sends a case back to approved when its payout is reversed, to be paid again', async () => {
    const c = await approved(worker({ cashAmount: 400_000, recipient: { kind: 'worker', fullName: 'Quách Thị Lan' } }));
    const { entry } = await payCase(t, users.province, c.id, spareFund.id, '2026-01-20');
    await reverseEntry(t, users.province, entry!.id, { on: '2026-01-21', memo: 'Chi nhầm quỹ' });
    const back = (await readCase(t, users.province, c.id)).case;
    expect(back).toMatchObject({ status: 'approved', paid_entry_id: null, paid_at: null });
    const again = await payCase(t, users.province, c.id, provinceFund.id, '2026-01-22');
    expect(again.case.paid_entry_id).toBe(again.entry!.id);
    expect((await entriesOf(c.id)).map((e) => [e.kind, e.amount])).toEqual([
      ['payout', -400_000],
      ['reversal', 400_000],
      ['payout', -400_000],
    ]);
    const actions = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity', '=', 'care_case')
      .where('entity_id', '=', String(c.id))
      .where('action', '!=', 'care_case.read')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'care_case.propose',
      'care_case.approve',
      'care_case.pay',
      'care_case.unpay',
      'care_case.pay',
    ]);
  });

  it('pays an in-kind-only case without a ledger entry', async () => {
    const c = await approved(worker({ cashAmount: 0, inKindAmount: 300_000, recipient: { kind: 'worker', fullName: 'Tạ Văn Quà' } }));
    const { case: paid, entry } = await payCase(t, users.upper, c.id, upperFund.id, '2026-01-20');
    expect(entry).toBeNull();
    expect(paid).toMatchObject({ status: 'paid', paid_entry_id: null, fund_id: upperFund.id });
    expect(await entriesOf(c.id)).toEqual([]);
  });

  it('adds nothing when an imported row comes again', async () => {
    const key = 'tet-2026:school:row-7';
    await proposeCase(t, users.school, worker({ recipient: { kind: 'worker', fullName: 'Ma Thị Mười' } }), key);
    expect(await outcome(proposeCase(t, users.school, worker({ recipient: { kind: 'worker', fullName: 'Ma Thị Mười' } }), key))).toBe(
      '409 Dòng này đã được nhập trước đây.',
    );
    const rows = await t.db.selectFrom('care_cases').select('id').where('import_key', '=', key).execute();
    expect(rows).toHaveLength(1);
  });

  it('lists cases in scope with filters, and logs who opened one', async () => {
    const mine = await listCases(t, users.school, { limit: 500 });
    expect(mine.total).toBeGreaterThan(5);
    expect(mine.rows.every((r) => r.proposing_unit_id === units.school.id)).toBe(true);
    expect((await listCases(t, users.hospital)).total).toBe(0);
    expect((await listCases(t, users.viewer)).total).toBe(0);
    const all = await listCases(t, users.province, { limit: 500 });
    expect(all.total).toBe(mine.total + all.rows.filter((r) => r.proposing_unit_id === units.upper.id).length);
    const inTet = await listCases(t, users.province, { programmeId: tet.id });
    expect(inTet.rows.every((r) => r.programme_id === tet.id)).toBe(true);
    expect(inTet.total).toBe(3);
    const paid = await listCases(t, users.upper, { status: 'paid', unitId: units.school.id });
    expect(paid.rows.length).toBeGreaterThan(0);
    expect(paid.rows.every((r) => r.status === 'paid' && r.proposing_unit_id === units.school.id)).toBe(true);
    const lastYear = await listCases(t, users.province, { from: '2025-01-01', to: '2025-12-31' });
    expect(lastYear.rows.map((r) => r.occurred_on)).toEqual(['2025-11-01']);
    const first = mine.rows.at(-1)!;
    const opened = await readCase(t, users.upper, first.id);
    expect(opened).toMatchObject({
      case: { status: 'proposed', occurred_on: '2025-11-01' },
      mayEdit: true,
      mayApprove: true,
      mayReturn: true,
      mayPay: false,
    });
    const reads = await t.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'unit_id'])
      .where('action', '=', 'care_case.read')
      .where('entity_id', '=', String(first.id))
      .execute();
    expect(reads).toContainEqual({ actor_user_id: users.upper.id, unit_id: units.school.id });
  });
});
