import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import {
  appliedMigration,
  codeMigration,
  dataTables,
  foreignKeys,
  primaryKey,
  resetSequences,
  tableColumns,
  type ForeignKey,
} from '../db/catalog.js';
import type { Db } from '../db/connection.js';
import { inTransaction, type DbContext } from '../db/context.js';
import { migrateToLatest } from '../db/migrate.js';
import { indexArticle } from '../db/search/index.js';
import { htmlToText } from '../news/sanitize.js';
import { copyFileSummed, listFiles, sumFile } from './files.js';
import * as repo from './repo.js';
import { BACKUP_FORMAT, BACKUP_VERSION, manifestSchema, type FileEntry, type Manifest, type TableEntry } from './schema.js';

/**
 * A logical backup: every table as NDJSON in primary-key order, the files of DATA_DIR, and
 * a manifest of counts and checksums. The same format for both databases, so a backup of
 * one restores into the other.
 */

const PAGE = 1000;
/** Folders of DATA_DIR that hold uploads waiting for a preview and exports waiting to be downloaded: never part of a backup. */
const TEMPORARY_FOLDERS = ['imports', 'care-imports', 'exports'];
const BACKUPS_FOLDER = 'backups';

export interface Place {
  dataDir: string;
  /** The SQLite database file (left out of the files; it is the tables). */
  sqlitePath: string;
}

export interface BackupResult {
  dir: string;
  tables: number;
  rows: number;
  files: number;
  bytes: number;
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/-|:/g, '')
    .replace('T', '-');

/** Top-level entries of DATA_DIR that are not its data: the database files, backups, waiting uploads and `also`. */
function notData(place: Place, also: string[]): (name: string) => boolean {
  const db = path.resolve(place.sqlitePath);
  const dbFiles =
    path.dirname(db) === path.resolve(place.dataDir) ? ['', '-wal', '-shm', '-journal'].map((s) => path.basename(db) + s) : [];
  const inside = also
    .map((p) => path.relative(path.resolve(place.dataDir), path.resolve(p)).split(path.sep)[0] ?? '')
    .filter((first) => first && first !== '..' && !path.isAbsolute(first));
  const skipped = new Set([...dbFiles, BACKUPS_FOLDER, ...TEMPORARY_FOLDERS, ...inside]);
  return (name) => skipped.has(name);
}

export interface BackupOptions {
  now?: Date;
  /** Called after each table is written (tests write meanwhile, as the running site does). */
  afterTable?: (table: string) => Promise<void>;
}

export async function createBackup(ctx: DbContext, place: Place, to: string, options: BackupOptions = {}): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const name = `congdoan-${stamp(now)}`;
  const dir = path.join(to, name);
  const partial = path.join(to, `.${name}.partial`);
  await fs.mkdir(to, { recursive: true });
  if (await exists(dir)) throw new Error(`Đã có bản sao lưu ${dir}.`);
  await fs.rm(partial, { recursive: true, force: true });
  await fs.mkdir(path.join(partial, 'tables'), { recursive: true });
  try {
    const { migration, tables } = await inReadSnapshot(ctx, async (tx) => {
      const migration = await appliedMigration(tx);
      if (!migration) throw new Error('Cơ sở dữ liệu chưa được khởi tạo (chưa chạy congdoan migrate): không có gì để sao lưu.');
      const tables: TableEntry[] = [];
      for (const table of await dataTables(tx)) {
        tables.push(await dumpTable(tx, table, path.join(partial, 'tables', `${table}.ndjson`)));
        await options.afterTable?.(table);
      }
      return { migration, tables };
    });
    const files: FileEntry[] = [];
    for (const rel of await listFiles(place.dataDir, notData(place, [to]))) {
      const sum = await copyFileSummed(path.join(place.dataDir, rel), path.join(partial, 'files', rel)).catch(vanished);
      if (sum) files.push({ path: rel, ...sum });
    }
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: now.toISOString(),
      dialect: ctx.dialect,
      migration,
      tables,
      files,
    };
    await fs.writeFile(path.join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await fs.rename(partial, dir);
    return {
      dir,
      tables: tables.length,
      rows: tables.reduce((n, t) => n + t.rows, 0),
      files: files.length,
      bytes: files.reduce((n, f) => n + f.size, 0),
    };
  } catch (e) {
    await fs.rm(partial, { recursive: true, force: true });
    throw e;
  }
}

/** Every table read in one snapshot while the site keeps writing: REPEATABLE READ on PostgreSQL, one read transaction over SQLite's WAL. */
function inReadSnapshot<T>(ctx: DbContext, work: (tx: DbContext) => Promise<T>): Promise<T> {
  const transaction = ctx.db.transaction().setAccessMode('read only');
  return (ctx.dialect === 'sqlite' ? transaction : transaction.setIsolationLevel('repeatable read')).execute((trx) =>
    work({ db: trx, dialect: ctx.dialect }),
  );
}

async function dumpTable(tx: DbContext, table: string, file: string): Promise<TableEntry> {
  const columns = await tableColumns(tx, table);
  const key = await primaryKey(tx, table);
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  let rows = 0;
  let after: unknown[] | null = null;
  for (;;) {
    const page = await repo.readPage(tx, table, key, columns, after, rows, PAGE);
    for (const row of page) {
      const line = `${JSON.stringify(row)}\n`;
      hash.update(line);
      await write(out, line);
    }
    rows += page.length;
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) break;
    after = key.map((k) => last[k]);
  }
  out.end();
  await once(out, 'close');
  return { name: table, columns, key, rows, sha256: hash.digest('hex') };
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** A file removed while the backup ran (a care attachment deleted meanwhile) is left out; any other error stops the backup. */
function vanished(e: unknown): null {
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
  throw e;
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

// --- Verify ------------------------------------------------------------------------------------------

export async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, 'manifest.json'), 'utf8');
  } catch {
    throw new Error(`Không đọc được ${path.join(dir, 'manifest.json')}: đây không phải một bản sao lưu của congdoan.`);
  }
  const parsed = manifestSchema.safeParse(safeJson(text));
  if (!parsed.success) throw new Error(`Tệp manifest.json của ${dir} không hợp lệ.`);
  return parsed.data;
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** Every checksum and count of the backup against its manifest: the mismatches, in Vietnamese (none: the backup is whole). */
export async function verifyBackup(dir: string): Promise<{ manifest: Manifest | null; problems: string[] }> {
  let manifest: Manifest;
  try {
    manifest = await readManifest(dir);
  } catch (e) {
    return { manifest: null, problems: [(e as Error).message] };
  }
  const problems: string[] = [];
  for (const t of manifest.tables) {
    const file = `tables/${t.name}.ndjson`;
    const actual = await sumTableFile(path.join(dir, file));
    if (!actual) problems.push(`Thiếu tệp ${file} (bảng ${t.name}).`);
    else {
      if (actual.rows !== t.rows) problems.push(`Bảng ${t.name} (${file}): số dòng cần có ${t.rows}, thực có ${actual.rows}.`);
      if (actual.sha256 !== t.sha256)
        problems.push(`Bảng ${t.name} (${file}): mã kiểm tra sha256 cần có ${t.sha256}, thực có ${actual.sha256}.`);
    }
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const actual = await sumFile(path.join(dir, 'files', f.path));
    if (!actual) problems.push(`Thiếu tệp files/${f.path}.`);
    else {
      if (actual.size !== f.size) problems.push(`Tệp files/${f.path}: kích thước cần có ${f.size} byte, thực có ${actual.size} byte.`);
      if (actual.sha256 !== f.sha256)
        problems.push(`Tệp files/${f.path}: mã kiểm tra sha256 cần có ${f.sha256}, thực có ${actual.sha256}.`);
    }
  }
  for (const rel of await listFiles(path.join(dir, 'files'), () => false)) {
    if (!listed.has(rel)) problems.push(`Tệp files/${rel} không có trong manifest.json.`);
  }
  return { manifest, problems };
}

async function sumTableFile(file: string): Promise<{ rows: number; sha256: string } | null> {
  const sum = await sumFile(file);
  if (!sum) return null;
  let rows = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
  }
  return { rows, sha256: sum.sha256 };
}

// --- Restore -----------------------------------------------------------------------------------------

export interface RestoreResult {
  tables: { name: string; rows: number }[];
  files: number;
  indexed: number;
}

/** Brings a backup back into an empty database and an empty data folder; refuses, writing nothing, otherwise. */
export async function restoreBackup(db: Db, place: Place, dir: string): Promise<RestoreResult> {
  const { manifest, problems } = await verifyBackup(dir);
  if (!manifest || problems.length) throw new Error(`Bản sao lưu ${dir} không còn nguyên vẹn:\n  ${problems.join('\n  ')}`);
  const ctx: DbContext = { db: db.kysely, dialect: db.dialect };
  const present = await listFiles(place.dataDir, notData(place, [dir]));
  if (present.length)
    throw new Error(
      `Thư mục dữ liệu ${place.dataDir} không trống (có ${present.length} tệp, ví dụ ${present[0]}): chỉ khôi phục vào một thư mục dữ liệu trống.`,
    );
  if ((await appliedMigration(ctx)) !== null || (await dataTables(ctx)).length)
    throw new Error('Cơ sở dữ liệu không trống: chỉ khôi phục vào một cơ sở dữ liệu mới, chưa có bảng nào.');
  const code = await codeMigration();
  if (manifest.migration !== code)
    throw new Error(
      `Bản sao lưu ở phiên bản cơ sở dữ liệu ${manifest.migration}, phần mềm này ở phiên bản ${code}: hãy khôi phục bằng phiên bản phần mềm đã tạo bản sao lưu.`,
    );
  await migrateToLatest(db);
  const copied: string[] = [];
  try {
    return await restoreInTransaction(ctx, place, dir, manifest, copied);
  } catch (e) {
    await Promise.all(copied.map((f) => fs.rm(f, { force: true })));
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(
      `Khôi phục không thành công, không bảng nào được ghi (${why}). Cơ sở dữ liệu đã có lược đồ: hãy tạo lại một cơ sở dữ liệu trống trước khi thử lại.`,
    );
  }
}

/** Every table in one transaction, then the files: a failure anywhere rolls the tables back. */
function restoreInTransaction(ctx: DbContext, place: Place, dir: string, manifest: Manifest, copied: string[]): Promise<RestoreResult> {
  return inTransaction(ctx, async (tx) => {
    const tables = await dataTables(tx);
    const backedUp = manifest.tables.map((t) => t.name);
    const differ = [...tables.filter((t) => !backedUp.includes(t)), ...backedUp.filter((t) => !tables.includes(t))];
    if (differ.length) throw new Error(`Các bảng của bản sao lưu và của cơ sở dữ liệu khác nhau: ${differ.join(', ')}.`);
    const plan = insertionOrder(tables, await foreignKeys(tx, tables));
    // The migrations seed a few rows (settings, counters); the backup holds them as they were.
    for (const step of [...plan].reverse()) await repo.deleteAllRows(tx, step.table);
    const counts: RestoreResult['tables'] = [];
    const later: Deferred[] = [];
    for (const step of plan) {
      const entry = manifest.tables.find((t) => t.name === step.table) as TableEntry;
      counts.push({ name: entry.name, rows: await loadTable(tx, dir, entry, step.deferred, later) });
    }
    for (const d of later) await repo.updateRow(tx, d.table, d.key, d.values);
    await resetSequences(tx);
    const indexed = await rebuildSearchIndex(tx);
    for (const f of manifest.files) {
      const to = path.join(place.dataDir, f.path);
      const sum = await copyFileSummed(path.join(dir, 'files', f.path), to);
      copied.push(to);
      if (sum.sha256 !== f.sha256) throw new Error(`Tệp files/${f.path} đã thay đổi trong khi khôi phục.`);
    }
    return { tables: counts, files: manifest.files.length, indexed };
  });
}

interface Step {
  table: string;
  /** Columns written as null first and set once every row is in: references to the table itself or within a cycle. */
  deferred: string[];
}

/** Tables in an order where each comes after those it references. */
export function insertionOrder(tables: readonly string[], keys: readonly ForeignKey[]): Step[] {
  const placed = new Set<string>();
  const plan: Step[] = [];
  const remaining = [...tables].sort();
  while (remaining.length) {
    const ready = remaining.find((t) => keys.every((k) => k.table !== t || k.references === t || placed.has(k.references)));
    const table = ready ?? (remaining[0] as string);
    const deferred = keys.filter((k) => k.table === table && (k.references === table || !placed.has(k.references))).map((k) => k.column);
    plan.push({ table, deferred: [...new Set(deferred)] });
    placed.add(table);
    remaining.splice(remaining.indexOf(table), 1);
  }
  return plan;
}

interface Deferred {
  table: string;
  key: repo.Row;
  values: repo.Row;
}

/** Inserts the rows of one table file; the values of `deferred` columns are added to `later`. */
async function loadTable(tx: DbContext, dir: string, entry: TableEntry, deferred: string[], later: Deferred[]): Promise<number> {
  if (deferred.length && !entry.key.length) throw new Error(`Bảng ${entry.name} tự tham chiếu mà không có khóa chính.`);
  const file = `tables/${entry.name}.ndjson`;
  const hash = createHash('sha256');
  const batch = Math.max(1, Math.min(PAGE, Math.floor(30_000 / Math.max(1, entry.columns.length))));
  let rows: repo.Row[] = [];
  let count = 0;
  for await (const line of createInterface({ input: createReadStream(path.join(dir, file)), crlfDelay: Infinity })) {
    hash.update(`${line}\n`);
    const row = JSON.parse(line) as repo.Row;
    const values = Object.fromEntries(deferred.filter((c) => row[c] !== null && row[c] !== undefined).map((c) => [c, row[c]]));
    if (Object.keys(values).length) {
      later.push({ table: entry.name, key: Object.fromEntries(entry.key.map((k) => [k, row[k]])), values });
      for (const c of deferred) row[c] = null;
    }
    rows.push(row);
    count++;
    if (rows.length >= batch) {
      await repo.insertRows(tx, entry.name, rows);
      rows = [];
    }
  }
  await repo.insertRows(tx, entry.name, rows);
  if (count !== entry.rows || hash.digest('hex') !== entry.sha256) throw new Error(`Tệp ${file} đã thay đổi trong khi khôi phục.`);
  return count;
}

/** The search index is not in a backup: it is built again from the published articles. */
async function rebuildSearchIndex(tx: DbContext): Promise<number> {
  let after = 0;
  let indexed = 0;
  for (;;) {
    const page = await repo.publishedArticles(tx, after, PAGE);
    for (const a of page) {
      await indexArticle(tx.db, tx.dialect, a.id, { headline: a.headline, lead: a.lead, body: htmlToText(a.body_html) });
    }
    indexed += page.length;
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) return indexed;
    after = last.id;
  }
}
