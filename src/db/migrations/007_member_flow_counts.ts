import type { Kysely } from 'kysely';
import { rebuildMemberCounts } from '../../members/counts-sql.js';

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
