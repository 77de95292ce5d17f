import { authorize, can } from '../access/scope.js';
import { grantUnitsFor, type AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { Forbidden } from '../lib/errors.js';
import { latestMembership } from './repo.js';

/**
 * Who may do what with the member registry. A member is covered by their current unit, or,
 * for a former member, by the last unit they belonged to (`coveringUnit`): every command and
 * read on a member checks it. Whoever reaches that unit for `record.read` may open the record
 * (every opening is logged) and show the full citizen ID (logged again); for `record.write`,
 * may transfer, record a departure, rejoin, erase. Admitting, rejoining and importing also need
 * `record.write` at the unit the members go to; a rejoin needs both. A transfer to a unit the
 * user does not reach is a request: an officer who reaches the receiving unit for `record.write`
 * accepts or refuses it, and the requester may cancel it. Lists and exports show what the user
 * reaches for `record.read`.
 */

export const READ = 'record.read' as const;
export const WRITE = 'record.write' as const;

/** The unit that covers a member for permissions: their current unit, or for a former member the last one (null: none). */
export async function coveringUnit(ctx: DbContext, memberId: number): Promise<number | null> {
  return (await latestMembership(ctx, memberId))?.unit_id ?? null;
}

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

/** Whether the user may put members into `unitId` (admit, rejoin, import, transfer there at once). */
export function mayAdmit(ctx: DbContext, user: AuthUser, unitId: number): Promise<boolean> {
  return can(ctx, user, WRITE, unitId);
}

/** Refuses (403) unless the user may admit (or rejoin, or import) members into `unitId`. */
export function authorizeAdmit(ctx: DbContext, user: AuthUser, unitId: number): Promise<void> {
  return authorize(ctx, user, WRITE, unitId);
}

/** Kết nạp lại: the former member's last unit and the receiving unit must both be in the user's write scope. */
export async function authorizeRejoin(ctx: DbContext, user: AuthUser, lastUnitId: number | null, toUnitId: number): Promise<void> {
  await authorizeEdit(ctx, user, lastUnitId);
  await authorizeAdmit(ctx, user, toUnitId);
}

/** An immediate transfer: the member's current unit and the receiving unit are both in the user's write scope. */
export async function authorizeTransfer(ctx: DbContext, user: AuthUser, fromUnitId: number, toUnitId: number): Promise<void> {
  await authorizeEdit(ctx, user, fromUnitId);
  await authorize(ctx, user, WRITE, toUnitId, 'Đơn vị chuyển đến ngoài phạm vi của bạn: hãy gửi đề nghị để đơn vị đó nhận.');
}

/** Requesting a transfer out of one's scope needs write scope over the member's current unit. */
export function authorizeRequestTransfer(ctx: DbContext, user: AuthUser, fromUnitId: number): Promise<void> {
  return authorizeEdit(ctx, user, fromUnitId);
}

/** Whether the user may accept or refuse a request to move a member into `toUnitId`. */
export function mayDecideTransfer(ctx: DbContext, user: AuthUser, toUnitId: number): Promise<boolean> {
  return can(ctx, user, WRITE, toUnitId);
}

/** Refuses (403) unless the user may accept or refuse a request to move a member into `toUnitId`. */
export function authorizeDecideTransfer(ctx: DbContext, user: AuthUser, toUnitId: number): Promise<void> {
  return authorize(ctx, user, WRITE, toUnitId, 'Chỉ cán bộ của đơn vị nhận mới nhận hoặc từ chối được đề nghị này.');
}

/** Only the person who sent a transfer request may cancel it. */
export function mayCancelTransfer(user: AuthUser, request: { requested_by: number }): boolean {
  return request.requested_by === user.id;
}

export function authorizeCancelTransfer(user: AuthUser, request: { requested_by: number }): void {
  if (!mayCancelTransfer(user, request)) throw new Forbidden('Chỉ người gửi đề nghị mới hủy được.');
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

/**
 * Exporting the list needs `record.read` over the unit chosen (its whole subtree is exported),
 * or, without a unit, somewhere (the export covers everything the user reaches).
 */
export async function authorizeExport(ctx: DbContext, user: AuthUser, unitId: number | null): Promise<void> {
  if (unitId !== null)
    return authorize(ctx, user, READ, unitId, 'Đơn vị này ngoài phạm vi của bạn: không xuất được danh sách đoàn viên của nó.');
  if (listRoots(user).length === 0) throw new Forbidden('Bạn không có quyền xem danh sách đoàn viên.');
}

/**
 * Correcting the history (a date changed, an event undone) touches every unit of the event: for a
 * transfer the source and the destination, for a rejoin the unit left and the unit rejoined. The
 * user needs `record.write` over each of them; covering one side only is refused.
 */
export async function authorizeCorrection(ctx: DbContext, user: AuthUser, units: Array<{ id: number; name: string }>): Promise<void> {
  const names = [...new Set(units.map((u) => u.name))].join(' và ');
  for (const unit of units)
    await authorize(
      ctx,
      user,
      WRITE,
      unit.id,
      `${unit.name} ngoài phạm vi của bạn: chỉ cán bộ quản lý ${units.length > 1 ? `cả ${names}` : names} mới đính chính được việc này.`,
    );
}
