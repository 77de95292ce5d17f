import { formatNumber } from '../../lib/format.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import type { ExportFilter, ExportJobView } from '../export-job-service.js';

/** The list's query with the export's filters. */
function listParams(filter: Pick<ExportFilter, 'unitId' | 'q' | 'params'>): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ q: filter.q, don_vi: filter.unitId ? String(filter.unitId) : '', ...filter.params }).filter(([, v]) => v),
  );
}

/** The list's address with the export's filters. */
export function listHref(filter: Pick<ExportFilter, 'unitId' | 'q' | 'params'>): string {
  const query = new URLSearchParams(listParams(filter)).toString();
  return query ? `/quan-tri/doan-vien?${query}` : '/quan-tri/doan-vien';
}

/** The button that starts an export of the list with these filters (a form of its own: it writes a job). */
export function ExportButton({
  csrf,
  filter,
  label,
}: {
  csrf: string;
  filter: Pick<ExportFilter, 'unitId' | 'q' | 'params' | 'sensitive'>;
  label: string;
}) {
  return (
    <form method="post" action="/quan-tri/doan-vien/xuat" class="inline-form">
      <CsrfField token={csrf} />
      {Object.entries(listParams(filter)).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {filter.sensitive ? <input type="hidden" name="nhay_cam" value="1" /> : null}
      <button type="submit" class="secondary">
        {label}
      </button>
    </form>
  );
}

function FilterLine({ filter }: { filter: ExportFilter }) {
  const parts = [filter.unitName ? `đơn vị ${filter.unitName} (gồm cả cấp dưới)` : 'mọi đơn vị trong phạm vi của bạn'];
  if (filter.q) parts.push(`họ tên có “${filter.q}”`);
  const former = (filter.params?.tinh_trang ?? '') !== '' || Boolean(filter.params?.ly_do);
  return (
    <>
      <p class="muted">
        {former ? 'Đoàn viên' : 'Đoàn viên đang sinh hoạt'}: {[...parts, ...(filter.described ?? [])].join('; ')}.
      </p>
      {filter.sensitive ? (
        <p class="muted">
          Tệp gồm dữ liệu cá nhân nhạy cảm (số CCCD, dân tộc, tôn giáo) theo yêu cầu của bạn; việc này đã được ghi nhật ký.
        </p>
      ) : null}
    </>
  );
}

const megabytes = (bytes: number) => `${formatNumber(Math.max(0.1, Math.round(bytes / 100_000) / 10))} MB`;

/** An export's progress; when done, the download. Failures and interruptions are in the page's error line. */
export function ExportProgress({ csrf, job }: { csrf: string; job: ExportJobView }) {
  const total = Math.max(job.total, job.done);
  const pct = total ? Math.floor((job.done / total) * 100) : 100;
  const again = <ExportButton csrf={csrf} filter={job.filter} label="Xuất lại" />;
  return (
    <div class="panel export-progress">
      <FilterLine filter={job.filter} />
      {job.status === 'running' ? (
        <>
          <p role="status">
            Đang xuất {formatNumber(job.done)} / {formatNumber(total)} dòng ({pct}%). Trang tự cập nhật; bạn có thể rời trang này và quay
            lại sau.
          </p>
          <progress max={total || 1} value={job.done}>
            {pct}%
          </progress>
        </>
      ) : job.status === 'done' && job.fileSize !== null ? (
        <>
          <p class="flash flash-ok" role="status">
            Đã xuất xong {formatNumber(job.done)} đoàn viên.
          </p>
          <p class="actions">
            <a class="button" href={`/quan-tri/doan-vien/xuat/${job.id}/tep`} download={job.downloadName}>
              Tải tệp Excel ({megabytes(job.fileSize)})
            </a>
          </p>
          <p class="muted">Tệp chỉ được giữ một ngày, sau đó bị xóa khỏi máy chủ.</p>
        </>
      ) : job.status === 'done' ? (
        <>
          <p>Tệp đã được xóa (tệp xuất chỉ được giữ một ngày).</p>
          <div class="actions">{again}</div>
        </>
      ) : (
        <div class="actions">{again}</div>
      )}
      <p>
        <a href={listHref(job.filter)}>Về danh sách đoàn viên</a>
      </p>
    </div>
  );
}
