import type { Action } from '../access/roles.js';
import { authorize, can, canAbove } from '../access/scope.js';
import { grantUnitsFor, type AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { CareCase, Programme } from '../db/schema.js';
import { Forbidden } from '../lib/errors.js';
import * as repo from './repo.js';

/**
 * Who may do what with care records beyond plain subtree scope: reading (cases hold health and
 * hardship details, so plain record.read is not enough), deciding and paying only above the
 * proposing unit, never approving one's own proposal, reading a programme from below it.
 */

/** Anyone holding a care or fund permission at the unit or above it may read its cases and funds. */
export const CARE_READ_ACTIONS: readonly Action[] = ['care.propose', 'care.approve', 'care.pay', 'fund.manage'];

export async function authorizeCareRead(ctx: DbContext, user: AuthUser, unitId: number): Promise<void> {
  await authorize(ctx, user, CARE_READ_ACTIONS, unitId, 'Hồ sơ, quỹ này thuộc đơn vị ngoài phạm vi của bạn.');
}

/** Deciding and paying belong to a unit strictly above the one that proposed. */
export async function authorizeAbove(
  ctx: DbContext,
  user: AuthUser,
  c: CareCase,
  action: 'care.approve' | 'care.pay',
  verb: string,
): Promise<void> {
  if (!(await canAbove(ctx, user, action, c.proposing_unit_id))) {
    throw new Forbidden(`Chỉ công đoàn cấp trên của đơn vị đề nghị, trong phạm vi được giao, mới được ${verb} hồ sơ này.`);
  }
}

/** Whoever last wrote a proposal answers for it and cannot approve it. */
export function refuseProposer(user: AuthUser, c: CareCase): void {
  if (c.proposed_by === user.id) throw new Forbidden('Người đề nghị không được tự duyệt hồ sơ của mình.');
}

/** Papers may be attached by the proposing unit and by those who decide on or pay the case. */
export async function mayAttachTo(ctx: DbContext, user: AuthUser, c: CareCase): Promise<boolean> {
  return (
    (await can(ctx, user, 'care.propose', c.proposing_unit_id)) ||
    (await canAbove(ctx, user, 'care.approve', c.proposing_unit_id)) ||
    (await canAbove(ctx, user, 'care.pay', c.proposing_unit_id))
  );
}

/** What the user may do with a case as it stands. */
export interface CaseActions {
  mayEdit: boolean;
  mayResubmit: boolean;
  mayApprove: boolean;
  mayReturn: boolean;
  mayPay: boolean;
  mayClose: boolean;
  mayAttach: boolean;
}

export async function caseActions(ctx: DbContext, user: AuthUser, c: CareCase): Promise<CaseActions> {
  const unitId = c.proposing_unit_id;
  const [proposer, decider, payer] = await Promise.all([
    can(ctx, user, 'care.propose', unitId),
    canAbove(ctx, user, 'care.approve', unitId),
    canAbove(ctx, user, 'care.pay', unitId),
  ]);
  const mayEdit = proposer && (c.status === 'proposed' || c.status === 'returned');
  const mayApprove = decider && c.status === 'proposed' && c.proposed_by !== user.id;
  const mayReturn = decider && c.status === 'proposed';
  return {
    mayEdit,
    mayResubmit: mayEdit && c.status === 'returned',
    mayApprove,
    mayReturn,
    mayPay: payer && c.status === 'approved',
    mayClose: payer && c.status === 'paid',
    mayAttach: c.status !== 'closed' && (proposer || mayApprove || mayReturn || payer),
  };
}

/** A programme reaches every unit below its organiser: those units' officers see it too. */
export async function authorizeProgrammeRead(ctx: DbContext, user: AuthUser, programme: Programme): Promise<void> {
  if (!(await repo.coversAny(ctx, programme.unit_id, grantUnitsFor(user, CARE_READ_ACTIONS))))
    await authorizeCareRead(ctx, user, programme.unit_id);
}

/** Programmes and their funds are managed by fund managers of the organising unit. */
export async function mayManageProgramme(ctx: DbContext, user: AuthUser, programme: Programme): Promise<boolean> {
  return can(ctx, user, 'fund.manage', programme.unit_id);
}
