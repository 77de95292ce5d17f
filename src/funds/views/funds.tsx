import type { Fund, FundEntryKind, Unit } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import { formatMoney, formatNumber } from '../../lib/format.js';
import { compareVietnamese } from '../../lib/names.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { FUNDS_PATH } from '../../care/paths.js';
import { UnitSelect } from '../../care/views/fields.js';
import type { EntryDetails, LedgerLine } from '../repo.js';
import { FUND_KIND_LABELS } from '../schema.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import { FieldMessage } from '../../web/views/field.js';
import { DateInput } from '../../web/views/date-input.js';
import { Pager } from '../../web/views/components.js';
import { PrintButton, PrintFrame, periodLine, type Issuer } from '../../web/views/print-frame.js';
import { isoDate } from '../../lib/dates.js';

export const ENTRY_KIND_LABELS: Record<FundEntryKind, string> = {
  receipt: 'Thu',
  payout: 'Chi hỗ trợ',
  transfer_out: 'Chuyển sang quỹ khác',
  transfer_in: 'Nhận từ quỹ khác',
  reversal: 'Hủy bút toán',
};

export const fundPath = (id: number) => `${FUNDS_PATH}/${id}`;
export const casePath = (id: number) => `/quan-tri/cham-lo/ho-so/${id}`;

/** Which form the user sent, what they typed and what was wrong with it: the page shows it again beside that form. */
export interface FormState {
  form: 'create' | 'close' | 'receipt' | 'transfer' | 'reverse';
  values: Record<string, string | undefined>;
  error: string;
  /** Problems of single fields, shown next to them. */
  errors?: Partial<Record<string, string>>;
  /** The entry a reversal was asked for. */
  entryId?: number;
}

/** "+1.234.567 đồng" for money in, "-1.234.567 đồng" for money out. */
export const signedMoney = (amount: number) => (amount > 0 ? `+${formatMoney(amount)}` : formatMoney(amount));

type FundWithUnit = Fund & { unit_name: string };

/** The fields of each form, which show their own problems. */
const FORM_FIELDS: Record<FormState['form'], readonly string[]> = {
  create: ['unitId', 'name', 'kind'],
  close: ['fundId', 'on'],
  receipt: ['on', 'amount', 'sourceUnitId', 'sourceLabel', 'memo'],
  transfer: ['toFundId', 'amount', 'on', 'memo'],
  reverse: ['memo', 'on'],
};

const answers = (state: FormState | null, form: FormState['form'], entryId?: number): state is FormState =>
  state !== null && state.form === form && (entryId === undefined || state.entryId === entryId);

function FormError({ state, form, entryId }: { state: FormState | null; form: FormState['form']; entryId?: number }) {
  if (!answers(state, form, entryId)) return null;
  const rest = Object.entries(state.errors ?? {}).filter(([k, m]) => m && !FORM_FIELDS[form].includes(k));
  return (
    <p class="flash flash-error" role="alert">
      {[state.error, ...rest.map(([, m]) => m)].filter(Boolean).join(' ')}
    </p>
  );
}

/** The problem of one field of the form the page answers, right under it. */
function FieldNote({ state, form, field, entryId }: { state: FormState | null; form: FormState['form']; field: string; entryId?: number }) {
  const message = answers(state, form, entryId) ? state.errors?.[field] : undefined;
  return <FieldMessage id={`${form}-${entryId ?? ''}${field}`} message={message} />;
}

/** The values to show in a form: what the user sent if the page answers that form, otherwise the defaults. */
function valuesFor(state: FormState | null, form: FormState['form'], defaults: Record<string, string>, entryId?: number) {
  const mine = state && state.form === form && (entryId === undefined || state.entryId === entryId);
  return (key: string) => (mine ? (state.values[key] ?? '') : (defaults[key] ?? ''));
}

const fundLabel = (f: FundWithUnit) => `${f.name} (${f.unit_name})`;

/** The giver of a receipt: one of the user's units, or none when the giver is a person or a unit outside the list. */
function DonorUnitSelect({ units, value }: { units: Unit[]; value: string }) {
  return (
    <select id="sourceUnitId" name="sourceUnitId">
      <option value="">— Cá nhân, đơn vị khác (ghi tên) —</option>
      <UnitOptions units={units} selected={value} />
    </select>
  );
}

export interface FundsPageProps {
  csrf: string;
  funds: Array<FundWithUnit & { balance: number }>;
  /** Units where the user may open a fund. */
  units: Unit[];
  /** Open funds the user manages (those they may close). */
  closable: FundWithUnit[];
  today: string;
  state: FormState | null;
}

/** The funds in the user's scope, grouped by unit in Vietnamese order, with today's balances; forms to open and close a fund. */
export function FundsPage({ csrf, funds, units, closable, today, state }: FundsPageProps) {
  const groups = new Map<string, typeof funds>();
  for (const f of [...funds].sort(
    (a, b) => compareVietnamese(a.unit_name, b.unit_name) || a.unit_id - b.unit_id || compareVietnamese(a.name, b.name),
  )) {
    const key = `${f.unit_id}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const create = valuesFor(state, 'create', { unitId: String(units[0]?.id ?? ''), kind: 'social' });
  const close = valuesFor(state, 'close', { on: today });
  const open = funds.filter((f) => f.closed_on === null);
  return (
    <>
      <p class="muted">
        {formatNumber(funds.length)} quỹ trong phạm vi của bạn; tổng số dư hôm nay ({formatIsoDate(today)}) của các quỹ đang hoạt động:{' '}
        <strong>{formatMoney(open.reduce((s, f) => s + f.balance, 0))}</strong>.
      </p>
      {funds.length === 0 ? (
        <p class="panel">Chưa có quỹ nào trong phạm vi của bạn.</p>
      ) : (
        <table class="grid fund-list">
          <thead>
            <tr>
              <th>Tên quỹ</th>
              <th>Loại quỹ</th>
              <th class="fund-money">Số dư hôm nay</th>
              <th>Tình trạng</th>
            </tr>
          </thead>
          {[...groups.values()].map((group) => (
            <tbody key={group[0]!.unit_id}>
              <tr class="fund-unit-row">
                <th colSpan={4} scope="rowgroup">
                  {group[0]!.unit_name}
                </th>
              </tr>
              {group.map((f) => (
                <tr key={f.id}>
                  <td>
                    <a href={fundPath(f.id)}>{f.name}</a>
                  </td>
                  <td>{FUND_KIND_LABELS[f.kind]}</td>
                  <td class="fund-money">{formatMoney(f.balance)}</td>
                  <td>{f.closed_on ? `Đã đóng từ ${formatIsoDate(f.closed_on)}` : 'Đang hoạt động'}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
      <div class="fund-forms">
        {units.length > 0 ? (
          <form method="post" action={FUNDS_PATH} class="panel" id="lap-quy">
            <h2>Lập quỹ mới</h2>
            <CsrfField token={csrf} />
            <FormError state={state} form="create" />
            <UnitSelect
              id="unitId"
              label="Đơn vị"
              units={units}
              value={create('unitId')}
              errors={answers(state, 'create') ? state.errors : {}}
            />
            <div class="form-row">
              <label for="name">Tên quỹ</label>
              <input id="name" name="name" type="text" required maxLength={200} value={create('name')} placeholder="Quỹ Xã hội" />
              <FieldNote state={state} form="create" field="name" />
            </div>
            <div class="form-row">
              <label for="kind">Loại quỹ</label>
              <select id="kind" name="kind">
                {Object.entries(FUND_KIND_LABELS).map(([k, label]) => (
                  <option key={k} value={k} selected={k === create('kind')}>
                    {label}
                  </option>
                ))}
              </select>
              <FieldNote state={state} form="create" field="kind" />
            </div>
            <div class="actions">
              <button type="submit" class="primary">
                Lập quỹ
              </button>
            </div>
          </form>
        ) : null}
        {closable.length > 0 ? (
          <form method="post" action={`${FUNDS_PATH}/dong`} class="panel" id="dong-quy">
            <h2>Đóng quỹ</h2>
            <CsrfField token={csrf} />
            <FormError state={state} form="close" />
            <p class="muted">Sau khi đóng, quỹ không ghi thêm bút toán từ ngày đóng trở đi; sổ quỹ vẫn xem được.</p>
            <div class="form-row">
              <label for="fundId">Quỹ</label>
              <select id="fundId" name="fundId">
                <option value="">— Chọn quỹ —</option>
                {closable.map((f) => (
                  <option key={f.id} value={String(f.id)} selected={String(f.id) === close('fundId')}>
                    {fundLabel(f)}
                  </option>
                ))}
              </select>
              <FieldNote state={state} form="close" field="fundId" />
            </div>
            <div class="form-row">
              <label for="close-on">Đóng từ ngày</label>
              <DateInput id="close-on" name="on" required value={close('on')} />
              <FieldNote state={state} form="close" field="on" />
            </div>
            <div class="actions">
              <button type="submit" class="danger">
                Đóng quỹ
              </button>
            </div>
          </form>
        ) : null}
      </div>
    </>
  );
}

export interface LedgerPageProps {
  csrf: string;
  fund: Fund;
  unit: Unit | undefined;
  issuer: Issuer;
  opening: number;
  closing: number;
  /** Money in and out over the whole period (every page). */
  inflow: number;
  outflow: number;
  /** This page's entries (50 a page) and the balance before its first one. */
  entries: LedgerLine[];
  pageOpening: number;
  pagination: { page: number; pages: number; total: number };
  details: Map<number, EntryDetails>;
  from: string;
  to: string;
  /** What was wrong with the period asked for in the address. */
  periodError: string | null;
  mayManage: boolean;
  /** Funds the user manages that may receive a transfer from this one. */
  targets: FundWithUnit[];
  /** Units to pick as the giver of a receipt. */
  donorUnits: Unit[];
  today: string;
  state: FormState | null;
}

/** The ledger's address for a period (and a page of it), and the address of one entry in it. */
export const ledgerUrl = (fundId: number, from: string, to: string, page = 1) =>
  `${fundPath(fundId)}?tu=${from}&den=${to}${page > 1 ? `&trang=${page}` : ''}`;

/** The voucher of a payout: its print view and its .docx. */
export const voucherPath = (fundId: number, entryId: number) => `${fundPath(fundId)}/but-toan/${entryId}/phieu-chi`;

/** A link to an entry: on this page, an anchor; in the period on another page, that day's ledger; outside the period, the period widened to its day. */
function EntryLink({
  fundId,
  id,
  on,
  from,
  to,
  here,
}: {
  fundId: number;
  id: number;
  on: string | null;
  from: string;
  to: string;
  here: Set<number>;
}) {
  const text = `bút toán số ${id}`;
  if (on === null) return <>{text}</>;
  const href = here.has(id)
    ? `#but-toan-${id}`
    : on >= from && on <= to
      ? `${ledgerUrl(fundId, on, on)}#but-toan-${id}`
      : `${ledgerUrl(fundId, on < from ? on : from, on > to ? on : to)}#but-toan-${id}`;
  return <a href={href}>{text}</a>;
}

/** The periods offered at one click: this month, this quarter, this year, last year. */
export function periodPresets(today: string): Array<{ label: string; from: string; to: string }> {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const q = Math.floor((m - 1) / 3) * 3 + 1;
  return [
    { label: 'Tháng này', from: isoDate(y, m, 1), to: today },
    { label: 'Quý này', from: isoDate(y, q, 1), to: today },
    { label: 'Năm nay', from: isoDate(y, 1, 1), to: today },
    { label: 'Năm trước', from: isoDate(y - 1, 1, 1), to: isoDate(y - 1, 12, 31) },
  ];
}

/** Where the money came from or went: the giver, the other fund, the case. */
function Counterpart({ e, d }: { e: LedgerLine; d: EntryDetails | undefined }) {
  const other = d?.counterpartFundId ? <a href={fundPath(d.counterpartFundId)}>{d.counterpartFundName}</a> : e.source_label;
  const caseLink = e.case_id !== null ? <a href={casePath(e.case_id)}>Hồ sơ hỗ trợ số {e.case_id}</a> : null;
  switch (e.kind) {
    case 'receipt':
      return <>{e.source_label}</>;
    case 'payout':
      return caseLink;
    case 'transfer_out':
      return <>Sang {other}</>;
    case 'transfer_in':
      return <>Từ {other}</>;
    case 'reversal':
      return caseLink ?? (e.transfer_id ? <>Quỹ đối ứng: {other}</> : <>{e.source_label}</>);
  }
}

function ReverseForm({
  csrf,
  fundId,
  e,
  state,
  today,
  period,
}: {
  csrf: string;
  fundId: number;
  e: LedgerLine;
  state: FormState | null;
  today: string;
  period: { from: string; to: string };
}) {
  const v = valuesFor(state, 'reverse', { on: today }, e.id);
  const failed = state?.form === 'reverse' && state.entryId === e.id;
  const what = e.transfer_id
    ? 'Hủy cả hai vế của lần chuyển quỹ này.'
    : e.kind === 'payout'
      ? 'Hồ sơ hỗ trợ trở lại trạng thái "Đã duyệt" để chi lại.'
      : 'Ghi một bút toán ngược dấu; bút toán này vẫn giữ trong sổ.';
  return (
    <details class="fund-reverse" open={failed}>
      <summary>Hủy…</summary>
      <form method="post" action={`${fundPath(fundId)}/but-toan/${e.id}/huy#but-toan-${e.id}`}>
        <CsrfField token={csrf} />
        <input type="hidden" name="tu" value={period.from} />
        <input type="hidden" name="den" value={period.to} />
        <FormError state={state} form="reverse" entryId={e.id} />
        <p class="muted">{what}</p>
        <div class="form-row">
          <label for={`memo-${e.id}`}>Lý do hủy (bắt buộc, để xác nhận)</label>
          <input id={`memo-${e.id}`} name="memo" type="text" required maxLength={500} value={v('memo')} />
          <FieldNote state={state} form="reverse" field="memo" entryId={e.id} />
        </div>
        <div class="form-row">
          <label for={`on-${e.id}`}>Ngày hủy</label>
          <DateInput id={`on-${e.id}`} name="on" required value={v('on')} />
          <FieldNote state={state} form="reverse" field="on" entryId={e.id} />
        </div>
        <button type="submit" class="danger">
          Xác nhận hủy bút toán số {e.id}
        </button>
      </form>
    </details>
  );
}

/** One fund's ledger over a period: opening balance, every entry with its running balance, closing balance; and the forms that write to it. */
export function LedgerPage(p: LedgerPageProps) {
  const { csrf, fund, entries, details, from, to, state, today, inflow, outflow } = p;
  const { page, pages } = p.pagination;
  const here = new Set(entries.map((e) => e.id));
  let running = p.pageOpening;
  const period = { from, to };
  const open = fund.closed_on === null;
  const receipt = valuesFor(state, 'receipt', { on: today });
  const transfer = valuesFor(state, 'transfer', { on: today });
  const showActions = p.mayManage;
  return (
    <PrintFrame issuer={p.issuer} title={`Sổ quỹ ${fund.name}`} period={periodLine(from, to)} date={today}>
      <p>
        <a href={FUNDS_PATH}>« Các quỹ</a>
      </p>
      <div class="panel">
        <dl class="facts">
          <dt>Đơn vị</dt>
          <dd>{p.unit?.full_name ?? '—'}</dd>
          <dt>Loại quỹ</dt>
          <dd>{FUND_KIND_LABELS[fund.kind]}</dd>
          <dt>Tình trạng</dt>
          <dd>{open ? 'Đang hoạt động' : `Đã đóng từ ngày ${formatIsoDate(fund.closed_on!)}`}</dd>
        </dl>
      </div>
      <form method="get" action={fundPath(fund.id)} class="panel form-grid fund-period">
        {p.periodError ? (
          <p class="flash flash-error fund-wide" role="alert">
            {p.periodError}
          </p>
        ) : null}
        <div class="form-row">
          <label for="tu">Từ ngày</label>
          <DateInput id="tu" name="tu" value={from} />
        </div>
        <div class="form-row">
          <label for="den">Đến ngày (số dư tại ngày này)</label>
          <DateInput id="den" name="den" value={to} />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Xem sổ quỹ
          </button>
        </div>
        <p class="ledger-presets fund-wide">
          <span>Chọn nhanh:</span>
          {periodPresets(today).map((r) => (
            <a key={r.label} href={ledgerUrl(fund.id, r.from, r.to)} aria-current={r.from === from && r.to === to ? 'true' : undefined}>
              {r.label}
            </a>
          ))}
        </p>
      </form>
      <p class="no-print ledger-tools">
        <a href={`${fundPath(fund.id)}/so-quy.xlsx?tu=${from}&den=${to}`}>Tải sổ quỹ (.xlsx)</a> <PrintButton label="In sổ quỹ" />
      </p>
      <div class="stat-cards fund-stats">
        <div class="stat">
          <span class="stat-value">{formatMoney(p.opening)}</span>
          <span class="stat-label">số dư đầu ngày {formatIsoDate(from)}</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatMoney(inflow)}</span>
          <span class="stat-label">tiền vào trong kỳ</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatMoney(Math.abs(outflow))}</span>
          <span class="stat-label">tiền ra trong kỳ</span>
        </div>
        <div class="stat fund-closing">
          <span class="stat-value">{formatMoney(p.closing)}</span>
          <span class="stat-label">số dư cuối ngày {formatIsoDate(to)}</span>
        </div>
      </div>
      {showActions && !open ? (
        <p class="muted">Quỹ đã đóng: chỉ ghi được bút toán đề ngày trước ngày {formatIsoDate(fund.closed_on!)}.</p>
      ) : null}
      {showActions ? (
        <div class="fund-forms">
          <details class="panel fund-action" id="ghi-thu" open={state?.form === 'receipt'}>
            <summary>Ghi thu</summary>
            <form method="post" action={`${fundPath(fund.id)}/thu`}>
              <CsrfField token={csrf} />
              <input type="hidden" name="tu" value={from} />
              <input type="hidden" name="den" value={to} />
              <FormError state={state} form="receipt" />
              <div class="form-row">
                <label for="receipt-on">Ngày thu</label>
                <DateInput id="receipt-on" name="on" required value={receipt('on')} />
                <FieldNote state={state} form="receipt" field="on" />
              </div>
              <div class="form-row">
                <label for="receipt-amount">Số tiền (đồng)</label>
                <input
                  id="receipt-amount"
                  name="amount"
                  type="text"
                  required
                  inputMode="decimal"
                  placeholder="1.234.567"
                  value={receipt('amount')}
                />
                <FieldNote state={state} form="receipt" field="amount" />
              </div>
              <div class="form-row">
                <label for="sourceUnitId">Đơn vị ủng hộ</label>
                <DonorUnitSelect units={p.donorUnits} value={receipt('sourceUnitId')} />
                <FieldNote state={state} form="receipt" field="sourceUnitId" />
              </div>
              <div class="form-row">
                <label for="sourceLabel">Tên người hoặc đơn vị ủng hộ</label>
                <input
                  id="sourceLabel"
                  name="sourceLabel"
                  type="text"
                  maxLength={300}
                  value={receipt('sourceLabel')}
                  placeholder="Ông Nguyễn Văn An"
                />
                <FieldNote state={state} form="receipt" field="sourceLabel" />
              </div>
              <div class="form-row">
                <label for="receipt-memo">Nội dung</label>
                <input id="receipt-memo" name="memo" type="text" maxLength={500} value={receipt('memo')} />
                <FieldNote state={state} form="receipt" field="memo" />
              </div>
              <div class="actions">
                <button type="submit" class="primary">
                  Ghi thu
                </button>
              </div>
            </form>
          </details>
          {p.targets.length > 0 ? (
            <details class="panel fund-action" id="chuyen-quy" open={state?.form === 'transfer'}>
              <summary>Chuyển sang quỹ khác</summary>
              <form method="post" action={`${fundPath(fund.id)}/chuyen`}>
                <CsrfField token={csrf} />
                <input type="hidden" name="tu" value={from} />
                <input type="hidden" name="den" value={to} />
                <FormError state={state} form="transfer" />
                <div class="form-row">
                  <label for="toFundId">Quỹ nhận</label>
                  <select id="toFundId" name="toFundId">
                    <option value="">— Chọn quỹ nhận —</option>
                    {p.targets.map((f) => (
                      <option key={f.id} value={String(f.id)} selected={String(f.id) === transfer('toFundId')}>
                        {fundLabel(f)}
                      </option>
                    ))}
                  </select>
                  <FieldNote state={state} form="transfer" field="toFundId" />
                </div>
                <div class="form-row">
                  <label for="transfer-amount">Số tiền (đồng)</label>
                  <input
                    id="transfer-amount"
                    name="amount"
                    type="text"
                    required
                    inputMode="decimal"
                    placeholder="1.234.567"
                    value={transfer('amount')}
                  />
                  <FieldNote state={state} form="transfer" field="amount" />
                </div>
                <div class="form-row">
                  <label for="transfer-on">Ngày chuyển</label>
                  <DateInput id="transfer-on" name="on" required value={transfer('on')} />
                  <FieldNote state={state} form="transfer" field="on" />
                </div>
                <div class="form-row">
                  <label for="transfer-memo">Nội dung</label>
                  <input id="transfer-memo" name="memo" type="text" maxLength={500} value={transfer('memo')} />
                  <FieldNote state={state} form="transfer" field="memo" />
                </div>
                <div class="actions">
                  <button type="submit" class="primary">
                    Chuyển tiền
                  </button>
                </div>
              </form>
            </details>
          ) : null}
        </div>
      ) : null}
      {state?.form === 'reverse' && !entries.some((e) => e.id === state.entryId) ? (
        <p class="flash flash-error" role="alert">
          {state.error}
        </p>
      ) : null}
      <div class="fund-scroll">
        <table class="grid fund-ledger">
          <thead>
            <tr>
              <th>Số</th>
              <th>Ngày</th>
              <th>Loại</th>
              <th class="fund-money">Số tiền</th>
              <th class="fund-money">Số dư</th>
              <th>Nguồn, nơi nhận</th>
              <th>Nội dung</th>
              <th class="no-print">Người ghi</th>
              <th class="no-print">Hủy, phiếu chi</th>
            </tr>
          </thead>
          <tbody>
            <tr class="fund-balance-row">
              <td colSpan={4}>{page > 1 ? `Số dư chuyển sang (trang ${page - 1})` : 'Số dư đầu kỳ'}</td>
              <td class="fund-money">{formatMoney(p.pageOpening)}</td>
              <td colSpan={2}></td>
              <td class="no-print" colSpan={2}></td>
            </tr>
            {entries.map((e) => {
              running += e.amount;
              const d = details.get(e.id);
              return (
                <tr key={e.id} id={`but-toan-${e.id}`} class={e.reversed_by !== null ? 'fund-reversed-row' : undefined}>
                  <td>{e.id}</td>
                  <td>{formatIsoDate(e.entry_date)}</td>
                  <td>
                    {e.reverses_entry_id !== null ? (
                      <>
                        Hủy{' '}
                        <EntryLink fundId={fund.id} id={e.reverses_entry_id} on={d?.reversesOn ?? null} from={from} to={to} here={here} />
                      </>
                    ) : (
                      ENTRY_KIND_LABELS[e.kind]
                    )}
                  </td>
                  <td class={`fund-money fund-amount ${e.amount > 0 ? 'fund-in' : 'fund-out'}`}>{signedMoney(e.amount)}</td>
                  <td class="fund-money">{formatMoney(running)}</td>
                  <td>
                    <Counterpart e={e} d={d} />
                  </td>
                  <td>{e.memo ?? ''}</td>
                  <td class="no-print">{d?.recordedBy ?? '—'}</td>
                  <td class="no-print">
                    {e.kind === 'payout' && e.case_id !== null ? (
                      <a class="fund-voucher" href={voucherPath(fund.id, e.id)}>
                        Phiếu chi
                      </a>
                    ) : null}{' '}
                    {e.reversed_by !== null ? <span class="fund-reversed">đã hoàn</span> : null}
                    {e.reversed_by !== null ? (
                      <>
                        {' '}
                        bởi <EntryLink fundId={fund.id} id={e.reversed_by} on={d?.reversedOn ?? null} from={from} to={to} here={here} />
                      </>
                    ) : null}
                    {showActions && e.reversed_by === null && e.kind !== 'reversal' ? (
                      <ReverseForm csrf={csrf} fundId={fund.id} e={e} state={state} today={today} period={period} />
                    ) : (
                      <FormError state={state} form="reverse" entryId={e.id} />
                    )}
                  </td>
                </tr>
              );
            })}
            {page < pages ? (
              <tr class="fund-balance-row">
                <td colSpan={4}>Số dư chuyển sang trang {page + 1}</td>
                <td class="fund-money">{formatMoney(running)}</td>
                <td colSpan={2}></td>
                <td class="no-print" colSpan={2}></td>
              </tr>
            ) : (
              <tr class="fund-balance-row">
                <td colSpan={4}>Số dư cuối kỳ</td>
                <td class="fund-money">{formatMoney(p.closing)}</td>
                <td colSpan={2}></td>
                <td class="no-print" colSpan={2}></td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {entries.length === 0 ? (
        <p class="muted">
          Không có bút toán nào từ ngày {formatIsoDate(from)} đến ngày {formatIsoDate(to)}.
        </p>
      ) : null}
      <Pager page={page} pages={pages} href={(n) => ledgerUrl(fund.id, from, to, n)} />
    </PrintFrame>
  );
}
