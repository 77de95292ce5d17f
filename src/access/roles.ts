import type { Role } from '../db/schema.js';

export const ROLES = ['admin', 'editor', 'reporter', 'officer', 'viewer'] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Quản trị viên',
  editor: 'Biên tập viên',
  reporter: 'Phóng viên, cộng tác viên',
  officer: 'Cán bộ nghiệp vụ',
  viewer: 'Người xem',
};

/** What a role lets its holder do, in the unit where it is held and every unit below it. */
export const ACTIONS = [
  'article.write', // create and edit drafts, submit them for review
  'article.review', // see submitted drafts, return them with a comment
  'article.publish', // publish now or at a time, unpublish
  'article.read', // read unpublished articles and their revisions
  'section.manage',
  'unit.manage',
  'user.manage',
  'audit.read',
  'site.manage',
  'record.write', // data of later modules: members, care cases, awards …
  'record.read',
  'care.propose', // propose care cases for the unit and units below
  'care.approve', // approve or return cases of units strictly below
  'care.pay', // pay approved cases of units strictly below
  'fund.manage', // funds: receipts, transfers, reversals, programmes
] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_LABELS: Record<Action, string> = {
  'article.write': 'viết và sửa bài',
  'article.review': 'duyệt bài',
  'article.publish': 'đăng và gỡ bài',
  'article.read': 'xem bài chưa đăng',
  'section.manage': 'quản lý chuyên mục',
  'unit.manage': 'quản lý đơn vị',
  'user.manage': 'quản lý tài khoản',
  'audit.read': 'xem nhật ký thay đổi',
  'site.manage': 'cấu hình cổng thông tin',
  'record.write': 'ghi dữ liệu nghiệp vụ',
  'record.read': 'xem dữ liệu nghiệp vụ',
  'care.propose': 'đề nghị hỗ trợ, thăm hỏi',
  'care.approve': 'duyệt hồ sơ hỗ trợ của đơn vị cấp dưới',
  'care.pay': 'chi tiền hồ sơ hỗ trợ đã duyệt',
  'fund.manage': 'quản lý quỹ và chương trình chăm lo',
};

export const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  editor: ['article.write', 'article.review', 'article.publish', 'article.read', 'section.manage'],
  reporter: ['article.write', 'article.read'],
  officer: ['record.write', 'record.read', 'care.propose', 'care.approve', 'care.pay', 'fund.manage'],
  viewer: ['record.read'],
};

export function rolesWith(action: Action): Role[] {
  return ROLES.filter((role) => ROLE_ACTIONS[role].includes(action));
}

/** The README's role table ("| role | may |"), generated from the roles above: the one source of what each role may do. */
export function roleTableMarkdown(): string {
  const rows = ROLES.map((role) => {
    const may = ROLE_ACTIONS[role].map((a) => ACTION_LABELS[a]).join('; ');
    return `| ${ROLE_LABELS[role]} (${role}) | ${may} |`;
  });
  return ['| role | may |', '|---|---|', ...rows].join('\n');
}
