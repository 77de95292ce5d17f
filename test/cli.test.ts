import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.js';
import { DIALECTS, freshDb, type TestDb } from './harness.js';
import { generatePageDump } from './page-dump.js';

// The command line as an operator runs it, on a fresh database and data folder: from the
// TypeScript sources (the build is not part of the test command).
const VITE_NODE = path.resolve('node_modules/vite-node/vite-node.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function congdoan(t: TestDb, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [VITE_NODE, 'src/cli.ts', ...args],
      { env: { ...process.env, DATA_DIR: t.dataDir, DATABASE_URL: t.url ?? '' }, timeout: 150_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe.each(DIALECTS)('congdoan command line on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  const file = (name: string, lines: string[]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, lines.join('\n'));
    return p;
  };
  beforeAll(async () => {
    t = await freshDb(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-cli-'));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('seeds the demo, creates an administrator and imports members, once', async () => {
    expect(await congdoan(t, 'demo', '--articles', '3')).toMatchObject({ code: 0 });
    const created = await congdoan(t, 'user', 'create', '--admin', '--login', 'vanhanh', '--name', 'Người Vận Hành');
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining('Đã tạo quản trị viên "vanhanh"') });

    const members = file('ds.csv', [
      'Họ và tên,Giới tính,Ngày sinh,Số CCCD,Đơn vị,Ngày kết nạp',
      'Lường Văn Quý,Nam,3/5/1987,001087003344,Công đoàn cơ sở xã Thanh Lương,1/7/2012',
      'Cầm Thị Hoa,Nữ,12/11/1991,,Công đoàn cơ sở xã Thanh Lương,',
    ]);
    const first = await congdoan(t, 'import-members', members, '--as', 'vanhanh', '--joined-on', '2024-01-01');
    expect(first).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/Xong trong [\d.]+ giây: 2 đoàn viên mới, 0 đã có, 0 dòng lỗi không nhập/),
    });
    const again = await congdoan(t, 'import-members', members, '--as', 'vanhanh');
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('0 đoàn viên mới, 2 đã có') });
  }, 240_000);

  it('refuses a file with a bad row, saying where, and writes nothing', async () => {
    const bad = file('loi.csv', [
      'Họ và tên,Ngày sinh,Đơn vị',
      'Vi Thị Lan,30/2/1990,Công đoàn cơ sở xã Thanh Lương',
      'Nông Văn Tài,1/1/1985,Công đoàn cơ sở xã Thanh Lương',
    ]);
    const run = await congdoan(t, 'import-members', bad, '--as', 'vanhanh');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('dòng 2, cột "Ngày sinh"');
    expect(run.stdout).toContain('Không ghi dòng nào');
    expect(await congdoan(t, 'import-members', path.join(dir, 'khong-co.csv'), '--as', 'vanhanh')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Không đọc được tệp'),
    });
  }, 120_000);

  it('import-pages stopped with Ctrl-C keeps what it wrote, says so, and a second run completes the file', async () => {
    const pages = path.join(dir, 'trang.txt');
    fs.writeFileSync(pages, generatePageDump('Tin cũ nhập lại', 3000, 21));
    // The command's own database: on SQLite the file in DATA_DIR.
    const db = openDatabase({ databaseUrl: t.url, sqlitePath: path.join(t.dataDir, 'congdoan.sqlite') });
    // Zero until the command has created its tables (a fresh SQLite file).
    const imported = async () =>
      Number(
        (
          await db.kysely
            .selectFrom('articles as a')
            .innerJoin('sections as s', 's.id', 'a.section_id')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('s.name', '=', 'Tin cũ nhập lại')
            .executeTakeFirstOrThrow()
            .catch(() => ({ n: 0 }))
        ).n,
      );
    try {
      const child = spawn(process.execPath, [VITE_NODE, 'src/cli.ts', 'import-pages', pages], {
        env: { ...process.env, DATA_DIR: t.dataDir, DATABASE_URL: t.url ?? '' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      while ((await imported()) === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      const kept = await imported();
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(3000);
      expect(stderr).toContain(`dừng giữa chừng, chuyên mục "Tin cũ nhập lại": đã ghi ${kept.toLocaleString('vi-VN')} bài mới`);
      expect(stderr).toContain('Chạy lại cùng lệnh để nhập nốt: các bài đã có được bỏ qua, không bài nào bị ghi hai lần.');
      expect(stdout).toContain(`Tổng cộng: 1 tệp, ${kept} bài mới, 0 tệp lỗi.`);

      const again = await congdoan(t, 'import-pages', pages);
      expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining(`3000 bài (${3000 - kept} mới, ${kept} đã có)`) });
      expect(await imported()).toBe(3000);
    } finally {
      await db.close();
    }
  }, 240_000);
});
