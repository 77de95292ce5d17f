import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import { parseSearchQuery } from '../db/search/query.js';
import { searchArticles } from '../db/search/index.js';
import * as repo from './repo.js';
import { createArticle, ensureSectionIn } from './service.js';
import { inTransaction } from '../db/context.js';

describe.each(DIALECTS)('articles on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates articles with unique Vietnamese slugs, audited', async () => {
    const section = await inTransaction(t, (tx) => ensureSectionIn(tx, SYSTEM_ACTORS.cli, 'LĐLĐ tỉnh', null));
    expect(section.slug).toBe('ldld-tinh');
    const input = {
      sectionId: section.id,
      headline: 'Hội nghị Tổng kết công tác Công đoàn năm 2025',
      lead: 'Sáng 12/01, hội nghị diễn ra.',
      bodyHtml: '<p>Nội dung <script>alert(1)</script></p>',
      status: 'published' as const,
    };
    const a = await createArticle(t, SYSTEM_ACTORS.cli, input);
    const b = await createArticle(t, SYSTEM_ACTORS.cli, input);
    expect(a.slug).toBe('hoi-nghi-tong-ket-cong-tac-cong-doan-nam-2025');
    expect(b.slug).toBe('hoi-nghi-tong-ket-cong-tac-cong-doan-nam-2025-2');
    const stored = await repo.findPublishedBySlug(t, a.slug);
    expect(stored?.body_html).toBe('<p>Nội dung </p>');
    const audits = await t.db.selectFrom('audit_events').select(['action', 'entity_id']).where('entity', '=', 'article').execute();
    expect(audits.map((e) => e.entity_id).sort()).toEqual([String(a.id), String(b.id)].sort());
    expect(await repo.countPublishedInSection(t, section.id)).toBe(2);
  });

  it('finds "Công đoàn" for "cong doan", with the words together first', async () => {
    const section = await inTransaction(t, (tx) => ensureSectionIn(tx, SYSTEM_ACTORS.cli, 'Tìm kiếm', null));
    const apart = await createArticle(t, SYSTEM_ACTORS.cli, {
      sectionId: section.id,
      headline: 'Đoàn thanh niên thăm công nhân',
      lead: 'Một bài khác.',
      bodyHtml: '',
      status: 'published',
    });
    const together = await createArticle(t, SYSTEM_ACTORS.cli, {
      sectionId: section.id,
      headline: 'Chợ phiên',
      lead: 'Ban chấp hành CÔNG ĐOÀN tặng quà 500 nghìn đồng.',
      bodyHtml: '',
      status: 'published',
    });
    const q = parseSearchQuery('cong doan');
    if (!q) throw new Error('query');
    const result = await searchArticles(t.db, t.dialect, q, 10, 0);
    const ids = result.hits.map((h) => h.id);
    expect(ids).toContain(apart.id);
    expect(ids.indexOf(together.id)).toBeLessThan(ids.indexOf(apart.id));
    const dong = await searchArticles(t.db, t.dialect, parseSearchQuery('DONG')!, 10, 0);
    expect(dong.hits.map((h) => h.id)).toContain(together.id);
  });
});
