// The desk's counts ("Việc cần làm" and the admin menu, asked on every admin page): a generated
// province-shaped tree with many care cases, articles, transfer requests and import jobs, then the
// time of `waitingFor` for each kind of user — the province's administrator, an upper union's and a
// grassroots union's officer, an editor, a reporter. Counts read no member rows (only transfer
// requests), so the member count changes nothing here.
// Usage: npm run build && node bench/desk.js [--units 1400] [--cases 200000] [--articles 100000] [--transfers 20000] [--pg]
// (--pg uses DATABASE_URL: an empty database.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../dist/db/connection.js';
import { migrateToLatest } from '../dist/db/migrate.js';
import { WAITING_PROVIDERS, waitingFor } from '../dist/desk/service.js';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '1400' },
    cases: { type: 'string', default: '200000' },
    articles: { type: 'string', default: '100000' },
    transfers: { type: 'string', default: '20000' },
    pg: { type: 'boolean', default: false },
  },
});
const UNITS = Number(values.units);
const CASES = Number(values.cases);
const ARTICLES = Number(values.articles);
const TRANSFERS = Number(values.transfers);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-bench-desk-'));
const db = openDatabase({ databaseUrl: values.pg ? process.env.DATABASE_URL : undefined, sqlitePath: path.join(dataDir, 'bench.sqlite') });
await migrateToLatest(db);
const k = db.kysely;
const ctx = { db: k, dialect: db.dialect };
const pg = db.dialect === 'postgres';
/** `SELECT … FROM <1..n as i>` in either dialect. */
const series = (n, select) =>
  pg
    ? `${select} FROM generate_series(1, ${n}) AS g(i)`
    : `WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${n}) ${select} FROM g`;
const t0 = Date.now();

// One province (id 1), 40 upper unions (2..41), grassroots unions under them.
const uppers = 40;
const grassroots = UNITS - 1 - uppers;
const firstGrassroots = 2 + uppers;
const unitRows = (from, n, level, parent) =>
  series(
    n,
    `INSERT INTO units (id, parent_id, level, short_name, full_name, sort_order, created_at, status, has_womens_committee)
     SELECT ${from} + i - 1, ${parent}, '${level}', '${level} ' || i, '${level} ' || i, 0, 0, 'active', 0`,
  );
await sql.raw(unitRows(1, 1, 'province', 'NULL')).execute(k);
await sql.raw(unitRows(2, uppers, 'upper', '1')).execute(k);
await sql.raw(unitRows(firstGrassroots, grassroots, 'grassroots', `2 + ((i - 1) % ${uppers})`)).execute(k);
await sql`WITH RECURSIVE walk(ancestor_id, descendant_id, depth) AS (
    SELECT id, id, 0 FROM units
    UNION ALL SELECT w.ancestor_id, u.id, w.depth + 1 FROM walk w JOIN units u ON u.parent_id = w.descendant_id
  )
  INSERT INTO unit_closure (ancestor_id, descendant_id, depth) SELECT ancestor_id, descendant_id, depth FROM walk`.execute(k);

// Users 1..5: the administrator, an upper union's officer, a grassroots officer, an editor, a reporter.
const people = [
  ['admin', 1, 'admin'],
  ['upper', 2, 'officer'],
  ['school', firstGrassroots, 'officer'],
  ['editor', 1, 'editor'],
  ['reporter', firstGrassroots, 'reporter'],
];
for (const [i, [login, unit, role]] of people.entries()) {
  await k
    .insertInto('users')
    .values({ id: i + 1, login, full_name: login, password_hash: 'x', unit_id: unit, password_changed_at: 0, created_at: 0, updated_at: 0 })
    .execute();
  await k
    .insertInto('role_grants')
    .values({ user_id: i + 1, role, unit_id: unit })
    .execute();
}

// Care cases: 2 % waiting for approval, 1 % for payment, 1 % paid, 1 % returned, the rest closed.
await sql
  .raw(
    series(
      CASES,
      `INSERT INTO care_cases (recipient_kind, recipient_name, recipient_folded, reason, description, occurred_on, proposing_unit_id,
        cash_amount, in_kind_amount, status, proposed_by, proposed_at, version, created_at, updated_at)
       SELECT 'worker', 'Người nhận ' || i, 'nguoi nhan ' || i, 'hardship', '', '2025-01-01', ${firstGrassroots} + (i % ${grassroots}),
        500000, 0,
        CASE WHEN i % 100 < 2 THEN 'proposed' WHEN i % 100 = 2 THEN 'approved' WHEN i % 100 = 3 THEN 'paid' WHEN i % 100 = 4 THEN 'returned' ELSE 'closed' END,
        3, 0, 1, 0, 0`,
    ),
  )
  .execute(k);

// Articles: 1 % submitted, 0.5 % returned (a fifth of them the reporter's), the rest published.
await k.insertInto('sections').values({ id: 1, slug: 'tin', name: 'Tin', sort_order: 0, created_at: 0 }).execute();
await sql
  .raw(
    series(
      ARTICLES,
      `INSERT INTO articles (section_id, unit_id, slug, headline, lead, body_html, status, author_user_id, created_at, updated_at)
       SELECT 1, ${firstGrassroots} + (i % ${grassroots}), 'bai-' || i, 'Bài ' || i, '', '',
        CASE WHEN i % 200 < 2 THEN 'submitted' WHEN i % 200 = 2 THEN 'returned' ELSE 'published' END,
        CASE WHEN i % 1000 < 500 THEN 5 ELSE NULL END, 0, 0`,
    ),
  )
  .execute(k);

// Transfer requests: 1 % waiting, between grassroots unions of different upper unions.
await sql
  .raw(
    series(
      TRANSFERS,
      `INSERT INTO members (id, full_name, name_folded, sort_key, gender, birth_date, birth_year, created_at, updated_at)
       SELECT i, 'Đoàn viên ' || i, 'doan vien ' || i, 'k' || i, 'female', NULL, 1980, 0, 0`,
    ),
  )
  .execute(k);
await sql
  .raw(
    series(
      TRANSFERS,
      `INSERT INTO member_transfer_requests (member_id, from_unit_id, to_unit_id, transfer_on, status, requested_by, requested_at)
       SELECT i, ${firstGrassroots} + (i % ${grassroots}), ${firstGrassroots} + ((i + 7) % ${grassroots}), '2025-01-01',
        CASE WHEN i % 100 = 0 THEN 'waiting' ELSE 'accepted' END, 3, 0`,
    ),
  )
  .execute(k);
// Import jobs: a thousand of them, the school officer's last one failed.
await sql
  .raw(
    series(
      1000,
      `INSERT INTO import_jobs (kind, user_id, file_name, status, total, done, result_json, created_at, updated_at)
       SELECT 'members', 1 + (i % 5), 'tep-' || i || '.xlsx', CASE WHEN i = 1000 THEN 'failed' ELSE 'done' END, 10, 10, NULL, ${Date.now()}, ${Date.now()}`,
    ),
  )
  .execute(k);
await sql.raw(pg ? 'VACUUM ANALYZE' : 'ANALYZE').execute(k);
const generated = (Date.now() - t0) / 1000;

const grantsOf = (i) => [{ role: people[i][2], unitId: people[i][1] }];
const userOf = (i) => ({ id: i + 1, login: people[i][0], fullName: people[i][0], unitId: people[i][1], grants: grantsOf(i) });

/** Median of 20 runs, in ms. */
async function median(fn) {
  await fn();
  const times = [];
  for (let r = 0; r < 20; r++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  return Number(times.sort((a, b) => a - b)[10].toFixed(2));
}

// Where the administrator's time goes: each area's provider alone.
const byArea = {};
for (const [i, provider] of WAITING_PROVIDERS.entries())
  byArea[provider.name || `provider ${i}`] = await median(() => provider(ctx, userOf(0)));

const rows = [];
for (let i = 0; i < people.length; i++) {
  const user = userOf(i);
  await waitingFor(ctx, user);
  const times = [];
  let items;
  for (let r = 0; r < 20; r++) {
    const s = performance.now();
    items = await waitingFor(ctx, user);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  rows.push({
    user: `${people[i][0]} (${people[i][2]})`,
    'median ms': Number(times[10].toFixed(2)),
    'max ms': Number(times[19].toFixed(2)),
    counts: items
      .filter((x) => x.count > 0)
      .map((x) => `${x.key}=${x.count}`)
      .join(' '),
  });
}
await db.close();
console.log(
  `\n${db.dialect}: ${UNITS.toLocaleString('vi-VN')} units, ${CASES.toLocaleString('vi-VN')} care cases, ${ARTICLES.toLocaleString('vi-VN')} articles, ${TRANSFERS.toLocaleString('vi-VN')} transfer requests; generated in ${generated.toFixed(1)} s`,
);
console.table(rows);
console.log('administrator, median ms per area:', byArea);
fs.rmSync(dataDir, { recursive: true, force: true });
