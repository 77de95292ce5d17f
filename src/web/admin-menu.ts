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

export function adminMenuFor(user: AuthUser): AdminMenuEntry[] {
  return MENU.filter((m) => canAnywhere(user, m.action)).map(({ key, href, label }) => ({ key, href, label }));
}
