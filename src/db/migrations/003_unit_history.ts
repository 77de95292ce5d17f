import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.js';
import { idColumn } from './id-column.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export function unitHistory(dialect: DialectName) {
  const id = idColumn(dialect);

  return {
    async up(db: Kysely<any>): Promise<void> {
      for (const [name, type] of [
        ['unit_type', 'varchar(32)'],
        ['sector', 'varchar(32)'],
        ['address', 'varchar(400)'],
        ['founded_on', 'varchar(10)'],
        ['ended_on', 'varchar(10)'],
      ] as const) {
        await db.schema.alterTable('units').addColumn(name, type).execute();
      }
      await db.schema
        .alterTable('units')
        .addColumn('has_womens_committee', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('units')
        .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
        .execute();

      // The unit as it was from valid_from (inclusive) to valid_to (exclusive; null while it still holds).
      // Dates are ISO 'YYYY-MM-DD' text: they sort and compare alike on both databases.
      await db.schema
        .createTable('unit_versions')
        .addColumn('id', ...id)
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
        .addColumn('valid_to', 'varchar(10)')
        .addColumn('parent_id', 'integer', (c) => c.references('units.id'))
        .addColumn('level', 'varchar(32)', (c) => c.notNull())
        .addColumn('unit_type', 'varchar(32)')
        .addColumn('sector', 'varchar(32)')
        .addColumn('short_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('full_name', 'varchar(400)', (c) => c.notNull())
        .addColumn('address', 'varchar(400)')
        .addColumn('has_womens_committee', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('unit_versions_unit').on('unit_versions').columns(['unit_id', 'valid_from']).execute();
      await db.schema.createIndex('unit_versions_parent').on('unit_versions').columns(['parent_id', 'valid_from']).execute();
      await sql`INSERT INTO unit_versions (unit_id, valid_from, valid_to, parent_id, level, short_name, full_name, has_womens_committee)
        SELECT id, '0001-01-01', NULL, parent_id, level, short_name, full_name, 0 FROM units`.execute(db);

      await db.schema
        .createTable('unit_events')
        .addColumn('id', ...id)
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('other_unit_id', 'integer', (c) => c.references('units.id'))
        .addColumn('effective_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('details_json', 'text')
        .addColumn('note', 'text')
        .addColumn('actor_user_id', 'integer')
        .addColumn('actor_label', 'varchar(200)', (c) => c.notNull())
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('unit_events_unit').on('unit_events').columns(['unit_id', 'effective_on']).execute();
    },
  };
}
