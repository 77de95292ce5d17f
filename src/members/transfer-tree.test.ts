/** Transfer requests that a change of the union tree makes pointless are closed by that change, with the reason. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../test/client.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import { inTransaction } from '../db/context.js';
import type { Unit } from '../db/schema.js';
import { createUnitIn, dissolveUnit, mergeUnitInto, mergeUnitsIn, splitUnit } from '../org/service.js';
import * as repo from './repo.js';
import { admitMember } from './service.js';
import { requestTransfer, transferRequestsPage } from './transfer-service.js';

describe.each(DIALECTS)('transfer requests closed by merges, dissolutions and splits on %s', (dialect) => {
  let t: TestDb;
  let u: Record<'province' | 'upperA' | 'a1' | 'a2' | 'upperB' | 'b1' | 'b2' | 'b3' | 'b4' | 'b5', Unit>;
  let admin: AuthUser;
  let officer: AuthUser;
  let n = 0;
  beforeAll(async () => {
    t = await freshDb(dialect);
    u = await inTransaction(t, async (tx) => {
      const a = SYSTEM_ACTORS.cli;
      const unit = (parentId: number | null, level: 'province' | 'upper' | 'grassroots', name: string) =>
        createUnitIn(tx, a, { parentId, level, shortName: name, fullName: `Công đoàn ${name}`, foundedOn: '2020-01-01' });
      const province = await unit(null, 'province', 'LĐLĐ tỉnh');
      const upperA = await unit(province.id, 'upper', 'CĐ ngành Giáo dục');
      const upperB = await unit(province.id, 'upper', 'CĐ Khu công nghiệp');
      return {
        province,
        upperA,
        a1: await unit(upperA.id, 'grassroots', 'CĐCS Trường Lê Lợi'),
        a2: await unit(upperA.id, 'grassroots', 'CĐCS Trường Quang Trung'),
        upperB,
        b1: await unit(upperB.id, 'grassroots', 'CĐCS Công ty May Hòa Bình'),
        b2: await unit(upperB.id, 'grassroots', 'CĐCS Công ty May Thắng Lợi'),
        b3: await unit(upperB.id, 'grassroots', 'CĐCS Công ty Gỗ Đại Thành'),
        b4: await unit(upperB.id, 'grassroots', 'CĐCS Công ty Điện tử Việt'),
        b5: await unit(upperB.id, 'grassroots', 'CĐCS Công ty Bao bì Sông Hồng'),
      };
    });
    admin = (await loadAuthUser(t, (await makeUser(t, 'admin', u.province.id)).id))!;
    officer = (await loadAuthUser(t, (await makeUser(t, 'officer', u.upperA.id)).id))!;
  });
  afterAll(async () => {
    await t.close();
  });

  const admit = async (unitId: number) =>
    (
      await admitMember(t, admin, {
        fullName: `Đoàn Viên Số ${++n}`,
        gender: 'male',
        birthDate: `1988-02-${String(n + 1).padStart(2, '0')}`,
        citizenId: `0010880${String(n).padStart(5, '0')}`,
        unitId,
        joinedOn: '2024-01-10',
        notADuplicate: true,
      })
    ).id;
  const request = async (from: Unit, to: Unit) => {
    const memberId = await admit(from.id);
    return { memberId, id: await requestTransfer(t, officer, memberId, to.id, '2025-09-01') };
  };
  const stateOf = (id: number) =>
    t.db.selectFrom('member_transfer_requests').select(['status', 'reason']).where('id', '=', id).executeTakeFirstOrThrow();

  it('closes, in the same transaction, requests into a unit that ends and out of a unit whose members moved', async () => {
    const intoMerged = await request(u.a1, u.b1);
    const intoDissolved = await request(u.a1, u.b3);
    const intoSplit = await request(u.a2, u.b4);
    const outOfMerged = await request(u.a2, u.b5);
    const untouched = await request(u.a1, u.b5);

    // A change that fails halfway leaves every request as it was.
    await expect(
      inTransaction(t, (tx) => mergeUnitsIn(tx, SYSTEM_ACTORS.cli, [u.b5.id, 999_999], u.b2.id, '2025-06-01')),
    ).rejects.toThrow();
    expect((await stateOf(untouched.id)).status).toBe('waiting');

    await mergeUnitInto(t, admin, u.b1.id, { survivorId: u.b2.id, on: '2025-07-01' });
    expect(await stateOf(intoMerged.id)).toEqual({
      status: 'stale',
      reason: 'Đã đóng: đơn vị nhận (CĐCS Công ty May Hòa Bình) đã sáp nhập vào CĐCS Công ty May Thắng Lợi từ ngày 01/07/2025.',
    });

    await dissolveUnit(t, admin, u.b3.id, { on: '2025-07-02', note: 'Doanh nghiệp ngừng hoạt động' });
    expect(await stateOf(intoDissolved.id)).toEqual({
      status: 'stale',
      reason: 'Đã đóng: đơn vị nhận (CĐCS Công ty Gỗ Đại Thành) đã giải thể từ ngày 02/07/2025 (Doanh nghiệp ngừng hoạt động).',
    });

    await splitUnit(t, admin, u.b4.id, {
      names: ['CĐCS Điện tử Việt Bắc', 'CĐCS Điện tử Việt Nam'],
      keepSource: false,
      on: '2025-07-03',
      partOfChild: new Map(),
    });
    expect(await stateOf(intoSplit.id)).toEqual({
      status: 'stale',
      reason:
        'Đã đóng: đơn vị nhận (CĐCS Công ty Điện tử Việt) đã chia tách thành CĐCS Điện tử Việt Bắc, CĐCS Điện tử Việt Nam từ ngày 03/07/2025.',
    });

    await mergeUnitInto(t, admin, u.a2.id, { survivorId: u.a1.id, on: '2025-07-04' });
    expect(await stateOf(outOfMerged.id)).toEqual({
      status: 'stale',
      reason:
        'Đã đóng: đơn vị của đoàn viên (CĐCS Trường Quang Trung) đã sáp nhập vào CĐCS Trường Lê Lợi từ ngày 04/07/2025; đoàn viên nay sinh hoạt tại CĐCS Trường Lê Lợi, hãy gửi đề nghị mới nếu vẫn cần.',
    });
    expect((await repo.membershipsOf(t, outOfMerged.memberId)).at(-1)).toMatchObject({ unit_id: u.a1.id, ended_on: null });
    expect((await stateOf(untouched.id)).status).toBe('waiting');

    // The requester reads what became of each request; the one still valid waits.
    const page = await transferRequestsPage(t, officer);
    expect(page.outgoing.map((r) => r.id)).toEqual([untouched.id]);
    expect(page.answered.map((r) => [r.id, r.status]).sort()).toEqual(
      [intoMerged, intoDissolved, intoSplit, outOfMerged].map((r) => [r.id, 'stale']).sort(),
    );
    const audits = await t.db
      .selectFrom('audit_events')
      .select(['entity_id', 'after_json'])
      .where('action', '=', 'member.transfer_stale')
      .orderBy('id')
      .execute();
    expect(audits.map((a) => Number(a.entity_id))).toEqual([intoMerged, intoDissolved, intoSplit, outOfMerged].map((r) => r.memberId));
  });
});
