import type { FastifyRequest } from 'fastify';
import type { Action } from '../access/roles.js';
import { canAnywhere, type AuthUser } from '../access/user.js';
import type { AdminMenuEntry } from './views/admin-layout.js';

/** The admin menu, each entry shown to those who may do its action somewhere. */
const MENU: Array<AdminMenuEntry & { action: Action }> = [
  { key: 'articles', href: '/quan-tri/bai-viet', label: 'Bài viết', action: 'article.read' },
  { key: 'queue', href: '/quan-tri/duyet-bai', label: 'Duyệt bài', action: 'article.review' },
  { key: 'sections', href: '/quan-tri/chuyen-muc', label: 'Chuyên mục', action: 'section.manage' },
  { key: 'units', href: '/quan-tri/don-vi', label: 'Tổ chức', action: 'record.read' },
  { key: 'members', href: '/quan-tri/doan-vien', label: 'Đoàn viên', action: 'record.read' },
  { key: 'stats', href: '/quan-tri/thong-ke', label: 'Số liệu', action: 'record.read' },
  { key: 'care', href: '/quan-tri/cham-lo', label: 'Chăm lo', action: 'care.propose' },
  { key: 'funds', href: '/quan-tri/quy', label: 'Quỹ', action: 'fund.manage' },
  { key: 'care-reports', href: '/quan-tri/bao-cao-cham-lo', label: 'Báo cáo chăm lo', action: 'care.approve' },
  { key: 'users', href: '/quan-tri/tai-khoan', label: 'Tài khoản', action: 'user.manage' },
  { key: 'audit', href: '/quan-tri/nhat-ky', label: 'Nhật ký', action: 'audit.read' },
];

/** The menu entries the user may open, each with the count of what waits for the user there (when any). */
export function adminMenuFor(user: AuthUser, counts: MenuCounts = {}): AdminMenuEntry[] {
  return MENU.filter((m) => canAnywhere(user, m.action)).map(({ key, href, label }) => ({ key, href, label, count: counts[key] ?? 0 }));
}

/** How many things wait for the user behind each menu entry (by entry key). */
export type MenuCounts = Partial<Record<string, number>>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts the user's waiting work for the menu (registered by the desk; absent: no counts). */
    adminMenuCounts?: (req: FastifyRequest) => Promise<MenuCounts>;
  }
}

/** The menu's counts for this request, or none when they cannot be had (the menu never fails a page). */
export async function menuCountsOf(req: FastifyRequest): Promise<MenuCounts> {
  const counter = req.server.adminMenuCounts;
  if (!counter || !req.user) return {};
  try {
    return await counter(req);
  } catch (err) {
    req.log.warn({ err }, 'the menu counts were not read');
    return {};
  }
}
