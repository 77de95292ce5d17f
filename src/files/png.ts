/** Whether a PNG is whole: its chunks follow each other with good checksums, from the header to the end chunk. */
import { crc32 } from 'node:zlib';

const SIGNATURE_LENGTH = 8;

export function isWholePng(bytes: Buffer): boolean {
  let p = SIGNATURE_LENGTH;
  let first = true;
  while (p + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(p);
    const end = p + 12 + length;
    if (length > 0x7fffffff || end > bytes.length) return false;
    const type = bytes.toString('latin1', p + 4, p + 8);
    if (first && (type !== 'IHDR' || length !== 13 || bytes.readUInt32BE(p + 8) === 0 || bytes.readUInt32BE(p + 12) === 0)) return false;
    if (crc32(bytes.subarray(p + 4, p + 8 + length)) !== bytes.readUInt32BE(p + 8 + length)) return false;
    if (type === 'IEND') return true;
    first = false;
    p = end;
  }
  return false;
}
