import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../../test/harness.js';
import { SYSTEM_ACTORS } from '../../audit/audit.js';
import { importPageFiles } from '../../news/import-service.js';
import { searchArticles } from './index.js';
import { parseSearchQuery } from './query.js';

const fixtures = path.resolve('test/fixtures/pages');
const files = fs
  .readdirSync(fixtures)
  .filter((f) => f.endsWith('.txt') && f !== 'empty.txt')
  .sort()
  .map((f) => path.join(fixtures, f));

const QUERIES = [
  'cong doan',
  'CÔNG ĐOÀN',
  '"cong doan"',
  'dong',
  'đồng',
  'doan vien',
  'hoi nghi tong ket',
  'suc khoe',
  'nam 2024',
  'tap huan can bo',
  'giao duc',
  'y te',
  '"doan vien cong doan"',
  'cong',
  'khong co tu nay',
  'qua',
];

describe('search on SQLite and PostgreSQL', () => {
  let sqlite: TestDb;
  let postgres: TestDb;
  beforeAll(async () => {
    [sqlite, postgres] = await Promise.all([freshDb('sqlite'), freshDb('postgres')]);
    for (const t of [sqlite, postgres]) await importPageFiles(t, SYSTEM_ACTORS.cli, files, { now: new Date('2025-01-01T00:00:00Z') });
  });
  afterAll(async () => {
    await Promise.all([sqlite?.close(), postgres?.close()]);
  });

  it('gives the same hits for the same corpus', async () => {
    let nonEmpty = 0;
    for (const raw of QUERIES) {
      const q = parseSearchQuery(raw);
      if (!q) throw new Error(raw);
      const [a, b] = await Promise.all([
        searchArticles(sqlite.db, 'sqlite', q, 1000, 0),
        searchArticles(postgres.db, 'postgres', q, 1000, 0),
      ]);
      expect(a.total, raw).toBe(b.total);
      expect(a.hits.map((h) => h.id).sort(), raw).toEqual(b.hits.map((h) => h.id).sort());
      expect(
        a.hits
          .filter((h) => h.phraseHit)
          .map((h) => h.id)
          .sort(),
        raw,
      ).toEqual(
        b.hits
          .filter((h) => h.phraseHit)
          .map((h) => h.id)
          .sort(),
      );
      if (a.total > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });
});
