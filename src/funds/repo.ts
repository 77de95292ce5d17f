import { sql, type Insertable } from 'kysely';
import type { AuthUser, ScopeAction } from '../access/user.js';
import { scopeUnitIds } from '../access/scope.js';
import type { DbContext } from '../db/context.js';
import type { Fund, FundEntry, FundEntryTable, FundKind, Unit } from '../db/schema.js';

/** Every SQL statement of the funds: funds, their ledgers and the details a ledger page shows. */

export type FundWithUnit = Fund & { unit_name: string };

export async function insertFund(ctx: DbContext, values: { unit_id: number; name: string; kind: FundKind }): Promise<Fund> {
  return ctx.db
    .insertInto('funds')
    .values({ ...values, created_at: Date.now(), closed_on: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findFund(ctx: DbContext, id: number): Promise<Fund | undefined> {
  return ctx.db.selectFrom('funds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findFundByName(ctx: DbContext, unitId: number, name: string): Promise<Fund | undefined> {
  return ctx.db.selectFrom('funds').selectAll().where('unit_id', '=', unitId).where('name', '=', name).executeTakeFirst();
}

export async function setFundClosedOn(ctx: DbContext, id: number, on: string | null): Promise<void> {
  await ctx.db.updateTable('funds').set({ closed_on: on }).where('id', '=', id).execute();
}

/**
 * Takes the write lock of each fund, in id order so two writers locking the same funds cannot deadlock.
 * It must be the first statement of a ledger-writing transaction: on PostgreSQL it holds
 * the fund's row until commit, on SQLite it takes the database's write lock before anything is read.
 */
export async function lockFunds(ctx: DbContext, fundIds: number[]): Promise<void> {
  for (const id of [...new Set(fundIds)].sort((a, b) => a - b)) {
    await ctx.db
      .updateTable('funds')
      .set((eb) => ({ name: eb.ref('name') }))
      .where('id', '=', id)
      .execute();
  }
}

export type NewEntry = Omit<Insertable<FundEntryTable>, 'id' | 'created_at'>;

export async function insertEntry(ctx: DbContext, values: NewEntry): Promise<FundEntry> {
  return ctx.db
    .insertInto('fund_entries')
    .values({ ...values, created_at: Date.now() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findEntry(ctx: DbContext, id: number): Promise<FundEntry | undefined> {
  return ctx.db.selectFrom('fund_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function entriesOfTransfer(ctx: DbContext, transferId: string): Promise<FundEntry[]> {
  return ctx.db.selectFrom('fund_entries').selectAll().where('transfer_id', '=', transferId).orderBy('id').execute();
}

export async function findReversalOf(ctx: DbContext, entryId: number): Promise<FundEntry | undefined> {
  return ctx.db.selectFrom('fund_entries').selectAll().where('reverses_entry_id', '=', entryId).executeTakeFirst();
}

/** The balance at the end of `date`: every entry dated that day or before. */
export async function balanceAsOf(ctx: DbContext, fundId: number, date: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('fund_entries')
    .select((eb) => eb.fn.sum<number | null>('amount').as('total'))
    .where('fund_id', '=', fundId)
    .where('entry_date', '<=', date)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** The lowest end-of-day balance from `date` on: what a back-dated outflow must not exceed. */
export async function lowestBalanceFrom(ctx: DbContext, fundId: number, date: string): Promise<number> {
  const r = await sql<{ low: number | null }>`
    SELECT min(running) AS low FROM (
      SELECT entry_date, sum(sum(amount)) OVER (ORDER BY entry_date) AS running
      FROM fund_entries WHERE fund_id = ${fundId} GROUP BY entry_date
    ) daily WHERE entry_date > ${date}`.execute(ctx.db);
  const atDate = await balanceAsOf(ctx, fundId, date);
  const later = r.rows[0]?.low;
  return later === null || later === undefined ? atDate : Math.min(atDate, Number(later));
}

export interface LedgerLine extends FundEntry {
  reversed_by: number | null;
}

/** Entries dated from `from` to `to` (both included), oldest first, each with the id of the entry that reversed it. */
export function entriesBetween(ctx: DbContext, fundId: number, from: string, to: string): Promise<LedgerLine[]> {
  return entriesPage(ctx, fundId, from, to, null, 0);
}

/** How many entries a period holds, and the money in and out over it. */
export async function periodSums(ctx: DbContext, fundId: number, from: string, to: string) {
  const row = await ctx.db
    .selectFrom('fund_entries')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number | null>(eb.case().when('amount', '>', 0).then(eb.ref('amount')).else(0).end()).as('inflow'),
      eb.fn.sum<number | null>(eb.case().when('amount', '<', 0).then(eb.ref('amount')).else(0).end()).as('outflow'),
    ])
    .where('fund_id', '=', fundId)
    .where('entry_date', '>=', from)
    .where('entry_date', '<=', to)
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), inflow: Number(row?.inflow ?? 0), outflow: Number(row?.outflow ?? 0) };
}

/** One page of a period's entries (`limit` null: all of them), in ledger order (day, then id), each with the id of the entry that reversed it. */
export async function entriesPage(
  ctx: DbContext,
  fundId: number,
  from: string,
  to: string,
  limit: number | null,
  offset: number,
): Promise<LedgerLine[]> {
  let q = ctx.db
    .selectFrom('fund_entries as e')
    .leftJoin('fund_entries as r', 'r.reverses_entry_id', 'e.id')
    .selectAll('e')
    .select('r.id as reversed_by')
    .where('e.fund_id', '=', fundId)
    .where('e.entry_date', '>=', from)
    .where('e.entry_date', '<=', to)
    .orderBy('e.entry_date')
    .orderBy('e.id');
  if (limit !== null) q = q.limit(limit).offset(offset);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, reversed_by: r.reversed_by === null ? null : Number(r.reversed_by) }));
}

/** The sum of the first `count` entries of a period in ledger order: what the running balance has moved by before a page. */
export async function sumOfFirstEntries(ctx: DbContext, fundId: number, from: string, to: string, count: number): Promise<number> {
  if (count <= 0) return 0;
  const first = ctx.db
    .selectFrom('fund_entries')
    .select('amount')
    .where('fund_id', '=', fundId)
    .where('entry_date', '>=', from)
    .where('entry_date', '<=', to)
    .orderBy('entry_date')
    .orderBy('id')
    .limit(count)
    .as('first');
  const row = await ctx.db
    .selectFrom(first)
    .select((eb) => eb.fn.sum<number | null>('first.amount').as('total'))
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** Funds of the units the user reaches for `action`; with `under`, only those of that unit and the units below it. */
export async function listFundsInScope(
  ctx: DbContext,
  user: AuthUser,
  action: ScopeAction,
  under: number | null = null,
): Promise<FundWithUnit[]> {
  let q = ctx.db
    .selectFrom('funds as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .selectAll('f')
    .select('u.short_name as unit_name')
    .where('f.unit_id', 'in', scopeUnitIds(user, action));
  if (under !== null)
    q = q.where('f.unit_id', 'in', ctx.db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', under));
  return q.orderBy('u.sort_order').orderBy('f.unit_id').orderBy('f.name').execute();
}

/** Active units the user reaches for `action`, in tree order. */
export async function activeUnitsInScope(ctx: DbContext, user: AuthUser, action: ScopeAction): Promise<Unit[]> {
  return ctx.db
    .selectFrom('units')
    .selectAll()
    .where('units.id', 'in', scopeUnitIds(user, action))
    .where('status', '=', 'active')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

/** Funds of the units strictly above `unitId`, nearest first. */
export async function fundsAbove(ctx: DbContext, unitId: number): Promise<FundWithUnit[]> {
  return ctx.db
    .selectFrom('funds as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .innerJoin('unit_closure as c', 'c.ancestor_id', 'f.unit_id')
    .selectAll('f')
    .select('u.short_name as unit_name')
    .where('c.descendant_id', '=', unitId)
    .where('c.depth', '>', 0)
    .orderBy('c.depth')
    .orderBy('f.name')
    .execute();
}

export async function fundsByIds(ctx: DbContext, ids: number[]): Promise<FundWithUnit[]> {
  if (ids.length === 0) return [];
  return ctx.db
    .selectFrom('funds as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .selectAll('f')
    .select('u.short_name as unit_name')
    .where('f.id', 'in', ids)
    .orderBy('u.sort_order')
    .orderBy('f.name')
    .execute();
}

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
 * The details of the given entries of a fund, by entry id.
 * Read only after ledgerOf has let the user see the fund.
 */
export async function ledgerDetails(ctx: DbContext, fundId: number, entryIds: number[]): Promise<Map<number, EntryDetails>> {
  if (entryIds.length === 0) return new Map();
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
    .where('e.id', 'in', entryIds)
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

/** The funds of a unit, by name (a merged unit's funds pass to the unit that takes it in). */
export async function fundsOfUnit(ctx: DbContext, unitId: number): Promise<Array<{ id: number; name: string }>> {
  const rows = await ctx.db
    .selectFrom('funds')
    .select(['id', 'name'])
    .where('unit_id', '=', unitId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

/** Gives a fund to another unit, under the name it will hold there (names are unique within a unit). */
export async function moveFund(ctx: DbContext, fundId: number, toUnitId: number, name: string): Promise<void> {
  await ctx.db.updateTable('funds').set({ unit_id: toUnitId, name }).where('id', '=', fundId).execute();
}

/** What a payment voucher (phiếu chi) of a payout names: the case's recipient, reason and unit, and its programme. */
export interface PayoutDetails {
  caseId: number;
  recipientName: string;
  reason: string;
  description: string;
  unitName: string;
  programmeName: string | null;
}

export async function payoutDetails(ctx: DbContext, caseId: number): Promise<PayoutDetails | undefined> {
  const row = await ctx.db
    .selectFrom('care_cases as c')
    .innerJoin('units as u', 'u.id', 'c.proposing_unit_id')
    .leftJoin('programmes as p', 'p.id', 'c.programme_id')
    .select(['c.id', 'c.recipient_name', 'c.reason', 'c.description', 'u.full_name as unit_name', 'p.name as programme_name'])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    caseId: Number(row.id),
    recipientName: row.recipient_name,
    reason: row.reason,
    description: row.description,
    unitName: row.unit_name,
    programmeName: row.programme_name,
  };
}
