import { sql, type Kysely } from 'kysely';
import { indexText } from '../search/query.js';

/**
 * The newsroom's desk: the article list searches headlines and authors without diacritics and
 * without reading article bodies, and imported articles that need an editor's look are flagged.
 *
 * - `headline_folded`, `author_folded`: the headline and the byline's author as the search index
 *   folds them (lib/fold: no diacritics, đ → d, lower case, words separated by single spaces).
 * - `check_reasons`: why an imported article waits for an editor's check, as bits (1: its
 *   headline was made by the importer from the lead; 2: it still holds a photo placeholder);
 *   0 when none (checked, fixed, or never flagged). Publishing is refused while it is not 0.
 * - `articles_desk`: one index holding every column the list filters and sorts on, so the list
 *   and its count read the index, never the rows (whose bodies spill onto overflow pages).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function newsroomDesk() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .alterTable('articles')
        .addColumn('headline_folded', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .alterTable('articles')
        .addColumn('author_folded', 'varchar(200)', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .alterTable('articles')
        .addColumn('check_reasons', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      let after = 0;
      for (;;) {
        const rows: Array<{ id: number; headline: string; author_name: string | null }> = await db
          .selectFrom('articles')
          .select(['id', 'headline', 'author_name'])
          .where('id', '>', after)
          .orderBy('id')
          .limit(1000)
          .execute();
        if (rows.length === 0) break;
        for (const r of rows) {
          await db
            .updateTable('articles')
            .set({ headline_folded: indexText(r.headline), author_folded: indexText(r.author_name ?? '').slice(0, 200) })
            .where('id', '=', r.id)
            .execute();
        }
        after = Number(rows.at(-1)!.id);
      }
      await sql`UPDATE articles SET check_reasons =
        (CASE WHEN headline_needs_review <> 0 THEN 1 ELSE 0 END) +
        (CASE WHEN body_html LIKE '%class="photo-missing"%' THEN 2 ELSE 0 END)`.execute(db);

      await db.schema
        .createIndex('articles_desk')
        .on('articles')
        .columns([
          'unit_id',
          'status',
          'updated_at',
          'id',
          'section_id',
          'check_reasons',
          'author_user_id',
          'headline_folded',
          'author_folded',
        ])
        .execute();
      await db.schema.createIndex('articles_checks').on('articles').columns(['check_reasons', 'unit_id', 'updated_at', 'id']).execute();
    },
  };
}
