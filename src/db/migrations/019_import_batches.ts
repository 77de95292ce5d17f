import { sql, type Kysely } from 'kysely';

/**
 * Member imports commit a chunk at a time, so that other writes never wait long behind them.
 * Each member an import writes names its job (`import_job_id`): an import that fails, or that
 * its user cancels after a crash, is undone by removing its job's members. `import_locks`
 * holds one row per kind of import: the job holding it writes, the others wait their turn
 * (a later import must see the rows of the one before).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function importBatches() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('members').addColumn('import_job_id', 'integer').execute();
      await sql`CREATE INDEX members_import_job ON members (import_job_id) WHERE import_job_id IS NOT NULL`.execute(db);
      await db.schema
        .createTable('import_locks')
        .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('job_id', 'integer')
        .addColumn('taken_at', 'bigint')
        .execute();
      await db.insertInto('import_locks').values({ name: 'members', job_id: null, taken_at: null }).execute();
    },
  };
}
