import { createHash } from 'node:crypto';

export interface CachedResponse {
  status: number;
  contentType: string;
  body: string;
  etag: string;
  lastModified: number;
}

/**
 * Rendered public responses, kept per URL for one content version. A write to
 * public content bumps the version (db/context.ts), so a stale page is never served.
 */
export class PageCache {
  private readonly entries = new Map<string, CachedResponse & { version: number }>();

  constructor(private readonly maxEntries = 2000) {}

  get(key: string, version: number): CachedResponse | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.version !== version) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  set(key: string, version: number, response: Omit<CachedResponse, 'etag'>): CachedResponse {
    const etag = `"${createHash('sha1').update(response.body).digest('base64url').slice(0, 20)}"`;
    const entry = { ...response, etag, version };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }
}
