import { formatNumber } from '../../lib/format.js';
import type { UnfinishedImport } from '../../members/import-job-service.js';
import { articleEditPath, ReviewComment, StatusBadge, When } from '../../news/views/components.js';
import type { ArticleStatus } from '../../db/schema.js';
import { IMPORTS_ANCHOR, RETURNED_ANCHOR, type WaitingItem } from '../service.js';

export interface OwnArticle {
  id: number;
  headline: string;
  status: ArticleStatus;
  updated_at: number | string;
  review_comment: string | null;
  section_name: string;
  unit_name: string | null;
}

export interface DeskProps {
  items: WaitingItem[];
  canWrite: boolean;
  canReadArticles: boolean;
  returned: OwnArticle[];
  drafts: OwnArticle[];
  imports: UnfinishedImport[];
}

const IMPORT_STATUS: Record<UnfinishedImport['status'], string> = {
  running: 'đang chạy',
  failed: 'bị lỗi',
  interrupted: 'bị gián đoạn',
};

/** "Việc cần làm": the user's waiting work, each a count and a link to exactly those records. */
export function DeskPage({ items, canWrite, canReadArticles, returned, drafts, imports }: DeskProps) {
  const todo = items.filter((i) => i.kind === 'todo' && i.count > 0);
  const watch = items.filter((i) => i.kind === 'watch' && i.count > 0);
  return (
    <>
      <section class="panel desk-todo" aria-labelledby="viec-cho-ban">
        <h2 id="viec-cho-ban">Việc chờ bạn</h2>
        {todo.length ? (
          <WaitingList items={todo} />
        ) : (
          <p class="desk-empty">Không có việc nào đang chờ bạn. Chúc bạn một ngày làm việc nhẹ nhàng!</p>
        )}
        {watch.length ? (
          <>
            <h3>Đang chờ nơi khác</h3>
            <WaitingList items={watch} />
          </>
        ) : null}
      </section>
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
          {canReadArticles ? (
            <a class="button secondary" href="/quan-tri/bai-viet">
              Tất cả bài viết
            </a>
          ) : null}
        </div>
      ) : null}
      {canWrite ? (
        <>
          <section class="panel" aria-labelledby={RETURNED_ANCHOR}>
            <h2 id={RETURNED_ANCHOR}>Bài bị trả lại ({formatNumber(returned.length)})</h2>
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
      ) : null}
      {imports.length ? (
        <section class="panel" aria-labelledby={IMPORTS_ANCHOR}>
          <h2 id={IMPORTS_ANCHOR}>Lần nhập đoàn viên chưa xong</h2>
          <ul class="work-list">
            {imports.map((j) => (
              <li key={j.id}>
                <a href={`/quan-tri/doan-vien/nhap/tien-do/${j.id}`}>{j.fileName}</a> — {IMPORT_STATUS[j.status]}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p class="muted">
        <a href="/quan-tri/mat-khau">Đổi mật khẩu</a>
      </p>
    </>
  );
}

function WaitingList({ items }: { items: WaitingItem[] }) {
  return (
    <ul class="desk-items">
      {items.map((i) => (
        <li key={i.key} data-key={i.key}>
          <a href={i.href}>
            <strong class="desk-count">{formatNumber(i.count)}</strong> {i.label}
          </a>
        </li>
      ))}
    </ul>
  );
}
