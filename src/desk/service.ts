import { canAnywhere, type AuthUser } from '../access/user.js';
import { CASES_PATH } from '../care/paths.js';
import { CARE_WORK_LABELS } from '../care/schema.js';
import { careWorkWaiting } from '../care/service.js';
import type { DbContext } from '../db/context.js';
import { unfinishedImports } from '../members/import-job-service.js';
import { transfersWaiting } from '../members/transfer-service.js';
import { TRANSFER_REQUESTS_PATH } from '../members/views/transfer-requests.js';
import { countFlaggedArticles, listOwnWork, newsroomWaiting } from '../news/service.js';

/**
 * "Việc cần làm": what waits for the signed-in user, asked of each area in the user's scope.
 * Each area counts its own records (an indexed COUNT within the user's units); the desk only
 * gathers the answers, and the admin menu adds them up by its entries.
 */

export interface WaitingItem {
  /** A stable name, e.g. 'care.approve'. */
  key: string;
  /** The admin menu entry whose count this adds to. */
  menu: string;
  /** 'todo': the user's move; 'watch': waiting on someone else (shown, not counted in the menu). */
  kind: 'todo' | 'watch';
  label: string;
  count: number;
  /** The list that shows exactly these records. */
  href: string;
}

/** One area's waiting work for a user: [] when the user's roles do not reach it. */
export type WaitingProvider = (ctx: DbContext, user: AuthUser) => Promise<WaitingItem[]>;

/** Where the desk's own lists are (articles returned to the user, their unfinished imports). */
export const DESK_PATH = '/quan-tri';
export const RETURNED_ANCHOR = 'bai-tra-lai';
export const IMPORTS_ANCHOR = 'nhap-du-lieu';

const careWaiting: WaitingProvider = async (ctx, user) =>
  (await careWorkWaiting(ctx, user)).map(({ work, count }) => ({
    key: `care.${work}`,
    menu: 'care',
    kind: 'todo',
    label: CARE_WORK_LABELS[work],
    count,
    href: `${CASES_PATH}?viec=${work}`,
  }));

const newsroomItems: WaitingProvider = async (ctx, user) => {
  const { toReview, returned } = await newsroomWaiting(ctx, user);
  const items: WaitingItem[] = [];
  if (toReview !== null)
    items.push({ key: 'news.review', menu: 'queue', kind: 'todo', label: 'Bài chờ duyệt', count: toReview, href: '/quan-tri/duyet-bai' });
  if (returned !== null)
    items.push({
      key: 'news.returned',
      menu: 'articles',
      kind: 'todo',
      label: 'Bài của bạn bị trả lại, chờ sửa',
      count: returned,
      href: `${DESK_PATH}#${RETURNED_ANCHOR}`,
    });
  return items;
};

/** Imported articles whose headline the importer made or that still hold a photo placeholder: editors check them before they can be published. */
const flaggedItems: WaitingProvider = async (ctx, user) => {
  if (!canAnywhere(user, 'article.review')) return [];
  const count = await countFlaggedArticles(ctx, user);
  return [
    { key: 'news.flagged', menu: 'articles', kind: 'todo', label: 'Bài nhập cần kiểm tra', count, href: '/quan-tri/bai-viet/can-kiem-tra' },
  ];
};

const transferItems: WaitingProvider = async (ctx, user) => {
  const waiting = await transfersWaiting(ctx, user);
  if (!waiting) return [];
  return [
    {
      key: 'members.transfer-in',
      menu: 'members',
      kind: 'todo',
      label: 'Đề nghị chuyển sinh hoạt chờ đơn vị của bạn nhận',
      count: waiting.incoming,
      href: `${TRANSFER_REQUESTS_PATH}#cho-nhan`,
    },
    {
      key: 'members.transfer-out',
      menu: 'members',
      kind: 'watch',
      label: 'Đề nghị chuyển sinh hoạt đơn vị của bạn đã gửi, chờ bên nhận trả lời',
      count: waiting.outgoing,
      href: `${TRANSFER_REQUESTS_PATH}#da-gui`,
    },
  ];
};

const importItems: WaitingProvider = async (ctx, user) => {
  if (!canAnywhere(user, 'record.write')) return [];
  const jobs = await unfinishedImports(ctx, user);
  const running = jobs.filter((j) => j.status === 'running').length;
  return [
    {
      key: 'imports.failed',
      menu: 'members',
      kind: 'todo',
      label: 'Lần nhập đoàn viên bị lỗi hoặc gián đoạn (7 ngày qua)',
      count: jobs.length - running,
      href: `${DESK_PATH}#${IMPORTS_ANCHOR}`,
    },
    {
      key: 'imports.running',
      menu: 'members',
      kind: 'watch',
      label: 'Lần nhập đoàn viên đang chạy',
      count: running,
      href: `${DESK_PATH}#${IMPORTS_ANCHOR}`,
    },
  ];
};

/**
 * Every area's waiting work, in the order the desk shows it. Another area adds its count by
 * adding one provider here.
 */
export const WAITING_PROVIDERS: readonly WaitingProvider[] = [careWaiting, newsroomItems, flaggedItems, transferItems, importItems];

/** What waits for the user, every area asked at once. */
export async function waitingFor(ctx: DbContext, user: AuthUser, providers = WAITING_PROVIDERS): Promise<WaitingItem[]> {
  return (await Promise.all(providers.map((p) => p(ctx, user)))).flat();
}

/** The menu's counts: the user's own waiting work, added up by menu entry. */
export function menuCounts(items: readonly WaitingItem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of items) if (i.kind === 'todo' && i.count > 0) counts[i.menu] = (counts[i.menu] ?? 0) + i.count;
  return counts;
}

/** The desk besides the counts: the writer's own drafts and returned articles, the user's unfinished imports. */
export async function deskLists(ctx: DbContext, user: AuthUser) {
  const canWrite = canAnywhere(user, 'article.write');
  const [ownWork, imports] = await Promise.all([
    canWrite ? listOwnWork(ctx, user) : [],
    canAnywhere(user, 'record.write') ? unfinishedImports(ctx, user, true) : [],
  ]);
  return {
    canWrite,
    canReadArticles: canAnywhere(user, 'article.read'),
    returned: ownWork.filter((a) => a.status === 'returned'),
    drafts: ownWork.filter((a) => a.status === 'draft'),
    imports,
  };
}

/** How long the menu may show counts already read for the same user (the desk page itself always reads afresh). */
export const MENU_COUNTS_TTL_MS = 5_000;

/**
 * The menu's counts, kept a few seconds per user: every admin page shows them, and a province's
 * counts read thousands of index entries. A user's own write forgets their entry, so their menu
 * follows what they just did; others' work shows within the TTL. One per app (user ids are per database).
 */
export class WaitingCache {
  private readonly entries = new Map<string, { at: number; items: Promise<WaitingItem[]> }>();
  constructor(
    private readonly ctx: DbContext,
    private readonly ttlMs = MENU_COUNTS_TTL_MS,
  ) {}

  private static key(user: AuthUser) {
    return `${user.id}:${user.grants.map((g) => `${g.role}@${g.unitId}`).join(',')}`;
  }

  /** Read afresh (the desk page), and keep it for the menu. */
  fresh(user: AuthUser, now = Date.now()): Promise<WaitingItem[]> {
    const items = waitingFor(this.ctx, user);
    this.entries.set(WaitingCache.key(user), { at: now, items });
    items.catch(() => this.entries.delete(WaitingCache.key(user)));
    if (this.entries.size > 10_000) this.prune(now);
    return items;
  }

  /** What the menu shows: kept counts when recent enough. */
  recent(user: AuthUser, now = Date.now()): Promise<WaitingItem[]> {
    const kept = this.entries.get(WaitingCache.key(user));
    return kept && now - kept.at < this.ttlMs ? kept.items : this.fresh(user, now);
  }

  /** The user wrote something: their next page reads afresh. */
  forget(userId: number): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${userId}:`)) this.entries.delete(key);
  }

  private prune(now: number) {
    for (const [key, e] of this.entries) if (now - e.at >= this.ttlMs) this.entries.delete(key);
  }
}
