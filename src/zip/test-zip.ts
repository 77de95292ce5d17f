/** Building zip archives for tests, hostile ones included: bombs, lying sizes, zip64 end records. */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface TestEntry {
  name: string;
  /** The entry's bytes, deflated when written. */
  data?: Buffer;
  /** Already deflated bytes (a bomb), written as they are. */
  deflated?: Buffer;
  /** The uncompressed size the directory claims; the real one when absent. */
  declaredSize?: number;
}

/** Raw deflate data that inflates to `megabytes` MB of spaces, about 1 KB per MB. */
export function deflateBomb(megabytes: number): Buffer {
  const chunk = deflateRawSync(Buffer.alloc(1 << 20, 0x20), { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  return Buffer.concat([...Array<Buffer>(megabytes).fill(chunk), Buffer.from([3, 0])]);
}

/** A zip of the entries; `zip64` marks its end record "see the zip64 record", as large archives do. */
export function zipOf(entries: TestEntry[], options: { zip64?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = entry.data ?? Buffer.alloc(0);
    const body = entry.deflated ?? deflateRawSync(data);
    const size = entry.declaredSize ?? data.length;
    const crc = entry.deflated ? 0 : crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    directory.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.zip64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(options.zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}
