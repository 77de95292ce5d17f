import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.js';
import { idColumn } from './id-column.js';
import { createSearchIndex } from '../search/index.js';

// Migrations are frozen once released: they take Kysely<any> because the schema type moves on.
/* eslint-disable @typescript-eslint/no-explicit-any */
export function portal(dialect: DialectName) {
  const id = idColumn(dialect);

  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('units')
        .addColumn('id', ...id)
        .addColumn('parent_id', 'integer', (c) => c.references('units.id'))
        .addColumn('level', 'varchar(32)', (c) => c.notNull())
        .addColumn('short_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('full_name', 'varchar(400)', (c) => c.notNull())
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('units_parent').on('units').column('parent_id').execute();

      await db.schema
        .createTable('sections')
        .addColumn('id', ...id)
        .addColumn('unit_id', 'integer', (c) => c.references('units.id').unique())
        .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull().unique())
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('images')
        .addColumn('id', ...id)
        .addColumn('sha256', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('articles')
        .addColumn('id', ...id)
        .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id'))
        .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('headline_needs_review', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lead', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('byline_label', 'varchar(40)')
        .addColumn('author_name', 'varchar(200)')
        .addColumn('author_unit', 'varchar(300)')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('published_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('source_key', 'varchar(200)', (c) => c.unique())
        .execute();
      await db.schema
        .createIndex('articles_section_published')
        .on('articles')
        .columns(['section_id', 'status', 'published_at', 'id'])
        .execute();
      await db.schema.createIndex('articles_published').on('articles').columns(['status', 'published_at', 'id']).execute();

      await db.schema
        .createTable('figures')
        .addColumn('id', ...id)
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('image_id', 'integer', (c) => c.references('images.id'))
        .addColumn('source_name', 'varchar(300)')
        .addColumn('caption', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('figures_article').on('figures').columns(['article_id', 'position']).execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', ...id)
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor_user_id', 'integer')
        .addColumn('actor_label', 'varchar(200)', (c) => c.notNull())
        .addColumn('action', 'varchar(60)', (c) => c.notNull())
        .addColumn('entity', 'varchar(60)', (c) => c.notNull())
        .addColumn('entity_id', 'varchar(60)', (c) => c.notNull())
        .addColumn('unit_id', 'integer')
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .execute();
      await db.schema.createIndex('audit_events_entity').on('audit_events').columns(['entity', 'entity_id']).execute();
      await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();

      await db.schema
        .createTable('content_version')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('changed_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('content_version').values({ id: 1, version: 1, changed_at: Date.now() }).execute();

      await createSearchIndex(db, dialect);
    },
  };
}
