import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser } from '../../test/client.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import type { Fund } from '../db/schema.js';
import { approveCase, payCase, proposeCase } from './service.js';
import { createFund, recordReceipt } from '../funds/service.js';
import { createProgramme, listProgrammes, programmeTotals, readProgramme, updateProgramme } from './programme-service.js';
import type { ProgrammeInput } from './schema.js';

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { statusCode?: number; message: string }) => `${e.statusCode} ${e.message}`,
  );

describe.each(DIALECTS)('care programmes on %s', (dialect) => {
  let t: TestDb;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let province: AuthUser;
  let upper: AuthUser;
  let school: AuthUser;
  let clinic: AuthUser;
  let fund: Fund;
  const user = async (unitId: number) => (await loadAuthUser(t, (await makeUser(t, 'officer', unitId)).id))!;

  beforeAll(async () => {
    t = await freshDb(dialect);
    units = await makeUnitTree(t);
    [province, upper, school, clinic] = await Promise.all([
      user(units.province.id),
      user(units.upper.id),
      user(units.school.id),
      user(units.clinic.id),
    ]);
    fund = await createFund(t, province, { unitId: units.province.id, name: 'Quỹ Xã hội', kind: 'social' });
    await recordReceipt(t, province, { fundId: fund.id, on: '2026-04-01', amount: 50_000_000, sourceLabel: 'LĐLĐ tỉnh' });
  });
  afterAll(async () => {
    await t.close();
  });

  const may = (over: Partial<ProgrammeInput> = {}): ProgrammeInput => ({
    unitId: units.province.id,
    name: 'Tháng Công nhân 2026',
    startsOn: '2026-05-01',
    endsOn: '2026-05-31',
    budget: '20.000.000',
    defaultCash: '500.000',
    defaultInKind: '300.000',
    fundIds: [fund.id],
    ...over,
  });

  it('validates periods, amounts, scope and funds', async () => {
    expect(await outcome(createProgramme(t, province, may({ endsOn: '2026-04-30' })))).toBe(
      '400 Ngày kết thúc phải từ ngày bắt đầu trở đi.',
    );
    expect(await outcome(createProgramme(t, province, may({ budget: -1 })))).toBe('400 Số tiền không được âm (-1).');
    expect(await outcome(createProgramme(t, province, may({ defaultCash: '500,5' })))).toContain('không có phần lẻ');
    expect(await outcome(createProgramme(t, province, may({ startsOn: '2026-02-30' })))).toBe('400 Ngày không hợp lệ.');
    expect(await outcome(createProgramme(t, school, may()))).toMatch(/^403/);
    // The upper union may organise its own programme, but not draw on the province's fund.
    expect(await outcome(createProgramme(t, upper, may({ unitId: units.upper.id })))).toMatch(/^403/);
    expect(await outcome(createProgramme(t, province, may({ fundIds: [9999] })))).toBe('400 Không có quỹ số 9999.');
    const p = await createProgramme(t, province, may());
    expect(p).toMatchObject({ budget: 20_000_000, default_cash: 500_000, default_in_kind: 300_000, publish_totals: 0, fundIds: [fund.id] });
    const audit = await t.db.selectFrom('audit_events').select(['action', 'unit_id']).where('entity', '=', 'programme').execute();
    expect(audit).toEqual([{ action: 'programme.create', unit_id: units.province.id }]);
  });

  it('shows a programme to the units it reaches, and running ones on a day', async () => {
    const own = await createProgramme(
      t,
      upper,
      may({ unitId: units.upper.id, name: 'Chăm lo CĐ Viên chức 2026', fundIds: [], startsOn: '2026-07-01', endsOn: '2026-07-31' }),
    );
    const names = async (u: AuthUser, on: string | null = null) => (await listProgrammes(t, u, on)).map((p) => p.name).sort();
    expect(await names(school)).toEqual(['Chăm lo CĐ Viên chức 2026', 'Tháng Công nhân 2026']);
    expect(await names(clinic)).toEqual(['Tháng Công nhân 2026']);
    expect(await names(province)).toEqual(['Chăm lo CĐ Viên chức 2026', 'Tháng Công nhân 2026']);
    expect(await names(school, '2026-05-15')).toEqual(['Tháng Công nhân 2026']);
    expect((await readProgramme(t, school, own.id)).fundIds).toEqual([]);
    expect(await outcome(readProgramme(t, clinic, own.id))).toMatch(/^403/);
  });

  it('keeps cases inside the period, and totals spent against the budget from the ledger', async () => {
    const [p] = await listProgrammes(t, province, '2026-05-15');
    const { case: c } = await proposeCase(t, school, {
      programmeId: p!.id,
      recipient: { kind: 'worker', fullName: 'Đặng Văn Hải' },
      reason: 'holiday_gift',
      occurredOn: '2026-05-10',
      proposingUnitId: units.school.id,
    });
    await approveCase(t, upper, c.id, c.version);
    await payCase(t, province, c.id, fund.id, '2026-05-12');
    expect(await outcome(updateProgramme(t, province, p!.id, may({ startsOn: '2026-05-11' })))).toBe(
      '400 Chương trình có hồ sơ từ ngày 10/05/2026 đến ngày 10/05/2026: thời gian mới phải bao gồm các ngày đó.',
    );
    expect(await outcome(updateProgramme(t, province, p!.id, may({ unitId: units.upper.id, fundIds: [] })))).toContain(
      'không đổi được đơn vị tổ chức',
    );
    const updated = await updateProgramme(t, province, p!.id, may({ budget: '25.000.000', publishTotals: true, endsOn: '2026-06-15' }));
    expect(updated).toMatchObject({ budget: 25_000_000, ends_on: '2026-06-15', publish_totals: 1 });
    const totals = await programmeTotals(t, null, p!.id);
    expect(totals).toMatchObject({
      budget: 25_000_000,
      committed: 800_000,
      paidCash: 500_000,
      paidInKind: 300_000,
      spent: 800_000,
      remaining: 24_200_000,
    });
    expect(totals.cases).toEqual({ proposed: 0, returned: 0, approved: 0, paid: 1, closed: 0 });
    const own = (await listProgrammes(t, upper)).find((x) => x.unit_id === units.upper.id)!;
    expect(await outcome(programmeTotals(t, null, own.id))).toMatch(/^404/);
    expect(await outcome(programmeTotals(t, clinic, own.id))).toMatch(/^403/);
    expect((await programmeTotals(t, school, own.id)).spent).toBe(0);
  });
});
