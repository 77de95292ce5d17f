import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.js';
import { idColumn } from './id-column.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export function members(dialect: DialectName) {
  const id = idColumn(dialect);

  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('members')
        .addColumn('id', ...id)
        .addColumn('full_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('name_folded', 'varchar(200)', (c) => c.notNull())
        .addColumn('sort_key', 'varchar(400)', (c) => c.notNull())
        .addColumn('gender', 'varchar(8)')
        .addColumn('birth_date', 'varchar(10)')
        .addColumn('birth_year', 'integer')
        .addColumn('citizen_id', 'varchar(12)')
        .addColumn('phone', 'varchar(15)')
        .addColumn('job', 'varchar(200)')
        .addColumn('card_number', 'varchar(40)')
        .addColumn('import_key', 'varchar(64)', (c) => c.unique())
        .addColumn('erased_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('members_citizen').on('members').column('citizen_id').execute();
      await db.schema.createIndex('members_name_birth').on('members').columns(['name_folded', 'birth_date']).execute();
      await db.schema.createIndex('members_sort').on('members').columns(['sort_key', 'id']).execute();

      // Membership is a list of dated periods: from started_on (inclusive) to ended_on (exclusive; null while it lasts).
      await db.schema
        .createTable('memberships')
        .addColumn('id', ...id)
        .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('started_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('start_kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('ended_on', 'varchar(10)')
        .addColumn('end_kind', 'varchar(16)')
        .execute();
      await db.schema.createIndex('memberships_unit').on('memberships').columns(['unit_id', 'started_on', 'ended_on']).execute();
      await db.schema.createIndex('memberships_member').on('memberships').columns(['member_id', 'started_on']).execute();
    },
  };
}
