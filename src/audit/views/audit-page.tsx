import { formatDateLine, formatNumber } from '../../lib/format.js';
import { Pager } from '../../web/views/components.js';
import { UnitOptions } from '../../web/views/unit-options.js';
import { AUDIT_ACTION_GROUPS, type AuditQuery } from '../schema.js';
import type { AuditLine, AuditPage, EntityRef } from '../service.js';
import { DateInput } from '../../web/views/date-input.js';
import { ScrollTable } from '../../web/views/table.js';

const AUDIT_PATH = '/quan-tri/nhat-ky';

/** The link to a page of the log with the same filters. */
function pageHref(query: AuditQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.don_vi !== null) params.set('don_vi', String(query.don_vi));
  if (query.nguoi) params.set('nguoi', query.nguoi);
  if (query.tu) params.set('tu', query.tu);
  if (query.den) params.set('den', query.den);
  if (query.thao_tac) params.set('thao_tac', query.thao_tac);
  if (query.an_dang_nhap) params.set('an_dang_nhap', '1');
  if (page > 1) params.set('trang', String(page));
  return `${AUDIT_PATH}?${params.toString()}`;
}

function AuditFilterForm({ units, query }: Pick<AuditPage, 'units' | 'query'>) {
  return (
    <form method="get" action={AUDIT_PATH} class="panel form-grid">
      <div class="form-row">
        <label for="don_vi">Đơn vị (gồm cả cấp dưới)</label>
        <select id="don_vi" name="don_vi">
          <option value="">Tất cả trong phạm vi</option>
          <UnitOptions units={units} selected={query.don_vi} />
        </select>
      </div>
      <div class="form-row">
        <label for="nguoi">Tên đăng nhập</label>
        <input id="nguoi" name="nguoi" type="text" value={query.nguoi ?? ''} />
      </div>
      <div class="form-row">
        <label for="tu">Từ ngày</label>
        <DateInput id="tu" name="tu" value={query.tu ?? ''} />
      </div>
      <div class="form-row">
        <label for="den">Đến ngày</label>
        <DateInput id="den" name="den" value={query.den ?? ''} />
      </div>
      <div class="form-row">
        <label for="thao_tac">Thao tác</label>
        <select id="thao_tac" name="thao_tac">
          <option value="">Mọi thao tác</option>
          {AUDIT_ACTION_GROUPS.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.actions.map((a) => (
                <option key={a.action} value={a.action} selected={a.action === query.thao_tac}>
                  {a.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div class="form-row">
        <label>
          <input name="an_dang_nhap" type="checkbox" value="1" checked={query.an_dang_nhap} /> Ẩn đăng nhập
        </label>
      </div>
      <div class="actions">
        <button type="submit" class="primary">
          Lọc
        </button>
      </div>
    </form>
  );
}

/** What an event names: by name with a link when the viewer may open it, otherwise its kind and number. */
function EntityCell({ entity }: { entity: EntityRef }) {
  if (entity.name === null || entity.href === null) return <>{`${entity.kind} #${entity.number}`}</>;
  return (
    <>
      <span class="muted">{entity.kind}:</span> <a href={entity.href}>{entity.name}</a>
    </>
  );
}

function ChangeCell({ line }: { line: AuditLine }) {
  if (!line.before && !line.after) return <>—</>;
  return (
    <details>
      <summary>Xem</summary>
      {line.before ? (
        <>
          <p class="muted">Trước:</p>
          <pre class="json">{line.before.slice(0, 4000)}</pre>
        </>
      ) : null}
      {line.after ? (
        <>
          <p class="muted">Sau:</p>
          <pre class="json">{line.after.slice(0, 4000)}</pre>
        </>
      ) : null}
    </details>
  );
}

export function AuditPageView({ data }: { data: AuditPage }) {
  return (
    <>
      <AuditFilterForm units={data.units} query={data.query} />
      <p class="muted">{formatNumber(data.total)} sự kiện.</p>
      <ScrollTable label="Nhật ký thay đổi">
        <table class="grid audit-table">
          <thead>
            <tr>
              <th>Thời gian</th>
              <th>Người thực hiện</th>
              <th>Thao tác</th>
              <th>Đối tượng</th>
              <th>Đơn vị</th>
              <th>Thay đổi</th>
            </tr>
          </thead>
          <tbody>
            {data.lines.map((e) => (
              <tr key={e.id}>
                <td>{formatDateLine(new Date(e.at))}</td>
                <td>{e.actor}</td>
                <td>{e.actionLabel}</td>
                <td>
                  <EntityCell entity={e.entity} />
                </td>
                <td>{e.unitName ?? '—'}</td>
                <td>
                  <ChangeCell line={e} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <Pager page={data.page} pages={data.pages} href={(n) => pageHref(data.query, n)} />
    </>
  );
}
