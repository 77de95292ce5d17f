import fs from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../test/harness.js';
import { isWholePng, spoilPng } from '../files/png.js';
import { ImageRejected, mediaDir, storeImage } from './store.js';

const noisyPng = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#3060a0', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .png()
    .toBuffer();

async function storedFolders(dataDir: string): Promise<string[]> {
  return fs.readdir(mediaDir(dataDir)).catch(() => []);
}

describe('the media store', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a PNG whose body is broken, and leaves no folder or file behind', async () => {
    const broken = spoilPng(await noisyPng());
    expect(isWholePng(broken)).toBe(false);
    const error = await storeImage(t, t.dataDir, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageRejected);
    expect((error as Error).message).toMatch(/^Tệp ảnh bị hỏng/);
    expect(await storedFolders(t.dataDir)).toEqual([]);
  });

  it('stores a whole picture with all its variants and no temporary file', async () => {
    const png = await noisyPng();
    expect(isWholePng(png)).toBe(true);
    const stored = await storeImage(t, t.dataDir, png);
    expect(await storedFolders(t.dataDir)).toEqual([stored.sha256]);
    const files = await fs.readdir(`${mediaDir(t.dataDir)}/${stored.sha256}`);
    expect(files.every((f) => f.endsWith('.jpg'))).toBe(true);
    expect(files.length).toBeGreaterThan(1);
  });
});
