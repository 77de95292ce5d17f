import type { Kysely } from 'kysely';

/**
 * A running import names the process that runs it (a random id drawn at each start) and
 * that process touches `heartbeat_at` while it works: at start, a job still `running`
 * whose heartbeat stopped belongs to a dead process and is marked `interrupted`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function jobHeartbeat() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('import_jobs').addColumn('owner', 'varchar(64)').execute();
      await db.schema.alterTable('import_jobs').addColumn('heartbeat_at', 'bigint').execute();
      await db.schema.createIndex('import_jobs_status').on('import_jobs').column('status').execute();
    },
  };
}
