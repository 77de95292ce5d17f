import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser, TestClient } from '../../test/client.js';
import { makeArticle, makeSection, makeTestApp, type TestApp } from '../../test/factories.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import { loadAuthUser } from '../auth/service.js';
import { inTransaction } from '../db/context.js';
import type { Role } from '../db/schema.js';
import { generateDemo } from '../demo/generate.js';
import { Forbidden } from '../lib/errors.js';
import { findRootUnit } from '../org/repo.js';
import { figureHtml } from './figure-html.js';
import * as repo from './repo.js';
import {
  articleListPage,
  countFlaggedArticles,
  createArticleIn,
  ensureSectionIn,
  publishArticle,
  readArticle,
  saveDraft,
  unpublishArticle,
} from './service.js';

const NO_FILTER = { 'trang-thai': null, q: '', 'chuyen-muc': null, 'don-vi': null, 'tac-gia': '', 'can-kiem-tra': false, trang: 1 };

async function userWith(t: TestDb, role: Role, unitId: number): Promise<AuthUser> {
  const made = await makeUser(t, role, unitId);
  const user = await loadAuthUser(t, made.id);
  if (!user) throw new Error('user not loaded');
  return user;
}

async function auditActions(t: TestDb, id: number) {
  const rows = await t.db
    .selectFrom('audit_events')
    .select('action')
    .where('entity', '=', 'article')
    .where('entity_id', '=', String(id))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

describe.each(DIALECTS)('article reach on the demo, on %s', (dialect) => {
  let t: TestDb;
  let total = 0;
  let unitless: number[] = [];
  beforeAll(async () => {
    t = await freshDb(dialect);
    await generateDemo(t, t.dataDir, { articles: 80, photos: 2, seed: 42, now: new Date('2025-11-15T03:00:00Z'), members: 0, cases: 0 });
    const rows = await t.db.selectFrom('articles').select(['id', 'unit_id']).execute();
    total = rows.length;
    unitless = rows.filter((r) => r.unit_id === null).map((r) => Number(r.id));
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('the demo has articles of sections without a unit: the federation administrator and editors reach every article', async () => {
    expect(unitless.length).toBeGreaterThan(0);
    const root = (await findRootUnit(t))!;
    for (const role of ['admin', 'editor'] as const) {
      const user = await userWith(t, role, root.id);
      const page = await articleListPage(t, user, NO_FILTER);
      expect(page.total, role).toBe(total);
      const listed = await articleListPage(t, user, { ...NO_FILTER, 'don-vi': root.id });
      expect(listed.total, `${role}, the root unit's subtree`).toBe(total);
      const article = await readArticle(t, user, unitless[0]!);
      expect(article.unit_id).toBeNull();
    }
  });

  it('a reporter of a grassroots union does not reach them', async () => {
    const grassroots = await t.db.selectFrom('units').select('id').where('level', '=', 'grassroots').executeTakeFirstOrThrow();
    const reporter = await userWith(t, 'reporter', grassroots.id);
    const page = await articleListPage(t, reporter, NO_FILTER);
    expect(page.total).toBeLessThan(total);
    await expect(readArticle(t, reporter, unitless[0]!)).rejects.toBeInstanceOf(Forbidden);
  });

  it('flags the headlines the generator made from the lead', async () => {
    const root = (await findRootUnit(t))!;
    const editor = await userWith(t, 'editor', root.id);
    const derived = await t.db.selectFrom('articles').select('headline').where('headline_needs_review', '=', 1).execute();
    expect(await countFlaggedArticles(t, editor)).toBe(derived.length);
    const queue = await articleListPage(t, editor, { ...NO_FILTER, 'can-kiem-tra': true });
    expect(queue.total).toBe(derived.length);
  });
});

describe.each(DIALECTS)('the newsroom desk on %s', (dialect) => {
  let ta: TestApp;
  let tree: Awaited<ReturnType<typeof makeUnitTree>>;
  let sectionId: number;
  let otherSectionId: number;
  let reporter: TestClient;
  let sameUnitReporter: TestClient;
  let otherReporter: TestClient;
  let upperEditor: TestClient;
  let editor: TestClient;
  let admin: TestClient;
  let anonymous: TestClient;
  const users: Record<string, AuthUser> = {};

  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    tree = await makeUnitTree(ta.t);
    sectionId = (await makeSection(ta.t, 'Tin hoạt động')).id;
    otherSectionId = (await makeSection(ta.t, 'Chính sách pháp luật')).id;
    const made = {
      reporter: await makeUser(ta.t, 'reporter', tree.school.id),
      sameUnit: await makeUser(ta.t, 'reporter', tree.school.id),
      other: await makeUser(ta.t, 'reporter', tree.clinic.id),
      upperEditor: await makeUser(ta.t, 'editor', tree.upper.id),
      editor: await makeUser(ta.t, 'editor', tree.province.id),
      admin: await makeUser(ta.t, 'admin', tree.province.id),
    };
    for (const [k, u] of Object.entries(made)) users[k] = (await loadAuthUser(ta.t, u.id))!;
    reporter = new TestClient(ta.app);
    sameUnitReporter = new TestClient(ta.app);
    otherReporter = new TestClient(ta.app);
    upperEditor = new TestClient(ta.app);
    editor = new TestClient(ta.app);
    admin = new TestClient(ta.app);
    anonymous = new TestClient(ta.app);
    await reporter.signIn(made.reporter.login);
    await sameUnitReporter.signIn(made.sameUnit.login);
    await otherReporter.signIn(made.other.login);
    await upperEditor.signIn(made.upperEditor.login);
    await editor.signIn(made.editor.login);
    await admin.signIn(made.admin.login);
  });
  afterAll(async () => {
    await ta?.close();
  });

  const form = (over: Record<string, string | number> = {}) => ({
    sectionId,
    unitId: tree.school.id,
    headline: 'Hội nghị viên chức, người lao động năm 2025',
    lead: 'Sáng 10/01/2025, Công đoàn cơ sở tổ chức hội nghị.',
    bodyHtml: '<div>Hội nghị đã thông qua nghị quyết.</div>',
    bylineLabel: 'Tin & ảnh',
    authorName: 'Tô Thị Ái',
    authorUnit: 'CĐCS Trường THPT Số 1',
    ...over,
  });

  async function createDraftAs(client: TestClient, over: Record<string, string | number> = {}) {
    await client.get('/quan-tri/bai-viet/moi');
    const res = await client.post('/quan-tri/bai-viet/moi', form(over));
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    return Number(/\/quan-tri\/bai-viet\/(\d+)$/.exec(res.headers.location as string)?.[1]);
  }
  const article = async (id: number) => (await repo.findArticleById(ta.t, id))!;

  it('reach: an article of a section without a unit belongs to the root unit: its editors and administrator open, publish and unpublish it', async () => {
    const { id } = await makeArticle(ta.t, sectionId, { headline: 'Bài chung của cổng thông tin' });
    expect((await article(id)).unit_id).toBeNull();
    for (const client of [editor, admin]) {
      expect((await client.get('/quan-tri/bai-viet')).body).toContain('Bài chung của cổng thông tin');
      expect((await client.get(`/quan-tri/bai-viet/${id}`)).statusCode).toBe(200);
    }
    // Its form starts on the unit that owns the portal.
    expect((await editor.get(`/quan-tri/bai-viet/${id}`)).body).toMatch(new RegExp(`<option value="${tree.province.id}" selected`));
    for (const client of [upperEditor, reporter, otherReporter]) {
      expect((await client.get('/quan-tri/bai-viet')).body).not.toContain('Bài chung của cổng thông tin');
      expect((await client.get(`/quan-tri/bai-viet/${id}`)).statusCode).toBe(403);
    }
    // The same rule decides every command on it.
    await expect(unpublishArticle(ta.t, users.upperEditor!, id, 1)).rejects.toBeInstanceOf(Forbidden);
    const v = await unpublishArticle(ta.t, users.editor!, id, 1);
    expect((await article(id)).status).toBe('unpublished');
    await expect(publishArticle(ta.t, users.upperEditor!, id, v)).rejects.toBeInstanceOf(Forbidden);
    await publishArticle(ta.t, users.editor!, id, v);
    expect((await article(id)).status).toBe('published');
    // An editor saves it for a unit of theirs; a reporter of another unit may not.
    const input = {
      sectionId,
      unitId: tree.clinic.id,
      headline: 'Bài chung',
      lead: '',
      bodyHtml: '<p>x</p>',
      bylineLabel: 'Tin',
      authorName: '',
      authorUnit: '',
    };
    await expect(saveDraft(ta.t, users.other!, id, 3, input)).rejects.toBeInstanceOf(Forbidden);
    expect(await saveDraft(ta.t, users.editor!, id, 3, { ...input, unitId: tree.province.id })).toBe(4);
  });

  it('the list searches headlines without diacritics and filters by section, unit, author and status, keeping the filters across pages', async () => {
    const inSchool = await createDraftAs(reporter, { headline: 'Hội nghị Đại biểu Công đoàn Trường THPT Số 1', authorName: 'Tô Thị Ái' });
    const inClinic = await createDraftAs(otherReporter, {
      headline: 'Hội nghị người lao động Phòng khám',
      unitId: tree.clinic.id,
      sectionId: otherSectionId,
      authorName: 'Lê Văn Đức',
    });
    const list = async (client: TestClient, q: string) => (await client.get(`/quan-tri/bai-viet?${q}`)).body;
    for (const q of ['hoi nghi dai bieu', 'HỘI NGHỊ ĐẠI BIỂU', 'Hội nghị Đại biểu']) {
      const body = await list(editor, `q=${encodeURIComponent(q)}`);
      expect(body, q).toContain(`/quan-tri/bai-viet/${inSchool}"`);
      expect(body, q).not.toContain(`/quan-tri/bai-viet/${inClinic}"`);
    }
    expect(await list(editor, 'q=dai+bieu')).toContain('value="dai bieu"');
    const bySection = await list(editor, `chuyen-muc=${otherSectionId}&q=hoi+nghi`);
    expect(bySection).toContain(`/quan-tri/bai-viet/${inClinic}"`);
    expect(bySection).not.toContain(`/quan-tri/bai-viet/${inSchool}"`);
    // A unit takes the units below it.
    const byUnit = await list(editor, `don-vi=${tree.upper.id}&q=hoi+nghi`);
    expect(byUnit).toContain(`/quan-tri/bai-viet/${inSchool}"`);
    expect(byUnit).not.toContain(`/quan-tri/bai-viet/${inClinic}"`);
    const byAuthor = await list(editor, 'tac-gia=le+van+duc');
    expect(byAuthor).toContain(`/quan-tri/bai-viet/${inClinic}"`);
    expect(byAuthor).not.toContain(`/quan-tri/bai-viet/${inSchool}"`);
    expect(await list(editor, 'trang-thai=da-dang&q=hoi+nghi+dai')).toContain('0 bài viết ở trạng thái “Đã đăng”');
    // The reporter of the school sees only their scope, whatever they filter on.
    expect(await list(reporter, `don-vi=${tree.clinic.id}`)).not.toContain(`/quan-tri/bai-viet/${inClinic}"`);
    // A filter the address spoils is dropped, not an error.
    expect((await editor.get('/quan-tri/bai-viet?chuyen-muc=abc&don-vi=-1')).statusCode).toBe(200);

    for (let i = 0; i < 21; i++) await createDraftAs(reporter, { headline: `Tọa đàm số ${i + 1}` });
    const page1 = await list(editor, 'q=toa+dam');
    expect(page1).toContain('21 bài viết');
    expect(page1).toContain('Trang 1 / 2');
    expect(page1).toContain('href="/quan-tri/bai-viet?q=toa+dam&amp;trang=2"');
    const page2 = await list(editor, 'q=toa+dam&trang=2');
    expect(page2).toContain('Trang 2 / 2');
    expect(page2).toContain('Tọa đàm số 1<');
  });

  it('the list shows when a scheduled article will be published', async () => {
    const id = await createDraftAs(reporter, { headline: 'Bài hẹn giờ đăng' });
    await editor.get(`/quan-tri/bai-viet/${id}`);
    const res = await editor.post(`/quan-tri/bai-viet/${id}/hen-gio`, {
      ...form({ headline: 'Bài hẹn giờ đăng' }),
      version: 1,
      publishAt: '2099-05-01T08:30',
    });
    expect(res.statusCode).toBe(303);
    const body = (await editor.get('/quan-tri/bai-viet?q=bai+hen+gio')).body;
    expect(body).toMatch(/Hẹn giờ đăng<\/span><span class="scheduled-at"> đăng lúc <time[^>]*>Thứ sáu, 1 Tháng 5 2099 08:30<\/time>/);
  });

  it('withdraw: the writer takes a submitted article back to a draft, audited; not another reporter, not once published', async () => {
    const id = await createDraftAs(reporter, { headline: 'Bài sẽ rút lại' });
    await reporter.get(`/quan-tri/bai-viet/${id}`);
    await reporter.post(`/quan-tri/bai-viet/${id}/gui-duyet`, { ...form({ headline: 'Bài sẽ rút lại' }), version: 1 });
    expect((await article(id)).status).toBe('submitted');
    expect((await reporter.get(`/quan-tri/bai-viet/${id}`)).body).toContain('Rút lại');

    // Another reporter of the same unit, and a reporter of another unit, are refused.
    await sameUnitReporter.get(`/quan-tri/bai-viet/${id}`);
    const refused = await sameUnitReporter.post(`/quan-tri/bai-viet/${id}/rut-lai`, { version: 2 });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Chỉ người viết bài hoặc biên tập viên mới rút lại được');
    await otherReporter.get('/quan-tri/bai-viet');
    expect((await otherReporter.post(`/quan-tri/bai-viet/${id}/rut-lai`, { version: 2 })).statusCode).toBe(403);
    // A form without its version comes back with the message.
    const noVersion = await reporter.post(`/quan-tri/bai-viet/${id}/rut-lai`, {});
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.body).toContain('Biểu mẫu thiếu số phiên bản của bài');
    // A stale version comes back to the page with the conflict.
    const stale = await reporter.post(`/quan-tri/bai-viet/${id}/rut-lai`, { version: 1 });
    expect(stale.statusCode).toBe(409);
    expect((await article(id)).status).toBe('submitted');

    const res = await reporter.post(`/quan-tri/bai-viet/${id}/rut-lai`, { version: 2 });
    expect(res.statusCode).toBe(303);
    const withdrawn = await article(id);
    expect([withdrawn.status, withdrawn.submitted_at]).toEqual(['draft', null]);
    expect(await auditActions(ta.t, id)).toEqual(['article.create', 'article.submit', 'article.withdraw']);
    expect((await editor.get('/quan-tri/duyet-bai')).body).not.toContain('Bài sẽ rút lại');
    // Not a draft any more: nothing to withdraw.
    expect((await reporter.post(`/quan-tri/bai-viet/${id}/rut-lai`, { version: 3 })).statusCode).toBe(400);

    // An editor may withdraw someone else's; nobody may withdraw a published article.
    await reporter.get(`/quan-tri/bai-viet/${id}`);
    await reporter.post(`/quan-tri/bai-viet/${id}/gui-duyet`, { ...form({ headline: 'Bài sẽ rút lại' }), version: 3 });
    await upperEditor.get(`/quan-tri/bai-viet/${id}`);
    expect((await upperEditor.post(`/quan-tri/bai-viet/${id}/rut-lai`, { version: 4 })).statusCode).toBe(303);
    await editor.get(`/quan-tri/bai-viet/${id}`);
    await editor.post(`/quan-tri/bai-viet/${id}/dang`, { ...form({ headline: 'Bài sẽ rút lại' }), version: 5 });
    expect((await article(id)).status).toBe('published');
    await reporter.get(`/quan-tri/bai-viet/${id}`);
    const published = await reporter.post(`/quan-tri/bai-viet/${id}/rut-lai`, { version: 6 });
    expect(published.statusCode).toBe(400);
    expect(published.body).toContain('Bài đã đăng nên không rút lại được nữa');
  });

  it('an imported article with a derived headline or a photo placeholder waits in the queue and is not published until fixed or confirmed', async () => {
    const placeholder = figureHtml({ sha256: null, sourceName: 'Toan canh HN', caption: 'Quang cảnh hội nghị' });
    const { id } = await inTransaction(ta.t, async (tx) => {
      const section = await ensureSectionIn(tx, SYSTEM_ACTORS.cli, 'Tin hoạt động', null);
      return {
        id: (
          await createArticleIn(tx, SYSTEM_ACTORS.cli, {
            sectionId: section.id,
            unitId: tree.school.id,
            headline: 'Sáng 12/01, Công đoàn cơ sở Trường THPT Số 1 tổ chức hội nghị…',
            headlineNeedsReview: true,
            lead: 'Sáng 12/01, Công đoàn cơ sở Trường THPT Số 1 tổ chức hội nghị viên chức.',
            bodyHtml: `<p>Đoạn một.</p>${placeholder}`,
            status: 'draft',
          })
        ).id,
      };
    });
    expect((await article(id)).check_reasons).toBe(3);
    expect(await countFlaggedArticles(ta.t, users.editor!)).toBeGreaterThanOrEqual(1);
    const queue = (await editor.get('/quan-tri/bai-viet/can-kiem-tra')).body;
    expect(queue).toContain('Bài nhập cần kiểm tra');
    expect(queue).toContain(`/quan-tri/bai-viet/${id}"`);
    expect(queue).toContain('tiêu đề do máy tạo từ nội dung; còn chỗ giữ ảnh chưa có ảnh');
    expect((await otherReporter.get('/quan-tri/bai-viet/can-kiem-tra')).body).not.toContain(`/quan-tri/bai-viet/${id}"`);

    const page = (await editor.get(`/quan-tri/bai-viet/${id}`)).body;
    expect(page).toContain('Xác nhận đã kiểm tra');
    expect(page).not.toContain('Đăng ngay');
    const body = (await editor.get(`/quan-tri/bai-viet/${id}`)).body;
    const editorHtml = /name="bodyHtml" value="([^"]*)"/
      .exec(body)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
    const fields = form({
      headline: (await article(id)).headline,
      bodyHtml: editorHtml,
      lead: (await article(id)).lead,
      authorName: '',
      authorUnit: '',
    });
    const refused = await editor.post(`/quan-tri/bai-viet/${id}/dang`, { ...fields, version: 1 });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Bài nhập này cần được kiểm tra trước khi đăng');
    expect((await article(id)).status).toBe('draft');

    // A new headline fixes the headline; the placeholder still holds it back.
    const v = (await article(id)).version;
    const fixed = await editor.post(`/quan-tri/bai-viet/${id}/dang`, {
      ...fields,
      headline: 'Công đoàn Trường THPT Số 1 tổ chức hội nghị viên chức',
      version: v,
    });
    expect(fixed.statusCode).toBe(400);
    const afterEdit = await article(id);
    expect([afterEdit.check_reasons, afterEdit.headline_needs_review, afterEdit.status]).toEqual([2, 0, 'draft']);

    // A reporter cannot confirm; the editor can, and then publishes.
    await reporter.get(`/quan-tri/bai-viet/${id}`);
    expect((await reporter.post(`/quan-tri/bai-viet/${id}/da-kiem-tra`, { version: afterEdit.version })).statusCode).toBe(403);
    await otherReporter.get('/quan-tri/bai-viet');
    await editor.get(`/quan-tri/bai-viet/${id}`);
    expect((await editor.post(`/quan-tri/bai-viet/${id}/da-kiem-tra`, { version: afterEdit.version })).statusCode).toBe(303);
    expect((await article(id)).check_reasons).toBe(0);
    expect(await auditActions(ta.t, id)).toContain('article.check_confirm');
    expect((await editor.get('/quan-tri/bai-viet/can-kiem-tra')).body).not.toContain(`/quan-tri/bai-viet/${id}"`);
    await publishArticle(ta.t, users.editor!, id, (await article(id)).version);
    expect((await article(id)).status).toBe('published');

    // An editor below the root may not confirm an article of the whole portal.
    const portalWide = await createArticleIn(ta.t, SYSTEM_ACTORS.cli, {
      sectionId,
      headline: 'Bài chung nhập từ trang cũ…',
      headlineNeedsReview: true,
      lead: 'Bài chung nhập từ trang cũ.',
      bodyHtml: '<p>x</p>',
      status: 'draft',
    });
    await upperEditor.get('/quan-tri/bai-viet');
    expect((await upperEditor.post(`/quan-tri/bai-viet/${portalWide.id}/da-kiem-tra`, { version: 1 })).statusCode).toBe(403);
    await editor.get('/quan-tri/bai-viet');
    const missing = await editor.post(`/quan-tri/bai-viet/${portalWide.id}/da-kiem-tra`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Biểu mẫu thiếu số phiên bản của bài');
    expect((await article(portalWide.id)).check_reasons).toBe(1);
  });

  it('a page the old portal published, with a headline the importer made, is held unpublished and keeps its date when published', async () => {
    const oldDate = Date.UTC(2016, 0, 22, 4, 16);
    const { id } = await inTransaction(ta.t, async (tx) => {
      const section = await ensureSectionIn(tx, SYSTEM_ACTORS.cli, 'Tin hoạt động', null);
      return createArticleIn(tx, SYSTEM_ACTORS.cli, {
        sectionId: section.id,
        unitId: tree.school.id,
        headline: 'Chiều 21/01, Công đoàn cơ sở Trường THPT Số 1 trao quà Tết…',
        headlineNeedsReview: true,
        lead: 'Chiều 21/01, Công đoàn cơ sở Trường THPT Số 1 trao quà Tết cho đoàn viên.',
        bodyHtml: '<p>Đoạn một.</p>',
        status: 'published',
        publishedAt: oldDate,
        sourceKey: 'trang-cu/tin-2016-01-22',
      });
    });
    const held = await article(id);
    expect([held.status, Number(held.published_at), held.check_reasons]).toEqual(['draft', oldDate, 1]);
    await expect(publishArticle(ta.t, users.editor!, id, held.version)).rejects.toThrow('cần được kiểm tra');
    await editor.get(`/quan-tri/bai-viet/${id}`);
    expect((await editor.post(`/quan-tri/bai-viet/${id}/da-kiem-tra`, { version: held.version })).statusCode).toBe(303);
    await publishArticle(ta.t, users.editor!, id, (await article(id)).version);
    const live = await article(id);
    expect([live.status, Number(live.published_at)]).toEqual(['published', oldDate]);
  });

  it('a draft pasted without a headline is flagged for a check', async () => {
    await reporter.get('/quan-tri/bai-viet/dan-van-ban');
    const res = await reporter.post('/quan-tri/bai-viet/dan-van-ban', {
      sectionId,
      unitId: tree.school.id,
      text: 'Sáng 12/01/2025, Công đoàn cơ sở Trường THPT Số 1 tổ chức hội nghị viên chức, người lao động năm 2025 với 50 đại biểu.',
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const id = Number(/(\d+)$/.exec(res.headers.location as string)?.[1]);
    const pasted = await article(id);
    expect(pasted.check_reasons & 1).toBe(1);
    expect((await reporter.get(`/quan-tri/bai-viet/${id}`)).body).toContain('Bài nhập cần kiểm tra trước khi đăng');
  });

  it('autosave: saves a revision like "Lưu" with the version check; a stale autosave does not overwrite a newer save', async () => {
    const id = await createDraftAs(reporter, { headline: 'Bài tự lưu' });
    await reporter.get(`/quan-tri/bai-viet/${id}`);
    const post = (client: TestClient, fields: Record<string, string | number>) => client.post(`/quan-tri/bai-viet/${id}/tu-luu`, fields);
    const saved = await post(reporter, { ...form({ headline: 'Bài tự lưu (sửa)' }), version: 1 });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, time: expect.stringMatching(/^\d\d:\d\d$/) });
    expect((await article(id)).headline).toBe('Bài tự lưu (sửa)');
    expect((await repo.listRevisions(ta.t, id)).map((r) => r.version)).toEqual([2, 1]);

    // Someone else saves version 3; the editor's autosave based on version 2 is refused.
    await upperEditor.get(`/quan-tri/bai-viet/${id}`);
    expect(
      (await upperEditor.post(`/quan-tri/bai-viet/${id}`, { ...form({ headline: 'Bản của biên tập viên' }), version: 2 })).statusCode,
    ).toBe(303);
    const stale = await post(reporter, { ...form({ headline: 'Bản cũ của phóng viên' }), version: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toContain('Bài viết đã được');
    expect((await article(id)).headline).toBe('Bản của biên tập viên');
    // Without CSRF, from another unit, or on a published article: refused.
    expect((await reporter.post(`/quan-tri/bai-viet/${id}/tu-luu`, { ...form(), version: 3 }, false)).statusCode).toBe(403);
    await otherReporter.get('/quan-tri/bai-viet');
    expect((await post(otherReporter, { ...form({ unitId: tree.clinic.id }), version: 3 })).statusCode).toBe(403);
    expect((await post(reporter, { ...form() })).statusCode).toBe(400);
    await editor.get(`/quan-tri/bai-viet/${id}`);
    await editor.post(`/quan-tri/bai-viet/${id}/dang`, { ...form({ headline: 'Bản của biên tập viên' }), version: 3 });
    const onPublished = await post(editor, { ...form({ headline: 'Đổi khi đã đăng' }), version: 4 });
    expect(onPublished.statusCode).toBe(409);
    expect((await article(id)).headline).toBe('Bản của biên tập viên');
    // The editing page carries the autosave address only where it applies.
    expect((await reporter.get(`/quan-tri/bai-viet/${await createDraftAs(reporter)}`)).body).toContain(
      'data-autosave="/quan-tri/bai-viet/',
    );
    expect((await editor.get(`/quan-tri/bai-viet/${id}`)).body).not.toContain('data-autosave="');
  });

  it('autosave of a new article creates its draft once it can be saved', async () => {
    await reporter.get('/quan-tri/bai-viet/moi');
    const early = await reporter.post('/quan-tri/bai-viet/moi/tu-luu', form({ headline: '' }));
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({ field: 'headline', error: 'Cần nhập tiêu đề.' });
    const outside = await reporter.post('/quan-tri/bai-viet/moi/tu-luu', form({ headline: 'Bài của đơn vị khác', unitId: tree.clinic.id }));
    expect(outside.statusCode).toBe(403);
    const res = await reporter.post('/quan-tri/bai-viet/moi/tu-luu', form({ headline: 'Bài mới tự lưu' }));
    expect(res.statusCode).toBe(200);
    const { id, version, editUrl } = res.json() as { id: number; version: number; editUrl: string };
    expect([version, editUrl]).toEqual([1, `/quan-tri/bai-viet/${id}`]);
    expect((await article(id)).headline).toBe('Bài mới tự lưu');
    expect((await reporter.get('/quan-tri/bai-viet/moi')).body).toContain('data-autosave="/quan-tri/bai-viet/moi/tu-luu"');
  });

  it('unpublish: a confirmation page that writes nothing says what will happen, then the POST acts', async () => {
    const { id, slug } = await makeArticle(ta.t, otherSectionId, { headline: 'Bài sắp gỡ', unitId: tree.school.id });
    const { id: elsewhere } = await makeArticle(ta.t, otherSectionId, { headline: 'Bài ở phòng khám', unitId: tree.clinic.id });
    const before = await article(id);
    const sectionCount = async () => (await repo.listSectionsWithCounts(ta.t)).find((s) => s.id === otherSectionId)!.article_count;
    const count = await sectionCount();
    expect((await editor.get(`/quan-tri/bai-viet/${id}`)).body).toContain(`href="/quan-tri/bai-viet/${id}/go-bai"`);
    const page = await editor.get(`/quan-tri/bai-viet/${id}/go-bai`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Gỡ bài khỏi cổng thông tin');
    expect(page.body).toContain(`Chuyên mục “Chính sách pháp luật” còn ${count - 1} bài (hiện có ${count})`);
    expect(page.body).toContain(`/bai-viet/${slug}`);
    expect(page.body).toContain('mã 404');
    const after = await article(id);
    expect([after.status, after.version]).toEqual([before.status, before.version]);
    expect(await auditActions(ta.t, id)).toEqual(['article.create']);
    // Reporters have no unpublish page; an editor of another branch is refused.
    expect((await reporter.get(`/quan-tri/bai-viet/${id}/go-bai`)).statusCode).toBe(403);
    expect((await upperEditor.get(`/quan-tri/bai-viet/${elsewhere}/go-bai`)).statusCode).toBe(403);

    const noVersion = await editor.post(`/quan-tri/bai-viet/${id}/go-bai`, {});
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.body).toContain('Biểu mẫu thiếu số phiên bản của bài');
    expect(noVersion.body).toContain('Gỡ bài khỏi cổng thông tin');
    const res = await editor.post(`/quan-tri/bai-viet/${id}/go-bai`, { version: before.version });
    expect(res.statusCode).toBe(303);
    expect((await article(id)).status).toBe('unpublished');
    expect(await sectionCount()).toBe(count - 1);
    expect((await anonymous.get(`/bai-viet/${slug}`)).statusCode).toBe(404);
    // Nothing left to unpublish: the page says so.
    expect((await editor.get(`/quan-tri/bai-viet/${id}/go-bai`)).statusCode).toBe(400);
  });
});
