import { recordAudit } from '../audit/audit.js';
import { canAnywhere, type AuthUser } from '../access/user.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { TransferRequestStatus } from '../db/schema.js';
import { Conflict, NotFound } from '../lib/errors.js';
import * as policy from './policy.js';
import * as repo from './repo.js';
import { checkTransfer, moveMemberIn, transferablePeriod, transferMember } from './service.js';
import * as transferRepo from './transfer-repo.js';

/**
 * Transfers to a unit outside the officer's scope: a request the receiving side accepts (the
 * transfer is then written, dated as requested) or refuses, and the requester may cancel.
 */

export type TransferOutcome = 'moved' | 'requested';

/** Chuyển sinh hoạt from the member page: at once inside the officer's scope, otherwise a request to the receiving unit. */
export async function transferOrRequest(
  ctx: DbContext,
  user: AuthUser,
  memberId: number,
  toUnitId: number,
  on: string,
): Promise<TransferOutcome> {
  if (await policy.mayAdmit(ctx, user, toUnitId)) {
    await transferMember(ctx, user, memberId, toUnitId, on);
    return 'moved';
  }
  await requestTransfer(ctx, user, memberId, toUnitId, on);
  return 'requested';
}

const ALREADY_WAITING = 'Đoàn viên này đã có một đề nghị chuyển sinh hoạt đang chờ: hãy chờ đơn vị nhận trả lời hoặc hủy đề nghị đó.';

/** Asks the receiving unit to take a member of the user's scope from `on`. */
export async function requestTransfer(ctx: DbContext, user: AuthUser, memberId: number, toUnitId: number, on: string): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const open = await transferablePeriod(tx, memberId);
    await policy.authorizeRequestTransfer(tx, user, open.unit_id);
    await checkTransfer(tx, open, toUnitId, on);
    if (await transferRepo.waitingRequestOf(tx, memberId)) throw new Conflict(ALREADY_WAITING);
    const id = await transferRepo.insertRequest(tx, {
      member_id: memberId,
      from_unit_id: open.unit_id,
      to_unit_id: toUnitId,
      transfer_on: on,
      requested_by: user.id,
    });
    if (id === null) throw new Conflict(ALREADY_WAITING);
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'member.transfer_request',
      entity: 'member',
      entityId: memberId,
      unitId: open.unit_id,
      after: { request_id: id, to_unit_id: toUnitId, on },
    });
    return id;
  });
}

const DECIDED: Record<TransferRequestStatus, string> = {
  waiting: 'đang chờ',
  accepted: 'đã được nhận',
  refused: 'đã bị từ chối',
  cancelled: 'đã được hủy',
  stale: 'không còn hiệu lực',
};

async function requestOrNotFound(ctx: DbContext, id: number) {
  const request = await transferRepo.findRequest(ctx, id);
  if (!request) throw new NotFound('Không có đề nghị chuyển sinh hoạt này.');
  return request;
}

/** Claims a waiting request for a decision; a request decided meanwhile (by another officer, at the same moment) is a 409. */
async function claim(tx: DbContext, id: number, status: 'accepted' | 'refused' | 'cancelled', user: AuthUser, reason: string | null) {
  if (await transferRepo.decideRequest(tx, id, status, user.id, reason)) return;
  const now = await transferRepo.findRequest(tx, id);
  throw new Conflict(`Đề nghị chuyển sinh hoạt này ${DECIDED[now?.status ?? 'stale']}: không thể xử lý lại.`);
}

/**
 * Accepts a request: the member is transferred on the requested date, with the running totals moved,
 * in one transaction with the audit. A member who left or moved since the request makes it stale:
 * it is closed as such and the officer told why (409).
 */
export async function acceptTransfer(ctx: DbContext, user: AuthUser, requestId: number): Promise<{ memberId: number }> {
  const outcome = await inTransaction(ctx, async (tx) => {
    const request = await requestOrNotFound(tx, requestId);
    await policy.authorizeDecideTransfer(tx, user, request.to_unit_id);
    await claim(tx, requestId, 'accepted', user, null);
    const actor = actorOf(user);
    const open = await repo.openMembership(tx, request.member_id);
    const member = await repo.findMember(tx, request.member_id);
    if (!member || member.erased_at || !open || open.unit_id !== request.from_unit_id || request.transfer_on <= open.started_on) {
      const why = 'Đoàn viên đã thôi sinh hoạt hoặc đã chuyển đơn vị sau khi có đề nghị: đề nghị không còn hiệu lực.';
      await transferRepo.setRequestStatus(tx, requestId, 'stale', why);
      await recordAudit(tx, {
        actor,
        action: 'member.transfer_stale',
        entity: 'member',
        entityId: request.member_id,
        unitId: request.to_unit_id,
        after: { request_id: requestId, reason: why },
      });
      return { stale: why };
    }
    await checkTransfer(tx, open, request.to_unit_id, request.transfer_on);
    await moveMemberIn(tx, actor, open, request.to_unit_id, request.transfer_on, requestId);
    await recordAudit(tx, {
      actor,
      action: 'member.transfer_accept',
      entity: 'member',
      entityId: request.member_id,
      unitId: request.to_unit_id,
      after: { request_id: requestId, from_unit_id: request.from_unit_id, on: request.transfer_on },
    });
    return { stale: null };
  });
  if (outcome.stale) throw new Conflict(outcome.stale);
  return { memberId: (await requestOrNotFound(ctx, requestId)).member_id };
}

/** Refuses a request, with the reason the requester will read. */
export async function refuseTransfer(ctx: DbContext, user: AuthUser, requestId: number, reason: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const request = await requestOrNotFound(tx, requestId);
    await policy.authorizeDecideTransfer(tx, user, request.to_unit_id);
    await claim(tx, requestId, 'refused', user, reason);
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'member.transfer_refuse',
      entity: 'member',
      entityId: request.member_id,
      unitId: request.to_unit_id,
      after: { request_id: requestId, reason },
    });
  });
}

/** The requester withdraws a request still waiting. */
export async function cancelTransfer(ctx: DbContext, user: AuthUser, requestId: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const request = await requestOrNotFound(tx, requestId);
    policy.authorizeCancelTransfer(user, request);
    await claim(tx, requestId, 'cancelled', user, null);
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'member.transfer_cancel',
      entity: 'member',
      entityId: request.member_id,
      unitId: request.from_unit_id,
      after: { request_id: requestId },
    });
  });
}

/** The requests page: waiting requests into the user's units (to accept or refuse) and out of them (the user's own may be cancelled). */
export async function transferRequestsPage(ctx: DbContext, user: AuthUser) {
  const [incoming, outgoing, answered] = await Promise.all([
    transferRepo.listIncoming(ctx, user, policy.WRITE),
    transferRepo.listOutgoing(ctx, user, policy.WRITE),
    transferRepo.listOutgoingDecided(ctx, user, policy.WRITE, Date.now() - ANSWERED_SHOWN_MS),
  ]);
  return {
    incoming,
    outgoing: outgoing.map((r) => ({ ...r, mayCancel: policy.mayCancelTransfer(user, r) })),
    answered,
  };
}

/** Answers to the user's units' requests stay on the page for 30 days. */
const ANSWERED_SHOWN_MS = 30 * 24 * 3600 * 1000;

/** What waits for the user's side (requests into their units) and on the other side (requests out of them): the desk's counts. */
export async function transfersWaiting(ctx: DbContext, user: AuthUser): Promise<{ incoming: number; outgoing: number } | null> {
  if (!canAnywhere(user, policy.WRITE)) return null;
  const [incoming, outgoing] = await Promise.all([
    transferRepo.countWaiting(ctx, user, policy.WRITE, 'to'),
    transferRepo.countWaiting(ctx, user, policy.WRITE, 'from'),
  ]);
  return { incoming, outgoing };
}
