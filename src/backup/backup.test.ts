import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DIALECTS, freshDb, type TestDb } from '../../test/harness.js';
import { codeMigration, dataTables, primaryKey, tableColumns } from '../db/catalog.js';
import { openDatabase, type Db, type DialectName } from '../db/connection.js';
import type { DbContext } from '../db/context.js';
import { searchArticles } from '../db/search/index.js';
import { parseSearchQuery } from '../db/search/query.js';
import { generateDemo } from '../demo/generate.js';
import { listFiles } from './files.js';
import { readPage, type Row } from './repo.js';
import { createBackup, insertionOrder, restoreBackup, verifyBackup } from './service.js';

interface Target {
  db: Db;
  ctx: DbContext;
  dataDir: string;
  sqlitePath: string;
  close(): Promise<void>;
}

/** A database with no table at all (never migrated) and an empty data folder. */
async function emptyTarget(dialect: DialectName): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-restore-'));
  const sqlitePath = path.join(dataDir, 'congdoan.sqlite');
  let url: string | undefined;
  let drop = async () => {};
  if (dialect === 'postgres') {
    const adminUrl = inject('postgresUrl');
    const name = `r_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
    drop = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const db = openDatabase({ databaseUrl: url, sqlitePath });
  return {
    db,
    ctx: { db: db.kysely, dialect },
    dataDir,
    sqlitePath,
    close: async () => {
      await db.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function allRows(ctx: DbContext, table: string): Promise<Row[]> {
  return readPage(ctx, table, await primaryKey(ctx, table), await tableColumns(ctx, table), null, 0, 1_000_000);
}

/** Every row of every table of `a` equals the row of `b` (sorted by content when the two databases may order keys differently). */
async function expectSameTables(a: DbContext, b: DbContext): Promise<number> {
  const tables = await dataTables(a);
  expect(await dataTables(b)).toEqual(tables);
  let rows = 0;
  for (const table of tables) {
    const [left, right] = await Promise.all([allRows(a, table), allRows(b, table)]);
    const canon = (rs: Row[]) => (a.dialect === b.dialect ? rs : rs.map((r) => JSON.stringify(r)).sort());
    expect(canon(right), table).toEqual(canon(left));
    rows += left.length;
  }
  return rows;
}

async function expectSameFiles(a: string, b: string): Promise<number> {
  const data = (n: string) => n === 'media' || n === 'care';
  const files = await listFiles(a, (n) => !data(n));
  expect(await listFiles(b, (n) => !data(n))).toEqual(files);
  for (const f of files) expect(fs.readFileSync(path.join(b, f)).equals(fs.readFileSync(path.join(a, f))), f).toBe(true);
  return files.length;
}

async function expectSameSearch(a: DbContext, b: DbContext, words: string[]): Promise<void> {
  let found = 0;
  for (const w of words) {
    const q = parseSearchQuery(w);
    if (!q) continue;
    const [x, y] = await Promise.all([searchArticles(a.db, a.dialect, q, 100, 0), searchArticles(b.db, b.dialect, q, 100, 0)]);
    expect(y.hits.map((h) => h.id).sort(), w).toEqual(x.hits.map((h) => h.id).sort());
    found += x.total;
  }
  expect(found).toBeGreaterThan(0);
}

const VITE_NODE = path.resolve('node_modules/vite-node/vite-node.mjs');

function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [VITE_NODE, 'src/cli.ts', ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const place = (t: { dataDir: string; sqlitePath: string }) => ({ dataDir: t.dataDir, sqlitePath: t.sqlitePath });

describe.each(DIALECTS)('backup and restore on %s', (dialect) => {
  let a: TestDb;
  let backups: string;
  let dir: string;
  let headlines: string[];
  beforeAll(async () => {
    a = await freshDb(dialect);
    await generateDemo(a, a.dataDir, { articles: 6, photos: 3, members: 120, cases: 8, now: new Date('2025-06-01T00:00:00Z') });
    fs.mkdirSync(path.join(a.dataDir, 'care', '1'), { recursive: true });
    fs.writeFileSync(path.join(a.dataDir, 'care', '1', 'giay-ra-vien.pdf'), '%PDF-1.4 giấy ra viện');
    fs.mkdirSync(path.join(a.dataDir, 'imports'), { recursive: true });
    fs.writeFileSync(path.join(a.dataDir, 'imports', 'cho-xem-truoc.bin'), 'tạm');
    backups = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-backups-'));
    dir = (await createBackup(a, place(a), backups, { now: new Date('2025-06-02T01:30:00Z') })).dir;
    const articles = await a.db.selectFrom('articles').select('headline').where('status', '=', 'published').execute();
    headlines = articles.map((r) => r.headline);
  });
  afterAll(async () => {
    await a?.close();
    fs.rmSync(backups, { recursive: true, force: true });
  });

  it('writes the tables, the files and a manifest, leaving out the search index and temporary files', async () => {
    expect(path.basename(dir)).toBe('congdoan-20250602-013000');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'congdoan-backup', version: 1, dialect, migration: await codeMigration() });
    const names = manifest.tables.map((t: { name: string }) => t.name);
    expect(names).toContain('units');
    expect(names.some((n: string) => n.startsWith('article_fts') || n.startsWith('kysely_'))).toBe(false);
    const paths = manifest.files.map((f: { path: string }) => f.path);
    expect(paths).toContain('care/1/giay-ra-vien.pdf');
    expect(paths.some((p: string) => p.startsWith('media/'))).toBe(true);
    expect(paths.some((p: string) => p.startsWith('imports/') || p.endsWith('.sqlite'))).toBe(false);
    expect(await verifyBackup(dir)).toMatchObject({ problems: [] });
  });

  it('restores into an empty database and data folder: every row, every file, the same search hits', async () => {
    const b = await emptyTarget(dialect);
    try {
      const done = await restoreBackup(b.db, place(b), dir);
      expect(done.indexed).toBe(headlines.length);
      expect(await expectSameTables(a, b.ctx)).toBeGreaterThan(500);
      expect(await expectSameFiles(a.dataDir, b.dataDir)).toBeGreaterThan(3);
      await expectSameSearch(a, b.ctx, [...headlines.slice(0, 3), 'cong doan', '"doan vien"']);
      // The sequences continue after the restored ids.
      const unit = await b.ctx.db
        .insertInto('units')
        .values({ parent_id: 1, level: 'grassroots', short_name: 'Mới', full_name: 'Công đoàn cơ sở mới', created_at: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(unit.id).toBeGreaterThan(Math.max(...(await allRows(a, 'units')).map((r) => Number(r.id))));
    } finally {
      await b.close();
    }
  }, 120_000);

  it('refuses a database or a data folder that is not empty, writing nothing', async () => {
    const before = await a.db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const db = { kysely: a.db, dialect, close: async () => {} };
    await expect(
      restoreBackup(db, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-empty-')), sqlitePath: a.sqlitePath }, dir),
    ).rejects.toThrow('Cơ sở dữ liệu không trống');
    const b = await emptyTarget(dialect);
    try {
      fs.writeFileSync(path.join(b.dataDir, 'ghi-chu.txt'), 'x');
      await expect(restoreBackup(b.db, place(b), dir)).rejects.toThrow('Thư mục dữ liệu');
      expect(await dataTables(b.ctx)).toEqual([]);
    } finally {
      await b.close();
    }
    expect(
      await a.db
        .selectFrom('units')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
  }, 60_000);

  it('verify-backup names the table file whose byte changed and refuses to restore it', async () => {
    const copy = path.join(backups, 'hong');
    fs.cpSync(dir, copy, { recursive: true });
    const file = path.join(copy, 'tables', 'units.ndjson');
    const bytes = fs.readFileSync(file);
    bytes[10] = bytes[10] === 0x41 ? 0x42 : 0x41;
    fs.writeFileSync(file, bytes);
    const { problems } = await verifyBackup(copy);
    expect(problems).toEqual([expect.stringContaining('tables/units.ndjson')]);
    const b = await emptyTarget(dialect);
    try {
      await expect(restoreBackup(b.db, place(b), copy)).rejects.toThrow('tables/units.ndjson');
      expect(await dataTables(b.ctx)).toEqual([]);
    } finally {
      await b.close();
    }
    if (dialect === 'sqlite') {
      expect(await cli({}, 'verify-backup', dir)).toMatchObject({ code: 0, stdout: expect.stringContaining('Bản sao lưu nguyên vẹn') });
      expect(await cli({}, 'verify-backup', copy)).toMatchObject({ code: 1, stderr: expect.stringContaining('tables/units.ndjson') });
    }
  }, 120_000);

  it('writes no table when a row cannot be restored', async () => {
    const copy = path.join(backups, 'trung');
    fs.cpSync(dir, copy, { recursive: true });
    const file = path.join(copy, 'tables', 'units.ndjson');
    const lines = fs.readFileSync(file, 'utf8');
    const twice = lines + lines.split('\n')[0] + '\n';
    fs.writeFileSync(file, twice);
    const manifestFile = path.join(copy, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    const units = manifest.tables.find((t: { name: string }) => t.name === 'units');
    units.rows += 1;
    units.sha256 = createHash('sha256').update(twice).digest('hex');
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    expect(await verifyBackup(copy)).toMatchObject({ problems: [] });
    const b = await emptyTarget(dialect);
    try {
      await expect(restoreBackup(b.db, place(b), copy)).rejects.toThrow('Khôi phục không thành công, không bảng nào được ghi');
      for (const table of ['units', 'members', 'articles']) expect(await allRows(b.ctx, table), table).toEqual([]);
      expect(await listFiles(b.dataDir, (n) => n.startsWith('congdoan.sqlite'))).toEqual([]);
    } finally {
      await b.close();
    }
  }, 60_000);

  it('reads every table in one snapshot while the site keeps writing', async () => {
    const writer = openDatabase({ databaseUrl: a.url, sqlitePath: a.sqlitePath });
    const units = await allRows(a, 'units');
    let wrote = 0;
    try {
      const made = await createBackup(a, place(a), path.join(backups, 'pendant'), {
        afterTable: async () => {
          // A unit saved by an officer between two tables of the backup.
          await writer.kysely
            .insertInto('units')
            .values({
              parent_id: 1,
              level: 'grassroots',
              short_name: `Mới ${wrote}`,
              full_name: `Công đoàn cơ sở mới ${wrote}`,
              created_at: 1,
            })
            .execute();
          wrote++;
        },
      });
      expect(wrote).toBeGreaterThan(5);
      const saved = fs
        .readFileSync(path.join(made.dir, 'tables', 'units.ndjson'), 'utf8')
        .trim()
        .split('\n');
      expect(saved.map((l) => JSON.parse(l))).toEqual(units);
    } finally {
      await writer.kysely.deleteFrom('units').where('short_name', 'like', 'Mới %').execute();
      await writer.close();
    }
  });

  if (dialect === 'sqlite') {
    it('runs from the command line: backup into DATA_DIR/backups, restore into an empty DATA_DIR', async () => {
      // The site as an operator has it: DATA_DIR with congdoan.sqlite beside the media.
      const source = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-cli-source-'));
      const target = fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-cli-restore-'));
      try {
        fs.cpSync(path.join(a.dataDir, 'media'), path.join(source, 'media'), { recursive: true });
        await sql`VACUUM INTO ${path.join(source, 'congdoan.sqlite')}`.execute(a.db);
        const made = await cli({ DATA_DIR: source, DATABASE_URL: '' }, 'backup');
        expect(made).toMatchObject({ code: 0, stdout: expect.stringContaining(`Đã sao lưu vào ${path.join(source, 'backups')}`) });
        const [name] = fs.readdirSync(path.join(source, 'backups'));
        const copy = path.join(source, 'backups', name ?? '');
        expect(await verifyBackup(copy)).toMatchObject({ problems: [] });
        const restored = await cli({ DATA_DIR: target, DATABASE_URL: '' }, 'restore', copy);
        expect(restored).toMatchObject({ code: 0, stdout: expect.stringMatching(/Đã khôi phục \d+ bảng/) });
        const again = await cli({ DATA_DIR: target, DATABASE_URL: '' }, 'restore', copy);
        expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('không trống') });
        const b = openDatabase({ sqlitePath: path.join(target, 'congdoan.sqlite') });
        try {
          await expectSameTables(a, { db: b.kysely, dialect: 'sqlite' });
        } finally {
          await b.close();
        }
        await expectSameFiles(source, target);
      } finally {
        fs.rmSync(source, { recursive: true, force: true });
        fs.rmSync(target, { recursive: true, force: true });
      }
    }, 120_000);

    it('restores a SQLite backup into PostgreSQL', async () => {
      const b = await emptyTarget('postgres');
      try {
        await restoreBackup(b.db, place(b), dir);
        expect(await expectSameTables(a, b.ctx)).toBeGreaterThan(500);
        await expectSameSearch(a, b.ctx, [...headlines.slice(0, 3), 'cong doan']);
      } finally {
        await b.close();
      }
    }, 120_000);
  }
});

describe('insertion order', () => {
  it('puts referenced tables first and defers references to the table itself and within cycles', () => {
    const plan = insertionOrder(
      ['members', 'units', 'a', 'b'],
      [
        { table: 'members', column: 'unit_id', references: 'units' },
        { table: 'units', column: 'parent_id', references: 'units' },
        { table: 'a', column: 'b_id', references: 'b' },
        { table: 'b', column: 'a_id', references: 'a' },
      ],
    );
    expect(plan.map((s) => s.table)).toEqual(['units', 'members', 'a', 'b']);
    expect(plan).toContainEqual({ table: 'units', deferred: ['parent_id'] });
    expect(plan).toContainEqual({ table: 'a', deferred: ['b_id'] });
    expect(plan).toContainEqual({ table: 'b', deferred: [] });
  });
});
