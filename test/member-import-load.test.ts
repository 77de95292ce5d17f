import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuthUser } from '../src/auth/service.js';
import { openImportDatabase, type Db } from '../src/db/connection.js';
import type { DbContext } from '../src/db/context.js';
import { importMembers } from '../src/members/import-service.js';
import { makeUnitTree, makeUser, TestClient } from './client.js';
import { makeTestApp, type TestApp } from './factories.js';
import { DIALECTS } from './harness.js';

/** Rows of the import the officers write beside (the figure: a million; fewer with MEMBER_LOAD_ROWS for a quick run). */
const ROWS = Number(process.env.MEMBER_LOAD_ROWS ?? 1_000_000);

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hương', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quang', 'Sơn', 'Tâm', 'Uyên', 'Vinh'];

/** A member list of `rows` people over `units`: each block of 150 rows shares a birth date and no two of its names are alike. */
function memberList(rows: number, units: string[]): Buffer {
  const lines = ['Họ và tên,Giới tính,Ngày sinh,Số CCCD,Đơn vị,Ngày kết nạp'];
  for (let i = 0; i < rows; i++) {
    const d = Math.floor(i / 150) % 10_080;
    const born = `${(d % 28) + 1}/${(Math.floor(d / 28) % 12) + 1}/${1965 + (Math.floor(d / 336) % 30)}`;
    const joined = `${(i % 28) + 1}/${(i % 12) + 1}/${2000 + (i % 24)}`;
    lines.push(
      `${FAMILY[i % 10]} Văn ${GIVEN[Math.floor(i / 10) % 15]},Nam,${born},${String(3e11 + i)},${units[i % units.length]},${joined}`,
    );
  }
  return Buffer.from(lines.join('\n'));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

describe.each(DIALECTS)('officers write while a long member import runs on %s', (dialect) => {
  let ta: TestApp;
  let importDb: Db | undefined;
  let importCtx: DbContext;
  beforeAll(async () => {
    ta = await makeTestApp(dialect);
    // Where the server's imports write: on SQLite, a second connection in a worker thread.
    importDb = openImportDatabase(dialect, ta.t.sqlitePath);
    importCtx = importDb ? { db: importDb.kysely, dialect } : ta.t;
  });
  afterAll(async () => {
    await importDb?.close();
    await ta.close();
  });

  it(`admits and transfers members with no failure and a p99 under 2 s during a ${ROWS.toLocaleString('vi-VN')}-row import`, async () => {
    const units = await makeUnitTree(ta.t);
    const importer = await loadAuthUser(ta.t, (await makeUser(ta.t, 'officer', units.province.id)).id);
    const officer = new TestClient(ta.app);
    await officer.signIn((await makeUser(ta.t, 'officer', units.upper.id)).login);
    const file = memberList(ROWS, [units.school.short_name, units.hospital.short_name, units.clinic.short_name]);

    const started = performance.now();
    let importing = true;
    const imported = importMembers(importCtx, importer!, file, 'ca-tinh.csv', { defaultJoinedOn: '2024-01-01' }, 'all').finally(() => {
      importing = false;
    });
    const waits: number[] = [];
    const failures: string[] = [];
    const given = ['Ánh', 'Bảo', 'Cúc', 'Diệp', 'Giang', 'Hạnh', 'Khuê', 'Loan', 'My', 'Ngân'];
    for (let n = 0; importing || n < 4; n++) {
      const name = `Phan Thị ${given[n % 10]} ${given[Math.floor(n / 10) % 10]} ${given[Math.floor(n / 100) % 10]}`;
      await officer.get('/quan-tri/doan-vien/moi');
      let s = performance.now();
      const admitted = await officer.post('/quan-tri/doan-vien', {
        fullName: name,
        gender: 'female',
        birthDate: '1991-05-05',
        joinedOn: '2024-03-01',
        unitId: units.school.id,
        notADuplicate: 'on',
      });
      waits.push(performance.now() - s);
      const id = /\/quan-tri\/doan-vien\/(\d+)/.exec(admitted.headers.location ?? '')?.[1];
      if (admitted.statusCode !== 303 || !id) {
        failures.push(`kết nạp ${name}: ${admitted.statusCode}`);
        continue;
      }
      await officer.get(`/quan-tri/doan-vien/${id}`);
      s = performance.now();
      const moved = await officer.post(`/quan-tri/doan-vien/${id}/chuyen`, { toUnitId: units.hospital.id, on: '2024-06-01' });
      waits.push(performance.now() - s);
      if (moved.statusCode !== 303) failures.push(`chuyển ${name}: ${moved.statusCode}`);
    }
    const report = await imported;
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...waits].sort((a, b) => a - b);
    const [p50, p99, max] = [percentile(sorted, 0.5), percentile(sorted, 0.99), sorted[sorted.length - 1] ?? 0];
    // The figures of the run, in the test output: the README quotes them.
    process.stdout.write(
      `${dialect}: import of ${ROWS.toLocaleString('vi-VN')} rows in ${seconds.toFixed(1)} s; ${waits.length} officer writes beside it: ` +
        `p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${max.toFixed(0)} ms, ${failures.length} failed\n`,
    );
    expect(failures).toEqual([]);
    expect(report).toMatchObject({ written: true, added: ROWS, errors: [] });
    expect(p99).toBeLessThan(2000);
    expect(waits.length).toBeGreaterThan(10);
  }, 1_200_000);
});
