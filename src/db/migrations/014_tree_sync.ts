import type { Kysely } from 'kysely';
import { addDays, todayInVietnam } from '../../lib/dates.js';

/**
 * Tree events may be dated in the future; a daily run brings today's tree (`units`, the
 * closure) up to the events that fell due since its last run. `tree_sync` holds the day
 * it last reached (one row), and the events are found by their date through an index.
 *
 * The first value: an event dated on or before the day it was recorded was applied when it
 * was written; one dated later waited for a run that never came before this migration, so
 * the first run starts the day before the earliest of those that are due by now.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function treeSync() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('tree_sync')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('synced_on', 'varchar(10)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('unit_events_effective_on').on('unit_events').columns(['effective_on', 'unit_id']).execute();
      const today = todayInVietnam();
      const events: { effective_on: string; recorded_at: number | string }[] = await db
        .selectFrom('unit_events')
        .select(['effective_on', 'recorded_at'])
        .where('effective_on', '<=', today)
        .execute();
      let earliestWaiting: string | null = null;
      for (const e of events) {
        const waited = e.effective_on > todayInVietnam(new Date(Number(e.recorded_at)));
        if (waited && (earliestWaiting === null || e.effective_on < earliestWaiting)) earliestWaiting = e.effective_on;
      }
      await db
        .insertInto('tree_sync')
        .values({ id: 1, synced_on: earliestWaiting ? addDays(earliestWaiting, -1) : today })
        .execute();
    },
  };
}
