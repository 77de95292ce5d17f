import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { NotFound } from '../lib/errors.js';

/** What every waiting upload records: whose it is and the file's name. */
export interface PendingMeta {
  userId: number;
  fileName: string;
}

/** A waiting upload older than this is removed (at start, then every hour). */
export const PENDING_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The folders that stores were opened on, so one sweep reaches them all. */
const folders = new Set<string>();

/** Files in DATA_DIR/<folder> are temporary too: the sweep removes them a day after they were last written. */
export function registerSweptFolder(folder: string): void {
  folders.add(folder);
}

/** Removes waiting uploads last written before `now - maxAgeMs`; returns how many files went. */
export async function removeStalePendingUploads(dataDir: string, maxAgeMs = PENDING_MAX_AGE_MS, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const folder of folders) {
    const dir = path.join(dataDir, folder);
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        const stat = await fs.stat(file);
        if (!stat.isFile() || stat.mtimeMs >= now - maxAgeMs) continue;
        await fs.rm(file, { force: true });
        removed++;
      } catch {
        // Removed meanwhile by its import.
      }
    }
  }
  return removed;
}

/**
 * Uploaded files wait under DATA_DIR/<folder>/<token> between the preview and the import;
 * only the user who uploaded a file can load it.
 */
export function pendingUploads<M extends PendingMeta>(dataDir: string, folder: string) {
  registerSweptFolder(folder);
  const dir = path.join(dataDir, folder);
  const file = (token: string, ext: string) => path.join(dir, `${token}.${ext}`);
  return {
    async save(meta: M, bytes: Buffer): Promise<string> {
      await fs.mkdir(dir, { recursive: true });
      const token = randomBytes(18).toString('base64url');
      await fs.writeFile(file(token, 'bin'), bytes);
      await fs.writeFile(file(token, 'json'), JSON.stringify(meta));
      return token;
    },
    async load(token: string, userId: number): Promise<{ meta: M; bytes: Buffer }> {
      if (!/^[\w-]{24}$/.test(token)) throw new NotFound('Không tìm thấy tệp đã tải lên.');
      try {
        const meta = JSON.parse(await fs.readFile(file(token, 'json'), 'utf8')) as M;
        if (meta.userId !== userId) throw new Error('other user');
        return { meta, bytes: await fs.readFile(file(token, 'bin')) };
      } catch {
        throw new NotFound('Tệp đã tải lên không còn (đã nhập xong hoặc đã quá hạn): hãy tải lên lại.');
      }
    },
    async remove(token: string): Promise<void> {
      await Promise.all([fs.rm(file(token, 'bin'), { force: true }), fs.rm(file(token, 'json'), { force: true })]);
    },
  };
}
