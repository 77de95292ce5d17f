import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { SYSTEM_ACTORS } from '../src/audit/audit.js';
import { inTransaction } from '../src/db/context.js';
import { siteTime } from '../src/lib/format.js';
import { createArticle, ensureSectionIn } from '../src/news/service.js';
import type { ArticleInput } from '../src/news/schema.js';
import { writeSiteSettings } from '../src/site/service.js';
import { freshDb, type TestDb } from './harness.js';
import { openImportDatabase, type DialectName } from '../src/db/connection.js';

export async function makeSection(t: TestDb, name: string) {
  return inTransaction(t, (tx) => ensureSectionIn(tx, SYSTEM_ACTORS.cli, name, null));
}

let counter = 0;
/** A published article with sensible defaults; pass what the test is about. */
export async function makeArticle(t: TestDb, sectionId: number, over: Partial<ArticleInput> = {}) {
  counter++;
  return createArticle(t, SYSTEM_ACTORS.cli, {
    sectionId,
    headline: `Bài viết thử số ${counter}`,
    lead: `Sáng ${(counter % 28) + 1}/3, đoàn viên tham gia hoạt động thử nghiệm số ${counter}.`,
    bodyHtml: `<p>Đoạn nội dung của bài thử số ${counter}.</p>`,
    status: 'published',
    publishedAt: siteTime(2024, 3, (counter % 28) + 1, 9, 30).getTime() + counter * 1000,
    ...over,
  });
}

export interface TestApp {
  t: TestDb;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function makeTestApp(dialect: DialectName): Promise<TestApp> {
  const t = await freshDb(dialect);
  await writeSiteSettings(t, SYSTEM_ACTORS.cli, {
    name: 'Liên đoàn Lao động tỉnh Thử Nghiệm',
    englishName: 'TEST PROVINCE FEDERATION OF LABOUR',
    slogan: 'Vì quyền lợi hợp pháp của đoàn viên và người lao động',
    banner: 'Chúc mừng năm mới',
    description: 'Cổng thông tin thử nghiệm',
  });
  // Imports write where the server's do: on SQLite, a second connection in a worker thread.
  const importDb = openImportDatabase(dialect, t.sqlitePath);
  const jobsCtx = importDb ? { db: importDb.kysely, dialect } : t;
  const app = await buildApp({
    ctx: t,
    jobsCtx,
    config: { dataDir: t.dataDir, publicUrl: 'http://congdoan.test', logLevel: 'silent', secureCookies: false },
  });
  await app.ready();
  return {
    t,
    app,
    close: async () => {
      await app.close();
      await importDb?.close();
      await t.close();
    },
  };
}
