import { sql } from 'kysely';
import type { DbContext } from '../db/context.js';
import type { Article, Section } from '../db/schema.js';

/** Every SQL statement of the public portal: what readers see is published articles only. */

export interface ArticleSummary {
  id: number;
  slug: string;
  headline: string;
  lead: string;
  published_at: number | null;
  section_id: number;
  author_name: string | null;
  thumb_sha: string | null;
  thumb_caption: string | null;
}

const summaryColumns = ['a.id', 'a.slug', 'a.headline', 'a.lead', 'a.published_at', 'a.section_id', 'a.author_name'] as const;

function withThumb(ctx: DbContext) {
  return ctx.db
    .selectFrom('articles as a')
    .select(summaryColumns)
    .select((eb) => [
      eb
        .selectFrom('figures as f')
        .innerJoin('images as i', 'i.id', 'f.image_id')
        .select('i.sha256')
        .whereRef('f.article_id', '=', 'a.id')
        .orderBy('f.position')
        .limit(1)
        .as('thumb_sha'),
      eb
        .selectFrom('figures as f')
        .select('f.caption')
        .whereRef('f.article_id', '=', 'a.id')
        .where('f.image_id', 'is not', null)
        .orderBy('f.position')
        .limit(1)
        .as('thumb_caption'),
    ]);
}

export async function findSectionBySlug(ctx: DbContext, slug: string): Promise<Section | undefined> {
  return ctx.db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findSectionById(ctx: DbContext, id: number): Promise<Section | undefined> {
  return ctx.db.selectFrom('sections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countPublishedInSection(ctx: DbContext, sectionId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('section_id', '=', sectionId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listPublishedInSection(ctx: DbContext, sectionId: number, limit: number, offset: number): Promise<ArticleSummary[]> {
  return withThumb(ctx)
    .where('a.section_id', '=', sectionId)
    .where('a.status', '=', 'published')
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function listLatestPublished(ctx: DbContext, limit: number): Promise<ArticleSummary[]> {
  return withThumb(ctx)
    .where('a.status', '=', 'published')
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}

/** The newest `perSection` published articles of every section, in one query. */
export async function listLatestPerSection(ctx: DbContext, perSection: number): Promise<ArticleSummary[]> {
  const ranked = ctx.db
    .selectFrom('articles')
    .select(['id'])
    .select(sql<number>`row_number() over (partition by section_id order by published_at desc, id desc)`.as('rn'))
    .where('status', '=', 'published');
  return withThumb(ctx)
    .where('a.id', 'in', ctx.db.selectFrom(ranked.as('r')).select('r.id').where('r.rn', '<=', perSection))
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
}

export async function listSummariesByIds(ctx: DbContext, ids: number[]): Promise<ArticleSummary[]> {
  if (ids.length === 0) return [];
  const rows = await withThumb(ctx).where('a.id', 'in', ids).where('a.status', '=', 'published').execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function findPublishedBySlug(ctx: DbContext, slug: string): Promise<Article | undefined> {
  return ctx.db.selectFrom('articles').selectAll().where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst();
}

export async function listFiguresOf(ctx: DbContext, articleId: number) {
  return ctx.db
    .selectFrom('figures as f')
    .leftJoin('images as i', 'i.id', 'f.image_id')
    .select(['f.id', 'f.position', 'f.caption', 'f.source_name', 'i.sha256', 'i.width', 'i.height'])
    .where('f.article_id', '=', articleId)
    .orderBy('f.position')
    .execute();
}

export async function listPublishedForSitemap(ctx: DbContext, limit: number) {
  return ctx.db
    .selectFrom('articles')
    .select(['slug', 'updated_at'])
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
}

export async function listForFeed(ctx: DbContext, sectionId: number | null, limit: number) {
  let q = ctx.db
    .selectFrom('articles')
    .select(['id', 'slug', 'headline', 'lead', 'published_at', 'updated_at', 'author_name', 'section_id'])
    .where('status', '=', 'published');
  if (sectionId !== null) q = q.where('section_id', '=', sectionId);
  return q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function listBodiesByIds(ctx: DbContext, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('articles').select(['id', 'body_html']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.body_html]));
}
