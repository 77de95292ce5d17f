import type { CareReason, Programme, RecipientKind, Unit } from '../../db/schema.js';
import { formatMoney } from '../../lib/format.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import type { FieldErrors } from '../../web/parse.js';
import type { SelectedMember } from '../repo.js';
import { REASON_LABELS, RECIPIENT_KIND_LABELS, type CaseFormValues } from '../schema.js';
import { Field, FormErrors, MoneyInput, period, UnitSelect } from './fields.js';
import { FieldMessage } from '../../web/views/field.js';
import { DateInput } from '../../web/views/date-input.js';

const FIELDS_SHOWN = [
  'recipientKind',
  'memberId',
  'fullName',
  'birthYear',
  'citizenId',
  'reason',
  'description',
  'occurredOn',
  'programmeId',
  'cashAmount',
  'inKindAmount',
  'proposingUnitId',
  'file',
] as const;

export interface CaseFormProps {
  csrf: string;
  /** A proposal sends its first attachment with it; an edit changes the fields only. */
  mode: 'propose' | 'edit';
  action: string;
  values: CaseFormValues;
  errors: FieldErrors;
  units: Unit[];
  programmes: Array<Programme & { unit_name: string }>;
  /** The members found by the last search, and the one chosen. */
  found: SelectedMember[] | null;
  chosen: SelectedMember | null;
  version?: number;
  /** The user had chosen a file that a browser does not send again after a search or a refusal. */
  fileLost?: boolean;
  cancel: string;
}

const memberLabel = (m: SelectedMember) => `${m.fullName}${m.birthYear ? `, sinh năm ${m.birthYear}` : ''} – ${m.unitName}`;

function MemberPicker({ values: v, errors, found, chosen }: Pick<CaseFormProps, 'values' | 'errors' | 'found' | 'chosen'>) {
  const options = [...(chosen ? [chosen] : []), ...(found ?? []).filter((m) => m.id !== chosen?.id)];
  return (
    <div class={errors.memberId ? 'care-member-picker has-error' : 'care-member-picker'}>
      <p class="muted">
        Với đoàn viên và con đoàn viên: tìm đoàn viên theo họ tên (không cần dấu) trong phạm vi của bạn, rồi chọn một người.
      </p>
      <div class="care-search-row">
        <div class="form-row">
          <label for="memberQuery">Họ tên đoàn viên</label>
          <input id="memberQuery" name="memberQuery" type="search" maxLength={100} value={v.memberQuery} />
        </div>
        <button type="submit" name="_action" value="tim" class="secondary" formnovalidate>
          Tìm đoàn viên
        </button>
      </div>
      {found !== null && found.length === 0 ? (
        <p class="muted">Không tìm thấy đoàn viên nào đang sinh hoạt có tên "{v.memberQuery}" trong phạm vi của bạn.</p>
      ) : null}
      {options.length > 0 ? (
        <ul class="plain care-member-list">
          {options.map((m) => (
            <li key={m.id}>
              <label>
                <input type="radio" name="memberId" value={String(m.id)} checked={String(m.id) === v.memberId} /> {memberLabel(m)}
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      <FieldMessage id="memberId" message={errors.memberId} />
    </div>
  );
}

export function CaseForm(props: CaseFormProps) {
  const { csrf, mode, action, values: v, errors, units, programmes, version, fileLost, cancel } = props;
  return (
    <form method="post" action={action} class="panel care-form" enctype={mode === 'propose' ? 'multipart/form-data' : undefined} novalidate>
      <CsrfField token={csrf} />
      {version !== undefined ? <input type="hidden" name="version" value={String(version)} /> : null}
      <FormErrors errors={errors} shown={FIELDS_SHOWN} />
      <fieldset class="care-fieldset">
        <legend>Người nhận</legend>
        <div class={errors.recipientKind ? 'care-kinds has-error' : 'care-kinds'} role="radiogroup" aria-label="Người nhận là">
          {(Object.keys(RECIPIENT_KIND_LABELS) as RecipientKind[]).map((k) => (
            <label key={k}>
              <input type="radio" name="recipientKind" value={k} checked={v.recipientKind === k} required /> {RECIPIENT_KIND_LABELS[k]}
            </label>
          ))}
          <FieldMessage message={errors.recipientKind} />
        </div>
        <MemberPicker {...props} />
        <p class="muted">Với con đoàn viên và người lao động ngoài danh sách đoàn viên: ghi họ tên người nhận.</p>
        <div class="form-grid">
          <Field id="fullName" label="Họ và tên người nhận" errors={errors}>
            <input id="fullName" name="fullName" type="text" maxLength={200} value={v.fullName} />
          </Field>
          <Field id="birthYear" label="Năm sinh" errors={errors}>
            <input id="birthYear" name="birthYear" type="text" inputMode="numeric" maxLength={4} value={v.birthYear} />
          </Field>
          <Field id="citizenId" label="Số CCCD (không bắt buộc)" errors={errors}>
            <input id="citizenId" name="citizenId" type="text" inputMode="numeric" maxLength={12} value={v.citizenId} />
          </Field>
        </div>
      </fieldset>
      <fieldset class="care-fieldset">
        <legend>Nội dung hỗ trợ</legend>
        <div class="form-grid">
          <Field id="reason" label="Lý do" errors={errors}>
            <select id="reason" name="reason" required>
              <option value="">— Chọn lý do —</option>
              {(Object.keys(REASON_LABELS) as CareReason[]).map((r) => (
                <option key={r} value={r} selected={v.reason === r}>
                  {REASON_LABELS[r]}
                </option>
              ))}
            </select>
          </Field>
          <Field id="occurredOn" label="Ngày thăm hỏi, trao hỗ trợ" errors={errors}>
            <DateInput id="occurredOn" name="occurredOn" required value={v.occurredOn} />
          </Field>
          <Field id="programmeId" label="Chương trình (nếu có)" errors={errors}>
            <select id="programmeId" name="programmeId">
              <option value="">— Không thuộc chương trình —</option>
              {programmes.map((p) => (
                <option key={p.id} value={String(p.id)} selected={String(p.id) === v.programmeId}>
                  {p.name} ({period(p.starts_on, p.ends_on)}; mỗi suất {formatMoney(p.default_cash)} tiền mặt +{' '}
                  {formatMoney(p.default_in_kind)} hiện vật)
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div class="form-grid">
          <Field id="cashAmount" label="Tiền mặt (đồng)" errors={errors} hint="Để trống: theo mức mỗi suất của chương trình.">
            <MoneyInput id="cashAmount" value={v.cashAmount} errors={errors} />
          </Field>
          <Field id="inKindAmount" label="Hiện vật quy ra tiền (đồng)" errors={errors} hint="Để trống: theo mức mỗi suất của chương trình.">
            <MoneyInput id="inKindAmount" value={v.inKindAmount} errors={errors} />
          </Field>
          {mode === 'propose' ? (
            <UnitSelect id="proposingUnitId" label="Đơn vị đề nghị" units={units} value={v.proposingUnitId} errors={errors} />
          ) : null}
        </div>
        <Field id="description" label="Hoàn cảnh, nội dung đề nghị" errors={errors}>
          <textarea id="description" name="description" maxLength={4000}>
            {v.description}
          </textarea>
        </Field>
      </fieldset>
      {mode === 'propose' ? (
        <Field
          id="file"
          label="Tệp đính kèm (PDF, JPEG hoặc PNG; tối đa 20 MB)"
          errors={errors}
          hint={
            fileLost ? 'Tệp đã chọn trước đó cần được chọn lại.' : 'Đơn đề nghị, giấy xác nhận hoàn cảnh…; thêm tệp khác ở trang hồ sơ.'
          }
        >
          <input id="file" name="file" type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />
        </Field>
      ) : null}
      <div class="actions">
        <button type="submit" name="_action" value="gui" class="primary">
          {mode === 'propose' ? 'Gửi đề nghị' : 'Lưu thay đổi'}
        </button>
        <a class="button secondary" href={cancel}>
          Hủy
        </a>
      </div>
    </form>
  );
}
