import { hash } from 'node:crypto';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { AuthUser } from '../access/user.js';
import { recordAudit } from '../audit/audit.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, senderOf, type DbContext, type StatementSender } from '../db/context.js';
import { dialectOf, type LookupConnection } from '../db/dialects/index.js';
import type { Unit } from '../db/schema.js';
import { statementSenderOf } from '../db/sqlite-worker.js';
import { LongTransaction } from '../db/write-turns.js';
import { formatIsoDate, todayInVietnam } from '../lib/dates.js';
import { UserFacingError } from '../lib/errors.js';
import { fold } from '../lib/fold.js';
import { PROCESS_OWNER } from '../lib/process-owner.js';
import { listUnitsInScope } from '../org/repo.js';
import { mappedColumns } from '../spreadsheet/columns.js';
import { quote } from '../spreadsheet/errors.js';
import { openSpreadsheet, type SheetStream, type SheetTable } from '../spreadsheet/read.js';
import type { Upload } from '../web/multipart.js';
import { completeMapping, guessColumnMapping, type ColumnMapping } from './import/columns.js';
import { MemberRowChecker, type RowError, type ValidateContext, type ValidMemberRow } from './import/validate.js';
import { startImportJob } from './import-job-service.js';
import {
  existingImportKeys,
  finishImportJob,
  insertImportJob,
  membersOfImportJob,
  peopleMatching,
  releaseImportLock,
  removeImportedMembers,
  takeImportLock,
  touchImportLock,
  type PeopleFound,
} from './import-repo.js';
import { MemberImportWriter, type KeyedRow } from './import-writer.js';
import { admitRoots } from './policy.js';
import { rebuildCountsOf } from './repo.js';
import type { ChosenColumns, ImportReviewInput, ImportUploadInput } from './schema.js';

/**
 * Importing members from a spreadsheet: read → map columns → check the rows → look
 * them up in the registry → write. The preview (planMemberImport) checks the whole
 * file and writes nothing. The import (importMembers) checks, looks up and writes a
 * chunk at a time, each in a short transaction, and removes what it wrote when it must
 * write everything and the file holds an error. A row already imported (same unit, name,
 * birth and ID) is skipped, so the same file imported twice adds nothing.
 */

export interface ImportOptions {
  mapping?: ColumnMapping;
  defaultUnitId?: number;
  /** Joining date for rows whose file gives none. */
  defaultJoinedOn: string;
}

export interface ImportPlan {
  fileName: string;
  table: Pick<SheetTable, 'headers' | 'headerRow' | 'sheetName'> & { rowCount: number; sample: string[][] };
  mapping: ColumnMapping;
  errors: RowError[];
  /** Valid rows that are new to the registry. */
  newRows: number;
  /** Valid rows already imported before. */
  alreadyImported: number;
}

export type ImportMode = 'all' | 'valid-only';
export interface ImportOutcome {
  added: number;
  skipped: number;
  rejected: number;
}
export interface ImportReport extends ImportOutcome {
  fileName: string;
  rowCount: number;
  errors: RowError[];
  /** False when the import was to write every row and the file held errors: nothing was written. */
  written: boolean;
}

interface PreparedImport {
  fileName: string;
  sheet: SheetStream;
  mapping: ColumnMapping;
  check: ValidateContext;
  defaultJoinedOn: string;
}

interface CheckedChunk {
  /** How many data rows were checked. */
  rowCount: number;
  /** The cells of the first rows of the file (the first chunk only), for the preview. */
  sample: string[][];
  /** Valid rows new to the registry. */
  fresh: KeyedRow[];
  errors: RowError[];
  alreadyImported: number;
}

function importKey(r: ValidMemberRow): string {
  const text = [r.unitId, r.nameFolded, r.birthDate ?? r.birthYear ?? '', r.citizenId ?? ''].join('|');
  return hash('sha256', text).slice(0, 40);
}

const UNION_PREFIX = /^(cdcs|cong doan co so|cong doan)\s+/;
const foldedName = (name: string) => fold(name).replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * Units a user may import into, found by short or full name, folded, with or without
 * "CĐCS", "Công đoàn cơ sở" or "Công đoàn" in front ("Trường THPT Số 1" finds "CĐCS Trường
 * THPT Số 1"); a bare name that two units share finds neither.
 */
function unitResolver(units: Unit[]): (name: string) => number | null {
  const byName = new Map<string, number>();
  const byBareName = new Map<string, number | null>();
  for (const u of units) {
    if (u.level !== 'grassroots' && u.level !== 'division' && u.level !== 'group') continue;
    for (const name of [u.short_name, u.full_name]) {
      const key = foldedName(name);
      byName.set(key, u.id);
      const bare = key.replace(UNION_PREFIX, '');
      const seen = byBareName.get(bare);
      byBareName.set(bare, seen === undefined || seen === u.id ? u.id : null);
    }
  }
  return (name) => {
    const key = foldedName(name);
    return byName.get(key) ?? byBareName.get(key.replace(UNION_PREFIX, '')) ?? null;
  };
}

async function prepareImport(
  ctx: DbContext,
  user: AuthUser,
  bytes: Buffer,
  fileName: string,
  options: ImportOptions,
): Promise<PreparedImport> {
  const sheet = await openSpreadsheet(bytes, fileName);
  const mapping = options.mapping ?? guessColumnMapping(sheet.headers);
  const units = (await listUnitsInScope(ctx, admitRoots(user))).filter((u) => u.status === 'active');
  if (options.defaultUnitId !== undefined && !units.some((u) => u.id === options.defaultUnitId)) {
    // The reader's worker is let go at once rather than when the sheet is collected.
    sheet.close();
    throw new UserFacingError('Đơn vị mặc định không thuộc phạm vi của bạn.');
  }
  return {
    fileName,
    sheet,
    mapping,
    check: { resolveUnit: unitResolver(units), defaultUnitId: options.defaultUnitId },
    defaultJoinedOn: options.defaultJoinedOn,
  };
}

/** Chunks whose registry lookups may be under way while the next chunks are read and checked. */
const LOOKUPS_AHEAD = 2;
/** Rows of the file shown in the preview. */
const SAMPLE_ROWS = 5;
/** Rows checked in one go. */
const CHECK_SLICE = 1000;

/**
 * The rows of the file a chunk at a time, as they are read: checked and keyed, then
 * looked up in the registry. The lookups of the next chunks are sent
 * before a chunk is handed over: on SQLite they wait in the writer's queue behind the
 * writes of the chunks before, while Node goes on reading. A chunk's lookups need not
 * see the rows of the file before it: the checker and the keys already find a row
 * that repeats an earlier one.
 */
async function* checkedChunks(registry: Registry, prepared: PreparedImport): AsyncGenerator<CheckedChunk> {
  const { sheet, mapping } = prepared;
  const nameColumn = mappedColumns(mapping.fullName)
    .map((c) => sheet.headers[c] ?? '')
    .join(' + ');
  const checker = new MemberRowChecker(sheet.headers, mapping, prepared.check);
  const keys = new Map<string, number>();
  const ahead: Array<Promise<CheckedChunk>> = [];
  let first = true;
  for await (const rows of sheet.chunks()) {
    const errors: RowError[] = [];
    const keyed: KeyedRow[] = [];
    for (let i = 0; i < rows.length; i += CHECK_SLICE) {
      // Between slices Node handles the database's replies, so the next statement goes out at once.
      if (i > 0) await nextTurn();
      const slice = checker.check(rows.slice(i, i + CHECK_SLICE));
      for (const e of slice.errors) errors.push(e);
      for (const r of slice.valid) {
        // Rows are extended in place: a million-row file is not copied once more.
        // The period here starts on the admission date, else on the date the member joined the union, else on the form's date.
        const row = Object.assign(r, { joinedOn: r.joinedOn ?? r.unionJoinedOn ?? prepared.defaultJoinedOn, importKey: importKey(r) });
        // A row repeating an earlier one's citizen ID, or its name and full birth date, was
        // refused by the checker: only rows with neither need their keys remembered.
        if (row.citizenId || row.birthDate) {
          keyed.push(row);
          continue;
        }
        const first = keys.get(row.importKey);
        if (first === undefined) {
          keys.set(row.importKey, row.rowNumber);
          keyed.push(row);
        } else {
          errors.push({
            rowNumber: row.rowNumber,
            column: nameColumn,
            field: 'fullName',
            value: row.fullName,
            message: sameKeyMessage(row, first),
          });
        }
      }
    }
    // The rows' cells are let go here: while the chunk waits for its lookups, only the checked rows are kept.
    const lookedUp = lookUp(
      registry,
      { rowCount: rows.length, sample: first ? rows.slice(0, SAMPLE_ROWS).map((r) => r.cells) : [] },
      keyed,
      errors,
    );
    first = false;
    // Awaited in turn below; meanwhile a failure must not count as unhandled.
    lookedUp.catch(() => undefined);
    ahead.push(lookedUp);
    if (ahead.length > LOOKUPS_AHEAD) yield await (ahead.shift() as Promise<CheckedChunk>);
  }
  for (const lookedUp of ahead) yield await lookedUp;
}

/** Where an import looks rows up: queries built for `ctx`, sent by `send`. */
type Registry = LookupConnection;

/** A checked chunk's rows looked up in the registry: those already imported, and those that are people it holds. */
async function lookUp(
  registry: Registry,
  checked: Pick<CheckedChunk, 'rowCount' | 'sample'>,
  keyed: KeyedRow[],
  errors: RowError[],
): Promise<CheckedChunk> {
  // The three lookups are sent together: the people found matter only for rows not imported before.
  const [existing, people] = await Promise.all([existingImportKeys(registry, keyed), peopleMatching(registry, keyed)]);
  const fresh = keyed.filter((r) => !existing.has(r.importKey) && !people.keysById.has(r.importKey));
  const conflicts = registryConflicts(people, fresh);
  const conflictRows = new Set(conflicts.map((c) => c.rowNumber));
  return {
    ...checked,
    fresh: conflicts.length ? fresh.filter((r) => !conflictRows.has(r.rowNumber)) : fresh,
    errors: conflicts.length ? [...errors, ...conflicts] : errors,
    alreadyImported: keyed.length - fresh.length,
  };
}

/** Two rows of one unit with the same name and nothing else to tell them apart. */
function sameKeyMessage(row: KeyedRow, firstRow: number): string {
  const birth = row.birthYear ? `, cùng năm sinh ${row.birthYear}` : '';
  return `Đoàn viên ${quote(row.fullName)} trùng với dòng ${firstRow}: cùng họ tên và đơn vị${birth}, không có ngày sinh đầy đủ hay số CCCD để phân biệt hai người.`;
}

/** Rows that are people the registry already holds (same citizen ID, or same folded name and birth date). */
function registryConflicts({ byId, byNameBirth }: PeopleFound, rows: KeyedRow[]): RowError[] {
  const out: RowError[] = [];
  if (byId.size === 0 && byNameBirth.size === 0) return out;
  for (const r of rows) {
    const sameId = r.citizenId ? byId.get(r.citizenId) : undefined;
    const sameNameBirth = r.birthDate ? byNameBirth.get(`${r.nameFolded}|${r.birthDate}`) : undefined;
    if (sameId)
      out.push({
        rowNumber: r.rowNumber,
        column: 'Số CCCD',
        field: 'citizenId',
        value: r.citizenId ?? '',
        message: `Số CCCD "${r.citizenId}" trùng với đoàn viên đã có: ${sameId}.`,
      });
    else if (sameNameBirth)
      out.push({
        rowNumber: r.rowNumber,
        column: 'Họ và tên',
        field: 'fullName',
        value: r.fullName,
        message: `"${r.fullName}", sinh ngày ${formatIsoDate(r.birthDate ?? '')}, trùng với đoàn viên đã có: ${sameNameBirth}.`,
      });
  }
  return out;
}

const byRow = (a: RowError, b: RowError) => a.rowNumber - b.rowNumber;

/** What importing the file would do: every error, and how many rows are new. Writes nothing. */
export async function planMemberImport(
  ctx: DbContext,
  user: AuthUser,
  bytes: Buffer,
  fileName: string,
  options: ImportOptions,
): Promise<ImportPlan> {
  const prepared = await prepareImport(ctx, user, bytes, fileName, options);
  const { sheet } = prepared;
  const errors: RowError[] = [];
  const sample: string[][] = [];
  let rowCount = 0;
  let newRows = 0;
  let alreadyImported = 0;
  for await (const chunk of checkedChunks({ ctx, send: senderOf(ctx) }, prepared)) {
    sample.push(...chunk.sample);
    rowCount += chunk.rowCount;
    for (const e of chunk.errors) errors.push(e);
    newRows += chunk.fresh.length;
    alreadyImported += chunk.alreadyImported;
  }
  return {
    fileName,
    table: { headers: sheet.headers, headerRow: sheet.headerRow, sheetName: sheet.sheetName, rowCount, sample },
    mapping: completeMapping(prepared.mapping),
    errors: errors.sort(byRow),
    newRows,
    alreadyImported,
  };
}

export interface ImportRun {
  /** The job this import runs as (the web's progress page); without one, the import makes its own. */
  jobId?: number;
  /** After each chunk: the data rows done, and the share of the file read (0 to 1). */
  onProgress?: (rowsDone: number, shareRead: number) => Promise<void> | void;
  /** While another import holds the lock and this one waits its turn. */
  onWaiting?: () => void;
}

/**
 * Imports the file: every row (mode 'all': nothing at all if the file holds an error), or
 * only the valid rows. The file is read as the import goes, and written a chunk at a time
 * with an audit row each, in transactions that commit between chunks whenever another write
 * waits, and at least every two seconds (write-turns.ts): other writes wait for one chunk at
 * most, never for the whole file. The units' counts are recomputed once the
 * last chunk is in, a few units per transaction (per chunk, a unit that recurs would be
 * recomputed again and again). What the user sees is still all or nothing: an import that
 * meets an error it may not write, or fails, removes the members it wrote (undoImportJob)
 * before it reports. Imports run one at a time.
 */
export async function importMembers(
  ctx: DbContext,
  user: AuthUser,
  bytes: Buffer,
  fileName: string,
  options: ImportOptions,
  mode: ImportMode,
  run: ImportRun = {},
): Promise<ImportReport> {
  const prepared = await prepareImport(ctx, user, bytes, fileName, options);
  const ownJob = run.jobId === undefined;
  const jobId = run.jobId ?? (await insertImportJob(ctx, { userId: user.id, fileName, total: 0, owner: PROCESS_OWNER }));
  await waitForImportLock(ctx, jobId, run.onWaiting);
  let report: ImportReport;
  try {
    report = await writeInChunks(ctx, user, prepared, jobId, mode, run);
  } finally {
    await releaseImportLock(ctx, [jobId]);
  }
  if (ownJob) {
    const outcome = { added: report.added, skipped: report.skipped, rejected: report.rejected } satisfies ImportOutcome;
    await finishImportJob(ctx, jobId, { status: report.written ? 'done' : 'failed', done: report.rowCount, result: outcome });
  }
  return report;
}

/** A lock whose holder has not touched it for this long belongs to an import that is gone. */
export const LOCK_STALE_MS = 60_000;
/** How often a waiting import asks for the lock again. */
const LOCK_POLL_MS = 500;

async function waitForImportLock(ctx: DbContext, jobId: number, onWaiting?: () => void): Promise<void> {
  for (;;) {
    const now = Date.now();
    if (await takeImportLock(ctx, jobId, now, now - LOCK_STALE_MS)) return;
    onWaiting?.();
    await sleep(LOCK_POLL_MS);
  }
}

async function writeInChunks(
  ctx: DbContext,
  user: AuthUser,
  prepared: PreparedImport,
  jobId: number,
  mode: ImportMode,
  run: ImportRun,
): Promise<ImportReport> {
  // SQLite in a worker thread takes statements ahead of their replies (lookups sent beside a chunk's writes).
  const workerSend = statementSenderOf(ctx.db);
  // On the site's own SQLite connection (the demo, tests), the import's transaction holds the connection: others wait for it anyway.
  const long = new LongTransaction(ctx.db, workerSend !== undefined);
  const inLong: StatementSender = async (query) => (await long.current()).executeQuery(query);
  // SQLite's one connection looks up inside the open transaction; PostgreSQL on another connection of its pool.
  const registry = { ctx, send: workerSend ?? (ctx.dialect === 'sqlite' ? inLong : senderOf(ctx)) };
  const errors: RowError[] = [];
  let rowCount = 0;
  let skipped = 0;
  let added = 0;
  const units = new Set<number>();
  // One chunk is written while the next is read and checked.
  let writing: Promise<void> = Promise.resolve();
  try {
    for await (const chunk of checkedChunks(registry, prepared)) {
      const firstRow = rowCount + 1;
      rowCount += chunk.rowCount;
      for (const e of chunk.errors) errors.push(e);
      skipped += chunk.alreadyImported;
      // A file that must go in whole is still read to the end, for the list of its errors.
      const writes = mode === 'valid-only' || errors.length === 0;
      const rows = writes ? chunk.fresh : [];
      await writing;
      writing = writeChunk(long, ctx.dialect, workerSend ?? inLong, user, jobId, rows, {
        file: prepared.fileName,
        mode,
        rows: [firstRow, rowCount],
      });
      // Awaited in turn; meanwhile a failure must not count as unhandled.
      writing.catch(() => undefined);
      added += rows.length;
      for (const r of rows) units.add(r.unitId);
      await run.onProgress?.(rowCount, prepared.sheet.readShare());
    }
    await writing;
    await long.commit();
    if (mode === 'valid-only' || errors.length === 0) await recountUnits(ctx, jobId, [...units]);
  } catch (e) {
    await writing.catch(() => undefined);
    await long.rollback().catch(() => undefined);
    await undoImportJob(ctx, user, jobId);
    throw e;
  }
  const rejected = new Set(errors.map((x) => x.rowNumber)).size;
  errors.sort(byRow);
  if (mode === 'all' && errors.length > 0) {
    await undoImportJob(ctx, user, jobId);
    return { fileName: prepared.fileName, rowCount, errors, written: false, added: 0, skipped, rejected };
  }
  return { fileName: prepared.fileName, rowCount, errors, written: true, added, skipped, rejected };
}

/** Units whose counts are recomputed in one transaction. */
const RECOUNT_UNITS = 200;

/** Recomputes these units' counts (and the subtrees above them) from their periods, a few units per short transaction. */
export async function recountUnits(ctx: DbContext, jobId: number, unitIds: number[]): Promise<void> {
  for (let i = 0; i < unitIds.length; i += RECOUNT_UNITS) {
    await inTransaction(ctx, async (tx) => {
      await rebuildCountsOf(tx, unitIds.slice(i, i + RECOUNT_UNITS));
      await touchImportLock(tx, jobId, Date.now());
    });
  }
}

/** One chunk's members and its audit row, in the import's open transaction; an empty chunk only keeps the lock. */
async function writeChunk(
  long: LongTransaction,
  dialect: DbContext['dialect'],
  send: StatementSender,
  user: AuthUser,
  jobId: number,
  rows: KeyedRow[],
  what: { file: string; mode: ImportMode; rows: [number, number] },
): Promise<void> {
  const tx = { db: await long.current(), dialect };
  await touchImportLock(tx, jobId, Date.now());
  if (rows.length > 0) {
    const writer = new MemberImportWriter(dialectOf(tx).memberImport, send, jobId);
    await writer.add(rows);
    await writer.finish();
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'member.import',
      entity: 'import',
      entityId: jobId,
      unitId: user.unitId,
      after: { file: what.file, mode: what.mode, job: jobId, rows: what.rows, added: rows.length },
    });
  }
  // As soon as the chunk is in: short writes waiting for the lock, or a transaction grown old, get a commit.
  if (long.shouldCommit()) await long.commit();
}

/** Members removed in one transaction of an undo. */
const UNDO_CHUNK = 2000;

/**
 * Removes what an import wrote, a chunk of members per short transaction with its count
 * changes and audit row. Members changed since, or named by other records, are kept.
 */
export async function undoImportJob(ctx: DbContext, user: AuthUser, jobId: number): Promise<{ removed: number; kept: number }> {
  let removed = 0;
  let kept = 0;
  for (;;) {
    const done = await inTransaction(ctx, async (tx) => {
      const found = await membersOfImportJob(tx, jobId, UNDO_CHUNK);
      if (found.length === 0) return true;
      const gone = found.filter((m) => !m.kept);
      await removeImportedMembers(
        tx,
        gone.map((m) => m.id),
        found.filter((m) => m.kept).map((m) => m.id),
      );
      await rebuildCountsOf(tx, [...new Set(gone.map((m) => m.unitId))]);
      await recordAudit(tx, {
        actor: actorOf(user),
        action: 'member.import_undo',
        entity: 'import',
        entityId: jobId,
        unitId: user.unitId,
        after: { job: jobId, removed: gone.length, kept: found.length - gone.length },
      });
      removed += gone.length;
      kept += found.length - gone.length;
      return false;
    });
    if (done) return { removed, kept };
  }
}

const MAX_IMPORT_MB = 100;
export const MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1024 * 1024;

/** The units an upload may name for rows without one: active grassroots unions the user may import into. */
export async function importUnitChoices(ctx: DbContext, user: AuthUser): Promise<Unit[]> {
  return (await listUnitsInScope(ctx, admitRoots(user))).filter((u) => u.status === 'active' && u.level === 'grassroots');
}

/** An uploaded file waiting between its preview and its import, with what the upload form said. */
export interface PendingImport {
  fileName: string;
  defaultUnitId: number | null;
  joinedOn: string;
}

/** The first preview of an uploaded file: what importing it would do. Writes nothing. */
export async function previewUpload(
  ctx: DbContext,
  user: AuthUser,
  upload: Upload | undefined,
  input: ImportUploadInput,
): Promise<{ plan: ImportPlan; pending: PendingImport; bytes: Buffer }> {
  if (!upload) throw new UserFacingError('Chưa chọn tệp.');
  if ('tooLarge' in upload)
    throw new UserFacingError(
      `Tệp quá lớn: tối đa ${MAX_IMPORT_MB} MB. Tệp lớn hơn hãy chia nhỏ, hoặc nhờ quản trị viên nhập bằng dòng lệnh.`,
      413,
    );
  const pending = { fileName: upload.fileName, defaultUnitId: input.defaultUnitId, joinedOn: input.joinedOn ?? todayInVietnam() };
  const plan = await planMemberImport(ctx, user, upload.bytes, upload.fileName, {
    defaultUnitId: pending.defaultUnitId ?? undefined,
    defaultJoinedOn: pending.joinedOn,
  });
  return { plan, pending, bytes: upload.bytes };
}

/** The columns chosen in the preview over the guessed ones; a column the file does not have is none. */
export function chosenMapping(guessed: ColumnMapping, chosen: ChosenColumns, columns: number): ColumnMapping {
  const out = { ...guessed } as Record<string, unknown>;
  for (const [field, column] of Object.entries(chosen)) out[field] = column !== null && column < columns ? column : null;
  return out as unknown as ColumnMapping;
}

export type ImportReview = { preview: ImportPlan; error: string | null } | { jobId: number };

/**
 * The preview form sent back: checks the file again with the columns chosen, and starts the
 * import when asked to (every row of a file without errors, or only the valid rows).
 */
export async function reviewMemberImport(
  ctx: DbContext,
  jobsCtx: DbContext,
  user: AuthUser,
  file: { pending: PendingImport; bytes: Buffer },
  input: ImportReviewInput,
  onFinished: () => void,
): Promise<ImportReview> {
  const { pending, bytes } = file;
  const options = { defaultUnitId: pending.defaultUnitId ?? undefined, defaultJoinedOn: pending.joinedOn };
  let plan = await planMemberImport(ctx, user, bytes, pending.fileName, options);
  try {
    const mapping = chosenMapping(plan.mapping, input.columns, plan.table.headers.length);
    plan = await planMemberImport(ctx, user, bytes, pending.fileName, { ...options, mapping });
  } catch (e) {
    if (e instanceof UserFacingError) return { preview: plan, error: e.message };
    throw e;
  }
  const mode = input.mode;
  if (mode === null) return { preview: plan, error: null };
  if (mode === 'all' && plan.errors.length > 0)
    return { preview: plan, error: 'Tệp còn lỗi: hãy sửa tệp, hoặc chọn chỉ nhập các dòng hợp lệ.' };
  const request = { bytes, fileName: pending.fileName, options: { ...options, mapping: plan.mapping }, rowCount: plan.table.rowCount };
  return { jobId: await startImportJob(ctx, jobsCtx, user, request, mode, onFinished) };
}
