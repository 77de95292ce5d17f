import { EARLIEST, formatIsoDate } from '../../lib/dates.js';
import { UNIT_EVENT_LABELS, UNIT_LEVEL_LABELS, UNIT_TYPE_LABELS } from '../schema.js';
import type { UnitPageData } from '../service.js';
import { ChangeForm, DissolveForm, formView, FoundForm, MergeForm, MoveForm, SplitForm, type RefusedForm } from './unit-forms.js';

function Facts({ data }: { data: UnitPageData }) {
  const { version, date } = data;
  if (!version) return <p>Đơn vị không hoạt động vào ngày {formatIsoDate(date)}.</p>;
  return (
    <dl class="facts">
      <dt>Tại ngày</dt>
      <dd>{formatIsoDate(date)}</dd>
      <dt>Tên viết tắt</dt>
      <dd>{version.short_name}</dd>
      <dt>Cấp</dt>
      <dd>{UNIT_LEVEL_LABELS[version.level]}</dd>
      <dt>Loại hình</dt>
      <dd>{version.unit_type ? UNIT_TYPE_LABELS[version.unit_type] : '—'}</dd>
      <dt>Địa chỉ</dt>
      <dd>{version.address ?? '—'}</dd>
      <dt>Ban Nữ công</dt>
      <dd>{version.has_womens_committee ? 'Có' : 'Không'}</dd>
      <dt>Đơn vị trực thuộc</dt>
      <dd>{data.children.length}</dd>
    </dl>
  );
}

function History({ data }: { data: UnitPageData }) {
  const unitId = data.unit.id;
  return (
    <table class="grid">
      <thead>
        <tr>
          <th>Ngày hiệu lực</th>
          <th>Sự kiện</th>
          <th>Ghi chú</th>
          <th>Người ghi</th>
        </tr>
      </thead>
      <tbody>
        {data.events.map((e) => (
          <tr key={e.id}>
            <td>{e.effective_on === EARLIEST ? 'Trước khi có dữ liệu' : formatIsoDate(e.effective_on)}</td>
            <td>
              {UNIT_EVENT_LABELS[e.kind] ?? e.kind}
              {e.other_unit_id && e.unit_id === unitId && e.kind === 'merge' ? ` vào đơn vị số ${e.other_unit_id}` : ''}
              {e.unit_id !== unitId ? ` (đơn vị số ${e.unit_id})` : ''}
            </td>
            <td>{e.note ?? ''}</td>
            <td>{e.actor_label}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The forms that record a change of the unit, each filled with its starting values or, when refused, with what was typed. */
function ChangeForms({ data, csrf, refused }: { data: UnitPageData; csrf: string; refused: RefusedForm | null }) {
  const { unit, today, choices } = data;
  const on = { on: today };
  return (
    <>
      <h2>Ghi nhận thay đổi</h2>
      <div class="form-grid">
        <ChangeForm
          unitId={unit.id}
          csrf={csrf}
          form={formView(refused, 'doi', {
            ...on,
            shortName: unit.short_name,
            fullName: unit.full_name,
            unitType: unit.unit_type ?? '',
            address: unit.address ?? '',
            womens: unit.has_womens_committee === 1 ? '1' : '',
          })}
        />
        <MoveForm unitId={unit.id} csrf={csrf} choices={choices} form={formView(refused, 'chuyen', on)} />
        <MergeForm unitId={unit.id} csrf={csrf} choices={choices} form={formView(refused, 'sap-nhap', on)} />
        <SplitForm unitId={unit.id} csrf={csrf} subunits={data.children} form={formView(refused, 'chia-tach', on)} />
        <DissolveForm unitId={unit.id} csrf={csrf} form={formView(refused, 'giai-the', on)} />
        <FoundForm parentId={unit.id} csrf={csrf} form={formView(refused, 'thanh-lap', { ...on, level: 'grassroots' })} />
      </div>
    </>
  );
}

/** A unit as it stood on a day, its history, and (for those who may manage it) the forms that change it. */
export function UnitPage({ data, csrf, refused }: { data: UnitPageData; csrf: string; refused: RefusedForm | null }) {
  const { unit, date } = data;
  return (
    <>
      <p>
        <a href={`/quan-tri/don-vi?ngay=${date}`}>« Hệ thống tổ chức</a> ·{' '}
        <a href={`/quan-tri/thong-ke?don_vi=${unit.id}&ngay=${date}`}>Số liệu</a>
      </p>
      <div class="panel">
        <Facts data={data} />
      </div>
      <h2>Lịch sử</h2>
      <History data={data} />
      <p class="muted">{data.versionCount} phiên bản thông tin đơn vị.</p>
      {data.mayChange ? <ChangeForms data={data} csrf={csrf} refused={refused} /> : null}
    </>
  );
}
