import type { Article, Section } from '../../db/schema.js';
import { ArticlePage } from '../../web/views/pages.js';

/** The public article page as readers would see it, under a banner saying it is not published. */
export function PreviewPage({ article, section, unsaved }: { article: Article; section: Section; unsaved: boolean }) {
  return (
    <>
      <link rel="stylesheet" href="/assets/admin.css" />
      <p class="preview-banner" role="note">
        {article.status === 'published' ? 'Bản xem trước – bài đang được đăng' : 'Bản xem trước – chưa đăng'}
        {unsaved ? ' (gồm cả những thay đổi chưa lưu)' : ''}
      </p>
      <ArticlePage article={article} section={section} more={[]} />
    </>
  );
}
