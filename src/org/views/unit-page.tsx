import type { UnitEvent } from '../../db/schema.js';
import { addDays, EARLIEST, formatIsoDate } from '../../lib/dates.js';
import { formatNumber } from '../../lib/format.js';
import { UNIT_EVENT_LABELS, UNIT_LEVEL_LABELS, UNIT_TYPE_LABELS } from '../schema.js';
import { unitsNamedBy, type UnitPageData } from '../service.js';
import { ChangeForm, DissolveForm, formView, FoundForm, MergeForm, MoveForm, SplitForm, type RefusedForm } from './unit-forms.js';

/** Another unit, by name: a link when the user may open it. */
function UnitName({ id, data }: { id: number; data: UnitPageData }) {
  const n = data.names.get(id);
  if (!n) return <>đơn vị số {id}</>;
  return n.link ? <a href={`/quan-tri/don-vi/${id}`}>{n.name}</a> : <>{n.name}</>;
}

function UnitNames({ ids, data }: { ids: number[]; data: UnitPageData }) {
  return (
    <>
      {ids.map((id, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <UnitName id={id} data={data} />
        </>
      ))}
    </>
  );
}

function Facts({ data }: { data: UnitPageData }) {
  const { version, date } = data;
  if (!version) return <p>Đơn vị không hoạt động vào ngày {formatIsoDate(date)}.</p>;
  return (
    <dl class="facts">
      <dt>Tại ngày</dt>
      <dd>{formatIsoDate(date)}</dd>
      <dt>Tên viết tắt</dt>
      <dd>{version.short_name}</dd>
      <dt>Tên đầy đủ</dt>
      <dd>{version.full_name}</dd>
      <dt>Cấp</dt>
      <dd>{UNIT_LEVEL_LABELS[version.level]}</dd>
      <dt>Trực thuộc</dt>
      <dd>{version.parent_id === null ? '—' : <UnitName id={Number(version.parent_id)} data={data} />}</dd>
      <dt>Loại hình</dt>
      <dd>{version.unit_type ? UNIT_TYPE_LABELS[version.unit_type] : '—'}</dd>
      <dt>Địa chỉ</dt>
      <dd>{version.address ?? '—'}</dd>
      <dt>Ban Nữ công</dt>
      <dd>{version.has_womens_committee ? 'Có' : 'Không'}</dd>
      <dt>Đoàn viên</dt>
      <dd>{formatNumber(data.members)}</dd>
      <dt>Đơn vị trực thuộc</dt>
      <dd>
        {data.children.length}
        {data.children.length ? (
          <ul class="plain unit-children">
            {data.children.map((c) => (
              <li key={c.unit_id}>
                <a href={`/quan-tri/don-vi/${c.unit_id}?ngay=${date}`}>{c.short_name}</a>
              </li>
            ))}
          </ul>
        ) : null}
      </dd>
    </dl>
  );
}

/** What an event did, naming the other units it involves. */
function EventText({ e, data }: { e: UnitEvent; data: UnitPageData }) {
  const mine = Number(e.unit_id) === data.unit.id;
  const d = unitsNamedBy(e);
  const other = <UnitName id={Number(e.unit_id)} data={data} />;
  const to = d.to === undefined ? null : <UnitName id={d.to} data={data} />;
  const from = d.from === undefined ? null : <UnitName id={d.from} data={data} />;
  switch (e.kind) {
    case 'found':
      return d.parent === undefined ? (
        <>Thành lập</>
      ) : (
        <>
          Thành lập, trực thuộc <UnitName id={d.parent} data={data} />
        </>
      );
    case 'update':
      return <>Thay đổi thông tin</>;
    case 'move':
      return mine ? (
        <>
          Chuyển {from ? <>từ {from} </> : null}về trực thuộc {to}
        </>
      ) : (
        <>{other} chuyển về trực thuộc đơn vị này</>
      );
    case 'merge':
    case 'split': {
      const why = e.kind === 'merge' ? 'sáp nhập' : 'chia tách';
      if (d.to !== undefined)
        return mine ? (
          <>
            Chuyển về trực thuộc {to} do {why} {from}
          </>
        ) : (
          <>
            {other} chuyển về trực thuộc đơn vị này do {why}
          </>
        );
      if (e.kind === 'split')
        return mine ? (
          <>
            Tách ra <UnitNames ids={d.into} data={data} />
          </>
        ) : (
          <>Thành lập do chia tách {other}</>
        );
      return mine ? (
        <>Sáp nhập vào {e.other_unit_id === null ? '—' : <UnitName id={Number(e.other_unit_id)} data={data} />}</>
      ) : (
        <>{other} sáp nhập vào đơn vị này</>
      );
    }
    case 'dissolve':
      return <>Giải thể</>;
    default:
      return <>{UNIT_EVENT_LABELS[e.kind as UnitEvent['kind']] ?? e.kind}</>;
  }
}

function History({ data }: { data: UnitPageData }) {
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
              <EventText e={e} data={data} />
            </td>
            <td>{e.note ?? ''}</td>
            <td>{e.actor_label}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Đơn vị đã sáp nhập vào … ngày …" / "Đã giải thể ngày …", and which day the page shows. */
function EndingBanner({ data }: { data: UnitPageData }) {
  const end = data.ending;
  if (!end) return null;
  const day = formatIsoDate(end.on);
  const text =
    end.kind === 'merge' ? (
      <>
        Đơn vị {end.future ? 'sẽ sáp nhập' : 'đã sáp nhập'} vào <UnitNames ids={end.into} data={data} /> {end.future ? 'từ ' : ''}ngày {day}
        .
      </>
    ) : end.kind === 'split' ? (
      <>
        Đơn vị {end.future ? 'sẽ chia tách' : 'đã chia tách'} thành <UnitNames ids={end.into} data={data} /> {end.future ? 'từ ' : ''}ngày{' '}
        {day}.
      </>
    ) : (
      <>
        {end.future ? `Sẽ giải thể từ ngày ${day}` : `Đã giải thể ngày ${day}`}
        {end.note ? ` (${end.note})` : ''}.
      </>
    );
  const lastDay = addDays(end.on, -1);
  return (
    <div class="panel unit-ended" role="status">
      <p>
        <strong>{text}</strong>
      </p>
      {!end.future && data.date === lastDay ? (
        <p class="muted">Trang hiển thị đơn vị như tại ngày {formatIsoDate(lastDay)}, ngày cuối cùng còn hoạt động.</p>
      ) : null}
    </div>
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
      <EndingBanner data={data} />
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
