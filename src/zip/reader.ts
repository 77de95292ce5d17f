/** Reading the central directory of a zip file: entry names and sizes, without unpacking. */

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
