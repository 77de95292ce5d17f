import { authorize, can } from '../access/scope.js';
import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { NotFound } from '../lib/errors.js';

/**
 * Who may do what with the union tree. Anyone who may read records sees the units they
 * reach, as they stood on any day. Changing the tree is for those who may manage units
 * (administrators): every unit a change touches — the unit, its new parent, the unit that
 * takes it in — must be within their scope; founding a top unit is for an administrator of
 * a root unit.
 */

/** The unit page is shown to those who reach the unit; to others it does not exist. */
export async function authorizeUnitRead(ctx: DbContext, user: AuthUser, unitId: number): Promise<void> {
  if (!(await can(ctx, user, 'record.read', unitId))) throw new NotFound('Không có đơn vị này trong phạm vi của bạn.');
}

/** Whether the user may record changes of this unit (the unit page shows its forms). */
export function mayManageUnit(ctx: DbContext, user: AuthUser, unitId: number): Promise<boolean> {
  return can(ctx, user, 'unit.manage', unitId);
}

/** Refuses (403) unless the user may manage every unit the change touches (null: the top of the tree). */
export async function authorizeTreeChange(ctx: DbContext, user: AuthUser, unitIds: readonly (number | null)[]): Promise<void> {
  for (const unitId of unitIds) await authorize(ctx, user, 'unit.manage', unitId);
}
