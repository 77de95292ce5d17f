import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDb, type TestDb } from './harness.js';

// `congdoan serve --workers 2` as an operator runs it (from the sources, as test/cli.test.ts does).
const VITE_NODE = path.resolve('node_modules/vite-node/vite-node.mjs');

/** Collects a process's output and waits for lines in it. */
class Output {
  text = '';
  private waiters: Array<{ re: RegExp; from: number; resolve: (m: RegExpMatchArray) => void }> = [];
  constructor(child: ChildProcess) {
    const take = (chunk: Buffer) => {
      this.text += chunk.toString('utf8');
      this.waiters = this.waiters.filter((w) => {
        const m = this.text.slice(w.from).match(w.re);
        if (m) w.resolve(m);
        return !m;
      });
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
  }
  waitFor(re: RegExp, from = 0, ms = 60_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const m = this.text.slice(from).match(re);
      if (m) return resolve(m);
      const timer = setTimeout(() => reject(new Error(`no ${re} in:\n${this.text}`)), ms);
      this.waiters.push({ re, from, resolve: (found) => (clearTimeout(timer), resolve(found)) });
    });
  }
}

describe.each(DIALECTS)('congdoan serve --workers on %s', (dialect) => {
  let t: TestDb;
  let child: ChildProcess;
  let out: Output;
  const port = 39_000 + (dialect === 'sqlite' ? 11 : 12) + (process.pid % 500) * 2;

  beforeAll(async () => {
    t = await freshDb(dialect);
    child = spawn(process.execPath, [VITE_NODE, 'src/cli.ts', 'serve', '--workers', '2'], {
      env: { ...process.env, DATA_DIR: t.dataDir, DATABASE_URL: t.url ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    });
    out = new Output(child);
  }, 120_000);
  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    await t.close();
  });

  it('serves from two processes, restarts one that dies, and stops them all on SIGTERM', async () => {
    await out.waitFor(/Tiến trình phục vụ (\d+) đã sẵn sàng[\s\S]*Tiến trình phục vụ (\d+) đã sẵn sàng/);
    const pids = [...out.text.matchAll(/Tiến trình phục vụ (\d+) đã sẵn sàng/g)].map((m) => Number(m[1]));
    expect(new Set(pids).size).toBe(2);
    expect((await fetch(`http://127.0.0.1:${port}/robots.txt`)).status).toBe(200);

    const mark = out.text.length;
    process.kill(pids[0]!, 'SIGKILL');
    await out.waitFor(new RegExp(`Tiến trình phục vụ ${pids[0]} đã dừng \\(tín hiệu SIGKILL\\); khởi động lại\\.`), mark);
    const [, fresh] = await out.waitFor(/Tiến trình phục vụ (\d+) đã sẵn sàng/, mark);
    expect(Number(fresh)).not.toBe(pids[0]);
    for (let i = 0; i < 4; i++) expect((await fetch(`http://127.0.0.1:${port}/robots.txt`)).status).toBe(200);

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
