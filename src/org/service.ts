import { permittedUnits } from '../access/scope.js';
import { grantUnitsFor, type AuthUser, type ScopeAction } from '../access/user.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { accountsAtUnit, actorOf, type AccountAtUnit } from '../auth/service.js';
import * as careRepo from '../care/repo.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { Unit, UnitEvent, UnitEventKind, UnitVersion } from '../db/schema.js';
import { addDays, EARLIEST, formatIsoDate, isValidIsoDate, todayInVietnam } from '../lib/dates.js';
import { NotFound, UserFacingError } from '../lib/errors.js';
import * as fundsRepo from '../funds/repo.js';
import { subtreeCountAsOf } from '../members/counts-repo.js';
import { closeTransferRequestsOfEndedUnitIn, moveAllMembersIn, refreshSubtreeCounts } from '../members/service.js';
import { waitingRequestsAt } from '../members/transfer-repo.js';
import { FieldError, parseInput } from '../web/parse.js';
import { authorizeTreeChange, authorizeUnitRead, mayManageUnit } from './policy.js';
import * as repo from './repo.js';
import {
  unitFieldsSchema,
  unitInputSchema,
  type ChangeUnitInput,
  type DissolveUnitInput,
  type MergeUnitInput,
  type MoveUnitInput,
  type SplitUnitInput,
  type UnitInput,
} from './schema.js';

/**
 * The union tree changes by dated events: a unit is founded, changed (renamed,
 * reclassified), moved, merged into another, split, dissolved — never deleted.
 * Each event closes the unit's current version and, unless the unit ends, opens
 * a new one; `units` and the closure always show the tree as it stands today
 * (an event dated in the future reaches them on its day, by `syncTreeToday`).
 *
 * The `…In` functions run in the caller's transaction (the command line, other areas,
 * tests); the commands below them check the user's rights and run one transaction each.
 */

function checkDate(on: string): void {
  if (!isValidIsoDate(on)) throw new FieldError(`Ngày hiệu lực "${on}" không hợp lệ.`, 'on');
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

const CURRENT_FIELDS = [
  'parent_id',
  'level',
  'unit_type',
  'sector',
  'short_name',
  'full_name',
  'address',
  'has_womens_committee',
] as const satisfies readonly (keyof repo.UnitFields)[];

/** What of today's row differs from the version that holds today (null: nothing). */
function currentRowPatch(unit: Unit, version: UnitVersion): Partial<repo.UnitFields> | null {
  const patch: Record<string, unknown> = {};
  for (const field of CURRENT_FIELDS) if (unit[field] !== version[field]) patch[field] = version[field];
  return Object.keys(patch).length ? (patch as Partial<repo.UnitFields>) : null;
}

/**
 * Makes `units` and the closure show, for these units, the versions that hold on `today`;
 * gives how many units changed. Moved subtrees are all taken off the closure before any is
 * hung again, so units moved on the same day may be handled in any order (re-hanging one by
 * one could hang a unit under one still below it).
 */
async function applyToday(tx: DbContext, unitIds: number[], today: string): Promise<number> {
  if (unitIds.length === 0) return 0;
  const units = await repo.findUnitsByIds(tx, unitIds);
  const versionOf = new Map((await repo.versionsAsOf(tx, unitIds, today)).map((v) => [v.unit_id, v]));
  const moved = units.flatMap((u) => {
    const v = versionOf.get(u.id);
    return v && v.parent_id !== u.parent_id ? [{ unitId: u.id, parentId: v.parent_id }] : [];
  });
  for (const m of moved) await repo.moveInClosure(tx, m.unitId, null);
  for (const m of moved) if (m.parentId !== null) await repo.moveInClosure(tx, m.unitId, m.parentId);
  const ended = units.filter((u) => !versionOf.has(u.id) && u.status === 'active' && u.ended_on !== null && u.ended_on <= today);
  let changed = 0;
  for (const unit of units) {
    const version = versionOf.get(unit.id);
    const patch = version ? currentRowPatch(unit, version) : null;
    if (!patch) continue;
    await repo.syncCurrentRow(tx, unit.id, patch);
    changed++;
  }
  const endings = await repo.lastEventKinds(
    tx,
    ended.map((u) => u.id),
  );
  for (const unit of ended) {
    await repo.syncCurrentRow(tx, unit.id, { status: endings.get(unit.id) === 'merge' ? 'merged' : 'dissolved' });
    changed++;
  }
  return changed;
}

/**
 * Applies the events that fell due since the last run (dated after the last sync date, up to
 * today): run at start and after each midnight, from every app process. Only the units of
 * those events are read; the run that moves the sync date applies them, in the same
 * transaction, and any other run finds the date moved and does nothing.
 */
export async function syncTreeToday(ctx: DbContext, now = new Date()): Promise<number> {
  const today = todayInVietnam(now);
  return inTransaction(ctx, async (tx) => {
    const last = await repo.readTreeSyncDate(tx);
    if (last >= today || !(await repo.claimTreeSync(tx, last, today))) return 0;
    return applyToday(tx, await repo.unitsWithEventsBetween(tx, last, today), today);
  });
}

/** Founds a unit under its parent, in the caller's transaction. */
export async function createUnitIn(tx: DbContext, actor: Actor, input: UnitInput): Promise<Unit> {
  const u = parseInput(unitInputSchema, input);
  const from = u.foundedOn ?? EARLIEST;
  if (u.parentId !== null) {
    const parent = await requireUnit(tx, u.parentId);
    if (!(await repo.versionAsOf(tx, parent.id, from))) {
      throw new FieldError(`Đơn vị cấp trên "${parent.short_name}" không hoạt động vào ngày ${formatIsoDate(from)}.`, 'on');
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
  const c = parseInput(UNIT_FIELD_CHANGES, changes);
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
  await applyToday(tx, [unitId], todayInVietnam());
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
    throw new FieldError(`Đơn vị "${parent.short_name}" không hoạt động vào ngày ${formatIsoDate(on)}.`, 'parentId');
  if ((await repo.subtreeIdsAsOf(tx, unitId, on)).includes(newParentId)) {
    throw new FieldError(
      `Không thể chuyển "${unit.short_name}" về trực thuộc "${parent.short_name}": đơn vị này đang ở dưới nó.`,
      'parentId',
    );
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
  await applyToday(tx, [unitId], todayInVietnam());
}

/** A unit that ends must not leave units below it. */
async function refuseIfChildrenRemain(tx: DbContext, unit: Unit, on: string): Promise<void> {
  const children = await repo.childrenAsOf(tx, unit.id, on);
  if (children.length > 0) {
    const names = children
      .slice(0, 5)
      .map((c) => c.short_name)
      .join(', ');
    throw new UserFacingError(
      `Đơn vị "${unit.short_name}" còn ${children.length} đơn vị trực thuộc vào ngày ${formatIsoDate(on)} (${names}${children.length > 5 ? ', …' : ''}): hãy chuyển hoặc giải thể các đơn vị này trước.`,
    );
  }
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
): Promise<number> {
  const unit = await requireUnit(tx, unitId);
  const version = await versionForEvent(tx, unit, on);
  await refuseIfChildrenRemain(tx, unit, on);
  if (version.valid_from === on) await repo.deleteVersion(tx, version.id);
  else await repo.closeVersion(tx, version.id, on);
  await refreshSubtreeCounts(tx, [unitId]);
  await repo.syncCurrentRow(tx, unitId, {
    ended_on: on,
    ...(on <= todayInVietnam() ? { status: kind === 'merge' ? 'merged' : 'dissolved' } : {}),
  });
  const survivor = survivorId === null ? undefined : await repo.findUnitById(tx, survivorId);
  const how = survivor
    ? `đã sáp nhập vào ${survivor.short_name} từ ngày ${formatIsoDate(on)}`
    : `đã giải thể từ ngày ${formatIsoDate(on)}${note ? ` (${note})` : ''}`;
  const closed = await closeTransferRequestsOfEndedUnitIn(tx, actor, unitId, how);
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
  return closed;
}

/** What a unit that ends still holds, and who has rights at it. */
export interface UnitHoldings {
  /** Members in the unit (their membership has not ended). */
  members: number;
  sections: number;
  articles: number;
  funds: Array<{ id: number; name: string }>;
  /** Care cases it proposed that are not closed. */
  openCases: number;
  /** Transfer requests waiting into or out of it (closed when it ends). */
  transferRequests: number;
  /** Accounts of the unit or holding a role at it. */
  accounts: AccountAtUnit[];
}

async function holdingsOf(tx: DbContext, unitId: number): Promise<UnitHoldings> {
  const [members, posts, funds, openCases, into, outOf, accounts] = await Promise.all([
    repo.countOpenMemberships(tx, unitId),
    repo.countSectionsAndArticles(tx, unitId),
    fundsRepo.fundsOfUnit(tx, unitId),
    careRepo.countOpenCasesOfUnit(tx, unitId),
    waitingRequestsAt(tx, unitId, 'to'),
    waitingRequestsAt(tx, unitId, 'from'),
    accountsAtUnit(tx, unitId),
  ]);
  return { members, ...posts, funds, openCases, transferRequests: into.length + outOf.length, accounts };
}

/** What merging a unit into another does, in figures: the merge command carries out exactly this. */
export interface MergePlan extends UnitHoldings {
  unit: Unit;
  survivor: Unit;
  on: string;
  /** The units directly below it on that day: they move under the survivor. */
  children: UnitVersion[];
  /** The funds as they will be named at the survivor (a name it already uses gets the merged unit's name after it). */
  movedFunds: Array<{ id: number; name: string; newName: string }>;
}

/** Checks a merge as the command will, and reads what it will move. */
async function planMergeIn(tx: DbContext, sourceId: number, survivorId: number, on: string): Promise<MergePlan> {
  const survivor = await requireUnit(tx, survivorId);
  if (sourceId === survivorId) throw new FieldError('Đơn vị được giữ lại không thể đồng thời là đơn vị bị sáp nhập.', 'survivorId');
  const unit = await requireUnit(tx, sourceId);
  await versionForEvent(tx, unit, on);
  if (!(await repo.versionAsOf(tx, survivorId, on)))
    throw new FieldError(`Đơn vị "${survivor.short_name}" không hoạt động vào ngày ${formatIsoDate(on)}.`, 'survivorId');
  if ((await repo.subtreeIdsAsOf(tx, sourceId, on)).includes(survivorId))
    throw new FieldError(`Không thể sáp nhập "${unit.short_name}" vào "${survivor.short_name}": đơn vị này đang ở dưới nó.`, 'survivorId');
  const [children, holdings, survivorFunds] = await Promise.all([
    repo.childrenAsOf(tx, sourceId, on),
    holdingsOf(tx, sourceId),
    fundsRepo.fundsOfUnit(tx, survivorId),
  ]);
  const taken = new Set(survivorFunds.map((f) => f.name));
  const movedFunds = holdings.funds.map((f) => ({
    ...f,
    newName: taken.has(f.name) ? `${f.name} (${unit.short_name})`.slice(0, 200) : f.name,
  }));
  return { unit, survivor, on, children, movedFunds, ...holdings };
}

/**
 * Merges units into a survivor from `on`: their sub-units move under the survivor, their
 * records (sections, articles, funds, open care cases) pass to it, and they end; accounts keep
 * their roles at the merged unit. Members move with `moveMembers` when the member registry
 * provides it. Gives, for each merged unit, what was done (the counts as written).
 */
export async function mergeUnitsIn(
  tx: DbContext,
  actor: Actor,
  sourceIds: number[],
  survivorId: number,
  on: string,
  moveMembers?: (tx: DbContext, fromUnitId: number, toUnitId: number, on: string) => Promise<number | void>,
): Promise<MergePlan[]> {
  const done: MergePlan[] = [];
  for (const sourceId of sourceIds) {
    const plan = await planMergeIn(tx, sourceId, survivorId, on);
    const survivor = plan.survivor;
    for (const child of plan.children) await moveUnitIn(tx, actor, child.unit_id, survivor.id, on, 'merge');
    const members = (await moveMembers?.(tx, sourceId, survivor.id, on)) ?? 0;
    const posts = await repo.transferSectionsAndArticles(tx, sourceId, survivor.id);
    for (const f of plan.movedFunds) await fundsRepo.moveFund(tx, f.id, survivor.id, f.newName);
    const openCases = await careRepo.moveOpenCasesOfUnit(tx, sourceId, survivor.id);
    await dissolveUnitIn(tx, actor, sourceId, on, `Sáp nhập vào ${survivor.short_name}`, 'merge', survivor.id);
    done.push({ ...plan, members, ...posts, openCases });
  }
  return done;
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
  if (parts.length === 0) throw new FieldError('Cần ít nhất một đơn vị mới khi chia tách.', 'parts');
  const made: Unit[] = [];
  for (const part of parts) {
    const unit = await createUnitIn(tx, actor, { ...part.input, parentId: version.parent_id, foundedOn: on });
    for (const childId of part.childIds) await moveUnitIn(tx, actor, childId, unit.id, on, 'split');
    made.push(unit);
  }
  await recordEvent(tx, actor, 'split', sourceId, on, { into: made.map((u) => u.id) });
  await recordAudit(tx, {
    actor,
    action: 'unit.split',
    entity: 'unit',
    entityId: sourceId,
    unitId: sourceId,
    before: version,
    after: { into: made.map((u) => u.id), keep_source: keepSource, valid_from: on },
  });
  if (!keepSource) {
    const names = made.map((u) => u.short_name).join(', ');
    await closeTransferRequestsOfEndedUnitIn(tx, actor, sourceId, `đã chia tách thành ${names} từ ngày ${formatIsoDate(on)}`);
    await dissolveUnitIn(tx, actor, sourceId, on, `Chia tách thành ${names}`);
  }
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
  await repo.adoptUnassignedArticles(tx, root.id);
  return root;
}

/* --- Commands of a signed-in user: each checks that the user may manage every unit it touches, then runs in one transaction. */

export async function foundUnit(ctx: DbContext, user: AuthUser, input: UnitInput): Promise<Unit> {
  await authorizeTreeChange(ctx, user, [input.parentId]);
  return inTransaction(ctx, (tx) => createUnitIn(tx, actorOf(user), input));
}

export async function changeUnit(ctx: DbContext, user: AuthUser, unitId: number, input: ChangeUnitInput): Promise<void> {
  await authorizeTreeChange(ctx, user, [unitId]);
  await inTransaction(ctx, (tx) => changeUnitIn(tx, actorOf(user), unitId, input.changes, input.on));
}

export async function moveUnit(ctx: DbContext, user: AuthUser, unitId: number, input: MoveUnitInput): Promise<void> {
  await authorizeTreeChange(ctx, user, [unitId, input.parentId]);
  await inTransaction(ctx, (tx) => moveUnitIn(tx, actorOf(user), unitId, input.parentId, input.on));
}

/** A unit that ends must not leave members behind in it. */
async function refuseIfMembersRemain(tx: DbContext, unitId: number): Promise<void> {
  const n = await repo.countOpenMemberships(tx, unitId);
  if (n > 0)
    throw new UserFacingError(
      `Đơn vị còn ${n} đoàn viên đang sinh hoạt: hãy chuyển sinh hoạt cho họ, hoặc sáp nhập đơn vị vào một đơn vị khác.`,
    );
}

/** What dissolving a unit does: it ends on the day; what it still holds stays with it. */
export interface DissolvePlan extends UnitHoldings {
  unit: Unit;
  on: string;
  note: string | null;
  /** Its parent that day. */
  parent: Unit | undefined;
}

/** Checks a dissolution as the command will (no members, no units left below it), and reads what it touches. */
async function planDissolveIn(tx: DbContext, unitId: number, input: DissolveUnitInput): Promise<DissolvePlan> {
  const unit = await requireUnit(tx, unitId);
  const version = await versionForEvent(tx, unit, input.on);
  await refuseIfMembersRemain(tx, unitId);
  await refuseIfChildrenRemain(tx, unit, input.on);
  const [holdings, parent] = await Promise.all([
    holdingsOf(tx, unitId),
    version.parent_id === null ? undefined : repo.findUnitById(tx, version.parent_id),
  ]);
  return { unit, on: input.on, note: input.note, parent, ...holdings };
}

/** The confirmation of "Giải thể": what the dissolution will do; nothing is written. */
export async function planDissolve(ctx: DbContext, user: AuthUser, unitId: number, input: DissolveUnitInput): Promise<DissolvePlan> {
  await authorizeTreeChange(ctx, user, [unitId]);
  return planDissolveIn(ctx, unitId, input);
}

export async function dissolveUnit(ctx: DbContext, user: AuthUser, unitId: number, input: DissolveUnitInput): Promise<DissolvePlan> {
  await authorizeTreeChange(ctx, user, [unitId]);
  return inTransaction(ctx, async (tx) => {
    const plan = await planDissolveIn(tx, unitId, input);
    const closed = await dissolveUnitIn(tx, actorOf(user), unitId, input.on, input.note);
    return { ...plan, transferRequests: closed };
  });
}

/** Merges units into a survivor; their members move to it on the same day. */
export async function mergeUnits(
  ctx: DbContext,
  user: AuthUser,
  sourceIds: number[],
  survivorId: number,
  on: string,
): Promise<MergePlan[]> {
  await authorizeTreeChange(ctx, user, [...sourceIds, survivorId]);
  const actor = actorOf(user);
  return inTransaction(ctx, (tx) =>
    mergeUnitsIn(tx, actor, sourceIds, survivorId, on, (t2, from, to, day) => moveAllMembersIn(t2, actor, from, to, day)),
  );
}

/** The confirmation of "Sáp nhập đơn vị này vào": what the merge will do, in figures; nothing is written. */
export async function planMerge(ctx: DbContext, user: AuthUser, unitId: number, input: MergeUnitInput): Promise<MergePlan> {
  await authorizeTreeChange(ctx, user, [unitId, input.survivorId]);
  return planMergeIn(ctx, unitId, input.survivorId, input.on);
}

/** "Sáp nhập đơn vị này vào": one unit into the one chosen; gives what was done. */
export async function mergeUnitInto(ctx: DbContext, user: AuthUser, unitId: number, input: MergeUnitInput): Promise<MergePlan> {
  const [done] = await mergeUnits(ctx, user, [unitId], input.survivorId, input.on);
  return done!;
}

/** What splitting a unit does: the new units under its parent, the units below it each going to one, and whether it ends. */
export interface SplitPlan extends UnitHoldings {
  unit: Unit;
  on: string;
  parent: Unit | undefined;
  keepSource: boolean;
  parts: Array<{ name: string; children: UnitVersion[] }>;
  /** The new units, once made. */
  made: Unit[];
}

/** Checks a split as the command will, and reads which unit below goes to which new unit. */
async function planSplitIn(tx: DbContext, unitId: number, input: SplitUnitInput): Promise<SplitPlan> {
  const unit = await requireUnit(tx, unitId);
  const version = await versionForEvent(tx, unit, input.on);
  if (input.names.length === 0) throw new FieldError('Cần ít nhất một đơn vị mới khi chia tách.', 'parts');
  const children = await repo.childrenAsOf(tx, unitId, input.on);
  const partOf = (c: UnitVersion) => input.partOfChild.get(c.unit_id) ?? 1;
  for (const c of children)
    if (partOf(c) > input.names.length)
      throw new UserFacingError(
        `"${c.short_name}" được chọn về đơn vị mới số ${partOf(c)}, nhưng chỉ có ${input.names.length} đơn vị mới.`,
      );
  if (!input.keepSource) await refuseIfMembersRemain(tx, unitId);
  const [holdings, parent] = await Promise.all([
    holdingsOf(tx, unitId),
    version.parent_id === null ? undefined : repo.findUnitById(tx, version.parent_id),
  ]);
  const parts = input.names.map((name, i) => ({ name, children: children.filter((c) => partOf(c) === i + 1) }));
  return { unit, on: input.on, parent, keepSource: input.keepSource, parts, made: [], ...holdings };
}

/** The confirmation of "Chia tách": what the split will do; nothing is written. */
export async function planSplit(ctx: DbContext, user: AuthUser, unitId: number, input: SplitUnitInput): Promise<SplitPlan> {
  await authorizeTreeChange(ctx, user, [unitId]);
  return planSplitIn(ctx, unitId, input);
}

/** Splits a unit into new units of its level and type, named as typed; each unit below goes to the part chosen for it (the first by default). */
export async function splitUnit(ctx: DbContext, user: AuthUser, unitId: number, input: SplitUnitInput): Promise<SplitPlan> {
  await authorizeTreeChange(ctx, user, [unitId]);
  return inTransaction(ctx, async (tx) => {
    const plan = await planSplitIn(tx, unitId, input);
    const { unit } = plan;
    const parts = plan.parts.map((p) => ({
      input: { level: unit.level, unitType: unit.unit_type, shortName: p.name, fullName: p.name },
      childIds: p.children.map((c) => c.unit_id),
    }));
    const made = await splitUnitIn(tx, actorOf(user), unitId, parts, input.on, input.keepSource);
    return { ...plan, made };
  });
}

/* --- Reads, for the pages of this area and others (a route reads units through these, never through the repo). */

export function findUnit(ctx: DbContext, unitId: number): Promise<Unit | undefined> {
  return repo.findUnitById(ctx, unitId);
}

/** The units the user reaches for `action` (for unit pickers), in the tree's order. */
export function unitsUserReaches(ctx: DbContext, user: AuthUser, action: ScopeAction): Promise<Unit[]> {
  return repo.listUnitsUserReaches(ctx, user, action);
}

export interface TreePageData {
  date: string;
  /** The versions of every unit the user reaches, as they stood on `date`. */
  versions: UnitVersion[];
}

export async function treePage(ctx: DbContext, user: AuthUser, date: string | null): Promise<TreePageData> {
  const day = date ?? todayInVietnam();
  return { date: day, versions: await repo.versionsOfSubtreesAsOf(ctx, grantUnitsFor(user, 'record.read'), day) };
}

/** A unit another one's history names: its name, and whether the user may open its page. */
export interface NamedUnit {
  id: number;
  name: string;
  link: boolean;
}

/** How a unit ended (or will end): merged into another, split into new units, or dissolved. */
export interface UnitEnding {
  kind: 'merge' | 'split' | 'dissolve';
  on: string;
  /** The unit that took it in, or the new units it was split into. */
  into: number[];
  note: string | null;
  /** It has not ended yet: the event is dated later. */
  future: boolean;
}

export interface UnitPageData {
  unit: Unit;
  date: string;
  today: string;
  /** The unit as it stood on `date` (none: it did not exist then). */
  version: UnitVersion | undefined;
  children: UnitVersion[];
  /** Members of its subtree on `date`. */
  members: number;
  events: UnitEvent[];
  /** Every unit the history, the facts or the ending name, by id. */
  names: Map<number, NamedUnit>;
  ending: UnitEnding | null;
  versionCount: number;
  /** The change forms are shown (the user may manage it, and it still exists). */
  mayChange: boolean;
  /** Units the user may choose as a new parent or as the unit that takes this one in. */
  choices: Unit[];
}

/** What an event's details name: parents moved from and to, the new units of a split. */
export function unitsNamedBy(e: UnitEvent): { from?: number; to?: number; parent?: number; into: number[] } {
  let d: Record<string, unknown> = {};
  try {
    d = e.details_json ? (JSON.parse(e.details_json) as Record<string, unknown>) : {};
  } catch {
    d = {};
  }
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    from: num(d.from_parent_id),
    to: num(d.to_parent_id),
    parent: num(d.parent_id),
    into: Array.isArray(d.into) ? d.into.filter((v): v is number => typeof v === 'number') : [],
  };
}

/** How the unit ended, read from its history: the merge or dissolution dated on its last day (a split before it says into what). */
function endingOf(unit: Unit, events: UnitEvent[], today: string): UnitEnding | null {
  const on = unit.ended_on;
  if (!on) return null;
  const own = events.filter((e) => e.unit_id === unit.id && e.effective_on === on);
  const split = own.find((e) => e.kind === 'split');
  const end = own.find((e) => (e.kind === 'merge' || e.kind === 'dissolve') && unitsNamedBy(e).to === undefined);
  const future = on > today;
  if (split) return { kind: 'split', on, into: unitsNamedBy(split).into, note: null, future };
  if (end?.kind === 'merge' && end.other_unit_id !== null)
    return { kind: 'merge', on, into: [Number(end.other_unit_id)], note: null, future };
  return { kind: 'dissolve', on, into: [], note: end?.note ?? null, future };
}

/**
 * A unit's page as of a day (by default today; for a unit that has ended, its last day, so it
 * shows as it last stood), its history naming the other units it involves, and how it ended.
 */
export async function unitPage(ctx: DbContext, user: AuthUser, unitId: number, date: string | null): Promise<UnitPageData> {
  const unit = await repo.findUnitById(ctx, unitId);
  if (!unit) throw new NotFound('Không có đơn vị này trong phạm vi của bạn.');
  await authorizeUnitRead(ctx, user, unitId);
  const today = todayInVietnam();
  const ended = unit.ended_on !== null && unit.ended_on <= today;
  const day = date ?? (ended ? addDays(unit.ended_on!, -1) : today);
  const [versions, events, version, children, mayManage, counted] = await Promise.all([
    repo.versionsOf(ctx, unitId),
    repo.listEventsOf(ctx, unitId),
    repo.versionAsOf(ctx, unitId, day),
    repo.childrenAsOf(ctx, unitId, day),
    mayManageUnit(ctx, user, unitId),
    subtreeCountAsOf(ctx, unitId, day),
  ]);
  const ending = endingOf(unit, events, today);
  const ids = new Set<number>(ending?.into ?? []);
  if (version?.parent_id) ids.add(Number(version.parent_id));
  for (const e of events) {
    ids.add(Number(e.unit_id));
    if (e.other_unit_id !== null) ids.add(Number(e.other_unit_id));
    const named = unitsNamedBy(e);
    for (const id of [named.from, named.to, named.parent, ...named.into]) if (id !== undefined) ids.add(id);
  }
  ids.delete(unitId);
  const [named, readable] = await Promise.all([repo.findUnitsByIds(ctx, [...ids]), permittedUnits(ctx, user, 'record.read', [...ids])]);
  const names = new Map(named.map((u) => [Number(u.id), { id: Number(u.id), name: u.short_name, link: readable.has(Number(u.id)) }]));
  const mayChange = mayManage && unit.status === 'active';
  const choices = mayChange
    ? (await unitsUserReaches(ctx, user, 'unit.manage')).filter((u) => u.status === 'active' && u.id !== unitId)
    : [];
  return {
    unit,
    date: day,
    today,
    version,
    children,
    members: counted.members,
    events,
    names,
    ending,
    versionCount: versions.length,
    mayChange,
    choices,
  };
}
