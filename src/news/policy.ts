import { authorize, can } from '../access/scope.js';
import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { Article, ArticleStatus, Section } from '../db/schema.js';
import { Forbidden, NotFound } from '../lib/errors.js';
import { findUnitById } from '../org/repo.js';

/**
 * The newsroom's rules. A writer works on drafts of the units they write for, and may change a
 * draft only until it is sent for review; editors may change it at any stage; publishing and
 * unpublishing are the publisher's. Unpublished articles are read only within one's scope.
 * Sections of a unit belong to that unit's editors, sections of the whole portal to the
 * administrators of the root unit.
 */

/** The stages at which the writer may still change the article. */
export const EDITABLE_BY_WRITER: ArticleStatus[] = ['draft', 'returned'];

/** Refuses (403) an article outside the user's reading scope. */
export async function assertMayRead(ctx: DbContext, user: AuthUser, article: Article): Promise<void> {
  if (!(await can(ctx, user, 'article.read', article.unit_id))) throw new Forbidden('Bài viết này thuộc đơn vị ngoài phạm vi của bạn.');
}

/** Refuses a draft written for a unit the user does not write for. */
export function assertMayWriteFor(ctx: DbContext, user: AuthUser, unitId: number): Promise<void> {
  return authorize(ctx, user, 'article.write', unitId);
}

/** Refuses a save of `current`, moved to `unitId`, unless the user may edit it at its stage. */
export async function assertMayEdit(ctx: DbContext, user: AuthUser, current: Article, unitId: number): Promise<void> {
  await authorize(ctx, user, 'article.write', current.unit_id);
  await authorize(ctx, user, 'article.write', unitId);
  if (!EDITABLE_BY_WRITER.includes(current.status) && !(await can(ctx, user, 'article.review', current.unit_id))) {
    throw new Forbidden('Bài đã gửi duyệt hoặc đã đăng: chỉ biên tập viên mới sửa được.');
  }
}

export const assertMaySubmit = (ctx: DbContext, user: AuthUser, a: Article) => authorize(ctx, user, 'article.write', a.unit_id);
export const assertMayReview = (ctx: DbContext, user: AuthUser, a: Article) => authorize(ctx, user, 'article.review', a.unit_id);
export const assertMayPublish = (ctx: DbContext, user: AuthUser, a: Article) => authorize(ctx, user, 'article.publish', a.unit_id);

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
