import { mediaUrl } from '../../media/urls.js';
import { DateLine } from '../../web/views/components.js';
import { articlePath } from '../../web/views/layout.js';
import type { ArticleSummary } from '../repo.js';

export function Thumb({ sha, caption }: { sha: string | null; caption: string | null }) {
  if (!sha) return null;
  return <img class="thumb" src={mediaUrl(sha, 'thumb')} alt={caption ?? ''} loading="lazy" width={400} height={267} />;
}

export function ArticleCard({ a, headingLevel = 2 }: { a: ArticleSummary; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      {a.thumb_sha ? (
        <a class="card-thumb" href={articlePath(a.slug)} tabIndex={-1}>
          <Thumb sha={a.thumb_sha} caption={a.thumb_caption} />
        </a>
      ) : null}
      <div class="card-body">
        <H class="card-title">
          <a href={articlePath(a.slug)}>{a.headline}</a>
        </H>
        <DateLine at={a.published_at} />
        <p class="card-lead">{a.lead}</p>
      </div>
    </article>
  );
}
