import { ROLE_ACTIONS } from '../access/roles.js';
import { authorize, can, permittedUnits } from '../access/scope.js';
import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { Role, User } from '../db/schema.js';
import { Forbidden, UserFacingError } from '../lib/errors.js';
import * as repo from './repo.js';

/**
 * Who may manage which account: `user.manage` over the account's own unit to see it; to act on it
 * (reset link, disable, enable, grant, revoke), over EVERY unit where it holds a role as well, so
 * nobody takes over an account that reaches further than they do. Nobody grants a role above their
 * own: the role must be one the granter holds (or one it covers) with `user.manage` at or above the
 * unit. Nobody disables their own account.
 */

const NOT_YOURS = 'Tài khoản này có quyền tại đơn vị ngoài phạm vi quản lý của bạn.';
const ABOVE_YOURS = 'Bạn chỉ cấp được vai trò mà chính bạn giữ (có quyền quản lý tài khoản) tại đơn vị đó hoặc cấp trên.';

/** The roles whose every action `role` also allows: a granter holding one of those may grant `role`. */
function rolesCovering(role: Role): Role[] {
  return (Object.keys(ROLE_ACTIONS) as Role[]).filter((r) => ROLE_ACTIONS[role].every((a) => ROLE_ACTIONS[r].includes(a)));
}

/** The user holds, at `unitId` or above, a role that covers `role` and lets them manage accounts there. */
async function mayGrantRoleAt(ctx: DbContext, by: AuthUser, role: Role, unitId: number): Promise<boolean> {
  const covering = new Set(rolesCovering(role));
  return can(ctx, { ...by, grants: by.grants.filter((g) => covering.has(g.role)) }, 'user.manage', unitId);
}

async function authorizeRoleAt(ctx: DbContext, by: AuthUser, role: Role, unitId: number): Promise<void> {
  await authorize(ctx, by, 'user.manage', unitId);
  if (!(await mayGrantRoleAt(ctx, by, role, unitId))) throw new Forbidden(ABOVE_YOURS);
}

/** The units an account reaches: its own and every unit where it holds a role. */
export function accountUnits(account: Pick<User, 'unit_id'>, grantUnitIds: readonly number[]): number[] {
  return [...new Set([Number(account.unit_id), ...grantUnitIds])];
}

/** Of several accounts (their units as `accountUnits` gives them), those the user may act on: one query for all. */
export async function manageableAccounts(
  ctx: DbContext,
  by: AuthUser,
  accounts: ReadonlyMap<number, readonly number[]>,
): Promise<Set<number>> {
  const allowed = await permittedUnits(ctx, by, 'user.manage', [...accounts.values()].flat());
  return new Set([...accounts].filter(([, units]) => units.every((u) => allowed.has(u))).map(([id]) => id));
}

/** Creating an account at a unit with a first role there. */
export async function authorizeCreateAccount(ctx: DbContext, by: AuthUser, unitId: number, role?: Role): Promise<void> {
  if (role) await authorizeRoleAt(ctx, by, role, unitId);
  else await authorize(ctx, by, 'user.manage', unitId);
}

/** Opening an account's page: it belongs to a unit the user manages accounts of. */
export async function authorizeViewAccount(ctx: DbContext, by: AuthUser, account: Pick<User, 'unit_id'>): Promise<void> {
  await authorize(ctx, by, 'user.manage', account.unit_id);
}

/** Acting on an account: `user.manage` over its unit and every unit where it holds a role. */
export async function authorizeManageAccount(ctx: DbContext, by: AuthUser, account: Pick<User, 'id' | 'unit_id'>): Promise<void> {
  const grants = await repo.grantsOf(ctx, Number(account.id));
  const units = accountUnits(
    account,
    grants.map((g) => g.unitId),
  );
  const allowed = await permittedUnits(ctx, by, 'user.manage', units);
  if (!allowed.has(Number(account.unit_id))) throw new Forbidden();
  if (units.some((u) => !allowed.has(u))) throw new Forbidden(NOT_YOURS);
}

/**
 * Granting `role` at `unitId`, or revoking it there: the account in scope, and a role the user
 * holds with `user.manage` at or above the unit (nobody grants or takes back above their own).
 */
export async function authorizeRoleChange(
  ctx: DbContext,
  by: AuthUser,
  account: Pick<User, 'id' | 'unit_id'>,
  role: Role,
  unitId: number,
): Promise<void> {
  await authorizeManageAccount(ctx, by, account);
  await authorizeRoleAt(ctx, by, role, unitId);
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
export async function authorizeResetLink(ctx: DbContext, by: AuthUser, account: Pick<User, 'id' | 'unit_id'>): Promise<void> {
  await authorizeManageAccount(ctx, by, account);
}
