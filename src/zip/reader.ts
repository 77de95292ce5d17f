/** Reading the central directory of a zip file: entry names and sizes, without unpacking. */
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  uncompressedSize: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const MAX_COMMENT = 0xffff;

function findEndOfDirectory(bytes: Buffer): number {
  const last = bytes.length - 22;
  const first = Math.max(0, last - MAX_COMMENT);
  for (let i = last; i >= first; i--) {
    if (bytes.readUInt32LE(i) === END_OF_DIRECTORY) return i;
  }
  return -1;
}

/** The archive keeps its directory in 64-bit records (its end record says "see zip64"): `listZipEntries` cannot read it. */
export function hasZip64Directory(bytes: Buffer): boolean {
  if (bytes.length < 22) return false;
  const end = findEndOfDirectory(bytes);
  return end >= 0 && (bytes.readUInt16LE(end + 10) === 0xffff || bytes.readUInt32LE(end + 16) === 0xffffffff);
}

/** The entries of a zip file, or null when its directory cannot be read. Zip64 sizes count as unknown (Infinity). */
export function listZipEntries(bytes: Buffer): ZipEntry[] | null {
  if (bytes.length < 22) return null;
  const end = findEndOfDirectory(bytes);
  if (end < 0) return null;
  const count = bytes.readUInt16LE(end + 10);
  let p = bytes.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== DIRECTORY_ENTRY) return null;
    const size = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const skip = nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
    const name = bytes.toString('utf8', p + 46, p + 46 + nameLength);
    entries.push({ name, uncompressedSize: size === 0xffffffff ? Infinity : size });
    p += 46 + skip;
  }
  return entries;
}

/** Why a zip is not read: its directory is unreadable, kept in zip64 records, lists too many entries, or inflates past the budget. */
export type ZipProblem = 'unreadable' | 'zip64' | 'entries' | 'size';

export class ZipRefused extends Error {
  constructor(readonly problem: ZipProblem) {
    super(`zip refused: ${problem}`);
    this.name = 'ZipRefused';
  }
}

export interface ZipLimits {
  maxEntries: number;
  /** Bytes all entries may inflate to together, counted as they inflate. */
  maxTotalBytes: number;
}

const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

function entryData(bytes: Buffer, directory: number): Buffer {
  const compressedSize = bytes.readUInt32LE(directory + 20);
  const local = bytes.readUInt32LE(directory + 42);
  if (compressedSize === 0xffffffff || local === 0xffffffff) throw new ZipRefused('zip64');
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL_HEADER) throw new ZipRefused('unreadable');
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  if (start + compressedSize > bytes.length) throw new ZipRefused('unreadable');
  return bytes.subarray(start, start + compressedSize);
}

/** Inflated bytes handed back at a time: the count needs none of them kept. */
const INFLATE_CHUNK = 256 * 1024;

/**
 * Counts what a deflated entry inflates to. The inflating runs on libuv's thread pool (a zlib
 * stream), never on the main thread, and stops one chunk past the budget: a bomb costs the
 * event loop a callback per chunk and the heap one chunk at a time.
 */
function inflateCounted(data: Buffer, method: number, budget: number): Promise<number> {
  if (method === STORED) {
    if (data.length > budget) return Promise.reject(new ZipRefused('size'));
    return Promise.resolve(data.length);
  }
  if (method !== DEFLATED) return Promise.reject(new ZipRefused('unreadable'));
  return new Promise<number>((resolve, reject) => {
    const inflater = createInflateRaw({ chunkSize: INFLATE_CHUNK });
    let size = 0;
    inflater.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= budget) return;
      inflater.destroy();
      reject(new ZipRefused('size'));
    });
    inflater.on('end', () => resolve(size));
    inflater.on('error', () => reject(new ZipRefused('unreadable')));
    inflater.end(data);
  });
}

/**
 * The entries of a zip with their sizes counted by inflating them, never as the archive
 * declares them, off the main thread. Rejects with ZipRefused past the limits, for a zip64
 * archive and for a damaged one.
 */
export async function measureZip(bytes: Buffer, limits: ZipLimits): Promise<ZipEntry[]> {
  if (bytes.length < 22) throw new ZipRefused('unreadable');
  if (hasZip64Directory(bytes)) throw new ZipRefused('zip64');
  const end = findEndOfDirectory(bytes);
  if (end < 0) throw new ZipRefused('unreadable');
  const count = bytes.readUInt16LE(end + 10);
  if (count > limits.maxEntries) throw new ZipRefused('entries');
  let p = bytes.readUInt32LE(end + 16);
  let total = 0;
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== DIRECTORY_ENTRY) throw new ZipRefused('unreadable');
    if (bytes.readUInt16LE(p + 8) & 1) throw new ZipRefused('unreadable');
    const nameLength = bytes.readUInt16LE(p + 28);
    const name = bytes.toString('utf8', p + 46, p + 46 + nameLength);
    const size = await inflateCounted(entryData(bytes, p), bytes.readUInt16LE(p + 10), limits.maxTotalBytes - total);
    total += size;
    entries.push({ name, uncompressedSize: size });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return entries;
}
