import type { AuditAction } from '../audit/actions.js';
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/audit.js';
import { type AuthUser } from '../access/user.js';
import { authorize, can, scopeUnitIds } from '../access/scope.js';
import { Forbidden } from '../lib/errors.js';
import { actorOf } from '../auth/service.js';
import { Conflict, NotFound, UserFacingError as UserInputError } from '../lib/errors.js';
import { bumpContentVersion, inTransaction, type DbContext } from '../db/context.js';
import type { Article, ArticleStatus } from '../db/schema.js';
import { indexArticle, removeArticle } from '../db/search/index.js';
import { slugify, uniqueSlug } from '../lib/slug.js';
import { escapeHtml } from '../lib/html.js';
import { ImageRejected, storeImage, type StoredImage } from '../media/store.js';
import type { DraftBlock, DraftContent } from './draft-from-docx.js';
import { figureHtml } from './figure-html.js';
import { figureInputs, figuresOfBody } from './figures.js';
import * as repo from './repo.js';
import { htmlToText, sanitizeArticleHtml } from './sanitize.js';

/** What the editing form sends. */
export const draftSchema = z.object({
  sectionId: z.coerce.number().int().positive('Cần chọn chuyên mục.'),
  unitId: z.coerce.number().int().positive('Cần chọn đơn vị.'),
  headline: z.string().trim().min(1, 'Cần nhập tiêu đề.').max(500, 'Tiêu đề tối đa 500 ký tự.'),
  lead: z.string().trim().max(5000, 'Sa-pô tối đa 5.000 ký tự.'),
  bodyHtml: z.string().max(2_000_000, 'Nội dung quá dài.'),
  bylineLabel: z.string().trim().max(40).default('Tin & ảnh'),
  authorName: z.string().trim().max(200).default(''),
  authorUnit: z.string().trim().max(300).default(''),
});
export type DraftInput = z.input<typeof draftSchema>;

const EDITABLE_BY_WRITER: ArticleStatus[] = ['draft', 'returned'];

function parseDraft(input: DraftInput) {
  const parsed = draftSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserInputError(issue?.message ?? 'Dữ liệu không hợp lệ.');
  }
  return parsed.data;
}

async function articleFields(tx: DbContext, d: ReturnType<typeof parseDraft>) {
  const section = await repo.findSectionById(tx, d.sectionId);
  if (!section) throw new UserInputError('Chuyên mục không tồn tại.');
  const bodyHtml = sanitizeArticleHtml(d.bodyHtml);
  const bodyFigures = figuresOfBody(bodyHtml);
  const ids = await repo.imageIdsBySha(
    tx,
    bodyFigures.flatMap((f) => (f.sha256 ? [f.sha256] : [])),
  );
  return {
    values: {
      section_id: d.sectionId,
      unit_id: d.unitId,
      headline: d.headline,
      lead: d.lead,
      body_html: bodyHtml,
      byline_label: d.authorName ? d.bylineLabel : null,
      author_name: d.authorName || null,
      author_unit: d.authorUnit || null,
    },
    figures: figureInputs(bodyFigures, ids),
  };
}

export async function createDraft(ctx: DbContext, user: AuthUser, input: DraftInput): Promise<{ id: number; version: number }> {
  const d = parseDraft(input);
  await authorize(ctx, user, 'article.write', d.unitId);
  return inTransaction(ctx, async (tx) => {
    const { values, figures } = await articleFields(tx, d);
    const base = slugify(d.headline);
    const now = Date.now();
    const row = {
      ...values,
      slug: uniqueSlug(base, await repo.slugsStartingWith(tx, base)),
      headline_needs_review: 0,
      status: 'draft' as const,
      published_at: null,
      created_at: now,
      updated_at: now,
      source_key: null,
      author_user_id: user.id,
      version: 1,
      review_comment: null,
      submitted_at: null,
    };
    const id = await repo.insertArticle(tx, row);
    await repo.replaceFigures(tx, id, figures);
    await repo.insertRevision(tx, { ...row, id }, actorOf(user));
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'article.create',
      entity: 'article',
      entityId: id,
      unitId: d.unitId,
      after: row,
    });
    return { id, version: 1 };
  });
}

/** The article if the user may read it (unpublished ones only within their scope). */
export async function readArticle(ctx: DbContext, user: AuthUser, id: number): Promise<Article> {
  const article = await repo.findArticleById(ctx, id);
  if (!article) throw new NotFound('Bài viết không tồn tại hoặc đã bị xóa.');
  if (!(await can(ctx, user, 'article.read', article.unit_id))) throw new Forbidden('Bài viết này thuộc đơn vị ngoài phạm vi của bạn.');
  return article;
}

/** Saves a new version; refused when someone saved since `baseVersion` was loaded. */
export async function saveDraft(ctx: DbContext, user: AuthUser, id: number, baseVersion: number, input: DraftInput): Promise<number> {
  const d = parseDraft(input);
  const current = await readArticle(ctx, user, id);
  await authorize(ctx, user, 'article.write', current.unit_id);
  await authorize(ctx, user, 'article.write', d.unitId);
  const isEditor = await can(ctx, user, 'article.review', current.unit_id);
  if (!EDITABLE_BY_WRITER.includes(current.status) && !isEditor) {
    throw new Forbidden('Bài đã gửi duyệt hoặc đã đăng: chỉ biên tập viên mới sửa được.');
  }
  return inTransaction(ctx, async (tx) => {
    const { values, figures } = await articleFields(tx, d);
    // Saving what is already there (e.g. "Gửi duyệt" right after "Lưu") writes no new version.
    if (baseVersion === current.version && isUnchanged(current, values)) return current.version;
    const version = await bumpVersion(tx, current, baseVersion, values);
    await repo.replaceFigures(tx, id, figures);
    const after = { ...current, ...values, version };
    await repo.insertRevision(tx, after, actorOf(user));
    if (current.status === 'published') await publishIndex(tx, after);
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'article.update',
      entity: 'article',
      entityId: id,
      unitId: d.unitId,
      before: pickContent(current),
      after: pickContent(after),
    });
    return version;
  });
}

function isUnchanged(current: Article, values: Partial<Article>): boolean {
  return Object.entries(values).every(([key, value]) => current[key as keyof Article] === value);
}

const pickContent = (a: Article) => ({
  headline: a.headline,
  lead: a.lead,
  body_html: a.body_html,
  section_id: a.section_id,
  unit_id: a.unit_id,
  status: a.status,
  version: a.version,
  author_name: a.author_name,
});

/** Optimistic lock: the update applies only to the version the user started from. */
async function bumpVersion(tx: DbContext, current: Article, baseVersion: number, set: Partial<Article>): Promise<number> {
  const next = baseVersion + 1;
  const r = await tx.db
    .updateTable('articles')
    .set({ ...set, version: next, updated_at: Date.now() })
    .where('id', '=', current.id)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) {
    const latest = await repo.findArticleById(tx, current.id);
    const who = latest ? (await repo.listRevisions(tx, current.id))[0]?.actor_label : undefined;
    throw new Conflict(
      `Bài viết đã được ${who ?? 'người khác'} lưu (phiên bản ${latest?.version ?? '?'}) trong khi bạn đang sửa. Thay đổi của bạn chưa được lưu; hãy mở lại bài để xem bản mới nhất rồi sửa tiếp.`,
    );
  }
  return next;
}

async function transition(
  ctx: DbContext,
  user: AuthUser,
  id: number,
  baseVersion: number,
  action: AuditAction,
  allowedFrom: ArticleStatus[],
  set: Partial<Article>,
  check: (a: Article) => Promise<void>,
) {
  const current = await readArticle(ctx, user, id);
  await check(current);
  if (!allowedFrom.includes(current.status))
    throw new UserInputError(`Không thể thực hiện: bài đang ở trạng thái "${STATUS_LABELS[current.status]}".`);
  return inTransaction(ctx, async (tx) => {
    const version = await bumpVersion(tx, current, baseVersion, set);
    const after = { ...current, ...set, version };
    await repo.insertRevision(tx, after, actorOf(user));
    if (after.status === 'published') await publishIndex(tx, after);
    else if (current.status === 'published') await unpublishIndex(tx, after);
    await recordAudit(tx, {
      actor: actorOf(user),
      action,
      entity: 'article',
      entityId: id,
      unitId: current.unit_id,
      before: { status: current.status, version: current.version },
      after: { status: after.status, version, published_at: after.published_at, review_comment: after.review_comment },
    });
    return version;
  });
}

export function submitForReview(ctx: DbContext, user: AuthUser, id: number, baseVersion: number) {
  return transition(
    ctx,
    user,
    id,
    baseVersion,
    'article.submit',
    ['draft', 'returned'],
    { status: 'submitted', submitted_at: Date.now() },
    (a) => authorize(ctx, user, 'article.write', a.unit_id),
  );
}

export async function returnToWriter(ctx: DbContext, user: AuthUser, id: number, baseVersion: number, comment: string) {
  const text = comment.trim();
  if (!text) throw new UserInputError('Cần ghi nhận xét khi trả bài cho người viết.');
  return transition(
    ctx,
    user,
    id,
    baseVersion,
    'article.return',
    ['submitted'],
    { status: 'returned', review_comment: text.slice(0, 4000) },
    (a) => authorize(ctx, user, 'article.review', a.unit_id),
  );
}

/** Publishes now, or at `at` (the scheduler publishes it then). */
export function publishArticle(
  ctx: DbContext,
  user: AuthUser,
  id: number,
  baseVersion: number,
  at: number | null = null,
  now = Date.now(),
) {
  const scheduled = at !== null && at > now + 60_000;
  return transition(
    ctx,
    user,
    id,
    baseVersion,
    scheduled ? 'article.schedule' : 'article.publish',
    ['draft', 'submitted', 'returned', 'scheduled', 'unpublished'],
    { status: scheduled ? 'scheduled' : 'published', published_at: scheduled ? at : now, review_comment: null },
    (a) => authorize(ctx, user, 'article.publish', a.unit_id),
  );
}

export function unpublishArticle(ctx: DbContext, user: AuthUser, id: number, baseVersion: number) {
  return transition(ctx, user, id, baseVersion, 'article.unpublish', ['published', 'scheduled'], { status: 'unpublished' }, (a) =>
    authorize(ctx, user, 'article.publish', a.unit_id),
  );
}

/** Makes a past revision the newest version. */
export async function restoreRevision(
  ctx: DbContext,
  user: AuthUser,
  id: number,
  revisionId: number,
  baseVersion: number,
): Promise<number> {
  const current = await readArticle(ctx, user, id);
  const revision = await repo.findRevision(ctx, id, revisionId);
  if (!revision) throw new UserInputError('Không có phiên bản này.');
  return saveDraft(ctx, user, id, baseVersion, {
    sectionId: current.section_id,
    unitId: current.unit_id ?? user.unitId,
    headline: revision.headline,
    lead: revision.lead,
    bodyHtml: revision.body_html,
    bylineLabel: current.byline_label ?? 'Tin & ảnh',
    authorName: current.author_name ?? '',
    authorUnit: current.author_unit ?? '',
  });
}

/** Publishes scheduled articles whose time has come; safe to run from every app process. */
export async function publishDueArticles(ctx: DbContext, now = Date.now()): Promise<number> {
  const due = await ctx.db.selectFrom('articles').selectAll().where('status', '=', 'scheduled').where('published_at', '<=', now).execute();
  let published = 0;
  const system: Actor = { userId: null, label: 'lịch đăng bài' };
  for (const article of due) {
    await inTransaction(ctx, async (tx) => {
      const r = await tx.db
        .updateTable('articles')
        .set({ status: 'published', version: article.version + 1, updated_at: now })
        .where('id', '=', article.id)
        .where('status', '=', 'scheduled')
        .where('version', '=', article.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return;
      const after = { ...article, status: 'published' as const, version: article.version + 1 };
      await repo.insertRevision(tx, after, system);
      await publishIndex(tx, after);
      await recordAudit(tx, {
        actor: system,
        action: 'article.publish',
        entity: 'article',
        entityId: article.id,
        unitId: article.unit_id,
        before: { status: 'scheduled' },
        after: { status: 'published' },
      });
      published++;
    });
  }
  return published;
}

async function publishIndex(tx: DbContext, a: Pick<Article, 'id' | 'headline' | 'lead' | 'body_html'>) {
  await indexArticle(tx.db, tx.dialect, a.id, { headline: a.headline, lead: a.lead, body: htmlToText(a.body_html) });
  await bumpContentVersion(tx);
}

async function unpublishIndex(tx: DbContext, a: Pick<Article, 'id'>) {
  await removeArticle(tx.db, tx.dialect, a.id);
  await bumpContentVersion(tx);
}

export const STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: 'Bản nháp',
  submitted: 'Chờ duyệt',
  returned: 'Trả lại',
  scheduled: 'Hẹn giờ đăng',
  published: 'Đã đăng',
  unpublished: 'Đã gỡ',
};

/** Articles of the user's scope, newest first, optionally of some statuses: filtered in SQL. */
export async function listArticlesInScope(ctx: DbContext, user: AuthUser, statuses: ArticleStatus[] | null, limit: number, offset: number) {
  let q = ctx.db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.headline',
      'a.status',
      'a.updated_at',
      'a.published_at',
      'a.version',
      'a.author_name',
      'a.headline_needs_review',
      's.name as section_name',
      'u.short_name as unit_name',
    ])
    .where('a.unit_id', 'in', scopeUnitIds(user, 'article.read'));
  if (statuses) q = q.where('a.status', 'in', statuses);
  const [rows, total] = await Promise.all([
    q.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc').limit(limit).offset(offset).execute(),
    (statuses ? ctx.db.selectFrom('articles as a').where('a.status', 'in', statuses) : ctx.db.selectFrom('articles as a'))
      .where('a.unit_id', 'in', scopeUnitIds(user, 'article.read'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

/** Submitted drafts of the editor's scope, the longest waiting first. */
export async function listReviewQueue(ctx: DbContext, user: AuthUser, limit: number, offset: number) {
  const inQueue = () =>
    ctx.db.selectFrom('articles as a').where('a.status', '=', 'submitted').where('a.unit_id', 'in', scopeUnitIds(user, 'article.review'));
  const [rows, total] = await Promise.all([
    inQueue()
      .innerJoin('sections as s', 's.id', 'a.section_id')
      .leftJoin('units as u', 'u.id', 'a.unit_id')
      .select([
        'a.id',
        'a.headline',
        'a.status',
        'a.submitted_at',
        'a.updated_at',
        'a.author_name',
        's.name as section_name',
        'u.short_name as unit_name',
      ])
      .orderBy('a.submitted_at', 'asc')
      .orderBy('a.id', 'asc')
      .limit(limit)
      .offset(offset)
      .execute(),
    inQueue()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

/** The user's own drafts and the articles returned to them, newest first. */
export async function listOwnWork(ctx: DbContext, user: AuthUser, limit = 50) {
  return ctx.db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.headline', 'a.status', 'a.updated_at', 'a.review_comment', 's.name as section_name', 'u.short_name as unit_name'])
    .where('a.author_user_id', '=', user.id)
    .where('a.status', 'in', ['draft', 'returned'])
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}

export interface ArticleActions {
  edit: boolean;
  submit: boolean;
  giveBack: boolean;
  publish: boolean;
  unpublish: boolean;
}

/** What the user may do with this article now (which buttons the editing page shows). */
export async function allowedActions(ctx: DbContext, user: AuthUser, article: Article): Promise<ArticleActions> {
  const [write, review, publish] = await Promise.all([
    can(ctx, user, 'article.write', article.unit_id),
    can(ctx, user, 'article.review', article.unit_id),
    can(ctx, user, 'article.publish', article.unit_id),
  ]);
  const writable = EDITABLE_BY_WRITER.includes(article.status);
  return {
    edit: write && (writable || review),
    submit: write && writable,
    giveBack: review && article.status === 'submitted',
    publish: publish && article.status !== 'published',
    unpublish: publish && (article.status === 'published' || article.status === 'scheduled'),
  };
}

/** Where an imported draft goes: the form's section and unit; the headline to use when the file has none. */
export interface ImportTarget {
  sectionId: number;
  unitId: number;
  fallbackHeadline: string;
}

/**
 * A new draft from an imported Word file or pasted text: its photos are stored, its blocks
 * become the body, and the importer's warnings are returned for the editing page.
 */
export async function createDraftFromImport(
  ctx: DbContext,
  user: AuthUser,
  dataDir: string,
  content: DraftContent,
  target: ImportTarget,
): Promise<{ id: number; warnings: string[] }> {
  await authorize(ctx, user, 'article.write', target.unitId);
  const warnings = [...content.warnings];
  const stored: Array<StoredImage | null> = [];
  for (const [index, image] of content.images.entries()) {
    try {
      stored.push(await storeImage(ctx, dataDir, image.bytes));
    } catch (e) {
      if (!(e instanceof ImageRejected)) throw e;
      stored.push(null);
      warnings.push(`Ảnh thứ ${index + 1} không dùng được (${e.message}); bài giữ chỗ cho ảnh đó.`);
    }
  }
  const headline = content.headline?.trim() || target.fallbackHeadline;
  if (!content.headline?.trim()) warnings.push('Không nhận ra tiêu đề: hãy nhập tiêu đề cho bài.');
  const { id } = await createDraft(ctx, user, {
    sectionId: target.sectionId,
    unitId: target.unitId,
    headline: headline.slice(0, 500),
    lead: content.lead.slice(0, 5000),
    bodyHtml: content.blocks.map((b) => blockHtml(b, stored)).join('\n'),
    bylineLabel: content.byline?.label || 'Tin & ảnh',
    authorName: content.byline?.author ?? '',
    authorUnit: content.byline?.unit ?? content.unitLine ?? '',
  });
  return { id, warnings };
}

function blockHtml(block: DraftBlock, images: Array<StoredImage | null>): string {
  switch (block.type) {
    case 'p':
      return `<p>${block.html}</p>`;
    case 'h':
      return `<h2>${escapeHtml(block.text)}</h2>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</${tag}>`;
    }
    case 'figure': {
      const image = block.image === null ? null : (images[block.image] ?? null);
      return figureHtml({
        sha256: image?.sha256 ?? null,
        width: image?.width,
        height: image?.height,
        sourceName: block.sourceName,
        caption: block.caption,
      });
    }
  }
}
