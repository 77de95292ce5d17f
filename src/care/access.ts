import { grantUnitsFor, type AuthUser } from '../auth/policy.js';
import type { Action } from '../auth/roles.js';
import type { DbContext } from '../db/context.js';
import { Forbidden } from '../lib/errors.js';

/**
 * Who may see care cases and funds: anyone holding a care or fund permission at the
 * unit or above it. Cases hold health and hardship details, so plain record.read is not enough.
 */
export const CARE_READ_ACTIONS: readonly Action[] = ['care.propose', 'care.approve', 'care.pay', 'fund.manage'];

export function careReadRoots(user: AuthUser): number[] {
  return [...new Set(CARE_READ_ACTIONS.flatMap((action) => grantUnitsFor(user, action)))];
}

/** A subquery of every unit whose cases and funds the user may see. */
export function careScopeSubquery(ctx: DbContext, user: AuthUser) {
  const roots = careReadRoots(user);
  return ctx.db
    .selectFrom('unit_closure')
    .select('descendant_id')
    .where('ancestor_id', 'in', roots.length ? roots : [-1]);
}

export async function authorizeCareRead(ctx: DbContext, user: AuthUser, unitId: number): Promise<void> {
  const roots = careReadRoots(user);
  const row =
    roots.length === 0
      ? undefined
      : await ctx.db
          .selectFrom('unit_closure')
          .select('descendant_id')
          .where('ancestor_id', 'in', roots)
          .where('descendant_id', '=', unitId)
          .limit(1)
          .executeTakeFirst();
  if (!row) throw new Forbidden('Hồ sơ, quỹ này thuộc đơn vị ngoài phạm vi của bạn.');
}
