import type { DbContext } from '../db/context.js';

/** What a ledger page shows beside each entry: the other fund of a transfer, the linked reversals, who recorded it. */
export interface EntryDetails {
  counterpartFundId: number | null;
  counterpartFundName: string | null;
  /** The day of the entry that reversed this one. */
  reversedOn: string | null;
  /** The day of the entry this one reverses. */
  reversesOn: string | null;
  recordedBy: string | null;
}

/**
 * The details of the entries of a fund dated from `from` to `to` (both included), by entry id.
 * Read only after ledgerOf has let the user see the fund.
 */
export async function ledgerDetails(ctx: DbContext, fundId: number, from: string, to: string): Promise<Map<number, EntryDetails>> {
  const rows = await ctx.db
    .selectFrom('fund_entries as e')
    .leftJoin('fund_entries as o', (j) => j.onRef('o.transfer_id', '=', 'e.transfer_id').onRef('o.fund_id', '<>', 'e.fund_id'))
    .leftJoin('funds as of', 'of.id', 'o.fund_id')
    .leftJoin('fund_entries as r', 'r.reverses_entry_id', 'e.id')
    .leftJoin('fund_entries as orig', 'orig.id', 'e.reverses_entry_id')
    .leftJoin('users as u', 'u.id', 'e.created_by')
    .select([
      'e.id',
      'of.id as counterpart_fund_id',
      'of.name as counterpart_fund_name',
      'r.entry_date as reversed_on',
      'orig.entry_date as reverses_on',
      'u.full_name as recorded_by',
    ])
    .where('e.fund_id', '=', fundId)
    .where('e.entry_date', '>=', from)
    .where('e.entry_date', '<=', to)
    .execute();
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        counterpartFundId: r.counterpart_fund_id === null ? null : Number(r.counterpart_fund_id),
        counterpartFundName: r.counterpart_fund_name,
        reversedOn: r.reversed_on,
        reversesOn: r.reverses_on,
        recordedBy: r.recorded_by,
      },
    ]),
  );
}
