import { recordAudit, type Actor } from '../audit/audit.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { Unit, UnitEventKind, UnitVersion } from '../db/schema.js';
import { EARLIEST, formatIsoDate, isValidIsoDate, todayInVietnam } from '../lib/dates.js';
import { UserFacingError } from '../lib/errors.js';
import { refreshSubtreeCounts } from '../members/subtree-counts.js';
import * as repo from './repo.js';
import { unitFieldsSchema, unitInputSchema, type UnitInput } from './schema.js';

/**
 * The union tree changes by dated events: a unit is founded, changed (renamed,
 * reclassified), moved, merged into another, split, dissolved — never deleted.
 * Each event closes the unit's current version and, unless the unit ends, opens
 * a new one; `units` and the closure always show the tree as it stands today.
 */

function parseInput(input: UnitInput) {
  const parsed = unitInputSchema.safeParse(input);
  if (!parsed.success) throw new UserFacingError(parsed.error.issues[0]?.message ?? 'Dữ liệu đơn vị không hợp lệ.');
  return parsed.data;
}

function checkDate(on: string): void {
  if (!isValidIsoDate(on)) throw new UserFacingError(`Ngày hiệu lực "${on}" không hợp lệ.`);
}

async function requireUnit(tx: DbContext, unitId: number): Promise<Unit> {
  const unit = await repo.findUnitById(tx, unitId);
  if (!unit) throw new UserFacingError(`Không có đơn vị số ${unitId}.`);
  return unit;
}

/** The version holding on `on`, refusing an event dated before the unit's last change. */
async function versionForEvent(tx: DbContext, unit: Unit, on: string): Promise<UnitVersion> {
  checkDate(on);
  const open = await repo.findOpenVersion(tx, unit.id);
  if (!open) throw new UserFacingError(`Đơn vị "${unit.short_name}" đã ngừng hoạt động từ ${formatIsoDate(unit.ended_on ?? '')}.`);
  const last = await repo.latestVersionStart(tx, unit.id);
  if (last && on < last) {
    throw new UserFacingError(
      `Đơn vị "${unit.short_name}" đã có thay đổi ngày ${formatIsoDate(last)}: không thể ghi thay đổi có hiệu lực sớm hơn.`,
    );
  }
  return open;
}

async function recordEvent(
  tx: DbContext,
  actor: Actor,
  kind: UnitEventKind,
  unitId: number,
  on: string,
  details: unknown,
  otherUnitId: number | null = null,
  note: string | null = null,
) {
  await repo.insertEvent(tx, {
    kind,
    unit_id: unitId,
    other_unit_id: otherUnitId,
    effective_on: on,
    details_json: JSON.stringify(details),
    note,
    actor_user_id: actor.userId,
    actor_label: actor.label,
    recorded_at: Date.now(),
  });
}

/** Makes `units` and the closure show the version that holds today (events may be dated in the future). */
async function syncToday(tx: DbContext, unitId: number): Promise<void> {
  const today = todayInVietnam();
  const unit = await requireUnit(tx, unitId);
  const now = await repo.versionAsOf(tx, unitId, today);
  if (!now) {
    const ended = unit.ended_on && unit.ended_on <= today;
    if (ended && unit.status === 'active') await repo.syncCurrentRow(tx, unitId, { status: 'dissolved' });
    return;
  }
  const { id: _id, unit_id: _u, valid_from: _f, valid_to: _t, ...fields } = now;
  if (now.parent_id !== unit.parent_id) await repo.moveInClosure(tx, unitId, now.parent_id);
  await repo.syncCurrentRow(tx, unitId, fields);
}

/** Applies every event whose day has come: run daily (and at start) from every app process. */
export async function syncTreeToday(ctx: DbContext): Promise<number> {
  const today = todayInVietnam();
  const due = await ctx.db
    .selectFrom('unit_events')
    .select('unit_id')
    .distinct()
    .where('effective_on', '<=', today)
    .where('unit_id', 'in', ctx.db.selectFrom('units').select('id').where('status', '=', 'active'))
    .execute();
  let changed = 0;
  for (const { unit_id } of due) {
    await inTransaction(ctx, async (tx) => {
      const before = await repo.findUnitById(tx, unit_id);
      await syncToday(tx, unit_id);
      const after = await repo.findUnitById(tx, unit_id);
      if (JSON.stringify(before) !== JSON.stringify(after)) changed++;
    });
  }
  return changed;
}

/** Founds a unit under its parent, in the caller's transaction. */
export async function createUnitIn(tx: DbContext, actor: Actor, input: UnitInput): Promise<Unit> {
  const u = parseInput(input);
  const from = u.foundedOn ?? EARLIEST;
  if (u.parentId !== null) {
    const parent = await requireUnit(tx, u.parentId);
    if (!(await repo.versionAsOf(tx, parent.id, from))) {
      throw new UserFacingError(`Đơn vị cấp trên "${parent.short_name}" không hoạt động vào ngày ${formatIsoDate(from)}.`);
    }
  }
  const fields = {
    parent_id: u.parentId,
    level: u.level,
    unit_type: u.unitType,
    sector: u.sector,
    short_name: u.shortName,
    full_name: u.fullName,
    address: u.address,
    has_womens_committee: u.hasWomensCommittee ? 1 : 0,
  };
  const unit = await repo.insertUnit(tx, { ...fields, sort_order: u.sortOrder, founded_on: u.foundedOn });
  await repo.insertVersion(tx, unit.id, from, fields);
  await repo.insertClosureForLeaf(tx, unit.id, u.parentId);
  await recordEvent(tx, actor, 'found', unit.id, from, fields);
  await recordAudit(tx, { actor, action: 'unit.create', entity: 'unit', entityId: unit.id, unitId: unit.id, after: unit });
  return unit;
}

export const UNIT_FIELD_CHANGES = unitFieldsSchema.partial();
export type UnitChanges = Parameters<typeof UNIT_FIELD_CHANGES.parse>[0];

/** Closes the current version on `on` and opens one with `patch` (or amends it when it began that very day). */
async function changeVersion(tx: DbContext, version: UnitVersion, on: string, patch: Partial<repo.UnitFields>): Promise<void> {
  if (version.valid_from === on) {
    await repo.updateVersion(tx, version.id, patch);
    return;
  }
  await repo.closeVersion(tx, version.id, on);
  const { id: _id, unit_id: _u, valid_from: _f, valid_to: _t, ...fields } = version;
  await repo.insertVersion(tx, version.unit_id, on, { ...fields, ...patch });
}

/** Renames or reclassifies a unit from `on`. */
export async function changeUnitIn(tx: DbContext, actor: Actor, unitId: number, changes: UnitChanges, on: string): Promise<void> {
  const parsed = UNIT_FIELD_CHANGES.safeParse(changes);
  if (!parsed.success) throw new UserFacingError(parsed.error.issues[0]?.message ?? 'Dữ liệu đơn vị không hợp lệ.');
  const c = parsed.data;
  const unit = await requireUnit(tx, unitId);
  const version = await versionForEvent(tx, unit, on);
  const patch: Partial<repo.UnitFields> = {};
  if (c.level !== undefined) patch.level = c.level;
  if (c.shortName !== undefined) patch.short_name = c.shortName;
  if (c.fullName !== undefined) patch.full_name = c.fullName;
  if (c.unitType !== undefined) patch.unit_type = c.unitType;
  if (c.sector !== undefined) patch.sector = c.sector;
  if (c.address !== undefined) patch.address = c.address;
  if (c.hasWomensCommittee !== undefined) patch.has_womens_committee = c.hasWomensCommittee ? 1 : 0;
  await changeVersion(tx, version, on, patch);
  await recordEvent(tx, actor, 'update', unitId, on, patch);
  await recordAudit(tx, {
    actor,
    action: 'unit.update',
    entity: 'unit',
    entityId: unitId,
    unitId,
    before: version,
    after: { ...version, ...patch, valid_from: on },
  });
  await syncToday(tx, unitId);
}

/** Moves a unit (with everything below it) under another parent from `on`. */
export async function moveUnitIn(
  tx: DbContext,
  actor: Actor,
  unitId: number,
  newParentId: number,
  on: string,
  kind: UnitEventKind = 'move',
): Promise<void> {
  const unit = await requireUnit(tx, unitId);
  const version = await versionForEvent(tx, unit, on);
  const parent = await requireUnit(tx, newParentId);
  if (!(await repo.versionAsOf(tx, newParentId, on)))
    throw new UserFacingError(`Đơn vị "${parent.short_name}" không hoạt động vào ngày ${formatIsoDate(on)}.`);
  if ((await repo.subtreeIdsAsOf(tx, unitId, on)).includes(newParentId)) {
    throw new UserFacingError(`Không thể chuyển "${unit.short_name}" về trực thuộc "${parent.short_name}": đơn vị này đang ở dưới nó.`);
  }
  if (version.parent_id === newParentId) return;
  await changeVersion(tx, version, on, { parent_id: newParentId });
  await refreshSubtreeCounts(tx, [unitId]);
  await recordEvent(tx, actor, kind, unitId, on, { from_parent_id: version.parent_id, to_parent_id: newParentId }, newParentId);
  await recordAudit(tx, {
    actor,
    action: 'unit.move',
    entity: 'unit',
    entityId: unitId,
    unitId,
    before: { parent_id: version.parent_id },
    after: { parent_id: newParentId, valid_from: on },
  });
  await syncToday(tx, unitId);
}

/** Ends a unit from `on`. Units still under it must be moved or dissolved first. */
export async function dissolveUnitIn(
  tx: DbContext,
  actor: Actor,
  unitId: number,
  on: string,
  note: string | null = null,
  kind: 'dissolve' | 'merge' = 'dissolve',
  survivorId: number | null = null,
): Promise<void> {
  const unit = await requireUnit(tx, unitId);
  const version = await versionForEvent(tx, unit, on);
  const children = await repo.childrenAsOf(tx, unitId, on);
  if (children.length > 0) {
    const names = children
      .slice(0, 5)
      .map((c) => c.short_name)
      .join(', ');
    throw new UserFacingError(
      `Đơn vị "${unit.short_name}" còn ${children.length} đơn vị trực thuộc vào ngày ${formatIsoDate(on)} (${names}${children.length > 5 ? ', …' : ''}): hãy chuyển hoặc giải thể các đơn vị này trước.`,
    );
  }
  if (version.valid_from === on) await tx.db.deleteFrom('unit_versions').where('id', '=', version.id).execute();
  else await repo.closeVersion(tx, version.id, on);
  await refreshSubtreeCounts(tx, [unitId]);
  await repo.syncCurrentRow(tx, unitId, {
    ended_on: on,
    ...(on <= todayInVietnam() ? { status: kind === 'merge' ? 'merged' : 'dissolved' } : {}),
  });
  await recordEvent(tx, actor, kind, unitId, on, { parent_id: version.parent_id }, survivorId, note);
  await recordAudit(tx, {
    actor,
    action: kind === 'merge' ? 'unit.merge' : 'unit.dissolve',
    entity: 'unit',
    entityId: unitId,
    unitId,
    before: version,
    after: { ended_on: on, survivor_id: survivorId },
  });
}

/**
 * Merges units into a survivor from `on`: their sub-units move under the
 * survivor, their records (sections, articles, accounts) pass to it, and they end.
 * Members move with `moveMembers` when the member registry provides it.
 */
export async function mergeUnitsIn(
  tx: DbContext,
  actor: Actor,
  sourceIds: number[],
  survivorId: number,
  on: string,
  moveMembers?: (tx: DbContext, fromUnitId: number, toUnitId: number, on: string) => Promise<void>,
): Promise<void> {
  const survivor = await requireUnit(tx, survivorId);
  if (sourceIds.includes(survivorId)) throw new UserFacingError('Đơn vị được giữ lại không thể đồng thời là đơn vị bị sáp nhập.');
  for (const sourceId of sourceIds) {
    const source = await requireUnit(tx, sourceId);
    for (const child of await repo.childrenAsOf(tx, sourceId, on)) await moveUnitIn(tx, actor, child.unit_id, survivor.id, on, 'merge');
    await moveMembers?.(tx, sourceId, survivor.id, on);
    await tx.db.updateTable('sections').set({ unit_id: survivor.id }).where('unit_id', '=', sourceId).execute();
    await tx.db.updateTable('articles').set({ unit_id: survivor.id }).where('unit_id', '=', sourceId).execute();
    await dissolveUnitIn(tx, actor, source.id, on, `Sáp nhập vào ${survivor.short_name}`, 'merge', survivor.id);
  }
}

export interface SplitPart {
  input: Omit<UnitInput, 'parentId' | 'foundedOn'>;
  childIds: number[];
}

/**
 * Splits a unit from `on` into new units under the same parent; each part takes
 * the sub-units listed for it. The source ends unless `keepSource`.
 */
export async function splitUnitIn(
  tx: DbContext,
  actor: Actor,
  sourceId: number,
  parts: SplitPart[],
  on: string,
  keepSource = false,
): Promise<Unit[]> {
  const source = await requireUnit(tx, sourceId);
  const version = await versionForEvent(tx, source, on);
  if (parts.length === 0) throw new UserFacingError('Cần ít nhất một đơn vị mới khi chia tách.');
  const made: Unit[] = [];
  for (const part of parts) {
    const unit = await createUnitIn(tx, actor, { ...part.input, parentId: version.parent_id, foundedOn: on });
    for (const childId of part.childIds) await moveUnitIn(tx, actor, childId, unit.id, on, 'split');
    made.push(unit);
  }
  await recordEvent(tx, actor, 'split', sourceId, on, { into: made.map((u) => u.id) });
  if (!keepSource) await dissolveUnitIn(tx, actor, sourceId, on, `Chia tách thành ${made.map((u) => u.short_name).join(', ')}`);
  return made;
}

/**
 * The root of the tree: the first unit without a parent, created (as a province
 * federation named `name`) when the tree is empty. Articles that hang off no
 * unit (old pages imported before the tree existed) are given to it; sections
 * without a unit stay site-wide.
 */
export async function ensureRootUnitIn(tx: DbContext, actor: Actor, name: string): Promise<Unit> {
  const existing = await repo.findRootUnit(tx);
  const root = existing ?? (await createUnitIn(tx, actor, { parentId: null, level: 'province', shortName: name, fullName: name }));
  await tx.db.updateTable('articles').set({ unit_id: root.id }).where('unit_id', 'is', null).execute();
  return root;
}
