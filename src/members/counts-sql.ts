import { sql, type Kysely, type RawBuilder } from 'kysely';

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
