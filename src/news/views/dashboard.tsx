import type { ArticleStatus } from '../../db/schema.js';
import { formatNumber } from '../../lib/format.js';
import { articleEditPath, ReviewComment, StatusBadge, When } from './components.js';

export interface OwnArticle {
  id: number;
  headline: string;
  status: ArticleStatus;
  updated_at: number | string;
  review_comment: string | null;
  section_name: string;
  unit_name: string | null;
}

export interface DashboardProps {
  ownWork: OwnArticle[];
  queueCount: number | null;
  canWrite: boolean;
  canRead: boolean;
}

export function DashboardPage({ ownWork, queueCount, canWrite, canRead }: DashboardProps) {
  const returned = ownWork.filter((a) => a.status === 'returned');
  const drafts = ownWork.filter((a) => a.status === 'draft');
  return (
    <>
      {queueCount !== null ? <QueueSummary count={queueCount} /> : null}
      {canWrite ? (
        <div class="actions">
          <a class="button" href="/quan-tri/bai-viet/moi">
            Viết bài mới
          </a>
          <a class="button secondary" href="/quan-tri/bai-viet/nhap-docx">
            Nhập từ tệp Word
          </a>
          <a class="button secondary" href="/quan-tri/bai-viet/dan-van-ban">
            Dán văn bản
          </a>
          {canRead ? (
            <a class="button secondary" href="/quan-tri/bai-viet">
              Tất cả bài viết
            </a>
          ) : null}
        </div>
      ) : null}
      {canWrite ? (
        <>
          <section class="panel" aria-labelledby="bai-tra-lai">
            <h2 id="bai-tra-lai">Bài bị trả lại ({formatNumber(returned.length)})</h2>
            {returned.length === 0 ? (
              <p class="muted">Không có bài nào bị trả lại.</p>
            ) : (
              <ul class="work-list">
                {returned.map((a) => (
                  <li key={a.id}>
                    <a href={articleEditPath(a.id)}>{a.headline}</a> <StatusBadge status={a.status} />
                    <p class="muted">
                      {a.section_name}
                      {a.unit_name ? ` · ${a.unit_name}` : ''} · <When at={a.updated_at} />
                    </p>
                    <ReviewComment comment={a.review_comment} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="panel" aria-labelledby="ban-nhap">
            <h2 id="ban-nhap">Bản nháp của tôi ({formatNumber(drafts.length)})</h2>
            {drafts.length === 0 ? (
              <p class="muted">
                Chưa có bản nháp nào. <a href="/quan-tri/bai-viet/moi">Viết bài mới</a>
              </p>
            ) : (
              <ul class="work-list">
                {drafts.map((a) => (
                  <li key={a.id}>
                    <a href={articleEditPath(a.id)}>{a.headline}</a>
                    <p class="muted">
                      {a.section_name}
                      {a.unit_name ? ` · ${a.unit_name}` : ''} · sửa lần cuối <When at={a.updated_at} />
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : (
        <p class="muted">Tài khoản của bạn chưa được giao quyền viết bài.</p>
      )}
      <p class="muted">
        <a href="/quan-tri/mat-khau">Đổi mật khẩu</a>
      </p>
    </>
  );
}

function QueueSummary({ count }: { count: number }) {
  return (
    <p class={`panel queue-summary${count > 0 ? ' has-items' : ''}`}>
      {count > 0 ? (
        <>
          <strong>{formatNumber(count)}</strong> bài đang chờ duyệt. <a href="/quan-tri/duyet-bai">Mở hàng chờ duyệt</a>
        </>
      ) : (
        <>
          Không có bài nào chờ duyệt. <a href="/quan-tri/duyet-bai">Hàng chờ duyệt</a>
        </>
      )}
    </p>
  );
}
