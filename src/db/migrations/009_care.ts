import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.js';
import { idColumn } from './id-column.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export function care(dialect: DialectName) {
  const id = idColumn(dialect);

  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('funds')
        .addColumn('id', ...id)
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('closed_on', 'varchar(10)')
        .addUniqueConstraint('funds_unit_name', ['unit_id', 'name'])
        .execute();

      await db.schema
        .createTable('programmes')
        .addColumn('id', ...id)
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('budget', 'bigint', (c) => c.notNull())
        .addColumn('default_cash', 'bigint', (c) => c.notNull())
        .addColumn('default_in_kind', 'bigint', (c) => c.notNull())
        .addColumn('publish_totals', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('programmes_unit').on('programmes').columns(['unit_id', 'starts_on']).execute();

      await db.schema
        .createTable('programme_funds')
        .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
        .addColumn('fund_id', 'integer', (c) => c.notNull().references('funds.id'))
        .addPrimaryKeyConstraint('programme_funds_pk', ['programme_id', 'fund_id'])
        .execute();

      await db.schema
        .createTable('care_cases')
        .addColumn('id', ...id)
        .addColumn('programme_id', 'integer', (c) => c.references('programmes.id'))
        .addColumn('recipient_kind', 'varchar(8)', (c) => c.notNull())
        .addColumn('member_id', 'integer', (c) => c.references('members.id'))
        .addColumn('recipient_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('recipient_folded', 'varchar(200)', (c) => c.notNull())
        .addColumn('recipient_birth_year', 'integer')
        .addColumn('recipient_citizen_id', 'varchar(12)')
        .addColumn('parent_member_id', 'integer', (c) => c.references('members.id'))
        .addColumn('reason', 'varchar(16)', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('occurred_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('proposing_unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('cash_amount', 'bigint', (c) => c.notNull())
        .addColumn('in_kind_amount', 'bigint', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('fund_id', 'integer', (c) => c.references('funds.id'))
        .addColumn('proposed_by', 'integer', (c) => c.references('users.id'))
        .addColumn('proposed_at', 'bigint', (c) => c.notNull())
        .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
        .addColumn('decided_at', 'bigint')
        .addColumn('decision_note', 'text')
        // No foreign key: fund_entries refers to care_cases, and PostgreSQL wants a table before a reference to it.
        .addColumn('paid_entry_id', 'integer')
        .addColumn('paid_by', 'integer', (c) => c.references('users.id'))
        .addColumn('paid_at', 'bigint')
        .addColumn('closed_at', 'bigint')
        .addColumn('import_key', 'varchar(64)', (c) => c.unique())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('care_cases_unit_date').on('care_cases').columns(['proposing_unit_id', 'occurred_on']).execute();
      await db.schema.createIndex('care_cases_programme').on('care_cases').column('programme_id').execute();
      await db.schema.createIndex('care_cases_recipient').on('care_cases').columns(['recipient_folded', 'recipient_birth_year']).execute();
      await db.schema.createIndex('care_cases_member').on('care_cases').column('member_id').execute();

      // Insert-only: a mistake is undone by a reversal entry, never by an edit.
      await db.schema
        .createTable('fund_entries')
        .addColumn('id', ...id)
        .addColumn('fund_id', 'integer', (c) => c.notNull().references('funds.id'))
        .addColumn('entry_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('source_label', 'varchar(300)')
        .addColumn('source_unit_id', 'integer', (c) => c.references('units.id'))
        .addColumn('case_id', 'integer', (c) => c.references('care_cases.id'))
        .addColumn('transfer_id', 'varchar(36)')
        .addColumn('reverses_entry_id', 'integer', (c) => c.unique().references('fund_entries.id'))
        .addColumn('memo', 'varchar(500)')
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('fund_entries_fund_date').on('fund_entries').columns(['fund_id', 'entry_date']).execute();
      await db.schema.createIndex('fund_entries_case').on('fund_entries').column('case_id').execute();
      await db.schema.createIndex('fund_entries_transfer').on('fund_entries').column('transfer_id').execute();

      await db.schema
        .createTable('care_attachments')
        .addColumn('id', ...id)
        .addColumn('case_id', 'integer', (c) => c.notNull().references('care_cases.id'))
        .addColumn('file_name', 'varchar(300)', (c) => c.notNull())
        .addColumn('stored_path', 'varchar(500)', (c) => c.notNull())
        .addColumn('mime', 'varchar(100)', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('care_attachments_case').on('care_attachments').column('case_id').execute();
    },
  };
}
