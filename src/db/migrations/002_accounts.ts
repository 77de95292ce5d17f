import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.js';
import { idColumn } from './id-column.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export function accounts(dialect: DialectName) {
  const id = idColumn(dialect);

  return {
    async up(db: Kysely<any>): Promise<void> {
      // Every (ancestor, descendant) pair of the unit tree, self included at depth 0: scope checks are one join.
      await db.schema
        .createTable('unit_closure')
        .addColumn('ancestor_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('descendant_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('depth', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('unit_closure_pk', ['ancestor_id', 'descendant_id'])
        .execute();
      await db.schema.createIndex('unit_closure_descendant').on('unit_closure').columns(['descendant_id', 'ancestor_id']).execute();
      await sql`
        WITH RECURSIVE walk(ancestor_id, descendant_id, depth) AS (
          SELECT id, id, 0 FROM units
          UNION ALL
          SELECT w.ancestor_id, u.id, w.depth + 1 FROM walk w JOIN units u ON u.parent_id = w.descendant_id
        )
        INSERT INTO unit_closure (ancestor_id, descendant_id, depth) SELECT ancestor_id, descendant_id, depth FROM walk`.execute(db);

      await db.schema
        .createTable('users')
        .addColumn('id', ...id)
        .addColumn('login', 'varchar(100)', (c) => c.notNull().unique())
        .addColumn('full_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'bigint')
        .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('role_grants')
        .addColumn('id', ...id)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'varchar(20)', (c) => c.notNull())
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addUniqueConstraint('role_grants_unique', ['user_id', 'role', 'unit_id'])
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('user_agent', 'varchar(300)')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('password_resets')
        .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();

      await db.schema
        .alterTable('articles')
        .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
        .execute();
      await db.schema
        .alterTable('articles')
        .addColumn('author_user_id', 'integer', (c) => c.references('users.id'))
        .execute();
      await db.schema
        .alterTable('articles')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable('articles').addColumn('review_comment', 'text').execute();
      await db.schema.alterTable('articles').addColumn('submitted_at', 'bigint').execute();
      await db.schema.createIndex('articles_unit_status').on('articles').columns(['unit_id', 'status']).execute();
      await sql`UPDATE articles SET unit_id = (SELECT s.unit_id FROM sections s WHERE s.id = articles.section_id)`.execute(db);

      await db.schema
        .createTable('article_revisions')
        .addColumn('id', ...id)
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('lead', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('snapshot_json', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id'))
        .addColumn('actor_label', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('article_revisions_unique', ['article_id', 'version'])
        .execute();

      await db.schema.createIndex('audit_events_unit_at').on('audit_events').columns(['unit_id', 'at']).execute();
      await db.schema.createIndex('audit_events_actor_at').on('audit_events').columns(['actor_user_id', 'at']).execute();
    },
  };
}
