// Portal benchmark: generates a 10,000-article corpus on the embedded database (or DATABASE_URL),
// starts the server in its own process and drives 32 connections for 15 s at each page.
// Usage: npm run bench:portal [-- --articles 10000 --seconds 15 --connections 32]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../dist/db/connection.js';
import { migrateToLatest } from '../dist/db/migrate.js';
import { generateDemo } from '../dist/demo/generate.js';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '32' },
    port: { type: 'string', default: '3999' },
    keep: { type: 'boolean', default: false },
  },
});
const articles = Number(values.articles);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const port = Number(values.port);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-bench-'));
const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };

console.log(`Corpus: ${articles} articles in ${dataDir} (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`);
const db = openDatabase({ databaseUrl: process.env.DATABASE_URL, sqlitePath: path.join(dataDir, 'congdoan.sqlite') });
await migrateToLatest(db);
const ctx = { db: db.kysely, dialect: db.dialect };
const started = Date.now();
await generateDemo(ctx, dataDir, { articles, seed: 7 });
console.log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const section = await db.kysely.selectFrom('sections').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow();
const article = await db.kysely
  .selectFrom('articles')
  .select('slug')
  .where('section_id', '=', section.id)
  .orderBy('id')
  .executeTakeFirstOrThrow();
const sectionCount = await db.kysely
  .selectFrom('articles')
  .select((eb) => eb.fn.countAll().as('n'))
  .where('section_id', '=', section.id)
  .executeTakeFirstOrThrow();
await db.close();
const sectionPage = Math.min(50, Math.ceil(Number(sectionCount.n) / 10));

const server = spawn(process.execPath, ['bin/congdoan.js', 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve, reject) => {
  server.stdout.on('data', (chunk) => {
    if (String(chunk).includes('đang chạy')) resolve(undefined);
  });
  server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

const rssMb = () => {
  const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return (kb / 1024).toFixed(0);
};

const targets = [
  ['home', '/'],
  [`section page ${sectionPage}`, `/chuyen-muc/${section.slug}/trang/${sectionPage}`],
  ['article', `/bai-viet/${article.slug}`],
  ['search "cong doan"', `/tim-kiem?q=${encodeURIComponent('cong doan')}`],
  ['search "công đoàn"', `/tim-kiem?q=${encodeURIComponent('công đoàn')}`],
];

const rows = [];
for (const [name, url] of targets) {
  const coldStart = performance.now();
  const check = await fetch(`http://127.0.0.1:${port}${url}`);
  await check.text();
  const coldMs = performance.now() - coldStart;
  if (check.status !== 200) throw new Error(`${url} answered ${check.status}`);
  const result = await autocannon({ url: `http://127.0.0.1:${port}${url}`, connections, duration: seconds });
  rows.push({
    page: name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'first (uncached) ms': Number(coldMs.toFixed(1)),
    errors: result.errors + result.non2xx,
    'server RSS MB': rssMb(),
  });
}
server.kill('SIGTERM');
console.log(
  'Each page is rendered once per content version and then served from the in-process cache; the first request shows the cost of a render.',
);
console.log(`\n${connections} connections, ${seconds} s each, ${os.cpus().length} cores, Node ${process.version}`);
console.table(rows);
if (!values.keep) fs.rmSync(dataDir, { recursive: true, force: true });
