import type { Member } from '../../db/schema.js';
import type { FormState } from '../../web/form-route.js';
import { fieldValue, type FieldErrors, type FormBody } from '../../web/parse.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { DateInput } from '../../web/views/date-input.js';
import {
  ETHNICITIES,
  POLITICAL_THEORY_LABELS,
  QUALIFICATION_LABELS,
  REGISTRY_COLUMNS,
  REGISTRY_FIELDS,
  RELIGION_SUGGESTIONS,
  UNION_POSITION_LABELS,
  WORKFORCE_TYPE_LABELS,
} from '../schema.js';
import { Field } from './field.js';

/** A select starting on "not recorded", the chosen value selected. */
function Choice({ id, value, options }: { id: string; value: string; options: ReadonlyArray<readonly [string, string]> }) {
  return (
    <select id={id} name={id}>
      <option value="">— Chưa ghi —</option>
      {options.map(([code, label]) => (
        <option key={code} value={code} selected={code === value}>
          {label}
        </option>
      ))}
    </select>
  );
}

const pairs = (labels: Record<string, string>) => Object.entries(labels) as Array<[string, string]>;
const YES_NO = [
  ['1', 'Có'],
  ['0', 'Không'],
] as const;

/** A date field typed dd/mm/yyyy. */
function DateField({ id, label, v, errors }: { id: string; label: string; v: (k: string) => string; errors: FieldErrors }) {
  return (
    <Field id={id} label={label} errors={errors}>
      <DateInput id={id} name={id} value={v(id)} invalid={Boolean(errors[id])} describedBy={errors[id] ? `${id}-error` : undefined} />
    </Field>
  );
}

/**
 * The registry's optional fields (dân tộc, tôn giáo, quê quán … and the consent to processing
 * personal data), as the admission and edit forms show them; `v` reads a field's value.
 */
/** The identity and contact fields the admission and the edit forms share. */
export function ContactInputs({ v, errors, citizenIdLabel }: { v: (k: string) => string; errors: FieldErrors; citizenIdLabel: string }) {
  return (
    <>
      <Field id="citizenId" label={citizenIdLabel} errors={errors}>
        <input id="citizenId" name="citizenId" type="text" inputMode="numeric" maxLength={12} value={v('citizenId')} />
      </Field>
      <Field id="phone" label="Điện thoại" errors={errors}>
        <input id="phone" name="phone" type="text" maxLength={15} value={v('phone')} />
      </Field>
      <Field id="job" label="Nghề nghiệp, chức vụ" errors={errors}>
        <input id="job" name="job" type="text" maxLength={200} value={v('job')} />
      </Field>
      <Field id="cardNumber" label="Số thẻ đoàn viên" errors={errors}>
        <input id="cardNumber" name="cardNumber" type="text" maxLength={40} value={v('cardNumber')} />
      </Field>
    </>
  );
}

export function RegistryInputs({ v, errors }: { v: (k: string) => string; errors: FieldErrors }) {
  // Email as text (inputmode email): the browser's own check would show its English message instead of ours.
  const text = (id: string, label: string, max: number, inputMode?: 'email') => (
    <Field id={id} label={label} errors={errors}>
      <input id={id} name={id} type="text" inputMode={inputMode} maxLength={max} value={v(id)} />
    </Field>
  );
  return (
    <>
      <fieldset class="form-row sensitive-fields">
        <legend>Dữ liệu cá nhân nhạy cảm (chỉ hiện khi mở có chủ đích, mỗi lần mở được ghi nhật ký)</legend>
        <Field id="ethnicity" label="Dân tộc" errors={errors}>
          <Choice id="ethnicity" value={v('ethnicity')} options={ETHNICITIES.map((e) => [e, e] as const)} />
        </Field>
        <Field id="religion" label="Tôn giáo" hint="Chọn gợi ý hoặc ghi tên tôn giáo; “Không” nếu không theo tôn giáo nào." errors={errors}>
          <input id="religion" name="religion" type="text" list="religion-list" maxLength={100} value={v('religion')} />
        </Field>
        <datalist id="religion-list">
          {RELIGION_SUGGESTIONS.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </fieldset>
      {text('hometown', 'Quê quán', 300)}
      {text('address', 'Nơi ở hiện nay', 300)}
      {text('email', 'Email', 200, 'email')}
      <Field id="workforceType" label="Loại lao động" errors={errors}>
        <Choice id="workforceType" value={v('workforceType')} options={pairs(WORKFORCE_TYPE_LABELS)} />
      </Field>
      <Field id="education" label="Trình độ học vấn" hint="Dạng lớp/hệ, ví dụ 12/12." errors={errors}>
        <input id="education" name="education" type="text" maxLength={10} size={6} value={v('education')} />
      </Field>
      <Field id="qualification" label="Trình độ chuyên môn" errors={errors}>
        <Choice id="qualification" value={v('qualification')} options={pairs(QUALIFICATION_LABELS)} />
      </Field>
      <Field id="politicalTheory" label="Lý luận chính trị" errors={errors}>
        <Choice id="politicalTheory" value={v('politicalTheory')} options={pairs(POLITICAL_THEORY_LABELS)} />
      </Field>
      <Field id="partyMember" label="Đảng viên" errors={errors}>
        <Choice id="partyMember" value={v('partyMember')} options={YES_NO} />
      </Field>
      <DateField id="partyJoinedOn" label="Ngày vào Đảng" v={v} errors={errors} />
      <Field id="unionPosition" label="Chức vụ công đoàn" errors={errors}>
        <Choice id="unionPosition" value={v('unionPosition')} options={pairs(UNION_POSITION_LABELS)} />
      </Field>
      <Field id="fullTimeOfficer" label="Cán bộ công đoàn chuyên trách" errors={errors}>
        <Choice id="fullTimeOfficer" value={v('fullTimeOfficer')} options={YES_NO} />
      </Field>
      <DateField id="unionJoinedOn" label="Ngày vào công đoàn (có thể trước khi sinh hoạt ở đây)" v={v} errors={errors} />
      <fieldset class="form-row consent-fields">
        <legend>Sự đồng ý của đoàn viên cho xử lý dữ liệu cá nhân</legend>
        <DateField id="consentOn" label="Ngày đồng ý" v={v} errors={errors} />
        <Field id="consentPurpose" label="Mục đích được đồng ý" errors={errors}>
          <textarea id="consentPurpose" name="consentPurpose" maxLength={500} rows={2}>
            {v('consentPurpose')}
          </textarea>
        </Field>
      </fieldset>
    </>
  );
}

/** A record's values as its edit form starts with them. */
export function memberFormValues(m: Member): FormBody {
  const out: FormBody = {
    version: String(m.version),
    fullName: m.full_name,
    gender: m.gender ?? '',
    birthDate: m.birth_date ?? '',
    citizenId: m.citizen_id ?? '',
    phone: m.phone ?? '',
    job: m.job ?? '',
    cardNumber: m.card_number ?? '',
  };
  for (const f of REGISTRY_FIELDS) {
    const value = m[REGISTRY_COLUMNS[f]];
    out[f] = value === null ? '' : String(value);
  }
  return out;
}

export interface MemberEditProps {
  csrf: string;
  member: Pick<Member, 'id' | 'full_name' | 'birth_year' | 'birth_date' | 'version'>;
  state: FormState;
}

/** The edit form of a member's details. After a stale edit (409) it carries the record's current version: sending it again saves what was typed. */
export function MemberEdit({ csrf, member, state }: MemberEditProps) {
  const { errors } = state;
  const v = (k: string) => fieldValue(state.values, k);
  const version = state.status === 409 ? String(member.version) : v('version');
  return (
    <form method="post" action={`/quan-tri/doan-vien/${member.id}/sua`} class="panel form-grid">
      <CsrfField token={csrf} />
      <input type="hidden" name="version" value={version} />
      {state.status === 409 ? (
        <p class="form-row review-comment" role="alert">
          Những gì bạn đã nhập vẫn còn dưới đây. Hãy mở <a href={`/quan-tri/doan-vien/${member.id}`}>hồ sơ</a> trong thẻ khác để xem bản mới
          nhất; bấm “Lưu” lần nữa sẽ ghi đè bằng những gì bạn nhập.
        </p>
      ) : null}
      <Field id="fullName" label="Họ và tên" errors={errors}>
        <input id="fullName" name="fullName" type="text" required maxLength={200} value={v('fullName')} />
      </Field>
      <Field id="gender" label="Giới tính" errors={errors}>
        <Choice
          id="gender"
          value={v('gender')}
          options={[
            ['male', 'Nam'],
            ['female', 'Nữ'],
          ]}
        />
      </Field>
      <Field
        id="birthDate"
        label="Ngày sinh"
        hint={
          !member.birth_date && member.birth_year ? `Hồ sơ chỉ có năm sinh ${member.birth_year}: để trống thì giữ năm sinh.` : undefined
        }
        errors={errors}
      >
        <DateInput id="birthDate" name="birthDate" value={v('birthDate')} invalid={Boolean(errors.birthDate)} />
      </Field>
      <ContactInputs v={v} errors={errors} citizenIdLabel="Số CCCD" />
      <RegistryInputs v={v} errors={errors} />
      <div class="actions">
        <button type="submit" class="primary">
          Lưu
        </button>
        <a class="button secondary" href={`/quan-tri/doan-vien/${member.id}`}>
          Hủy
        </a>
      </div>
    </form>
  );
}
