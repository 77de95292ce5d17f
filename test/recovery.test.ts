import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import type { DbContext } from '../src/db/context.js';
import { loadAuthUser } from '../src/auth/service.js';
import { insertImportJob } from '../src/members/import-repo.js';
import { importMembers } from '../src/members/import-service.js';
import { makeUnitTree, makeUser, TestClient } from './client.js';
import { DIALECTS, freshDb, type TestDb } from './harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function appOn(ctx: DbContext, dataDir: string): Promise<FastifyInstance> {
  return buildApp({ ctx, config: { dataDir, publicUrl: 'http://congdoan.test', logLevel: 'silent', secureCookies: false } });
}

describe.each(DIALECTS)('health and recovery on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('/healthz answers 200 when the database answers and DATA_DIR takes a write, never cached, and leaves no file', async () => {
    const app = await appOn(t, t.dataDir);
    try {
      const before = fs.readdirSync(t.dataDir);
      const res = await app.inject({ url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(fs.readdirSync(t.dataDir)).toEqual(before);
    } finally {
      await app.close();
    }
  });

  it('/healthz answers 503 naming the data folder when it cannot be written', async () => {
    // A regular file where the folder should be: unwritable even for root.
    const notADir = path.join(t.dataDir, 'not-a-folder');
    fs.writeFileSync(notADir, '');
    const app = await appOn(t, notADir);
    try {
      const res = await app.inject({ url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'error', failed: ['data_dir'] });
      expect(res.headers['cache-control']).toBe('no-store');
    } finally {
      await app.close();
    }
  });

  it('/healthz answers 503 naming the database when it does not answer', async () => {
    const gone = await freshDb(dialect);
    await gone.close();
    const app = await appOn(gone, t.dataDir);
    try {
      const res = await app.inject({ url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'error', failed: ['database'] });
    } finally {
      await app.close();
    }
  });

  it('at start, imports left running by a dead process are interrupted (live ones are not), and the page offers to import again', async () => {
    const units = await makeUnitTree(t);
    const officer = await makeUser(t, 'officer', units.school.id);
    const now = Date.now();
    const job = async (owner: string | null, heartbeatAt: number | null, updatedAt = now) => {
      const id = await insertImportJob(t, { userId: officer.id, fileName: `${owner ?? 'cu'}.xlsx`, total: 100, owner: owner ?? '' });
      await t.db.updateTable('import_jobs').set({ owner, heartbeat_at: heartbeatAt, updated_at: updatedAt }).where('id', '=', id).execute();
      return id;
    };
    const dead = await job('process-that-died', now - 5 * MINUTE);
    const alive = await job('process-still-running', now - 10_000);
    // Silent for minutes (on SQLite the beat waits behind the import's transaction) but its process lives on this machine.
    const busy = await job(`${os.hostname().slice(0, 30)}:${process.ppid}:other-process`, now - 10 * MINUTE);
    const earlierRun = await job(`${os.hostname().slice(0, 30)}:${process.pid}:earlier-run`, now - 10 * MINUTE);
    const deadHere = await job(`${os.hostname().slice(0, 30)}:99999999:gone`, now - 10 * MINUTE);
    const legacy = await job(null, null, now - 2 * HOUR);
    const finished = await job('process-that-died', now - 5 * MINUTE);
    await t.db
      .updateTable('import_jobs')
      .set({ status: 'done', result_json: '{"added":1,"skipped":0,"rejected":0}' })
      .where('id', '=', finished)
      .execute();

    const app = await appOn(t, t.dataDir);
    await app.ready();
    try {
      const statuses = await t.db.selectFrom('import_jobs').select(['id', 'status']).orderBy('id').execute();
      expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
        [dead]: 'interrupted',
        [alive]: 'running',
        [busy]: 'running',
        [deadHere]: 'interrupted',
        [earlierRun]: 'interrupted',
        [legacy]: 'interrupted',
        [finished]: 'done',
      });
      const client = new TestClient(app);
      await client.signIn(officer.login);
      const page = await client.get(`/quan-tri/doan-vien/nhap/tien-do/${dead}`);
      expect(page.statusCode).toBe(200);
      expect(page.headers.refresh).toBeUndefined();
      expect(page.body).toContain('Lần nhập này bị gián đoạn vì máy chủ đã dừng giữa chừng.');
      expect(page.body).toContain('Chưa có đoàn viên nào được ghi.');
      expect(page.body).toContain('href="/quan-tri/doan-vien/nhap">Tải tệp lên lại để nhập</a>');
      expect(page.body).not.toContain('Hủy phần đã nhập');
      expect(page.body).not.toContain('Đang kiểm tra và ghi');
      const running = await client.get(`/quan-tri/doan-vien/nhap/tien-do/${alive}`);
      expect(running.body).toContain('Đang kiểm tra và ghi');
    } finally {
      await app.close();
    }
  });

  it('an import interrupted after some chunks says how many members it wrote; its owner undoes them and the counts return', async () => {
    const units = await makeUnitTree(t);
    const officer = await makeUser(t, 'officer', units.upper.id);
    const other = await makeUser(t, 'officer', units.upper.id);
    const user = await loadAuthUser(t, officer.id);
    const given = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà'];
    const rows = Array.from(
      { length: 30 },
      (_, i) => `Trần ${given[i % 6]} ${given[Math.floor(i / 6)]},${units.school.short_name},Nam,01/02/199${i % 10}`,
    );
    const csv = Buffer.from(['Họ và tên,Đơn vị,Giới tính,Ngày sinh', ...rows].join('\n'));
    const report = await importMembers(t, user!, csv, 'dang-do.csv', { defaultJoinedOn: '2024-01-01' }, 'all');
    expect(report.errors).toEqual([]);
    expect(report.added).toBe(30);
    // The process that ran it died after those chunks: its job row stayed `running`.
    const job = await t.db.selectFrom('import_jobs').select('id').where('file_name', '=', 'dang-do.csv').executeTakeFirstOrThrow();
    await t.db
      .updateTable('import_jobs')
      .set({ status: 'running', owner: 'process-that-died', heartbeat_at: Date.now() - 5 * MINUTE })
      .where('id', '=', job.id)
      .execute();
    await t.db
      .updateTable('import_locks')
      .set({ job_id: job.id, taken_at: Date.now() - 5 * MINUTE })
      .execute();
    const members = () => t.db.selectFrom('memberships').select('id').where('unit_id', '=', units.school.id).execute();
    expect(await members()).toHaveLength(30);
    // It died before its last step, which recounts the units it wrote into.
    await t.db.deleteFrom('unit_member_counts').where('unit_id', '=', units.school.id).execute();
    const counted = async () =>
      Number(
        (
          await t.db
            .selectFrom('unit_member_counts')
            .select('members')
            .where('unit_id', '=', units.school.id)
            .orderBy('day', 'desc')
            .executeTakeFirst()
        )?.members ?? 0,
      );

    const app = await appOn(t, t.dataDir);
    await app.ready();
    try {
      expect((await t.db.selectFrom('import_locks').select('job_id').executeTakeFirstOrThrow()).job_id).toBeNull();
      expect(await counted()).toBe(30);
      const stranger = new TestClient(app);
      await stranger.signIn(other.login);
      await stranger.get('/quan-tri/doan-vien');
      expect((await stranger.post(`/quan-tri/doan-vien/nhap/tien-do/${job.id}/huy`, {})).statusCode).toBe(404);

      const client = new TestClient(app);
      await client.signIn(officer.login);
      const page = await client.get(`/quan-tri/doan-vien/nhap/tien-do/${job.id}`);
      expect(page.body).toContain('30 đoàn viên đã được ghi trước khi dừng.');
      expect(page.body).toContain('Tải tệp lên lại để nhập tiếp');
      expect(page.body).toContain('Hủy phần đã nhập (30 đoàn viên)');
      const undone = await client.post(`/quan-tri/doan-vien/nhap/tien-do/${job.id}/huy`, {});
      expect(undone.statusCode).toBe(303);
      expect(await members()).toHaveLength(0);
      expect(await counted()).toBe(0);
      const after = await client.get(`/quan-tri/doan-vien/nhap/tien-do/${job.id}`);
      expect(after.body).toContain('Đã hủy phần đã nhập: xóa 30 đoàn viên.');
      expect(after.body).not.toContain('Hủy phần đã nhập (');
      const audit = await t.db.selectFrom('audit_events').select('action').where('action', '=', 'member.import_undo').execute();
      expect(audit.length).toBeGreaterThan(0);
      // Once undone it is no longer an interrupted import: a second undo is refused.
      expect((await client.post(`/quan-tri/doan-vien/nhap/tien-do/${job.id}/huy`, {})).statusCode).toBe(409);
    } finally {
      await app.close();
    }
  });

  it('waiting uploads older than a day are removed at start; newer ones stay', async () => {
    const write = (folder: string, name: string, ageMs: number) => {
      const dir = path.join(t.dataDir, folder);
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, name);
      fs.writeFileSync(file, 'x');
      const when = new Date(Date.now() - ageMs);
      fs.utimesSync(file, when, when);
      return file;
    };
    const old = [
      write('imports', 'aaaaaaaaaaaaaaaaaaaaaaaa.bin', 25 * HOUR),
      write('imports', 'aaaaaaaaaaaaaaaaaaaaaaaa.json', 25 * HOUR),
      write('care-imports', 'bbbbbbbbbbbbbbbbbbbbbbbb.bin', 3 * 24 * HOUR),
    ];
    const fresh = [write('imports', 'cccccccccccccccccccccccc.bin', 23 * HOUR), write('care-imports', 'dddddddddddddddddddddddd.json', 0)];
    const media = write('media', 'keep.jpg', 30 * 24 * HOUR);
    const app = await appOn(t, t.dataDir);
    await app.ready();
    try {
      expect(old.filter((f) => fs.existsSync(f))).toEqual([]);
      expect(fresh.filter((f) => fs.existsSync(f))).toEqual(fresh);
      expect(fs.existsSync(media)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('and every hour after that', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const app = await appOn(t, t.dataDir);
    try {
      await app.ready();
      const dir = path.join(t.dataDir, 'imports');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'eeeeeeeeeeeeeeeeeeeeeeee.bin');
      fs.writeFileSync(file, 'x');
      const when = new Date(Date.now() - 25 * HOUR);
      fs.utimesSync(file, when, when);
      vi.advanceTimersByTime(HOUR - 1000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fs.existsSync(file)).toBe(true);
      vi.advanceTimersByTime(1000);
      await vi.waitFor(() => expect(fs.existsSync(file)).toBe(false));
    } finally {
      await app.close();
      vi.useRealTimers();
    }
  });
});
