import { formatIsoDate } from '../../lib/dates.js';
import type { FormState } from '../../web/form-route.js';
import { fieldValue } from '../../web/parse.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { TRANSFER_STATUS_LABELS } from '../schema.js';
import type { TransferRequestRow } from '../transfer-repo.js';
import { Field } from './field.js';

export const TRANSFER_REQUESTS_PATH = '/quan-tri/doan-vien/chuyen-den';

export interface TransferRequestsProps {
  csrf: string;
  /** Waiting requests into the user's units: to accept or refuse. */
  incoming: TransferRequestRow[];
  /** Waiting requests out of the user's units; the user's own may be cancelled. */
  outgoing: Array<TransferRequestRow & { mayCancel: boolean }>;
  /** Requests out of the user's units answered in the last 30 days, latest first. */
  answered: TransferRequestRow[];
  /** The refusal form sent back with what was typed, for one request. */
  form?: { requestId: number; state: FormState } | undefined;
}

/** Transfer requests waiting: those the user's units are asked to accept, and those they sent. */
export function TransferRequests(props: TransferRequestsProps) {
  const { incoming, outgoing } = props;
  return (
    <>
      <h2 id="cho-nhan">Đề nghị chuyển đến đơn vị của bạn</h2>
      {incoming.length ? (
        <table class="grid">
          <thead>
            <tr>
              <th>Đoàn viên</th>
              <th>Từ đơn vị</th>
              <th>Đến đơn vị</th>
              <th>Từ ngày</th>
              <th>Người đề nghị</th>
              <th>Trả lời</th>
            </tr>
          </thead>
          <tbody>
            {incoming.map((r) => (
              <tr key={r.id}>
                <td>{r.member_name}</td>
                <td>{r.from_unit_name}</td>
                <td>{r.to_unit_name}</td>
                <td>{formatIsoDate(r.transfer_on)}</td>
                <td>{r.requester_name}</td>
                <td>
                  <Decide {...props} request={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">Không có đề nghị nào đang chờ đơn vị của bạn nhận.</p>
      )}
      <h2 id="da-gui">Đề nghị đơn vị của bạn đã gửi</h2>
      {outgoing.length ? (
        <table class="grid">
          <thead>
            <tr>
              <th>Đoàn viên</th>
              <th>Từ đơn vị</th>
              <th>Đến đơn vị</th>
              <th>Từ ngày</th>
              <th>Người đề nghị</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {outgoing.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={`/quan-tri/doan-vien/${r.member_id}`}>{r.member_name}</a>
                </td>
                <td>{r.from_unit_name}</td>
                <td>{r.to_unit_name}</td>
                <td>{formatIsoDate(r.transfer_on)}</td>
                <td>{r.requester_name}</td>
                <td>
                  {r.mayCancel ? (
                    <form method="post" action={`${TRANSFER_REQUESTS_PATH}/${r.id}/huy`}>
                      <CsrfField token={props.csrf} />
                      <button type="submit" class="secondary">
                        Hủy đề nghị
                      </button>
                    </form>
                  ) : (
                    'Đang chờ đơn vị nhận'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">Đơn vị của bạn không có đề nghị nào đang chờ.</p>
      )}
      {props.answered.length ? <Answered rows={props.answered} /> : null}
    </>
  );
}

/** What became of the requests the user's units sent, with the reason of a refusal. */
function Answered({ rows }: { rows: TransferRequestRow[] }) {
  return (
    <>
      <h2>Đề nghị đã được trả lời (30 ngày qua)</h2>
      <table class="grid">
        <thead>
          <tr>
            <th>Đoàn viên</th>
            <th>Đến đơn vị</th>
            <th>Từ ngày</th>
            <th>Kết quả</th>
            <th>Lý do</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={`/quan-tri/doan-vien/${r.member_id}`}>{r.member_name}</a>
              </td>
              <td>{r.to_unit_name}</td>
              <td>{formatIsoDate(r.transfer_on)}</td>
              <td>{TRANSFER_STATUS_LABELS[r.status] ?? r.status}</td>
              <td>{r.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Accept, or refuse with a reason (kept, with its message, when the refusal comes back). */
function Decide({ csrf, request, form }: TransferRequestsProps & { request: TransferRequestRow }) {
  const state = form?.requestId === request.id ? form.state : null;
  const id = `reason-${request.id}`;
  return (
    <>
      <form method="post" action={`${TRANSFER_REQUESTS_PATH}/${request.id}/nhan`}>
        <CsrfField token={csrf} />
        <button type="submit" class="primary">
          Nhận
        </button>
      </form>
      <form method="post" action={`${TRANSFER_REQUESTS_PATH}/${request.id}/tu-choi`}>
        <CsrfField token={csrf} />
        <Field id={id} name="reason" label="Lý do từ chối" errors={state?.errors ?? {}}>
          <input id={id} name="reason" type="text" maxLength={500} value={state ? fieldValue(state.values, 'reason') : ''} />
        </Field>
        <button type="submit" class="secondary">
          Từ chối
        </button>
      </form>
    </>
  );
}
