/**
 * Whether a PNG is whole: its chunks follow each other with good checksums from the header
 * to the end chunk, and its picture data inflates without error (up to a bound: a larger
 * picture is taken as whole once that much has inflated cleanly).
 */
import { crc32, inflateSync } from 'node:zlib';

const SIGNATURE_LENGTH = 8;
const INFLATE_CHECK_BYTES = 64 * 1024 * 1024;

function inflatesCleanly(data: Buffer): boolean {
  try {
    inflateSync(data, { maxOutputLength: INFLATE_CHECK_BYTES });
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
  }
}

export function isWholePng(bytes: Buffer): boolean {
  let p = SIGNATURE_LENGTH;
  let first = true;
  const data: Buffer[] = [];
  while (p + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(p);
    const end = p + 12 + length;
    if (length > 0x7fffffff || end > bytes.length) return false;
    const type = bytes.toString('latin1', p + 4, p + 8);
    if (first && (type !== 'IHDR' || length !== 13 || bytes.readUInt32BE(p + 8) === 0 || bytes.readUInt32BE(p + 12) === 0)) return false;
    if (crc32(bytes.subarray(p + 4, p + 8 + length)) !== bytes.readUInt32BE(p + 8 + length)) return false;
    if (type === 'IDAT') data.push(bytes.subarray(p + 8, p + 8 + length));
    if (type === 'IEND') return data.length > 0 && inflatesCleanly(Buffer.concat(data));
    first = false;
    p = end;
  }
  return false;
}

/** A PNG of the given picture with its compressed data spoilt and its checksums made good again: a tool for tests. */
export function spoilPng(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  let p = SIGNATURE_LENGTH;
  while (p + 12 <= out.length) {
    const length = out.readUInt32BE(p);
    if (out.toString('latin1', p + 4, p + 8) === 'IDAT') {
      out.fill(0xff, p + 8 + 2, p + 8 + Math.min(length, 40));
      out.writeUInt32BE(crc32(out.subarray(p + 4, p + 8 + length)), p + 8 + length);
    }
    p += 12 + length;
  }
  return out;
}
