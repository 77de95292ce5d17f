import { formatIsoDate } from '../../lib/dates.js';
import { formatMoney, formatNumber } from '../../lib/format.js';
import type { PublishedProgramme } from '../report-service.js';

export const PUBLIC_PATH = '/cham-lo';
export const programmePath = (id: number) => `${PUBLIC_PATH}/${id}`;

const period = (p: PublishedProgramme) => `${formatIsoDate(p.programme.starts_on)} – ${formatIsoDate(p.programme.ends_on)}`;

/** One line a reader takes in at a glance; only totals, never a recipient. */
function summary(p: PublishedProgramme): string {
  if (p.cases === 0) return 'Chương trình chưa có khoản thăm hỏi, hỗ trợ nào được chi.';
  return `Đã thăm hỏi, hỗ trợ ${formatNumber(p.people)} đoàn viên, người lao động (${formatNumber(p.cases)} lượt), tổng trị giá ${formatMoney(p.total)}.`;
}

export function PublishedProgrammesPage({ programmes }: { programmes: PublishedProgramme[] }) {
  return (
    <>
      <h1 class="section-heading">Chăm lo đoàn viên, người lao động</h1>
      <p>Kết quả các chương trình thăm hỏi, tặng quà, hỗ trợ đoàn viên và người lao động do công đoàn các cấp tổ chức.</p>
      {programmes.length === 0 ? <p class="empty">Chưa có chương trình nào công bố kết quả.</p> : null}
      <div class="listing">
        {programmes.map((p) => (
          <article class="card" key={p.programme.id}>
            <div class="card-body">
              <h2 class="card-title">
                <a href={programmePath(p.programme.id)}>{p.programme.name}</a>
              </h2>
              <span class="date-line">
                {period(p)} · {p.organiser}
              </span>
              <p class="card-lead">{summary(p)}</p>
            </div>
          </article>
        ))}
      </div>
    </>
  );
}

function Figure({ title, value }: { title: string; value: string }) {
  return (
    <section class="home-section">
      <h2 class="section-title">{title}</h2>
      <p class="lead">{value}</p>
    </section>
  );
}

export function PublishedProgrammePage({ p, asOf }: { p: PublishedProgramme; asOf: string }) {
  return (
    <article class="article">
      <p class="breadcrumb">
        <a href="/">Trang chủ</a> › <a href={PUBLIC_PATH}>Chăm lo đoàn viên, người lao động</a>
      </p>
      <h1>{p.programme.name}</h1>
      <p>
        <strong>Đơn vị tổ chức:</strong> {p.organiser}
        <br />
        <strong>Thời gian:</strong> {period(p)}
      </p>
      <p class="lead">{summary(p)}</p>
      <div class="section-grid">
        <Figure title="Số người được hỗ trợ" value={formatNumber(p.people)} />
        <Figure title="Số lượt" value={formatNumber(p.cases)} />
        <Figure title="Tổng trị giá" value={formatMoney(p.total)} />
        <Figure title="Tiền mặt" value={formatMoney(p.cash)} />
        <Figure title="Hiện vật" value={formatMoney(p.inKind)} />
      </div>
      <p>
        <small>Số liệu các khoản đã chi, cập nhật đến ngày {formatIsoDate(asOf)}. Một người được hỗ trợ nhiều lần chỉ tính một lần.</small>
      </p>
    </article>
  );
}
