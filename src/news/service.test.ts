import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUnitTree, makeUser } from '../../test/client.js';
import { makeSection } from '../../test/factories.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import type { AuthUser } from '../access/user.js';
import { loadAuthUser } from '../auth/service.js';
import type { Role } from '../db/schema.js';
import { searchArticles } from '../db/search/index.js';
import { parseSearchQuery } from '../db/search/query.js';
import { Conflict, Forbidden } from '../lib/errors.js';
import {
  createDraft,
  listArticlesInScope,
  listOwnWork,
  listReviewQueue,
  publishArticle,
  publishDueArticles,
  readArticle,
  restoreRevision,
  returnToWriter,
  saveDraft,
  submitForReview,
  unpublishArticle,
} from './service.js';
import type { DraftInput } from './schema.js';
import * as portalRepo from '../portal/repo.js';
import * as repo from './repo.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import { inTransaction } from '../db/context.js';
import { createArticle, ensureSectionIn } from './service.js';

describe.each(DIALECTS)('the newsroom service on %s', (dialect) => {
  let t: TestDb;
  let tree: Awaited<ReturnType<typeof makeUnitTree>>;
  let sectionId: number;
  let reporter: AuthUser;
  let otherReporter: AuthUser;
  let editor: AuthUser;

  async function userWith(role: Role, unitId: number): Promise<AuthUser> {
    const made = await makeUser(t, role, unitId);
    const user = await loadAuthUser(t, made.id);
    if (!user) throw new Error('user not loaded');
    return user;
  }

  const draft = (over: Partial<DraftInput> = {}): DraftInput => ({
    sectionId,
    unitId: tree.school.id,
    headline: 'Công đoàn Trường THPT Số 1 tổ chức Hội nghị viên chức',
    lead: 'Sáng 12/01/2025, Công đoàn cơ sở tổ chức hội nghị.',
    bodyHtml: '<p>Đoạn đầu của bài.</p>',
    bylineLabel: 'Tin & ảnh',
    authorName: 'Tô Thị Ái',
    authorUnit: 'CĐCS Trường THPT Số 1',
    ...over,
  });

  const auditActions = async (id: number) =>
    (
      await t.db
        .selectFrom('audit_events')
        .select('action')
        .where('entity', '=', 'article')
        .where('entity_id', '=', String(id))
        .orderBy('id')
        .execute()
    ).map((e) => e.action);

  const searchIds = async (words: string) => (await searchArticles(t.db, t.dialect, parseSearchQuery(words)!, 10, 0)).hits.map((h) => h.id);

  beforeAll(async () => {
    t = await freshDb(dialect);
    tree = await makeUnitTree(t);
    sectionId = (await makeSection(t, 'Hoạt động công đoàn cơ sở')).id;
    reporter = await userWith('reporter', tree.school.id);
    otherReporter = await userWith('reporter', tree.clinic.id);
    editor = await userWith('editor', tree.province.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets a reporter of a CĐCS create, save and submit in its unit, but not return or publish', async () => {
    const { id, version } = await createDraft(t, reporter, draft());
    expect(version).toBe(1);
    const v2 = await saveDraft(t, reporter, id, 1, draft({ lead: 'Sáng 12/01/2025, hội nghị viên chức năm 2025.' }));
    expect(v2).toBe(2);
    const v3 = await submitForReview(t, reporter, id, v2);
    expect((await readArticle(t, reporter, id)).status).toBe('submitted');
    await expect(returnToWriter(t, reporter, id, v3, 'Sửa lại sa-pô')).rejects.toBeInstanceOf(Forbidden);
    await expect(publishArticle(t, reporter, id, v3)).rejects.toBeInstanceOf(Forbidden);
    await expect(unpublishArticle(t, reporter, id, v3)).rejects.toBeInstanceOf(Forbidden);
    // Once submitted, only an editor may change it.
    await expect(saveDraft(t, reporter, id, v3, draft({ headline: 'Đổi sau khi gửi' }))).rejects.toBeInstanceOf(Forbidden);
    // Nor may a reporter write for a unit outside their scope.
    await expect(createDraft(t, reporter, draft({ unitId: tree.clinic.id }))).rejects.toBeInstanceOf(Forbidden);
  });

  it('lets an editor of the province return with a comment, publish, schedule and unpublish', async () => {
    const { id } = await createDraft(t, reporter, draft({ headline: 'Giải bóng chuyền hơi công nhân viên chức' }));
    let v = await submitForReview(t, reporter, id, 1);
    expect((await listReviewQueue(t, editor, 20, 0)).rows.map((r) => r.id)).toContain(id);
    await expect(returnToWriter(t, editor, id, v, '   ')).rejects.toThrow('Cần ghi nhận xét');
    v = await returnToWriter(t, editor, id, v, 'Cần thêm ảnh và chú thích.');
    const returned = await readArticle(t, reporter, id);
    expect(returned.status).toBe('returned');
    expect(returned.review_comment).toBe('Cần thêm ảnh và chú thích.');
    expect((await listOwnWork(t, reporter)).find((a) => a.id === id)?.review_comment).toBe('Cần thêm ảnh và chú thích.');

    v = await saveDraft(
      t,
      reporter,
      id,
      v,
      draft({ headline: 'Giải bóng chuyền hơi công nhân viên chức', bodyHtml: '<p>Có thêm ảnh.</p>' }),
    );
    v = await submitForReview(t, reporter, id, v);
    const later = Date.now() + 3600_000;
    v = await publishArticle(t, editor, id, v, later);
    let a = await readArticle(t, editor, id);
    expect(a.status).toBe('scheduled');
    expect(a.published_at).toBe(later);
    expect(a.review_comment).toBeNull();

    v = await publishArticle(t, editor, id, v);
    a = await readArticle(t, editor, id);
    expect(a.status).toBe('published');
    v = await unpublishArticle(t, editor, id, v);
    expect((await readArticle(t, editor, id)).status).toBe('unpublished');
    expect(await auditActions(id)).toEqual([
      'article.create',
      'article.submit',
      'article.return',
      'article.update',
      'article.submit',
      'article.schedule',
      'article.publish',
      'article.unpublish',
    ]);
  });

  it('refuses a reporter of another unit reading or saving the draft', async () => {
    const { id } = await createDraft(t, reporter, draft({ headline: 'Bài của trường' }));
    await expect(readArticle(t, otherReporter, id)).rejects.toBeInstanceOf(Forbidden);
    await expect(saveDraft(t, otherReporter, id, 1, draft({ unitId: tree.clinic.id }))).rejects.toBeInstanceOf(Forbidden);
    await expect(submitForReview(t, otherReporter, id, 1)).rejects.toBeInstanceOf(Forbidden);
    const inScope = await listArticlesInScope(t, otherReporter, null, 100, 0);
    expect(inScope.rows.map((r) => r.id)).not.toContain(id);
    expect((await readArticle(t, reporter, id)).headline).toBe('Bài của trường');
  });

  it('refuses the second of two saves from the same version and keeps the first', async () => {
    const { id } = await createDraft(t, reporter, draft({ headline: 'Hai người cùng sửa' }));
    const first = await saveDraft(t, editor, id, 1, draft({ headline: 'Hai người cùng sửa', bodyHtml: '<p>Bản của biên tập viên.</p>' }));
    expect(first).toBe(2);
    const second = saveDraft(t, reporter, id, 1, draft({ headline: 'Hai người cùng sửa', bodyHtml: '<p>Bản của phóng viên.</p>' }));
    await expect(second).rejects.toBeInstanceOf(Conflict);
    await expect(second).rejects.toThrow(/phiên bản 2/);
    const stored = await readArticle(t, reporter, id);
    expect(stored.version).toBe(2);
    expect(stored.body_html).toBe('<p>Bản của biên tập viên.</p>');
    expect((await repo.listRevisions(t, id)).map((r) => r.version)).toEqual([2, 1]);
  });

  it('writes a revision per save, none for a save that changes nothing, and restores an old one as the newest', async () => {
    const { id } = await createDraft(t, reporter, draft({ headline: 'Bản gốc', bodyHtml: '<p>Nội dung gốc.</p>' }));
    let v = await saveDraft(t, reporter, id, 1, draft({ headline: 'Bản sửa', bodyHtml: '<p>Nội dung sửa.</p>' }));
    expect(await saveDraft(t, reporter, id, v, draft({ headline: 'Bản sửa', bodyHtml: '<p>Nội dung sửa.</p>' }))).toBe(v);
    const revisions = await repo.listRevisions(t, id);
    expect(revisions.map((r) => [r.version, r.headline])).toEqual([
      [2, 'Bản sửa'],
      [1, 'Bản gốc'],
    ]);
    expect(revisions[0]?.actor_label).toContain(reporter.login);

    const original = revisions.find((r) => r.version === 1)!;
    v = await restoreRevision(t, reporter, id, original.id, v);
    expect(v).toBe(3);
    const restored = await readArticle(t, reporter, id);
    expect([restored.headline, restored.body_html]).toEqual(['Bản gốc', '<p>Nội dung gốc.</p>']);
    expect((await repo.listRevisions(t, id)).map((r) => r.version)).toEqual([3, 2, 1]);
    expect(await auditActions(id)).toEqual(['article.create', 'article.update', 'article.update']);
  });

  it('publishes scheduled articles when their time comes, once', async () => {
    const { id } = await createDraft(t, reporter, draft({ headline: 'Hẹn giờ đăng tin Tháng Công nhân' }));
    const at = Date.now() + 2 * 3600_000;
    await publishArticle(t, editor, id, 1, at);
    expect(await publishDueArticles(t, at - 1000)).toBe(0);
    expect((await readArticle(t, editor, id)).status).toBe('scheduled');
    expect(await publishDueArticles(t, at + 1000)).toBeGreaterThanOrEqual(1);
    expect((await readArticle(t, editor, id)).status).toBe('published');
    expect(await publishDueArticles(t, at + 2000)).toBe(0);
    expect(await searchIds('thang cong nhan')).toContain(id);
    expect((await auditActions(id)).slice(-1)).toEqual(['article.publish']);
  });

  it('keeps the search index in step with publishing and unpublishing', async () => {
    const { id } = await createDraft(
      t,
      reporter,
      draft({ headline: 'Chợ Tết Công đoàn năm Ất Tỵ', bodyHtml: '<p>Gian hàng không đồng cho đoàn viên.</p>' }),
    );
    expect(await searchIds('cho tet cong doan')).not.toContain(id);
    let v = await publishArticle(t, editor, id, 1);
    expect(await searchIds('cho tet cong doan')).toContain(id);
    expect(await searchIds('gian hang khong dong')).toContain(id);
    v = await saveDraft(t, editor, id, v, draft({ headline: 'Chợ Tết Công đoàn năm Ất Tỵ', bodyHtml: '<p>Phiếu mua hàng miễn phí.</p>' }));
    expect(await searchIds('phieu mua hang')).toContain(id);
    expect(await searchIds('gian hang khong dong')).not.toContain(id);
    await unpublishArticle(t, editor, id, v);
    expect(await searchIds('cho tet cong doan')).not.toContain(id);
  });
});

describe.each(DIALECTS)('articles on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates articles with unique Vietnamese slugs, audited', async () => {
    const section = await inTransaction(t, (tx) => ensureSectionIn(tx, SYSTEM_ACTORS.cli, 'LĐLĐ tỉnh', null));
    expect(section.slug).toBe('ldld-tinh');
    const input = {
      sectionId: section.id,
      headline: 'Hội nghị Tổng kết công tác Công đoàn năm 2025',
      lead: 'Sáng 12/01, hội nghị diễn ra.',
      bodyHtml: '<p>Nội dung <script>alert(1)</script></p>',
      status: 'published' as const,
    };
    const a = await createArticle(t, SYSTEM_ACTORS.cli, input);
    const b = await createArticle(t, SYSTEM_ACTORS.cli, input);
    expect(a.slug).toBe('hoi-nghi-tong-ket-cong-tac-cong-doan-nam-2025');
    expect(b.slug).toBe('hoi-nghi-tong-ket-cong-tac-cong-doan-nam-2025-2');
    const stored = await portalRepo.findPublishedBySlug(t, a.slug);
    expect(stored?.body_html).toBe('<p>Nội dung </p>');
    const audits = await t.db.selectFrom('audit_events').select(['action', 'entity_id']).where('entity', '=', 'article').execute();
    expect(audits.map((e) => e.entity_id).sort()).toEqual([String(a.id), String(b.id)].sort());
    expect(await portalRepo.countPublishedInSection(t, section.id)).toBe(2);
  });

  it('finds "Công đoàn" for "cong doan", with the words together first', async () => {
    const section = await inTransaction(t, (tx) => ensureSectionIn(tx, SYSTEM_ACTORS.cli, 'Tìm kiếm', null));
    const apart = await createArticle(t, SYSTEM_ACTORS.cli, {
      sectionId: section.id,
      headline: 'Đoàn thanh niên thăm công nhân',
      lead: 'Một bài khác.',
      bodyHtml: '',
      status: 'published',
    });
    const together = await createArticle(t, SYSTEM_ACTORS.cli, {
      sectionId: section.id,
      headline: 'Chợ phiên',
      lead: 'Ban chấp hành CÔNG ĐOÀN tặng quà 500 nghìn đồng.',
      bodyHtml: '',
      status: 'published',
    });
    const q = parseSearchQuery('cong doan');
    if (!q) throw new Error('query');
    const result = await searchArticles(t.db, t.dialect, q, 10, 0);
    const ids = result.hits.map((h) => h.id);
    expect(ids).toContain(apart.id);
    expect(ids.indexOf(together.id)).toBeLessThan(ids.indexOf(apart.id));
    const dong = await searchArticles(t.db, t.dialect, parseSearchQuery('DONG')!, 10, 0);
    expect(dong.hits.map((h) => h.id)).toContain(together.id);
  });
});
