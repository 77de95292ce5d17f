import { sql, type RawBuilder } from 'kysely';
import { scopeUnitIds } from '../access/scope.js';
import type { AuthUser, ScopeAction } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { IsoDate } from '../lib/dates.js';

/** The SQL of the care reports and of the public programme totals. */

/** One person however many cases: the member; otherwise the citizen ID; otherwise folded name and birth year (how cases.ts spots the same person). */
const PERSON = sql`CASE WHEN c.member_id IS NOT NULL THEN 'm' || CAST(c.member_id AS TEXT)
  WHEN c.recipient_citizen_id IS NOT NULL THEN 'c' || c.recipient_citizen_id
  ELSE 'n' || c.recipient_folded || '|' || COALESCE(CAST(c.recipient_birth_year AS TEXT), '') END`;

/** The payout day of a counted case, and the cash it took from the ledger. */
const PAID_ON = sql`c.paid_on`;
const PAID_CASH = sql`COALESCE(-e.amount, 0)`;

export const AGGREGATES = sql`count(DISTINCT person) AS people, count(*) AS cases, COALESCE(sum(cash), 0) AS cash, COALESCE(sum(in_kind), 0) AS in_kind`;

export interface RawRow {
  dim: string;
  k: string;
  people: number | string;
  cases: number | string;
  cash: number | string;
  in_kind: number | string;
}

/**
 * Every figure of the report in one statement: the subtree on `to` with each unit's branch
 * (the direct child of the root it lies under, or the root itself), the counted cases, then
 * one aggregate per breakdown.
 */
export async function reportRows(
  ctx: DbContext,
  rootId: number,
  from: IsoDate,
  to: IsoDate,
  user: AuthUser,
  action: ScopeAction,
  bucketLength: number,
): Promise<RawRow[]> {
  const current = (alias: string): RawBuilder<unknown> =>
    sql`${sql.ref(`${alias}.valid_from`)} <= ${to} AND (${sql.ref(`${alias}.valid_to`)} IS NULL OR ${sql.ref(`${alias}.valid_to`)} > ${to})`;
  const r = await sql<RawRow>`
    WITH RECURSIVE sub(unit_id, branch_id) AS (
      SELECT v.unit_id, v.unit_id FROM unit_versions v WHERE v.unit_id = ${rootId} AND ${current('v')}
      UNION ALL
      SELECT w.unit_id, CASE WHEN sub.unit_id = ${rootId} THEN w.unit_id ELSE sub.branch_id END
      FROM unit_versions w JOIN sub ON w.parent_id = sub.unit_id WHERE ${current('w')}
    ),
    counted AS (
      SELECT sub.branch_id, c.programme_id, c.reason, ${PAID_ON} AS paid_on, ${PAID_CASH} AS cash, c.in_kind_amount AS in_kind, ${PERSON} AS person
      FROM care_cases c
      JOIN sub ON sub.unit_id = c.proposing_unit_id
      LEFT JOIN fund_entries e ON e.id = c.paid_entry_id
      WHERE c.status IN ('paid', 'closed')
        AND c.proposing_unit_id IN ${scopeUnitIds(user, action)}
        AND ${PAID_ON} >= ${from} AND ${PAID_ON} <= ${to}
    )
    SELECT 'all' AS dim, '' AS k, ${AGGREGATES} FROM counted
    UNION ALL SELECT 'programme', COALESCE(CAST(programme_id AS TEXT), ''), ${AGGREGATES} FROM counted GROUP BY programme_id
    UNION ALL SELECT 'reason', reason, ${AGGREGATES} FROM counted GROUP BY reason
    UNION ALL SELECT 'unit', CAST(branch_id AS TEXT), ${AGGREGATES} FROM counted GROUP BY branch_id
    UNION ALL SELECT 'period', substr(paid_on, 1, ${sql.lit(bucketLength)}), ${AGGREGATES} FROM counted GROUP BY substr(paid_on, 1, ${sql.lit(bucketLength)})`.execute(
    ctx.db,
  );
  return r.rows;
}

export async function unitOrder(ctx: DbContext, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('units').select(['id', 'sort_order']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), Number(r.sort_order)]));
}

export async function programmeNames(ctx: DbContext, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('programmes').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/** Programmes whose totals are public, newest first, and the aggregates of their paid cases. */
export async function publishedProgrammeRows(ctx: DbContext, programmeId: number | null) {
  let q = ctx.db
    .selectFrom('programmes as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .selectAll('p')
    .select('u.full_name as organiser')
    .where('p.publish_totals', '=', 1);
  if (programmeId !== null) q = q.where('p.id', '=', programmeId);
  const programmes = await q.orderBy('p.starts_on', 'desc').orderBy('p.id', 'desc').execute();
  if (programmes.length === 0) return { programmes, rows: [] as Array<RawRow & { programme_id: number }> };
  const ids = programmes.map((p) => p.id);
  const r = await sql<RawRow & { programme_id: number }>`
    SELECT programme_id, ${AGGREGATES} FROM (
      SELECT c.programme_id, ${PAID_CASH} AS cash, c.in_kind_amount AS in_kind, ${PERSON} AS person
      FROM care_cases c LEFT JOIN fund_entries e ON e.id = c.paid_entry_id
      WHERE c.status IN ('paid', 'closed') AND c.programme_id IN (${sql.join(ids)})
    ) counted GROUP BY programme_id`.execute(ctx.db);
  return { programmes, rows: r.rows };
}
