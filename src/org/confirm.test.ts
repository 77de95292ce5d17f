import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeArticle, makeSection, makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS, type TestDb } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import * as careRepo from '../care/repo.js';
import { foldName, admitMember } from '../members/service.js';
import * as fundsRepo from '../funds/repo.js';
import { insertRequest } from '../members/transfer-repo.js';
import type { CareCaseStatus } from '../db/schema.js';

/** Every row of the tables a tree change may touch, to prove a page wrote nothing. */
async function snapshot(t: TestDb) {
  const tables = [
    'units',
    'unit_versions',
    'unit_events',
    'unit_closure',
    'memberships',
    'articles',
    'sections',
    'funds',
    'care_cases',
    'member_transfer_requests',
    'role_grants',
    'audit_events',
  ] as const;
  const out: Record<string, unknown[]> = {};
  for (const table of tables) out[table] = await t.db.selectFrom(table).selectAll().execute();
  // Row order is not part of the state.
  for (const rows of Object.values(out)) rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return out;
}

const summaryOf = (html: string) => /<p class="plan-summary">([\s\S]*?)<\/p>/.exec(html)?.[1]?.replace(/<[^>]+>/g, '') ?? '';

async function openCase(t: TestDb, unitId: number, status: CareCaseStatus, name: string) {
  await careRepo.insertCase(t, {
    programme_id: null,
    recipient_kind: 'worker',
    member_id: null,
    recipient_name: name,
    recipient_folded: foldName(name),
    recipient_birth_year: 1980,
    recipient_citizen_id: null,
    parent_member_id: null,
    reason: 'hardship',
    description: 'Hoàn cảnh khó khăn',
    occurred_on: '2025-03-01',
    proposing_unit_id: unitId,
    cash_amount: 500_000,
    in_kind_amount: 0,
    status,
    fund_id: null,
    proposed_by: null,
    proposed_at: Date.now(),
    decided_by: null,
    decided_at: null,
    decision_note: null,
    paid_entry_id: null,
    paid_by: null,
    paid_at: null,
    closed_at: null,
    import_key: null,
  });
}

describe.each(DIALECTS)('confirming a merge, split or dissolution on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let admin: TestClient;
  let adminUser: AuthUser;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const a = await makeUser(ta.t, 'admin', units.province.id);
    adminUser = (await loadAuthUser(ta.t, a.id))!;
    admin = new TestClient(ta.app);
    await admin.signIn(a.login);
  });
  afterAll(async () => {
    await ta.close();
  });

  const admit = (unitId: number, fullName: string) =>
    admitMember(ta.t, adminUser, { fullName, unitId, joinedOn: '2024-01-01', birthYear: 1985 + (fullName.length % 10) });
  const count = async (table: 'memberships' | 'articles' | 'funds', column: 'unit_id', unitId: number, open = false) => {
    let q = ta.t.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', unitId);
    if (open && table === 'memberships') q = q.where('ended_on' as never, 'is', null);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  };
  const openCases = (unitId: number) => careRepo.countOpenCasesOfUnit(ta.t, unitId);

  it('says in figures what a merge will do, writes nothing until confirmed, then does exactly that', async () => {
    // CĐCS Bệnh viện tỉnh: 3 members, 2 articles in 1 section, 2 funds (one named as a fund of the survivor), 2 open cases and a closed one, one unit below it, 2 accounts.
    for (const name of ['Nguyễn Thị Lan', 'Trần Văn Bình', 'Lê Thị Hoa']) await admit(units.hospital.id, name);
    await admit(units.school.id, 'Phạm Văn Đức');
    const section = await makeSection(ta.t, 'Tin Bệnh viện');
    await ta.t.db.updateTable('sections').set({ unit_id: units.hospital.id }).where('id', '=', section.id).execute();
    for (let i = 0; i < 2; i++) {
      const art = await makeArticle(ta.t, section.id);
      await ta.t.db.updateTable('articles').set({ unit_id: units.hospital.id }).where('id', '=', art.id).execute();
    }
    await fundsRepo.insertFund(ta.t, { unit_id: units.hospital.id, name: 'Quỹ Xã hội', kind: 'social' });
    await fundsRepo.insertFund(ta.t, { unit_id: units.hospital.id, name: 'Quỹ khuyến học', kind: 'study' });
    await fundsRepo.insertFund(ta.t, { unit_id: units.school.id, name: 'Quỹ Xã hội', kind: 'social' });
    await openCase(ta.t, units.hospital.id, 'proposed', 'Hoàng Văn Nam');
    await openCase(ta.t, units.hospital.id, 'approved', 'Vũ Thị Mai');
    await openCase(ta.t, units.hospital.id, 'closed', 'Đỗ Văn Hùng');
    const ward = await admin.post('/quan-tri/don-vi', {
      parentId: units.hospital.id,
      shortName: 'Tổ CĐ Khoa Nội',
      fullName: 'Tổ công đoàn Khoa Nội',
      level: 'group',
      on: '2020-01-01',
    });
    const wardId = Number(/don-vi\/(\d+)/.exec(ward.headers.location as string)?.[1]);
    const officer = await makeUser(ta.t, 'officer', units.hospital.id);
    await makeUser(ta.t, 'viewer', units.hospital.id);

    await admin.get(`/quan-tri/don-vi/${units.hospital.id}`);
    const before = await snapshot(ta.t);
    // Looking writes nothing either.
    expect((await admin.get(`/quan-tri/don-vi/${units.hospital.id}`)).statusCode).toBe(200);
    expect(await snapshot(ta.t)).toEqual(before);
    const confirm = await admin.post(`/quan-tri/don-vi/${units.hospital.id}/sap-nhap`, { survivorId: units.school.id, on: '2025-07-01' });
    expect(confirm.statusCode).toBe(200);
    expect(summaryOf(confirm.body)).toBe(
      'Sáp nhập CĐCS Bệnh viện tỉnh vào CĐCS Trường THPT Số 1 từ ngày 01/07/2025: chuyển 3 đoàn viên, 2 bài viết, 1 chuyên mục, 2 quỹ, 2 hồ sơ chăm lo đang mở sang CĐCS Trường THPT Số 1; 1 đơn vị trực thuộc chuyển về trực thuộc CĐCS Trường THPT Số 1; đóng 0 đề nghị chuyển sinh hoạt đang chờ; 2 tài khoản thuộc hoặc có quyền tại CĐCS Bệnh viện tỉnh giữ nguyên quyền tại CĐCS Bệnh viện tỉnh (không tự có quyền tại CĐCS Trường THPT Số 1).',
    );
    expect(confirm.body).toContain('Tổ CĐ Khoa Nội');
    expect(confirm.body).toContain('đổi tên thành &quot;Quỹ Xã hội (CĐCS Bệnh viện tỉnh)&quot;');
    expect(confirm.body).toContain(`Người dùng ${officer.login}`);
    expect(confirm.body).toContain(`action="/quan-tri/don-vi/${units.hospital.id}/sap-nhap/xac-nhan"`);
    expect(confirm.body).toContain(`name="survivorId" value="${units.school.id}"`);
    expect(await snapshot(ta.t)).toEqual(before);

    const members = {
      hospital: await count('memberships', 'unit_id', units.hospital.id, true),
      school: await count('memberships', 'unit_id', units.school.id, true),
    };
    const articles = await count('articles', 'unit_id', units.school.id);
    const funds = await count('funds', 'unit_id', units.school.id);
    const cases = await openCases(units.school.id);
    const done = await admin.post(`/quan-tri/don-vi/${units.hospital.id}/sap-nhap/xac-nhan`, {
      survivorId: units.school.id,
      on: '2025-07-01',
    });
    expect(done.statusCode).toBe(200);
    expect(summaryOf(done.body)).toMatch(
      /^Đã sáp nhập CĐCS Bệnh viện tỉnh vào CĐCS Trường THPT Số 1 từ ngày 01\/07\/2025: đã chuyển 3 đoàn viên, 2 bài viết, 1 chuyên mục, 2 quỹ, 2 hồ sơ chăm lo đang mở/,
    );
    // What changed is what the confirmation said.
    expect(await count('memberships', 'unit_id', units.school.id, true)).toBe(members.school + 3);
    expect(await count('memberships', 'unit_id', units.hospital.id, true)).toBe(0);
    expect(members.hospital).toBe(3);
    expect(await count('articles', 'unit_id', units.school.id)).toBe(articles + 2);
    expect(await count('funds', 'unit_id', units.school.id)).toBe(funds + 2);
    expect(await openCases(units.school.id)).toBe(cases + 2);
    expect(await openCases(units.hospital.id)).toBe(0);
    const names = await ta.t.db.selectFrom('funds').select('name').where('unit_id', '=', units.school.id).orderBy('name').execute();
    expect(names.map((f) => f.name)).toEqual(['Quỹ khuyến học', 'Quỹ Xã hội', 'Quỹ Xã hội (CĐCS Bệnh viện tỉnh)'].sort());
    const wardNow = await ta.t.db.selectFrom('units').select('parent_id').where('id', '=', wardId).executeTakeFirstOrThrow();
    expect(Number(wardNow.parent_id)).toBe(units.school.id);
    const grants = await ta.t.db.selectFrom('role_grants').select('unit_id').where('user_id', '=', officer.id).execute();
    expect(grants.map((g) => Number(g.unit_id))).toEqual([units.hospital.id]);
    // Confirming again is refused: the unit has ended.
    const again = await admin.post(`/quan-tri/don-vi/${units.hospital.id}/sap-nhap/xac-nhan`, {
      survivorId: units.school.id,
      on: '2025-07-01',
    });
    expect(again.statusCode).toBe(400);
  });

  it('does what the data holds when it changed between the confirmation and "Xác nhận", and says so', async () => {
    const a = await admin.post('/quan-tri/don-vi', {
      parentId: units.otherUpper.id,
      shortName: 'CĐCS Trạm Y tế xã A',
      fullName: 'Công đoàn cơ sở Trạm Y tế xã A',
      level: 'grassroots',
      on: '2020-01-01',
    });
    const aId = Number(/don-vi\/(\d+)/.exec(a.headers.location as string)?.[1]);
    await admit(aId, 'Bùi Thị Thu');
    await admin.get(`/quan-tri/don-vi/${aId}`);
    const confirm = await admin.post(`/quan-tri/don-vi/${aId}/sap-nhap`, { survivorId: units.clinic.id, on: '2025-08-01' });
    expect(summaryOf(confirm.body)).toContain('chuyển 1 đoàn viên, 0 bài viết');
    await admit(aId, 'Đinh Văn Toàn');
    const done = await admin.post(`/quan-tri/don-vi/${aId}/sap-nhap/xac-nhan`, { survivorId: units.clinic.id, on: '2025-08-01' });
    expect(done.statusCode).toBe(200);
    expect(summaryOf(done.body)).toContain('đã chuyển 2 đoàn viên, 0 bài viết');
    expect(await count('memberships', 'unit_id', aId, true)).toBe(0);
  });

  it('confirms a dissolution and a split with their figures, and refuses on the confirmation what the command refuses', async () => {
    const made = async (shortName: string, parentId: number, level = 'grassroots') => {
      const r = await admin.post('/quan-tri/don-vi', { parentId, shortName, fullName: shortName, level, on: '2020-01-01' });
      return Number(/don-vi\/(\d+)/.exec(r.headers.location as string)?.[1]);
    };
    const factory = await made('CĐCS Nhà máy Gạch', units.otherUpper.id);
    await admit(factory, 'Mai Văn Sơn');
    await admin.get(`/quan-tri/don-vi/${factory}`);
    const before = await snapshot(ta.t);
    const refused = await admin.post(`/quan-tri/don-vi/${factory}/giai-the`, { on: '2025-09-01', note: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Đơn vị còn 1 đoàn viên đang sinh hoạt');
    expect(await snapshot(ta.t)).toEqual(before);

    const empty = await made('CĐCS Hợp tác xã Đá', units.otherUpper.id);
    // A member of another unit waits to move into it; the unit keeps a fund and an article.
    const mover = await admit(units.clinic.id, 'Lương Văn Tâm');
    const request = await insertRequest(ta.t, {
      member_id: mover.id,
      from_unit_id: units.clinic.id,
      to_unit_id: empty,
      transfer_on: '2025-08-15',
      requested_by: adminUser.id,
    });
    await fundsRepo.insertFund(ta.t, { unit_id: empty, name: 'Quỹ Tương trợ', kind: 'other' });
    await admin.get(`/quan-tri/don-vi/${empty}`);
    const beforeDissolve = await snapshot(ta.t);
    const confirm = await admin.post(`/quan-tri/don-vi/${empty}/giai-the`, { on: '2025-09-01', note: 'QĐ 5/QĐ-LĐLĐ' });
    expect(summaryOf(confirm.body)).toBe(
      'Giải thể CĐCS Hợp tác xã Đá từ ngày 01/09/2025 (QĐ 5/QĐ-LĐLĐ): đơn vị ngừng hoạt động, không còn trực thuộc CĐ ngành Y tế; đóng 1 đề nghị chuyển sinh hoạt đang chờ; 0 bài viết, 0 chuyên mục, 1 quỹ, 0 hồ sơ chăm lo đang mở vẫn thuộc đơn vị đã giải thể; 0 tài khoản thuộc hoặc có quyền tại CĐCS Hợp tác xã Đá giữ nguyên quyền tại CĐCS Hợp tác xã Đá.',
    );
    expect(await snapshot(ta.t)).toEqual(beforeDissolve);
    const dissolved = await admin.post(`/quan-tri/don-vi/${empty}/giai-the/xac-nhan`, { on: '2025-09-01', note: 'QĐ 5/QĐ-LĐLĐ' });
    expect(summaryOf(dissolved.body)).toMatch(
      /^Đã giải thể CĐCS Hợp tác xã Đá từ ngày 01\/09\/2025.*đã đóng 1 đề nghị chuyển sinh hoạt đang chờ/,
    );
    const closedRequest = await ta.t.db
      .selectFrom('member_transfer_requests')
      .select('status')
      .where('id', '=', request!)
      .executeTakeFirstOrThrow();
    expect(closedRequest.status).toBe('stale');
    expect(await count('funds', 'unit_id', empty)).toBe(1);
    const row = await ta.t.db.selectFrom('units').select(['ended_on']).where('id', '=', empty).executeTakeFirstOrThrow();
    expect(row.ended_on).toBe('2025-09-01');

    const big = await made('CĐCS Tổng công ty X', units.otherUpper.id, 'upper');
    const g1 = await made('CĐ bộ phận 1', big, 'division');
    const g2 = await made('CĐ bộ phận 2', big, 'division');
    await admin.get(`/quan-tri/don-vi/${big}`);
    const split = { parts: 'CĐCS Công ty X Bắc\nCĐCS Công ty X Nam', on: '2025-10-01', [`child_${g2}`]: '2' };
    const before2 = await snapshot(ta.t);
    const confirmSplit = await admin.post(`/quan-tri/don-vi/${big}/chia-tach`, split);
    expect(summaryOf(confirmSplit.body)).toBe(
      'Chia tách CĐCS Tổng công ty X từ ngày 01/10/2025 thành 2 đơn vị mới trực thuộc CĐ ngành Y tế: CĐCS Công ty X Bắc (1 đơn vị trực thuộc), CĐCS Công ty X Nam (1 đơn vị trực thuộc); CĐCS Tổng công ty X ngừng hoạt động, đóng 0 đề nghị chuyển sinh hoạt đang chờ; 0 bài viết, 0 chuyên mục, 0 quỹ, 0 hồ sơ chăm lo đang mở vẫn thuộc CĐCS Tổng công ty X; 0 tài khoản thuộc hoặc có quyền tại CĐCS Tổng công ty X giữ nguyên quyền tại CĐCS Tổng công ty X.',
    );
    expect(confirmSplit.body).toContain(`name="child_${g2}" value="2"`);
    expect(await snapshot(ta.t)).toEqual(before2);
    const tooFar = await admin.post(`/quan-tri/don-vi/${big}/chia-tach`, { ...split, [`child_${g1}`]: '3' });
    expect(tooFar.statusCode).toBe(400);
    expect(tooFar.body).toContain('CĐ bộ phận 1&quot; được chọn về đơn vị mới số 3, nhưng chỉ có 2 đơn vị mới.');
    const doneSplit = await admin.post(`/quan-tri/don-vi/${big}/chia-tach/xac-nhan`, split);
    expect(summaryOf(doneSplit.body)).toMatch(/^Đã chia tách CĐCS Tổng công ty X/);
    const parents = await ta.t.db.selectFrom('units').select(['id', 'parent_id']).where('id', 'in', [g1, g2]).orderBy('id').execute();
    const newUnits = await ta.t.db
      .selectFrom('units')
      .select(['id', 'short_name'])
      .where('short_name', 'like', 'CĐCS Công ty X %')
      .orderBy('id')
      .execute();
    expect(newUnits.map((u) => u.short_name)).toEqual(['CĐCS Công ty X Bắc', 'CĐCS Công ty X Nam']);
    expect(parents.map((p) => Number(p.parent_id))).toEqual(newUnits.map((u) => Number(u.id)));
  });

  it('refuses a wrong role or a unit out of scope on the confirmation and on "Xác nhận" alike', async () => {
    const upperAdmin = new TestClient(ta.app);
    await upperAdmin.signIn((await makeUser(ta.t, 'admin', units.upper.id)).login);
    const viewer = new TestClient(ta.app);
    await viewer.signIn((await makeUser(ta.t, 'viewer', units.province.id)).login);
    await upperAdmin.get(`/quan-tri/don-vi/${units.upper.id}`);
    await viewer.get(`/quan-tri/don-vi/${units.upper.id}`);
    const before = await snapshot(ta.t);
    for (const step of ['', '/xac-nhan']) {
      // Into a unit outside the upper union's scope.
      expect(
        (await upperAdmin.post(`/quan-tri/don-vi/${units.school.id}/sap-nhap${step}`, { survivorId: units.clinic.id, on: '2026-01-01' }))
          .statusCode,
      ).toBe(403);
      expect(
        (await upperAdmin.post(`/quan-tri/don-vi/${units.clinic.id}/giai-the${step}`, { on: '2026-01-01', note: '' })).statusCode,
      ).toBe(403);
      expect(
        (await upperAdmin.post(`/quan-tri/don-vi/${units.clinic.id}/chia-tach${step}`, { parts: 'A\nB', on: '2026-01-01' })).statusCode,
      ).toBe(403);
      expect((await viewer.post(`/quan-tri/don-vi/${units.school.id}/giai-the${step}`, { on: '2026-01-01', note: '' })).statusCode).toBe(
        403,
      );
      expect(
        (await viewer.post(`/quan-tri/don-vi/${units.school.id}/sap-nhap${step}`, { survivorId: units.upper.id, on: '2026-01-01' }))
          .statusCode,
      ).toBe(403);
      // Without the CSRF token, nothing.
      expect(
        (await admin.post(`/quan-tri/don-vi/${units.school.id}/giai-the${step}`, { on: '2026-01-01', note: '' }, false)).statusCode,
      ).toBe(403);
    }
    expect(await snapshot(ta.t)).toEqual(before);
  });
});
