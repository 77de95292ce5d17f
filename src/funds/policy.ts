import { authorize, can } from '../access/scope.js';
import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { Fund } from '../db/schema.js';
import { Forbidden } from '../lib/errors.js';
import { authorizeCareRead } from '../care/policy.js';

/**
 * Who may do what with funds: their ledgers are read by whoever may read the unit's care records;
 * only a fund manager of the fund's unit (or above it) writes to a fund.
 */

export const authorizeFundRead = (ctx: DbContext, user: AuthUser, fund: Fund) => authorizeCareRead(ctx, user, fund.unit_id);

export const mayManageFund = (ctx: DbContext, user: AuthUser, fund: Pick<Fund, 'unit_id'>) => can(ctx, user, 'fund.manage', fund.unit_id);

export async function authorizeFundManage(ctx: DbContext, user: AuthUser, unitId: number): Promise<void> {
  await authorize(ctx, user, 'fund.manage', unitId);
}

/** Paying a case from a fund takes a manager of that fund. */
export async function authorizePayFrom(ctx: DbContext, user: AuthUser, fund: Fund): Promise<void> {
  if (!(await mayManageFund(ctx, user, fund))) throw new Forbidden(`Bạn không quản lý quỹ "${fund.name}".`);
}
