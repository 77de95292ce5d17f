import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticle, makeSection, makeTestApp, type TestApp } from '../../test/factories.js';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { DIALECTS, type TestDb } from '../../test/harness.js';
import { AUDIT_ACTIONS, type AuditAction } from './actions.js';

const ACTIONS = Object.keys(AUDIT_ACTIONS) as AuditAction[];

/** The rows of the log's table (the action filter lists every label, so assertions look at the rows only). */
const rowsOf = (html: string) => /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
const countOf = (html: string) => Number(/([\d.]+) sự kiện\./.exec(html)?.[1]?.replace(/\./g, '') ?? NaN);

async function insertMember(t: TestDb, fullName: string, periods: Array<{ unitId: number; from: string; to: string | null }>) {
  const now = Date.now();
  const { id } = await t.db
    .insertInto('members')
    .values({
      full_name: fullName,
      name_folded: fullName.toLowerCase(),
      sort_key: fullName.toLowerCase(),
      gender: null,
      birth_date: null,
      birth_year: 1990,
      citizen_id: null,
      phone: null,
      job: null,
      card_number: null,
      import_key: null,
      erased_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const p of periods)
    await t.db
      .insertInto('memberships')
      .values({
        member_id: id,
        unit_id: p.unitId,
        started_on: p.from,
        start_kind: 'join',
        ended_on: p.to,
        end_kind: p.to ? 'transfer_out' : null,
      } as never)
      .execute();
  return Number(id);
}

async function insertCareCase(t: TestDb, recipient: string, unitId: number) {
  const now = Date.now();
  const row = await t.db
    .insertInto('care_cases')
    .values({
      programme_id: null,
      recipient_kind: 'worker',
      member_id: null,
      recipient_name: recipient,
      recipient_folded: recipient.toLowerCase(),
      recipient_birth_year: null,
      recipient_citizen_id: null,
      parent_member_id: null,
      reason: 'hardship',
      description: 'Hoàn cảnh khó khăn',
      occurred_on: '2026-11-01',
      proposing_unit_id: unitId,
      cash_amount: 500_000,
      in_kind_amount: 0,
      status: 'proposed',
      fund_id: null,
      proposed_by: null,
      proposed_at: now,
      decided_by: null,
      decided_at: null,
      decision_note: null,
      paid_entry_id: null,
      paid_by: null,
      paid_at: null,
      closed_at: null,
      import_key: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

describe.each(DIALECTS)('the audit log on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let actor: { id: number; login: string };
  let rec: Record<string, number>;
  let rootAdmin: TestClient;
  let schoolAdmin: TestClient;

  async function insertEvent(action: string, entity: string, entityId: number | string, unitId: number | null) {
    await ta.t.db
      .insertInto('audit_events')
      .values({
        at: Date.now(),
        actor_user_id: actor.id,
        actor_label: `Người ghi (${actor.login})`,
        action,
        entity,
        entity_id: String(entityId),
        unit_id: unitId,
        before_json: null,
        after_json: null,
      })
      .execute();
  }

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    actor = await makeUser(ta.t, 'viewer', units.school.id, 'nguoi.ghi');
    const section = await makeSection(ta.t, 'Tin hoạt động');
    const article = await makeArticle(ta.t, section.id, { headline: 'Hội nghị cán bộ công chức năm 2026' });
    const t = ta.t;
    const fund = await t.db
      .insertInto('funds')
      .values({ unit_id: units.school.id, name: 'Quỹ Tương trợ trường', kind: 'other', created_at: Date.now(), closed_on: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const entry = await t.db
      .insertInto('fund_entries')
      .values({
        fund_id: fund.id,
        entry_date: '2026-11-02',
        kind: 'receipt',
        amount: 1_000_000,
        source_label: 'Đoàn viên đóng góp',
        source_unit_id: null,
        case_id: null,
        transfer_id: null,
        reverses_entry_id: null,
        memo: null,
        created_by: null,
        created_at: Date.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const programme = await t.db
      .insertInto('programmes')
      .values({
        unit_id: units.school.id,
        name: 'Tết Sum vầy 2027',
        starts_on: '2026-12-01',
        ends_on: '2027-02-28',
        budget: 10_000_000,
        default_cash: 500_000,
        default_in_kind: 0,
        publish_totals: 0,
        created_at: Date.now(),
        updated_at: Date.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    rec = {
      member: await insertMember(t, 'Trần Thị Ở Trường', [{ unitId: units.school.id, from: '2020-01-01', to: null }]),
      memberAway: await insertMember(t, 'Lê Văn Đã Chuyển', [
        { unitId: units.school.id, from: '2019-01-01', to: '2025-06-30' },
        { unitId: units.clinic.id, from: '2025-07-01', to: null },
      ]),
      unit: units.school.id,
      article: Number(article.id),
      section: Number(section.id),
      user: actor.id,
      care_case: await insertCareCase(t, 'Phạm Thị Khó Khăn', units.school.id),
      caseAway: await insertCareCase(t, 'Vũ Văn Trạm Xá', units.clinic.id),
      programme: Number(programme.id),
      fund: Number(fund.id),
      fund_entry: Number(entry.id),
    };
    for (const action of ACTIONS) {
      const entity = AUDIT_ACTIONS[action].entity;
      await insertEvent(action, entity, rec[entity] ?? 424242, units.school.id);
    }
    await insertEvent('member.read', 'member', rec.memberAway!, units.school.id);
    await insertEvent('care_case.read', 'care_case', rec.caseAway!, units.school.id);
    await insertEvent('legacy.thing', 'legacy', 'x-1', units.school.id);

    rootAdmin = new TestClient(ta.app);
    await rootAdmin.signIn((await makeUser(ta.t, 'admin', units.province.id)).login);
    schoolAdmin = new TestClient(ta.app);
    await schoolAdmin.signIn((await makeUser(ta.t, 'admin', units.school.id)).login);
  });
  afterAll(async () => {
    await ta.close();
  });

  async function allRows(client: TestClient, query: string) {
    const first = await client.get(`/quan-tri/nhat-ky?${query}`);
    expect(first.statusCode).toBe(200);
    let rows = rowsOf(first.body);
    for (let page = 2; page <= Math.ceil(countOf(first.body) / 50); page++)
      rows += rowsOf((await client.get(`/quan-tri/nhat-ky?${query}&trang=${page}`)).body);
    return { rows, total: countOf(first.body) };
  }

  it('shows every action of the vocabulary by its Vietnamese label, and an unknown one as written', async () => {
    const { rows, total } = await allRows(rootAdmin, `nguoi=${actor.login}`);
    expect(total).toBe(ACTIONS.length + 3);
    for (const action of ACTIONS) expect(rows, action).toContain(`<td>${AUDIT_ACTIONS[action].label}</td>`);
    expect(rows).toContain('<td>legacy.thing</td>');
    expect(rows).toContain('legacy #x-1');
    expect(rows).not.toMatch(/<td>(article|unit|member|user|role|care_case|fund|programme|section)\.[a-z_]+<\/td>/);
  });

  it('names each record and links to it for a viewer who may open it', async () => {
    const { rows } = await allRows(rootAdmin, `nguoi=${actor.login}`);
    const links = [
      [`/quan-tri/doan-vien/${rec.member}`, 'Trần Thị Ở Trường'],
      [`/quan-tri/doan-vien/${rec.memberAway}`, 'Lê Văn Đã Chuyển'],
      [`/quan-tri/don-vi/${units.school.id}`, 'CĐCS Trường THPT Số 1'],
      [`/quan-tri/bai-viet/${rec.article}`, 'Hội nghị cán bộ công chức năm 2026'],
      ['/quan-tri/chuyen-muc', 'Tin hoạt động'],
      [`/quan-tri/tai-khoan/${actor.id}`, `Người dùng ${actor.login} (${actor.login})`],
      [`/quan-tri/cham-lo/ho-so/${rec.care_case}`, 'Phạm Thị Khó Khăn'],
      [`/quan-tri/cham-lo/ho-so/${rec.caseAway}`, 'Vũ Văn Trạm Xá'],
      [`/quan-tri/cham-lo/chuong-trinh/${rec.programme}`, 'Tết Sum vầy 2027'],
      [`/quan-tri/quy/${rec.fund}`, 'Quỹ Tương trợ trường'],
    ];
    for (const [href, name] of links) expect(rows, name).toContain(`<a href="${href}">${name}</a>`);
    // Records that do not exist keep their kind and number.
    expect(rows).toContain('Lần nhập danh sách #424242');
  });

  it('does not name what the viewer may not open: a member or a care case now of another unit', async () => {
    const { rows } = await allRows(schoolAdmin, `nguoi=${actor.login}`);
    expect(rows).toContain(`<a href="/quan-tri/doan-vien/${rec.member}">Trần Thị Ở Trường</a>`);
    expect(rows).toContain(`<a href="/quan-tri/cham-lo/ho-so/${rec.care_case}">Phạm Thị Khó Khăn</a>`);
    expect(rows).not.toContain('Lê Văn Đã Chuyển');
    expect(rows).not.toContain('Vũ Văn Trạm Xá');
    expect(rows).toContain(`Đoàn viên #${rec.memberAway}`);
    expect(rows).toContain(`Hồ sơ chăm lo #${rec.caseAway}`);
    // A grassroots administrator does not read the province's events.
    expect(rows).not.toContain('LĐLĐ tỉnh');
  });

  it('filters by action and hides sign-ins', async () => {
    const one = await rootAdmin.get(`/quan-tri/nhat-ky?nguoi=${actor.login}&thao_tac=fund.create`);
    expect(countOf(one.body)).toBe(1);
    expect(rowsOf(one.body)).toContain('<td>Lập quỹ</td>');
    expect(one.body).toContain('<option value="fund.create" selected>Lập quỹ</option>');
    expect(one.body).toMatch(/<optgroup label="Chăm lo và quỹ">/);

    const { rows, total } = await allRows(rootAdmin, `nguoi=${actor.login}&an_dang_nhap=1`);
    expect(total).toBe(ACTIONS.length + 3 - 2);
    expect(rows).not.toContain(`<td>${AUDIT_ACTIONS['user.login'].label}</td>`);
    expect(rows).not.toContain(`<td>${AUDIT_ACTIONS['user.lock'].label}</td>`);
    expect(rows).toContain(`<td>${AUDIT_ACTIONS['user.create'].label}</td>`);
    const pager = await rootAdmin.get(`/quan-tri/nhat-ky?nguoi=${actor.login}&an_dang_nhap=1&thao_tac=`);
    expect(pager.body).toContain('an_dang_nhap=1&amp;trang=2');
    expect(pager.body).toMatch(/<input name="an_dang_nhap" type="checkbox" value="1" checked/);
  });

  it('drops a filter it cannot read, and a bad page is not found', async () => {
    const res = await rootAdmin.get(`/quan-tri/nhat-ky?nguoi=${actor.login}&thao_tac=khong.co&tu=2026-13-45&don_vi=abc`);
    expect(res.statusCode).toBe(200);
    expect(countOf(res.body)).toBe(ACTIONS.length + 3);
    expect((await rootAdmin.get('/quan-tri/nhat-ky?trang=abc')).statusCode).toBe(404);
  });
});
