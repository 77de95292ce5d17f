import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import { inTransaction } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { createUnitIn, dissolveUnitIn, mergeUnitsIn } from '../org/service.js';

const fieldMessage = (field: string, message: string) => `<span class="field-error" id="${field}-error" role="alert">${message}</span>`;
const NBSP4 = '\u00a0'.repeat(4);

/** The HTML of the first <select name="…"> in a piece of a page. */
function selectOf(html: string, name: string): string {
  const m = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!m?.[1]) throw new Error(`no select ${name}`);
  return m[1];
}

/** The options of a select: text, value, and whether selected or disabled. */
function optionsOf(selectHtml: string) {
  return [...selectHtml.matchAll(/<option([^>]*)>([^<]*)<\/option>/g)].map((m) => ({
    // An empty value renders as a bare attribute.
    value: /\svalue(?:="([^"]*)")?/.exec(m[1]!)?.[1] ?? '',
    text: m[2]!.replace(/&nbsp;/g, '\u00a0'),
    selected: /\sselected/.test(m[1]!),
    disabled: /\sdisabled/.test(m[1]!),
  }));
}

/** The "Tạo tài khoản" form, and the "Cấp quyền" form of one account, out of the accounts page. */
const createForm = (body: string) => body.slice(body.indexOf('<h2>Tạo tài khoản</h2>'));
function grantForm(body: string, accountId: number): string {
  const start = body.indexOf(`action="/quan-tri/tai-khoan/${accountId}/cap-quyen"`);
  if (start < 0) throw new Error(`no grant form for ${accountId}`);
  return body.slice(start, body.indexOf('</form>', start));
}

describe.each(DIALECTS)('the grant and create-account forms on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  let closed: { id: number };
  let merged: { id: number };
  let admin: TestClient;
  let target: Awaited<ReturnType<typeof makeUser>>;
  const countUsers = async () =>
    Number(
      (
        await ta.t.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const grantsOf = async (userId: number) =>
    (await ta.t.db.selectFrom('role_grants').select(['role', 'unit_id']).where('user_id', '=', userId).execute()).map(
      (g) => `${g.role}@${Number(g.unit_id)}`,
    );

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    const a = SYSTEM_ACTORS.cli;
    const made = await inTransaction(ta.t, async (tx) => ({
      closed: await createUnitIn(tx, a, {
        parentId: units.upper.id,
        level: 'grassroots',
        shortName: 'CĐCS Công ty Cũ',
        fullName: 'Công đoàn cơ sở Công ty Cũ',
        foundedOn: '2000-01-01',
      }),
      merged: await createUnitIn(tx, a, {
        parentId: units.upper.id,
        level: 'grassroots',
        shortName: 'CĐCS Xí nghiệp A',
        fullName: 'Công đoàn cơ sở Xí nghiệp A',
        foundedOn: '2000-01-01',
      }),
    }));
    closed = made.closed;
    merged = made.merged;
    target = await makeUser(ta.t, 'viewer', units.school.id);
    // A role held at the unit before it ended: it can still be taken back.
    await ta.t.db.insertInto('role_grants').values({ user_id: target.id, role: 'viewer', unit_id: closed.id }).execute();
    const today = todayInVietnam();
    await inTransaction(ta.t, async (tx) => {
      await dissolveUnitIn(tx, a, closed.id, today);
      await mergeUnitsIn(tx, a, [merged.id], units.hospital.id, today);
    });
    const u = await makeUser(ta.t, 'admin', units.province.id);
    admin = new TestClient(ta.app);
    await admin.signIn(u.login);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('presets no role and no unit: the placeholders are chosen', async () => {
    const page = await admin.get('/quan-tri/tai-khoan');
    expect(page.statusCode).toBe(200);
    for (const form of [createForm(page.body), grantForm(page.body, target.id)]) {
      const roles = optionsOf(selectOf(form, 'role'));
      expect(roles[0]).toEqual({ value: '', text: '— Chọn vai trò —', selected: true, disabled: true });
      expect(roles.filter((o) => o.selected)).toHaveLength(1);
      expect(roles.map((o) => o.value)).toContain('admin');
      const unitOptions = optionsOf(selectOf(form, 'unitId'));
      expect(unitOptions[0]).toEqual({ value: '', text: '— Chọn đơn vị —', selected: true, disabled: true });
      expect(unitOptions.filter((o) => o.selected)).toHaveLength(1);
      expect(form).toMatch(/<select[^>]*name="role"[^>]*required/);
      expect(form).toMatch(/<select[^>]*name="unitId"[^>]*required/);
    }
  });

  it('lists the units as the tree: parents first, siblings in Vietnamese order, indented, ended units marked and not selectable', async () => {
    const page = await admin.get('/quan-tri/tai-khoan');
    for (const form of [createForm(page.body), grantForm(page.body, target.id)]) {
      const options = optionsOf(selectOf(form, 'unitId')).slice(1);
      expect(options.map((o) => o.text)).toEqual([
        'LĐLĐ tỉnh',
        `${NBSP4}CĐ ngành Y tế`,
        `${NBSP4}${NBSP4}CĐCS Trạm Y tế`,
        `${NBSP4}CĐ Viên chức tỉnh`,
        `${NBSP4}${NBSP4}CĐCS Bệnh viện tỉnh`,
        `${NBSP4}${NBSP4}CĐCS Công ty Cũ (đã giải thể)`,
        `${NBSP4}${NBSP4}CĐCS Trường THPT Số 1`,
        `${NBSP4}${NBSP4}CĐCS Xí nghiệp A (đã sáp nhập)`,
      ]);
      const disabled = options.filter((o) => o.disabled).map((o) => Number(o.value));
      expect(disabled.sort()).toEqual([closed.id, merged.id].sort());
    }
  });

  it('offers only the units of the user’s scope', async () => {
    const u = await makeUser(ta.t, 'admin', units.upper.id);
    const c = new TestClient(ta.app);
    await c.signIn(u.login);
    const options = optionsOf(selectOf(createForm((await c.get('/quan-tri/tai-khoan')).body), 'unitId')).slice(1);
    expect(options.map((o) => o.text)).toEqual([
      'CĐ Viên chức tỉnh',
      `${NBSP4}CĐCS Bệnh viện tỉnh`,
      `${NBSP4}CĐCS Công ty Cũ (đã giải thể)`,
      `${NBSP4}CĐCS Trường THPT Số 1`,
      `${NBSP4}CĐCS Xí nghiệp A (đã sáp nhập)`,
    ]);
  });

  it('gives the create form back with a message by each unchosen field, and writes nothing', async () => {
    const before = await countUsers();
    const forms: Array<Record<string, string>> = [
      { fullName: 'Lê Thị Hồng', login: 'hong.lt' },
      { fullName: 'Lê Thị Hồng', login: 'hong.lt', role: '', unitId: '' },
    ];
    for (const form of forms) {
      await admin.get('/quan-tri/tai-khoan');
      const r = await admin.post('/quan-tri/tai-khoan', form);
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain(fieldMessage('role', 'Cần chọn vai trò.'));
      expect(r.body).toContain(fieldMessage('unitId', 'Cần chọn đơn vị.'));
      expect(r.body).toContain('value="Lê Thị Hồng"');
      expect(r.body.match(/<div class="form-row has-error"><label for="(\w+)"/g)).toEqual([
        '<div class="form-row has-error"><label for="unitId"',
        '<div class="form-row has-error"><label for="role"',
      ]);
      const back = createForm(r.body);
      expect(optionsOf(selectOf(back, 'role'))[0]!.selected).toBe(true);
      expect(optionsOf(selectOf(back, 'unitId'))[0]!.selected).toBe(true);
    }
    // One field chosen: it stays chosen, the other gets its message.
    await admin.get('/quan-tri/tai-khoan');
    const half = await admin.post('/quan-tri/tai-khoan', { fullName: 'Lê Thị Hồng', login: 'hong.lt', role: 'officer' });
    expect(half.statusCode).toBe(400);
    expect(half.body).not.toContain(fieldMessage('role', 'Cần chọn vai trò.'));
    expect(half.body).toContain(fieldMessage('unitId', 'Cần chọn đơn vị.'));
    const roles = optionsOf(selectOf(createForm(half.body), 'role'));
    expect(roles.filter((o) => o.selected).map((o) => o.value)).toEqual(['officer']);
    expect(await countUsers()).toBe(before);
  });

  it('gives the grant form back in the account’s row with the messages, and grants nothing', async () => {
    const before = await grantsOf(target.id);
    await admin.get('/quan-tri/tai-khoan');
    const r = await admin.post(`/quan-tri/tai-khoan/${target.id}/cap-quyen`, {});
    expect(r.statusCode).toBe(400);
    const form = grantForm(r.body, target.id);
    expect(form).toContain(fieldMessage(`role-${target.id}`, 'Cần chọn vai trò.'));
    expect(form).toContain(fieldMessage(`unitId-${target.id}`, 'Cần chọn đơn vị.'));
    expect(r.body).toContain('Biểu mẫu còn chỗ chưa đúng');

    await admin.get('/quan-tri/tai-khoan');
    const half = await admin.post(`/quan-tri/tai-khoan/${target.id}/cap-quyen`, { role: '', unitId: units.hospital.id });
    expect(half.statusCode).toBe(400);
    const halfForm = grantForm(half.body, target.id);
    expect(halfForm).toContain(fieldMessage(`role-${target.id}`, 'Cần chọn vai trò.'));
    expect(halfForm).not.toContain('Cần chọn đơn vị.');
    expect(optionsOf(selectOf(halfForm, 'unitId')).filter((o) => o.selected)).toEqual([
      expect.objectContaining({ value: String(units.hospital.id) }),
    ]);
    expect(await grantsOf(target.id)).toEqual(before);
  });

  it('refuses a dissolved or merged unit for a new account or role, and still lets a role there be taken back', async () => {
    const users = await countUsers();
    const grants = await grantsOf(target.id);
    for (const [unitId, how] of [
      [closed.id, 'đã giải thể'],
      [merged.id, 'đã sáp nhập'],
    ] as const) {
      await admin.get('/quan-tri/tai-khoan');
      const create = await admin.post('/quan-tri/tai-khoan', { fullName: 'Phan Văn Tú', login: `tu.pv${unitId}`, role: 'viewer', unitId });
      expect(create.statusCode).toBe(400);
      expect(create.body).toMatch(new RegExp(`<span class="field-error" id="unitId-error" role="alert">Đơn vị &quot;[^&]+&quot; ${how}`));
      await admin.get('/quan-tri/tai-khoan');
      const grant = await admin.post(`/quan-tri/tai-khoan/${target.id}/cap-quyen`, { role: 'viewer', unitId });
      expect(grant.statusCode).toBe(400);
      expect(grantForm(grant.body, target.id)).toMatch(
        new RegExp(`<span class="field-error" id="unitId-${target.id}-error" role="alert">Đơn vị &quot;[^&]+&quot; ${how}`),
      );
    }
    expect(await countUsers()).toBe(users);
    expect(await grantsOf(target.id)).toEqual(grants);

    await admin.get('/quan-tri/tai-khoan');
    const asked = await admin.post(`/quan-tri/tai-khoan/${target.id}/thu-hoi`, { role: 'viewer', unitId: closed.id });
    expect(asked.statusCode).toBe(200);
    expect(await grantsOf(target.id)).toContain(`viewer@${closed.id}`);
    const revoke = await admin.post(`/quan-tri/tai-khoan/${target.id}/thu-hoi/xac-nhan`, { role: 'viewer', unitId: closed.id });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.body).toContain('Đã thu hồi quyền Người xem');
    expect(await grantsOf(target.id)).not.toContain(`viewer@${closed.id}`);
  });

  it('creates the account and grants the role once both are chosen', async () => {
    await admin.get('/quan-tri/tai-khoan');
    const made = await admin.post('/quan-tri/tai-khoan', {
      fullName: 'Lê Thị Hồng',
      login: 'hong.lt',
      role: 'officer',
      unitId: units.school.id,
    });
    expect(made.statusCode).toBe(200);
    expect(made.body).toMatch(/\/dat-lai-mat-khau\/[\w-]+/);
    await admin.get('/quan-tri/tai-khoan');
    const grant = await admin.post(`/quan-tri/tai-khoan/${target.id}/cap-quyen`, { role: 'editor', unitId: units.hospital.id });
    expect(grant.statusCode).toBe(303);
    expect(await grantsOf(target.id)).toContain(`editor@${units.hospital.id}`);
  });
});
