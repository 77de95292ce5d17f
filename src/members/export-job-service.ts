import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { recordAudit } from '../audit/audit.js';
import type { AuthUser } from '../access/user.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import { dialectOf } from '../db/dialects/index.js';
import { formatIsoDate, todayInVietnam } from '../lib/dates.js';
import { Conflict, NotFound, UserFacingError } from '../lib/errors.js';
import { findUnitById } from '../org/repo.js';
import { registerSweptFolder } from '../web/pending-uploads.js';
import { memberWorkbookWriter } from './export.js';
import {
  findExportJob,
  findRunningExportJobs,
  findSilentExportJobs,
  finishExportJob,
  insertExportJob,
  markExportJobsInterrupted,
  touchExportJob,
  type ExportJobRow,
} from './export-repo.js';
import { DEAD_JOB_MS, ownerAliveHere, PROCESS_OWNER } from '../lib/process-owner.js';
import { describeFilters, filterParams, memberFilterOf } from './list-filter.js';
import * as policy from './policy.js';
import {
  countMembersInScope,
  countMembersInWindow,
  firstMembersInScope,
  listMembersInWindow,
  type MemberFilter,
  type MemberListKey,
} from './repo.js';
import type { ExportQuery } from './schema.js';

/**
 * The member list's .xlsx export runs after the request that starts it, as a job: rows are
 * read a page at a time by key (never an offset over the whole list) and streamed into the
 * file in DATA_DIR/exports, with a pause between pages so the site keeps answering. The job's
 * row says how far it got (touched every few seconds, so any process can show it) and how it
 * ended; the file is kept for a day, for the user who started the export only.
 */

export const EXPORT_FOLDER = 'exports';
/** Members of the registry's name order walked (and those of them the user reaches, written) between two pauses. */
export const EXPORT_PAGE_ROWS = 2_000;
const HEARTBEAT_MS = 5_000;
/** Exports one process runs at once: each keeps a core busy for about a minute per million rows. */
export const MAX_RUNNING_EXPORTS = 2;

const INTERRUPTED = 'Lần xuất này bị gián đoạn vì máy chủ đã dừng giữa chừng; tệp chưa được tạo. Hãy bấm “Xuất lại”.';
const FAILED = 'Lỗi hệ thống khi xuất danh sách; tệp chưa được tạo. Hãy thử lại sau, hoặc báo quản trị viên nếu vẫn lỗi.';
export const EXPIRED = 'Tệp đã được xóa (tệp xuất chỉ được giữ một ngày). Hãy xuất lại.';
const DISK_FULL = 'Ổ đĩa của máy chủ đã đầy nên không ghi được tệp xuất. Hãy báo quản trị viên.';

export interface ExportFilter {
  unitId: number | null;
  unitName: string | null;
  /** The name searched for, as typed. */
  q: string;
  /** The list's other filters, as its query string writes them (none: current members). */
  params?: Record<string, string>;
  /** The filters in words. */
  described?: string[];
  /** The export holds the sensitive fields (số CCCD, dân tộc, tôn giáo): asked for, and logged. */
  sensitive?: boolean;
}

export interface ExportJobView {
  id: number;
  userId: number;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  done: number;
  total: number;
  filter: ExportFilter;
  error: string | null;
  createdAt: number;
  /** The file's name for the download. */
  downloadName: string;
  /** A finished export's file size (null: not finished, or the file was removed after a day). */
  fileSize: number | null;
}

/** Rows written so far by the exports this process runs. */
const progress = new Map<number, number>();
const running = new Set<Promise<void>>();
/** Exports this process runs or is starting. */
let reserved = 0;

/** Resolves when every export this process runs has ended (tests, shutdown). */
export async function exportsSettled(): Promise<void> {
  while (running.size > 0) await Promise.all([...running]);
}

const fileOf = (dataDir: string, fileName: string) => path.join(dataDir, EXPORT_FOLDER, fileName);

/** The exports' folder is swept with the waiting uploads: a file older than a day is removed. */
export function exportFolder(dataDir: string): string {
  registerSweptFolder(EXPORT_FOLDER);
  return path.join(dataDir, EXPORT_FOLDER);
}

/** At start: exports left `running` by a process that is gone are marked interrupted, and their part-written files removed. */
export async function recoverInterruptedExports(ctx: DbContext, dataDir: string, now = Date.now()): Promise<number> {
  const silent = await findSilentExportJobs(ctx, PROCESS_OWNER, now - DEAD_JOB_MS);
  const dead = silent.filter((job) => !ownerAliveHere(job.owner));
  await markExportJobsInterrupted(
    ctx,
    dead.map((job) => job.id),
    now,
  );
  for (const job of dead) await fs.rm(`${fileOf(dataDir, job.file_name)}.partial`, { force: true });
  return dead.length;
}

export interface ExportRunner {
  /** Where the site reads. */
  ctx: DbContext;
  /** Where the job's own writes go (on SQLite the second connection, so a beat never waits on the main thread). */
  jobsCtx: DbContext;
  dataDir: string;
  onError?: (err: unknown) => void;
  /** Rows a page (default EXPORT_PAGE_ROWS). */
  pageRows?: number;
}

/**
 * Starts exporting the current members the user reaches (within `query.don_vi`'s subtree, whose
 * name holds `query.q`): checks the scope, counts the rows, records the job and the audit event
 * in one transaction, and returns the job's id while the file is written.
 */
export async function startMemberExport(runner: ExportRunner, user: AuthUser, query: ExportQuery): Promise<number> {
  const { ctx } = runner;
  const unitId = query.don_vi;
  await policy.authorizeExport(ctx, user, unitId);
  const sensitive = query.nhay_cam ?? false;
  const { q: _q, don_vi: _u, ...others } = filterParams(query);
  const params: Record<string, string> = others;
  // One export at a time for each user: a second press of the same export shows the one under way.
  for (const row of await findRunningExportJobs(ctx, user.id)) {
    const job = await viewOf(runner.dataDir, row);
    if (job.status !== 'running') continue;
    if (
      job.filter.unitId === unitId &&
      job.filter.q === query.q.trim().slice(0, 100) &&
      JSON.stringify(job.filter.params ?? {}) === JSON.stringify(params) &&
      Boolean(job.filter.sensitive) === sensitive
    )
      return job.id;
    throw new Conflict('Bạn đang có một lần xuất danh sách chưa xong. Hãy chờ nó xong (xem ở trang của lần xuất đó) rồi xuất tiếp.');
  }
  // A place is taken before the first wait, so requests arriving together cannot all pass.
  if (reserved >= MAX_RUNNING_EXPORTS) throw new Conflict('Máy chủ đang xuất các danh sách khác. Hãy thử lại sau ít phút.');
  reserved++;
  let started = false;
  try {
    const unit = unitId !== null ? await findUnitById(ctx, unitId) : undefined;
    const described = describeFilters(query);
    const filter: ExportFilter = {
      unitId,
      unitName: unit?.short_name ?? null,
      q: query.q.trim().slice(0, 100),
      params,
      described,
      sensitive,
    };
    const rows: MemberFilter = memberFilterOf({ ...query, q: filter.q }, unitId);
    const total = await countRows(ctx, user, rows);
    const fileName = `${randomBytes(18).toString('base64url')}.xlsx`;
    await fs.mkdir(exportFolder(runner.dataDir), { recursive: true });
    const id = await inTransaction(ctx, async (tx) => {
      const id = await insertExportJob(tx, { userId: user.id, kind: 'members', fileName, total, filter, owner: PROCESS_OWNER });
      await recordAudit(tx, {
        actor: actorOf(user),
        action: 'member.export',
        entity: 'member',
        entityId: 'xlsx',
        unitId,
        // Whether the sensitive fields were asked for is part of the record, as the law requires.
        after: { job_id: id, rows: total, filter: { unit_id: unitId, q: rows.nameQuery, ...params }, sensitive },
      });
      return id;
    });
    const what = described.length ? ` — ${described.join('; ')}` : '';
    const title = `Danh sách đoàn viên ${unit?.full_name ?? 'các đơn vị trong phạm vi'}${what} (đến ngày ${formatIsoDate(todayInVietnam())})`;
    progress.set(id, 0);
    const job = runExport(runner, user, { id, fileName, title, total, sensitive }, rows).finally(() => {
      running.delete(job);
      reserved--;
    });
    running.add(job);
    started = true;
    return id;
  } finally {
    if (!started) reserved--;
  }
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Members of the name index counted between two pauses (a one-statement count of a whole country held SQLite's thread for 0.6 s). */
const COUNT_WINDOW = 50_000;

/**
 * The rows an export will write. Where statements run on the event loop (SQLite), counted window
 * by window, so the site keeps answering while a large scope is counted; elsewhere, at once.
 */
async function countRows(ctx: DbContext, user: AuthUser, filter: MemberFilter): Promise<number> {
  if (!dialectOf(ctx).statementsHoldEventLoop) return countMembersInScope(ctx, user, policy.READ, filter);
  let total = 0;
  let after: MemberListKey | null = null;
  for (;;) {
    const window = await countMembersInWindow(ctx, user, policy.READ, filter, after, COUNT_WINDOW);
    total += window.count;
    if (!window.next) return total;
    after = window.next;
    await pause();
  }
}

async function runExport(
  { ctx, jobsCtx, dataDir, onError, pageRows = EXPORT_PAGE_ROWS }: ExportRunner,
  user: AuthUser,
  { id, fileName, title, total, sensitive }: { id: number; fileName: string; title: string; total: number; sensitive: boolean },
  filter: MemberFilter,
): Promise<void> {
  const file = fileOf(dataDir, fileName);
  const partial = `${file}.partial`;
  let done = 0;
  let beating = false;
  const beat = setInterval(() => {
    if (beating) return;
    beating = true;
    touchExportJob(jobsCtx, id, done, Date.now())
      .catch(() => {})
      .finally(() => {
        beating = false;
      });
  }, HEARTBEAT_MS);
  beat.unref();
  let outcome: { status: 'done' | 'failed'; error: string | null };
  const writer = memberWorkbookWriter(partial, title, undefined, sensitive);
  try {
    // A short list is read at once (what its count cost); a long one window by window of the name index.
    const short = total <= pageRows ? await firstMembersInScope(ctx, user, policy.READ, filter, pageRows + 1, sensitive) : null;
    if (short && short.length <= pageRows) {
      await writer.add(short);
      done = short.length;
    } else {
      let after: MemberListKey | null = null;
      for (;;) {
        const page = await listMembersInWindow(ctx, user, policy.READ, filter, after, pageRows, sensitive);
        await writer.add(page.rows);
        done += page.rows.length;
        progress.set(id, done);
        if (!page.next) break;
        after = page.next;
        // Pages and other requests waiting for the event loop go first.
        await pause();
      }
    }
    await writer.finish();
    await fs.rename(partial, file);
    outcome = { status: 'done', error: null };
  } catch (e) {
    onError?.(e);
    await writer.abort().catch(() => {});
    await fs.rm(partial, { force: true }).catch(() => {});
    const message = (e as NodeJS.ErrnoException).code === 'ENOSPC' ? DISK_FULL : e instanceof UserFacingError ? e.message : FAILED;
    outcome = { status: 'failed', error: message };
  }
  clearInterval(beat);
  try {
    await finishExportJob(jobsCtx, id, { ...outcome, done, total: outcome.status === 'done' ? done : total });
  } catch (e) {
    // The row stays `running` without a runner: its page shows it interrupted.
    onError?.(e);
  } finally {
    progress.delete(id);
  }
}

function parseFilter(json: string): ExportFilter {
  const f = JSON.parse(json) as Partial<ExportFilter>;
  return {
    unitId: f.unitId ?? null,
    unitName: f.unitName ?? null,
    q: f.q ?? '',
    params: f.params ?? {},
    described: f.described ?? [],
    sensitive: f.sensitive ?? false,
  };
}

async function viewOf(dataDir: string, row: ExportJobRow): Promise<ExportJobView> {
  const id = Number(row.id);
  const live = progress.get(id);
  // This process runs all of its live jobs in `progress`; another process's job is judged by its heartbeat.
  const silent = Date.now() - (row.heartbeat_at ?? row.updated_at) > DEAD_JOB_MS;
  const dead = row.status === 'running' && live === undefined && (row.owner === PROCESS_OWNER || (silent && !ownerAliveHere(row.owner)));
  const status = dead ? 'interrupted' : row.status;
  return {
    id,
    userId: row.user_id,
    status,
    done: live ?? row.done,
    total: row.total,
    filter: parseFilter(row.filter_json),
    error: status === 'interrupted' ? INTERRUPTED : row.error,
    createdAt: row.created_at,
    downloadName: `doan-vien-${todayInVietnam(new Date(row.created_at))}.xlsx`,
    fileSize: status === 'done' ? await sizeOf(fileOf(dataDir, row.file_name)) : null,
  };
}

const sizeOf = (file: string) =>
  fs.stat(file).then(
    (s) => s.size,
    () => null,
  );

async function ownJob(ctx: DbContext, user: AuthUser, id: number): Promise<ExportJobRow> {
  const row = await findExportJob(ctx, id);
  if (!row || row.user_id !== user.id) throw new NotFound('Không có lần xuất này.');
  return row;
}

/** An export the user started, for its progress page; anyone else's is not found. */
export async function readOwnExportJob(ctx: DbContext, dataDir: string, user: AuthUser, id: number): Promise<ExportJobView> {
  return viewOf(dataDir, await ownJob(ctx, user, id));
}

/** The file of a finished export of the user's, to download; anyone else's, an unfinished one or a removed file: not found. */
export async function openOwnExportFile(
  ctx: DbContext,
  dataDir: string,
  user: AuthUser,
  id: number,
): Promise<{ path: string; size: number; downloadName: string }> {
  const row = await ownJob(ctx, user, id);
  const job = await viewOf(dataDir, row);
  if (job.status !== 'done') throw new NotFound('Tệp của lần xuất này chưa có.');
  if (job.fileSize === null) throw new NotFound(EXPIRED);
  return { path: fileOf(dataDir, row.file_name), size: job.fileSize, downloadName: job.downloadName };
}
