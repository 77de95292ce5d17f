import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.js';
import { idColumn } from './id-column.js';

/**
 * A transfer to a unit outside the officer's scope waits for an officer of the receiving side:
 * one row per request, at most one waiting per member (a partial unique index).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function memberTransferRequests(dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('member_transfer_requests')
        .addColumn('id', ...idColumn(dialect))
        .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
        .addColumn('from_unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('to_unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('transfer_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('requested_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('requested_at', 'bigint', (c) => c.notNull())
        .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
        .addColumn('decided_at', 'bigint')
        .addColumn('reason', 'text')
        .execute();
      await db.schema
        .createIndex('member_transfer_requests_waiting')
        .on('member_transfer_requests')
        .column('member_id')
        .unique()
        .where(sql.ref('status'), '=', 'waiting')
        .execute();
      await db.schema.createIndex('member_transfer_requests_to').on('member_transfer_requests').columns(['to_unit_id', 'status']).execute();
      await db.schema
        .createIndex('member_transfer_requests_by')
        .on('member_transfer_requests')
        .columns(['requested_by', 'status'])
        .execute();
    },
  };
}
