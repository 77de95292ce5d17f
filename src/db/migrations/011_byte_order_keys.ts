import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export function byteOrderKeys(dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // PostgreSQL compares text by the database's locale unless told otherwise. Import
      // keys are hex hashes: compared byte by byte, a lookup of an import's thousands of
      // keys runs about twenty times faster. SQLite compares bytes already.
      if (dialect !== 'postgres') return;
      await sql`ALTER TABLE members ALTER COLUMN import_key TYPE varchar(64) COLLATE "C"`.execute(db);
      await sql`ALTER TABLE care_cases ALTER COLUMN import_key TYPE varchar(64) COLLATE "C"`.execute(db);
    },
  };
}
