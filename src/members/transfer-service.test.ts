import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser } from '../../test/client.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import { inTransaction } from '../db/context.js';
import * as repo from './repo.js';
import { admitMember, memberLeaves, memberListPage, moveAllMembersIn, readMember, rejoinMember, transferMember } from './service.js';
import {
  acceptTransfer,
  cancelTransfer,
  refuseTransfer,
  requestTransfer,
  transferOrRequest,
  transferRequestsPage,
} from './transfer-service.js';

describe.each(DIALECTS)('scope over members and transfer requests on %s', (dialect) => {
  let t: TestDb;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let school: AuthUser;
  let hospital: AuthUser;
  let hospital2: AuthUser;
  let clinic: AuthUser;
  let province: AuthUser;
  let n = 0;
  beforeAll(async () => {
    t = await freshDb(dialect);
    units = await makeUnitTree(t);
    const user = async (unitId: number) => (await loadAuthUser(t, (await makeUser(t, 'officer', unitId)).id))!;
    school = await user(units.school.id);
    hospital = await user(units.hospital.id);
    hospital2 = await user(units.hospital.id);
    clinic = await user(units.clinic.id);
    province = await user(units.province.id);
  });
  afterAll(async () => {
    await t.close();
  });

  const admit = async (unitId: number, name?: string) => {
    const fullName = name ?? `Thành Viên Số ${++n}`;
    if (name) n++;
    return (
      await admitMember(t, province, {
        fullName,
        gender: 'female',
        birthDate: `1990-01-${String((n % 28) + 1).padStart(2, '0')}`,
        citizenId: `0011900${String(n).padStart(5, '0')}`,
        unitId,
        joinedOn: '2024-01-10',
        notADuplicate: true,
      })
    ).id;
  };
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { statusCode?: number; message: string }) => `${e.statusCode} ${e.message}`,
    );
  const periods = async (id: number) => (await repo.membershipsOf(t, id)).map((p) => [p.unit_id, p.started_on, p.ended_on, p.end_kind]);
  const statusOf = async (requestId: number) =>
    (await t.db.selectFrom('member_transfer_requests').select(['status', 'reason']).where('id', '=', requestId).executeTakeFirstOrThrow())
      .status;
  /** Every unit's running total checked against the periods, on the days around `day`. */
  const expectCountsRight = async (days: string[]) => {
    for (const unit of Object.values(units))
      for (const day of days)
        expect(await repo.countMembersAsOf(t, unit.id, day), `${unit.short_name} ${day}`).toEqual(
          await repo.countMembersAsOfByPeriods(t, unit.id, day),
        );
  };

  it('a grassroots officer cannot rejoin, open or list a former member whose last unit is outside their scope', async () => {
    const id = await admit(units.clinic.id, 'Đinh Thị Đã Nghỉ');
    await memberLeaves(t, clinic, id, '2024-06-01', { reason: 'voluntary' });
    expect(await outcome(rejoinMember(t, school, id, units.school.id, '2024-07-01'))).toMatch(/^403 /);
    expect(await periods(id)).toEqual([[units.clinic.id, '2024-01-10', '2024-06-01', 'leave']]);
    expect(await outcome(readMember(t, school, id))).toMatch(/^403 /);
    const listed = await memberListPage(t, school, { q: 'dinh thi da nghi', don_vi: null, trang: 1 });
    expect(listed.rows).toHaveLength(0);
    // The clinic's officer, whose scope holds the last unit, may rejoin them, but only into a unit of that scope.
    expect(await outcome(rejoinMember(t, clinic, id, units.school.id, '2024-07-01'))).toMatch(/^403 /);
    await rejoinMember(t, clinic, id, units.clinic.id, '2024-07-01');
    expect((await readMember(t, clinic, id)).member.citizen_id).not.toBeNull();
  });

  it('a transfer outside the scope is refused as a transfer and becomes a request; the receiving side accepts it', async () => {
    const id = await admit(units.school.id, 'Phan Văn Chuyển Đi');
    expect(await outcome(transferMember(t, school, id, units.clinic.id, '2024-05-01'))).toMatch(/^403 Đơn vị chuyển đến ngoài phạm vi/);
    expect(await transferOrRequest(t, school, id, units.clinic.id, '2024-05-01')).toBe('requested');
    expect(await periods(id)).toEqual([[units.school.id, '2024-01-10', null, null]]);
    expect(await outcome(requestTransfer(t, school, id, units.hospital.id, '2024-05-01'))).toMatch(/^409 .*đang chờ/);
    expect(await outcome(requestTransfer(t, clinic, id, units.clinic.id, '2024-05-01'))).toMatch(/^403 /);

    const incoming = await transferRequestsPage(t, clinic);
    const request = incoming.incoming.find((r) => r.member_id === id)!;
    expect(request).toMatchObject({ from_unit_id: units.school.id, to_unit_id: units.clinic.id, transfer_on: '2024-05-01' });
    const outgoing = await transferRequestsPage(t, school);
    expect(outgoing.outgoing.find((r) => r.id === request.id)?.mayCancel).toBe(true);
    expect((await transferRequestsPage(t, hospital)).incoming.some((r) => r.id === request.id)).toBe(false);
    expect(await outcome(acceptTransfer(t, school, request.id))).toMatch(/^403 Chỉ cán bộ của đơn vị nhận/);
    expect(await outcome(acceptTransfer(t, hospital, request.id))).toMatch(/^403 /);

    expect(await acceptTransfer(t, clinic, request.id)).toEqual({ memberId: id });
    expect(await periods(id)).toEqual([
      [units.school.id, '2024-01-10', '2024-05-01', 'transfer_out'],
      [units.clinic.id, '2024-05-01', null, null],
    ]);
    await expectCountsRight(['2024-04-30', '2024-05-01', '2024-12-31']);
    expect(await statusOf(request.id)).toBe('accepted');
    expect(await outcome(acceptTransfer(t, clinic, request.id))).toBe(
      '409 Đề nghị chuyển sinh hoạt này đã được nhận: không thể xử lý lại.',
    );
    expect(await outcome(cancelTransfer(t, school, request.id))).toMatch(/^409 /);
    const events = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity', '=', 'member')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['member.create', 'member.transfer_request', 'member.transfer', 'member.transfer_accept']);
    // Inside the officer's scope a transfer stays immediate.
    expect(await transferOrRequest(t, clinic, id, units.clinic.id, '2024-06-01').catch((e: Error) => e.message)).toContain('trùng');
    const other = await admit(units.school.id);
    expect(await transferOrRequest(t, province, other, units.clinic.id, '2024-05-01')).toBe('moved');
  });

  it('two officers accepting at once: one transfer, the other a 409', async () => {
    const id = await admit(units.school.id);
    const requestId = await requestTransfer(t, school, id, units.hospital.id, '2024-08-01');
    const results = await Promise.all([outcome(acceptTransfer(t, hospital, requestId)), outcome(acceptTransfer(t, hospital2, requestId))]);
    expect(results.sort()).toEqual(['409 Đề nghị chuyển sinh hoạt này đã được nhận: không thể xử lý lại.', 'ok']);
    expect(await periods(id)).toEqual([
      [units.school.id, '2024-01-10', '2024-08-01', 'transfer_out'],
      [units.hospital.id, '2024-08-01', null, null],
    ]);
    await expectCountsRight(['2024-07-31', '2024-08-01']);
  });

  it('refusing needs the receiving side; cancelling, the requester; a member who left or moved makes a request stale', async () => {
    const a = await admit(units.school.id);
    const r1 = await requestTransfer(t, school, a, units.clinic.id, '2024-09-01');
    expect(await outcome(cancelTransfer(t, clinic, r1))).toMatch(/^403 Chỉ người gửi/);
    await refuseTransfer(t, clinic, r1, 'Đơn vị chưa nhận thêm người');
    expect(await statusOf(r1)).toBe('refused');
    const r2 = await requestTransfer(t, school, a, units.clinic.id, '2024-09-01');
    await cancelTransfer(t, school, r2);
    expect(await statusOf(r2)).toBe('cancelled');

    const r3 = await requestTransfer(t, school, a, units.clinic.id, '2024-09-01');
    await memberLeaves(t, school, a, '2024-08-15', { reason: 'voluntary' });
    expect(await statusOf(r3)).toBe('stale');
    expect(await outcome(acceptTransfer(t, clinic, r3))).toBe('409 Đề nghị chuyển sinh hoạt này không còn hiệu lực: không thể xử lý lại.');

    // Moved by a merge: closed by the merge itself, and the officer told why.
    const b = await admit(units.school.id);
    const r4 = await requestTransfer(t, school, b, units.clinic.id, '2024-10-01');
    await inTransaction(t, (tx) => moveAllMembersIn(tx, SYSTEM_ACTORS.cli, units.school.id, units.hospital.id, '2024-09-15'));
    expect(await statusOf(r4)).toBe('stale');
    expect(await outcome(acceptTransfer(t, clinic, r4))).toBe('409 Đề nghị chuyển sinh hoạt này không còn hiệu lực: không thể xử lý lại.');
    expect((await periods(b)).at(-1)).toEqual([units.hospital.id, '2024-09-15', null, null]);
  });
});
