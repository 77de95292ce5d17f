import { SYSTEM_ACTORS } from '../audit/audit.js';
import { inTransaction, type DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { siteDateParts, siteTime } from '../lib/format.js';
import { figureHtml, paragraphHtml } from '../news/figure-html.js';
import { countArticlesByStatus } from '../news/repo.js';
import type { ArticleInput } from '../news/schema.js';
import { createArticleIn, ensureSectionIn } from '../news/service.js';
import { createUnitIn } from '../org/service.js';
import { writeSiteSettings } from '../site/service.js';
import type { SiteSettings } from '../site/schema.js';
import { createDemoAccounts, type DemoAccount } from './accounts.js';
import { eventTypesFor, leadOpener, lunarYearName, type ArticleContext, type Day, type Officials } from './articles.js';
import { generateCare } from './care.js';
import { generateMembers } from './members.js';
import { planOrganisation, PROVINCE, randomPerson, type OrgUnit, type Reporter } from './org.js';
import { generatePhotos, type DemoPhoto, type PhotoKind } from './photos.js';
import { Rng } from './random.js';

/**
 * Fills an empty database with a demo federation: its union tree, news sections, site
 * settings, drawn photos and `articles` published articles over the past three years,
 * accounts of its officers, a member registry and its care work (funds, programmes, cases).
 * The same seed (and day) gives the same content; the accounts' passwords are random.
 */

export interface DemoOptions {
  articles: number;
  seed?: number;
  /** Distinct photos drawn and shared by the articles (default 40). */
  photos?: number;
  onProgress?: (done: number, total: number) => void;
  /** The day the three years of news end on (default: now). */
  now?: Date;
  /** Members in the registry (default 3,000; at least six in each grassroots union). */
  members?: number;
  /** Care cases (default: one for every ten members). */
  cases?: number;
}

export interface DemoResult {
  units: number;
  sections: number;
  articles: number;
  photos: number;
  members: number;
  transfers: number;
  departures: number;
  rejoins: number;
  funds: number;
  programmes: number;
  cases: number;
  /** Logins with their passwords, to be shown once. */
  accounts: DemoAccount[];
}

const DEFAULT_MEMBERS = 3_000;

const BATCH = 250;
const DAY_MS = 86_400_000;
const WINDOW_DAYS = 3 * 365;

interface SectionPlan {
  name: string;
  unit: OrgUnit | null;
  weight: number;
  /** Who holds the events this section reports. */
  host: (rng: Rng) => OrgUnit;
}

export async function generateDemo(ctx: DbContext, dataDir: string, options: DemoOptions): Promise<DemoResult> {
  const total = Math.max(0, Math.floor(options.articles));
  const seed = (options.seed ?? 20_250_728) >>> 0;
  const photoCount = Math.max(1, Math.floor(options.photos ?? 40));
  const now = options.now ?? new Date();

  const existing = (await countArticlesByStatus(ctx, 'published')) + (await countArticlesByStatus(ctx, 'draft'));
  if (existing > 0) {
    throw new Error(`Cơ sở dữ liệu đã có ${existing} bài viết: chỉ tạo dữ liệu mẫu trên cơ sở dữ liệu trống.`);
  }

  const orgRng = Rng.derive(seed, 1);
  const org = planOrganisation(orgRng);
  const officials: Officials = { provinceDeputy: randomPerson(orgRng, false), massMobilisation: randomPerson(orgRng) };
  const plans = sectionPlans(org.province, org.uppers);

  const sectionIds = await inTransaction(ctx, async (tx) => {
    for (const [i, unit] of org.all.entries()) {
      const stored = await createUnitIn(tx, SYSTEM_ACTORS.demo, {
        parentId: unit.parent ? unit.parent.id : null,
        level: unit.level,
        shortName: unit.shortName,
        fullName: unit.fullName,
        sortOrder: i,
      });
      unit.id = stored.id;
    }
    const ids: number[] = [];
    for (const plan of plans) ids.push((await ensureSectionIn(tx, SYSTEM_ACTORS.demo, plan.name, plan.unit ? plan.unit.id : null)).id);
    return ids;
  });

  await writeSiteSettings(ctx, SYSTEM_ACTORS.demo, siteSettings(now));

  const photos = await generatePhotos(ctx, dataDir, photoCount, seed);
  const byKind = new Map<PhotoKind, DemoPhoto[]>();
  for (const p of photos) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), p]);

  const rng = Rng.derive(seed, 2);
  const figureRng = Rng.derive(seed, 3);
  const today = siteDateParts(now);
  const todayUtc = Date.UTC(today.year, today.month - 1, today.day);
  const sectionWeights = plans.map((p, i) => [i, p.weight] as const);

  let done = 0;
  options.onProgress?.(0, total);
  while (done < total) {
    const count = Math.min(BATCH, total - done);
    await inTransaction(ctx, async (tx) => {
      for (let k = 0; k < count; k++) {
        const index = done + k;
        // the first articles go one to each section, so every section has some
        const s = index < plans.length ? index : rng.weighted(sectionWeights);
        const plan = plans[s] as SectionPlan;
        const input = writeArticle(rng, figureRng, {
          sectionId: sectionIds[s] as number,
          host: plan.host(rng),
          province: org.province,
          officials,
          todayUtc,
          byKind,
          photos,
        });
        await createArticleIn(tx, SYSTEM_ACTORS.demo, input);
      }
    });
    done += count;
    options.onProgress?.(done, total);
  }

  const day = todayInVietnam(now);
  const memberCount = Math.max(0, Math.floor(options.members ?? DEFAULT_MEMBERS));
  const accounts = await createDemoAccounts(ctx, Rng.derive(seed, 4), org.province, org.uppers);
  const members = await generateMembers(ctx, Rng.derive(seed, 5), org.province, org.uppers, accounts, memberCount, day);
  const care = await generateCare(
    ctx,
    Rng.derive(seed, 6),
    org.province,
    org.uppers,
    accounts,
    options.cases ?? Math.round(memberCount / 10),
    day,
  );

  return {
    units: org.all.length,
    sections: plans.length,
    articles: total,
    photos: photos.length,
    ...members,
    funds: care.funds,
    programmes: care.programmes,
    cases: care.cases,
    accounts: accounts.list,
  };
}

function sectionPlans(province: OrgUnit, uppers: OrgUnit[]): SectionPlan[] {
  const of = (kind: OrgUnit['kind']) => {
    const u = uppers.find((x) => x.kind === kind);
    if (!u) throw new Error(`no ${kind} unit`);
    return u;
  };
  const districts = uppers.filter((u) => u.kind === 'district');
  const grassroots = uppers.flatMap((u) => u.children);
  /** The upper unit itself more often than one of its grassroots unions. */
  const upperOrChild = (u: OrgUnit) => (rng: Rng) => (rng.chance(0.55) || u.children.length === 0 ? u : rng.pick(u.children));
  return [
    {
      name: 'LĐLĐ tỉnh',
      unit: province,
      weight: 32,
      host: (rng) =>
        rng.weighted<() => OrgUnit>([
          [() => province, 55],
          [() => rng.pick(districts), 30],
          [() => rng.pick(rng.pick(districts).children), 15],
        ])(),
    },
    { name: 'Công đoàn Viên chức tỉnh', unit: of('civil'), weight: 14, host: upperOrChild(of('civil')) },
    { name: 'Công đoàn ngành Giáo dục', unit: of('education'), weight: 13, host: upperOrChild(of('education')) },
    { name: 'Công đoàn ngành Y tế', unit: of('health'), weight: 11, host: upperOrChild(of('health')) },
    { name: 'LĐLĐ thành phố', unit: of('city'), weight: 10, host: upperOrChild(of('city')) },
    { name: 'Công đoàn Khu kinh tế', unit: of('economic'), weight: 8, host: upperOrChild(of('economic')) },
    { name: 'Hoạt động CĐCS', unit: null, weight: 12, host: (rng) => rng.pick(grassroots) },
  ];
}

interface ArticleSetting {
  sectionId: number;
  host: OrgUnit;
  province: OrgUnit;
  officials: Officials;
  todayUtc: number;
  byKind: Map<PhotoKind, DemoPhoto[]>;
  photos: DemoPhoto[];
}

const BYLINE_LABELS: readonly (readonly [string, number])[] = [
  ['Tin & ảnh', 6],
  ['Tin và ảnh', 2],
  ['Tin, ảnh', 2],
  ['Bài và ảnh', 1],
];
const FIGURE_COUNTS: readonly (readonly [number, number])[] = [
  [0, 15],
  [1, 40],
  [2, 30],
  [3, 15],
];

function dayAt(utc: number): Day {
  const d = new Date(utc);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function writeArticle(rng: Rng, figureRng: Rng, a: ArticleSetting): ArticleInput {
  const eventUtc = a.todayUtc - rng.int(7, WINDOW_DAYS) * DAY_MS;
  const date = dayAt(eventUtc);
  const c: ArticleContext = { rng, host: a.host, province: a.province, date, officials: a.officials };
  const event = rng.weighted(eventTypesFor(a.host, date));
  const draft = event.write(c);
  const end = draft.days && draft.days > 1 ? dayAt(eventUtc + (draft.days - 1) * DAY_MS) : null;
  const lead = `${leadOpener(rng, date, draft, end)}, ${draft.lead}`;

  // 3 to 6 paragraphs: the first and the last stay, middle ones drop out
  const paragraphs = [...draft.paragraphs];
  const keep = rng.int(3, Math.min(6, paragraphs.length));
  while (paragraphs.length > keep) paragraphs.splice(rng.int(1, paragraphs.length - 2), 1);

  const figureCount = figureRng.weighted(FIGURE_COUNTS);
  const captions = figureRng.sample(draft.captions, figureCount);
  const chosen = new Set<number>();
  const figures = captions.map((caption, j) => {
    const kind = draft.photos[j % draft.photos.length] as PhotoKind;
    const pool = (a.byKind.get(kind) ?? []).filter((p) => !chosen.has(p.id));
    const fallback = a.photos.filter((p) => !chosen.has(p.id));
    const photo = figureRng.pick(pool.length > 0 ? pool : fallback.length > 0 ? fallback : a.photos);
    chosen.add(photo.id);
    return { photo, caption };
  });
  const html: string[] = [];
  for (const [i, text] of paragraphs.entries()) {
    html.push(paragraphHtml(text));
    for (const [j, f] of figures.entries()) {
      const after = Math.min(paragraphs.length - 1, Math.floor(((j + 1) * paragraphs.length) / (figures.length + 1)));
      if (after === i)
        html.push(
          figureHtml({ sha256: f.photo.sha256, width: f.photo.width, height: f.photo.height, sourceName: null, caption: f.caption }),
        );
    }
  }

  const reporter = pickReporter(rng, a.host, a.province);
  const needsReview = rng.chance(0.05);
  const published = end ?? date;
  const delay = rng.weighted([
    [0, 6],
    [1, 3],
    [2, 1],
    [3, 1],
  ] as const);
  const hour = delay === 0 ? rng.int(11, 21) : rng.int(7, 17);

  return {
    sectionId: a.sectionId,
    headline: needsReview ? headlineFromLead(lead) : draft.headline,
    headlineNeedsReview: needsReview,
    lead,
    bodyHtml: html.join('\n'),
    figures: figures.map((f) => ({ imageId: f.photo.id, sourceName: null, caption: f.caption })),
    byline: {
      label: rng.weighted(BYLINE_LABELS),
      author: `${reporter.person.family} ${reporter.person.middle} ${reporter.person.given}`,
      unit: reporter.unit,
    },
    status: 'published',
    publishedAt: siteTime(published.year, published.month, published.day + delay, hour, rng.int(0, 59)).getTime(),
  };
}

/** Who writes the news: the host's own reporter, or one of the unit above. */
function pickReporter(rng: Rng, host: OrgUnit, province: OrgUnit): Reporter {
  const parent = host.parent;
  if (host.kind === 'grassroots' && parent && rng.chance(0.5)) return rng.pick(parent.reporters);
  if (host.kind === 'district' && rng.chance(0.3)) return rng.pick(province.reporters);
  return rng.pick(host.reporters.length > 0 ? host.reporters : province.reporters);
}

/** An importer's guess: the lead's first words, for an editor to replace. */
function headlineFromLead(lead: string): string {
  const words = lead.replace(/^[^,]*,\s*/, '').split(/\s+/);
  let out = '';
  for (const w of words) {
    if ((out + ' ' + w).length > 90) break;
    out = out ? `${out} ${w}` : w;
  }
  return `${out.replace(/[,.;:]$/, '')}…`;
}

/** The federation's identity, with a greeting for the next holiday. */
function siteSettings(now: Date): SiteSettings {
  return {
    name: `Liên đoàn Lao động tỉnh ${PROVINCE}`,
    englishName: 'Binh Lam Provincial Federation of Labour',
    slogan:
      'Công đoàn tỉnh Bình Lâm – đồng hành cùng đoàn viên, vì việc làm ổn định, thu nhập xứng đáng và cuộc sống tốt đẹp hơn của người lao động',
    banner: holidayGreeting(now),
    description: `Cổng thông tin điện tử của Liên đoàn Lao động tỉnh ${PROVINCE}: tin hoạt động công đoàn các cấp, chăm lo đoàn viên, thi đua – khen thưởng (dữ liệu mẫu để trình diễn).`,
  };
}

function holidayGreeting(now: Date): string {
  const { year: y, month: m, day: d } = siteDateParts(now);
  const md = m * 100 + d;
  if (md <= 210) return `Chúc mừng năm mới – Xuân ${lunarYearName(y)} ${y}`;
  if (md <= 308) return `Chào mừng kỷ niệm ${y - 1910} năm Ngày Quốc tế Phụ nữ 8/3`;
  if (md <= 501) return `Chào mừng ${y - 1975} năm Ngày Giải phóng miền Nam, thống nhất đất nước 30/4 và Ngày Quốc tế Lao động 1/5`;
  if (md <= 728) return `Chào mừng kỷ niệm ${y - 1929} năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/${y})`;
  if (md <= 902) return `Chào mừng kỷ niệm ${y - 1945} năm Cách mạng Tháng Tám và Quốc khánh 2/9`;
  if (md <= 1020) return `Chào mừng kỷ niệm ${y - 1930} năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam 20/10`;
  if (md <= 1120) return `Chào mừng ${y - 1982} năm Ngày Nhà giáo Việt Nam 20/11`;
  return `Chúc mừng năm mới ${y + 1}`;
}
