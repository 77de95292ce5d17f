import type { Unit } from '../../db/schema.js';
import type { FormState } from '../../web/form-route.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import type { DuplicateMatch } from '../service.js';
import { Field } from './field.js';
import { DateInput } from '../../web/views/date-input.js';
import { ContactInputs, RegistryInputs } from './member-edit.js';

export interface AdmitFormProps {
  csrf: string;
  units: Unit[];
  state: FormState;
  /** Close matches the person must look at before confirming (a PossibleDuplicates refusal). */
  matches: DuplicateMatch[];
  today: string;
}

/** The admission form (kết nạp), with the close matches and the confirmation when there are any. */
export function AdmitForm({ csrf, units, state, matches, today }: AdmitFormProps) {
  const { errors } = state;
  const v = (k: string) => {
    const value = state.values[k];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  };
  return (
    <form method="post" action="/quan-tri/doan-vien" class="panel form-grid">
      <CsrfField token={csrf} />
      <Field id="fullName" label="Họ và tên" errors={errors}>
        <input id="fullName" name="fullName" type="text" required maxLength={200} value={v('fullName')} />
      </Field>
      <Field id="gender" label="Giới tính" errors={errors}>
        <select id="gender" name="gender">
          <option value="">—</option>
          <option value="male" selected={v('gender') === 'male'}>
            Nam
          </option>
          <option value="female" selected={v('gender') === 'female'}>
            Nữ
          </option>
        </select>
      </Field>
      <Field id="birthDate" label="Ngày sinh" errors={errors}>
        <DateInput id="birthDate" name="birthDate" value={v('birthDate')} />
      </Field>
      <ContactInputs v={v} errors={errors} citizenIdLabel="Số CCCD (không bắt buộc)" />
      <RegistryInputs v={v} errors={errors} />
      <Field id="unitId" label="Công đoàn cơ sở" errors={errors}>
        <select id="unitId" name="unitId">
          <UnitOptions units={units} selected={v('unitId')} />
        </select>
      </Field>
      <Field id="joinedOn" label="Ngày kết nạp" errors={errors}>
        <DateInput id="joinedOn" name="joinedOn" required value={v('joinedOn') || today} />
      </Field>
      {matches.length > 0 ? (
        <div class="form-row review-comment">
          <p>Những đoàn viên gần trùng:</p>
          <ul>
            {matches.map((m) => (
              <li key={m.id}>
                <a href={`/quan-tri/doan-vien/${m.id}`} target="_blank" rel="noopener">
                  {m.fullName}
                </a>
                {m.birthYear ? `, sinh năm ${m.birthYear}` : ''}
                {m.unitName ? ` – ${m.unitName}` : ''}
              </li>
            ))}
          </ul>
          <label>
            <input type="checkbox" name="notADuplicate" value="1" /> Tôi đã kiểm tra: đây là một người khác
          </label>
        </div>
      ) : null}
      <div class="actions">
        <button type="submit" class="primary">
          Kết nạp
        </button>
      </div>
    </form>
  );
}
