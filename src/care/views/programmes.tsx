import type { Programme, Unit } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import { formatMoney, formatNumber } from '../../lib/format.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import type { FundWithUnit } from '../../funds/service.js';
import type { FieldErrors } from '../../web/parse.js';
import type { ProgrammeTotals } from '../programme-service.js';
import { STATUS_LABELS, type ProgrammeFormValues } from '../schema.js';
import { Field, FormErrors, MoneyInput, period, UnitSelect } from './fields.js';
import { PROGRAMMES_PATH } from '../paths.js';
import { FieldMessage } from '../../web/views/field.js';
import { DateInput } from '../../web/views/date-input.js';

export const programmePath = (id: number) => `${PROGRAMMES_PATH}/${id}`;

const caseCount = (t: ProgrammeTotals) => Object.values(t.cases).reduce((a, b) => a + b, 0);

export interface ProgrammeRow {
  programme: Programme & { unit_name: string };
  totals: ProgrammeTotals;
}

export function ProgrammeListPage({ rows, canManage }: { rows: ProgrammeRow[]; canManage: boolean }) {
  return (
    <>
      <div class="actions">
        {canManage ? (
          <a class="button" href={`${PROGRAMMES_PATH}/moi`}>
            Tạo chương trình
          </a>
        ) : null}
        <a class="button secondary" href="/quan-tri/cham-lo">
          Hồ sơ hỗ trợ
        </a>
      </div>
      {rows.length === 0 ? (
        <p class="panel">Chưa có chương trình chăm lo nào trong phạm vi của bạn.</p>
      ) : (
        <table class="grid care-table">
          <thead>
            <tr>
              <th>Chương trình</th>
              <th>Thời gian</th>
              <th>Đơn vị tổ chức</th>
              <th class="num">Ngân sách (đồng)</th>
              <th class="num">Đã chi (đồng)</th>
              <th class="num">Còn lại (đồng)</th>
              <th class="num">Số hồ sơ</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ programme: p, totals: t }) => (
              <tr key={p.id}>
                <td>
                  <a href={programmePath(p.id)}>{p.name}</a>
                  {p.publish_totals ? <span class="muted"> · công bố trên cổng</span> : null}
                </td>
                <td>{period(p.starts_on, p.ends_on)}</td>
                <td>{p.unit_name}</td>
                <td class="num">{formatNumber(t.budget)}</td>
                <td class="num">{formatNumber(t.spent)}</td>
                <td class={t.remaining < 0 ? 'num care-negative' : 'num'}>{formatNumber(t.remaining)}</td>
                <td class="num">
                  <a href={`/quan-tri/cham-lo?chuong_trinh=${p.id}`}>{formatNumber(caseCount(t))}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Spent against budget, and the cases by status. */
export function ProgrammeSummary({ totals: t, unitName }: { totals: ProgrammeTotals; unitName: string }) {
  const p = t.programme;
  return (
    <>
      <p>
        {unitName} tổ chức, từ ngày {formatIsoDate(p.starts_on)} đến ngày {formatIsoDate(p.ends_on)}. Mỗi suất mặc định:{' '}
        {formatMoney(p.default_cash)} tiền mặt và hiện vật trị giá {formatMoney(p.default_in_kind)}.
      </p>
      <div class="stat-cards">
        <div class="stat">
          <span class="stat-value">{formatNumber(t.budget)}</span>
          <span class="stat-label">ngân sách (đồng)</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatNumber(t.spent)}</span>
          <span class="stat-label">đã chi (đồng), gồm {formatNumber(t.paidInKind)} hiện vật</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatNumber(t.remaining)}</span>
          <span class="stat-label">còn lại (đồng)</span>
        </div>
        <div class="stat">
          <span class="stat-value">{formatNumber(caseCount(t))}</span>
          <span class="stat-label">
            hồ sơ · <a href={`/quan-tri/cham-lo?chuong_trinh=${p.id}`}>xem danh sách</a>
          </span>
        </div>
      </div>
      <p class="muted">
        {Object.entries(t.cases)
          .map(([s, n]) => `${STATUS_LABELS[s as keyof typeof STATUS_LABELS]}: ${formatNumber(n)}`)
          .join(' · ')}
        . Đã duyệt trở lên: {formatMoney(t.committed)}.
      </p>
    </>
  );
}

const FIELDS_SHOWN = ['unitId', 'name', 'startsOn', 'endsOn', 'budget', 'defaultCash', 'defaultInKind', 'fundIds'] as const;

export interface ProgrammeFormProps {
  csrf: string;
  action: string;
  submitLabel: string;
  values: ProgrammeFormValues;
  errors: FieldErrors;
  units: Unit[];
  funds: FundWithUnit[];
}

export function ProgrammeForm({ csrf, action, submitLabel, values: v, errors, units, funds }: ProgrammeFormProps) {
  return (
    <form method="post" action={action} class="panel care-form" novalidate>
      <CsrfField token={csrf} />
      <FormErrors errors={errors} shown={FIELDS_SHOWN} />
      <Field id="name" label="Tên chương trình" errors={errors}>
        <input id="name" name="name" type="text" required maxLength={200} value={v.name} placeholder="Ví dụ: Tết Sum vầy 2026" />
      </Field>
      <div class="form-grid">
        <UnitSelect id="unitId" label="Đơn vị tổ chức" units={units} value={v.unitId} errors={errors} />
        <Field id="startsOn" label="Từ ngày" errors={errors}>
          <DateInput id="startsOn" name="startsOn" required value={v.startsOn} />
        </Field>
        <Field id="endsOn" label="Đến ngày" errors={errors}>
          <DateInput id="endsOn" name="endsOn" required value={v.endsOn} />
        </Field>
      </div>
      <div class="form-grid">
        <Field id="budget" label="Ngân sách (đồng)" errors={errors}>
          <MoneyInput id="budget" value={v.budget} required errors={errors} />
        </Field>
        <Field id="defaultCash" label="Mỗi suất: tiền mặt (đồng)" errors={errors}>
          <MoneyInput id="defaultCash" value={v.defaultCash} errors={errors} />
        </Field>
        <Field id="defaultInKind" label="Mỗi suất: hiện vật quy ra tiền (đồng)" errors={errors}>
          <MoneyInput id="defaultInKind" value={v.defaultInKind} errors={errors} />
        </Field>
      </div>
      <fieldset class={errors.fundIds ? 'care-fieldset has-error' : 'care-fieldset'}>
        <legend>Nguồn chi: quỹ của đơn vị tổ chức và đơn vị trực thuộc</legend>
        {funds.length === 0 ? (
          <p class="muted">Chưa có quỹ nào để chọn.</p>
        ) : (
          <ul class="plain">
            {funds.map((f) => (
              <li key={f.id}>
                <label>
                  <input type="checkbox" name="fundIds" value={String(f.id)} checked={v.fundIds.includes(String(f.id))} /> {f.name}{' '}
                  <span class="muted">({f.unit_name})</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        <FieldMessage message={errors.fundIds} />
      </fieldset>
      <p>
        <label>
          <input type="checkbox" name="publishTotals" value="1" checked={v.publishTotals} /> Công bố tổng số trên cổng thông tin (số người,
          số tiền; không công bố tên)
        </label>
      </p>
      <div class="actions">
        <button type="submit" class="primary">
          {submitLabel}
        </button>
        <a class="button secondary" href={PROGRAMMES_PATH}>
          Về danh sách
        </a>
      </div>
    </form>
  );
}

export interface ProgrammePageProps {
  csrf: string;
  programme: Programme;
  totals: ProgrammeTotals;
  unitName: string;
  /** For a manager of the programme: the edit form's choices. */
  choices: { units: Unit[]; funds: FundWithUnit[] } | null;
  /** For anyone else: the funds it draws on. */
  fundNames: FundWithUnit[];
  values: ProgrammeFormValues;
  errors: FieldErrors;
}

/** A programme's totals and, for its managers, the form that edits it. */
export function ProgrammePage({ csrf, programme, totals, unitName, choices, fundNames, values, errors }: ProgrammePageProps) {
  return (
    <>
      <ProgrammeSummary totals={totals} unitName={unitName} />
      <p class="programme-papers">
        <a href={`${programmePath(programme.id)}/danh-sach-ky-nhan`}>Danh sách ký nhận (in)</a> ·{' '}
        <a href={`${programmePath(programme.id)}/danh-sach-ky-nhan.docx`}>Tải danh sách ký nhận (.docx)</a>
      </p>
      {choices ? (
        <>
          <h2>Sửa chương trình</h2>
          <ProgrammeForm
            csrf={csrf}
            action={programmePath(programme.id)}
            submitLabel="Lưu thay đổi"
            values={values}
            errors={errors}
            units={choices.units}
            funds={choices.funds}
          />
        </>
      ) : (
        <p>Nguồn chi: {fundNames.length ? fundNames.map((f) => `${f.name} (${f.unit_name})`).join(', ') : 'chưa chọn quỹ'}.</p>
      )}
      <p>
        <a href={PROGRAMMES_PATH}>« Danh sách chương trình</a>
      </p>
    </>
  );
}
