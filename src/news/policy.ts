import { authorize, can } from '../access/scope.js';
import type { AuthUser, ScopeAction } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { Article, ArticleStatus, Section } from '../db/schema.js';
import { Forbidden, NotFound, UserFacingError } from '../lib/errors.js';
import { findRootUnit, findUnitById } from '../org/repo.js';

/**
 * The newsroom's rules. A writer works on drafts of the units they write for, and may change a
 * draft only until it is sent for review; editors may change it at any stage; publishing and
 * unpublishing are the publisher's. Unpublished articles are read only within one's scope.
 * Sections of a unit belong to that unit's editors, sections of the whole portal to the
 * administrators of the root unit. An article of no unit (one of a section of the whole portal)
 * belongs to the unit that owns the portal, so that unit's reporters, editors and administrators
 * reach it: `mayOnArticle` and `articleScope` are the one place that decides an article's reach.
 */

/**
 * The unit that owns the portal: the root of the union tree (the first unit without a parent,
 * the one `ensureRootUnitIn` creates, named as the site). Null while the tree is empty.
 */
export async function portalOwnerUnitId(ctx: DbContext): Promise<number | null> {
  return (await findRootUnit(ctx))?.id ?? null;
}

/** The unit whose roles reach an article: its own, or the portal owner for an article of no unit. */
export async function articleReachUnit(ctx: DbContext, article: Pick<Article, 'unit_id'>): Promise<number | null> {
  return article.unit_id ?? (await portalOwnerUnitId(ctx));
}

/** Whether the user may `action` on the article: the one decision of an article's reach. */
export async function mayOnArticle(
  ctx: DbContext,
  user: AuthUser,
  action: ScopeAction,
  article: Pick<Article, 'unit_id'>,
): Promise<boolean> {
  return can(ctx, user, action, await articleReachUnit(ctx, article));
}

async function assertOnArticle(ctx: DbContext, user: AuthUser, action: ScopeAction, article: Pick<Article, 'unit_id'>, message?: string) {
  if (!(await mayOnArticle(ctx, user, action, article))) throw new Forbidden(message);
}

/** What a list of articles filters on: the user's units for `action`, and whether articles of no unit are in reach. */
export interface ArticleScope {
  action: ScopeAction;
  unitless: boolean;
}

/** The reach of `action` for lists (the repository turns it into SQL). */
export async function articleScope(ctx: DbContext, user: AuthUser, action: ScopeAction): Promise<ArticleScope> {
  return { action, unitless: await mayOnArticle(ctx, user, action, { unit_id: null }) };
}

/** The stages at which the writer may still change the article. */
export const EDITABLE_BY_WRITER: ArticleStatus[] = ['draft', 'returned'];

/** Refuses (403) an article outside the user's reading scope. */
export async function assertMayRead(ctx: DbContext, user: AuthUser, article: Article): Promise<void> {
  await assertOnArticle(ctx, user, 'article.read', article, 'Bài viết này thuộc đơn vị ngoài phạm vi của bạn.');
}

/** Refuses a draft written for a unit the user does not write for. */
export function assertMayWriteFor(ctx: DbContext, user: AuthUser, unitId: number): Promise<void> {
  return authorize(ctx, user, 'article.write', unitId);
}

/** Refuses a save of `current`, moved to `unitId`, unless the user may edit it at its stage. */
export async function assertMayEdit(ctx: DbContext, user: AuthUser, current: Article, unitId: number): Promise<void> {
  await assertOnArticle(ctx, user, 'article.write', current);
  if (unitId !== current.unit_id) await authorize(ctx, user, 'article.write', unitId);
  if (!EDITABLE_BY_WRITER.includes(current.status) && !(await mayOnArticle(ctx, user, 'article.review', current))) {
    throw new Forbidden('Bài đã gửi duyệt hoặc đã đăng: chỉ biên tập viên mới sửa được.');
  }
}

export const assertMaySubmit = (ctx: DbContext, user: AuthUser, a: Article) => assertOnArticle(ctx, user, 'article.write', a);
export const assertMayReview = (ctx: DbContext, user: AuthUser, a: Article) => assertOnArticle(ctx, user, 'article.review', a);
export const assertMayPublish = (ctx: DbContext, user: AuthUser, a: Article) => assertOnArticle(ctx, user, 'article.publish', a);

/** Refuses a withdrawal unless the user sent the article (and still writes for its unit) or edits for its unit. */
export async function assertMayWithdraw(ctx: DbContext, user: AuthUser, a: Article): Promise<void> {
  await assertOnArticle(ctx, user, 'article.write', a, 'Bài viết này thuộc đơn vị ngoài phạm vi của bạn.');
  if (a.status === 'published') throw new UserFacingError('Bài đã đăng nên không rút lại được nữa; hãy đề nghị biên tập viên gỡ bài.');
  if (a.author_user_id !== user.id && !(await mayOnArticle(ctx, user, 'article.review', a)))
    throw new Forbidden('Chỉ người viết bài hoặc biên tập viên mới rút lại được bài đã gửi duyệt.');
}

export interface ArticleActions {
  edit: boolean;
  submit: boolean;
  withdraw: boolean;
  /** Confirm an imported article's check. */
  confirmCheck: boolean;
  giveBack: boolean;
  publish: boolean;
  unpublish: boolean;
}

/** What the user may do with this article now (which buttons the editing page shows). */
export async function allowedActions(ctx: DbContext, user: AuthUser, article: Article): Promise<ArticleActions> {
  const [write, review, publish] = await Promise.all([
    mayOnArticle(ctx, user, 'article.write', article),
    mayOnArticle(ctx, user, 'article.review', article),
    mayOnArticle(ctx, user, 'article.publish', article),
  ]);
  const writable = EDITABLE_BY_WRITER.includes(article.status);
  return {
    edit: write && (writable || review),
    submit: write && writable,
    withdraw: write && article.status === 'submitted' && (article.author_user_id === user.id || review),
    confirmCheck: review && article.check_reasons !== 0,
    giveBack: review && article.status === 'submitted',
    publish: publish && article.status !== 'published' && article.check_reasons === 0,
    unpublish: publish && (article.status === 'published' || article.status === 'scheduled'),
  };
}

/** Whether the user manages the sections of `unitId` (null: the sections of the whole portal). */
export function mayManageSectionsOf(ctx: DbContext, user: AuthUser, unitId: number | null): Promise<boolean> {
  return can(ctx, user, 'section.manage', unitId);
}

/** Refuses (403) a section change at `unitId`, naming the section and the unit. */
export async function assertMayManageSection(ctx: DbContext, user: AuthUser, unitId: number | null, section?: Section): Promise<void> {
  if (await mayManageSectionsOf(ctx, user, unitId)) return;
  if (unitId === null) {
    throw new Forbidden(
      section
        ? `Chuyên mục “${section.name}” là chuyên mục chung của cổng thông tin: chỉ quản trị viên của đơn vị cấp cao nhất mới thay đổi được.`
        : 'Chỉ quản trị viên của đơn vị cấp cao nhất mới quản lý được chuyên mục chung của cổng thông tin (không thuộc đơn vị nào).',
    );
  }
  const unit = await findUnitById(ctx, unitId);
  if (!unit) throw new NotFound(`Không có đơn vị số ${unitId}.`);
  throw new Forbidden(
    `Bạn không có quyền quản lý ${section ? `chuyên mục “${section.name}”` : 'chuyên mục'} của đơn vị “${unit.short_name}”.`,
  );
}
