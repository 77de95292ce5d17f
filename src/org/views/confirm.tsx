import { ROLE_LABELS } from '../../access/roles.js';
import type { Unit } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import { formatNumber } from '../../lib/format.js';
import type { FormBody } from '../../web/parse.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import type { DissolvePlan, MergePlan, SplitPlan, UnitHoldings } from '../service.js';

/**
 * The confirmation of a change that ends or splits a unit: what it will do, in figures, before
 * anything is written; "Xác nhận" posts the same values again. After it, the same figures as done.
 */

export type TreeChange =
  { kind: 'sap-nhap'; plan: MergePlan } | { kind: 'chia-tach'; plan: SplitPlan } | { kind: 'giai-the'; plan: DissolvePlan };

const n = (count: number, what: string) => `${formatNumber(count)} ${what}`;

function UnitLink({ unit }: { unit: Pick<Unit, 'id' | 'short_name'> }) {
  return <a href={`/quan-tri/don-vi/${unit.id}`}>{unit.short_name}</a>;
}

/** "chuyển 312 đoàn viên, 14 bài viết, 1 chuyên mục, 2 quỹ, 5 hồ sơ chăm lo đang mở" */
function recordsText(h: UnitHoldings, withMembers: boolean): string {
  return [
    ...(withMembers ? [n(h.members, 'đoàn viên')] : []),
    n(h.articles, 'bài viết'),
    n(h.sections, 'chuyên mục'),
    n(h.funds.length, 'quỹ'),
    n(h.openCases, 'hồ sơ chăm lo đang mở'),
  ].join(', ');
}

function accountsText(h: UnitHoldings, unit: Unit): string {
  return `${n(h.accounts.length, 'tài khoản')} thuộc hoặc có quyền tại ${unit.short_name} giữ nguyên quyền tại ${unit.short_name}`;
}

function MergeSummary({ plan, done }: { plan: MergePlan; done: boolean }) {
  const { unit, survivor } = plan;
  return (
    <p class="plan-summary">
      {done ? 'Đã sáp nhập' : 'Sáp nhập'} <UnitLink unit={unit} /> vào <UnitLink unit={survivor} /> từ ngày {formatIsoDate(plan.on)}:{' '}
      {done ? 'đã chuyển' : 'chuyển'} {recordsText(plan, true)} sang {survivor.short_name}; {n(plan.children.length, 'đơn vị trực thuộc')}{' '}
      {done ? 'đã chuyển' : 'chuyển'} về trực thuộc {survivor.short_name}; {done ? 'đã đóng' : 'đóng'}{' '}
      {n(plan.transferRequests, 'đề nghị chuyển sinh hoạt đang chờ')}; {accountsText(plan, unit)} (không tự có quyền tại{' '}
      {survivor.short_name}).
    </p>
  );
}

function DissolveSummary({ plan, done }: { plan: DissolvePlan; done: boolean }) {
  const { unit } = plan;
  return (
    <p class="plan-summary">
      {done ? 'Đã giải thể' : 'Giải thể'} <UnitLink unit={unit} /> từ ngày {formatIsoDate(plan.on)}
      {plan.note ? ` (${plan.note})` : ''}: đơn vị ngừng hoạt động
      {plan.parent ? `, không còn trực thuộc ${plan.parent.short_name}` : ''}; {done ? 'đã đóng' : 'đóng'}{' '}
      {n(plan.transferRequests, 'đề nghị chuyển sinh hoạt đang chờ')}; {recordsText(plan, false)} vẫn thuộc đơn vị đã giải thể;{' '}
      {accountsText(plan, unit)}.
    </p>
  );
}

function SplitSummary({ plan, done }: { plan: SplitPlan; done: boolean }) {
  const { unit } = plan;
  const parts = plan.parts.map((p, i) => {
    const made = plan.made[i];
    return (
      <>
        {i > 0 ? ', ' : ''}
        {made ? <UnitLink unit={made} /> : p.name} ({n(p.children.length, 'đơn vị trực thuộc')})
      </>
    );
  });
  return (
    <p class="plan-summary">
      {done ? 'Đã chia tách' : 'Chia tách'} <UnitLink unit={unit} /> từ ngày {formatIsoDate(plan.on)} thành{' '}
      {n(plan.parts.length, 'đơn vị mới')}
      {plan.parent ? ` trực thuộc ${plan.parent.short_name}` : ''}: {parts};{' '}
      {plan.keepSource ? (
        <>
          {unit.short_name} vẫn hoạt động với {n(plan.members, 'đoàn viên')}
        </>
      ) : (
        <>
          {unit.short_name} ngừng hoạt động, {done ? 'đã đóng' : 'đóng'} {n(plan.transferRequests, 'đề nghị chuyển sinh hoạt đang chờ')}
        </>
      )}
      ; {recordsText(plan, false)} vẫn thuộc {unit.short_name}; {accountsText(plan, unit)}.
    </p>
  );
}

function Summary({ change, done }: { change: TreeChange; done: boolean }) {
  if (change.kind === 'sap-nhap') return <MergeSummary plan={change.plan} done={done} />;
  if (change.kind === 'giai-the') return <DissolveSummary plan={change.plan} done={done} />;
  return <SplitSummary plan={change.plan} done={done} />;
}

/** The names behind the figures: units below, funds, accounts. */
function Details({ change }: { change: TreeChange }) {
  const { plan } = change;
  const children = change.kind === 'sap-nhap' ? change.plan.children : change.kind === 'chia-tach' ? change.plan.parts : [];
  return (
    <div class="plan-details">
      {change.kind === 'sap-nhap' && change.plan.children.length ? (
        <>
          <h3>Đơn vị trực thuộc chuyển về {change.plan.survivor.short_name}</h3>
          <ul>
            {change.plan.children.map((c) => (
              <li key={c.unit_id}>
                <a href={`/quan-tri/don-vi/${c.unit_id}`}>{c.short_name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {change.kind === 'chia-tach' && children.length ? (
        <>
          <h3>Đơn vị mới</h3>
          <ul>
            {change.plan.parts.map((p) => (
              <li key={p.name}>
                {p.name}
                {p.children.length ? `: nhận ${p.children.map((c) => c.short_name).join(', ')}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {change.kind === 'sap-nhap' && change.plan.movedFunds.length ? (
        <>
          <h3>Quỹ chuyển sang {change.plan.survivor.short_name}</h3>
          <ul>
            {change.plan.movedFunds.map((f) => (
              <li key={f.id}>
                <a href={`/quan-tri/quy/${f.id}`}>{f.name}</a>
                {f.newName !== f.name ? ` (đổi tên thành "${f.newName}" vì ${change.plan.survivor.short_name} đã có quỹ cùng tên)` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {plan.accounts.length ? (
        <>
          <h3>Tài khoản thuộc hoặc có quyền tại {plan.unit.short_name}</h3>
          <ul>
            {plan.accounts.map((a) => (
              <li key={a.id}>
                <a href={`/quan-tri/tai-khoan/${a.id}`}>
                  {a.fullName} ({a.login})
                </a>
                {a.roles.length ? `: ${a.roles.map((r) => ROLE_LABELS[r]).join(', ')}` : ''}
                {a.ownUnit ? ' — tài khoản của đơn vị' : ''}
                {a.disabled ? ' — đã vô hiệu hóa' : ''}
              </li>
            ))}
          </ul>
          <p class="muted">Cấp hoặc thu hồi quyền ở trang Tài khoản nếu cần.</p>
        </>
      ) : null}
    </div>
  );
}

const TITLES: Record<TreeChange['kind'], string> = {
  'sap-nhap': 'Xác nhận sáp nhập',
  'chia-tach': 'Xác nhận chia tách',
  'giai-the': 'Xác nhận giải thể',
};

export const confirmTitle = (kind: TreeChange['kind']) => TITLES[kind];

/** The values of the form as sent, again as hidden fields (the CSRF token is the page's own). */
function HiddenValues({ values }: { values: FormBody }) {
  return (
    <>
      {Object.entries(values).flatMap(([key, value]) =>
        key === '_csrf' || value === undefined
          ? []
          : (Array.isArray(value) ? value : [value]).map((v, i) => <input key={`${key}-${i}`} type="hidden" name={key} value={v} />),
      )}
    </>
  );
}

export function TreeChangeConfirmPage({ change, values, csrf }: { change: TreeChange; values: FormBody; csrf: string }) {
  const unitId = change.plan.unit.id;
  return (
    <>
      <div class="panel plan">
        <Summary change={change} done={false} />
        <Details change={change} />
        <p class="plan-note">Chưa có gì được ghi. Hãy kiểm tra các số liệu trên rồi bấm "Xác nhận".</p>
        <form method="post" action={`/quan-tri/don-vi/${unitId}/${change.kind}/xac-nhan`} class="actions">
          <CsrfField token={csrf} />
          <HiddenValues values={values} />
          <button type="submit" class="danger">
            Xác nhận
          </button>{' '}
          <a href={`/quan-tri/don-vi/${unitId}`} class="button secondary">
            Quay lại
          </a>
        </form>
      </div>
    </>
  );
}

export function TreeChangeDonePage({ change }: { change: TreeChange }) {
  const unitId = change.plan.unit.id;
  return (
    <div class="panel plan">
      <Summary change={change} done />
      <Details change={change} />
      <p>
        <a href={`/quan-tri/don-vi/${unitId}`}>Về trang đơn vị</a>
        {change.kind === 'sap-nhap' ? (
          <>
            {' '}
            · <a href={`/quan-tri/don-vi/${change.plan.survivor.id}`}>Trang {change.plan.survivor.short_name}</a>
          </>
        ) : null}
      </p>
    </div>
  );
}
