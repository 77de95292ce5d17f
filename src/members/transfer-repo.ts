import { scopeUnitIds } from '../access/scope.js';
import type { AuthUser, ScopeAction } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { MemberTransferRequest, TransferRequestStatus } from '../db/schema.js';

/** Every SQL statement of the transfer requests (a transfer to a unit outside the requester's scope). */

/** Records a waiting request; null when the member already has one (the partial unique index, for two requests sent at once). */
export async function insertRequest(
  ctx: DbContext,
  values: { member_id: number; from_unit_id: number; to_unit_id: number; transfer_on: string; requested_by: number },
): Promise<number | null> {
  try {
    const row = await ctx.db
      .insertInto('member_transfer_requests')
      .values({ ...values, status: 'waiting', requested_at: Date.now(), decided_by: null, decided_at: null, reason: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  } catch (e) {
    const code = String((e as { code?: unknown }).code ?? '');
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') return null;
    throw e;
  }
}

export async function findRequest(ctx: DbContext, id: number): Promise<MemberTransferRequest | undefined> {
  return ctx.db.selectFrom('member_transfer_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Moves a waiting request to `status`; false when it was no longer waiting. The condition makes a
 * second decision (two officers accepting at once) change nothing: on PostgreSQL the second update
 * waits for the first transaction's row lock and then finds the row decided.
 */
export async function decideRequest(
  ctx: DbContext,
  id: number,
  status: Exclude<TransferRequestStatus, 'waiting'>,
  by: number | null,
  reason: string | null,
): Promise<boolean> {
  const r = await ctx.db
    .updateTable('member_transfer_requests')
    .set({ status, decided_by: by, decided_at: Date.now(), reason })
    .where('id', '=', id)
    .where('status', '=', 'waiting')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets the outcome of a request already claimed in this transaction (an accepted one found stale). */
export async function setRequestStatus(ctx: DbContext, id: number, status: TransferRequestStatus, reason: string | null): Promise<void> {
  await ctx.db.updateTable('member_transfer_requests').set({ status, reason }).where('id', '=', id).execute();
}

/** The request waiting for a member, if any. */
export async function waitingRequestOf(ctx: DbContext, memberId: number): Promise<MemberTransferRequest | undefined> {
  return ctx.db
    .selectFrom('member_transfer_requests')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('status', '=', 'waiting')
    .executeTakeFirst();
}

/** The requests waiting out of (`from`) or into (`to`) a unit. */
export async function waitingRequestsAt(ctx: DbContext, unitId: number, side: 'from' | 'to'): Promise<MemberTransferRequest[]> {
  return ctx.db
    .selectFrom('member_transfer_requests')
    .selectAll()
    .where(side === 'from' ? 'from_unit_id' : 'to_unit_id', '=', unitId)
    .where('status', '=', 'waiting')
    .orderBy('id')
    .execute();
}

/** A request as the pages show it: the member's name, both units and the requester. */
export interface TransferRequestRow {
  id: number;
  member_id: number;
  member_name: string;
  from_unit_id: number;
  from_unit_name: string;
  to_unit_id: number;
  to_unit_name: string;
  transfer_on: string;
  requested_by: number;
  requester_name: string;
  requested_at: number;
  status: TransferRequestStatus;
  reason: string | null;
  decided_at: number | null;
}

function requestRows(ctx: DbContext, status: 'waiting' | 'decided' = 'waiting') {
  return ctx.db
    .selectFrom('member_transfer_requests as r')
    .innerJoin('members as p', 'p.id', 'r.member_id')
    .innerJoin('units as f', 'f.id', 'r.from_unit_id')
    .innerJoin('units as t', 't.id', 'r.to_unit_id')
    .innerJoin('users as u', 'u.id', 'r.requested_by')
    .select([
      'r.id',
      'r.member_id',
      'p.full_name as member_name',
      'r.from_unit_id',
      'f.short_name as from_unit_name',
      'r.to_unit_id',
      't.short_name as to_unit_name',
      'r.transfer_on',
      'r.requested_by',
      'u.full_name as requester_name',
      'r.requested_at',
      'r.status',
      'r.reason',
      'r.decided_at',
    ])
    .where('r.status', status === 'waiting' ? '=' : '<>', 'waiting')
    .orderBy('r.requested_at')
    .orderBy('r.id');
}

/** The waiting request of one member, with names. */
export async function waitingRequestRowOf(ctx: DbContext, memberId: number): Promise<TransferRequestRow | undefined> {
  return (await requestRows(ctx).where('r.member_id', '=', memberId).executeTakeFirst()) as TransferRequestRow | undefined;
}

const LIST_LIMIT = 500;

/** Waiting requests into units the user reaches for `action` (incoming). */
export async function listIncoming(ctx: DbContext, user: AuthUser, action: ScopeAction): Promise<TransferRequestRow[]> {
  return (await requestRows(ctx)
    .where('r.to_unit_id', 'in', scopeUnitIds(user, action))
    .limit(LIST_LIMIT)
    .execute()) as TransferRequestRow[];
}

/** Waiting requests out of units the user reaches for `action` (outgoing: sent by them or by colleagues of those units). */
export async function listOutgoing(ctx: DbContext, user: AuthUser, action: ScopeAction): Promise<TransferRequestRow[]> {
  return (await requestRows(ctx)
    .where('r.from_unit_id', 'in', scopeUnitIds(user, action))
    .limit(LIST_LIMIT)
    .execute()) as TransferRequestRow[];
}

/** Requests out of units the user reaches for `action` that were answered since `since` (epoch ms), latest first. */
export async function listOutgoingDecided(
  ctx: DbContext,
  user: AuthUser,
  action: ScopeAction,
  since: number,
): Promise<TransferRequestRow[]> {
  return (await requestRows(ctx, 'decided')
    .clearOrderBy()
    .where('r.from_unit_id', 'in', scopeUnitIds(user, action))
    .where('r.decided_at', '>=', since)
    .orderBy('r.decided_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(LIST_LIMIT)
    .execute()) as TransferRequestRow[];
}

/** How many requests wait into (`to`) or out of (`from`) the units the user reaches for `action`: what listIncoming / listOutgoing list. */
export async function countWaiting(ctx: DbContext, user: AuthUser, action: ScopeAction, side: 'from' | 'to'): Promise<number> {
  const row = await ctx.db
    .selectFrom('member_transfer_requests as r')
    .where('r.status', '=', 'waiting')
    .where(side === 'to' ? 'r.to_unit_id' : 'r.from_unit_id', 'in', scopeUnitIds(user, action))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
