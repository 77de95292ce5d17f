import { sql } from 'kysely';
import { scopeUnitIds } from '../access/scope.js';
import type { AuthUser, ScopeAction } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import type { Unit, UnitEvent, UnitEventKind, UnitVersion } from '../db/schema.js';

/** Every SQL statement of the union tree: units as they stand today, their versions through time, events, the closure. */

export type UnitFields = Pick<
  UnitVersion,
  'parent_id' | 'level' | 'unit_type' | 'sector' | 'short_name' | 'full_name' | 'address' | 'has_womens_committee'
>;

export async function insertUnit(ctx: DbContext, values: UnitFields & { sort_order: number; founded_on: string | null }): Promise<Unit> {
  return ctx.db
    .insertInto('units')
    .values({ ...values, created_at: Date.now() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertVersion(ctx: DbContext, unitId: number, validFrom: string, fields: UnitFields): Promise<void> {
  await ctx.db
    .insertInto('unit_versions')
    .values({ unit_id: unitId, valid_from: validFrom, valid_to: null, ...fields })
    .execute();
}

/** The version that holds now (open-ended), if the unit still exists. */
export async function findOpenVersion(ctx: DbContext, unitId: number): Promise<UnitVersion | undefined> {
  return ctx.db.selectFrom('unit_versions').selectAll().where('unit_id', '=', unitId).where('valid_to', 'is', null).executeTakeFirst();
}

export async function latestVersionStart(ctx: DbContext, unitId: number): Promise<string | undefined> {
  const row = await ctx.db
    .selectFrom('unit_versions')
    .select('valid_from')
    .where('unit_id', '=', unitId)
    .orderBy('valid_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.valid_from;
}

export async function closeVersion(ctx: DbContext, versionId: number, validTo: string): Promise<void> {
  await ctx.db.updateTable('unit_versions').set({ valid_to: validTo }).where('id', '=', versionId).execute();
}

export async function deleteVersion(ctx: DbContext, versionId: number): Promise<void> {
  await ctx.db.deleteFrom('unit_versions').where('id', '=', versionId).execute();
}

export async function updateVersion(ctx: DbContext, versionId: number, fields: Partial<UnitFields>): Promise<void> {
  await ctx.db.updateTable('unit_versions').set(fields).where('id', '=', versionId).execute();
}

/** Units whose version on `date` has `parentId` as parent. */
export async function childrenAsOf(ctx: DbContext, parentId: number, date: string): Promise<UnitVersion[]> {
  return ctx.db
    .selectFrom('unit_versions')
    .selectAll()
    .where('parent_id', '=', parentId)
    .where('valid_from', '<=', date)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
    .execute();
}

export async function versionAsOf(ctx: DbContext, unitId: number, date: string): Promise<UnitVersion | undefined> {
  return ctx.db
    .selectFrom('unit_versions')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('valid_from', '<=', date)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
    .executeTakeFirst();
}

/** Ids of `rootId` and every unit below it, as the tree stood on `date`. */
export async function subtreeIdsAsOf(ctx: DbContext, rootId: number, date: string): Promise<number[]> {
  const rows = await sql<{ unit_id: number }>`
    WITH RECURSIVE sub(unit_id) AS (
      SELECT unit_id FROM unit_versions WHERE unit_id = ${rootId} AND valid_from <= ${date} AND (valid_to IS NULL OR valid_to > ${date})
      UNION ALL
      SELECT v.unit_id FROM unit_versions v JOIN sub ON v.parent_id = sub.unit_id
      WHERE v.valid_from <= ${date} AND (v.valid_to IS NULL OR v.valid_to > ${date})
    )
    SELECT unit_id FROM sub`.execute(ctx.db);
  return rows.rows.map((r) => Number(r.unit_id));
}

/** Units of a subtree on `date`, counted by level and type. */
export async function countUnitsAsOf(ctx: DbContext, rootId: number, date: string) {
  const rows = await sql<{ level: string; unit_type: string | null; n: number }>`
    WITH RECURSIVE sub(unit_id, level, unit_type) AS (
      SELECT unit_id, level, unit_type FROM unit_versions WHERE unit_id = ${rootId} AND valid_from <= ${date} AND (valid_to IS NULL OR valid_to > ${date})
      UNION ALL
      SELECT v.unit_id, v.level, v.unit_type FROM unit_versions v JOIN sub ON v.parent_id = sub.unit_id
      WHERE v.valid_from <= ${date} AND (v.valid_to IS NULL OR v.valid_to > ${date})
    )
    SELECT level, unit_type, count(*) AS n FROM sub GROUP BY level, unit_type`.execute(ctx.db);
  return rows.rows.map((r) => ({ level: r.level, unitType: r.unit_type, count: Number(r.n) }));
}

export async function insertEvent(ctx: DbContext, values: Omit<UnitEvent, 'id'>): Promise<void> {
  await ctx.db.insertInto('unit_events').values(values).execute();
}

/** A unit's events, those naming it as the other unit, and the splits it came out of (its id in their `into` list). */
export async function listEventsOf(ctx: DbContext, unitId: number): Promise<UnitEvent[]> {
  const into = [`%"into":[${unitId}]%`, `%"into":[${unitId},%`, `%,${unitId}]%`, `%,${unitId},%`];
  return ctx.db
    .selectFrom('unit_events')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('unit_id', '=', unitId),
        eb('other_unit_id', '=', unitId),
        eb.and([eb('kind', '=', 'split'), eb.or(into.map((pattern) => eb('details_json', 'like', pattern)))]),
      ]),
    )
    .orderBy('effective_on')
    .orderBy('id')
    .execute();
}

export async function syncCurrentRow(ctx: DbContext, unitId: number, values: Partial<Unit>): Promise<void> {
  await ctx.db.updateTable('units').set(values).where('id', '=', unitId).execute();
}

/** Re-hangs a subtree in the closure under a new parent (or at the top). */
export async function moveInClosure(ctx: DbContext, unitId: number, newParentId: number | null): Promise<void> {
  const subtree = ctx.db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', unitId);
  const oldAncestors = ctx.db
    .selectFrom('unit_closure')
    .select('ancestor_id')
    .where('descendant_id', '=', unitId)
    .where('ancestor_id', '!=', unitId);
  await ctx.db.deleteFrom('unit_closure').where('descendant_id', 'in', subtree).where('ancestor_id', 'in', oldAncestors).execute();
  if (newParentId === null) return;
  await sql`
    INSERT INTO unit_closure (ancestor_id, descendant_id, depth)
    SELECT a.ancestor_id, d.descendant_id, a.depth + d.depth + 1
    FROM unit_closure a, unit_closure d
    WHERE a.descendant_id = ${newParentId} AND d.ancestor_id = ${unitId}`.execute(ctx.db);
}

export async function findUnitById(ctx: DbContext, id: number): Promise<Unit | undefined> {
  return ctx.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUnitByShortName(ctx: DbContext, shortName: string): Promise<Unit | undefined> {
  return ctx.db.selectFrom('units').selectAll().where('short_name', '=', shortName).orderBy('id').executeTakeFirst();
}

export async function listUnits(ctx: DbContext): Promise<Unit[]> {
  return ctx.db.selectFrom('units').selectAll().orderBy('sort_order').orderBy('id').execute();
}

export async function countUnits(ctx: DbContext): Promise<number> {
  const row = await ctx.db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Adds a new leaf unit to the closure: itself at depth 0, and below every ancestor of its parent. */
export async function insertClosureForLeaf(ctx: DbContext, unitId: number, parentId: number | null): Promise<void> {
  await ctx.db.insertInto('unit_closure').values({ ancestor_id: unitId, descendant_id: unitId, depth: 0 }).execute();
  if (parentId === null) return;
  await ctx.db
    .insertInto('unit_closure')
    .columns(['ancestor_id', 'descendant_id', 'depth'])
    .expression((eb) =>
      eb
        .selectFrom('unit_closure')
        .select((s) => ['ancestor_id', s.val(unitId).as('descendant_id'), s('depth', '+', 1).as('depth')])
        .where('descendant_id', '=', parentId),
    )
    .execute();
}

/** The units `user` reaches for `action`, in the tree's order. */
export async function listUnitsUserReaches(ctx: DbContext, user: AuthUser, action: ScopeAction): Promise<Unit[]> {
  return ctx.db.selectFrom('units').selectAll().where('id', 'in', scopeUnitIds(user, action)).orderBy('sort_order').orderBy('id').execute();
}

export async function listUnitsInScope(ctx: DbContext, rootIds: number[]): Promise<Unit[]> {
  if (rootIds.length === 0) return [];
  return ctx.db
    .selectFrom('units')
    .selectAll()
    .where('id', 'in', ctx.db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', 'in', rootIds))
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export async function findRootUnit(ctx: DbContext): Promise<Unit | undefined> {
  return ctx.db.selectFrom('units').selectAll().where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
}

/** The versions of every unit of the given subtrees on `date`. */
export async function versionsOfSubtreesAsOf(ctx: DbContext, rootIds: number[], date: string): Promise<UnitVersion[]> {
  const ids = new Set<number>();
  for (const root of rootIds) for (const id of await subtreeIdsAsOf(ctx, root, date)) ids.add(id);
  if (ids.size === 0) return [];
  const all = [...ids];
  const out: UnitVersion[] = [];
  for (let i = 0; i < all.length; i += 5000) {
    out.push(
      ...(await ctx.db
        .selectFrom('unit_versions')
        .selectAll()
        .where('unit_id', 'in', all.slice(i, i + 5000))
        .where('valid_from', '<=', date)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
        .execute()),
    );
  }
  return out;
}

export async function versionsOf(ctx: DbContext, unitId: number): Promise<UnitVersion[]> {
  return ctx.db.selectFrom('unit_versions').selectAll().where('unit_id', '=', unitId).orderBy('valid_from').execute();
}

const CHUNK = 1000;

export async function findUnitsByIds(ctx: DbContext, ids: number[]): Promise<Unit[]> {
  const out: Unit[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    out.push(
      ...(await ctx.db
        .selectFrom('units')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .execute()),
    );
  }
  return out;
}

/** The versions of `unitIds` that hold on `date` (units that have ended have none). */
export async function versionsAsOf(ctx: DbContext, unitIds: number[], date: string): Promise<UnitVersion[]> {
  const out: UnitVersion[] = [];
  for (let i = 0; i < unitIds.length; i += CHUNK) {
    out.push(
      ...(await ctx.db
        .selectFrom('unit_versions')
        .selectAll()
        .where('unit_id', 'in', unitIds.slice(i, i + CHUNK))
        .where('valid_from', '<=', date)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
        .execute()),
    );
  }
  return out;
}

/** The kind of each unit's latest event: for a unit that has ended, how it ended (merged or dissolved). */
export async function lastEventKinds(ctx: DbContext, unitIds: number[]): Promise<Map<number, UnitEventKind>> {
  const kinds = new Map<number, UnitEventKind>();
  for (let i = 0; i < unitIds.length; i += CHUNK) {
    const rows = await ctx.db
      .selectFrom('unit_events')
      .select(['unit_id', 'kind'])
      .where('unit_id', 'in', unitIds.slice(i, i + CHUNK))
      .orderBy('unit_id')
      .orderBy('effective_on')
      .orderBy('id')
      .execute();
    for (const r of rows) kinds.set(Number(r.unit_id), r.kind);
  }
  return kinds;
}

/** Members still in the unit (their membership has not ended). */
export async function countOpenMemberships(ctx: DbContext, unitId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('unit_id', '=', unitId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The sections and articles of a unit (those `transferSectionsAndArticles` moves). */
export async function countSectionsAndArticles(ctx: DbContext, unitId: number): Promise<{ sections: number; articles: number }> {
  const [sections, articles] = await Promise.all([
    ctx.db
      .selectFrom('sections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('unit_id', '=', unitId)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('unit_id', '=', unitId)
      .executeTakeFirst(),
  ]);
  return { sections: Number(sections?.n ?? 0), articles: Number(articles?.n ?? 0) };
}

/** A merged unit's sections and articles pass to the unit that takes it in; gives how many moved. */
export async function transferSectionsAndArticles(
  ctx: DbContext,
  fromUnitId: number,
  toUnitId: number,
): Promise<{ sections: number; articles: number }> {
  const s = await ctx.db.updateTable('sections').set({ unit_id: toUnitId }).where('unit_id', '=', fromUnitId).executeTakeFirst();
  const a = await ctx.db.updateTable('articles').set({ unit_id: toUnitId }).where('unit_id', '=', fromUnitId).executeTakeFirst();
  return { sections: Number(s.numUpdatedRows), articles: Number(a.numUpdatedRows) };
}

/** Articles that hang off no unit are given to `unitId`. */
export async function adoptUnassignedArticles(ctx: DbContext, unitId: number): Promise<void> {
  await ctx.db.updateTable('articles').set({ unit_id: unitId }).where('unit_id', 'is', null).execute();
}

/** The day up to which dated events have been applied to today's tree. */
export async function readTreeSyncDate(ctx: DbContext): Promise<string> {
  const row = await ctx.db.selectFrom('tree_sync').select('synced_on').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.synced_on;
}

/**
 * Moves the sync date from `from` to `to` if no one has moved it since it was read: the run
 * that moves it applies the events (in the same transaction); any other finds it moved.
 */
export async function claimTreeSync(ctx: DbContext, from: string, to: string): Promise<boolean> {
  const r = await ctx.db
    .updateTable('tree_sync')
    .set({ synced_on: to })
    .where('id', '=', 1)
    .where('synced_on', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Units with an event dated after `after` and on or before `through` (by the events' date index). */
export async function unitsWithEventsBetween(ctx: DbContext, after: string, through: string): Promise<number[]> {
  const rows = await ctx.db
    .selectFrom('unit_events')
    .select('unit_id')
    .distinct()
    .where('effective_on', '>', after)
    .where('effective_on', '<=', through)
    .execute();
  return rows.map((r) => Number(r.unit_id));
}
