import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeArticle, makeSection, makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import type { CaseInput } from '../care/schema.js';
import { approveCase, proposeCase, returnCase } from '../care/service.js';
import type { Role } from '../db/schema.js';
import { finishImportJob, insertImportJob } from '../members/import-repo.js';
import { admitMember } from '../members/service.js';
import { requestTransfer } from '../members/transfer-service.js';
import { menuCounts, waitingFor, type WaitingItem } from './service.js';

/** The waiting items with a count, as `key: count`. */
const counted = (items: WaitingItem[]) => Object.fromEntries(items.filter((i) => i.count > 0).map((i) => [i.key, i.count]));

/** The desk's items as the page shows them: `key: count`, read from the HTML. */
function deskItems(html: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const m of html.matchAll(/data-key="([^"]+)"><a href="[^"]*"><strong class="desk-count">([\d.]+)<\/strong>/g))
    found[m[1]!] = Number(m[2]!.replace(/\./g, ''));
  return found;
}

const hrefOf = (html: string, key: string) => {
  const href = new RegExp(`data-key="${key.replace('.', '\\.')}"><a href="([^"]+)"`).exec(html)?.[1];
  return href?.replace(/&amp;/g, '&');
};

/** The menu as text: "Chăm lo (4)" and so on. */
const menuText = (html: string) =>
  (/<nav aria-label="Quản trị">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, '|')
    .split('|')
    .join('');

describe.each(DIALECTS)('the desk ("Việc cần làm") on %s', (dialect) => {
  let ta: TestApp;
  let units: Awaited<ReturnType<typeof makeUnitTree>>;
  const users: Record<string, AuthUser> = {};
  const clients: Record<string, TestClient> = {};
  const cases: Record<string, number> = {};
  const articles: Record<string, number> = {};

  const account = async (name: string, role: Role, unitId: number) => {
    const made = await makeUser(ta.t, role, unitId);
    users[name] = (await loadAuthUser(ta.t, made.id))!;
    clients[name] = new TestClient(ta.app);
    await clients[name].signIn(made.login);
  };
  const worker = (unitId: number, name: string): CaseInput => ({
    recipient: { kind: 'worker', fullName: name, birthYear: 1979 },
    reason: 'hardship',
    description: 'Hoàn cảnh khó khăn.',
    occurredOn: '2026-01-15',
    proposingUnitId: unitId,
    cashAmount: 1_000_000,
    inKindAmount: 0,
  });

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    units = await makeUnitTree(ta.t);
    await account('schoolOfficer', 'officer', units.school.id);
    await account('hospitalOfficer', 'officer', units.hospital.id);
    await account('upperOfficer', 'officer', units.upper.id);
    await account('otherUpperOfficer', 'officer', units.otherUpper.id);
    await account('clinicOfficer', 'officer', units.clinic.id);
    await account('provinceOfficer', 'officer', units.province.id);
    await account('reporter', 'reporter', units.school.id);
    await account('otherReporter', 'reporter', units.school.id);
    await account('editor', 'editor', units.upper.id);
    await account('clinicEditor', 'editor', units.clinic.id);
    await account('admin', 'admin', units.province.id);

    // Care: proposed at the school (twice, once by the province's officer), approved there, proposed at
    // the clinic and at the upper union, returned at the hospital.
    const { schoolOfficer, hospitalOfficer, upperOfficer, clinicOfficer, provinceOfficer } = users as Required<typeof users>;
    cases.schoolProposed = (await proposeCase(ta.t, schoolOfficer!, worker(units.school.id, 'Lê Văn Một'))).case.id;
    cases.byProvince = (await proposeCase(ta.t, provinceOfficer!, worker(units.school.id, 'Lê Văn Hai'))).case.id;
    const toApprove = (await proposeCase(ta.t, schoolOfficer!, worker(units.school.id, 'Lê Văn Ba'))).case;
    cases.schoolApproved = (await approveCase(ta.t, upperOfficer!, toApprove.id, toApprove.version)).id;
    cases.clinicProposed = (await proposeCase(ta.t, clinicOfficer!, worker(units.clinic.id, 'Lê Văn Bốn'))).case.id;
    cases.upperProposed = (await proposeCase(ta.t, upperOfficer!, worker(units.upper.id, 'Lê Văn Năm'))).case.id;
    const toReturn = (await proposeCase(ta.t, hospitalOfficer!, worker(units.hospital.id, 'Lê Văn Sáu'))).case;
    cases.hospitalReturned = (await returnCase(ta.t, upperOfficer!, toReturn.id, toReturn.version, 'Thiếu giấy xác nhận.')).id;

    // Articles: two submitted at the school, one at the clinic; one of the reporter's returned.
    const section = await makeSection(ta.t, 'Hoạt động công đoàn cơ sở');
    const article = async (name: string, unitId: number, status: 'submitted' | 'returned', author: AuthUser) => {
      const { id } = await makeArticle(ta.t, section.id, { unitId, status: 'draft', headline: `Bài ${name}` });
      await ta.t.db.updateTable('articles').set({ status, author_user_id: author.id }).where('id', '=', id).execute();
      articles[name] = id;
    };
    await article('school1', units.school.id, 'submitted', users.reporter!);
    await article('school2', units.school.id, 'submitted', users.otherReporter!);
    await article('clinic', units.clinic.id, 'submitted', users.admin!);
    await article('returned', units.school.id, 'returned', users.reporter!);
    await article('returnedOther', units.school.id, 'returned', users.otherReporter!);
    // An imported article at the clinic whose headline the importer made: it waits for an editor's check.
    const flagged = await makeArticle(ta.t, section.id, { unitId: units.clinic.id, status: 'draft', headline: 'Bài nhập cần xem lại…' });
    await ta.t.db.updateTable('articles').set({ check_reasons: 1 }).where('id', '=', flagged.id).execute();

    // Members: one asked to move from the school to the clinic (outside the school's scope).
    const { id: memberId } = await admitMember(ta.t, schoolOfficer!, {
      fullName: 'Nguyễn Thị Hương',
      gender: 'female',
      birthDate: '1985-04-12',
      unitId: units.school.id,
      joinedOn: '2015-09-01',
    });
    await requestTransfer(ta.t, schoolOfficer!, memberId, units.clinic.id, '2024-05-01');

    // Imports: the school officer's failed one, one undone since, one of another user's.
    const failed = await insertImportJob(ta.t, { userId: schoolOfficer!.id, fileName: 'doan-vien.xlsx', total: 10, owner: 'x' });
    await finishImportJob(ta.t, failed, { status: 'failed', done: 0, result: { error: 'Tệp hỏng.' } });
    const undone = await insertImportJob(ta.t, { userId: schoolOfficer!.id, fileName: 'cu.xlsx', total: 10, owner: 'x' });
    await finishImportJob(ta.t, undone, { status: 'failed', done: 0, result: { undone: { removed: 3, kept: 0 } } });
    const others = await insertImportJob(ta.t, { userId: upperOfficer!.id, fileName: 'khac.xlsx', total: 10, owner: 'x' });
    await finishImportJob(ta.t, others, { status: 'done', done: 10, result: { added: 10, skipped: 0, rejected: 0 } });
  });

  afterAll(async () => {
    await ta?.close();
  });

  it('counts by role and scope: each user sees only what waits for them in their own units', async () => {
    const expected: Record<string, Record<string, number>> = {
      // Nothing lies below a grassroots union: its officer approves and pays nothing; its request waits on the clinic.
      schoolOfficer: { 'members.transfer-out': 1, 'imports.failed': 1 },
      hospitalOfficer: { 'care.sua': 1 },
      // Approves what the school proposed (not its own unit's proposal), pays what it approved, sees the hospital's returned case.
      upperOfficer: { 'care.duyet': 2, 'care.chi': 1, 'care.sua': 1, 'members.transfer-out': 1 },
      otherUpperOfficer: { 'care.duyet': 1, 'members.transfer-in': 1 },
      clinicOfficer: { 'members.transfer-in': 1 },
      // Its own proposal is not its to approve.
      provinceOfficer: { 'care.duyet': 3, 'care.chi': 1, 'care.sua': 1, 'members.transfer-in': 1, 'members.transfer-out': 1 },
      reporter: { 'news.returned': 1 },
      otherReporter: { 'news.returned': 1 },
      editor: { 'news.review': 2 },
      clinicEditor: { 'news.review': 1, 'news.flagged': 1 },
      admin: {
        'care.duyet': 4,
        'care.chi': 1,
        'care.sua': 1,
        'news.review': 3,
        'news.flagged': 1,
        'members.transfer-in': 1,
        'members.transfer-out': 1,
      },
    };
    for (const [name, counts] of Object.entries(expected)) {
      expect(counted(await waitingFor(ta.t, users[name]!)), name).toEqual(counts);
      const page = await clients[name]!.get('/quan-tri');
      expect(page.statusCode, name).toBe(200);
      expect(page.body).toContain('<h1>Việc cần làm</h1>');
      expect(deskItems(page.body), name).toEqual(counts);
    }
  });

  it('says so kindly when nothing waits, and an officer without newsroom rights is not told about writing', async () => {
    const { db } = ta.t;
    await db.updateTable('member_transfer_requests').set({ status: 'cancelled' }).where('status', '=', 'waiting').execute();
    const page = await clients.clinicOfficer!.get('/quan-tri');
    expect(page.body).toContain('Không có việc nào đang chờ bạn.');
    expect(page.body).not.toContain('chưa được giao quyền viết bài');
    await db.updateTable('member_transfer_requests').set({ status: 'waiting' }).where('status', '=', 'cancelled').execute();
    // The menu keeps a user's counts a few seconds; the desk page reads afresh.
    expect(deskItems((await clients.clinicOfficer!.get('/quan-tri')).body)).toEqual({ 'members.transfer-in': 1 });
  });

  it('each count links to a list showing exactly those records', async () => {
    const caseIds = (html: string) => [...html.matchAll(/href="\/quan-tri\/cham-lo\/ho-so\/(\d+)"/g)].map((m) => Number(m[1])).sort();
    const sorted = (ids: number[]) => [...ids].sort();
    const listed = async (name: string, key: string) => {
      const desk = await clients[name]!.get('/quan-tri');
      const href = hrefOf(desk.body, key);
      expect(href, `${name} ${key}`).toBeDefined();
      const res = await clients[name]!.get(href!.split('#')[0]!);
      expect(res.statusCode).toBe(200);
      return res.body;
    };
    expect(caseIds(await listed('upperOfficer', 'care.duyet'))).toEqual(sorted([cases.schoolProposed!, cases.byProvince!]));
    expect(caseIds(await listed('upperOfficer', 'care.chi'))).toEqual([cases.schoolApproved]);
    expect(caseIds(await listed('upperOfficer', 'care.sua'))).toEqual([cases.hospitalReturned]);
    expect(caseIds(await listed('provinceOfficer', 'care.duyet'))).toEqual(
      sorted([cases.schoolProposed!, cases.clinicProposed!, cases.upperProposed!]),
    );
    expect(caseIds(await listed('otherUpperOfficer', 'care.duyet'))).toEqual([cases.clinicProposed]);
    // The list says which work it shows; filtering further keeps it.
    const approve = await listed('upperOfficer', 'care.duyet');
    expect(approve).toContain('Hồ sơ chờ bạn duyệt');
    expect(approve).toContain('name="viec" value="duyet"');

    const queue = await listed('editor', 'news.review');
    expect(queue).toContain('Bài school1');
    expect(queue).toContain('Bài school2');
    expect(queue).not.toContain('Bài clinic');
    const returned = await listed('reporter', 'news.returned');
    expect(returned).toContain('Bài returned');
    expect(returned).not.toContain('Bài returnedOther');

    const flaggedList = await listed('clinicEditor', 'news.flagged');
    expect(flaggedList).toContain('Bài nhập cần xem lại…');
    expect(flaggedList).not.toContain('Bài clinic<');

    const incoming = await listed('clinicOfficer', 'members.transfer-in');
    expect(incoming).toContain('Nguyễn Thị Hương');
    const outgoing = await listed('schoolOfficer', 'members.transfer-out');
    expect(outgoing).toContain('Nguyễn Thị Hương');
    const imports = await listed('schoolOfficer', 'imports.failed');
    expect(imports).toContain('doan-vien.xlsx</a> — bị lỗi');
    expect(imports).not.toContain('cu.xlsx');
  });

  it('the menu shows the counts of the user’s own work next to its entries', async () => {
    expect(menuCounts(await waitingFor(ta.t, users.upperOfficer!))).toEqual({ care: 4 });
    const upper = menuText((await clients.upperOfficer!.get('/quan-tri/cham-lo')).body);
    expect(upper).toContain('Chăm lo (4)');
    expect(upper).toContain('Đoàn viên');
    expect(upper).not.toContain('Đoàn viên (');
    expect(menuText((await clients.editor!.get('/quan-tri/bai-viet')).body)).toContain('Duyệt bài (2)');
    expect(menuText((await clients.reporter!.get('/quan-tri/bai-viet')).body)).toContain('Bài viết (1)');
    expect(menuText((await clients.clinicOfficer!.get('/quan-tri/doan-vien')).body)).toContain('Đoàn viên (1)');
    expect(menuText((await clients.schoolOfficer!.get('/quan-tri/doan-vien')).body)).toContain('Đoàn viên (1)');
    const admin = menuText((await clients.admin!.get('/quan-tri/nhat-ky')).body);
    expect(admin).toContain('Chăm lo (6)');
    expect(admin).toContain('Duyệt bài (3)');
  });

  it('a count follows the work: approving a case takes it off the approver’s desk at once', async () => {
    const before = counted(await waitingFor(ta.t, users.otherUpperOfficer!));
    expect(before['care.duyet']).toBe(1);
    const c = (await ta.t.db.selectFrom('care_cases').selectAll().where('id', '=', cases.clinicProposed!).executeTakeFirstOrThrow()) as {
      id: number;
      version: number;
    };
    await approveCase(ta.t, users.otherUpperOfficer!, c.id, c.version);
    expect(counted(await waitingFor(ta.t, users.otherUpperOfficer!))['care.duyet']).toBeUndefined();
    expect(deskItems((await clients.otherUpperOfficer!.get('/quan-tri')).body)['care.chi']).toBe(1);
  });

  it('a refused command stays in the admin layout, says what was refused and leads back', async () => {
    const get = (name: string, url: string, referer?: string) =>
      ta.app.inject({
        method: 'GET',
        url,
        headers: {
          cookie: [...clients[name]!.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          host: 'congdoan.test',
          ...(referer ? { referer } : {}),
        },
      });
    // A page the role does not reach: the permission it needs, and back to the page the user came from.
    const noRole = await get('reporter', '/quan-tri/cham-lo', 'http://congdoan.test/quan-tri/bai-viet?trang-thai=draft');
    expect(noRole.statusCode).toBe(403);
    expect(noRole.body).toContain('class="admin-bar"');
    // The reporter's menu has no care entry: the page is named by the admin area.
    expect(noRole.body).toContain('mở trang này — cần quyền');
    expect(noRole.body).toContain('cần quyền «đề nghị hỗ trợ, thăm hỏi», tài khoản của bạn chưa được giao quyền này.');
    expect(noRole.body).toContain('href="/quan-tri/bai-viet?trang-thai=draft">Quay lại trang trước');
    expect(noRole.body).toContain('href="/quan-tri">Về trang quản trị');
    expect(noRole.body).not.toContain('Về trang chủ');
    // Another site's page is never linked back to.
    const foreign = await get('reporter', '/quan-tri/cham-lo', 'https://evil.example/quan-tri/bai-viet');
    expect(foreign.body).not.toContain('evil.example');
    // A record outside the officer's units: the area's reason, and back to that area's list.
    const outside = await get('upperOfficer', `/quan-tri/cham-lo/ho-so/${cases.clinicProposed}`);
    expect(outside.statusCode).toBe(403);
    expect(outside.body).toContain('ngoài phạm vi');
    expect(outside.body).toContain('mở trang này trong mục «Chăm lo».');
    expect(outside.body).toContain('href="/quan-tri/cham-lo">Về mục «Chăm lo»');
    expect(outside.body).toMatch(/<a href="\/quan-tri\/cham-lo" aria-current="page">/);
    // An address no admin page answers.
    const missing = await get('upperOfficer', '/quan-tri/khong-co-trang-nay');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('class="admin-bar"');
    expect(missing.body).toContain('Không có trang quản trị nào ở địa chỉ này.');
    const signedOut = await ta.app.inject({ method: 'GET', url: '/quan-tri/khong-co-trang-nay' });
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toMatch(/^\/dang-nhap\?tiep=/);
  });

  it('the menu keeps a user’s counts a few seconds, and forgets them when the user writes', async () => {
    const c = await ta.t.db
      .selectFrom('care_cases')
      .select(['id', 'version'])
      .where('id', '=', cases.schoolProposed!)
      .executeTakeFirstOrThrow();
    const careMenu = async () => /Chăm lo( \(\d+\))?/.exec(menuText((await clients.upperOfficer!.get('/quan-tri/cham-lo')).body))?.[0];
    await clients.upperOfficer!.get('/quan-tri');
    expect(await careMenu()).toBe('Chăm lo (4)');
    // Someone else's change shows within the cache's few seconds (here: not yet) …
    await ta.t.db.updateTable('care_cases').set({ status: 'closed' }).where('id', '=', cases.hospitalReturned!).execute();
    expect(await careMenu()).toBe('Chăm lo (4)');
    // … the user's own write at once.
    await clients.upperOfficer!.get(`/quan-tri/cham-lo/ho-so/${c.id}`);
    const approved = await clients.upperOfficer!.post(`/quan-tri/cham-lo/ho-so/${c.id}/duyet`, { version: c.version });
    expect(approved.statusCode).toBe(303);
    expect(await careMenu()).toBe('Chăm lo (3)');
  });
});
