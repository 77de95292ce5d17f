import type { ExpressionBuilder, Insertable } from 'kysely';
import { scopeUnitIds } from '../access/scope.js';
import { grantUnitsFor, type AuthUser, type ScopeAction } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type {
  CareAttachment,
  CareCase,
  CareCaseStatus,
  CareCaseTable,
  CareReason,
  Database,
  Programme,
  ProgrammeTable,
  Unit,
} from '../db/schema.js';

/** Every SQL statement of care: programmes, cases, their attachments and history, and the pickers of the care forms. */

/** Active units the user reaches for `action`, in tree order; with `under`, only that unit and those below it. */
export async function activeUnitsInScope(
  ctx: DbContext,
  user: AuthUser,
  action: ScopeAction,
  under: number | null = null,
): Promise<Unit[]> {
  let q = ctx.db.selectFrom('units').selectAll().where('units.id', 'in', scopeUnitIds(user, action)).where('status', '=', 'active');
  if (under !== null)
    q = q.where('units.id', 'in', ctx.db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', under));
  return q.orderBy('sort_order').orderBy('id').execute();
}

/** Every unit the user reaches for `action` (dissolved ones too: old cases name them), in tree order. */
export async function unitsInScope(ctx: DbContext, user: AuthUser, action: ScopeAction): Promise<Unit[]> {
  return ctx.db
    .selectFrom('units')
    .selectAll()
    .where('units.id', 'in', scopeUnitIds(user, action))
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

/** Whether `descendantId` is `ancestorId` or lies below it, as the tree stands today. */
export async function isWithin(ctx: DbContext, ancestorId: number, descendantId: number): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('unit_closure')
    .select('depth')
    .where('ancestor_id', '=', ancestorId)
    .where('descendant_id', '=', descendantId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether `ancestorId` is one of `unitIds` or lies above one of them. */
export async function coversAny(ctx: DbContext, ancestorId: number, unitIds: number[]): Promise<boolean> {
  if (unitIds.length === 0) return false;
  const row = await ctx.db
    .selectFrom('unit_closure')
    .select('depth')
    .where('ancestor_id', '=', ancestorId)
    .where('descendant_id', 'in', unitIds)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// Programmes

export type ProgrammeValues = Omit<Insertable<ProgrammeTable>, 'id' | 'created_at' | 'updated_at'>;

export async function insertProgramme(ctx: DbContext, values: ProgrammeValues): Promise<Programme> {
  const now = Date.now();
  return ctx.db
    .insertInto('programmes')
    .values({ ...values, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateProgramme(ctx: DbContext, id: number, values: Partial<ProgrammeValues>): Promise<void> {
  await ctx.db
    .updateTable('programmes')
    .set({ ...values, updated_at: Date.now() })
    .where('id', '=', id)
    .execute();
}

export async function findProgramme(ctx: DbContext, id: number): Promise<Programme | undefined> {
  return ctx.db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Takes the programme's row lock: two imports of one programme's list run one after the other. */
export async function lockProgramme(ctx: DbContext, id: number): Promise<void> {
  await ctx.db
    .updateTable('programmes')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('id', '=', id)
    .execute();
}

export async function fundIdsOfProgramme(ctx: DbContext, programmeId: number): Promise<number[]> {
  const rows = await ctx.db
    .selectFrom('programme_funds')
    .select('fund_id')
    .where('programme_id', '=', programmeId)
    .orderBy('fund_id')
    .execute();
  return rows.map((r) => Number(r.fund_id));
}

export async function replaceProgrammeFunds(ctx: DbContext, programmeId: number, fundIds: number[]): Promise<void> {
  await ctx.db.deleteFrom('programme_funds').where('programme_id', '=', programmeId).execute();
  if (fundIds.length)
    await ctx.db
      .insertInto('programme_funds')
      .values(fundIds.map((fund_id) => ({ programme_id: programmeId, fund_id })))
      .execute();
}

/** Programmes a user works with: organised in their scope, or above a unit of their scope (a province's programme reaches its grassroots unions). */
export async function listProgrammesFor(
  ctx: DbContext,
  user: AuthUser,
  action: ScopeAction,
  activeOn: string | null,
): Promise<Array<Programme & { unit_name: string }>> {
  const roots = grantUnitsFor(user, action);
  if (roots.length === 0) return [];
  let q = ctx.db
    .selectFrom('programmes as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .selectAll('p')
    .select('u.short_name as unit_name')
    .where((eb) =>
      eb.or([
        eb('p.unit_id', 'in', scopeUnitIds(user, action)),
        eb('p.unit_id', 'in', eb.selectFrom('unit_closure').select('ancestor_id').where('descendant_id', 'in', roots)),
      ]),
    );
  if (activeOn) q = q.where('p.starts_on', '<=', activeOn).where('p.ends_on', '>=', activeOn);
  return q.orderBy('p.starts_on', 'desc').orderBy('p.id', 'desc').execute();
}

export interface ProgrammeCaseTotals {
  status: CareCaseStatus;
  cases: number;
  cash: number;
  in_kind: number;
}

export async function programmeCaseTotals(ctx: DbContext, programmeId: number): Promise<ProgrammeCaseTotals[]> {
  const rows = await ctx.db
    .selectFrom('care_cases')
    .select((eb) => [
      'status',
      eb.fn.countAll<number>().as('cases'),
      eb.fn.sum<number>('cash_amount').as('cash'),
      eb.fn.sum<number>('in_kind_amount').as('in_kind'),
    ])
    .where('programme_id', '=', programmeId)
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, cases: Number(r.cases), cash: Number(r.cash ?? 0), in_kind: Number(r.in_kind ?? 0) }));
}

/** Cash paid out for a programme's cases as the ledger has it: payouts less their reversals. */
export async function programmePaidCash(ctx: DbContext, programmeId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('fund_entries')
    .select((eb) => eb.fn.sum<number | null>('amount').as('total'))
    .where('case_id', 'in', ctx.db.selectFrom('care_cases').select('id').where('programme_id', '=', programmeId))
    .executeTakeFirst();
  return -Number(row?.total ?? 0);
}

/** The first and last day of a programme's cases, and how many there are. */
export async function programmeCaseSpan(
  ctx: DbContext,
  programmeId: number,
): Promise<{ first: string | null; last: string | null; cases: number }> {
  const row = await ctx.db
    .selectFrom('care_cases')
    .select((eb) => [
      eb.fn.min<string | null>('occurred_on').as('first'),
      eb.fn.max<string | null>('occurred_on').as('last'),
      eb.fn.countAll<number>().as('cases'),
    ])
    .where('programme_id', '=', programmeId)
    .executeTakeFirst();
  return { first: row?.first ?? null, last: row?.last ?? null, cases: Number(row?.cases ?? 0) };
}

// Care cases

export type CaseValues = Omit<Insertable<CareCaseTable>, 'id' | 'version' | 'created_at' | 'updated_at'>;

export async function insertCase(ctx: DbContext, values: CaseValues): Promise<CareCase> {
  const now = Date.now();
  return ctx.db
    .insertInto('care_cases')
    .values({ ...values, version: 1, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCase(ctx: DbContext, id: number): Promise<CareCase | undefined> {
  return ctx.db.selectFrom('care_cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCaseByImportKey(ctx: DbContext, key: string): Promise<CareCase | undefined> {
  return ctx.db.selectFrom('care_cases').selectAll().where('import_key', '=', key).executeTakeFirst();
}

export async function findCaseImportKeys(ctx: DbContext, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await ctx.db.selectFrom('care_cases').select('import_key').where('import_key', 'in', keys).execute();
  return new Set(rows.flatMap((r) => (r.import_key ? [r.import_key] : [])));
}

/**
 * Optimistic lock: applies `set` only if the case is still at `version` and in one of
 * `statuses`, and bumps the version. False when someone changed it first.
 */
export async function updateCaseIf(
  ctx: DbContext,
  id: number,
  version: number,
  statuses: CareCaseStatus[],
  set: Partial<CaseValues>,
): Promise<boolean> {
  const r = await ctx.db
    .updateTable('care_cases')
    .set({ ...set, version: version + 1, updated_at: Date.now() })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', 'in', statuses)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface SamePerson {
  memberId: number | null;
  folded: string;
  birthYear: number | null;
  citizenId: string | null;
}
export interface SimilarCase {
  id: number;
  status: CareCaseStatus;
  occurred_on: string;
  reason: string;
  programme_id: number | null;
  unit_name: string;
}

/**
 * Cases of the same person (same member, same folded name and birth year, or same citizen ID)
 * in a programme, or without one in a period and for a reason.
 */
export async function casesOfSamePerson(
  ctx: DbContext,
  person: SamePerson,
  where: { programmeId: number } | { from: string; to: string; reason: CareReason },
  excludeId: number | null,
): Promise<SimilarCase[]> {
  let q = ctx.db
    .selectFrom('care_cases as c')
    .innerJoin('units as u', 'u.id', 'c.proposing_unit_id')
    .select(['c.id', 'c.status', 'c.occurred_on', 'c.reason', 'c.programme_id', 'u.short_name as unit_name'])
    .where((eb) => {
      const same = [
        eb.and([
          eb('c.recipient_folded', '=', person.folded),
          person.birthYear === null ? eb('c.recipient_birth_year', 'is', null) : eb('c.recipient_birth_year', '=', person.birthYear),
        ]),
      ];
      if (person.memberId !== null) same.push(eb('c.member_id', '=', person.memberId));
      if (person.citizenId !== null) same.push(eb('c.recipient_citizen_id', '=', person.citizenId));
      return eb.or(same);
    });
  if ('programmeId' in where) q = q.where('c.programme_id', '=', where.programmeId);
  else
    q = q
      .where('c.programme_id', 'is', null)
      .where('c.reason', '=', where.reason)
      .where('c.occurred_on', '>=', where.from)
      .where('c.occurred_on', '<=', where.to);
  if (excludeId !== null) q = q.where('c.id', '!=', excludeId);
  return q.orderBy('c.occurred_on').orderBy('c.id').limit(10).execute();
}

/**
 * Work waiting for the user on cases: approving what units below proposed (not one's own
 * proposal), paying what was approved there, closing what was paid there, fixing what came back
 * to one's own units. The desk counts it and the case list shows exactly the same cases.
 */
export type CareWork = 'approve' | 'pay' | 'close' | 'fix';

/** Units strictly below the user's grants for `action` (deciding and paying belong above the proposing unit). */
function unitIdsBelow(ctx: DbContext, user: AuthUser, action: ScopeAction) {
  const roots = grantUnitsFor(user, action);
  return (
    ctx.db
      .selectFrom('unit_closure')
      .select('descendant_id')
      .where('ancestor_id', 'in', roots.length ? roots : [-1])
      // Not the unit itself (depth > 0, said so that the closure's primary key alone answers).
      .whereRef('descendant_id', '<>', 'ancestor_id')
  );
}

/** The condition on `care_cases as c` of one kind of waiting work. */
function workCondition(ctx: DbContext, user: AuthUser, work: CareWork) {
  return (eb: ExpressionBuilder<Database & { c: CareCaseTable }, 'c'>) => {
    if (work === 'approve')
      return eb.and([
        eb('c.status', '=', 'proposed'),
        eb('c.proposing_unit_id', 'in', unitIdsBelow(ctx, user, 'care.approve')),
        eb.or([eb('c.proposed_by', 'is', null), eb('c.proposed_by', '<>', user.id)]),
      ]);
    if (work === 'pay')
      return eb.and([eb('c.status', '=', 'approved'), eb('c.proposing_unit_id', 'in', unitIdsBelow(ctx, user, 'care.pay'))]);
    if (work === 'close')
      return eb.and([eb('c.status', '=', 'paid'), eb('c.proposing_unit_id', 'in', unitIdsBelow(ctx, user, 'care.pay'))]);
    return eb.and([eb('c.status', '=', 'returned'), eb('c.proposing_unit_id', 'in', scopeUnitIds(user, 'care.propose'))]);
  };
}

/** How many cases wait for each kind of work the user's roles allow (one indexed count each: care_cases_status_unit). */
export async function countCareWork(ctx: DbContext, user: AuthUser, works: readonly CareWork[]): Promise<Map<CareWork, number>> {
  const counts = await Promise.all(
    works.map(async (work) => {
      const row = await ctx.db
        .selectFrom('care_cases as c')
        .where(workCondition(ctx, user, work))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return [work, Number(row?.n ?? 0)] as const;
    }),
  );
  return new Map(counts);
}

export interface CaseFilter {
  /** Only the cases of this waiting work (what the desk links to). */
  work?: CareWork | null;
  programmeId?: number | null;
  status?: CareCaseStatus | null;
  unitId?: number | null;
  from?: string | null;
  to?: string | null;
}
export type CaseListRow = Pick<
  CareCase,
  | 'id'
  | 'programme_id'
  | 'recipient_kind'
  | 'recipient_name'
  | 'reason'
  | 'occurred_on'
  | 'proposing_unit_id'
  | 'cash_amount'
  | 'in_kind_amount'
  | 'status'
  | 'version'
> & { unit_name: string };

/** Cases proposed by units of `scope`, newest first; `unitId` narrows to a subtree, from/to to the day of the case. */
export async function listCases(
  ctx: DbContext,
  user: AuthUser,
  action: ScopeAction,
  filter: CaseFilter,
  limit: number,
  offset: number,
): Promise<{ rows: CaseListRow[]; total: number }> {
  let q = ctx.db
    .selectFrom('care_cases as c')
    .innerJoin('units as u', 'u.id', 'c.proposing_unit_id')
    .where('c.proposing_unit_id', 'in', scopeUnitIds(user, action));
  if (filter.work) q = q.where(workCondition(ctx, user, filter.work));
  if (filter.unitId)
    q = q.where(
      'c.proposing_unit_id',
      'in',
      ctx.db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', filter.unitId),
    );
  if (filter.programmeId) q = q.where('c.programme_id', '=', filter.programmeId);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  if (filter.from) q = q.where('c.occurred_on', '>=', filter.from);
  if (filter.to) q = q.where('c.occurred_on', '<=', filter.to);
  const [rows, total] = await Promise.all([
    q
      .select([
        'c.id',
        'c.programme_id',
        'c.recipient_kind',
        'c.recipient_name',
        'c.reason',
        'c.occurred_on',
        'c.proposing_unit_id',
        'c.cash_amount',
        'c.in_kind_amount',
        'c.status',
        'c.version',
        'u.short_name as unit_name',
      ])
      .orderBy('c.occurred_on', 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function insertAttachment(ctx: DbContext, values: Omit<CareAttachment, 'id' | 'created_at'>): Promise<CareAttachment> {
  return ctx.db
    .insertInto('care_attachments')
    .values({ ...values, created_at: Date.now() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function attachmentsOf(ctx: DbContext, caseId: number): Promise<CareAttachment[]> {
  return ctx.db.selectFrom('care_attachments').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

// Pages: a case's history, the member chosen in a form

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

export interface SelectedMember {
  id: number;
  fullName: string;
  birthYear: number | null;
  unitName: string;
}

/** Current members of the user's proposing scope whose folded name contains `folded`, in official name order. */
export async function searchMembersInCareScope(ctx: DbContext, user: AuthUser, folded: string, limit: number): Promise<SelectedMember[]> {
  const rows = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('members as p', 'p.id', 'm.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['p.id', 'p.full_name', 'p.birth_date', 'p.birth_year', 'u.short_name as unit_name'])
    .where('m.ended_on', 'is', null)
    .where('p.erased_at', 'is', null)
    .where('m.unit_id', 'in', scopeUnitIds(user, 'care.propose'))
    .where('p.name_folded', 'like', `%${folded.replace(/[%_\\]/g, '')}%`)
    .orderBy('p.sort_key')
    .orderBy('p.id')
    .limit(limit)
    .execute();
  return rows.map((m) => ({
    id: Number(m.id),
    fullName: m.full_name,
    birthYear: m.birth_date ? Number(m.birth_date.slice(0, 4)) : m.birth_year,
    unitName: m.unit_name,
  }));
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

// The care list import

export interface RegistryMember {
  id: number;
  full_name: string;
  name_folded: string;
  birth_year: number | null;
  citizen_id: string | null;
}

/** Current members of a unit's subtree with one of the citizen IDs or folded names. */
export async function currentMembersUnder(
  ctx: DbContext,
  unitId: number,
  citizenIds: string[],
  names: string[],
): Promise<RegistryMember[]> {
  if (citizenIds.length === 0 && names.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('members as m')
    .innerJoin('memberships as ms', 'ms.member_id', 'm.id')
    .select(['m.id', 'm.full_name', 'm.name_folded', 'm.birth_year', 'm.citizen_id'])
    .where('ms.ended_on', 'is', null)
    .where('m.erased_at', 'is', null)
    .where('ms.unit_id', 'in', ctx.db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', unitId))
    .where((eb) =>
      eb.or([
        ...(citizenIds.length ? [eb('m.citizen_id', 'in', citizenIds)] : []),
        ...(names.length ? [eb('m.name_folded', 'in', names)] : []),
      ]),
    )
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Cases still open (not closed) that a unit proposed: a merged unit's pass to the unit that takes it in. */
const OPEN_CASE_STATUSES: CareCaseStatus[] = ['proposed', 'returned', 'approved', 'paid'];

export async function countOpenCasesOfUnit(ctx: DbContext, unitId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('care_cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('proposing_unit_id', '=', unitId)
    .where('status', 'in', OPEN_CASE_STATUSES)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Moves the open cases of a unit to another (bumping their versions, so an edit begun before is refused); gives how many moved. */
export async function moveOpenCasesOfUnit(ctx: DbContext, fromUnitId: number, toUnitId: number): Promise<number> {
  const r = await ctx.db
    .updateTable('care_cases')
    .set((eb) => ({ proposing_unit_id: toUnitId, version: eb('version', '+', 1), updated_at: Date.now() }))
    .where('proposing_unit_id', '=', fromUnitId)
    .where('status', 'in', OPEN_CASE_STATUSES)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
