import { ACTION_LABELS, ROLE_LABELS } from '../../access/roles.js';
import { formatNumber } from '../../lib/format.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import type { DescribedAccount, DisablePlan, RevokePlan } from '../service.js';
import { ACCOUNTS_PATH } from './accounts.js';

/** The confirmations of "Vô hiệu hóa" and "thu hồi": what will happen to the account, before anything is written. */

const nameOf = (d: DescribedAccount) => `${d.account.full_name} (${d.account.login})`;

function grantsText(grants: DescribedAccount['grants']): string {
  return grants.length ? grants.map((g) => `${ROLE_LABELS[g.role]} tại ${g.unitName}`).join('; ') : 'không có quyền nào';
}

export function disableSummary(plan: DisablePlan, done: boolean): string {
  return `${done ? 'Đã vô hiệu hóa' : 'Vô hiệu hóa'} tài khoản ${nameOf(plan)} của ${plan.account.unit_name}: ${done ? 'không còn' : 'sẽ không'} đăng nhập được; ${done ? 'đã kết thúc' : 'kết thúc'} ${formatNumber(plan.openSessions)} phiên đăng nhập đang mở. Quyền của tài khoản (giữ nguyên, không dùng được khi bị vô hiệu hóa): ${grantsText(plan.grants)}.`;
}

export function revokeSummary(plan: RevokePlan, done: boolean): string {
  const where = `tại ${plan.unitName}${plan.unitsReached > 1 ? ` và các đơn vị trực thuộc (${formatNumber(plan.unitsReached)} đơn vị)` : ''}`;
  const lost = plan.lost.length
    ? `tài khoản ${done ? 'không còn' : 'sẽ không còn'} ${plan.lost.map((a) => ACTION_LABELS[a]).join(', ')} ${where}`
    : `tài khoản vẫn làm được mọi việc của vai trò này ${where} nhờ quyền khác`;
  const kept = plan.kept.length ? `Quyền còn lại: ${grantsText(plan.kept)}.` : 'Tài khoản không còn quyền nào.';
  return `${done ? 'Đã thu hồi' : 'Thu hồi'} quyền ${ROLE_LABELS[plan.role]} tại ${plan.unitName} của ${nameOf(plan)}: ${lost}. ${kept}`;
}

function ConfirmForm({ action, csrf, hidden }: { action: string; csrf: string; hidden: Record<string, string | number> }) {
  return (
    <form method="post" action={action} class="actions">
      <CsrfField token={csrf} />
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={String(v)} />
      ))}
      <button type="submit" class="danger">
        Xác nhận
      </button>{' '}
      <a href={ACCOUNTS_PATH} class="button secondary">
        Quay lại
      </a>
    </form>
  );
}

export function DisableConfirmPage({ plan, csrf }: { plan: DisablePlan; csrf: string }) {
  return (
    <div class="panel plan">
      <p class="plan-summary">{disableSummary(plan, false)}</p>
      <p class="plan-note">Chưa có gì được ghi. Bấm "Xác nhận" để vô hiệu hóa.</p>
      <ConfirmForm action={`${ACCOUNTS_PATH}/${plan.account.id}/vo-hieu/xac-nhan`} csrf={csrf} hidden={{}} />
    </div>
  );
}

export function RevokeConfirmPage({ plan, csrf }: { plan: RevokePlan; csrf: string }) {
  return (
    <div class="panel plan">
      <p class="plan-summary">{revokeSummary(plan, false)}</p>
      <p class="plan-note">Chưa có gì được ghi. Bấm "Xác nhận" để thu hồi.</p>
      <ConfirmForm
        action={`${ACCOUNTS_PATH}/${plan.account.id}/thu-hoi/xac-nhan`}
        csrf={csrf}
        hidden={{ role: plan.role, unitId: plan.unitId }}
      />
    </div>
  );
}
