import { sql, type RawBuilder } from 'kysely';
import { scopeUnitIds } from '../access/scope.js';
import type { AuthUser, ScopeAction } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { Gender, LeaveReason, Member, Membership, MembershipEnd, MembershipStart } from '../db/schema.js';
import { applySubtreeChange, rebuildMemberCounts, refreshSubtreeCounts, subtreeCountAsOf } from './counts-repo.js';

/** Every SQL statement of the member registry. */

export type MemberValues = Omit<Member, 'id' | 'created_at' | 'updated_at' | 'erased_at' | 'import_job_id' | 'version'>;

export async function insertMember(ctx: DbContext, values: MemberValues): Promise<number> {
  const now = Date.now();
  const row = await ctx.db
    .insertInto('members')
    .values({ ...values, erased_at: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateMember(
  ctx: DbContext,
  id: number,
  values: Partial<MemberValues> & { erased_at?: number | null },
): Promise<void> {
  await ctx.db
    .updateTable('members')
    .set((eb) => ({ ...values, updated_at: Date.now(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Optimistic lock: applies `values` only if the record is still at `version` (and not erased), and bumps it. False when someone changed it first. */
export async function updateMemberIf(ctx: DbContext, id: number, version: number, values: Partial<MemberValues>): Promise<boolean> {
  const r = await ctx.db
    .updateTable('members')
    .set({ ...values, updated_at: Date.now(), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findMember(ctx: DbContext, id: number): Promise<Member | undefined> {
  return ctx.db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByCitizenId(ctx: DbContext, citizenId: string): Promise<Member | undefined> {
  return ctx.db.selectFrom('members').selectAll().where('citizen_id', '=', citizenId).where('erased_at', 'is', null).executeTakeFirst();
}

export async function findByNameAndBirth(ctx: DbContext, nameFolded: string, birthDate: string): Promise<Member[]> {
  return ctx.db
    .selectFrom('members')
    .selectAll()
    .where('name_folded', '=', nameFolded)
    .where('birth_date', '=', birthDate)
    .where('erased_at', 'is', null)
    .execute();
}

export async function findByName(ctx: DbContext, nameFolded: string, limit = 20): Promise<Member[]> {
  return ctx.db
    .selectFrom('members')
    .selectAll()
    .where('name_folded', '=', nameFolded)
    .where('erased_at', 'is', null)
    .limit(limit)
    .execute();
}

export async function insertMembership(
  ctx: DbContext,
  values: { member_id: number; unit_id: number; started_on: string; start_kind: MembershipStart },
): Promise<void> {
  await ctx.db
    .insertInto('memberships')
    .values({ ...values, ended_on: null, end_kind: null })
    .execute();
  const female = await isFemale(ctx, values.member_id);
  const admitted = values.start_kind === 'join' || values.start_kind === 'rejoin';
  await applyCountChange(ctx, values.unit_id, values.started_on, { members: 1, women: female ? 1 : 0, joined: admitted ? 1 : 0, left: 0 });
}

async function isFemale(ctx: DbContext, memberId: number): Promise<boolean> {
  const row = await ctx.db.selectFrom('members').select('gender').where('id', '=', memberId).executeTakeFirst();
  return row?.gender === 'female';
}

/**
 * Adds a change on `day` to a unit's running totals: the day gets a row (carrying the
 * total of the day before) if it has none, and every row from that day on moves by the change.
 */
export interface CountChange {
  members: number;
  women: number;
  joined: number;
  left: number;
}

export async function applyCountChange(ctx: DbContext, unitId: number, day: string, change: CountChange): Promise<void> {
  if (!change.members && !change.women && !change.joined && !change.left) return;
  const exact = await ctx.db
    .selectFrom('unit_member_counts')
    .select('day')
    .where('unit_id', '=', unitId)
    .where('day', '=', day)
    .executeTakeFirst();
  if (!exact) {
    const before = await ctx.db
      .selectFrom('unit_member_counts')
      .select(['members', 'women', 'joined', 'left_count'])
      .where('unit_id', '=', unitId)
      .where('day', '<', day)
      .orderBy('day', 'desc')
      .limit(1)
      .executeTakeFirst();
    await ctx.db
      .insertInto('unit_member_counts')
      .values({
        unit_id: unitId,
        day,
        members: Number(before?.members ?? 0),
        women: Number(before?.women ?? 0),
        joined: Number(before?.joined ?? 0),
        left_count: Number(before?.left_count ?? 0),
      })
      // Another write may have made the row since this one looked (PostgreSQL): its row stands, and the change is added to it below.
      .onConflict((oc) => oc.columns(['unit_id', 'day']).doNothing())
      .execute();
  }
  await ctx.db
    .updateTable('unit_member_counts')
    .set((eb) => ({
      members: eb('members', '+', change.members),
      women: eb('women', '+', change.women),
      joined: eb('joined', '+', change.joined),
      left_count: eb('left_count', '+', change.left),
    }))
    .where('unit_id', '=', unitId)
    .where('day', '>=', day)
    .execute();
  await applySubtreeChange(ctx, unitId, day, { members: change.members, women: change.women });
}

/**
 * Many changes at once (an import): a few go through applyCountChange; beyond that the
 * touched units' totals are recomputed from their periods, and the subtrees above them rebuilt.
 */
export async function applyCountChanges(
  ctx: DbContext,
  changes: Array<{ unitId: number; day: string; change: CountChange }>,
): Promise<void> {
  if (changes.length <= BULK_CHANGES) {
    for (const c of changes) await applyCountChange(ctx, c.unitId, c.day, c.change);
    return;
  }
  await rebuildCountsOf(ctx, [...new Set(changes.map((c) => c.unitId))]);
}
const BULK_CHANGES = 50;

/** Recomputes these units' counts from their periods, and the subtrees above them. */
export async function rebuildCountsOf(ctx: DbContext, unitIds: number[]): Promise<void> {
  if (unitIds.length === 0) return;
  await rebuildMemberCounts(ctx.db, unitIds);
  await refreshSubtreeCounts(ctx, unitIds);
}

export async function openMembership(ctx: DbContext, memberId: number): Promise<Membership | undefined> {
  return ctx.db.selectFrom('memberships').selectAll().where('member_id', '=', memberId).where('ended_on', 'is', null).executeTakeFirst();
}

export async function latestMembership(ctx: DbContext, memberId: number): Promise<Membership | undefined> {
  return ctx.db
    .selectFrom('memberships')
    .selectAll()
    .where('member_id', '=', memberId)
    .orderBy('started_on', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function endMembership(
  ctx: DbContext,
  membershipId: number,
  on: string,
  kind: MembershipEnd,
  why: { reason: LeaveReason; note: string | null } | null = null,
): Promise<void> {
  const period = await ctx.db
    .selectFrom('memberships')
    .select(['member_id', 'unit_id', 'ended_on'])
    .where('id', '=', membershipId)
    .executeTakeFirstOrThrow();
  await ctx.db
    .updateTable('memberships')
    .set({ ended_on: on, end_kind: kind, end_reason: why?.reason ?? null, end_note: why?.note ?? null })
    .where('id', '=', membershipId)
    .execute();
  if (period.ended_on !== null) return;
  const female = await isFemale(ctx, period.member_id);
  await applyCountChange(ctx, period.unit_id, on, { members: -1, women: female ? -1 : 0, joined: 0, left: kind === 'leave' ? 1 : 0 });
}

export async function membershipsOf(ctx: DbContext, memberId: number) {
  return ctx.db
    .selectFrom('memberships as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select([
      'm.id',
      'm.unit_id',
      'm.started_on',
      'm.start_kind',
      'm.ended_on',
      'm.end_kind',
      'm.end_reason',
      'm.end_note',
      'u.short_name as unit_name',
    ])
    .where('m.member_id', '=', memberId)
    .orderBy('m.started_on')
    .orderBy('m.id')
    .execute();
}

/** Open memberships of a unit on `on` (for moving everyone at a merge). */
export async function openMembershipsOfUnit(ctx: DbContext, unitId: number): Promise<Membership[]> {
  return ctx.db.selectFrom('memberships').selectAll().where('unit_id', '=', unitId).where('ended_on', 'is', null).execute();
}

// Memberships are filtered with `unit_id IN (SELECT … FROM sub)` rather than a join, so
// SQLite walks the (small) subtree and probes the memberships index instead of scanning it.

/** A recursive CTE naming the units of a subtree as the tree stood on `date`: `WITH RECURSIVE sub(unit_id, level, unit_type)`. */
function subtreeCte(rootId: number, date: string): RawBuilder<unknown> {
  return sql`WITH RECURSIVE sub(unit_id, level, unit_type) AS (
      SELECT unit_id, level, unit_type FROM unit_versions WHERE unit_id = ${rootId} AND valid_from <= ${date} AND (valid_to IS NULL OR valid_to > ${date})
      UNION ALL
      SELECT v.unit_id, v.level, v.unit_type FROM unit_versions v JOIN sub ON v.parent_id = sub.unit_id
      WHERE v.valid_from <= ${date} AND (v.valid_to IS NULL OR v.valid_to > ${date}))`;
}

/** Members (and women among them) of a subtree on `date`, as the tree stood that day. */
export async function countMembersAsOf(ctx: DbContext, rootId: number, date: string): Promise<{ members: number; women: number }> {
  return subtreeCountAsOf(ctx, rootId, date);
}

/** The same count walked member by member: the reference the running totals are tested against. */
export async function countMembersAsOfByPeriods(ctx: DbContext, rootId: number, date: string): Promise<{ members: number; women: number }> {
  const r = await sql<{ members: number; women: number | null }>`${subtreeCte(rootId, date)}
    SELECT count(*) AS members, sum(CASE WHEN p.gender = 'female' THEN 1 ELSE 0 END) AS women
    FROM memberships m JOIN members p ON p.id = m.member_id
    WHERE m.unit_id IN (SELECT unit_id FROM sub) AND m.started_on <= ${date} AND (m.ended_on IS NULL OR m.ended_on > ${date})`.execute(
    ctx.db,
  );
  const row = r.rows[0];
  return { members: Number(row?.members ?? 0), women: Number(row?.women ?? 0) };
}

/** Admissions (join, rejoin) and departures (leave) in [from, to), in units of the subtree as it stood on `treeDate`: the running totals' difference. */
export async function countJoinedLeft(
  ctx: DbContext,
  rootId: number,
  from: string,
  to: string,
  treeDate: string,
): Promise<{ joined: number; left: number }> {
  const total = (column: 'joined' | 'left_count', before: string) =>
    sql`coalesce(sum((SELECT c.${sql.ref(column)} FROM unit_member_counts c WHERE c.unit_id = sub.unit_id AND c.day < ${before} ORDER BY c.day DESC LIMIT 1)), 0)`;
  const r = await sql<{ joined: number; left_count: number }>`${subtreeCte(rootId, treeDate)}
    SELECT ${total('joined', to)} - ${total('joined', from)} AS joined, ${total('left_count', to)} - ${total('left_count', from)} AS left_count
    FROM sub`.execute(ctx.db);
  return { joined: Number(r.rows[0]?.joined ?? 0), left: Number(r.rows[0]?.left_count ?? 0) };
}

/** The same flows counted period by period: the reference the running totals are tested against. */
export async function countJoinedLeftByPeriods(
  ctx: DbContext,
  rootId: number,
  from: string,
  to: string,
  treeDate: string,
): Promise<{ joined: number; left: number }> {
  const r = await sql<{ joined: number | null; left_count: number | null }>`${subtreeCte(rootId, treeDate)}
    SELECT
      sum(CASE WHEN m.start_kind IN ('join', 'rejoin') AND m.started_on >= ${from} AND m.started_on < ${to} THEN 1 ELSE 0 END) AS joined,
      sum(CASE WHEN m.end_kind = 'leave' AND m.ended_on >= ${from} AND m.ended_on < ${to} THEN 1 ELSE 0 END) AS left_count
    FROM memberships m WHERE m.unit_id IN (SELECT unit_id FROM sub)`.execute(ctx.db);
  return { joined: Number(r.rows[0]?.joined ?? 0), left: Number(r.rows[0]?.left_count ?? 0) };
}

export interface MemberListRow {
  id: number;
  full_name: string;
  gender: string | null;
  birth_date: string | null;
  birth_year: number | null;
  job: string | null;
  card_number: string | null;
  unit_id: number;
  unit_name: string;
  started_on: string;
  /** The listed period's end: set for a former member (their departure). */
  ended_on?: string | null;
  end_reason?: LeaveReason | null;
  end_note?: string | null;
  // The registry's fields (not sensitive): for the export.
  hometown?: string | null;
  address?: string | null;
  email?: string | null;
  education?: string | null;
  qualification?: string | null;
  political_theory?: string | null;
  party_member?: number | null;
  party_joined_on?: string | null;
  union_position?: string | null;
  full_time_officer?: number | null;
  union_joined_on?: string | null;
  workforce_type?: string | null;
  /** Sensitive personal data: read only for an export that asked for it. */
  citizen_id?: string | null;
  ethnicity?: string | null;
  religion?: string | null;
}

/** Whose period a list shows: current members (their open period), former members (the departure that ended their last period), or both. */
export type MemberStatus = 'current' | 'former' | 'all';

/** What the member list and its export filter by (each filter left out or null: not filtered). */
export interface MemberFilter {
  unitId: number | null;
  nameQuery: string | null;
  status?: MemberStatus;
  gender?: Gender | null;
  /** Birth years, both included (an age range as of this year). */
  bornFrom?: number | null;
  bornTo?: number | null;
  /** The listed period started in this range, both ends included. */
  startedFrom?: string | null;
  startedTo?: string | null;
  leaveReason?: LeaveReason | null;
  ethnicity?: string | null;
  unionPosition?: string | null;
  partyMember?: number | null;
  fullTimeOfficer?: number | null;
  qualification?: string | null;
}

/** No later period of the member than `m`: a rejoin after a departure makes the departure no longer the last. */
const LAST_PERIOD = sql<boolean>`NOT EXISTS (SELECT 1 FROM memberships n WHERE n.member_id = m.member_id AND (n.started_on > m.started_on OR (n.started_on = m.started_on AND n.id > m.id)))`;

/**
 * The conditions of a filter, over periods `m` and members `p`. A former member is found by the
 * departure that ended their last period (the partial index `memberships_left`, by unit and
 * reason); a current one by their open period. Literal 0/1 and 'leave' let SQLite use the
 * partial indexes of migration 021.
 */
function filterConditions(f: MemberFilter): Array<RawBuilder<boolean>> {
  const status = f.status ?? 'current';
  const former = sql<boolean>`(m.end_kind = 'leave' AND ${LAST_PERIOD})`;
  const out: Array<RawBuilder<boolean>> = [
    status === 'current'
      ? sql<boolean>`m.ended_on IS NULL`
      : status === 'former'
        ? former
        : sql<boolean>`(m.ended_on IS NULL OR ${former})`,
  ];
  if (f.leaveReason) out.push(sql<boolean>`m.end_kind = 'leave' AND m.end_reason = ${f.leaveReason}`);
  if (f.startedFrom) out.push(sql<boolean>`m.started_on >= ${f.startedFrom}`);
  if (f.startedTo) out.push(sql<boolean>`m.started_on <= ${f.startedTo}`);
  if (f.gender) out.push(sql<boolean>`p.gender = ${f.gender}`);
  if (f.bornFrom !== null && f.bornFrom !== undefined) out.push(sql<boolean>`p.birth_year >= ${f.bornFrom}`);
  if (f.bornTo !== null && f.bornTo !== undefined) out.push(sql<boolean>`p.birth_year <= ${f.bornTo}`);
  if (f.ethnicity) out.push(sql<boolean>`p.ethnicity = ${f.ethnicity}`);
  if (f.unionPosition) out.push(sql<boolean>`p.union_position = ${f.unionPosition}`);
  if (f.qualification) out.push(sql<boolean>`p.qualification = ${f.qualification}`);
  if (f.partyMember === 0 || f.partyMember === 1) out.push(sql<boolean>`p.party_member = ${sql.lit(f.partyMember)}`);
  if (f.fullTimeOfficer === 0 || f.fullTimeOfficer === 1) out.push(sql<boolean>`p.full_time_officer = ${sql.lit(f.fullTimeOfficer)}`);
  return out;
}

/** A LIKE pattern for folded names holding `nameQuery` (its own wildcards dropped). */
const nameLike = (nameQuery: string) => `%${nameQuery.replace(/[%_\\]/g, '')}%`;

/** Current members (not erased) with their unit, with a folded name when one is asked for. */
function currentMembers(ctx: DbContext, nameQuery: string | null) {
  let q = ctx.db
    .selectFrom('memberships as m')
    .innerJoin('members as p', 'p.id', 'm.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .where('m.ended_on', 'is', null)
    .where('p.erased_at', 'is', null);
  if (nameQuery) q = q.where('p.name_folded', 'like', nameLike(nameQuery));
  return q;
}

const LIST_COLUMNS = [
  'p.id',
  'p.full_name',
  'p.gender',
  'p.birth_date',
  'p.birth_year',
  'p.job',
  'p.card_number',
  'm.unit_id',
  'u.short_name as unit_name',
  'm.started_on',
  'm.ended_on',
  'm.end_reason',
  'm.end_note',
] as const;

/** The registry's columns an export writes besides the list's (sensitive ones only when asked for). */
const REGISTRY_EXPORT_COLUMNS = [
  'hometown',
  'address',
  'email',
  'education',
  'qualification',
  'political_theory',
  'party_member',
  'party_joined_on',
  'union_position',
  'full_time_officer',
  'union_joined_on',
  'workforce_type',
] as const;
const SENSITIVE_COLUMNS = ['citizen_id', 'ethnicity', 'religion'] as const;
/** Columns of `p` the export reads: the registry's, and the sensitive ones when asked for. */
const exportColumns = (sensitive: boolean) =>
  (sensitive ? [...REGISTRY_EXPORT_COLUMNS, ...SENSITIVE_COLUMNS] : [...REGISTRY_EXPORT_COLUMNS]).map((c) => `p.${c}` as const);
/** Columns of members the window reads: what the filters and the export look at. */
const WINDOW_COLUMNS = [
  'id',
  'sort_key',
  'full_name',
  'gender',
  'birth_date',
  'birth_year',
  'job',
  'card_number',
  'erased_at',
  'name_folded',
  'union_position',
  'party_member',
  'full_time_officer',
  ...REGISTRY_EXPORT_COLUMNS.filter((c) => c !== 'union_position' && c !== 'party_member' && c !== 'full_time_officer'),
  ...SENSITIVE_COLUMNS,
] as const;

async function pageOf(q: ReturnType<typeof currentMembers>, limit: number, offset: number) {
  const [rows, total] = await Promise.all([
    q.select(LIST_COLUMNS).orderBy('p.sort_key').orderBy('p.id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows: rows as MemberListRow[], total: Number(total?.n ?? 0) };
}

/** The units of the subtrees under `rootIds`, as the tree stands today. */
function subtreesOf(rootIds: number[]) {
  return sql<number>`(select descendant_id from unit_closure where ancestor_id in (${sql.join(rootIds.length ? rootIds : [-1])}))`;
}

/** Current members of the subtrees under `rootIds` (as the tree stands today), in official name order; `nameQuery` is folded text. */
export async function listCurrentMembers(ctx: DbContext, rootIds: number[], nameQuery: string | null, limit: number, offset: number) {
  return pageOf(currentMembers(ctx, nameQuery).where('m.unit_id', 'in', subtreesOf(rootIds)), limit, offset);
}

/** Members the user reaches for `action` (their listed period: see `MemberFilter`), within the subtree of `unitId` when one is given; `nameQuery` is folded text. */
function membersInScope(ctx: DbContext, user: AuthUser, action: ScopeAction, filter: MemberFilter) {
  let q = ctx.db
    .selectFrom('memberships as m')
    .innerJoin('members as p', 'p.id', 'm.member_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .where('p.erased_at', 'is', null)
    .where('m.unit_id', 'in', scopeUnitIds(user, action));
  if (filter.nameQuery) q = q.where('p.name_folded', 'like', nameLike(filter.nameQuery));
  for (const condition of filterConditions(filter)) q = q.where(condition);
  if (filter.unitId !== null) q = q.where('m.unit_id', 'in', subtreesOf([filter.unitId]));
  return q;
}

/** Current members the user reaches for `action`, in official name order, a page at a time (see `membersInScope`). */
export async function listMembersInScope(
  ctx: DbContext,
  user: AuthUser,
  action: ScopeAction,
  filter: MemberFilter,
  limit: number,
  offset: number,
) {
  const q = membersInScope(ctx, user, action, filter);
  const [rows, total] = await Promise.all([
    q.select(LIST_COLUMNS).orderBy('p.sort_key').orderBy('p.id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows: rows as MemberListRow[], total: Number(total?.n ?? 0) };
}

/** How many current members `listMembersInScope` would list. */
export async function countMembersInScope(ctx: DbContext, user: AuthUser, action: ScopeAction, filter: MemberFilter): Promise<number> {
  const row = await membersInScope(ctx, user, action, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The first `limit` current members `listMembersInScope` would list, without counting them. */
export async function firstMembersInScope(
  ctx: DbContext,
  user: AuthUser,
  action: ScopeAction,
  filter: MemberFilter,
  limit: number,
  sensitive = false,
): Promise<MemberListRow[]> {
  const rows = await membersInScope(ctx, user, action, filter)
    .select([...LIST_COLUMNS, ...exportColumns(sensitive)])
    .orderBy('p.sort_key')
    .orderBy('p.id')
    .limit(limit)
    .execute();
  return rows as MemberListRow[];
}

/** A place in the registry's name order (members.sort_key, then id: the index `members_sort`). */
export interface MemberListKey {
  sortKey: string;
  id: number;
}

/** Where the window of `window` members after `after` ends, in name order (undefined: the registry ends first). */
async function windowEnd(ctx: DbContext, after: MemberListKey | null, window: number) {
  let ends = ctx.db
    .selectFrom('members')
    .select(['sort_key', 'id'])
    .orderBy('sort_key')
    .orderBy('id')
    .limit(1)
    .offset(window - 1);
  if (after) ends = ends.where((eb) => eb(eb.refTuple('sort_key', 'id'), '>', eb.tuple(after.sortKey, after.id)));
  const end = await ends.executeTakeFirst();
  return end ? { sortKey: end.sort_key, id: Number(end.id) } : null;
}

/** The current members the user reaches among the members after `after`, up to `end` (both in name order), at most `window` of them. */
function membersInWindow(
  ctx: DbContext,
  user: AuthUser,
  action: ScopeAction,
  filter: MemberFilter,
  after: MemberListKey | null,
  end: MemberListKey | null,
  window: number,
) {
  // The window itself, by the name index: a LIMIT both databases read from the index, where bounds alone
  // let PostgreSQL misjudge the rows and hash-join the whole registry.
  let win = ctx.db.selectFrom('members').select(WINDOW_COLUMNS).orderBy('sort_key').orderBy('id').limit(window);
  if (after) win = win.where((eb) => eb(eb.refTuple('sort_key', 'id'), '>', eb.tuple(after.sortKey, after.id)));
  if (end) win = win.where((eb) => eb(eb.refTuple('sort_key', 'id'), '<=', eb.tuple(end.sortKey, end.id)));
  let q = ctx.db
    .selectFrom(win.as('p'))
    .crossJoin('memberships as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .whereRef('m.member_id', '=', 'p.id')
    .where('p.erased_at', 'is', null)
    .where('m.unit_id', 'in', scopeUnitIds(user, action));
  for (const condition of filterConditions(filter)) q = q.where(condition);
  if (filter.unitId !== null) q = q.where('m.unit_id', 'in', subtreesOf([filter.unitId]));
  if (filter.nameQuery) q = q.where('p.name_folded', 'like', nameLike(filter.nameQuery));
  return q;
}

/**
 * The current members the user reaches (as `listMembersInScope`) among the next `window` members
 * of the whole registry in name order after `after` (from the start when null), and where that
 * window ends (null: at the end of the registry). Each call walks at most `window` entries of the
 * name index, however large the registry and however few of its members the user reaches, so a
 * long list is read in pages of bounded cost, never by an offset.
 */
export async function listMembersInWindow(
  ctx: DbContext,
  user: AuthUser,
  action: ScopeAction,
  filter: MemberFilter,
  after: MemberListKey | null,
  window: number,
  sensitive = false,
): Promise<{ rows: MemberListRow[]; next: MemberListKey | null }> {
  const end = await windowEnd(ctx, after, window);
  const rows = await membersInWindow(ctx, user, action, filter, after, end, window)
    .select([...LIST_COLUMNS, ...exportColumns(sensitive)])
    .orderBy('p.sort_key')
    .orderBy('p.id')
    .execute();
  return { rows: rows as MemberListRow[], next: end };
}

/** How many of the members `listMembersInWindow` would list in the same window, and where it ends. */
export async function countMembersInWindow(
  ctx: DbContext,
  user: AuthUser,
  action: ScopeAction,
  filter: MemberFilter,
  after: MemberListKey | null,
  window: number,
): Promise<{ count: number; next: MemberListKey | null }> {
  const end = await windowEnd(ctx, after, window);
  const row = await membersInWindow(ctx, user, action, filter, after, end, window)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), next: end };
}
