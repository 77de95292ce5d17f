import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import { admitMember } from '../members/service.js';
import { dissolveUnit, foundUnit, mergeUnitInto, moveUnit, splitUnit } from './service.js';

/** The text of the history table's rows, tags kept (to see the links). */
const historyRows = (html: string) =>
  [...(/<h2>Lịch sử<\/h2>\s*<table class="grid">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(
    (m) => m[1]!,
  );

describe.each(DIALECTS)('a unit page names the units of its history, and shows an ended unit as it last stood, on %s', (dialect) => {
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

  it('shows a merged unit as it stood on its last day, with a banner naming where it went', async () => {
    const unit = (shortName: string, parentId: number, level: 'grassroots' | 'group' = 'grassroots') =>
      foundUnit(ta.t, adminUser, { parentId, shortName, fullName: shortName, level, unitType: 'public_service', foundedOn: '2020-01-01' });
    const a = await unit('CĐCS Trường Tiểu học A', units.upper.id);
    const b = await unit('CĐCS Trường Tiểu học B', units.upper.id);
    const group = await unit('Tổ CĐ Giáo viên', a.id, 'group');
    for (const name of ['Ngô Thị Hạnh', 'Lý Văn Khoa', 'Tạ Thị Nga'])
      await admitMember(ta.t, adminUser, { fullName: name, unitId: a.id, joinedOn: '2024-01-01', birthYear: 1990 });
    await moveUnit(ta.t, adminUser, a.id, { parentId: units.province.id, on: '2024-06-01' });
    await mergeUnitInto(ta.t, adminUser, a.id, { survivorId: b.id, on: '2025-07-01' });

    const page = await admin.get(`/quan-tri/don-vi/${a.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Đơn vị đã sáp nhập vào <a href="/quan-tri/don-vi/${b.id}">CĐCS Trường Tiểu học B</a> ngày 01/07/2025.`);
    expect(page.body).toContain('Trang hiển thị đơn vị như tại ngày 30/06/2025, ngày cuối cùng còn hoạt động.');
    const facts = /<dl class="facts">([\s\S]*?)<\/dl>/.exec(page.body)?.[1] ?? '';
    expect(facts).toContain('<dd>30/06/2025</dd>');
    expect(facts).toContain('<dd>CĐCS Trường Tiểu học A</dd>');
    expect(facts).toContain(`<dt>Trực thuộc</dt><dd><a href="/quan-tri/don-vi/${units.province.id}">LĐLĐ tỉnh</a></dd>`);
    expect(facts).toContain('<dd>Đơn vị sự nghiệp công lập</dd>');
    expect(facts).toContain('<dt>Đoàn viên</dt><dd>3</dd>');
    expect(facts).toContain(`<a href="/quan-tri/don-vi/${group.id}?ngay=2025-06-30">Tổ CĐ Giáo viên</a>`);
    const rows = historyRows(page.body);
    expect(rows.join('\n')).toContain(
      `Chuyển từ <a href="/quan-tri/don-vi/${units.upper.id}">CĐ Viên chức tỉnh</a> về trực thuộc <a href="/quan-tri/don-vi/${units.province.id}">LĐLĐ tỉnh</a>`,
    );
    expect(rows.join('\n')).toContain(`Sáp nhập vào <a href="/quan-tri/don-vi/${b.id}">CĐCS Trường Tiểu học B</a>`);
    expect(rows.join('\n')).not.toMatch(/đơn vị số \d/);

    const survivor = await admin.get(`/quan-tri/don-vi/${b.id}`);
    const theirs = historyRows(survivor.body).join('\n');
    expect(theirs).toContain(`<a href="/quan-tri/don-vi/${a.id}">CĐCS Trường Tiểu học A</a> sáp nhập vào đơn vị này`);
    expect(theirs).toContain(`<a href="/quan-tri/don-vi/${group.id}">Tổ CĐ Giáo viên</a> chuyển về trực thuộc đơn vị này do sáp nhập`);
    expect(survivor.body).not.toContain('unit-ended');
    const moved = historyRows((await admin.get(`/quan-tri/don-vi/${group.id}`)).body).join('\n');
    expect(moved).toContain(
      `Chuyển về trực thuộc <a href="/quan-tri/don-vi/${b.id}">CĐCS Trường Tiểu học B</a> do sáp nhập <a href="/quan-tri/don-vi/${a.id}">CĐCS Trường Tiểu học A</a>`,
    );
    // Asked for a day, the page shows that day.
    const later = await admin.get(`/quan-tri/don-vi/${a.id}?ngay=2025-08-01`);
    expect(later.body).toContain('Đơn vị không hoạt động vào ngày 01/08/2025.');
    expect(later.body).not.toContain('ngày cuối cùng còn hoạt động');
  });

  it('says when a unit was dissolved or split, names the new units, and links only the units the reader may open', async () => {
    const c = await foundUnit(ta.t, adminUser, {
      parentId: units.otherUpper.id,
      shortName: 'CĐCS Trạm Y tế xã C',
      fullName: 'CĐCS Trạm Y tế xã C',
      level: 'grassroots',
      foundedOn: '2020-01-01',
    });
    await dissolveUnit(ta.t, adminUser, c.id, { on: '2025-05-01', note: 'Sắp xếp lại trạm y tế' });
    const dissolved = await admin.get(`/quan-tri/don-vi/${c.id}`);
    expect(dissolved.body).toContain('<strong>Đã giải thể ngày 01/05/2025 (Sắp xếp lại trạm y tế).</strong>');
    expect(dissolved.body).toContain(`<dt>Trực thuộc</dt><dd><a href="/quan-tri/don-vi/${units.otherUpper.id}">CĐ ngành Y tế</a></dd>`);

    const { made } = await splitUnit(ta.t, adminUser, units.clinic.id, {
      names: ['CĐCS Trạm Y tế Đông', 'CĐCS Trạm Y tế Tây'],
      keepSource: false,
      on: '2025-09-01',
      partOfChild: new Map(),
    });
    const split = await admin.get(`/quan-tri/don-vi/${units.clinic.id}`);
    const links = made.map((u) => `<a href="/quan-tri/don-vi/${u.id}">${u.short_name}</a>`).join(', ');
    expect(historyRows(split.body).join('\n')).toContain(`Tách ra ${links}`);
    expect(split.body).toContain(`Đơn vị đã chia tách thành ${links} ngày 01/09/2025.`);
    const part = historyRows((await admin.get(`/quan-tri/don-vi/${made[1]!.id}`)).body).join('\n');
    expect(part).toContain(`Thành lập do chia tách <a href="/quan-tri/don-vi/${units.clinic.id}">CĐCS Trạm Y tế</a>`);

    // A reader whose scope holds the unit but not the one it merged into sees that unit's name, not a link.
    await mergeUnitInto(ta.t, adminUser, units.hospital.id, { survivorId: made[0]!.id, on: '2025-10-01' });
    const reader = new TestClient(ta.app);
    await reader.signIn((await makeUser(ta.t, 'viewer', units.upper.id)).login);
    const seen = await reader.get(`/quan-tri/don-vi/${units.hospital.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain('Đơn vị đã sáp nhập vào CĐCS Trạm Y tế Đông ngày 01/10/2025.');
    expect(seen.body).not.toContain(`href="/quan-tri/don-vi/${made[0]!.id}"`);
  });
});
