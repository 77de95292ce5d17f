import type { Member, Unit } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import type { FormState } from '../../web/form-route.js';
import { fieldValue, type FieldErrors } from '../../web/parse.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import type { LeaveReason } from '../../db/schema.js';
import { LEAVE_REASON_LABELS, LEAVE_REASONS, leaveReasonText, PERIOD_KIND_LABELS, type SensitiveField } from '../schema.js';
import type { TransferRequestRow } from '../transfer-repo.js';
import { CorrectionLinks } from './correction.js';
import { Field } from './field.js';
import { DateInput } from '../../web/views/date-input.js';
import { MemberFacts } from './member-facts.js';

export interface MemberPeriodRow {
  id: number;
  unit_id: number;
  unit_name: string;
  started_on: string;
  start_kind: string;
  ended_on: string | null;
  end_kind: string | null;
  end_reason: LeaveReason | null;
  end_note: string | null;
}

/** The forms of a member's page. */
export type MemberForm = 'transfer' | 'leave' | 'rejoin' | 'erase';

export interface MemberPageProps {
  csrf: string;
  member: Member;
  periods: MemberPeriodRow[];
  mayEdit: boolean;
  /** The sensitive field shown in full (the showing was logged), if any. */
  revealed: SensitiveField | null;
  /** The units the forms may move the member to. */
  targets: Unit[];
  /** Units outside the user's scope found by `unitSearch`: a transfer there is a request the receiving unit accepts or refuses. */
  otherTargets: Unit[];
  /** The name searched among units outside the user's scope. */
  unitSearch: string | null;
  /** The transfer request waiting for the receiving unit, if any. */
  waiting: (TransferRequestRow & { mayCancel: boolean }) | null;
  today: string;
  /** The form sent back with what was typed and its problems. */
  form?: { name: MemberForm; state: FormState } | undefined;
}

const kind = (k: string | null) => PERIOD_KIND_LABELS[k ?? ''] ?? k;

/** A departure's reason as shown ("không ghi lý do" when it was recorded before reasons were kept). */
const reasonOf = (p: MemberPeriodRow) => leaveReasonText(p.end_reason, p.end_note) ?? 'không ghi lý do';

/** How a period ended: its kind, and for a departure its reason. */
const ending = (p: MemberPeriodRow) => (p.end_kind === 'leave' ? `${kind(p.end_kind)} — ${reasonOf(p)}` : (kind(p.end_kind) ?? ''));

/** Where the member stands: their current union, or how and when their last period ended ("Thôi sinh hoạt ngày 01/06/2024 — Nghỉ hưu"). */
function status(open: MemberPeriodRow | undefined, last: MemberPeriodRow | undefined): string {
  if (open) return `Đang sinh hoạt tại ${open.unit_name}`;
  if (!last?.ended_on) return '—';
  const when = `${kind(last.end_kind)} ngày ${formatIsoDate(last.ended_on)}`;
  return last.end_kind === 'leave' ? `${when} — ${reasonOf(last)}` : when;
}

/** A member's record, their periods of membership, and the forms that change them. */
export function MemberPage(props: MemberPageProps) {
  const { member, periods, mayEdit, revealed } = props;
  const open = periods.find((p) => p.ended_on === null);
  return (
    <>
      <div class="panel">
        <MemberFacts member={member} revealed={revealed} status={status(open, periods.at(-1))} />
        {mayEdit && !member.erased_at ? (
          <p class="actions">
            <a class="button secondary" href={`/quan-tri/doan-vien/${member.id}/sua`}>
              Sửa thông tin
            </a>
          </p>
        ) : null}
      </div>
      <h2>Quá trình sinh hoạt</h2>
      <table class="grid">
        <thead>
          <tr>
            <th>Đơn vị</th>
            <th>Từ ngày</th>
            <th>Đến ngày</th>
            {mayEdit ? <th>Đính chính</th> : null}
          </tr>
        </thead>
        <tbody>
          {periods.map((p, i) => (
            <tr key={p.id}>
              <td>{p.unit_name}</td>
              <td>
                {formatIsoDate(p.started_on)} ({kind(p.start_kind)})
              </td>
              <td>{p.ended_on ? `${formatIsoDate(p.ended_on)} (${ending(p)})` : 'nay'}</td>
              {mayEdit ? (
                <td>
                  <CorrectionLinks memberId={member.id} period={p} next={periods[i + 1]} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {props.waiting ? <WaitingTransfer csrf={props.csrf} request={props.waiting} /> : null}
      {mayEdit && !member.erased_at ? (
        <div class="form-grid">
          {open ? (
            <>
              {props.waiting ? null : <TransferForm {...props} currentUnitId={open.unit_id} />}
              <LeaveForm {...props} />
            </>
          ) : (
            <RejoinForm {...props} />
          )}
          <EraseForm {...props} />
        </div>
      ) : null}
    </>
  );
}

/** What a form shows: what was typed when it comes back, else its starting values. */
function formState(props: MemberPageProps, name: MemberForm): { errors: FieldErrors; value: (k: string, fallback?: string) => string } {
  const state = props.form?.name === name ? props.form.state : null;
  return { errors: state?.errors ?? {}, value: (k, fallback = '') => (state ? fieldValue(state.values, k) : fallback) };
}

function TransferForm(props: MemberPageProps & { currentUnitId: number }) {
  const { errors, value } = formState(props, 'transfer');
  return (
    <div class="panel">
      <h3>Chuyển sinh hoạt</h3>
      <form method="get" action={`/quan-tri/doan-vien/${props.member.id}`}>
        <label for="don_vi_khac">Tìm đơn vị ngoài phạm vi của bạn (gửi đề nghị để đơn vị đó nhận)</label>
        <input id="don_vi_khac" name="don_vi_khac" type="search" minLength={2} maxLength={100} value={props.unitSearch ?? ''} />
        <button type="submit" class="secondary">
          Tìm
        </button>
      </form>
      {props.unitSearch !== null && props.otherTargets.length === 0 ? (
        <p class="muted">Không có công đoàn cơ sở nào ngoài phạm vi của bạn có tên như vậy.</p>
      ) : null}
      <TransferPost {...props} errors={errors} value={value} />
    </div>
  );
}

function TransferPost(props: MemberPageProps & { currentUnitId: number } & ReturnType<typeof formState>) {
  const { errors, value } = props;
  return (
    <form method="post" action={`/quan-tri/doan-vien/${props.member.id}/chuyen`}>
      <CsrfField token={props.csrf} />
      <Field id="toUnitId" label="Đến đơn vị" errors={errors}>
        <select id="toUnitId" name="toUnitId">
          <optgroup label="Trong phạm vi của bạn (chuyển ngay)">
            <UnitOptions units={props.targets.filter((u) => u.id !== props.currentUnitId)} selected={value('toUnitId') || null} />
          </optgroup>
          {props.otherTargets.length ? (
            <optgroup label="Đơn vị khác (gửi đề nghị, chờ đơn vị nhận đồng ý)">
              <UnitOptions units={props.otherTargets} selected={value('toUnitId') || null} />
            </optgroup>
          ) : null}
        </select>
      </Field>
      <Field id="on-t" name="on" label="Từ ngày" errors={errors}>
        <DateInput id="on-t" name="on" required value={value('on', props.today)} />
      </Field>
      <button type="submit" class="primary">
        Chuyển
      </button>
    </form>
  );
}

/** The transfer request waiting for the receiving unit; its sender may withdraw it. */
function WaitingTransfer({ csrf, request }: { csrf: string; request: TransferRequestRow & { mayCancel: boolean } }) {
  return (
    <div class="panel">
      <p>
        Đang chờ <strong>{request.to_unit_name}</strong> nhận chuyển sinh hoạt từ ngày {formatIsoDate(request.transfer_on)} (đề nghị của{' '}
        {request.requester_name}). <a href="/quan-tri/doan-vien/chuyen-den">Xem các đề nghị chuyển sinh hoạt</a>
      </p>
      {request.mayCancel ? (
        <form method="post" action={`/quan-tri/doan-vien/chuyen-den/${request.id}/huy`}>
          <CsrfField token={csrf} />
          <button type="submit" class="secondary">
            Hủy đề nghị
          </button>
        </form>
      ) : null}
    </div>
  );
}

function LeaveForm(props: MemberPageProps) {
  const { errors, value } = formState(props, 'leave');
  return (
    <form method="post" action={`/quan-tri/doan-vien/${props.member.id}/thoi`} class="panel">
      <h3>Thôi sinh hoạt</h3>
      <CsrfField token={props.csrf} />
      <Field id="on-l" name="on" label="Từ ngày" errors={errors}>
        <DateInput id="on-l" name="on" required value={value('on', props.today)} />
      </Field>
      <Field id="reason-l" name="reason" label="Lý do" errors={errors}>
        <select id="reason-l" name="reason" required>
          <LeaveReasonOptions selected={value('reason')} />
        </select>
      </Field>
      <Field id="note-l" name="note" label="Ghi rõ lý do" hint="Bắt buộc khi chọn “Khác”." errors={errors}>
        <input id="note-l" name="note" type="text" maxLength={200} value={value('note')} />
      </Field>
      <button type="submit" class="secondary">
        Ghi nhận
      </button>
    </form>
  );
}

/** The reasons of a departure: an empty placeholder chosen until the user picks one. */
function LeaveReasonOptions({ selected }: { selected: string }) {
  const picked = (LEAVE_REASONS as readonly string[]).includes(selected);
  return (
    <>
      <option value="" disabled selected={!picked}>
        — Chọn lý do —
      </option>
      {LEAVE_REASONS.map((r) => (
        <option key={r} value={r} selected={r === selected}>
          {LEAVE_REASON_LABELS[r]}
        </option>
      ))}
    </>
  );
}

function RejoinForm(props: MemberPageProps) {
  const { errors, value } = formState(props, 'rejoin');
  return (
    <form method="post" action={`/quan-tri/doan-vien/${props.member.id}/ket-nap-lai`} class="panel">
      <h3>Kết nạp lại</h3>
      <CsrfField token={props.csrf} />
      <Field id="unitId" label="Đơn vị" errors={errors}>
        <select id="unitId" name="unitId">
          <UnitOptions units={props.targets} selected={value('unitId') || null} />
        </select>
      </Field>
      <Field id="on-r" name="on" label="Từ ngày" errors={errors}>
        <DateInput id="on-r" name="on" required value={value('on', props.today)} />
      </Field>
      <button type="submit" class="primary">
        Kết nạp lại
      </button>
    </form>
  );
}

function EraseForm(props: MemberPageProps) {
  const { errors } = formState(props, 'erase');
  return (
    <form method="post" action={`/quan-tri/doan-vien/${props.member.id}/xoa`} class="panel">
      <h3>Xóa dữ liệu cá nhân theo yêu cầu</h3>
      <CsrfField token={props.csrf} />
      <p class="muted">Họ tên, ngày sinh, số CCCD, điện thoại… bị xóa vĩnh viễn; quá trình sinh hoạt vẫn được tính trong số liệu.</p>
      <label>
        <input type="checkbox" name="confirm" value="1" required /> Tôi xác nhận yêu cầu xóa
      </label>
      {errors.confirm ? (
        <span class="field-error" role="alert">
          {errors.confirm}
        </span>
      ) : null}
      <div class="actions">
        <button type="submit" class="danger">
          Xóa dữ liệu cá nhân
        </button>
      </div>
    </form>
  );
}
