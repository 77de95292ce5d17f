import type { Section, Unit } from '../../db/schema.js';
import type { FieldErrors } from '../../web/parse.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import { FieldMessage } from '../../web/views/field.js';

export interface ImportFormProps {
  csrf: string;
  sections: Section[];
  units: Unit[];
  sectionId: string;
  unitId: string;
  errors?: FieldErrors;
}

/** Where a draft goes: its section and the unit it is written for. Shared by the editing and import forms. */
export function SectionUnitFields({
  sections,
  units,
  sectionId,
  unitId,
  errors = {},
}: {
  sections: Section[];
  units: Unit[];
  sectionId: string;
  unitId: string;
  errors?: FieldErrors;
}) {
  return (
    <div class="form-grid">
      <div class="form-row">
        <label for="sectionId">Chuyên mục</label>
        <select id="sectionId" name="sectionId" required>
          <option value="">— Chọn chuyên mục —</option>
          {sections.map((s) => (
            <option key={s.id} value={String(s.id)} selected={String(s.id) === sectionId}>
              {s.name}
            </option>
          ))}
        </select>
        <FieldMessage message={errors.sectionId} />
      </div>
      <div class="form-row">
        <label for="unitId">Đơn vị</label>
        <select id="unitId" name="unitId" required>
          <UnitOptions units={units} selected={unitId} />
        </select>
        <FieldMessage message={errors.unitId} />
      </div>
    </div>
  );
}

/** The CSRF field comes first: the server reads it before the file. */
export function DocxImportForm(props: ImportFormProps) {
  return (
    <form method="post" action="/quan-tri/bai-viet/nhap-docx" enctype="multipart/form-data" class="panel">
      <CsrfField token={props.csrf} />
      <p class="muted">
        Chọn tệp Word (.docx) của bài viết: tiêu đề, sa-pô, các đoạn, ảnh kèm chú thích và dòng tác giả được nhận ra và đưa vào một bản nháp
        mới để bạn kiểm tra, sửa rồi gửi duyệt.
      </p>
      <SectionUnitFields {...props} />
      <div class="form-row">
        <label for="file">Tệp Word (.docx, tối đa 20 MB)</label>
        <input
          id="file"
          name="file"
          type="file"
          required
          accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        />
      </div>
      <div class="actions">
        <button type="submit" class="primary">
          Nhập thành bản nháp
        </button>
      </div>
    </form>
  );
}

export function PasteTextForm(props: ImportFormProps & { text: string }) {
  return (
    <form method="post" action="/quan-tri/bai-viet/dan-van-ban" class="panel">
      <CsrfField token={props.csrf} />
      <p class="muted">
        Dán nội dung bài (chữ thuần): dòng đầu là tiêu đề, tiếp theo là sa-pô và các đoạn; dòng tên ảnh rồi dòng chú thích; cuối bài là dòng
        “Tin & ảnh: …” và đơn vị của tác giả.
      </p>
      <SectionUnitFields {...props} />
      <div class="form-row">
        <label for="text">Nội dung bài</label>
        <textarea id="text" name="text" rows={18} required class="paste-area">
          {props.text}
        </textarea>
        <FieldMessage message={props.errors?.text} />
      </div>
      <div class="actions">
        <button type="submit" class="primary">
          Tạo bản nháp
        </button>
      </div>
    </form>
  );
}
