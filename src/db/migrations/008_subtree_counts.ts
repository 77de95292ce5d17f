import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyDb = Kysely<any>;

export function subtreeCounts() {
  return {
    async up(db: AnyDb): Promise<void> {
      // A subtree's members as of a date in one index seek, however many units lie below it.
      await db.schema
        .createTable('unit_subtree_counts')
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('day', 'varchar(10)', (c) => c.notNull())
        .addColumn('members', 'integer', (c) => c.notNull())
        .addColumn('women', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('unit_subtree_counts_pk', ['unit_id', 'day'])
        .execute();
      await rebuildSubtreeCounts(db);
    },
  };
}

// The rebuild as this migration defined it (frozen; the current one is in members/counts-repo.ts).

/** Rebuilds every unit's totals (migration, bulk loads). */
async function rebuildSubtreeCounts(db: AnyDb): Promise<void> {
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
