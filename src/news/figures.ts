import type { FigureInput } from './schema.js';

const FIGURE = /<figure\b[^>]*>([\s\S]*?)<\/figure>/g;
const IMAGE_SRC = /<img\b[^>]*\bsrc="\/media\/([0-9a-f]{64})\/(?:thumb|large)\.jpg"/;
const CAPTION = /<figcaption>([\s\S]*?)<\/figcaption>/;
const PLACEHOLDER_NAME = /<span class="photo-name">Ảnh: ([\s\S]*?)<\/span>/;

const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

export interface BodyFigure {
  sha256: string | null;
  sourceName: string | null;
  caption: string;
}

/**
 * The figures of an article body, in order. Works on sanitised HTML only
 * (sanitize.ts), whose attributes are always double-quoted and known.
 */
export function figuresOfBody(sanitizedHtml: string): BodyFigure[] {
  const out: BodyFigure[] = [];
  for (const match of sanitizedHtml.matchAll(FIGURE)) {
    const inner = match[1] ?? '';
    const sha = IMAGE_SRC.exec(inner)?.[1] ?? null;
    const caption = decode(CAPTION.exec(inner)?.[1] ?? '');
    const sourceName = sha ? null : decode(PLACEHOLDER_NAME.exec(inner)?.[1] ?? '') || null;
    out.push({ sha256: sha, sourceName, caption });
  }
  return out;
}

/** Figure rows for a body, with image ids looked up by hash. */
export function figureInputs(figures: BodyFigure[], imageIdBySha: Map<string, number>): FigureInput[] {
  return figures.map((f) => ({
    imageId: f.sha256 ? (imageIdBySha.get(f.sha256) ?? null) : null,
    sourceName: f.sourceName,
    caption: f.caption.slice(0, 2000),
  }));
}
