import type { Article } from '../../db/schema.js';
import { formatNumber } from '../../lib/format.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { articlePath } from '../../web/views/layout.js';
import { articleEditPath, StatusBadge, When } from './components.js';

export interface UnpublishConfirmProps {
  csrf: string;
  article: Article;
  /** The article's section and how many published articles it shows now. */
  section: { name: string; slug: string; published: number } | null;
}

/** What "Gỡ bài" will do, before it does it: the button posts, the page itself writes nothing. */
export function UnpublishConfirmPage({ csrf, article, section }: UnpublishConfirmProps) {
  const scheduled = article.status === 'scheduled';
  return (
    <div class="panel confirm-panel">
      <p>
        <strong>{article.headline}</strong> <StatusBadge status={article.status} />
      </p>
      <p>Khi bấm nút dưới đây:</p>
      {scheduled ? (
        <ul class="confirm-effects">
          <li>
            Lịch đăng lúc <When at={article.published_at} /> bị hủy: bài sẽ không tự đăng lên cổng thông tin.
          </li>
          <li>Bài chuyển sang trạng thái “Đã gỡ”; nội dung và các phiên bản vẫn được giữ, có thể đăng lại sau.</li>
        </ul>
      ) : (
        <ul class="confirm-effects">
          <li>Bài rời khỏi cổng thông tin: không còn trên trang chủ, trong chuyên mục, tin RSS, sơ đồ trang và kết quả tìm kiếm.</li>
          {section ? (
            <li>
              Chuyên mục “{section.name}” còn {formatNumber(Math.max(0, section.published - 1))} bài (hiện có{' '}
              {formatNumber(section.published)}).
            </li>
          ) : null}
          <li>
            Địa chỉ <code>{articlePath(article.slug)}</code> sẽ trả lời “Không tìm thấy trang” (mã 404): “Bài viết không tồn tại hoặc đã
            được gỡ xuống.”
          </li>
          <li>Bài chuyển sang trạng thái “Đã gỡ”; nội dung và các phiên bản vẫn được giữ, biên tập viên có thể đăng lại.</li>
        </ul>
      )}
      <form method="post" action={`${articleEditPath(article.id)}/go-bai`} class="actions">
        <CsrfField token={csrf} />
        <input type="hidden" name="version" value={String(article.version)} />
        <button type="submit" class="danger">
          {scheduled ? 'Hủy lịch đăng' : 'Gỡ bài'}
        </button>
        <a href={articleEditPath(article.id)}>Quay lại, không gỡ</a>
      </form>
    </div>
  );
}
