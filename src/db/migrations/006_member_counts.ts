import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export function memberCounts() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // Members (and women) of each unit after each day its membership changed: a running total,
      // so a count as of a date is one index seek per unit instead of a walk over every member.
      await db.schema
        .createTable('unit_member_counts')
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('day', 'varchar(10)', (c) => c.notNull())
        .addColumn('members', 'integer', (c) => c.notNull())
        .addColumn('women', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('unit_member_counts_pk', ['unit_id', 'day'])
        .execute();
      await rebuildMemberCounts(db);
    },
  };
}

/** The totals as this migration defined them (frozen; the current rebuild is in members/counts-repo.ts). */
async function rebuildMemberCounts(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM unit_member_counts`.execute(db);
  await sql`
    INSERT INTO unit_member_counts (unit_id, day, members, women)
    SELECT unit_id, day,
      sum(sum(d)) OVER (PARTITION BY unit_id ORDER BY day),
      sum(sum(w)) OVER (PARTITION BY unit_id ORDER BY day)
    FROM (
      SELECT m.unit_id, m.started_on AS day, 1 AS d, CASE WHEN p.gender = 'female' THEN 1 ELSE 0 END AS w
      FROM memberships m JOIN members p ON p.id = m.member_id
      UNION ALL
      SELECT m.unit_id, m.ended_on AS day, -1 AS d, CASE WHEN p.gender = 'female' THEN -1 ELSE 0 END AS w
      FROM memberships m JOIN members p ON p.id = m.member_id WHERE m.ended_on IS NOT NULL
    ) e
    GROUP BY unit_id, day`.execute(db);
}
