import type { ArticleStatus } from '../../db/schema.js';
import { formatDateLine, siteDateParts } from '../../lib/format.js';
import { STATUS_LABELS } from '../schema.js';

export const articleEditPath = (id: number) => `/quan-tri/bai-viet/${id}`;

export function StatusBadge({ status }: { status: ArticleStatus }) {
  return <span class={`status status-${status}`}>{STATUS_LABELS[status]}</span>;
}

/** "Thứ sáu, 22 Tháng 1 2016 11:16", or a dash when there is no time. */
export function When({ at }: { at: number | string | null | undefined }) {
  if (at === null || at === undefined) return <>—</>;
  const date = new Date(Number(at));
  return <time dateTime={date.toISOString()}>{formatDateLine(date)}</time>;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** An instant as the publication-time field shows it: dd/mm/yyyy hh:mm, in Vietnam time. */
export function siteDateTimeLocal(at: number | string | null): string {
  if (at === null) return '';
  const p = siteDateParts(new Date(Number(at)));
  return `${pad2(p.day)}/${pad2(p.month)}/${p.year} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

export function ReviewComment({ comment }: { comment: string | null }) {
  if (!comment) return null;
  return (
    <div class="review-comment" role="note">
      <p>
        <strong>Nhận xét của biên tập viên:</strong>
      </p>
      <p class="review-comment-text">{comment}</p>
    </div>
  );
}

export function Warnings({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div class="panel warnings" role="status">
      <p>
        <strong>{title}</strong>
      </p>
      <ul>
        {items.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

/** "10:42": the time of day of an instant, in Vietnam time. */
export function siteClock(at: number): string {
  const p = siteDateParts(new Date(at));
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}
