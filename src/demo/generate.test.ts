import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { indexWords } from '../db/search/query.js';
import { variantPath } from '../media/store.js';
import { listSectionsWithCounts } from '../news/repo.js';
import { EVENT_TYPES, type ArticleContext } from './articles.js';
import { generateDemo } from './generate.js';
import { planOrganisation, randomPerson } from './org.js';
import { Rng } from './random.js';

const NOW = new Date('2025-11-15T03:00:00Z');
const OPTIONS = { articles: 60, photos: 6, seed: 42, now: NOW };

describe.each(DIALECTS)('demo content on %s', (dialect) => {
  let t: TestDb;
  let result: Awaited<ReturnType<typeof generateDemo>>;
  const progress: [number, number][] = [];
  beforeAll(async () => {
    t = await freshDb(dialect);
    result = await generateDemo(t, t.dataDir, { ...OPTIONS, onProgress: (done, total) => progress.push([done, total]) });
  }, 120_000);
  afterAll(async () => { await t.close(); });

  it('fills units, sections, settings, photos and articles', async () => {
    expect(result.articles).toBe(60);
    expect(result.photos).toBe(6);
    expect(result.sections).toBeGreaterThanOrEqual(6);
    expect(result.units).toBeGreaterThan(40);
    const count = async (table: 'units' | 'sections' | 'images' | 'articles') =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('units')).toBe(result.units);
    expect(await count('sections')).toBe(result.sections);
    expect(await count('images')).toBe(6);
    expect(await count('articles')).toBe(60);
    const levels = await t.db.selectFrom('units').select('level').execute();
    expect(levels.filter((l) => l.level === 'province')).toHaveLength(1);
    expect(levels.filter((l) => l.level === 'upper').length).toBeGreaterThanOrEqual(8);
    const settings = await t.db.selectFrom('settings').select('value').where('key', '=', 'site').executeTakeFirstOrThrow();
    expect(JSON.parse(settings.value).name).toMatch(/^Liên đoàn Lao động tỉnh /);
    expect(progress.at(-1)).toEqual([60, 60]);
  });

  it('gives every section articles, the province section the most', async () => {
    const sections = await listSectionsWithCounts(t);
    expect(sections.every((s) => s.article_count > 0)).toBe(true);
    const province = sections.find((s) => s.name === 'LĐLĐ tỉnh');
    expect(province?.article_count).toBe(Math.max(...sections.map((s) => s.article_count)));
  });

  it('writes published Vietnamese news with dated leads, bylines and photos on disk', async () => {
    const articles = await t.db.selectFrom('articles').selectAll().execute();
    const now = NOW.getTime();
    for (const a of articles) {
      expect(a.status).toBe('published');
      expect(Number(a.published_at)).toBeLessThan(now);
      expect(Number(a.published_at)).toBeGreaterThan(now - 3.1 * 365 * 86_400_000);
      expect(a.lead).toMatch(/^(Sáng|Chiều|Tối|Ngày|Trong|Từ)[^.]{0,40}?\d{1,2}\/\d{1,2}/);
      expect(['Tin & ảnh', 'Tin và ảnh', 'Tin, ảnh', 'Bài và ảnh']).toContain(a.byline_label);
      expect(a.author_name).toMatch(/^\p{Lu}\p{Ll}* .+ \p{Lu}\p{Ll}*$/u);
      expect(a.author_unit).toBeTruthy();
      const paragraphs = a.body_html.match(/<p>/g)?.length ?? 0;
      expect(paragraphs).toBeGreaterThanOrEqual(3);
      expect(paragraphs).toBeLessThanOrEqual(6);
      expect(`${a.headline} ${a.lead} ${a.body_html}`).not.toMatch(/undefined|NaN|\[object/);
    }
    const text = articles.map((a) => `${a.lead} ${a.body_html}`).join(' ');
    expect(text).toMatch(/Công đoàn/);
    expect(text).toMatch(/\d{1,3}(\.\d{3})+ đồng/);

    const figures = await t.db.selectFrom('figures as f').innerJoin('images as i', 'i.id', 'f.image_id')
      .select(['f.article_id', 'f.position', 'f.caption', 'i.sha256']).orderBy('f.article_id').orderBy('f.position').execute();
    expect(figures.length).toBeGreaterThan(20);
    const withFigures = new Set(figures.map((f) => f.article_id));
    for (const f of figures) {
      expect(f.caption.length).toBeGreaterThan(5);
      expect(fs.existsSync(variantPath(t.dataDir, f.sha256, 'large'))).toBe(true);
      expect(fs.existsSync(variantPath(t.dataDir, f.sha256, 'thumb'))).toBe(true);
      const body = articles.find((a) => a.id === f.article_id)?.body_html ?? '';
      expect(body).toContain(`/media/${f.sha256}/large.jpg`);
    }
    // the figures stand in the body in the order of the figures table
    for (const id of withFigures) {
      const body = articles.find((a) => a.id === id)?.body_html ?? '';
      const inBody = [...body.matchAll(/\/media\/([0-9a-f]{64})\/large\.jpg/g)].map((m) => m[1]);
      expect(inBody).toEqual(figures.filter((f) => f.article_id === id).map((f) => f.sha256));
    }
    const stored = await t.db.selectFrom('images').select(['width', 'height']).execute();
    expect(stored.every((i) => i.width === 1200 && i.height === 800)).toBe(true);
  });

  it('refuses a database that already has articles', async () => {
    await expect(generateDemo(t, t.dataDir, { articles: 5 })).rejects.toThrow(/đã có 60 bài viết/);
  });

  it('gives the same headlines for the same seed', async () => {
    const other = await freshDb(dialect);
    try {
      await generateDemo(other, other.dataDir, OPTIONS);
      const headlines = async (db: TestDb) => (await db.db.selectFrom('articles').select('headline').orderBy('id').execute()).map((r) => r.headline);
      expect(await headlines(other)).toEqual(await headlines(t));
    } finally {
      await other.close();
    }
  }, 120_000);
});

describe('demo article templates', () => {
  const org = planOrganisation(new Rng(5));
  const officials = { provinceDeputy: randomPerson(new Rng(6)), massMobilisation: randomPerson(new Rng(7)) };
  const days = Array.from({ length: 12 * 4 }, (_, i) => ({ year: 2023 + Math.floor(i / 12), month: (i % 12) + 1, day: 1 + ((i * 7) % 28) }));

  it('write every event type for every unit it fits, without holes', () => {
    let written = 0;
    for (const event of EVENT_TYPES) {
      for (const host of org.all.filter((u) => event.hosts.includes(u.kind) && (!event.fits || event.fits(u)))) {
        for (const [i, date] of days.entries()) {
          if (event.when && !event.when(date)) continue;
          const c: ArticleContext = { rng: new Rng(i * 31 + host.fullName.length), host, province: org.province, date, officials };
          const d = event.write(c);
          const text = [d.headline, d.lead, ...d.paragraphs, ...d.captions].join('\n');
          expect(text, event.key).not.toMatch(/undefined|NaN|\[object|null|\s[,.]|\s{2}/);
          expect(d.paragraphs.length, event.key).toBeGreaterThanOrEqual(4);
          expect(d.captions.length, event.key).toBeGreaterThanOrEqual(2);
          expect(d.photos.length).toBeGreaterThan(0);
          written++;
        }
      }
    }
    expect(written).toBeGreaterThan(1000);
  });

  it('write some articles with "công" and "đoàn" apart but never side by side', () => {
    const visit = EVENT_TYPES.find((e) => e.key === 'doan-cong-tac');
    if (!visit) throw new Error('no delegation visit');
    for (const host of org.all.filter((u) => visit.hosts.includes(u.kind))) {
      for (let seed = 0; seed < 5; seed++) {
        const d = visit.write({ rng: new Rng(seed), host, province: org.province, date: { year: 2024, month: 5, day: 3 }, officials });
        expect(d.apart).toBe(true);
        const words = indexWords([d.headline, d.lead, ...d.paragraphs, ...d.captions].join(' . '));
        expect(words).toContain('cong');
        expect(words).toContain('doan');
        const together = words.some((w, i) => w === 'cong' && words[i + 1] === 'doan');
        expect(together, `${host.name}: ${d.headline}`).toBe(false);
      }
    }
  });
});
