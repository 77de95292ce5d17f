import type { Action } from '../access/roles.js';
import { authorize } from '../access/scope.js';
import { grantUnitsFor, type AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';

/**
 * Who may see care cases and funds: anyone holding a care or fund permission at the
 * unit or above it. Cases hold health and hardship details, so plain record.read is not enough.
 */
export const CARE_READ_ACTIONS: readonly Action[] = ['care.propose', 'care.approve', 'care.pay', 'fund.manage'];

export function careReadRoots(user: AuthUser): number[] {
  return grantUnitsFor(user, CARE_READ_ACTIONS);
}

export async function authorizeCareRead(ctx: DbContext, user: AuthUser, unitId: number): Promise<void> {
  await authorize(ctx, user, CARE_READ_ACTIONS, unitId, 'Hồ sơ, quỹ này thuộc đơn vị ngoài phạm vi của bạn.');
}
