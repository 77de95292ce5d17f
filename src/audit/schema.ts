import { z } from 'zod';
import { checkbox, filter, id, isoDate, page } from '../web/fields.js';
import { AUDIT_ACTIONS, type AuditAction } from './actions.js';

const ACTION_KEYS = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

/** The audit page's query string: unit (with the units below), login, dates, action, sign-ins hidden, page. */
export const auditQuerySchema = z.object({
  don_vi: filter(id),
  nguoi: filter(
    z
      .string()
      .trim()
      .toLowerCase()
      .transform((s) => s.slice(0, 100) || null),
  ),
  tu: filter(isoDate),
  den: filter(isoDate),
  thao_tac: filter(z.enum(ACTION_KEYS)),
  an_dang_nhap: checkbox,
  trang: page,
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

/** What "Ẩn đăng nhập" hides: sign-ins and the locks that follow failed ones. */
export const SIGN_IN_ACTIONS: readonly AuditAction[] = ['user.login', 'user.lock'];

const AREAS: ReadonlyArray<{ label: string; prefixes: readonly string[] }> = [
  { label: 'Tin bài và cổng thông tin', prefixes: ['article', 'section', 'site'] },
  { label: 'Đơn vị', prefixes: ['unit'] },
  { label: 'Đoàn viên', prefixes: ['member'] },
  { label: 'Tài khoản', prefixes: ['user', 'role'] },
  { label: 'Chăm lo và quỹ', prefixes: ['care_case', 'care_report', 'programme', 'fund'] },
];

export interface AuditActionGroup {
  label: string;
  actions: Array<{ action: AuditAction; label: string }>;
}

/** The actions of the filter, grouped by area (an action of a new area falls under "Khác"). */
export const AUDIT_ACTION_GROUPS: AuditActionGroup[] = (() => {
  const groups = [...AREAS, { label: 'Khác', prefixes: [] }].map((a) => ({ ...a, actions: [] as AuditActionGroup['actions'] }));
  for (const action of ACTION_KEYS) {
    const prefix = action.slice(0, action.indexOf('.'));
    const group = groups.find((g) => g.prefixes.includes(prefix)) ?? groups[groups.length - 1]!;
    group.actions.push({ action, label: AUDIT_ACTIONS[action].label });
  }
  return groups.filter((g) => g.actions.length > 0).map(({ label, actions }) => ({ label, actions }));
})();
