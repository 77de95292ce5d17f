import type { Kysely } from 'kysely';

/**
 * What waits for a user (the /quan-tri desk and the menu's counts) is counted on every admin
 * page: care cases by status within the user's units, articles returned to their author, a
 * user's import jobs. Each count reads one index range instead of every row of the table.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function waitingWorkIndexes() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // proposed_by too: the approver's count leaves out their own proposals without reading the rows.
      await db.schema
        .createIndex('care_cases_status_unit')
        .on('care_cases')
        .columns(['status', 'proposing_unit_id', 'proposed_by'])
        .execute();
      await db.schema.createIndex('articles_author_status').on('articles').columns(['author_user_id', 'status']).execute();
      await db.schema.createIndex('import_jobs_user_status').on('import_jobs').columns(['user_id', 'status']).execute();
    },
  };
}
