import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticle, makeSection } from '../../test/factories.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { newsroomDesk } from '../db/migrations/023_newsroom_desk.js';
import { figureHtml } from './figure-html.js';

describe.each(DIALECTS)('migration 023_newsroom_desk on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('folds the headlines and authors of the articles already there, and flags derived headlines and photo placeholders', async () => {
    const sectionId = (await makeSection(t, 'Tin hoạt động')).id;
    const plain = await makeArticle(t, sectionId, {
      headline: 'Đại hội Công đoàn ngành Y tế',
      byline: { label: 'Tin', author: 'Lê Văn Đức', unit: null },
    });
    const derived = await makeArticle(t, sectionId, { headline: 'Sáng 12/01, Công đoàn tổ chức…', headlineNeedsReview: true });
    const photo = await makeArticle(t, sectionId, {
      headline: 'Bài có ảnh cũ',
      bodyHtml: `<p>Một.</p>${figureHtml({ sha256: null, sourceName: 'anh.jpg', caption: 'Ảnh' })}`,
    });
    // The database as it stood before the migration.
    for (const index of ['articles_desk', 'articles_checks']) await sql`DROP INDEX ${sql.ref(index)}`.execute(t.db);
    for (const column of ['headline_folded', 'author_folded', 'check_reasons'])
      await sql`ALTER TABLE articles DROP COLUMN ${sql.ref(column)}`.execute(t.db);

    await newsroomDesk().up(t.db);
    const rows = await t.db
      .selectFrom('articles')
      .select(['id', 'headline_folded', 'author_folded', 'check_reasons'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [Number(r.id), r.headline_folded, r.author_folded, r.check_reasons])).toEqual([
      [plain.id, 'dai hoi cong doan nganh y te', 'le van duc', 0],
      [derived.id, 'sang 12 01 cong doan to chuc', '', 1],
      [photo.id, 'bai co anh cu', '', 2],
    ]);
  });
});
