import type { AuditAction } from '../audit/actions.js';
import { recordAudit } from '../audit/audit.js';
import { type AuthUser } from '../access/user.js';
import { can, permittedUnits } from '../access/scope.js';
import { Forbidden } from '../lib/errors.js';
import { actorOf } from '../auth/service.js';
import { bumpContentVersion, inTransaction, type DbContext } from '../db/context.js';
import type { Section } from '../db/schema.js';
import { NotFound, UserFacingError } from '../lib/errors.js';
import { fold, foldedWords } from '../lib/fold.js';
import { formatNumber } from '../lib/format.js';
import { slugify, uniqueSlug } from '../lib/slug.js';
import { findUnitById } from '../org/repo.js';
import * as repo from './repo.js';

/**
 * Editors create, rename and order the portal's sections, and say which unit a section
 * belongs to. A section keeps its slug for life, so old links keep working; sections are
 * never deleted, because articles point at them.
 */

export const MAX_SECTION_NAME_CHARS = 200;
export const MAX_SORT_ORDER = 99_999;
const SORT_STEP = 10;

/** A section as the management page lists it. */
export interface ManagedSection extends Section {
  unit_name: string | null;
  article_count: number;
  /** The user may rename, reorder and reassign it. */
  manageable: boolean;
}

export interface NewSection {
  name: string;
  unitId: number | null;
  sortOrder: number | null;
}
export interface SectionChange {
  before: Section;
  after: Section;
}

/** Every section in menu order, with its unit's name, its published articles and whether `user` may change it. */
export async function listSectionsForManagement(ctx: DbContext, user: AuthUser): Promise<ManagedSection[]> {
  const rows = await ctx.db
    .selectFrom('sections as s')
    .leftJoin('units as u', 'u.id', 's.unit_id')
    .selectAll('s')
    .select('u.short_name as unit_name')
    .select((eb) =>
      eb
        .selectFrom('articles as a')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('a.section_id', '=', 's.id')
        .where('a.status', '=', 'published')
        .as('article_count'),
    )
    .orderBy('s.sort_order')
    .orderBy('s.id')
    .execute();
  const permitted = await permittedUnits(
    ctx,
    user,
    'section.manage',
    rows.flatMap((r) => (r.unit_id === null ? [] : [r.unit_id])),
  );
  const general = await can(ctx, user, 'section.manage', null);
  return rows.map((r) => ({
    ...r,
    unit_name: r.unit_name ?? null,
    article_count: Number(r.article_count ?? 0),
    manageable: r.unit_id === null ? general : permitted.has(r.unit_id),
  }));
}

export async function createSection(ctx: DbContext, user: AuthUser, input: NewSection): Promise<Section> {
  const name = cleanName(input.name);
  if (input.sortOrder !== null) checkSortOrder(input.sortOrder, null);
  return writing(ctx, async (tx) => {
    await authorizeAt(tx, user, input.unitId);
    await refuseTakenName(tx, name, null);
    await checkUnit(tx, input.unitId, null);
    const slug = uniqueSlug(slugify(name, 60), await repo.sectionSlugs(tx));
    const sortOrder = input.sortOrder ?? Math.min(MAX_SORT_ORDER, (await highestSortOrder(tx)) + SORT_STEP);
    const section = await repo.insertSection(tx, { unit_id: input.unitId, slug, name, sort_order: sortOrder });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'section.create',
      entity: 'section',
      entityId: section.id,
      unitId: section.unit_id,
      after: section,
    });
    return section;
  });
}

/** A new name; the slug stays, so links to the section keep working. */
export async function renameSection(ctx: DbContext, user: AuthUser, sectionId: number, rawName: string): Promise<SectionChange> {
  const name = cleanName(rawName);
  return changeSection(ctx, user, sectionId, 'section.rename', async (tx, section) => {
    if (section.name === name) return null;
    await refuseTakenName(tx, name, section.id);
    return { name };
  });
}

/** Where the section stands in the menu: smaller numbers first, equal numbers in the order they were made. */
export async function setSectionOrder(ctx: DbContext, user: AuthUser, sectionId: number, sortOrder: number | null): Promise<SectionChange> {
  return changeSection(ctx, user, sectionId, 'section.reorder', async (_tx, section) => {
    checkSortOrder(sortOrder, section);
    return section.sort_order === sortOrder ? null : { sort_order: sortOrder };
  });
}

/** Gives the section to a unit, or (`null`) makes it a section of the whole portal. */
export async function setSectionUnit(ctx: DbContext, user: AuthUser, sectionId: number, unitId: number | null): Promise<SectionChange> {
  return changeSection(ctx, user, sectionId, 'section.set_unit', async (tx, section) => {
    if (section.unit_id === unitId) return null;
    await authorizeAt(tx, user, unitId);
    await checkUnit(tx, unitId, section.id);
    return { unit_id: unitId };
  });
}

type SectionPatch = Partial<Pick<Section, 'name' | 'sort_order' | 'unit_id'>>;

/** Loads the section, checks the user's scope, applies what `decide` returns (nothing when it returns null) and records it. */
function changeSection(
  ctx: DbContext,
  user: AuthUser,
  sectionId: number,
  action: AuditAction,
  decide: (tx: DbContext, section: Section) => Promise<SectionPatch | null>,
): Promise<SectionChange> {
  return writing(ctx, async (tx) => {
    const before = await repo.findSectionById(tx, sectionId);
    if (!before) throw new NotFound(`Không có chuyên mục số ${sectionId}.`);
    await authorizeAt(tx, user, before.unit_id, before);
    const patch = await decide(tx, before);
    if (!patch) return { before, after: before };
    const after = await tx.db.updateTable('sections').set(patch).where('id', '=', sectionId).returningAll().executeTakeFirstOrThrow();
    const changed = Object.keys(patch) as Array<keyof SectionPatch>;
    await recordAudit(tx, {
      actor: actorOf(user),
      action,
      entity: 'section',
      entityId: sectionId,
      unitId: after.unit_id ?? before.unit_id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return { before, after };
  });
}

/**
 * One transaction per change. It bumps the content version first: sections show on every
 * public page, and the update locks the one content-version row, so two section writes run
 * one after the other and the second sees the names and units the first wrote.
 */
function writing<T>(ctx: DbContext, work: (tx: DbContext) => Promise<T>): Promise<T> {
  return inTransaction(ctx, async (tx) => {
    await bumpContentVersion(tx);
    return work(tx);
  });
}

/** Sections of a unit belong to that unit's editors; sections of the whole portal to the administrators of the root. */
async function authorizeAt(tx: DbContext, user: AuthUser, unitId: number | null, section?: Section): Promise<void> {
  if (await can(tx, user, 'section.manage', unitId)) return;
  if (unitId === null) {
    throw new Forbidden(
      section
        ? `Chuyên mục “${section.name}” là chuyên mục chung của cổng thông tin: chỉ quản trị viên của đơn vị cấp cao nhất mới thay đổi được.`
        : 'Chỉ quản trị viên của đơn vị cấp cao nhất mới quản lý được chuyên mục chung của cổng thông tin (không thuộc đơn vị nào).',
    );
  }
  const unit = await findUnitById(tx, unitId);
  if (!unit) throw new NotFound(`Không có đơn vị số ${unitId}.`);
  throw new Forbidden(
    `Bạn không có quyền quản lý ${section ? `chuyên mục “${section.name}”` : 'chuyên mục'} của đơn vị “${unit.short_name}”.`,
  );
}

function cleanName(raw: string): string {
  const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!name) throw new UserFacingError('Cần nhập tên chuyên mục.');
  const length = [...name].length;
  if (length > MAX_SECTION_NAME_CHARS) {
    throw new UserFacingError(`Tên chuyên mục dài ${formatNumber(length)} ký tự: tối đa ${formatNumber(MAX_SECTION_NAME_CHARS)} ký tự.`);
  }
  if (/\p{Cc}/u.test(name)) throw new UserFacingError('Tên chuyên mục có ký tự điều khiển không hợp lệ.');
  if (foldedWords(name).length === 0) throw new UserFacingError(`Tên chuyên mục “${name}” cần có ít nhất một chữ cái hoặc chữ số.`);
  return name;
}

function checkSortOrder(sortOrder: number | null, section: Section | null): asserts sortOrder is number {
  const where = section ? `Chuyên mục “${section.name}”: t` : 'T';
  if (sortOrder === null) throw new UserFacingError(`${where}hứ tự cần được nhập.`);
  if (!Number.isInteger(sortOrder) || sortOrder < 0 || sortOrder > MAX_SORT_ORDER) {
    throw new UserFacingError(`${where}hứ tự phải là số nguyên từ 0 đến ${formatNumber(MAX_SORT_ORDER)}.`);
  }
}

/** Names differing only in case, spacing or diacritics ("Tin tức", "tin tuc") would look alike in the menu. */
async function refuseTakenName(tx: DbContext, name: string, exceptId: number | null): Promise<void> {
  const key = nameKey(name);
  const rows = await tx.db.selectFrom('sections').select(['id', 'name']).execute();
  const clash = rows.find((s) => s.id !== exceptId && nameKey(s.name) === key);
  if (!clash) return;
  if (clash.name === name) throw new UserFacingError(`Đã có chuyên mục “${clash.name}”: hãy chọn tên khác.`);
  throw new UserFacingError(
    `Tên “${name}” trùng với chuyên mục “${clash.name}” đã có (chỉ khác chữ hoa, chữ thường hoặc dấu): hãy chọn tên khác.`,
  );
}

const nameKey = (name: string) => fold(name).replace(/\s+/g, ' ').trim();

async function checkUnit(tx: DbContext, unitId: number | null, sectionId: number | null): Promise<void> {
  if (unitId === null) return;
  const unit = await findUnitById(tx, unitId);
  if (!unit) throw new NotFound(`Không có đơn vị số ${unitId}.`);
  if (unit.status !== 'active')
    throw new UserFacingError(`Đơn vị “${unit.short_name}” đã ngừng hoạt động: không gán chuyên mục cho đơn vị này được.`);
  const own = await repo.findSectionOfUnit(tx, unitId);
  if (own && own.id !== sectionId) throw new UserFacingError(`Đơn vị “${unit.short_name}” đã có chuyên mục riêng là “${own.name}”.`);
}

async function highestSortOrder(tx: DbContext): Promise<number> {
  const row = await tx.db
    .selectFrom('sections')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .executeTakeFirst();
  return Number(row?.m ?? 0);
}
