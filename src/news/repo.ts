import { sql, type ExpressionBuilder } from 'kysely';
import { scopeUnitIds } from '../access/scope.js';
import type { AuthUser } from '../access/user.js';
import { startsWithAny } from '../db/bulk.js';
import type { DbContext } from '../db/context.js';
import type { Article, ArticleStatus, ArticleTable, Database, Section, SectionTable } from '../db/schema.js';
import type { ArticleScope } from './policy.js';

/** Every SQL statement of the news area. */

export interface SectionWithCount extends Section {
  article_count: number;
}

/** The published articles of section `s`, as the column `article_count`. */
const publishedCount = (eb: ExpressionBuilder<Database & { s: SectionTable }, 's'>) =>
  eb
    .selectFrom('articles as a')
    .select(eb.fn.countAll<number>().as('n'))
    .whereRef('a.section_id', '=', 's.id')
    .where('a.status', '=', 'published')
    .as('article_count');

export async function listSectionsWithCounts(ctx: DbContext): Promise<SectionWithCount[]> {
  const rows = await ctx.db
    .selectFrom('sections as s')
    .selectAll('s')
    .select(publishedCount)
    .orderBy('s.sort_order')
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({ ...r, article_count: Number(r.article_count ?? 0) }));
}

export async function findSectionById(ctx: DbContext, id: number): Promise<Section | undefined> {
  return ctx.db.selectFrom('sections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSectionOfUnit(ctx: DbContext, unitId: number): Promise<Section | undefined> {
  return ctx.db.selectFrom('sections').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
}

export async function findSectionByName(ctx: DbContext, name: string): Promise<Section | undefined> {
  return ctx.db.selectFrom('sections').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findArticleBySourceKey(ctx: DbContext, sourceKey: string): Promise<Article | undefined> {
  return ctx.db.selectFrom('articles').selectAll().where('source_key', '=', sourceKey).executeTakeFirst();
}

export async function slugsStartingWith(ctx: DbContext, base: string): Promise<Set<string>> {
  const rows = await ctx.db
    .selectFrom('articles')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  return new Set(rows.map((r) => r.slug));
}

/** The slugs equal to one of `bases` or numbered after one ("base-2" …). */
export async function slugsStartingWithAny(ctx: DbContext, bases: string[]): Promise<Set<string>> {
  if (bases.length === 0) return new Set();
  const rows = await ctx.db
    .selectFrom('articles')
    .select('slug')
    .where((eb) =>
      eb.or([
        eb('slug', 'in', bases),
        startsWithAny(
          ctx,
          'slug',
          bases.map((base) => `${base}-`),
        ),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.slug));
}

export async function findSectionsByIds(ctx: DbContext, ids: number[]): Promise<Section[]> {
  if (ids.length === 0) return [];
  return ctx.db.selectFrom('sections').selectAll().where('id', 'in', ids).execute();
}

/** The source keys of `keys` that articles already carry. */
export async function existingSourceKeys(ctx: DbContext, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await ctx.db.selectFrom('articles').select('source_key').where('source_key', 'in', keys).execute();
  return new Set(rows.map((r) => r.source_key!));
}

/** Inserts articles in one statement; returns each one's id by its slug. */
export async function insertArticles(ctx: DbContext, values: Omit<Article, 'id'>[]): Promise<Map<string, number>> {
  if (values.length === 0) return new Map();
  const rows = await ctx.db.insertInto('articles').values(values).returning(['id', 'slug']).execute();
  return new Map(rows.map((r) => [r.slug, Number(r.id)]));
}

export async function insertFigures(
  ctx: DbContext,
  figures: Array<{ articleId: number; position: number; imageId: number | null; sourceName: string | null; caption: string }>,
): Promise<void> {
  if (figures.length === 0) return;
  await ctx.db
    .insertInto('figures')
    .values(
      figures.map((f) => ({
        article_id: f.articleId,
        position: f.position,
        image_id: f.imageId,
        source_name: f.sourceName,
        caption: f.caption,
      })),
    )
    .execute();
}

export async function insertArticle(ctx: DbContext, values: Omit<Article, 'id'>): Promise<number> {
  const row = await ctx.db.insertInto('articles').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function replaceFigures(
  ctx: DbContext,
  articleId: number,
  figures: Array<{ imageId: number | null; sourceName: string | null; caption: string }>,
): Promise<void> {
  await ctx.db.deleteFrom('figures').where('article_id', '=', articleId).execute();
  if (figures.length === 0) return;
  await ctx.db
    .insertInto('figures')
    .values(
      figures.map((f, position) => ({
        article_id: articleId,
        position,
        image_id: f.imageId,
        source_name: f.sourceName,
        caption: f.caption,
      })),
    )
    .execute();
}

/** Every save is a revision: the article as it stood after that save. */
export async function insertRevision(
  ctx: DbContext,
  article: Omit<Article, 'created_at' | 'updated_at' | 'slug'> & { slug?: string },
  actor: { userId: number | null; label: string },
): Promise<void> {
  await insertRevisions(ctx, [article], actor);
}

/** The first revisions of many articles (or any revisions), in one statement. */
export async function insertRevisions(
  ctx: DbContext,
  articles: Array<Omit<Article, 'created_at' | 'updated_at' | 'slug'> & { slug?: string }>,
  actor: { userId: number | null; label: string },
): Promise<void> {
  if (articles.length === 0) return;
  const now = Date.now();
  await ctx.db
    .insertInto('article_revisions')
    .values(articles.map((article) => revisionRow(article, actor, now)))
    .execute();
}

function revisionRow(
  article: Omit<Article, 'created_at' | 'updated_at' | 'slug'> & { slug?: string },
  actor: { userId: number | null; label: string },
  now: number,
) {
  const snapshot = {
    section_id: article.section_id,
    unit_id: article.unit_id,
    headline_needs_review: article.headline_needs_review,
    check_reasons: article.check_reasons,
    byline_label: article.byline_label,
    author_name: article.author_name,
    author_unit: article.author_unit,
    status: article.status,
  };
  return {
    article_id: article.id,
    version: article.version,
    headline: article.headline,
    lead: article.lead,
    body_html: article.body_html,
    snapshot_json: JSON.stringify(snapshot),
    user_id: actor.userId,
    actor_label: actor.label,
    created_at: now,
  };
}

export async function listRevisions(ctx: DbContext, articleId: number) {
  return ctx.db
    .selectFrom('article_revisions')
    .select(['id', 'version', 'headline', 'actor_label', 'created_at', 'snapshot_json'])
    .where('article_id', '=', articleId)
    .orderBy('version', 'desc')
    .execute();
}

export async function findRevision(ctx: DbContext, articleId: number, revisionId: number) {
  return ctx.db
    .selectFrom('article_revisions')
    .selectAll()
    .where('article_id', '=', articleId)
    .where('id', '=', revisionId)
    .executeTakeFirst();
}

export async function findArticleById(ctx: DbContext, id: number): Promise<Article | undefined> {
  return ctx.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function imageIdsBySha(ctx: DbContext, shas: string[]): Promise<Map<string, number>> {
  if (shas.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('images').select(['id', 'sha256']).where('sha256', 'in', shas).execute();
  return new Map(rows.map((r) => [r.sha256, Number(r.id)]));
}

export async function insertSection(
  ctx: DbContext,
  values: { unit_id: number | null; slug: string; name: string; sort_order: number },
): Promise<Section> {
  return ctx.db
    .insertInto('sections')
    .values({ ...values, created_at: Date.now() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function sectionSlugs(ctx: DbContext): Promise<Set<string>> {
  const rows = await ctx.db.selectFrom('sections').select('slug').execute();
  return new Set(rows.map((r) => r.slug));
}

export async function countArticlesByStatus(ctx: DbContext, status: ArticleStatus): Promise<number> {
  const row = await ctx.db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', status)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

// --- The newsroom's writes and lists ---------------------------------------------------------------

/** Optimistic lock: applies `set` (with the next version) only to the version the user started from. */
export async function updateArticleAtVersion(ctx: DbContext, id: number, baseVersion: number, set: Partial<Article>): Promise<boolean> {
  const r = await ctx.db
    .updateTable('articles')
    .set({ ...set, version: baseVersion + 1, updated_at: Date.now() })
    .where('id', '=', id)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listDueScheduled(ctx: DbContext, now: number): Promise<Article[]> {
  return ctx.db.selectFrom('articles').selectAll().where('status', '=', 'scheduled').where('published_at', '<=', now).execute();
}

/** Publishes a scheduled article unless someone changed it since it was read; false when it was. */
export async function publishScheduled(ctx: DbContext, article: Article, now: number): Promise<boolean> {
  const r = await ctx.db
    .updateTable('articles')
    .set({ status: 'published', version: article.version + 1, updated_at: now })
    .where('id', '=', article.id)
    .where('status', '=', 'scheduled')
    .where('version', '=', article.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The articles of a scope: of the user's units for its action, and of no unit when the scope reaches those. */
function inArticleScope(eb: ExpressionBuilder<Database & { a: ArticleTable }, 'a'>, user: AuthUser, scope: ArticleScope) {
  const units = eb('a.unit_id', 'in', scopeUnitIds(user, scope.action));
  return scope.unitless ? eb.or([units, eb('a.unit_id', 'is', null)]) : units;
}

/** What the newsroom's list is narrowed to; the text filters are folded (db/search/query indexText). */
export interface ArticleListFilter {
  status: ArticleStatus | null;
  sectionId: number | null;
  /** A unit and every unit below it; `unitless` adds the articles of no unit (the unit owns the portal). */
  unit: { id: number; unitless: boolean } | null;
  headline: string | null;
  author: string | null;
  flagged: boolean;
}

/**
 * One page of the articles of a scope, newest change first, and how many there are. The filters
 * and the order read the `articles_desk` index only (never an article's body); the page's rows are
 * then read by id.
 */
export async function listArticlesInScope(
  ctx: DbContext,
  user: AuthUser,
  scope: ArticleScope,
  filter: ArticleListFilter,
  limit: number,
  offset: number,
) {
  const matching = () => {
    let q = ctx.db.selectFrom('articles as a').where((eb) => inArticleScope(eb, user, scope));
    // Compared as an expression: on the bare column SQLite would walk articles_published (status)
    // and read each article's row, body included, to check its unit; this keeps it on articles_desk.
    if (filter.status) q = q.where(sql<string>`a.status || ''`, '=', filter.status);
    if (filter.sectionId !== null) q = q.where('a.section_id', '=', filter.sectionId);
    if (filter.unit) {
      const { id, unitless } = filter.unit;
      q = q.where((eb) => {
        const below = eb('a.unit_id', 'in', eb.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', id));
        return unitless ? eb.or([below, eb('a.unit_id', 'is', null)]) : below;
      });
    }
    if (filter.headline) q = q.where('a.headline_folded', 'like', `%${filter.headline}%`);
    if (filter.author) q = q.where('a.author_folded', 'like', `%${filter.author}%`);
    if (filter.flagged) q = q.where('a.check_reasons', '>', 0);
    return q;
  };
  const [ids, total] = await Promise.all([
    matching().select('a.id').orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc').limit(limit).offset(offset).execute(),
    matching()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  ]);
  const pageIds = ids.map((r) => Number(r.id));
  const rows =
    pageIds.length === 0
      ? []
      : await ctx.db
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
            'a.check_reasons',
            's.name as section_name',
            'u.short_name as unit_name',
          ])
          .where('a.id', 'in', pageIds)
          .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return { rows: pageIds.flatMap((id) => byId.get(id) ?? []), total: Number(total?.n ?? 0) };
}

/** How many articles of a scope wait for an editor's check. */
export async function countFlaggedInScope(ctx: DbContext, user: AuthUser, scope: ArticleScope): Promise<number> {
  const row = await ctx.db
    .selectFrom('articles as a')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.check_reasons', '>', 0)
    .where((eb) => inArticleScope(eb, user, scope))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Submitted drafts of the editor's scope, the longest waiting first. */
export async function listReviewQueue(ctx: DbContext, user: AuthUser, scope: ArticleScope, limit: number, offset: number) {
  const inQueue = () =>
    ctx.db
      .selectFrom('articles as a')
      .where('a.status', '=', 'submitted')
      .where((eb) => inArticleScope(eb, user, scope));
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
export async function listOwnWork(ctx: DbContext, userId: number, limit: number) {
  return ctx.db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.headline', 'a.status', 'a.updated_at', 'a.review_comment', 's.name as section_name', 'u.short_name as unit_name'])
    .where('a.author_user_id', '=', userId)
    .where('a.status', 'in', ['draft', 'returned'])
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}

/** How many of the user's articles stand at `status` (the index articles_author_status). */
export async function countByAuthor(ctx: DbContext, userId: number, status: ArticleStatus): Promise<number> {
  const row = await ctx.db
    .selectFrom('articles')
    .where('author_user_id', '=', userId)
    .where('status', '=', status)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

// --- Sections ------------------------------------------------------------------------------------

/** Every section in menu order, with its unit's name and its published articles. */
export async function listSectionsWithUnits(ctx: DbContext) {
  const rows = await ctx.db
    .selectFrom('sections as s')
    .leftJoin('units as u', 'u.id', 's.unit_id')
    .selectAll('s')
    .select('u.short_name as unit_name')
    .select(publishedCount)
    .orderBy('s.sort_order')
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({ ...r, unit_name: r.unit_name ?? null, article_count: Number(r.article_count ?? 0) }));
}

export type SectionPatch = Partial<Pick<Section, 'name' | 'sort_order' | 'unit_id'>>;

export async function updateSection(ctx: DbContext, id: number, patch: SectionPatch): Promise<Section> {
  return ctx.db.updateTable('sections').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function listSectionNames(ctx: DbContext): Promise<Array<{ id: number; name: string }>> {
  return ctx.db.selectFrom('sections').select(['id', 'name']).execute();
}

export async function highestSortOrder(ctx: DbContext): Promise<number> {
  const row = await ctx.db
    .selectFrom('sections')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .executeTakeFirst();
  return Number(row?.m ?? 0);
}

/** The articles of `ids` that still exist. */
export async function findArticlesByIds(ctx: DbContext, ids: number[]): Promise<Article[]> {
  if (ids.length === 0) return [];
  return ctx.db.selectFrom('articles').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

/** Deletes articles with their figures and revisions (the search entries are the caller's). */
export async function deleteArticles(ctx: DbContext, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db.deleteFrom('figures').where('article_id', 'in', ids).execute();
  await ctx.db.deleteFrom('article_revisions').where('article_id', 'in', ids).execute();
  await ctx.db.deleteFrom('articles').where('id', 'in', ids).execute();
}

/** How many articles, of any status, a section holds. */
export async function countArticlesInSection(ctx: DbContext, sectionId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('section_id', '=', sectionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteSection(ctx: DbContext, id: number): Promise<void> {
  await ctx.db.deleteFrom('sections').where('id', '=', id).execute();
}
