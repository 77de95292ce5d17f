import type { Kysely } from 'kysely';

/**
 * The rows a member import refused, kept with its job so the officer can download them (the
 * original cells and the reason) after the import has ended: the job's header row in
 * `import_jobs.rejected_headers` (JSON), each refused row in `import_rejected_rows`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function importRejectedRows() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('import_jobs').addColumn('rejected_headers', 'text').execute();
      await db.schema
        .createTable('import_rejected_rows')
        .addColumn('job_id', 'integer', (c) => c.notNull().references('import_jobs.id'))
        .addColumn('row_number', 'integer', (c) => c.notNull())
        .addColumn('cells_json', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('import_rejected_rows_pk', ['job_id', 'row_number'])
        .execute();
    },
  };
}
