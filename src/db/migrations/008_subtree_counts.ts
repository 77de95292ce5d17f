import type { Kysely } from 'kysely';
import { rebuildSubtreeCounts } from '../../members/subtree-counts.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export function subtreeCounts() {
  return {
    async up(db: Kysely<any>): Promise<void> {
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
