import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.js';

/**
 * An import remembers each row it wrote by an import key, so the same file imported
 * again adds nothing. A member who holds a citizen-ID number and has not been changed
 * since the import is found by that number (the import compares the key stored on the
 * row): on PostgreSQL, such members' keys are left out of the unique key index, whose
 * upkeep was a fifth of the cost of writing a member. Members without a number, and
 * members edited or erased since (updated_at moves), stay in it. SQLite keeps the
 * index of its UNIQUE column, which cannot be dropped without rebuilding the table.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function identifiedImportKeys(dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`ALTER TABLE members DROP CONSTRAINT members_import_key_key`.execute(db);
      await sql`CREATE UNIQUE INDEX members_import_key ON members (import_key)
        WHERE import_key IS NOT NULL AND (citizen_id IS NULL OR updated_at <> created_at)`.execute(db);
    },
  };
}
