import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export function memberFlowCounts() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // Admissions and departures since the beginning, per unit and day: a period's flows are two seeks per unit.
      await db.schema
        .alterTable('unit_member_counts')
        .addColumn('joined', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('unit_member_counts')
        .addColumn('left_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await rebuildMemberCounts(db);
    },
  };
}

/** The totals as this migration defined them (frozen; the current rebuild is in members/counts-repo.ts). */
async function rebuildMemberCounts(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM unit_member_counts`.execute(db);
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
      FROM memberships m JOIN members p ON p.id = m.member_id
      UNION ALL
      SELECT m.unit_id, m.ended_on AS day, -1 AS d, CASE WHEN p.gender = 'female' THEN -1 ELSE 0 END AS w,
        0 AS j, CASE WHEN m.end_kind = 'leave' THEN 1 ELSE 0 END AS l
      FROM memberships m JOIN members p ON p.id = m.member_id WHERE m.ended_on IS NOT NULL
    ) e
    GROUP BY unit_id, day`.execute(db);
}
