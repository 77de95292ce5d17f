import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../test/client.js';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { buildApp } from '../app.js';
import { login } from '../auth/service.js';
import { balanceAsOf, lowestBalanceFrom } from '../funds/repo.js';
import { publishedProgrammes } from '../care/report-service.js';
import { indexWords } from '../db/search/query.js';
import { addDays, EARLIEST, todayInVietnam } from '../lib/dates.js';
import { formatMoney, formatNumber } from '../lib/format.js';
import { variantPath } from '../media/store.js';
import { countJoinedLeft, countJoinedLeftByPeriods, countMembersAsOf, countMembersAsOfByPeriods } from '../members/repo.js';
import { listSectionsWithCounts } from '../news/repo.js';
import { EVENT_TYPES, type ArticleContext } from './articles.js';
import { generateDemo } from './generate.js';
import { planOrganisation, randomPerson } from './org.js';
import { Rng } from './random.js';

const NOW = new Date('2025-11-15T03:00:00Z');
const OPTIONS = { articles: 60, photos: 6, seed: 42, now: NOW, members: 700, cases: 90 };
const TODAY = todayInVietnam(NOW);

describe.each(DIALECTS)('demo content on %s', (dialect) => {
  let t: TestDb;
  let result: Awaited<ReturnType<typeof generateDemo>>;
  const progress: [number, number][] = [];
  beforeAll(async () => {
    t = await freshDb(dialect);
    result = await generateDemo(t, t.dataDir, { ...OPTIONS, onProgress: (done, total) => progress.push([done, total]) });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('fills units, sections, settings, photos and articles', async () => {
    expect(result.articles).toBe(60);
    expect(result.photos).toBe(6);
    expect(result.sections).toBeGreaterThanOrEqual(6);
    expect(result.units).toBeGreaterThan(40);
    const count = async (table: 'units' | 'sections' | 'images' | 'articles') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
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
      // A headline the generator made from the lead waits, unpublished but dated, for an editor's check.
      expect(a.status).toBe(a.headline_needs_review ? 'draft' : 'published');
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

    const figures = await t.db
      .selectFrom('figures as f')
      .innerJoin('images as i', 'i.id', 'f.image_id')
      .select(['f.article_id', 'f.position', 'f.caption', 'i.sha256'])
      .orderBy('f.article_id')
      .orderBy('f.position')
      .execute();
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

  it('keeps a member registry in every grassroots union, with histories over twenty years', async () => {
    const members = await t.db.selectFrom('members').select(['full_name', 'gender', 'birth_date', 'citizen_id', 'phone', 'job']).execute();
    expect(members).toHaveLength(result.members);
    expect(result.members).toBeGreaterThanOrEqual(700);
    for (const m of members) {
      expect(m.full_name).toMatch(/^\p{Lu}\p{Ll}*( \p{Lu}\p{Ll}*){2,3}$/u);
      expect(m.birth_date).toMatch(/^(19[5-9]\d|200\d)-\d\d-\d\d$/);
      expect(m.job).toBeTruthy();
      if (m.citizen_id) expect(m.citizen_id).toMatch(/^\d{12}$/);
      if (m.phone) expect(m.phone).toMatch(/^0[35789]\d{8}$/);
    }
    const women = members.filter((m) => m.gender === 'female').length;
    expect(women / members.length).toBeGreaterThan(0.4);
    expect(women / members.length).toBeLessThan(0.75);
    const withId = members.filter((m) => m.citizen_id).length / members.length;
    expect(withId).toBeGreaterThan(0.5);
    expect(withId).toBeLessThan(0.8);

    const periods = await t.db
      .selectFrom('memberships')
      .select(['unit_id', 'started_on', 'start_kind', 'ended_on', 'end_kind', 'end_reason', 'end_note'])
      .execute();
    const grassroots = await t.db.selectFrom('units').select('id').where('level', '=', 'grassroots').execute();
    expect(new Set(periods.map((p) => p.unit_id)).size).toBe(grassroots.length);
    expect(periods.filter((p) => p.start_kind === 'transfer_in')).toHaveLength(result.transfers);
    expect(periods.filter((p) => p.end_kind === 'leave')).toHaveLength(result.departures);
    // every departure has a reason of the list, "Khác" with its words, and the list shows more than one
    const departures = periods.filter((p) => p.end_kind === 'leave');
    expect(departures.every((p) => p.end_reason !== null && (p.end_reason === 'other') === (p.end_note !== null))).toBe(true);
    expect(new Set(departures.map((p) => p.end_reason)).size).toBeGreaterThanOrEqual(3);
    expect(periods.filter((p) => p.start_kind === 'rejoin')).toHaveLength(result.rejoins);
    expect(result.transfers).toBeGreaterThan(5);
    expect(result.departures).toBeGreaterThan(20);
    expect(result.rejoins).toBeGreaterThan(3);
    const joined = periods
      .filter((p) => p.start_kind === 'join')
      .map((p) => p.started_on)
      .sort();
    expect(joined[0]! < addDays(TODAY, -17 * 365)).toBe(true);
    expect(joined.at(-1)! > addDays(TODAY, -45)).toBe(true);
    expect(joined.at(-1)! <= TODAY).toBe(true);

    const audit = await t.db.selectFrom('audit_events').select('action').where('entity', 'in', ['member', 'import']).execute();
    expect(audit.filter((a) => a.action === 'member.import').length).toBeGreaterThanOrEqual(8);
    expect(audit.filter((a) => a.action === 'member.transfer')).toHaveLength(result.transfers);
    expect(audit.filter((a) => a.action === 'member.create').length).toBeGreaterThan(0);
  });

  it('keeps the running member totals equal to the periods for the province and upper unions', async () => {
    const roots = await t.db
      .selectFrom('units')
      .select(['id', 'short_name'])
      .where('level', 'in', ['province', 'upper'])
      .orderBy('id')
      .execute();
    const dates = [
      addDays(TODAY, -19 * 365),
      addDays(TODAY, -10 * 365),
      addDays(TODAY, -3 * 365),
      addDays(TODAY, -400),
      addDays(TODAY, -30),
      TODAY,
    ];
    for (const root of [roots[0]!, roots[1]!, roots.at(-1)!]) {
      for (const d of dates) {
        expect(await countMembersAsOf(t, root.id, d), `${root.short_name} ${d}`).toEqual(await countMembersAsOfByPeriods(t, root.id, d));
        const from = addDays(d, -365);
        expect(await countJoinedLeft(t, root.id, from, d, d), `${root.short_name} ${d}`).toEqual(
          await countJoinedLeftByPeriods(t, root.id, from, d, d),
        );
      }
    }
    const now = await countMembersAsOf(t, roots[0]!.id, TODAY);
    expect(now.members).toBe(result.members - result.departures + result.rejoins);
  });

  it('writes care cases in every state, of members, their children and workers, through the care commands', async () => {
    const cases = await t.db.selectFrom('care_cases').selectAll().execute();
    expect(cases).toHaveLength(result.cases);
    expect(result.cases).toBeGreaterThanOrEqual(90);
    const statuses = new Set(cases.map((c) => c.status));
    expect([...statuses].sort()).toEqual(['approved', 'closed', 'paid', 'proposed', 'returned']);
    expect(new Set(cases.map((c) => c.recipient_kind))).toEqual(new Set(['member', 'child', 'worker']));
    expect(new Set(cases.map((c) => c.reason)).size).toBeGreaterThanOrEqual(6);
    const entries = await t.db.selectFrom('fund_entries').selectAll().execute();
    for (const c of cases) {
      expect(c.cash_amount % 1000, `case ${c.id}`).toBe(0);
      expect(c.in_kind_amount % 1000, `case ${c.id}`).toBe(0);
      expect(c.cash_amount + c.in_kind_amount).toBeGreaterThan(0);
      expect(c.occurred_on <= TODAY).toBe(true);
      if (c.decided_by !== null) expect(c.decided_by).not.toBe(c.proposed_by);
      if (c.status === 'returned') expect(c.decision_note).toBeTruthy();
      if (c.status === 'paid' || c.status === 'closed') {
        const payout = entries.find((e) => e.id === c.paid_entry_id);
        expect(payout, `case ${c.id}`).toMatchObject({ kind: 'payout', amount: -c.cash_amount, case_id: c.id, entry_date: c.paid_on });
      } else {
        expect(c.paid_entry_id).toBeNull();
      }
    }
    const proposals = await t.db.selectFrom('audit_events').select('actor_user_id').where('action', '=', 'care_case.propose').execute();
    expect(proposals).toHaveLength(cases.length);
    expect(proposals.every((a) => a.actor_user_id !== null)).toBe(true);

    const programmes = await t.db.selectFrom('programmes').selectAll().orderBy('id').execute();
    expect(programmes.map((p) => p.name)).toEqual([
      'Tết Sum vầy 2025',
      'Tháng Công nhân 2025',
      'Mái ấm Công đoàn 2025',
      'Khuyến học năm học 2024–2025',
    ]);
    expect(programmes.filter((p) => p.publish_totals === 1)).toHaveLength(2);
    for (const p of programmes) {
      const own = cases.filter((c) => c.programme_id === p.id);
      expect(own.length, p.name).toBeGreaterThan(0);
      expect(own.every((c) => c.occurred_on >= p.starts_on && c.occurred_on <= p.ends_on)).toBe(true);
      const spent = own
        .filter((c) => c.status === 'paid' || c.status === 'closed')
        .reduce((sum, c) => sum + c.cash_amount + c.in_kind_amount, 0);
      expect(spent, p.name).toBeLessThanOrEqual(p.budget);
    }
  });

  it("keeps every fund's balance the sum of its entries, never below zero, with a transfer and reversals", async () => {
    const funds = await t.db.selectFrom('funds').selectAll().execute();
    expect(funds.map((f) => f.kind).sort()).toEqual(['campaign', 'home', 'social', 'study']);
    const entries = await t.db.selectFrom('fund_entries').selectAll().execute();
    for (const f of funds) {
      const own = entries.filter((e) => e.fund_id === f.id);
      expect(own.length, f.name).toBeGreaterThan(2);
      const sum = own.reduce((total, e) => total + e.amount, 0);
      expect(await balanceAsOf(t, f.id, TODAY), f.name).toBe(sum);
      expect(sum, f.name).toBeGreaterThan(0);
      expect(await lowestBalanceFrom(t, f.id, EARLIEST), f.name).toBeGreaterThanOrEqual(0);
      expect(own.every((e) => e.amount % 1000 === 0 && e.entry_date <= TODAY)).toBe(true);
    }
    const kinds = entries.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'transfer_out')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'transfer_in')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'reversal')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'receipt').length).toBeGreaterThan(20);
  });

  it('signs in with a printed demo login and shows the published totals on the portal', async () => {
    expect(result.accounts.map((a) => a.login)).toEqual([
      'quantri',
      'canbo.tinh',
      'canbo.thanhpho',
      'canbo.dongson',
      'canbo.tanquang',
      'canbo.hoathuan',
      'canbo.phuhung',
      'canbo.backhe',
      'canbo.giaoduc',
      'canbo.yte',
      'canbo.vienchuc',
      'canbo.kkt',
      'cdcs.mayphuthanh',
    ]);
    for (const a of result.accounts) expect(a.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const officer = result.accounts.find((a) => a.login === 'cdcs.mayphuthanh')!;
    expect((await login(t, officer.login, 'sai-mat-khau-123', null)).ok).toBe(false);
    expect((await login(t, officer.login, officer.password, null)).ok).toBe(true);

    const app = await buildApp({
      ctx: t,
      config: { dataDir: t.dataDir, publicUrl: 'http://congdoan.test', logLevel: 'silent', secureCookies: false },
    });
    try {
      const admin = result.accounts.find((a) => a.role === 'admin')!;
      const client = new TestClient(app);
      await client.signIn(admin.login, admin.password);
      const list = await client.get('/quan-tri/cham-lo');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('Tết Sum vầy 2025');
      expect((await client.get('/quan-tri/quy')).body).toContain('Quỹ Mái ấm Công đoàn');

      const [published] = await publishedProgrammes(t);
      expect(published).toBeDefined();
      const page = await app.inject({ method: 'GET', url: '/cham-lo' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(published!.programme.name);
      const detail = await app.inject({ method: 'GET', url: `/cham-lo/${published!.programme.id}` });
      expect(detail.body).toContain(formatMoney(published!.total));
      expect(detail.body).toContain(formatNumber(published!.people));
    } finally {
      await app.close();
    }
  });

  it('refuses a database that already has articles', async () => {
    await expect(generateDemo(t, t.dataDir, { articles: 5 })).rejects.toThrow(/đã có 60 bài viết/);
  });

  it('gives the same headlines for the same seed', async () => {
    const other = await freshDb(dialect);
    try {
      const again = await generateDemo(other, other.dataDir, OPTIONS);
      const headlines = async (db: TestDb) =>
        (await db.db.selectFrom('articles').select('headline').orderBy('id').execute()).map((r) => r.headline);
      expect(await headlines(other)).toEqual(await headlines(t));
      const registry = async (db: TestDb) => ({
        members: await db.db.selectFrom('members').select(['full_name', 'birth_date', 'citizen_id', 'job']).orderBy('id').execute(),
        periods: await db.db
          .selectFrom('memberships')
          .select(['member_id', 'unit_id', 'started_on', 'start_kind', 'ended_on', 'end_kind'])
          .orderBy('id')
          .execute(),
        cases: await db.db
          .selectFrom('care_cases')
          .select(['recipient_name', 'reason', 'status', 'cash_amount', 'in_kind_amount', 'occurred_on', 'paid_on'])
          .orderBy('id')
          .execute(),
        entries: await db.db
          .selectFrom('fund_entries')
          .select(['fund_id', 'entry_date', 'kind', 'amount', 'source_label'])
          .orderBy('id')
          .execute(),
      });
      expect(await registry(other)).toEqual(await registry(t));
      const { accounts: _a, ...counts } = result;
      const { accounts: _b, ...againCounts } = again;
      expect(againCounts).toEqual(counts);
      // the passwords do not follow from the seed
      expect(again.accounts.map((a) => a.login)).toEqual(result.accounts.map((a) => a.login));
      expect(again.accounts.map((a) => a.password)).not.toEqual(result.accounts.map((a) => a.password));
    } finally {
      await other.close();
    }
  }, 120_000);
});

describe('demo article templates', () => {
  const org = planOrganisation(new Rng(5));
  const officials = { provinceDeputy: randomPerson(new Rng(6)), massMobilisation: randomPerson(new Rng(7)) };
  const days = Array.from({ length: 12 * 4 }, (_, i) => ({
    year: 2023 + Math.floor(i / 12),
    month: (i % 12) + 1,
    day: 1 + ((i * 7) % 28),
  }));

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
