import { authorize } from '../access/scope.js';
import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { Role, User } from '../db/schema.js';
import { Forbidden, UserFacingError } from '../lib/errors.js';

/**
 * Who may manage which account: `user.manage` over the account's own unit (and, to grant or revoke
 * a role, over the unit the role is held at); only an administrator makes administrators; nobody
 * disables their own account.
 */

/** Creating an account at a unit. */
export async function authorizeCreateAccount(ctx: DbContext, by: AuthUser, unitId: number): Promise<void> {
  await authorize(ctx, by, 'user.manage', unitId);
}

/** Opening or changing an account: it belongs to a unit the user manages accounts of. */
export async function authorizeManageAccount(ctx: DbContext, by: AuthUser, account: Pick<User, 'unit_id'>): Promise<void> {
  await authorize(ctx, by, 'user.manage', account.unit_id);
}

/** Granting `role` at `unitId`: the account and the unit both in scope; administrators only by an administrator. */
export async function authorizeGrant(
  ctx: DbContext,
  by: AuthUser,
  account: Pick<User, 'unit_id'>,
  role: Role,
  unitId: number,
): Promise<void> {
  await authorizeManageAccount(ctx, by, account);
  await authorize(ctx, by, 'user.manage', unitId);
  if (role === 'admin' && !by.grants.some((g) => g.role === 'admin')) throw new Forbidden();
}

/** Revoking a role held at `unitId`: the account and the unit both in scope. */
export async function authorizeRevoke(ctx: DbContext, by: AuthUser, account: Pick<User, 'unit_id'>, unitId: number): Promise<void> {
  await authorizeManageAccount(ctx, by, account);
  await authorize(ctx, by, 'user.manage', unitId);
}

/** Disabling or enabling an account; a user cannot disable their own. */
export async function authorizeSetDisabled(
  ctx: DbContext,
  by: AuthUser,
  account: Pick<User, 'id' | 'unit_id'>,
  disabled: boolean,
): Promise<void> {
  await authorizeManageAccount(ctx, by, account);
  if (Number(account.id) === by.id && disabled) throw new UserFacingError('Bạn không thể tự vô hiệu hóa tài khoản của mình.');
}

/** Issuing a one-time link to set the account's password. */
export async function authorizeResetLink(ctx: DbContext, by: AuthUser, account: Pick<User, 'unit_id'>): Promise<void> {
  await authorizeManageAccount(ctx, by, account);
}
