import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { generatePageDump } from '../../test/page-dump.js';
import { SYSTEM_ACTORS } from '../audit/audit.js';
import { BATCH_ARTICLES, importPageFiles } from './import-service.js';

const fixtures = path.resolve('test/fixtures/pages');
const seedDir = path.resolve(process.cwd(), '../shared/seeds');
const seeds = fs.existsSync(seedDir)
  ? fs
      .readdirSync(seedDir)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => path.join(seedDir, f))
  : [];

describe.each(DIALECTS)('import-pages on %s', (dialect) => {
  let t: TestDb;
  let badDir: string;
  beforeAll(async () => {
    t = await freshDb(dialect);
    badDir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-bad-'));
    fs.writeFileSync(path.join(badDir, 'zero.txt'), '');
    fs.writeFileSync(path.join(badDir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    fs.writeFileSync(path.join(badDir, 'latin1.txt'), Buffer.from('C\xf4ng \xf0o\xe0n', 'latin1'));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(badDir, { recursive: true, force: true });
  });

  const countArticles = async () =>
    Number(
      (
        await t.db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('imports a listing page: section, articles, bylines, captions, flagged headlines', async () => {
    const [r] = await importPageFiles(t, SYSTEM_ACTORS.cli, [path.join(fixtures, 'listing.txt')]);
    expect(r).toMatchObject({ error: null, section: 'Công đoàn ngành', articles: 9, added: 9, alreadyThere: 0, bylines: 7, flagged: 9 });
    const section = await t.db.selectFrom('sections').selectAll().where('name', '=', 'Công đoàn ngành').executeTakeFirstOrThrow();
    const rows = await t.db.selectFrom('articles').selectAll().where('section_id', '=', section.id).orderBy('id').execute();
    expect(rows).toHaveLength(9);
    // Every headline here was made by the importer: the articles wait, unpublished, in the editors' queue.
    expect(rows.every((a) => a.headline_needs_review === 1 && a.status === 'draft' && a.published_at !== null)).toBe(true);
    expect(rows[0]).toMatchObject({ byline_label: 'Tin & ảnh', author_name: 'Đinh Văn Khoa', author_unit: 'CĐN Y tế' });
    expect(rows[1]).toMatchObject({ byline_label: 'Tin và ảnh', author_name: 'Hà Thị Lan', author_unit: 'Công đoàn ngành Giáo dục' });
    const figures = await t.db.selectFrom('figures').select(['source_name', 'caption']).orderBy('id').execute();
    expect(figures.map((f) => f.caption)).toContain('Quang cảnh lớp tập huấn');
    expect(rows[0]?.body_html).toContain('<figcaption>Quang cảnh lớp tập huấn</figcaption>');
    const audited = await t.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', '=', 'article.create')
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(9);
  });

  it('adds nothing when the same files are imported again', async () => {
    const before = await countArticles();
    const [r] = await importPageFiles(t, SYSTEM_ACTORS.cli, [path.join(fixtures, 'listing.txt')]);
    expect(r).toMatchObject({ error: null, added: 0, alreadyThere: 9 });
    expect(await countArticles()).toBe(before);
  });

  it('reports a file it cannot read by name, and still imports the others', async () => {
    const before = await countArticles();
    const reports = await importPageFiles(t, SYSTEM_ACTORS.cli, [
      path.join(badDir, 'missing.txt'),
      path.join(badDir, 'zero.txt'),
      path.join(badDir, 'binary.txt'),
      path.join(badDir, 'latin1.txt'),
      badDir,
      path.join(fixtures, 'article-single.txt'),
    ]);
    expect(reports.map((r) => r.error === null)).toEqual([false, false, false, false, false, true]);
    expect(reports[0]?.error).toContain('missing.txt');
    expect(reports[1]?.error).toBe('Tệp zero.txt rỗng (0 byte).');
    expect(reports[2]?.error).toContain('binary.txt không phải là tệp văn bản');
    expect(reports[3]?.error).toContain('latin1.txt không phải là văn bản UTF-8');
    expect(reports[5]).toMatchObject({ added: 1, flagged: 0 });
    expect(await countArticles()).toBe(before + 1);
  });

  it('a blank, whitespace-only or article-less page file creates no section and writes nothing', async () => {
    fs.writeFileSync(path.join(badDir, 'blank.txt'), '\n\n');
    fs.writeFileSync(path.join(badDir, 'spaces.txt'), ' \t \r\n\u00a0 \n  ');
    fs.writeFileSync(path.join(badDir, 'heading-only.txt'), 'Chuyên mục trống (0)\n\n');
    const sectionsBefore = await t.db.selectFrom('sections').select('name').execute();
    const articlesBefore = await countArticles();
    const names = ['blank.txt', 'spaces.txt', 'heading-only.txt'];
    const reports = await importPageFiles(
      t,
      SYSTEM_ACTORS.cli,
      names.map((n) => path.join(badDir, n)),
      { defaultSection: 'Chuyên mục mới' },
    );
    reports.forEach((r, i) => {
      expect(r).toMatchObject({ section: null, articles: 0, added: 0 });
      expect(r.error).toBe(
        `Tệp ${names[i]} không có bài viết nào (trống hoặc chỉ có khoảng trắng): không có gì được ghi, không tạo chuyên mục.`,
      );
    });
    expect(await t.db.selectFrom('sections').select('name').execute()).toEqual(sectionsBefore);
    expect(await countArticles()).toBe(articlesBefore);
  });

  it.skipIf(seeds.length === 0)('imports the old portal pages in ../shared/seeds with the hand-counted numbers', async () => {
    const reports = await importPageFiles(t, SYSTEM_ACTORS.cli, seeds);
    // Hand counts (see parse.test.ts): 10, 1 and 10 articles; 5, 1 and 10 bylines; 6, 3 and 26 photo lines.
    expect(reports.map((r) => [r.error, r.articles, r.bylines, r.photos])).toEqual([
      [null, 10, 5, 6],
      [null, 1, 1, 3],
      [null, 10, 10, 26],
    ]);
    expect(reports.map((r) => r.section)).toEqual(['Công đoàn viên chức tỉnh', 'Tin tức', 'LĐLĐ tỉnh']);
    const captions = await t.db
      .selectFrom('figures')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('caption', '!=', '')
      .executeTakeFirstOrThrow();
    expect(Number(captions.n)).toBeGreaterThanOrEqual(6 + 3 + 23);
    const again = await importPageFiles(t, SYSTEM_ACTORS.cli, seeds);
    expect(again.map((r) => r.added)).toEqual([0, 0, 0]);
  });
});

describe.each(DIALECTS)('import-pages into an existing union tree on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('files sections under a unit of the same name, or site-wide, and articles under the root', async () => {
    const { inTransaction } = await import('../db/context.js');
    const { createUnitIn } = await import('../org/service.js');
    const { ensureSectionIn } = await import('./service.js');
    const root = await inTransaction(t, async (tx) => {
      const r = await createUnitIn(tx, SYSTEM_ACTORS.cli, {
        parentId: null,
        level: 'province',
        shortName: 'LĐLĐ tỉnh',
        fullName: 'Liên đoàn Lao động tỉnh',
      });
      await createUnitIn(tx, SYSTEM_ACTORS.cli, {
        parentId: r.id,
        level: 'upper',
        shortName: 'Công đoàn ngành',
        fullName: 'Công đoàn ngành',
      });
      await ensureSectionIn(tx, SYSTEM_ACTORS.cli, 'Tin của tỉnh', r.id);
      return r;
    });
    const reports = await importPageFiles(
      t,
      SYSTEM_ACTORS.cli,
      [path.join(fixtures, 'listing.txt'), path.join(fixtures, 'article-single.txt')],
      { defaultSection: 'Tin tỉnh cũ' },
    );
    expect(reports.map((r) => r.error)).toEqual([null, null]);
    const sections = await t.db.selectFrom('sections').select(['name', 'unit_id']).orderBy('id').execute();
    const upper = await t.db.selectFrom('units').select('id').where('short_name', '=', 'Công đoàn ngành').executeTakeFirstOrThrow();
    expect(sections).toEqual([
      { name: 'Tin của tỉnh', unit_id: root.id },
      { name: 'Công đoàn ngành', unit_id: upper.id },
      { name: reports[1]!.section, unit_id: null },
    ]);
    const orphans = await t.db.selectFrom('articles').select('id').where('unit_id', 'is', null).execute();
    expect(orphans).toEqual([]);
  });
});

describe.each(DIALECTS)('import-pages in short transactions on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await freshDb(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-batches-'));
    // A database that refuses one marked article, as a full disk or a broken row would.
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER refuse_marked_article BEFORE INSERT ON articles WHEN NEW.lead LIKE '%LOI-THU-NGHIEM%'
        BEGIN SELECT RAISE(ABORT, 'bài bị cơ sở dữ liệu từ chối'); END`.execute(t.db);
    } else {
      await sql`CREATE FUNCTION refuse_marked_article() RETURNS trigger AS $$
        BEGIN IF NEW.lead LIKE '%LOI-THU-NGHIEM%' THEN RAISE EXCEPTION 'bài bị cơ sở dữ liệu từ chối'; END IF; RETURN NEW; END
        $$ LANGUAGE plpgsql`.execute(t.db);
      await sql`CREATE TRIGGER refuse_marked_article BEFORE INSERT ON articles FOR EACH ROW EXECUTE FUNCTION refuse_marked_article()`.execute(
        t.db,
      );
    }
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A listing page of `count` articles; the article numbered `failing` is refused by the database. */
  const dump = (name: string, section: string, count: number, seed: number, failing?: number) => {
    let text = generatePageDump(section, count, seed);
    if (failing) text = text.replace(`(lần thứ ${failing} của mẫu ${seed})`, `(lần thứ ${failing} của mẫu ${seed}, LOI-THU-NGHIEM)`);
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const count = async (table: 'articles' | 'figures' | 'article_revisions' | 'sections') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const indexed = async () => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM article_fts`.execute(t.db)).rows[0]!.n);
  const audited = async (action: string) =>
    Number(
      (
        await t.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const snapshot = async () => ({
    articles: await count('articles'),
    figures: await count('figures'),
    revisions: await count('article_revisions'),
    sections: await count('sections'),
    indexed: await indexed(),
  });

  it('a file that fails after several committed batches is undone: no article, figure, revision, search entry or new section remains', async () => {
    await importPageFiles(t, SYSTEM_ACTORS.cli, [dump('truoc.txt', 'Tin có sẵn', 30, 11)]);
    const before = await snapshot();
    // Pages whose headline the importer made wait unpublished (and unindexed) for an editor.
    const held = async () =>
      Number(
        (
          await t.db
            .selectFrom('articles')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('status', '=', 'draft')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const heldBefore = await held();
    expect(before).toMatchObject({ articles: 30, sections: 1, indexed: 30 - heldBefore });
    // Articles 1–100 commit in batches; the batch holding article 110 fails.
    expect(100 % BATCH_ARTICLES).toBe(0);
    const [failed, after] = await importPageFiles(t, SYSTEM_ACTORS.cli, [
      dump('hong.txt', 'Chuyên mục của tệp lỗi', 140, 12, 110),
      dump('sau.txt', 'Tin có sẵn', 20, 13),
    ]);
    expect(failed).toMatchObject({ articles: 140, added: 0, alreadyThere: 0, interrupted: false });
    expect(failed!.error).toMatch(
      /^Lỗi khi ghi bài viết của tệp hong\.txt: .*bài bị cơ sở dữ liệu từ chối.*\. Không có bài nào của tệp này được ghi\.$/,
    );
    expect(after).toMatchObject({ error: null, added: 20 });
    expect(await snapshot()).toEqual({
      ...before,
      articles: 50,
      figures: before.figures + 10,
      revisions: 50,
      indexed: 50 - (await held()),
    });
    expect(await t.db.selectFrom('sections').select('name').where('name', '=', 'Chuyên mục của tệp lỗi').execute()).toEqual([]);
    // Each removal is in the audit log, beside the creation it undoes.
    expect(await audited('article.import_undo')).toBe(100);
    expect(await audited('section.import_undo')).toBe(1);
  });

  it('undoing a failed file keeps a section that was there before it', async () => {
    const before = await snapshot();
    const [r] = await importPageFiles(t, SYSTEM_ACTORS.cli, [dump('hong-2.txt', 'Tin có sẵn', 80, 14, 75)]);
    expect(r!.error).toContain('Không có bài nào của tệp này được ghi.');
    expect(await snapshot()).toEqual(before);
  });

  it('a run stopped between batches keeps what it wrote; running it again adds the rest, none twice', async () => {
    const before = await count('articles');
    const file = dump('dung.txt', 'Tin dừng giữa chừng', 120, 15);
    // Stopped after the first batch: the signal reads aborted from its second look between batches on.
    let looks = 0;
    const signal = {
      get aborted() {
        return ++looks > 2;
      },
    } as AbortSignal;
    const reports = await importPageFiles(t, SYSTEM_ACTORS.cli, [file, dump('chua.txt', 'Tin chưa nhập', 5, 16)], { signal });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ error: null, interrupted: true, articles: 120, added: BATCH_ARTICLES, alreadyThere: 0 });
    expect(await count('articles')).toBe(before + BATCH_ARTICLES);
    const [again] = await importPageFiles(t, SYSTEM_ACTORS.cli, [file]);
    expect(again).toMatchObject({ error: null, interrupted: false, added: 120 - BATCH_ARTICLES, alreadyThere: BATCH_ARTICLES });
    expect(await count('articles')).toBe(before + 120);
  });

  it('a run stopped before its first batch leaves no empty section behind', async () => {
    const sections = await count('sections');
    let looks = 0;
    const signal = {
      get aborted() {
        return ++looks > 1;
      },
    } as AbortSignal;
    const [r] = await importPageFiles(t, SYSTEM_ACTORS.cli, [dump('dung-som.txt', 'Tin dừng sớm', 10, 18)], { signal });
    expect(r).toMatchObject({ error: null, interrupted: true, added: 0 });
    expect(await count('sections')).toBe(sections);
  });

  it('the same article twice in one file is written once', async () => {
    const text = generatePageDump('Tin lặp lại', 3, 17);
    const body = text.slice(text.indexOf('(3)') + 4, text.lastIndexOf('Trang 1 / 1'));
    const file = path.join(dir, 'lap.txt');
    fs.writeFileSync(file, `${text.slice(0, text.indexOf('(3)') + 4)}${body}${body}Trang 1 / 1`);
    const [r] = await importPageFiles(t, SYSTEM_ACTORS.cli, [file]);
    expect(r).toMatchObject({ error: null, articles: 6, added: 3, alreadyThere: 3 });
  });
});
