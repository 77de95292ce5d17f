import type { DbContext } from '../db/context.js';
import type { LeaveReason, MembershipEnd, MembershipStart } from '../db/schema.js';

/** The SQL of corrections to a member's history (a wrongly recorded admission, transfer, leave or rejoin). */

/** A membership period as a correction reads and rewrites it, with its unit's name. */
export interface PeriodRow {
  id: number;
  unit_id: number;
  unit_name: string;
  started_on: string;
  start_kind: MembershipStart;
  ended_on: string | null;
  end_kind: MembershipEnd | null;
  end_reason: LeaveReason | null;
  end_note: string | null;
}

/** A member's periods in order (first to last). */
export async function periodsOf(ctx: DbContext, memberId: number): Promise<PeriodRow[]> {
  const rows = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select([
      'm.id',
      'm.unit_id',
      'u.short_name as unit_name',
      'm.started_on',
      'm.start_kind',
      'm.ended_on',
      'm.end_kind',
      'm.end_reason',
      'm.end_note',
    ])
    .where('m.member_id', '=', memberId)
    .orderBy('m.started_on')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), unit_id: Number(r.unit_id) }));
}

/**
 * Rewrites a period's dates and ending, only if it still stands as `was` (another correction of the
 * same member, at the same moment, changes nothing here): false when it did not.
 */
export async function rewritePeriod(ctx: DbContext, was: PeriodRow, now: PeriodRow): Promise<boolean> {
  let q = ctx.db
    .updateTable('memberships')
    .set({
      started_on: now.started_on,
      ended_on: now.ended_on,
      end_kind: now.end_kind,
      end_reason: now.end_reason,
      end_note: now.end_note,
    })
    .where('id', '=', was.id)
    .where('started_on', '=', was.started_on);
  q = was.ended_on === null ? q.where('ended_on', 'is', null) : q.where('ended_on', '=', was.ended_on);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes a period, only if it still stands as `was`: false when it did not. */
export async function deletePeriod(ctx: DbContext, was: PeriodRow): Promise<boolean> {
  let q = ctx.db.deleteFrom('memberships').where('id', '=', was.id).where('started_on', '=', was.started_on);
  q = was.ended_on === null ? q.where('ended_on', 'is', null) : q.where('ended_on', '=', was.ended_on);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** The version intervals of a unit that overlap [from, to) (to null: to this day and on), in order. */
export async function unitVersionSpans(
  ctx: DbContext,
  unitId: number,
  from: string,
  to: string | null,
): Promise<Array<{ valid_from: string; valid_to: string | null }>> {
  let q = ctx.db
    .selectFrom('unit_versions')
    .select(['valid_from', 'valid_to'])
    .where('unit_id', '=', unitId)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', from)]));
  if (to !== null) q = q.where('valid_from', '<', to);
  return q.orderBy('valid_from').execute();
}

/** How many care cases name the member (as recipient, or as the parent of a child who receives). */
export async function careCasesNaming(ctx: DbContext, memberId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('care_cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('member_id', '=', memberId), eb('parent_member_id', '=', memberId)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Removes a member recorded in error (their only period already deleted): the transfer requests
 * decided about them (none waits: the caller checked), then the record. The audit log keeps what happened.
 */
export async function deleteMemberRecordedInError(ctx: DbContext, memberId: number): Promise<number> {
  const requests = await ctx.db.deleteFrom('member_transfer_requests').where('member_id', '=', memberId).executeTakeFirst();
  await ctx.db.deleteFrom('members').where('id', '=', memberId).execute();
  return Number(requests.numDeletedRows);
}
