import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.js';
import { idColumn } from './id-column.js';

/**
 * Long exports run after the request that starts them and leave a file in DATA_DIR/exports.
 * Like an import, a running export names the process that runs it (`owner`) and that process
 * touches `heartbeat_at` (with the rows written so far, `done`): at start, a job still `running`
 * whose heartbeat stopped belongs to a dead process and is marked `interrupted`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function exportJobs(dialect: DialectName) {
  const id = idColumn(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('export_jobs')
        .addColumn('id', ...id)
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('file_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('done', 'integer', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('filter_json', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('owner', 'varchar(64)')
        .addColumn('heartbeat_at', 'bigint')
        .execute();
      await db.schema.createIndex('export_jobs_status').on('export_jobs').column('status').execute();
    },
  };
}
