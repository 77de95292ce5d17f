import { authorize, can } from '../access/scope.js';
import { grantUnitsFor, type AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';

/**
 * Who may do what with the member registry. A member is covered by their current unit, or
 * by the last one they belonged to: whoever reaches that unit for `record.read` may open the
 * record (every opening is logged) and show the full citizen ID (logged again); for
 * `record.write`, may transfer, record a departure, rejoin and erase. Admitting, rejoining and
 * importing need `record.write` at the unit the members go to; lists and exports show what the
 * user reaches for `record.read`.
 */

export const READ = 'record.read' as const;
export const WRITE = 'record.write' as const;

/** Refuses (403) unless the user may open the record of a member covered by `unitId`. */
export function authorizeRead(ctx: DbContext, user: AuthUser, unitId: number | null): Promise<void> {
  return authorize(ctx, user, READ, unitId);
}

/** Whether the user may change the record of a member covered by `unitId` (the member page offers the forms). */
export function mayEdit(ctx: DbContext, user: AuthUser, unitId: number | null): Promise<boolean> {
  return can(ctx, user, WRITE, unitId);
}

/** Refuses (403) unless the user may change the record of a member covered by `unitId`. */
export function authorizeEdit(ctx: DbContext, user: AuthUser, unitId: number | null): Promise<void> {
  return authorize(ctx, user, WRITE, unitId);
}

/** Refuses (403) unless the user may admit (or rejoin, or import) members into `unitId`. */
export function authorizeAdmit(ctx: DbContext, user: AuthUser, unitId: number): Promise<void> {
  return authorize(ctx, user, WRITE, unitId);
}

/** The full citizen ID is shown to whoever may open the record; the showing is logged. */
export function authorizeReveal(ctx: DbContext, user: AuthUser, unitId: number | null): Promise<void> {
  return authorizeRead(ctx, user, unitId);
}

/** The units whose subtrees hold the members a user may list and export. */
export function listRoots(user: AuthUser): number[] {
  return grantUnitsFor(user, READ);
}

/** The units whose subtrees a user may admit and import members into. */
export function admitRoots(user: AuthUser): number[] {
  return grantUnitsFor(user, WRITE);
}
