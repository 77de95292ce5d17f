import { escapeHtml } from '../lib/html.js';
import { mediaUrl } from '../media/urls.js';

/** A figure as it stands in an article body: the photo, or a placeholder naming the photo the old page had, and its caption. */
export function figureHtml(figure: {
  sha256: string | null;
  width?: number;
  height?: number;
  sourceName: string | null;
  caption: string;
}): string {
  const caption = figure.caption ? `<figcaption>${escapeHtml(figure.caption)}</figcaption>` : '';
  if (figure.sha256) {
    const size = figure.width && figure.height ? ` width="${figure.width}" height="${figure.height}"` : '';
    return `<figure class="photo"><img src="${mediaUrl(figure.sha256, 'large')}" alt="${escapeHtml(figure.caption)}"${size} loading="lazy">${caption}</figure>`;
  }
  const name = figure.sourceName ? `Ảnh: ${figure.sourceName}` : 'Ảnh';
  return `<figure class="photo-missing"><div class="photo-placeholder" role="img" aria-label="${escapeHtml(name)}"><span class="photo-name">${escapeHtml(name)}</span></div>${caption}</figure>`;
}

export function paragraphHtml(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}
