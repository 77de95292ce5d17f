import { ROLE_LABELS, ROLES } from '../../access/roles.js';
import { formatShortDate, siteDateParts } from '../../lib/format.js';
import type { FormState } from '../../web/form-route.js';
import { fieldValue } from '../../web/parse.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { UnitTreeOptions, type TreeUnit } from '../../web/views/unit-options.js';
import type { Account } from '../service.js';
import { FieldMessage } from '../../web/views/field.js';

type UnitOption = TreeUnit;

/** A refused "Cấp quyền" form: whose row it is, and what was typed with the messages. */
export interface RefusedGrant {
  accountId: number;
  state: FormState;
}

/** The role picker: an empty placeholder chosen until the user picks a role. */
function RoleOptions({ selected }: { selected: string }) {
  const picked = (ROLES as readonly string[]).includes(selected);
  return (
    <>
      <option value="" disabled selected={!picked}>
        — Chọn vai trò —
      </option>
      {ROLES.map((r) => (
        <option key={r} value={r} selected={r === selected}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </>
  );
}

export const ACCOUNTS_PATH = '/quan-tri/tai-khoan';

/** A one-time link just made, to hand over to the user. */
export interface ResetLink {
  name: string;
  url: string;
}

export function ResetLinkPanel({ link }: { link: ResetLink }) {
  return (
    <div class="panel review-comment">
      <p>
        Liên kết đặt mật khẩu cho <strong>{link.name}</strong> (dùng được một lần, trong 24 giờ). Hãy gửi cho người dùng qua kênh tin cậy:
      </p>
      <p>
        <code class="reset-link">{link.url}</code>
      </p>
    </div>
  );
}

function accountStatus(a: Account): string {
  return a.disabled ? 'Đã vô hiệu hóa' : 'Đang hoạt động';
}

/** "08:05 07/12/2026", Vietnam time. */
export function formatDateTime(ms: number): string {
  const p = siteDateParts(new Date(ms));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(p.hour)}:${pad(p.minute)} ${formatShortDate(new Date(ms))}`;
}

/** Sign-in: when last, and a running lock with the way to lift it. */
function SignInCell({ account: a, csrf }: { account: Account; csrf: string }) {
  return (
    <>
      {a.last_sign_in_at ? formatDateTime(Number(a.last_sign_in_at)) : <span class="muted">Chưa đăng nhập</span>}
      {a.locked_until ? (
        <>
          <br />
          <span class="status status-returned">Tạm khóa đến {formatDateTime(Math.ceil(a.locked_until / 60_000) * 60_000)}</span>
          {a.manageable ? (
            <form method="post" action={`${ACCOUNTS_PATH}/${a.id}/mo-khoa`} class="inline">
              <CsrfField token={csrf} />{' '}
              <button type="submit" class="link-button">
                mở khóa
              </button>
            </form>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** "Tìm tài khoản": by name or login, diacritics aside. */
export function AccountSearch({ query, count }: { query: string; count: number }) {
  return (
    <form method="get" action={ACCOUNTS_PATH} class="filter-form" role="search">
      <label for="q">Tìm theo họ tên, tên đăng nhập</label> <input id="q" name="q" type="search" value={query} maxLength={100} />{' '}
      <button type="submit" class="secondary">
        Tìm
      </button>
      {query ? (
        <span class="muted">
          {' '}
          {count} tài khoản · <a href={ACCOUNTS_PATH}>bỏ tìm</a>
        </span>
      ) : null}
    </form>
  );
}

function GrantList({ account, unitName, csrf }: { account: Account; unitName: Map<number, string>; csrf: string }) {
  return (
    <ul class="plain">
      {account.grants.map((g) => (
        <li key={`${g.role}-${g.unitId}`}>
          {ROLE_LABELS[g.role]} – {unitName.get(g.unitId) ?? `đơn vị ${g.unitId}`}
          {account.manageable ? <RevokeButton account={account} grant={g} csrf={csrf} /> : null}
        </li>
      ))}
    </ul>
  );
}

function RevokeButton({ account, grant: g, csrf }: { account: Account; grant: Account['grants'][number]; csrf: string }) {
  return (
    <form method="post" action={`${ACCOUNTS_PATH}/${account.id}/thu-hoi`} class="inline">
      <CsrfField token={csrf} />
      <input type="hidden" name="role" value={g.role} />
      <input type="hidden" name="unitId" value={g.unitId} />{' '}
      <button type="submit" class="link-button">
        thu hồi
      </button>
    </form>
  );
}

/** "Cấp quyền" in an account's row: nothing preset; a refused one comes back with what was picked and the messages. */
function GrantForm({ account, units, csrf, state }: { account: Account; units: UnitOption[]; csrf: string; state: FormState | null }) {
  const v = (key: string) => fieldValue(state?.values, key);
  const roleId = `role-${account.id}`;
  const unitId = `unitId-${account.id}`;
  const roleError = state?.errors.role;
  const unitError = state?.errors.unitId;
  return (
    <form method="post" action={`${ACCOUNTS_PATH}/${account.id}/cap-quyen`} class="inline-form grant-form">
      <CsrfField token={csrf} />
      <span class={roleError ? 'has-error' : undefined}>
        <select id={roleId} name="role" aria-label="Vai trò" required aria-describedby={roleError ? `${roleId}-error` : undefined}>
          <RoleOptions selected={v('role')} />
        </select>
        <FieldMessage id={roleId} message={roleError} />
      </span>
      <span class={unitError ? 'has-error' : undefined}>
        <select id={unitId} name="unitId" aria-label="Tại đơn vị" required aria-describedby={unitError ? `${unitId}-error` : undefined}>
          <UnitTreeOptions units={units} selected={v('unitId') || null} />
        </select>
        <FieldMessage id={unitId} message={unitError} />
      </span>
      <button type="submit" class="secondary">
        Cấp quyền
      </button>
    </form>
  );
}

function AccountButtons({ account, csrf }: { account: Account; csrf: string }) {
  return (
    <>
      <form method="post" action={`${ACCOUNTS_PATH}/${account.id}/${account.disabled ? 'kich-hoat' : 'vo-hieu'}`} class="inline">
        <CsrfField token={csrf} />
        <button type="submit" class={account.disabled ? 'secondary' : 'danger'}>
          {account.disabled ? 'Kích hoạt' : 'Vô hiệu hóa'}
        </button>
      </form>{' '}
      <form method="post" action={`${ACCOUNTS_PATH}/${account.id}/dat-lai`} class="inline">
        <CsrfField token={csrf} />
        <button type="submit" class="secondary">
          Liên kết đặt lại mật khẩu
        </button>
      </form>
    </>
  );
}

/** The accounts with their roles and what may be done to each. */
export function AccountsTable({
  accounts,
  units,
  csrf,
  refusedGrant = null,
}: {
  accounts: Account[];
  units: UnitOption[];
  csrf: string;
  refusedGrant?: RefusedGrant | null;
}) {
  const unitName = new Map(units.map((u) => [Number(u.id), u.short_name]));
  return (
    <table class="grid">
      <thead>
        <tr>
          <th>Họ và tên</th>
          <th>Tên đăng nhập</th>
          <th>Đơn vị</th>
          <th>Quyền</th>
          <th>Đăng nhập gần nhất</th>
          <th>Trạng thái</th>
          <th>Thao tác</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => (
          <tr key={a.id}>
            <td>
              <a href={`${ACCOUNTS_PATH}/${a.id}`}>{a.full_name}</a>
            </td>
            <td>{a.login}</td>
            <td>{a.unit_name}</td>
            <td>
              <GrantList account={a} unitName={unitName} csrf={csrf} />
              {a.manageable ? (
                <GrantForm
                  account={a}
                  units={units}
                  csrf={csrf}
                  state={refusedGrant?.accountId === Number(a.id) ? refusedGrant.state : null}
                />
              ) : null}
            </td>
            <td>
              <SignInCell account={a} csrf={csrf} />
            </td>
            <td>
              {accountStatus(a)}
              <br />
              <span class="muted">từ {formatShortDate(new Date(a.created_at))}</span>
            </td>
            <td>{a.manageable ? <AccountButtons account={a} csrf={csrf} /> : <span class="muted">Có quyền ngoài phạm vi của bạn</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Tạo tài khoản": what was typed stays when the form is refused, with the message by its field. */
export function NewAccountForm({ units, csrf, state }: { units: UnitOption[]; csrf: string; state: FormState }) {
  const v = (key: string) => fieldValue(state.values, key);
  return (
    <form method="post" action={ACCOUNTS_PATH} class="panel form-grid">
      <CsrfField token={csrf} />
      <div class={state.errors.fullName ? 'form-row has-error' : 'form-row'}>
        <label for="fullName">Họ và tên</label>
        <input id="fullName" name="fullName" type="text" required maxLength={200} value={v('fullName')} />
        <FieldMessage id="fullName" message={state.errors.fullName} />
      </div>
      <div class={state.errors.login ? 'form-row has-error' : 'form-row'}>
        <label for="login">Tên đăng nhập</label>
        <input id="login" name="login" type="text" required maxLength={100} pattern="[a-zA-Z0-9._\-]+" value={v('login')} />
        <FieldMessage id="login" message={state.errors.login} />
      </div>
      <div class={state.errors.unitId ? 'form-row has-error' : 'form-row'}>
        <label for="unitId">Đơn vị</label>
        <select id="unitId" name="unitId" required aria-describedby={state.errors.unitId ? 'unitId-error' : undefined}>
          <UnitTreeOptions units={units} selected={v('unitId') || null} />
        </select>
        <FieldMessage id="unitId" message={state.errors.unitId} />
      </div>
      <div class={state.errors.role ? 'form-row has-error' : 'form-row'}>
        <label for="role">Vai trò (tại đơn vị này và các đơn vị trực thuộc)</label>
        <select id="role" name="role" required aria-describedby={state.errors.role ? 'role-error' : undefined}>
          <RoleOptions selected={v('role')} />
        </select>
        <FieldMessage id="role" message={state.errors.role} />
      </div>
      <div class="actions">
        <button type="submit" class="primary">
          Tạo tài khoản
        </button>
        <span class="muted">Người dùng tự đặt mật khẩu bằng liên kết được tạo kèm.</span>
      </div>
    </form>
  );
}

export function AccountsPageView({
  accounts,
  units,
  query,
  csrf,
  create,
  resetLink,
  refusedGrant = null,
}: {
  accounts: Account[];
  units: UnitOption[];
  query: string;
  csrf: string;
  create: FormState;
  resetLink: ResetLink | null;
  refusedGrant?: RefusedGrant | null;
}) {
  return (
    <>
      {resetLink ? <ResetLinkPanel link={resetLink} /> : null}
      <AccountSearch query={query} count={accounts.length} />
      <AccountsTable accounts={accounts} units={units} csrf={csrf} refusedGrant={refusedGrant} />
      <h2>Tạo tài khoản</h2>
      <NewAccountForm units={units} csrf={csrf} state={create} />
    </>
  );
}

/** One account: the same row as in the list, with a way back to it. */
export function AccountPageView({ account, units, csrf }: { account: Account; units: UnitOption[]; csrf: string }) {
  return (
    <>
      <p>
        <a href={ACCOUNTS_PATH}>← Tất cả tài khoản</a>
      </p>
      <AccountsTable accounts={[account]} units={units} csrf={csrf} />
    </>
  );
}
