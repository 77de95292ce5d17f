import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FileSum {
  size: number;
  sha256: string;
}

/** The regular files under `root` (relative, with /), sorted; `skip` says which top-level entries to leave out. */
export async function listFiles(root: string, skip: (topLevelName: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, rel: string) => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && skip(e.name)) continue;
      if (e.isDirectory()) await walk(path.join(dir, e.name), relPath);
      else if (e.isFile()) found.push(relPath);
    }
  };
  await walk(root, '');
  return found.sort();
}

/** Size and sha256 of a file, read as a stream; null when it cannot be read. */
export async function sumFile(file: string): Promise<FileSum | null> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
  } catch {
    return null;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Copies `from` to `to` (creating its folder, never overwriting), summing what passes. */
export async function copyFileSummed(from: string, to: string): Promise<FileSum> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(from), tap, createWriteStream(to, { flags: 'wx' }));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') await fs.rm(to, { force: true });
    throw e;
  }
  return { size, sha256: hash.digest('hex') };
}
