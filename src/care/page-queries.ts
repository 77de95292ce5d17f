import { type AuthUser } from '../access/user.js';
import { scopeUnitIds } from '../access/scope.js';
import type { DbContext } from '../db/context.js';
import type { Fund } from '../db/schema.js';

/** The SQL the care pages need beyond the services: pickers and a case's history. */

const HISTORY_ACTIONS = [
  'care_case.propose',
  'care_case.update',
  'care_case.return',
  'care_case.resubmit',
  'care_case.approve',
  'care_case.pay',
  'care_case.unpay',
  'care_case.close',
  'care_case.attach',
];

export interface HistoryLine {
  id: number;
  at: number;
  action: string;
  actor: string;
}

/** What happened to a case, oldest first, from the audit log (reads are left out). */
export async function caseHistory(ctx: DbContext, caseId: number): Promise<HistoryLine[]> {
  const rows = await ctx.db
    .selectFrom('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .select(['e.id', 'e.at', 'e.action', 'e.actor_label', 'u.full_name'])
    .where('e.entity', '=', 'care_case')
    .where('e.entity_id', '=', String(caseId))
    .where('e.action', 'in', HISTORY_ACTIONS)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), at: Number(r.at), action: r.action, actor: r.full_name ?? r.actor_label }));
}

export type FundWithUnit = Fund & { unit_name: string };

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

export interface SelectedMember {
  id: number;
  fullName: string;
  birthYear: number | null;
  unitName: string;
}

/** A current member of the user's care scope (the one chosen in a form), with their unit. */
export async function memberInCareScope(ctx: DbContext, user: AuthUser, memberId: number): Promise<SelectedMember | null> {
  const r = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('members as p', 'p.id', 'm.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['p.id', 'p.full_name', 'p.birth_year', 'u.short_name as unit_name'])
    .where('p.id', '=', memberId)
    .where('m.ended_on', 'is', null)
    .where('p.erased_at', 'is', null)
    .where('m.unit_id', 'in', scopeUnitIds(user, 'care.propose'))
    .executeTakeFirst();
  return r ? { id: Number(r.id), fullName: r.full_name, birthYear: r.birth_year, unitName: r.unit_name } : null;
}
