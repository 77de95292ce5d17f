import type { DbContext } from '../db/context.js';
import { Forbidden } from '../lib/errors.js';
import type { Role } from '../db/schema.js';
import { ROLE_ACTIONS, rolesWith, type Action } from './roles.js';

export interface Grant {
  role: Role;
  unitId: number;
}

/** The signed-in person, as every policy check sees them. */
export interface AuthUser {
  id: number;
  login: string;
  fullName: string;
  unitId: number;
  grants: Grant[];
}

export { Forbidden };

/** Units where the user holds a role that allows `action`; the scope is each of them and everything below. */
export function grantUnitsFor(user: AuthUser, action: Action): number[] {
  const roles = new Set(rolesWith(action));
  return [...new Set(user.grants.filter((g) => roles.has(g.role)).map((g) => g.unitId))];
}

/** Whether the user may do `action` somewhere (which routes to show, which pages to open). */
export function canAnywhere(user: AuthUser, action: Action): boolean {
  return user.grants.some((g) => ROLE_ACTIONS[g.role].includes(action));
}

/** can(user, action, unit): the user holds a role allowing `action` at `unitId` or at a unit above it (as of today). */
export async function can(ctx: DbContext, user: AuthUser, action: Action, unitId: number | null): Promise<boolean> {
  const roots = grantUnitsFor(user, action);
  if (roots.length === 0) return false;
  if (unitId === null) return isAdminAtRoot(ctx, user);
  const row = await ctx.db
    .selectFrom('unit_closure')
    .select('descendant_id')
    .where('ancestor_id', 'in', roots)
    .where('descendant_id', '=', unitId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The user holds a role allowing `action` at a unit strictly above `unitId` (as of today): for deciding on what a unit below proposed. */
export async function canAbove(ctx: DbContext, user: AuthUser, action: Action, unitId: number): Promise<boolean> {
  const roots = grantUnitsFor(user, action);
  if (roots.length === 0) return false;
  const row = await ctx.db
    .selectFrom('unit_closure')
    .select('descendant_id')
    .where('ancestor_id', 'in', roots)
    .where('descendant_id', '=', unitId)
    .where('depth', '>', 0)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function authorize(ctx: DbContext, user: AuthUser, action: Action, unitId: number | null): Promise<void> {
  if (!(await can(ctx, user, action, unitId))) throw new Forbidden();
}

/** Of `unitIds`, those the user may `action` on: one query for a whole batch. */
export async function permittedUnits(ctx: DbContext, user: AuthUser, action: Action, unitIds: number[]): Promise<Set<number>> {
  const roots = grantUnitsFor(user, action);
  if (roots.length === 0 || unitIds.length === 0) return new Set();
  const rows = await ctx.db
    .selectFrom('unit_closure')
    .select('descendant_id')
    .distinct()
    .where('ancestor_id', 'in', roots)
    .where('descendant_id', 'in', [...new Set(unitIds)])
    .execute();
  return new Set(rows.map((r) => Number(r.descendant_id)));
}

/** A subquery of every unit id in the user's scope for `action`, for filtering lists in SQL. */
export function scopeSubquery(ctx: DbContext, user: AuthUser, action: Action) {
  const roots = grantUnitsFor(user, action);
  return ctx.db
    .selectFrom('unit_closure')
    .select('descendant_id')
    .where('ancestor_id', 'in', roots.length ? roots : [-1]);
}

/** Records that hang off no unit (site-wide settings, unassigned sections) belong to administrators of a root unit. */
async function isAdminAtRoot(ctx: DbContext, user: AuthUser): Promise<boolean> {
  const adminUnits = user.grants.filter((g) => g.role === 'admin').map((g) => g.unitId);
  if (adminUnits.length === 0) return false;
  const root = await ctx.db
    .selectFrom('units')
    .select('id')
    .where('id', 'in', adminUnits)
    .where('parent_id', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return root !== undefined;
}
