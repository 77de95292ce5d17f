import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser } from '../../test/client.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import { grantUnitsFor, type AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import { inTransaction } from '../db/context.js';
import { mergeUnitsIn } from '../org/service.js';
import * as repo from './repo.js';
import {
  admitMember,
  eraseMember,
  ERASED_NAME,
  memberLeaves,
  moveAllMembersIn,
  readMember,
  rejoinMember,
  transferMember,
} from './service.js';

describe.each(DIALECTS)('the member registry on %s', (dialect) => {
  let t: TestDb;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let schoolOfficer: AuthUser;
  let hospitalOfficer: AuthUser;
  let provinceOfficer: AuthUser;
  beforeAll(async () => {
    t = await freshDb(dialect);
    units = await makeUnitTree(t);
    schoolOfficer = (await loadAuthUser(t, (await makeUser(t, 'officer', units.school.id)).id))!;
    hospitalOfficer = (await loadAuthUser(t, (await makeUser(t, 'officer', units.hospital.id)).id))!;
    provinceOfficer = (await loadAuthUser(t, (await makeUser(t, 'officer', units.province.id)).id))!;
  });
  afterAll(async () => {
    await t.close();
  });

  const admit = (user: AuthUser, fullName: string, extra: Record<string, unknown> = {}) =>
    admitMember(t, user, {
      fullName,
      gender: 'female',
      birthDate: '1990-05-01',
      unitId: units.school.id,
      joinedOn: '2020-01-10',
      ...extra,
    });
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { statusCode?: number; message: string }) => `${e.statusCode} ${e.message}`,
    );

  it('admits members and refuses duplicates by citizen ID and by name + birth date, whatever the diacritics', async () => {
    await admit(schoolOfficer, 'Nguyễn Thị Hương', { citizenId: '001190000001' });
    expect(await outcome(admit(schoolOfficer, 'Trần Văn Khác', { citizenId: '001190000001', gender: 'male' }))).toContain(
      '409 Đã có đoàn viên Nguyễn Thị Hương (trùng số CCCD 001190000001)',
    );
    expect(await outcome(admit(schoolOfficer, 'Nguyen Thi Huong'))).toContain('trùng họ tên và ngày sinh 01/05/1990');
    expect(await outcome(admit(schoolOfficer, 'NGUYỄN THỊ HƯƠNG'.normalize('NFD')))).toContain('409');
    // Same name, birth year one apart: a person decides.
    expect(await outcome(admit(schoolOfficer, 'Nguyễn Thị Hương', { birthDate: '1991-02-02' }))).toContain('hãy kiểm tra rồi xác nhận');
    const confirmed = await admit(schoolOfficer, 'Nguyễn Thị Hương', { birthDate: '1991-02-02', notADuplicate: true });
    expect(confirmed.closeMatches).toHaveLength(1);
  });

  it("keeps members inside the officer's scope", async () => {
    expect(await outcome(admit(hospitalOfficer, 'Lê Văn Nam', { gender: 'male' }))).toMatch(/^403/);
    const { rows } = await repo.listCurrentMembers(t, [units.hospital.id], null, 50, 0);
    const { rows: school } = await repo.listCurrentMembers(t, [units.school.id], null, 50, 0);
    expect(rows).toHaveLength(0);
    expect(school.length).toBeGreaterThan(0);
    expect(await outcome(readMember(t, hospitalOfficer, school[0]!.id))).toMatch(/^403/);
    await readMember(t, schoolOfficer, school[0]!.id);
    const reads = await t.db.selectFrom('audit_events').select('actor_user_id').where('action', '=', 'member.read').execute();
    expect(reads.map((r) => r.actor_user_id)).toEqual([schoolOfficer.id]);
  });

  it('lists in official name order and finds names without diacritics', async () => {
    for (const name of ['Trần Văn Bình', 'Đỗ Văn An', 'Lê Ánh', 'Phạm Thị Ái'])
      await admit(provinceOfficer, name, { birthDate: '1985-01-01' });
    const { rows } = await repo.listCurrentMembers(t, [units.school.id], null, 100, 0);
    const names = rows.map((r) => r.full_name).filter((n) => !n.startsWith('Nguyễn'));
    expect(names).toEqual(['Phạm Thị Ái', 'Đỗ Văn An', 'Lê Ánh', 'Trần Văn Bình']);
    const found = await repo.listCurrentMembers(t, [units.school.id], 'do van an', 10, 0);
    expect(found.rows.map((r) => r.full_name)).toEqual(['Đỗ Văn An']);
    const inOfficerScope = await repo.listCurrentMembers(t, grantUnitsFor(hospitalOfficer, 'record.read'), null, 10, 0);
    expect(inOfficerScope.total).toBe(0);
    const inProvince = await repo.listCurrentMembers(t, grantUnitsFor(provinceOfficer, 'record.read'), null, 100, 0);
    expect(inProvince.total).toBe(rows.length);
  });

  it('transfers, leaves and rejoins, and counts as of any date', async () => {
    const { id } = await admit(schoolOfficer, 'Hoàng Thị Lan', { birthDate: '1992-03-03', joinedOn: '2021-01-01' });
    const before = await repo.countMembersAsOf(t, units.upper.id, '2021-06-01');
    expect(await outcome(transferMember(t, hospitalOfficer, id, units.hospital.id, '2022-01-01'))).toMatch(/^403/);
    // A unit outside the officer's scope takes the member only through a request (transfer-service.test.ts).
    expect(await outcome(transferMember(t, schoolOfficer, id, units.hospital.id, '2022-01-01'))).toMatch(
      /^403 Đơn vị chuyển đến ngoài phạm vi/,
    );
    await transferMember(t, provinceOfficer, id, units.hospital.id, '2022-01-01');
    await transferMember(t, provinceOfficer, id, units.clinic.id, '2023-01-01');
    await memberLeaves(t, provinceOfficer, id, '2024-01-01', { reason: 'voluntary' });
    expect(await outcome(memberLeaves(t, provinceOfficer, id, '2024-02-01', { reason: 'voluntary' }))).toContain('đã không còn sinh hoạt');
    // The member last belonged to the clinic, outside the school officer's scope.
    expect(await outcome(rejoinMember(t, schoolOfficer, id, units.school.id, '2025-01-01'))).toMatch(/^403/);
    await rejoinMember(t, provinceOfficer, id, units.school.id, '2025-01-01');
    const periods = await repo.membershipsOf(t, id);
    expect(periods.map((p) => [p.unit_id, p.started_on, p.ended_on, p.end_kind])).toEqual([
      [units.school.id, '2021-01-01', '2022-01-01', 'transfer_out'],
      [units.hospital.id, '2022-01-01', '2023-01-01', 'transfer_out'],
      [units.clinic.id, '2023-01-01', '2024-01-01', 'leave'],
      [units.school.id, '2025-01-01', null, null],
    ]);
    expect((await repo.countMembersAsOf(t, units.hospital.id, '2022-06-01')).members).toBe(1);
    expect((await repo.countMembersAsOf(t, units.upper.id, '2022-06-01')).members).toBe(before.members);
    expect(await repo.countMembersAsOf(t, units.otherUpper.id, '2023-06-01')).toEqual({ members: 1, women: 1 });
    expect((await repo.countMembersAsOf(t, units.province.id, '2024-06-01')).members).toBe(before.members - 1);
    expect(await repo.countJoinedLeft(t, units.province.id, '2024-01-01', '2026-01-01', '2025-12-31')).toEqual({ joined: 1, left: 1 });
    expect(await outcome(transferMember(t, schoolOfficer, id, units.hospital.id, '2024-06-01'))).toContain('phải sau ngày bắt đầu');
  });

  it('a departure needs a reason of the list ("other" with its words), written with the period and in the audit row', async () => {
    const { id } = await admit(schoolOfficer, 'Lương Văn Nghỉ', { birthDate: '1964-02-02', joinedOn: '2020-01-01' });
    const refusals = [{ reason: 'fired' as never }, { reason: 'other' as const }, { reason: 'other' as const, note: '   ' }, {} as never];
    for (const why of refusals) expect(await outcome(memberLeaves(t, schoolOfficer, id, '2024-03-01', why))).toMatch(/^400 /);
    expect(await outcome(memberLeaves(t, schoolOfficer, id, '2024-03-01', { reason: 'other' }))).toBe('400 Cần ghi rõ lý do.');
    expect(await outcome(memberLeaves(t, hospitalOfficer, id, '2024-03-01', { reason: 'retired' }))).toMatch(/^403/);
    expect((await repo.membershipsOf(t, id)).map((p) => p.ended_on)).toEqual([null]);

    // A note given with a listed reason is not kept.
    await memberLeaves(t, schoolOfficer, id, '2024-03-01', { reason: 'deceased', note: 'không cần' });
    expect((await repo.membershipsOf(t, id)).map((p) => [p.end_kind, p.end_reason, p.end_note])).toEqual([['leave', 'deceased', null]]);
    const audit = await t.db
      .selectFrom('audit_events')
      .select('after_json')
      .where('action', '=', 'member.leave')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit.map((a) => JSON.parse(a.after_json!))).toEqual([{ ended_on: '2024-03-01', reason: 'deceased' }]);
  });

  it('moves members with their union at a merge, and an erased member still counts', async () => {
    const before = await repo.countMembersAsOf(t, units.school.id, '2025-06-01');
    await inTransaction(t, (tx) =>
      mergeUnitsIn(tx, SYSTEM_ACTORS.cli, [units.school.id], units.hospital.id, '2025-07-01', (tx2, from, to, on) =>
        moveAllMembersIn(tx2, SYSTEM_ACTORS.cli, from, to, on).then(() => undefined),
      ),
    );
    expect((await repo.countMembersAsOf(t, units.hospital.id, '2025-07-01')).members).toBe(before.members);
    expect((await repo.countMembersAsOf(t, units.school.id, '2025-06-30')).members).toBe(before.members);
    const { rows } = await repo.listCurrentMembers(t, [units.hospital.id], null, 100, 0);
    const victim = rows[0]!;
    await eraseMember(t, provinceOfficer, victim.id);
    const erased = await repo.findMember(t, victim.id);
    expect(erased).toMatchObject({ full_name: ERASED_NAME, citizen_id: null, birth_date: null, phone: null });
    expect((await repo.countMembersAsOf(t, units.hospital.id, '2025-07-01')).members).toBe(before.members);
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['after_json', 'before_json'])
      .where('entity', '=', 'member')
      .where('entity_id', '=', String(victim.id))
      .execute();
    expect(JSON.stringify(audit)).not.toContain(victim.full_name);
  });
  it('two officers admitting the first members of a unit on one day at the same moment both succeed, and the count has both', async () => {
    const day = '2021-07-07';
    const results = await Promise.all(
      ['Lục Thị Ngàn', 'Lục Văn Suối', 'Lục Thị Mây', 'Lục Văn Đá'].map((name, i) =>
        outcome(admit(provinceOfficer, name, { unitId: units.clinic.id, joinedOn: day, birthDate: `1985-0${i + 1}-01` })),
      ),
    );
    expect(results).toEqual(['ok', 'ok', 'ok', 'ok']);
    const row = await t.db
      .selectFrom('unit_member_counts')
      .select(['members', 'joined'])
      .where('unit_id', '=', units.clinic.id)
      .where('day', '=', day)
      .executeTakeFirstOrThrow();
    const before = await t.db
      .selectFrom('unit_member_counts')
      .select('members')
      .where('unit_id', '=', units.clinic.id)
      .where('day', '<', day)
      .orderBy('day', 'desc')
      .executeTakeFirst();
    expect(Number(row.members) - Number(before?.members ?? 0)).toBe(4);
  });
});
