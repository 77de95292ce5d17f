import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DbContext } from '../db/context.js';

/**
 * The running totals of members: per unit (`unit_member_counts`) and per subtree (`unit_subtree_counts`).
 *
 * Running totals of members (and women) per subtree, as the tree stood on each day:
 * a subtree's count as of a date is one index seek, whatever lies below it.
 *
 * A unit's subtree total is its own members while it exists, plus each child's
 * subtree total while that child hangs under it (the children's version intervals).
 * Membership changes add to the totals of every unit above (incrementally, along the
 * ancestor intervals); tree events rebuild the units whose children changed, and
 * everything above them, from their children's totals.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export interface SubtreeChange {
  members: number;
  women: number;
}

/** Members and women of `rootId`'s subtree on `date`. */
export async function subtreeCountAsOf(ctx: DbContext, rootId: number, date: string): Promise<{ members: number; women: number }> {
  const row = await ctx.db
    .selectFrom('unit_subtree_counts')
    .select(['members', 'women'])
    .where('unit_id', '=', rootId)
    .where('day', '<=', date)
    .orderBy('day', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { members: Number(row?.members ?? 0), women: Number(row?.women ?? 0) };
}

/** Adds a membership change of `unitId` on `day` to the totals of the unit and of every unit above it, for as long as it is above. */
export async function applySubtreeChange(ctx: DbContext, unitId: number, day: string, change: SubtreeChange): Promise<void> {
  if (!change.members && !change.women) return;
  const spans = await sql<{ ancestor: number; f: string; t: string | null }>`
    WITH RECURSIVE up(ancestor, f, t) AS (
      SELECT unit_id, valid_from, valid_to FROM unit_versions WHERE unit_id = ${unitId} AND (valid_to IS NULL OR valid_to > ${day})
      UNION ALL
      SELECT v.parent_id,
        CASE WHEN v.valid_from > up.f THEN v.valid_from ELSE up.f END,
        CASE WHEN up.t IS NULL THEN v.valid_to WHEN v.valid_to IS NULL OR v.valid_to > up.t THEN up.t ELSE v.valid_to END
      FROM up JOIN unit_versions v ON v.unit_id = up.ancestor
      WHERE v.parent_id IS NOT NULL AND (up.t IS NULL OR v.valid_from < up.t) AND (v.valid_to IS NULL OR v.valid_to > up.f)
        AND (v.valid_to IS NULL OR v.valid_to > ${day})
    )
    SELECT ancestor, f, t FROM up`.execute(ctx.db);
  for (const span of spans.rows) {
    const from = span.f > day ? span.f : day;
    if (span.t !== null && span.t <= from) continue;
    const ancestor = Number(span.ancestor);
    if (span.t !== null) await ensureRow(ctx, ancestor, span.t);
    await ensureRow(ctx, ancestor, from);
    let update = ctx.db
      .updateTable('unit_subtree_counts')
      .set((eb) => ({ members: eb('members', '+', change.members), women: eb('women', '+', change.women) }))
      .where('unit_id', '=', ancestor)
      .where('day', '>=', from);
    if (span.t !== null) update = update.where('day', '<', span.t);
    await update.execute();
  }
}

/**
 * A row for `day`, carrying the total of the day before, so a range can be moved from there on.
 * Two writes making the same row at once: the second waits for the first and keeps its row.
 */
async function ensureRow(ctx: DbContext, unitId: number, day: string): Promise<void> {
  await sql`INSERT INTO unit_subtree_counts (unit_id, day, members, women)
    SELECT ${unitId}, ${day},
      coalesce((SELECT members FROM unit_subtree_counts WHERE unit_id = ${unitId} AND day < ${day} ORDER BY day DESC LIMIT 1), 0),
      coalesce((SELECT women FROM unit_subtree_counts WHERE unit_id = ${unitId} AND day < ${day} ORDER BY day DESC LIMIT 1), 0)
    WHERE NOT EXISTS (SELECT 1 FROM unit_subtree_counts WHERE unit_id = ${unitId} AND day = ${day})
    ON CONFLICT (unit_id, day) DO NOTHING`.execute(ctx.db);
}

/**
 * Rebuilds the totals of `unitIds` and of every unit that was ever above them (after a
 * tree event, or a bulk load of members into those units), children before parents.
 */
export async function refreshSubtreeCounts(ctx: DbContext, unitIds: number[]): Promise<void> {
  if (unitIds.length === 0) return;
  const ids = new Set<number>();
  for (const chunk of chunks([...new Set(unitIds)], 500)) {
    const rows = await sql<{ unit_id: number }>`
      WITH RECURSIVE up(unit_id) AS (
        SELECT id FROM units WHERE id IN (${sql.join(chunk)})
        UNION
        SELECT v.parent_id FROM up JOIN unit_versions v ON v.unit_id = up.unit_id WHERE v.parent_id IS NOT NULL
      )
      SELECT unit_id FROM up`.execute(ctx.db);
    for (const r of rows.rows) ids.add(Number(r.unit_id));
  }
  const edges: Array<{ unit_id: number; parent_id: number | null }> = [];
  for (const chunk of chunks([...ids], 500)) {
    edges.push(
      ...(await ctx.db.selectFrom('unit_versions').select(['unit_id', 'parent_id']).distinct().where('parent_id', 'in', chunk).execute()),
    );
  }
  await rebuildInOrder(ctx.db, ids, edges);
}

/** Rebuilds every unit's totals (migration, bulk loads). */
export async function rebuildSubtreeCounts(db: AnyDb): Promise<void> {
  const units = await db.selectFrom('units').select('id').execute();
  const edges = await db
    .selectFrom('unit_versions')
    .select(['unit_id', 'parent_id'])
    .distinct()
    .where('parent_id', 'is not', null)
    .execute();
  await rebuildInOrder(db, new Set(units.map((u) => Number(u.id))), edges);
}

/** Rebuilds `ids` by height within them: a unit after every child it ever had among them. */
async function rebuildInOrder(db: AnyDb, ids: Set<number>, edges: Array<{ unit_id: number; parent_id: number | null }>): Promise<void> {
  const children = new Map<number, number[]>();
  for (const e of edges) {
    const child = Number(e.unit_id);
    const parent = Number(e.parent_id);
    if (e.parent_id === null || !ids.has(child) || !ids.has(parent)) continue;
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  }
  const height = new Map<number, number>();
  const heightOf = (id: number, depth: number): number => {
    const known = height.get(id);
    if (known !== undefined) return known;
    let h = 0;
    // depth bounds the walk should the history ever hold a unit below its own descendant
    if (depth < 64) for (const c of children.get(id) ?? []) h = Math.max(h, heightOf(c, depth + 1) + 1);
    height.set(id, h);
    return h;
  };
  const byHeight: number[][] = [];
  for (const id of ids) (byHeight[heightOf(id, 0)] ??= []).push(id);
  for (const level of byHeight) {
    for (const chunk of chunks(level ?? [], 500)) await rebuildUnits(db, chunk);
  }
}

/** Recomputes the totals of `unitIds` from their own members' running totals and their children's subtree totals. */
async function rebuildUnits(db: AnyDb, unitIds: number[]): Promise<void> {
  const set = sql`(${sql.join(unitIds)})`;
  await sql`DELETE FROM unit_subtree_counts WHERE unit_id IN ${set}`.execute(db);
  await sql`
    WITH spans(owner, sub, source, f, t) AS (
      SELECT unit_id, unit_id, 'own', valid_from, valid_to FROM unit_versions WHERE unit_id IN ${set}
      UNION ALL
      SELECT parent_id, unit_id, 'sub', valid_from, valid_to FROM unit_versions WHERE parent_id IN ${set}
    ),
    deltas(unit_id, source, day, dm, dw) AS (
      SELECT unit_id, 'own', day,
        members - coalesce(lag(members) OVER (PARTITION BY unit_id ORDER BY day), 0),
        women - coalesce(lag(women) OVER (PARTITION BY unit_id ORDER BY day), 0)
      FROM unit_member_counts WHERE unit_id IN ${set}
      UNION ALL
      SELECT unit_id, 'sub', day,
        members - coalesce(lag(members) OVER (PARTITION BY unit_id ORDER BY day), 0),
        women - coalesce(lag(women) OVER (PARTITION BY unit_id ORDER BY day), 0)
      FROM unit_subtree_counts WHERE unit_id IN (SELECT unit_id FROM unit_versions WHERE parent_id IN ${set})
    )
    INSERT INTO unit_subtree_counts (unit_id, day, members, women)
    SELECT owner, day, sum(sum(dm)) OVER (PARTITION BY owner ORDER BY day), sum(sum(dw)) OVER (PARTITION BY owner ORDER BY day)
    FROM (
      SELECT i.owner, CASE WHEN d.day > i.f THEN d.day ELSE i.f END AS day, d.dm, d.dw
      FROM spans i JOIN deltas d ON d.unit_id = i.sub AND d.source = i.source AND (i.t IS NULL OR d.day < i.t)
      UNION ALL
      SELECT i.owner, i.t, -d.dm, -d.dw
      FROM spans i JOIN deltas d ON d.unit_id = i.sub AND d.source = i.source AND d.day < i.t
      WHERE i.t IS NOT NULL
    ) x
    GROUP BY owner, day`.execute(db);
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Recomputes units' running totals from the membership periods (migrations and
 * bulk loads): members and women on each day, and admissions (join, rejoin) and
 * departures (leave) counted since the beginning. Every unit's, or those of `unitIds`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function rebuildMemberCounts(db: Kysely<any>, unitIds?: number[]): Promise<void> {
  if (!unitIds) {
    await rebuild(db, () => sql`1 = 1`);
    return;
  }
  for (let i = 0; i < unitIds.length; i += 500) {
    const chunk = unitIds.slice(i, i + 500);
    await rebuild(db, (column) => sql`${sql.ref(column)} IN (${sql.join(chunk)})`);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function rebuild(db: Kysely<any>, units: (column: string) => RawBuilder<unknown>): Promise<void> {
  await sql`DELETE FROM unit_member_counts WHERE ${units('unit_id')}`.execute(db);
  await sql`
    INSERT INTO unit_member_counts (unit_id, day, members, women, joined, left_count)
    SELECT unit_id, day,
      sum(sum(d)) OVER (PARTITION BY unit_id ORDER BY day),
      sum(sum(w)) OVER (PARTITION BY unit_id ORDER BY day),
      sum(sum(j)) OVER (PARTITION BY unit_id ORDER BY day),
      sum(sum(l)) OVER (PARTITION BY unit_id ORDER BY day)
    FROM (
      SELECT m.unit_id, m.started_on AS day, 1 AS d, CASE WHEN p.gender = 'female' THEN 1 ELSE 0 END AS w,
        CASE WHEN m.start_kind IN ('join', 'rejoin') THEN 1 ELSE 0 END AS j, 0 AS l
      FROM memberships m JOIN members p ON p.id = m.member_id WHERE ${units('m.unit_id')}
      UNION ALL
      SELECT m.unit_id, m.ended_on AS day, -1 AS d, CASE WHEN p.gender = 'female' THEN -1 ELSE 0 END AS w,
        0 AS j, CASE WHEN m.end_kind = 'leave' THEN 1 ELSE 0 END AS l
      FROM memberships m JOIN members p ON p.id = m.member_id WHERE m.ended_on IS NOT NULL AND ${units('m.unit_id')}
    ) e
    GROUP BY unit_id, day`.execute(db);
}
