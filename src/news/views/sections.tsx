import type { Unit } from '../../db/schema.js';
import { formatNumber } from '../../lib/format.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { sectionPath } from '../../web/views/layout.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import { MAX_SECTION_NAME_CHARS, MAX_SORT_ORDER } from '../schema.js';
import type { ManagedSection } from '../section-service.js';

export const SECTIONS_PATH = '/quan-tri/chuyen-muc';

/** A refused form: which one, what was typed in it, and why. */
export interface Refused {
  form: string;
  values: Record<string, string>;
  message: string;
}

export interface SectionsPageProps {
  csrf: string;
  sections: ManagedSection[];
  /** Active units in the user's scope, for the unit pickers. */
  units: Unit[];
  /** The user may manage sections of the whole portal (ones without a unit). */
  general: boolean;
  refused: Refused | null;
}

const GENERAL_LABEL = 'Chung (không thuộc đơn vị nào)';

export function SectionsPage({ csrf, sections, units, general, refused }: SectionsPageProps) {
  const typed = (form: string, field: string, fallback: string) =>
    refused?.form === form ? (refused.values[field] ?? fallback) : fallback;
  const manageable = sections.filter((s) => s.manageable);
  const unitPicker = (form: string, id: string) => (
    <select id={id} name="unitId">
      {general ? (
        <option value="" selected={typed(form, 'unitId', '') === ''}>
          {GENERAL_LABEL}
        </option>
      ) : null}
      <UnitOptions units={units} selected={typed(form, 'unitId', '')} />
    </select>
  );
  return (
    <>
      <p class="muted">
        Các chuyên mục hiện trên thanh chuyên mục của cổng thông tin theo thứ tự dưới đây: số nhỏ đứng trước, số bằng nhau theo thứ tự tạo.
        Đổi tên không đổi đường dẫn, nên các liên kết cũ vẫn dùng được.
      </p>
      <div class="sections-scroll">
        <table class="grid sections-table">
          <thead>
            <tr>
              <th>Thứ tự</th>
              <th>Tên chuyên mục</th>
              <th>Đơn vị</th>
              <th>Đường dẫn</th>
              <th class="sections-num">Bài đã đăng</th>
            </tr>
          </thead>
          <tbody>
            {sections.length === 0 ? (
              <tr>
                <td colSpan={5}>Chưa có chuyên mục nào.</td>
              </tr>
            ) : null}
            {sections.map((s) => {
              const refusedHere = refused?.form === `name-${s.id}` || refused?.form === `order-${s.id}`;
              return (
                <tr key={s.id} id={`chuyen-muc-${s.id}`} class={refusedHere ? 'sections-refused' : undefined}>
                  <td>
                    {s.manageable ? (
                      <form method="post" action={`${SECTIONS_PATH}/${s.id}/thu-tu`} class="sections-inline">
                        <CsrfField token={csrf} />
                        <input
                          type="number"
                          name="sortOrder"
                          class="sections-order"
                          min={0}
                          max={MAX_SORT_ORDER}
                          step={1}
                          required
                          value={typed(`order-${s.id}`, 'sortOrder', String(s.sort_order))}
                          aria-label={`Thứ tự của chuyên mục ${s.name}`}
                          aria-invalid={refused?.form === `order-${s.id}` ? 'true' : undefined}
                        />
                        <button type="submit" class="secondary">
                          Lưu
                        </button>
                      </form>
                    ) : (
                      formatNumber(s.sort_order)
                    )}
                  </td>
                  <td>
                    {s.manageable ? (
                      <form method="post" action={`${SECTIONS_PATH}/${s.id}/ten`} class="sections-inline">
                        <CsrfField token={csrf} />
                        <input
                          type="text"
                          name="name"
                          class="sections-name"
                          required
                          maxLength={MAX_SECTION_NAME_CHARS}
                          value={typed(`name-${s.id}`, 'name', s.name)}
                          aria-label={`Tên mới của chuyên mục ${s.name}`}
                          aria-invalid={refused?.form === `name-${s.id}` ? 'true' : undefined}
                        />
                        <button type="submit" class="secondary">
                          Đổi tên
                        </button>
                      </form>
                    ) : (
                      s.name
                    )}
                  </td>
                  <td>{s.unit_name ?? <span class="muted">Chung</span>}</td>
                  <td>
                    <a href={sectionPath(s.slug)} target="_blank" rel="noopener">
                      {sectionPath(s.slug)}
                    </a>
                  </td>
                  <td class="sections-num">{formatNumber(s.article_count)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div class="sections-forms">
        <form method="post" action={SECTIONS_PATH} class={`panel${refused?.form === 'create' ? ' sections-refused' : ''}`}>
          <h2>Thêm chuyên mục</h2>
          <CsrfField token={csrf} />
          <div class="form-row">
            <label for="new-name">Tên chuyên mục</label>
            <input id="new-name" name="name" type="text" required maxLength={MAX_SECTION_NAME_CHARS} value={typed('create', 'name', '')} />
          </div>
          <div class="form-row">
            <label for="new-unit">Đơn vị</label>
            {unitPicker('create', 'new-unit')}
          </div>
          <div class="form-row">
            <label for="new-order">Thứ tự (để trống: xếp cuối)</label>
            <input
              id="new-order"
              name="sortOrder"
              type="number"
              class="sections-order"
              min={0}
              max={MAX_SORT_ORDER}
              step={1}
              value={typed('create', 'sortOrder', '')}
            />
          </div>
          <button type="submit" class="primary">
            Thêm chuyên mục
          </button>
        </form>

        {manageable.length > 0 ? (
          <form method="post" action={`${SECTIONS_PATH}/don-vi`} class={`panel${refused?.form === 'unit' ? ' sections-refused' : ''}`}>
            <h2>Đổi đơn vị của chuyên mục</h2>
            <CsrfField token={csrf} />
            <p class="muted">
              Chuyên mục của một đơn vị do biên tập viên của đơn vị đó và của cấp trên quản lý. Mỗi đơn vị có nhiều nhất một chuyên mục
              riêng.
            </p>
            <div class="form-row">
              <label for="unit-section">Chuyên mục</label>
              <select id="unit-section" name="sectionId">
                <option value="">— Chọn chuyên mục —</option>
                {manageable.map((s) => (
                  <option key={s.id} value={String(s.id)} selected={typed('unit', 'sectionId', '') === String(s.id)}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="form-row">
              <label for="unit-unit">Thuộc đơn vị</label>
              {unitPicker('unit', 'unit-unit')}
            </div>
            <button type="submit" class="primary">
              Lưu đơn vị
            </button>
          </form>
        ) : null}
      </div>
    </>
  );
}
