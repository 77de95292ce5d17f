import type { DbContext } from '../db/context.js';

/** The SQL of a programme's papers: who received what under it. */

export interface ProgrammeRecipient {
  caseId: number;
  recipientName: string;
  unitId: number;
  unitName: string;
  unitOrder: number;
  cash: number;
  inKind: number;
}

/** The programme's cases that are given out (approved, paid or closed), in the tree order of their units; with `under`, only those of that unit and below. */
export async function programmeRecipients(ctx: DbContext, programmeId: number, under: number | null = null): Promise<ProgrammeRecipient[]> {
  let q = ctx.db
    .selectFrom('care_cases as c')
    .innerJoin('units as u', 'u.id', 'c.proposing_unit_id')
    .select(['c.id', 'c.recipient_name', 'u.id as unit_id', 'u.full_name', 'u.sort_order', 'c.cash_amount', 'c.in_kind_amount'])
    .where('c.programme_id', '=', programmeId)
    .where('c.status', 'in', ['approved', 'paid', 'closed'])
    .orderBy('u.sort_order')
    .orderBy('u.id')
    .orderBy('c.id');
  if (under !== null)
    q = q.where('c.proposing_unit_id', 'in', ctx.db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', under));
  const rows = await q.execute();
  return rows.map((r) => ({
    caseId: Number(r.id),
    recipientName: r.recipient_name,
    unitId: Number(r.unit_id),
    unitName: r.full_name,
    unitOrder: Number(r.sort_order),
    cash: Number(r.cash_amount),
    inKind: Number(r.in_kind_amount),
  }));
}
