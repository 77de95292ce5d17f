import { sql, type Expression } from 'kysely';
import type { DbContext } from '../db/context.js';
import { Forbidden } from '../lib/errors.js';
import { grantUnitsFor, type AuthUser, type ScopeAction } from './user.js';

/**
 * The scope layer: a role held at a unit reaches that unit and every unit below it, as the
 * tree stands today (the closure table). Repositories filter lists with
 * `.where('x.unit_id', 'in', scopeUnitIds(user, action))`; services check one unit with
 * `can` / `authorize`, or a batch with `permittedUnits`.
 */

/** "Units this user reaches for this action": every unit id below the user's grants, as a subquery (none: an empty set). */
export function scopeUnitIds(user: AuthUser, action: ScopeAction): Expression<number> {
  const roots = grantUnitsFor(user, action);
  return sql<number>`(select descendant_id from unit_closure where ancestor_id in (${sql.join(roots.length ? roots : [-1])}))`;
}

/** can(user, action, unit): the user holds a role allowing `action` at `unitId` or at a unit above it (as of today). */
export async function can(ctx: DbContext, user: AuthUser, action: ScopeAction, unitId: number | null): Promise<boolean> {
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
export async function canAbove(ctx: DbContext, user: AuthUser, action: ScopeAction, unitId: number): Promise<boolean> {
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

/** Refuses (403) unless `can` allows it. */
export async function authorize(
  ctx: DbContext,
  user: AuthUser,
  action: ScopeAction,
  unitId: number | null,
  message?: string,
): Promise<void> {
  if (!(await can(ctx, user, action, unitId))) throw new Forbidden(message);
}

/** Of `unitIds`, those the user may `action` on: one query for a whole batch. */
export async function permittedUnits(ctx: DbContext, user: AuthUser, action: ScopeAction, unitIds: number[]): Promise<Set<number>> {
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

/** Records that hang off no unit (site-wide settings, unassigned sections) belong to administrators of a root unit. */
export async function isAdminAtRoot(ctx: DbContext, user: AuthUser): Promise<boolean> {
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
