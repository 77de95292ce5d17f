import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.js';
import { idColumn } from './id-column.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export function importJobs(dialect: DialectName) {
  const id = idColumn(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      // Long imports run in the background; any app process can report their progress.
      await db.schema
        .createTable('import_jobs')
        .addColumn('id', ...id)
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id'))
        .addColumn('file_name', 'varchar(300)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('done', 'integer', (c) => c.notNull())
        .addColumn('result_json', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
