import type { AuditAction } from '../audit/actions.js';
import { recordAudit, recordAudits, type Actor } from '../audit/audit.js';
import { canAnywhere, grantUnitsFor, type AuthUser } from '../access/user.js';
import { actorOf } from '../auth/service.js';
import { bumpContentVersion, inTransaction, type DbContext } from '../db/context.js';
import type { Article, ArticleStatus, Section, Unit } from '../db/schema.js';
import { indexArticle, indexArticles, removeArticle } from '../db/search/index.js';
import { indexText } from '../db/search/query.js';
import { Conflict, NotFound, UserFacingError } from '../lib/errors.js';
import { paginateList } from '../lib/pagination.js';
import { slugify, uniqueSlug } from '../lib/slug.js';
import { findUnitById, listUnitsInScope, listUnitsUserReaches } from '../org/repo.js';
import { readSiteSettings } from '../site/service.js';
import { FieldError, parseInput } from '../web/parse.js';
import { figureInputs, figuresOfBody } from './figures.js';
import {
  allowedActions,
  articleReachUnit,
  articleScope,
  assertMayEdit,
  assertMayPublish,
  assertMayRead,
  assertMayReview,
  assertMaySubmit,
  assertMayWithdraw,
  assertMayWriteFor,
  portalOwnerUnitId,
  type ArticleActions,
} from './policy.js';
import * as repo from './repo.js';
import { htmlToText, sanitizeArticleHtml } from './sanitize.js';
import {
  articleInputSchema,
  CHECK_REASONS,
  checkReasonLabels,
  draftSchema,
  autosaves,
  hasPhotoPlaceholder,
  LIST_PAGE_SIZE,
  STATUS_LABELS,
  type ArticleListQuery,
  type ArticleInput,
  type ArticleRecord,
  type Draft,
  type DraftInput,
} from './schema.js';

/**
 * The article commands: drafts written in the newsroom, the review (submit, return, publish,
 * schedule, unpublish), revisions, the scheduler, and articles written by programs (the
 * old-portal importer, the demo). Every command checks the policy, runs in one transaction and
 * records its audit event there; a publication indexes the article and bumps the content version.
 */

// --- Drafts --------------------------------------------------------------------------------------

async function articleFields(tx: DbContext, d: Draft) {
  const section = await repo.findSectionById(tx, d.sectionId);
  if (!section) throw new FieldError('Chuyên mục không tồn tại.', 'sectionId');
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
      ...foldedFields(d.headline, d.authorName || null),
    },
    figures: figureInputs(bodyFigures, ids),
  };
}

/** The headline and author as the newsroom's list searches them. */
const foldedFields = (headline: string, author: string | null) => ({
  headline_folded: indexText(headline),
  author_folded: indexText(author ?? '').slice(0, 200),
});

/**
 * A new draft. `checkReasons` flags a draft made by an importer for an editor's check
 * (schema CHECK_REASONS): it cannot be published until fixed or confirmed.
 */
export async function createDraft(
  ctx: DbContext,
  user: AuthUser,
  input: DraftInput,
  checkReasons = 0,
): Promise<{ id: number; version: number }> {
  const d = parseInput(draftSchema, input);
  await assertMayWriteFor(ctx, user, d.unitId);
  return inTransaction(ctx, async (tx) => {
    const { values, figures } = await articleFields(tx, d);
    const base = slugify(d.headline);
    const now = Date.now();
    const row = {
      ...values,
      slug: uniqueSlug(base, await repo.slugsStartingWith(tx, base)),
      headline_needs_review: checkReasons & CHECK_REASONS.derivedHeadline ? 1 : 0,
      check_reasons: checkReasons,
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
  await assertMayRead(ctx, user, article);
  return article;
}

/** Saves a new version; refused when someone saved since `baseVersion` was loaded. */
export async function saveDraft(ctx: DbContext, user: AuthUser, id: number, baseVersion: number, input: DraftInput): Promise<number> {
  const d = parseInput(draftSchema, input);
  const current = await readArticle(ctx, user, id);
  await assertMayEdit(ctx, user, current, d.unitId);
  return inTransaction(ctx, async (tx) => {
    const fields = await articleFields(tx, d);
    const values = { ...fields.values, ...checksAfterEdit(current, fields.values) };
    const figures = fields.figures;
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

/**
 * An edit clears what it fixed: a new headline clears a derived headline's flag, a body without
 * photo placeholders clears theirs. Edits never raise a flag.
 */
function checksAfterEdit(current: Article, next: { headline: string; body_html: string }) {
  let reasons = current.check_reasons;
  if (next.headline !== current.headline) reasons &= ~CHECK_REASONS.derivedHeadline;
  if (!hasPhotoPlaceholder(next.body_html)) reasons &= ~CHECK_REASONS.photoPlaceholder;
  return {
    check_reasons: reasons,
    headline_needs_review: current.headline_needs_review && reasons & CHECK_REASONS.derivedHeadline ? 1 : 0,
  };
}

function isUnchanged(current: Article, values: Partial<Article>): boolean {
  return Object.entries(values).every(([key, value]) => current[key as keyof Article] === value);
}

const pickContent = (a: Article) => ({
  headline: a.headline,
  check_reasons: a.check_reasons,
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
  if (!(await repo.updateArticleAtVersion(tx, current.id, baseVersion, set))) {
    const latest = await repo.findArticleById(tx, current.id);
    const who = latest ? (await repo.listRevisions(tx, current.id))[0]?.actor_label : undefined;
    throw new Conflict(
      `Bài viết đã được ${who ?? 'người khác'} lưu (phiên bản ${latest?.version ?? '?'}) trong khi bạn đang sửa. Thay đổi của bạn chưa được lưu; hãy mở lại bài để xem bản mới nhất rồi sửa tiếp.`,
    );
  }
  return baseVersion + 1;
}

// --- The review ----------------------------------------------------------------------------------

async function transition(
  ctx: DbContext,
  user: AuthUser,
  id: number,
  baseVersion: number,
  action: AuditAction,
  allowedFrom: ArticleStatus[],
  change: Partial<Article> | ((current: Article) => Partial<Article>),
  check: (a: Article) => Promise<void>,
) {
  const current = await readArticle(ctx, user, id);
  await check(current);
  if (!allowedFrom.includes(current.status))
    throw new UserFacingError(`Không thể thực hiện: bài đang ở trạng thái "${STATUS_LABELS[current.status]}".`);
  const set = typeof change === 'function' ? change(current) : change;
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
      before: {
        status: current.status,
        version: current.version,
        ...(after.check_reasons !== current.check_reasons ? { check_reasons: current.check_reasons } : {}),
      },
      after: {
        status: after.status,
        version,
        published_at: after.published_at,
        review_comment: after.review_comment,
        ...(after.check_reasons !== current.check_reasons ? { check_reasons: after.check_reasons } : {}),
      },
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
    (a) => assertMaySubmit(ctx, user, a),
  );
}

export async function returnToWriter(ctx: DbContext, user: AuthUser, id: number, baseVersion: number, comment: string) {
  const text = comment.trim();
  if (!text) throw new FieldError('Cần ghi nhận xét khi trả bài cho người viết.', 'comment');
  return transition(
    ctx,
    user,
    id,
    baseVersion,
    'article.return',
    ['submitted'],
    { status: 'returned', review_comment: text.slice(0, 4000) },
    (a) => assertMayReview(ctx, user, a),
  );
}

/**
 * An old portal's page imported with a headline the importer made is held as a draft until an editor
 * fixes or confirms it; it keeps the date the old portal published it on, and is published with it.
 */
function isHeldImport(a: Article): boolean {
  return a.published_at !== null && (a.status === 'draft' || a.status === 'submitted' || a.status === 'returned');
}

/** Publishes now, or at `at` (the scheduler publishes it then); a held import keeps its old portal's date. */
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
    (a) => ({
      status: scheduled ? 'scheduled' : 'published',
      published_at: scheduled ? at : isHeldImport(a) ? a.published_at : now,
      review_comment: null,
    }),
    async (a) => {
      await assertMayPublish(ctx, user, a);
      assertChecked(a);
    },
  );
}

/** Refuses to publish an imported article still waiting for an editor's check. */
function assertChecked(a: Article) {
  if (a.check_reasons === 0) return;
  throw new UserFacingError(
    `Bài nhập này cần được kiểm tra trước khi đăng (${checkReasonLabels(a.check_reasons).join('; ')}). ` +
      'Hãy sửa tiêu đề hoặc xóa chỗ giữ ảnh rồi lưu, hoặc bấm “Xác nhận đã kiểm tra”.',
  );
}

/** An editor confirms an imported article as it stands: its flag is cleared and it may be published. */
export function confirmChecked(ctx: DbContext, user: AuthUser, id: number, baseVersion: number) {
  return transition(
    ctx,
    user,
    id,
    baseVersion,
    'article.check_confirm',
    ['draft', 'submitted', 'returned', 'scheduled', 'published', 'unpublished'],
    { check_reasons: 0, headline_needs_review: 0 },
    async (a) => {
      await assertMayReview(ctx, user, a);
      if (a.check_reasons === 0) throw new UserFacingError('Bài này không cần kiểm tra (hoặc đã được xác nhận).');
    },
  );
}

/** The writer takes a submitted article back to a draft (an editor may for anyone's); not once published. */
export function withdrawSubmission(ctx: DbContext, user: AuthUser, id: number, baseVersion: number) {
  return transition(ctx, user, id, baseVersion, 'article.withdraw', ['submitted'], { status: 'draft', submitted_at: null }, (a) =>
    assertMayWithdraw(ctx, user, a),
  );
}

export function unpublishArticle(ctx: DbContext, user: AuthUser, id: number, baseVersion: number) {
  return transition(ctx, user, id, baseVersion, 'article.unpublish', ['published', 'scheduled'], { status: 'unpublished' }, (a) =>
    assertMayPublish(ctx, user, a),
  );
}

/** What unpublishing would do, for the confirmation page: checks as the command does, writes nothing. */
export async function unpublishPreview(ctx: DbContext, user: AuthUser, id: number) {
  const article = await readArticle(ctx, user, id);
  await assertMayPublish(ctx, user, article);
  if (article.status !== 'published' && article.status !== 'scheduled')
    throw new UserFacingError(`Không thể gỡ: bài đang ở trạng thái "${STATUS_LABELS[article.status]}".`);
  const section = (await repo.listSectionsWithCounts(ctx)).find((s) => s.id === article.section_id);
  return { article, section: section ? { name: section.name, slug: section.slug, published: section.article_count } : null };
}

/**
 * The editor's automatic save: a save like "Lưu" (a revision, the version check, the audit
 * event), refused for published and scheduled articles. Returns the new version and when.
 */
export async function autosaveDraft(
  ctx: DbContext,
  user: AuthUser,
  id: number,
  baseVersion: number,
  input: DraftInput,
): Promise<{ version: number; savedAt: number }> {
  const current = await readArticle(ctx, user, id);
  if (!autosaves(current.status))
    throw new UserFacingError('Bài đã đăng hoặc đã hẹn giờ đăng nên không tự lưu (bạn đọc sẽ thấy ngay): hãy bấm “Lưu” khi sửa xong.', 409);
  const version = await saveDraft(ctx, user, id, baseVersion, input);
  return { version, savedAt: Date.now() };
}

/** The next step after a save from the editing form. */
export type EditorStep =
  { kind: 'save' } | { kind: 'submit' } | { kind: 'return'; comment: string } | { kind: 'publish' } | { kind: 'schedule'; at: number };

/**
 * Saves the editing form (a save that changes nothing writes no version), then takes the step
 * with the new version. `saved` hears the version as soon as the save is done, so that a refused
 * step can show the form at that version.
 */
export async function saveAndStep(
  ctx: DbContext,
  user: AuthUser,
  id: number,
  baseVersion: number,
  input: DraftInput,
  step: EditorStep,
  saved: (version: number) => void = () => {},
): Promise<number> {
  const version = await saveDraft(ctx, user, id, baseVersion, input);
  saved(version);
  switch (step.kind) {
    case 'save':
      return version;
    case 'submit':
      return submitForReview(ctx, user, id, version);
    case 'return':
      return returnToWriter(ctx, user, id, version, step.comment);
    case 'publish':
      return publishArticle(ctx, user, id, version);
    case 'schedule':
      return publishArticle(ctx, user, id, version, step.at);
  }
}

// --- Revisions -----------------------------------------------------------------------------------

/** Makes a past revision the newest version; returns the new version. */
export async function restoreRevision(
  ctx: DbContext,
  user: AuthUser,
  id: number,
  revisionId: number,
  baseVersion: number,
): Promise<number> {
  return (await restoreRevisionOf(ctx, user, id, revisionId, baseVersion)).version;
}

/** Makes a past revision the newest version; returns the restored revision's version and the new one. */
export async function restoreRevisionOf(
  ctx: DbContext,
  user: AuthUser,
  id: number,
  revisionId: number,
  baseVersion: number,
): Promise<{ restored: number; version: number }> {
  const current = await readArticle(ctx, user, id);
  const revision = await repo.findRevision(ctx, id, revisionId);
  if (!revision) throw new NotFound('Không có phiên bản này.');
  const version = await saveDraft(ctx, user, id, baseVersion, {
    sectionId: current.section_id,
    unitId: current.unit_id ?? user.unitId,
    headline: revision.headline,
    lead: revision.lead,
    bodyHtml: revision.body_html,
    bylineLabel: current.byline_label ?? 'Tin & ảnh',
    authorName: current.author_name ?? '',
    authorUnit: current.author_unit ?? '',
  });
  return { restored: revision.version, version };
}

function revisionStatus(snapshotJson: string): ArticleStatus | null {
  try {
    const status = (JSON.parse(snapshotJson) as { status?: unknown }).status;
    return typeof status === 'string' ? (status as ArticleStatus) : null;
  } catch {
    return null;
  }
}

/** The revisions page: every version, and two of them side by side when asked. */
export async function revisionsPage(ctx: DbContext, user: AuthUser, id: number, compare: { a: number | null; b: number | null }) {
  const article = await readArticle(ctx, user, id);
  const rows = await repo.listRevisions(ctx, article.id);
  const revisions = rows.map((r) => ({ ...r, status: revisionStatus(r.snapshot_json) }));
  const canRestore = (await allowedActions(ctx, user, article)).edit;
  let pair = null;
  if (compare.a !== null && compare.b !== null) {
    const [ra, rb] = await Promise.all([repo.findRevision(ctx, article.id, compare.a), repo.findRevision(ctx, article.id, compare.b)]);
    if (!ra || !rb) throw new NotFound('Không có phiên bản này.');
    pair = ra.version <= rb.version ? { a: ra, b: rb } : { a: rb, b: ra };
  }
  return { article, revisions, canRestore, compare: pair };
}

// --- The scheduler -------------------------------------------------------------------------------

/** Publishes scheduled articles whose time has come; safe to run from every app process. */
export async function publishDueArticles(ctx: DbContext, now = Date.now()): Promise<number> {
  const due = await repo.listDueScheduled(ctx, now);
  let published = 0;
  const system: Actor = { userId: null, label: 'lịch đăng bài' };
  for (const article of due) {
    await inTransaction(ctx, async (tx) => {
      if (!(await repo.publishScheduled(tx, article, now))) return;
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

// --- Articles written by programs ------------------------------------------------------------------

/** An article written by a program, checked and cleaned before any transaction opens. */
export interface PreparedArticle {
  input: ArticleRecord;
  bodyHtml: string;
  /** The text the search index holds (published articles). */
  bodyText: string;
  slugBase: string;
}

/** Checks and cleans an article written by a program: the costly part of creating it, done outside the transaction. */
export function prepareArticle(input: ArticleInput): PreparedArticle {
  const a = articleInputSchema.parse(input);
  const bodyHtml = sanitizeArticleHtml(a.bodyHtml);
  return { input: a, bodyHtml, bodyText: a.status === 'published' ? htmlToText(bodyHtml) : '', slugBase: slugify(a.headline) };
}

/** Creates an article with its figures, in the caller's transaction. Returns its id and slug. */
export async function createArticleIn(tx: DbContext, actor: Actor, input: ArticleInput): Promise<{ id: number; slug: string }> {
  const [created] = await createPreparedArticlesIn(tx, actor, [prepareArticle(input)]);
  return created!;
}

/**
 * Creates prepared articles with their figures, revisions, search entries and audit events in the
 * caller's transaction, a few statements for the whole list (imports write batches of them).
 * Returns their ids and slugs in the order given.
 */
export async function createPreparedArticlesIn(
  tx: DbContext,
  actor: Actor,
  articles: PreparedArticle[],
): Promise<Array<{ id: number; slug: string }>> {
  if (articles.length === 0) return [];
  const sectionIds = [...new Set(articles.map((p) => p.input.sectionId))];
  const sections = new Map((await repo.findSectionsByIds(tx, sectionIds)).map((s) => [s.id, s]));
  const taken = await repo.slugsStartingWithAny(tx, [...new Set(articles.map((p) => p.slugBase))]);
  const now = Date.now();
  const rows = articles.map(({ input: a, bodyHtml, slugBase }) => {
    const section = sections.get(a.sectionId);
    if (!section) throw new Error(`Không có chuyên mục số ${a.sectionId}.`);
    const slug = uniqueSlug(slugBase, taken);
    taken.add(slug);
    // A page the old portal published (or the demo's archive), whose headline the importer made, waits unpublished for an editor.
    const held = a.status === 'published' && a.headlineNeedsReview;
    return {
      section_id: a.sectionId,
      slug,
      headline: a.headline,
      headline_needs_review: a.headlineNeedsReview ? 1 : 0,
      check_reasons:
        (a.headlineNeedsReview ? CHECK_REASONS.derivedHeadline : 0) | (hasPhotoPlaceholder(bodyHtml) ? CHECK_REASONS.photoPlaceholder : 0),
      ...foldedFields(a.headline, a.byline?.author ?? null),
      lead: a.lead,
      body_html: bodyHtml,
      byline_label: a.byline?.label ?? null,
      author_name: a.byline?.author ?? null,
      author_unit: a.byline?.unit ?? null,
      status: held ? ('draft' as const) : a.status,
      published_at: a.status === 'published' ? (a.publishedAt ?? now) : a.publishedAt,
      created_at: now,
      updated_at: now,
      source_key: a.sourceKey,
      unit_id: a.unitId ?? section.unit_id,
      author_user_id: actor.userId,
      version: 1,
      review_comment: null,
      submitted_at: null,
    };
  });
  const idOfSlug = await repo.insertArticles(tx, rows);
  const created = rows.map((row) => ({ ...row, id: idOfSlug.get(row.slug)! }));
  await repo.insertFigures(
    tx,
    created.flatMap((row, i) => articles[i]!.input.figures.map((f, position) => ({ articleId: row.id, position, ...f }))),
  );
  await repo.insertRevisions(tx, created, actor);
  const published = created.flatMap((row, i) =>
    row.status === 'published' ? [{ id: row.id, text: { headline: row.headline, lead: row.lead, body: articles[i]!.bodyText } }] : [],
  );
  if (published.length > 0) {
    await indexArticles(tx.db, tx.dialect, published);
    await bumpContentVersion(tx);
  }
  await recordAudits(
    tx,
    created.map((row, i) => ({
      actor,
      action: 'article.create' as const,
      entity: 'article',
      entityId: row.id,
      unitId: sections.get(row.section_id)!.unit_id,
      after: { ...rows[i], figures: articles[i]!.input.figures },
    })),
  );
  return created.map((row) => ({ id: row.id, slug: row.slug }));
}

export function createArticle(ctx: DbContext, actor: Actor, input: ArticleInput) {
  return inTransaction(ctx, (tx) => createArticleIn(tx, actor, input));
}

/** The section named `name`, created (for `unitId`) when there is none yet. */
export async function ensureSectionIn(tx: DbContext, actor: Actor, name: string, unitId: number | null): Promise<Section> {
  const existing = await repo.findSectionByName(tx, name);
  if (existing) return existing;
  const slug = uniqueSlug(slugify(name, 60), await repo.sectionSlugs(tx));
  const section = await repo.insertSection(tx, { unit_id: unitId, slug, name, sort_order: 100 });
  await recordAudit(tx, { actor, action: 'section.create', entity: 'section', entityId: section.id, unitId, after: section });
  await bumpContentVersion(tx);
  return section;
}

// --- Page queries --------------------------------------------------------------------------------

/** Articles the user reads (of one status, or all), newest change first. */
export async function listArticlesInScope(ctx: DbContext, user: AuthUser, status: ArticleStatus | null, limit: number, offset: number) {
  const filter = { status, sectionId: null, unit: null, headline: null, author: null, flagged: false };
  return repo.listArticlesInScope(ctx, user, await articleScope(ctx, user, 'article.read'), filter, limit, offset);
}

/** Submitted drafts of the editor's scope, the longest waiting first. */
export async function listReviewQueue(ctx: DbContext, user: AuthUser, limit: number, offset: number) {
  return repo.listReviewQueue(ctx, user, await articleScope(ctx, user, 'article.review'), limit, offset);
}

/** How many articles the user may check wait for an editor's check (for the working page). */
export async function countFlaggedArticles(ctx: DbContext, user: AuthUser): Promise<number> {
  return repo.countFlaggedInScope(ctx, user, await articleScope(ctx, user, 'article.review'));
}

/** The user's own drafts and the articles returned to them, newest first. */
export function listOwnWork(ctx: DbContext, user: AuthUser, limit = 50) {
  return repo.listOwnWork(ctx, user.id, limit);
}

/**
 * What waits in the newsroom for the user (the desk at /quan-tri): submitted articles they review
 * (counted by the review queue's own query, so the count is what the queue lists) and their
 * articles returned to them. Null where the user's roles do not reach.
 */
export async function newsroomWaiting(ctx: DbContext, user: AuthUser): Promise<{ toReview: number | null; returned: number | null }> {
  const [queue, returned] = await Promise.all([
    canAnywhere(user, 'article.review') ? listReviewQueue(ctx, user, 0, 0) : null,
    canAnywhere(user, 'article.write') ? repo.countByAuthor(ctx, user.id, 'returned') : null,
  ]);
  return { toReview: queue ? queue.total : null, returned };
}

/**
 * One page of the articles the user reads, with the filters of the list, and what its pickers
 * offer (sections, the units the user reads); a page past the last is not found.
 */
export async function articleListPage(ctx: DbContext, user: AuthUser, query: ArticleListQuery) {
  const [scope, owner, sections, units] = await Promise.all([
    articleScope(ctx, user, 'article.read'),
    portalOwnerUnitId(ctx),
    repo.listSectionNames(ctx).then((list) => list.sort((a, b) => a.name.localeCompare(b.name, 'vi'))),
    listUnitsUserReaches(ctx, user, 'article.read'),
  ]);
  const unitId = query['don-vi'];
  const filter = {
    status: query['trang-thai'],
    sectionId: query['chuyen-muc'],
    unit: unitId === null ? null : { id: unitId, unitless: unitId === owner && scope.unitless },
    headline: indexText(query.q) || null,
    author: indexText(query['tac-gia']) || null,
    flagged: query['can-kiem-tra'],
  };
  const page = query.trang;
  const { rows, total } = await repo.listArticlesInScope(ctx, user, scope, filter, LIST_PAGE_SIZE, (page - 1) * LIST_PAGE_SIZE);
  return { rows, sections, units, ...paginateList(total, page, LIST_PAGE_SIZE) };
}

/** One page of the review queue. */
export async function reviewQueuePage(ctx: DbContext, user: AuthUser, page: number) {
  const { rows, total } = await listReviewQueue(ctx, user, LIST_PAGE_SIZE, (page - 1) * LIST_PAGE_SIZE);
  return { rows, ...paginateList(total, page, LIST_PAGE_SIZE) };
}

/** The units the user writes for, and the article's own unit (for one of no unit: the portal's) when it is outside them. */
export async function unitsForWriting(ctx: DbContext, user: AuthUser, article?: Article): Promise<Unit[]> {
  const units = await listUnitsInScope(ctx, grantUnitsFor(user, 'article.write'));
  const unitId = article ? await articleReachUnit(ctx, article) : null;
  if (unitId !== null && !units.some((u) => u.id === unitId)) {
    const own = await findUnitById(ctx, unitId);
    if (own) units.unshift(own);
  }
  return units;
}

/** What the editing form shows besides the article: the pickers and the buttons. */
export async function articleFormChoices(
  ctx: DbContext,
  user: AuthUser,
  article?: Article,
): Promise<{ sections: repo.SectionWithCount[]; units: Unit[]; actions: ArticleActions | undefined; reachUnitId: number | null }> {
  const [sections, units, actions, reachUnitId] = await Promise.all([
    repo.listSectionsWithCounts(ctx),
    unitsForWriting(ctx, user, article),
    article ? allowedActions(ctx, user, article) : undefined,
    article ? articleReachUnit(ctx, article) : null,
  ]);
  return { sections, units, actions, reachUnitId };
}

/** What the preview is framed with: the site, the section bar, and the article's section. */
export async function previewFrame(ctx: DbContext, article: Article) {
  const [site, sections] = await Promise.all([readSiteSettings(ctx), repo.listSectionsWithCounts(ctx)]);
  const section = sections.find((s) => s.id === article.section_id) ?? sections[0];
  if (!section) throw new UserFacingError('Chưa có chuyên mục nào: hãy tạo chuyên mục trước.');
  return { site, sections, section };
}

/** The form as it stands, unsaved, as an article: sanitised as a save would be. */
export async function unsavedArticle(
  ctx: DbContext,
  user: AuthUser,
  storedId: number | undefined,
  d: {
    sectionId: string;
    unitId: string;
    headline: string;
    lead: string;
    bodyHtml: string;
    bylineLabel: string;
    authorName: string;
    authorUnit: string;
  },
): Promise<Article> {
  const stored = storedId ? await readArticle(ctx, user, storedId) : null;
  const now = Date.now();
  return {
    id: stored?.id ?? 0,
    slug: stored?.slug ?? '',
    status: stored?.status ?? 'draft',
    version: stored?.version ?? 0,
    section_id: Number(d.sectionId) || (stored?.section_id ?? 0),
    unit_id: Number(d.unitId) || (stored?.unit_id ?? null),
    headline: d.headline.trim() || '(Chưa có tiêu đề)',
    headline_needs_review: 0,
    lead: d.lead.trim(),
    body_html: sanitizeArticleHtml(d.bodyHtml),
    byline_label: d.authorName.trim() ? d.bylineLabel || 'Tin & ảnh' : null,
    author_name: d.authorName.trim() || null,
    author_unit: d.authorUnit.trim() || null,
    published_at: stored?.status === 'published' ? stored.published_at : now,
    created_at: stored?.created_at ?? now,
    updated_at: now,
    source_key: null,
    author_user_id: stored?.author_user_id ?? user.id,
    review_comment: null,
    submitted_at: null,
    ...foldedFields(d.headline, d.authorName.trim() || null),
    check_reasons: stored?.check_reasons ?? 0,
  };
}
