import type { Kysely } from 'kysely';

/**
 * Failed sign-ins, counted per (login, address) pair and per address, so that growing waits slow
 * an attacker down without letting anyone lock a known account out from elsewhere. One row per
 * key; a failure is one atomic update of it. The accounts' own hard lock (`users.locked_until`,
 * `users.failed_logins`) is no longer used.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function signInThrottle() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('sign_in_throttle')
        .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('delay_ms', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('blocked_until', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
