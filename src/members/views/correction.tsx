import { formatIsoDate } from '../../lib/dates.js';
import type { FormState } from '../../web/form-route.js';
import { fieldValue } from '../../web/parse.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { DateInput } from '../../web/views/date-input.js';
import { correctionPath, EVENT_NAMES, type CorrectionEvent } from '../correction-schema.js';
import type { CorrectionPageData } from '../correction-service.js';
import { Field } from './field.js';

const memberPath = (id: number) => `/quan-tri/doan-vien/${id}`;
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Sửa ngày: the event as recorded, and its right date. */
export function RedateForm({
  csrf,
  page,
  periodId,
  state,
}: {
  csrf: string;
  page: CorrectionPageData;
  periodId: number;
  state: FormState;
}) {
  return (
    <form method="post" action={correctionPath(page.memberId, periodId, page.event, 'sua-ngay')} class="panel correction">
      <CsrfField token={csrf} />
      <input type="hidden" name="was" value={page.on} />
      <p>
        Đoàn viên <a href={memberPath(page.memberId)}>{page.memberName}</a>: đang ghi {page.described}.
      </p>
      <Field
        id="on"
        label={`Ngày ${EVENT_NAMES[page.event]} đúng`}
        errors={state.errors}
        hint="Ngày/tháng/năm. Số liệu đoàn viên của các đơn vị liên quan được tính lại cho mọi ngày bị ảnh hưởng."
      >
        <DateInput
          id="on"
          name="on"
          value={fieldValue(state.values, 'on') || page.on}
          required
          invalid={Boolean(state.errors.on)}
          describedBy="on-hint"
        />
      </Field>
      <div class="actions">
        <button type="submit" class="primary">
          Lưu ngày đúng
        </button>
        <a class="button secondary" href={memberPath(page.memberId)}>
          Không sửa
        </a>
      </div>
    </form>
  );
}

/** Hủy bỏ: what undoing the event does, said before anything is written; or why it cannot be undone. */
export function UndoConfirm({ csrf, page, periodId }: { csrf: string; page: CorrectionPageData; periodId: number }) {
  if (!page.plan)
    return (
      <div class="panel correction">
        <p>
          Đoàn viên <a href={memberPath(page.memberId)}>{page.memberName}</a>: {page.described}.
        </p>
        <p class="flash flash-error" role="alert">
          {page.refusal}
        </p>
        <p>
          <a href={memberPath(page.memberId)}>Trở lại trang đoàn viên</a>
        </p>
      </div>
    );
  const units = page.plan.units.map((u) => u.name).join(', ');
  return (
    <form method="post" action={correctionPath(page.memberId, periodId, page.event, 'huy-bo')} class="panel correction">
      <CsrfField token={csrf} />
      <input type="hidden" name="was" value={page.on} />
      <p>
        Đoàn viên <a href={memberPath(page.memberId)}>{page.memberName}</a>
      </p>
      <p class="correction-summary">
        <strong>{page.plan.summary}</strong>
      </p>
      <ul>
        <li>
          Số liệu đoàn viên của {units} (và các đơn vị cấp trên) được tính lại từ ngày {formatIsoDate(page.on)}.
        </li>
        <li>Việc hủy bỏ được ghi vào nhật ký: ai hủy, lúc nào, {EVENT_NAMES[page.event]} ngày nào.</li>
        {page.plan.removesMember ? <li>Không thể khôi phục hồ sơ sau khi hủy; nếu cần, hãy kết nạp lại đúng người, đúng ngày.</li> : null}
      </ul>
      <div class="actions">
        <button type="submit" class="danger">
          Xác nhận hủy bỏ
        </button>
        <a class="button secondary" href={memberPath(page.memberId)}>
          Không hủy
        </a>
      </div>
    </form>
  );
}

/** A period of the member page, as the correction links read it. */
interface PeriodLike {
  id: number;
  start_kind: string;
  ended_on: string | null;
  end_kind: string | null;
}

/** The events a period row carries: how it started (admission, rejoin) and how it ended (transfer, leave). */
function eventsOf(p: PeriodLike, next: PeriodLike | undefined): CorrectionEvent[] {
  const out: CorrectionEvent[] = [];
  if (p.start_kind === 'join') out.push('admission');
  if (p.start_kind === 'rejoin') out.push('rejoin');
  if (p.end_kind === 'transfer_out' && next) out.push('transfer');
  if (p.end_kind === 'leave') out.push('leave');
  return out;
}

/** "Sửa ngày" and "Hủy bỏ" for each event of a period of the member page. */
export function CorrectionLinks({ memberId, period, next }: { memberId: number; period: PeriodLike; next: PeriodLike | undefined }) {
  const events = eventsOf(period, next);
  if (events.length === 0) return null;
  return (
    <ul class="correction-links">
      {events.map((e) => (
        <li key={e}>
          {sentence(EVENT_NAMES[e])}: <a href={correctionPath(memberId, period.id, e, 'sua-ngay')}>Sửa ngày</a> ·{' '}
          <a href={correctionPath(memberId, period.id, e, 'huy-bo')}>Hủy bỏ</a>
        </li>
      ))}
    </ul>
  );
}
