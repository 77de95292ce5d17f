import type { Kysely } from 'kysely';

/**
 * Thôi sinh hoạt records why the member left: `end_reason` is a short code (the labels live in
 * `members/schema.ts`), `end_note` the officer's words when the reason is "khác". Periods ended
 * before this migration, and those not ended by a departure, keep both null ("không ghi lý do").
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function leaveReasons() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('memberships').addColumn('end_reason', 'varchar(16)').execute();
      await db.schema.alterTable('memberships').addColumn('end_note', 'varchar(200)').execute();
    },
  };
}
