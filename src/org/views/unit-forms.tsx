import type { ComponentChildren } from 'preact';
import type { Unit, UnitVersion } from '../../db/schema.js';
import type { FormState } from '../../web/form-route.js';
import { fieldValue, type FieldErrors, type FormBody } from '../../web/parse.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import { UNIT_LEVEL_LABELS, UNIT_LEVELS, UNIT_TYPE_LABELS, UNIT_TYPES } from '../schema.js';
import { FormField } from '../../web/views/field.js';
import { DateInput } from '../../web/views/date-input.js';

/** The forms of a unit page, each named by the last part of the address it posts to. */
export type UnitFormName = 'doi' | 'chuyen' | 'sap-nhap' | 'chia-tach' | 'giai-the' | 'thanh-lap';

/** A form that was sent and refused: shown again with what was typed and its problems. */
export interface RefusedForm {
  name: UnitFormName;
  state: FormState;
}

/** What one form shows: what was typed when it was the one refused, its starting values otherwise. */
export interface FormView {
  value: (field: string) => string;
  errors: FieldErrors;
}

export function formView(refused: RefusedForm | null, name: UnitFormName, start: FormBody): FormView {
  const values = refused?.name === name ? refused.state.values : start;
  return { value: (field) => fieldValue(values, field), errors: refused?.name === name ? refused.state.errors : {} };
}

/** A form row with its label, and its problem right under the input. */
function Row({
  id,
  field,
  label,
  form,
  children,
}: {
  id: string;
  field: string;
  label: string;
  form: FormView;
  children: ComponentChildren;
}) {
  return (
    <FormField id={id} label={label} error={form.errors[field]}>
      {children}
    </FormField>
  );
}

function DateRow({ id, label = 'Có hiệu lực từ', form }: { id: string; label?: string; form: FormView }) {
  return (
    <Row id={id} field="on" label={label} form={form}>
      <DateInput id={id} name="on" required value={form.value('on')} invalid={!!form.errors.on} />
    </Row>
  );
}

function TypeOptions({ selected }: { selected: string }) {
  return (
    <>
      <option value="">—</option>
      {UNIT_TYPES.map((t) => (
        <option key={t} value={t} selected={selected === t}>
          {UNIT_TYPE_LABELS[t]}
        </option>
      ))}
    </>
  );
}

export function ChangeForm({ unitId, csrf, form }: { unitId: number; csrf: string; form: FormView }) {
  return (
    <form method="post" action={`/quan-tri/don-vi/${unitId}/doi`} class="panel">
      <h3>Đổi tên, thông tin</h3>
      <CsrfField token={csrf} />
      <Row id="shortName" field="shortName" label="Tên viết tắt" form={form}>
        <input id="shortName" name="shortName" type="text" value={form.value('shortName')} maxLength={200} />
      </Row>
      <Row id="fullName" field="fullName" label="Tên đầy đủ" form={form}>
        <input id="fullName" name="fullName" type="text" value={form.value('fullName')} maxLength={400} />
      </Row>
      <Row id="unitType" field="unitType" label="Loại hình" form={form}>
        <select id="unitType" name="unitType">
          <TypeOptions selected={form.value('unitType')} />
        </select>
      </Row>
      <Row id="address" field="address" label="Địa chỉ" form={form}>
        <input id="address" name="address" type="text" value={form.value('address')} maxLength={400} />
      </Row>
      <div class="form-row">
        <label>
          <input type="checkbox" name="womens" value="1" checked={form.value('womens') === '1'} /> Có Ban Nữ công
        </label>
      </div>
      <DateRow id="on-u" form={form} />
      <button type="submit" class="primary">
        Lưu thay đổi
      </button>
    </form>
  );
}

export function MoveForm({ unitId, csrf, form, choices }: { unitId: number; csrf: string; form: FormView; choices: Unit[] }) {
  return (
    <form method="post" action={`/quan-tri/don-vi/${unitId}/chuyen`} class="panel">
      <h3>Chuyển về trực thuộc</h3>
      <CsrfField token={csrf} />
      <Row id="parentId" field="parentId" label="Đơn vị cấp trên mới" form={form}>
        <select id="parentId" name="parentId">
          <UnitOptions units={choices} selected={form.value('parentId')} />
        </select>
      </Row>
      <DateRow id="on-m" form={form} />
      <button type="submit" class="primary">
        Chuyển
      </button>
    </form>
  );
}

export function MergeForm({ unitId, csrf, form, choices }: { unitId: number; csrf: string; form: FormView; choices: Unit[] }) {
  return (
    <form method="post" action={`/quan-tri/don-vi/${unitId}/sap-nhap`} class="panel">
      <h3>Sáp nhập đơn vị này vào</h3>
      <CsrfField token={csrf} />
      <Row id="survivorId" field="survivorId" label="Đơn vị tiếp nhận" form={form}>
        <select id="survivorId" name="survivorId">
          <UnitOptions units={choices} selected={form.value('survivorId')} />
        </select>
      </Row>
      <DateRow id="on-g" form={form} />
      <p class="muted">
        Đơn vị trực thuộc, đoàn viên, tin bài, quỹ và hồ sơ chăm lo đang mở chuyển sang đơn vị tiếp nhận. Trang sau cho biết số liệu để xác
        nhận trước khi ghi.
      </p>
      <button type="submit" class="danger">
        Sáp nhập
      </button>
    </form>
  );
}

export function SplitForm({ unitId, csrf, form, subunits }: { unitId: number; csrf: string; form: FormView; subunits: UnitVersion[] }) {
  return (
    <form method="post" action={`/quan-tri/don-vi/${unitId}/chia-tach`} class="panel">
      <h3>Chia tách</h3>
      <CsrfField token={csrf} />
      <Row id="parts" field="parts" label="Tên các đơn vị mới (mỗi dòng một tên)" form={form}>
        <textarea id="parts" name="parts" required>
          {form.value('parts')}
        </textarea>
      </Row>
      {subunits.length ? <p class="muted">Các đơn vị trực thuộc về đơn vị mới số:</p> : null}
      {subunits.map((c) => (
        <div class="form-row" key={c.unit_id}>
          <label for={`child-${c.unit_id}`}>{c.short_name}</label>
          <input
            id={`child-${c.unit_id}`}
            name={`child_${c.unit_id}`}
            type="number"
            min={1}
            max={20}
            value={form.value(`child_${c.unit_id}`) || '1'}
          />
        </div>
      ))}
      <div class="form-row">
        <label>
          <input type="checkbox" name="keep" value="1" checked={form.value('keep') === '1'} /> Giữ lại đơn vị cũ
        </label>
      </div>
      <DateRow id="on-s" form={form} />
      <button type="submit" class="danger">
        Chia tách
      </button>
    </form>
  );
}

export function DissolveForm({ unitId, csrf, form }: { unitId: number; csrf: string; form: FormView }) {
  return (
    <form method="post" action={`/quan-tri/don-vi/${unitId}/giai-the`} class="panel">
      <h3>Giải thể</h3>
      <CsrfField token={csrf} />
      <Row id="note" field="note" label="Ghi chú (số quyết định…)" form={form}>
        <input id="note" name="note" type="text" maxLength={500} value={form.value('note')} />
      </Row>
      <DateRow id="on-d" form={form} />
      <button type="submit" class="danger">
        Giải thể
      </button>
    </form>
  );
}

export function FoundForm({ parentId, csrf, form }: { parentId: number; csrf: string; form: FormView }) {
  return (
    <form method="post" action="/quan-tri/don-vi" class="panel">
      <h3>Thành lập đơn vị trực thuộc</h3>
      <CsrfField token={csrf} />
      <input type="hidden" name="parentId" value={parentId} />
      <Row id="n-short" field="shortName" label="Tên viết tắt" form={form}>
        <input id="n-short" name="shortName" type="text" required maxLength={200} value={form.value('shortName')} />
      </Row>
      <Row id="n-full" field="fullName" label="Tên đầy đủ" form={form}>
        <input id="n-full" name="fullName" type="text" required maxLength={400} value={form.value('fullName')} />
      </Row>
      <Row id="n-level" field="level" label="Cấp" form={form}>
        <select id="n-level" name="level">
          {UNIT_LEVELS.map((l) => (
            <option key={l} value={l} selected={l === form.value('level')}>
              {UNIT_LEVEL_LABELS[l]}
            </option>
          ))}
        </select>
      </Row>
      <Row id="n-type" field="unitType" label="Loại hình" form={form}>
        <select id="n-type" name="unitType">
          <TypeOptions selected={form.value('unitType')} />
        </select>
      </Row>
      <DateRow id="n-on" label="Ngày thành lập" form={form} />
      <button type="submit" class="primary">
        Thành lập
      </button>
    </form>
  );
}
