import type { AuditAction } from '../audit/actions.js';
import { recordAudit } from '../audit/audit.js';
import { grantUnitsFor, type AuthUser } from '../access/user.js';
import { permittedUnits } from '../access/scope.js';
import { actorOf } from '../auth/service.js';
import { bumpContentVersion, inTransaction, type DbContext } from '../db/context.js';
import type { Section, Unit } from '../db/schema.js';
import { NotFound, UserFacingError } from '../lib/errors.js';
import { fold, foldedWords } from '../lib/fold.js';
import { formatNumber } from '../lib/format.js';
import { slugify, uniqueSlug } from '../lib/slug.js';
import { findUnitById, listUnitsInScope } from '../org/repo.js';
import { assertMayManageSection, mayManageSectionsOf } from './policy.js';
import * as repo from './repo.js';
import { MAX_SECTION_NAME_CHARS, MAX_SORT_ORDER, type NewSection } from './schema.js';

/**
 * Editors create, rename and order the portal's sections, and say which unit a section
 * belongs to. A section keeps its slug for life, so old links keep working; sections are
 * never deleted, because articles point at them.
 */

const SORT_STEP = 10;

/** A section as the management page lists it. */
export interface ManagedSection extends Section {
  unit_name: string | null;
  article_count: number;
  /** The user may rename, reorder and reassign it. */
  manageable: boolean;
}

export interface SectionChange {
  before: Section;
  after: Section;
}

/** Every section in menu order, with its unit's name, its published articles and whether `user` may change it. */
export async function listSectionsForManagement(ctx: DbContext, user: AuthUser): Promise<ManagedSection[]> {
  const rows = await repo.listSectionsWithUnits(ctx);
  const permitted = await permittedUnits(
    ctx,
    user,
    'section.manage',
    rows.flatMap((r) => (r.unit_id === null ? [] : [r.unit_id])),
  );
  const general = await mayManageSectionsOf(ctx, user, null);
  return rows.map((r) => ({ ...r, manageable: r.unit_id === null ? general : permitted.has(r.unit_id) }));
}

/** The management page: the sections, the active units the user may give them to, and whether they manage the portal's own. */
export async function sectionsPage(
  ctx: DbContext,
  user: AuthUser,
): Promise<{ sections: ManagedSection[]; units: Unit[]; general: boolean }> {
  const [sections, scope, general] = await Promise.all([
    listSectionsForManagement(ctx, user),
    listUnitsInScope(ctx, grantUnitsFor(user, 'section.manage')),
    mayManageSectionsOf(ctx, user, null),
  ]);
  return { sections, units: scope.filter((u) => u.status === 'active'), general };
}

export type { SectionWithCount } from './repo.js';

/** The sections in menu order with their published articles (the portal's section bar). */
export const listSectionsWithCounts = repo.listSectionsWithCounts;

export async function createSection(ctx: DbContext, user: AuthUser, input: NewSection): Promise<Section> {
  const name = cleanName(input.name);
  if (input.sortOrder !== null) checkSortOrder(input.sortOrder, null);
  return writing(ctx, async (tx) => {
    await assertMayManageSection(tx, user, input.unitId);
    await refuseTakenName(tx, name, null);
    await checkUnit(tx, input.unitId, null);
    const slug = uniqueSlug(slugify(name, 60), await repo.sectionSlugs(tx));
    const sortOrder = input.sortOrder ?? Math.min(MAX_SORT_ORDER, (await repo.highestSortOrder(tx)) + SORT_STEP);
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
export async function setSectionUnit(
  ctx: DbContext,
  user: AuthUser,
  sectionId: number,
  unitId: number | null,
): Promise<SectionChange & { unit: Unit | null }> {
  const change = await changeSection(ctx, user, sectionId, 'section.set_unit', async (tx, section) => {
    if (section.unit_id === unitId) return null;
    await assertMayManageSection(tx, user, unitId);
    await checkUnit(tx, unitId, section.id);
    return { unit_id: unitId };
  });
  const unitNow = change.after.unit_id;
  return { ...change, unit: unitNow === null ? null : ((await findUnitById(ctx, unitNow)) ?? null) };
}

/** Loads the section, checks the user's scope, applies what `decide` returns (nothing when it returns null) and records it. */
function changeSection(
  ctx: DbContext,
  user: AuthUser,
  sectionId: number,
  action: AuditAction,
  decide: (tx: DbContext, section: Section) => Promise<repo.SectionPatch | null>,
): Promise<SectionChange> {
  return writing(ctx, async (tx) => {
    const before = await repo.findSectionById(tx, sectionId);
    if (!before) throw new NotFound(`Không có chuyên mục số ${sectionId}.`);
    await assertMayManageSection(tx, user, before.unit_id, before);
    const patch = await decide(tx, before);
    if (!patch) return { before, after: before };
    const after = await repo.updateSection(tx, sectionId, patch);
    const changed = Object.keys(patch) as Array<keyof repo.SectionPatch>;
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
  const rows = await repo.listSectionNames(tx);
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
