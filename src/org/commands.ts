import { type AuthUser } from '../access/user.js';
import { authorize } from '../access/scope.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { Unit } from '../db/schema.js';
import { UserFacingError } from '../lib/errors.js';
import { moveAllMembersIn } from '../members/service.js';
import type { UnitInput } from './schema.js';
import {
  changeUnitIn,
  createUnitIn,
  dissolveUnitIn,
  mergeUnitsIn,
  moveUnitIn,
  splitUnitIn,
  type SplitPart,
  type UnitChanges,
} from './service.js';

/**
 * The union tree's commands for a signed-in user: each checks that the user may
 * manage every unit it touches, then runs in one transaction.
 */

export async function foundUnit(ctx: DbContext, user: AuthUser, input: UnitInput): Promise<Unit> {
  await authorize(ctx, user, 'unit.manage', input.parentId);
  return inTransaction(ctx, (tx) => createUnitIn(tx, actorOf(user), input));
}

export async function changeUnit(ctx: DbContext, user: AuthUser, unitId: number, changes: UnitChanges, on: string): Promise<void> {
  await authorize(ctx, user, 'unit.manage', unitId);
  await inTransaction(ctx, (tx) => changeUnitIn(tx, actorOf(user), unitId, changes, on));
}

export async function moveUnit(ctx: DbContext, user: AuthUser, unitId: number, newParentId: number, on: string): Promise<void> {
  await authorize(ctx, user, 'unit.manage', unitId);
  await authorize(ctx, user, 'unit.manage', newParentId);
  await inTransaction(ctx, (tx) => moveUnitIn(tx, actorOf(user), unitId, newParentId, on));
}

/** A unit that ends must not leave members behind in it. */
async function refuseIfMembersRemain(tx: DbContext, unitId: number): Promise<void> {
  const open = await tx.db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('unit_id', '=', unitId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  const n = Number(open?.n ?? 0);
  if (n > 0)
    throw new UserFacingError(
      `Đơn vị còn ${n} đoàn viên đang sinh hoạt: hãy chuyển sinh hoạt cho họ, hoặc sáp nhập đơn vị vào một đơn vị khác.`,
    );
}

export async function dissolveUnit(ctx: DbContext, user: AuthUser, unitId: number, on: string, note: string | null): Promise<void> {
  await authorize(ctx, user, 'unit.manage', unitId);
  await inTransaction(ctx, async (tx) => {
    await refuseIfMembersRemain(tx, unitId);
    await dissolveUnitIn(tx, actorOf(user), unitId, on, note);
  });
}

/** Merges units into a survivor; their members move to it on the same day. */
export async function mergeUnits(ctx: DbContext, user: AuthUser, sourceIds: number[], survivorId: number, on: string): Promise<void> {
  for (const id of [...sourceIds, survivorId]) await authorize(ctx, user, 'unit.manage', id);
  const actor = actorOf(user);
  await inTransaction(ctx, (tx) =>
    mergeUnitsIn(tx, actor, sourceIds, survivorId, on, async (t2, from, to, day) => {
      await moveAllMembersIn(t2, actor, from, to, day);
    }),
  );
}

export async function splitUnit(
  ctx: DbContext,
  user: AuthUser,
  sourceId: number,
  parts: SplitPart[],
  on: string,
  keepSource: boolean,
): Promise<Unit[]> {
  await authorize(ctx, user, 'unit.manage', sourceId);
  return inTransaction(ctx, async (tx) => {
    if (!keepSource) await refuseIfMembersRemain(tx, sourceId);
    return splitUnitIn(tx, actorOf(user), sourceId, parts, on, keepSource);
  });
}
