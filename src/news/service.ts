import { recordAudit, type Actor } from '../audit/audit.js';
import { bumpContentVersion, inTransaction, type DbContext } from '../db/context.js';
import { indexArticle } from '../db/search/index.js';
import type { Section } from '../db/schema.js';
import { slugify, uniqueSlug } from '../lib/slug.js';
import * as repo from './repo.js';
import { htmlToText, sanitizeArticleHtml } from './sanitize.js';
import { articleInputSchema, type ArticleInput } from './schema.js';

/** Creates an article with its figures, in the caller's transaction. Returns its id and slug. */
export async function createArticleIn(tx: DbContext, actor: Actor, input: ArticleInput): Promise<{ id: number; slug: string }> {
  const a = articleInputSchema.parse(input);
  const section = await repo.findSectionById(tx, a.sectionId);
  if (!section) throw new Error(`Không có chuyên mục số ${a.sectionId}.`);
  const base = slugify(a.headline);
  const slug = uniqueSlug(base, await repo.slugsStartingWith(tx, base));
  const bodyHtml = sanitizeArticleHtml(a.bodyHtml);
  const now = Date.now();
  const publishedAt = a.status === 'published' ? (a.publishedAt ?? now) : a.publishedAt;
  const values = {
    section_id: a.sectionId,
    slug,
    headline: a.headline,
    headline_needs_review: a.headlineNeedsReview ? 1 : 0,
    lead: a.lead,
    body_html: bodyHtml,
    byline_label: a.byline?.label ?? null,
    author_name: a.byline?.author ?? null,
    author_unit: a.byline?.unit ?? null,
    status: a.status,
    published_at: publishedAt,
    created_at: now,
    updated_at: now,
    source_key: a.sourceKey,
    unit_id: a.unitId ?? section.unit_id,
    author_user_id: actor.userId,
    version: 1,
    review_comment: null,
    submitted_at: null,
  };
  const id = await repo.insertArticle(tx, values);
  await repo.replaceFigures(tx, id, a.figures);
  await repo.insertRevision(tx, { ...values, id }, actor);
  if (a.status === 'published') {
    await indexArticle(tx.db, tx.dialect, id, { headline: a.headline, lead: a.lead, body: htmlToText(bodyHtml) });
    await bumpContentVersion(tx);
  }
  await recordAudit(tx, {
    actor,
    action: 'article.create',
    entity: 'article',
    entityId: id,
    unitId: section.unit_id,
    after: { ...values, figures: a.figures },
  });
  return { id, slug };
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
