import type { CareAttachment, CareCase, FundEntry, Programme } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import { formatMoney, formatNumber } from '../../lib/format.js';
import { maskCitizenId } from '../../members/service.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { DateLine } from '../../web/views/components.js';
import type { FundWithUnit } from '../../funds/service.js';
import type { CaseActions } from '../policy.js';
import type { HistoryLine, SelectedMember } from '../repo.js';
import { REASON_LABELS, RECIPIENT_KIND_LABELS } from '../schema.js';
import { casePath } from './cases.js';
import { StatusBadge } from './fields.js';
import { programmePath } from './programmes.js';
import { DateInput } from '../../web/views/date-input.js';
import { FUNDS_PATH } from '../paths.js';
import type { Issuer } from '../../lib/letterhead.js';
import { PrintButton, PrintHead, SignatureBlock } from '../../web/views/print-frame.js';

const HISTORY_LABELS: Record<string, string> = {
  'care_case.propose': 'Đề nghị',
  'care_case.update': 'Sửa hồ sơ',
  'care_case.return': 'Trả lại',
  'care_case.resubmit': 'Gửi lại',
  'care_case.approve': 'Duyệt',
  'care_case.pay': 'Chi tiền',
  'care_case.unpay': 'Hủy khoản chi',
  'care_case.close': 'Hoàn tất',
  'care_case.attach': 'Thêm tệp đính kèm',
};

export type { CaseActions };
export type PayableFund = FundWithUnit & { balance: number };

export interface CasePageProps {
  csrf: string;
  c: CareCase;
  unitName: string;
  programme: Programme | null;
  parent: SelectedMember | null;
  attachments: CareAttachment[];
  history: HistoryLine[];
  /** Other cases of the same person, as the proposal or edit reported them. */
  warnings: string[];
  fund: FundWithUnit | null;
  payment: { entry: FundEntry; balance: number } | null;
  actions: CaseActions;
  approveFunds: FundWithUnit[];
  payFunds: PayableFund[];
  today: string;
  /** What the user sent with an action form that was refused, to show it again. */
  posted: Record<string, string>;
  issuer: Issuer;
}

/** "… đã có hồ sơ số 12 …" with the case number as a link. */
function Linked({ text }: { text: string }) {
  const parts = text.split(/(hồ sơ số \d+)/);
  return (
    <>
      {parts.map((p, i) => {
        const id = /^hồ sơ số (\d+)$/.exec(p)?.[1];
        return id ? (
          <a key={i} href={casePath(Number(id))}>
            {p}
          </a>
        ) : (
          p
        );
      })}
    </>
  );
}

const fundLabel = (f: FundWithUnit) => `${f.name} (${f.unit_name})`;

function Facts({ c, unitName, programme, parent, fund, payment }: CasePageProps) {
  return (
    <div class="panel">
      <dl class="facts">
        <dt>Trạng thái</dt>
        <dd>
          <StatusBadge status={c.status} />
        </dd>
        <dt>Người nhận</dt>
        <dd>
          {c.recipient_name} <span class="muted">· {RECIPIENT_KIND_LABELS[c.recipient_kind]}</span>
          {c.member_id ? (
            <>
              {' '}
              · <a href={`/quan-tri/doan-vien/${c.member_id}`}>hồ sơ đoàn viên</a>
            </>
          ) : null}
        </dd>
        {parent ? (
          <>
            <dt>Con của đoàn viên</dt>
            <dd>
              <a href={`/quan-tri/doan-vien/${parent.id}`}>{parent.fullName}</a> – {parent.unitName}
            </dd>
          </>
        ) : null}
        <dt>Năm sinh</dt>
        <dd>{c.recipient_birth_year ?? '—'}</dd>
        {c.recipient_citizen_id ? (
          <>
            <dt>Số CCCD</dt>
            <dd>{maskCitizenId(c.recipient_citizen_id)}</dd>
          </>
        ) : null}
        <dt>Lý do</dt>
        <dd>{REASON_LABELS[c.reason]}</dd>
        <dt>Ngày thăm hỏi, trao</dt>
        <dd>{formatIsoDate(c.occurred_on)}</dd>
        <dt>Chương trình</dt>
        <dd>{programme ? <a href={programmePath(programme.id)}>{programme.name}</a> : '—'}</dd>
        <dt>Đơn vị đề nghị</dt>
        <dd>{unitName}</dd>
        <dt>Tiền mặt</dt>
        <dd>{formatMoney(c.cash_amount)}</dd>
        <dt>Hiện vật</dt>
        <dd>{formatMoney(c.in_kind_amount)}</dd>
        <dt>Tổng</dt>
        <dd>
          <strong>{formatMoney(c.cash_amount + c.in_kind_amount)}</strong>
        </dd>
        <dt>Hoàn cảnh, nội dung</dt>
        <dd class="care-description">{c.description || '—'}</dd>
        {c.decision_note ? (
          <>
            <dt>{c.status === 'returned' ? 'Lý do trả lại' : 'Ý kiến khi duyệt'}</dt>
            <dd class="care-description">{c.decision_note}</dd>
          </>
        ) : null}
        <dt>Quỹ chi</dt>
        <dd>{fund ? fundLabel(fund) : '—'}</dd>
        {payment ? (
          <>
            <dt>Đã chi</dt>
            <dd class="care-paid">
              {formatMoney(-payment.entry.amount)} ngày {formatIsoDate(payment.entry.entry_date)} (bút toán số {payment.entry.id}); số dư
              quỹ hiện nay: <strong class="care-balance">{formatMoney(payment.balance)}</strong>
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

function History({ history }: { history: HistoryLine[] }) {
  return (
    <table class="grid care-history">
      <thead>
        <tr>
          <th>Việc</th>
          <th>Người thực hiện</th>
          <th>Thời gian</th>
        </tr>
      </thead>
      <tbody>
        {history.map((h) => (
          <tr key={h.id}>
            <td>{HISTORY_LABELS[h.action] ?? h.action}</td>
            <td>{h.actor}</td>
            <td>
              <DateLine at={h.at} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Attachments({ c, attachments, actions, csrf }: CasePageProps) {
  return (
    <>
      {attachments.length === 0 ? (
        <p class="muted">Chưa có tệp đính kèm.</p>
      ) : (
        <ul class="care-attachments">
          {attachments.map((a) => (
            <li key={a.id}>
              <a href={`${casePath(c.id)}/tep/${a.id}`}>{a.file_name}</a>{' '}
              <span class="muted">
                ({formatNumber(Math.max(1, Math.round(a.size / 1024)))} KB, <DateLine at={a.created_at} />)
              </span>
            </li>
          ))}
        </ul>
      )}
      {actions.mayAttach ? (
        <form method="post" action={`${casePath(c.id)}/tep`} enctype="multipart/form-data" class="care-attach-form">
          <CsrfField token={csrf} />
          <div class="form-row">
            <label for="file">Thêm tệp (PDF, JPEG hoặc PNG; tối đa 20 MB)</label>
            <input id="file" name="file" type="file" required accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />
          </div>
          <button type="submit" class="secondary">
            Tải lên
          </button>
        </form>
      ) : null}
    </>
  );
}

function ActionForms(props: CasePageProps) {
  const { c, csrf, actions, approveFunds, payFunds, today, posted } = props;
  const base = casePath(c.id);
  const Version = () => <input type="hidden" name="version" value={String(c.version)} />;
  const chosenPayFund = posted.fundId ?? String(c.fund_id ?? payFunds[0]?.id ?? '');
  return (
    <div class="care-actions">
      {actions.mayEdit ? (
        <div class="panel">
          <h3>Sửa hồ sơ</h3>
          <p>
            <a class="button secondary" href={`${base}/sua`}>
              Sửa nội dung đề nghị
            </a>
          </p>
          {actions.mayResubmit ? (
            <form method="post" action={`${base}/gui-lai`}>
              <CsrfField token={csrf} />
              <Version />
              <p class="muted">Đã sửa theo ý kiến của cấp trên? Gửi lại để cấp trên xem xét.</p>
              <button type="submit" class="primary">
                Gửi lại hồ sơ
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      {actions.mayApprove ? (
        <form method="post" action={`${base}/duyet`} class="panel">
          <h3>Duyệt</h3>
          <CsrfField token={csrf} />
          <Version />
          <div class="form-row">
            <label for="approve-fund">Quỹ chi (có thể để người chi chọn)</label>
            <select id="approve-fund" name="fundId">
              <option value="">— Chưa chọn —</option>
              {approveFunds.map((f) => (
                <option key={f.id} value={String(f.id)} selected={String(f.id) === (posted.fundId ?? String(c.fund_id ?? ''))}>
                  {fundLabel(f)}
                </option>
              ))}
            </select>
          </div>
          <div class="form-row">
            <label for="approve-note">Ý kiến (không bắt buộc)</label>
            <textarea id="approve-note" name="note" maxLength={2000}>
              {posted.form === 'duyet' ? posted.note : ''}
            </textarea>
          </div>
          <button type="submit" class="primary">
            Duyệt hồ sơ
          </button>
        </form>
      ) : null}
      {actions.mayReturn ? (
        <form method="post" action={`${base}/tra-lai`} class="panel">
          <h3>Trả lại</h3>
          <CsrfField token={csrf} />
          <Version />
          <div class="form-row">
            <label for="return-note">Lý do trả lại (bắt buộc)</label>
            <textarea id="return-note" name="note" required maxLength={2000}>
              {posted.form === 'tra-lai' ? posted.note : ''}
            </textarea>
          </div>
          <button type="submit" class="danger">
            Trả lại đơn vị đề nghị
          </button>
        </form>
      ) : null}
      {actions.mayPay ? (
        <form method="post" action={`${base}/chi`} class="panel">
          <h3>Chi tiền</h3>
          <CsrfField token={csrf} />
          <Version />
          <p>
            Chi {formatMoney(c.cash_amount)} tiền mặt; hiện vật {formatMoney(c.in_kind_amount)} chỉ ghi trên hồ sơ.
          </p>
          {payFunds.length === 0 ? (
            <p class="muted">Bạn không quản lý quỹ nào dùng được cho hồ sơ này.</p>
          ) : (
            <>
              <div class="form-row">
                <label for="pay-fund">Chi từ quỹ</label>
                <select id="pay-fund" name="fundId" required>
                  {payFunds.map((f) => (
                    <option key={f.id} value={String(f.id)} selected={String(f.id) === chosenPayFund}>
                      {fundLabel(f)} – số dư {formatMoney(f.balance)}
                    </option>
                  ))}
                </select>
              </div>
              <div class="form-row">
                <label for="pay-on">Ngày chi</label>
                <DateInput id="pay-on" name="paidOn" required value={posted.paidOn ?? today} />
              </div>
              <button type="submit" class="primary">
                Ghi chi tiền
              </button>
            </>
          )}
        </form>
      ) : null}
      {actions.mayClose ? (
        <form method="post" action={`${base}/hoan-tat`} class="panel">
          <h3>Hoàn tất</h3>
          <CsrfField token={csrf} />
          <Version />
          <p class="muted">Khi chứng từ đã đầy đủ. Hồ sơ đã hoàn tất không thay đổi được nữa.</p>
          <button type="submit" class="secondary">
            Hoàn tất hồ sơ
          </button>
        </form>
      ) : null}
    </div>
  );
}

export function CasePage(props: CasePageProps) {
  const { payment } = props;
  return (
    <>
      <PrintHead issuer={props.issuer} title={`Hồ sơ đề nghị hỗ trợ số ${props.c.id}`} date={props.today} />
      <p class="no-print case-papers">
        <PrintButton label="In hồ sơ" />{' '}
        {payment ? (
          <a href={`${FUNDS_PATH}/${payment.entry.fund_id}/but-toan/${payment.entry.id}/phieu-chi`}>Phiếu chi số {payment.entry.id}</a>
        ) : null}
      </p>
      {props.warnings.length > 0 ? (
        <div class="panel warnings care-duplicates" role="alert">
          <p>
            <strong>Lưu ý: người này đã có hồ sơ hỗ trợ khác</strong> (hồ sơ này vẫn được ghi).
          </p>
          <ul>
            {props.warnings.map((w, i) => (
              <li key={i}>
                <Linked text={w} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Facts {...props} />
      <ActionForms {...props} />
      <h2>Quá trình xử lý</h2>
      <History history={props.history} />
      <h2>Tệp đính kèm</h2>
      <Attachments {...props} />
      <SignatureBlock signers={[{ title: 'NGƯỜI LẬP BIỂU' }, { title: 'THỦ TRƯỞNG ĐƠN VỊ', hint: '(Ký, họ tên, đóng dấu)' }]} />
      <p>
        <a href="/quan-tri/cham-lo">« Danh sách hồ sơ</a>
      </p>
    </>
  );
}
