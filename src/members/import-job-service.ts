import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { Conflict, NotFound, UserFacingError } from '../lib/errors.js';
import { formatNumber } from '../lib/format.js';
import { DEAD_JOB_MS, ownerAliveHere, PROCESS_OWNER } from '../lib/process-owner.js';
import { keepJobRejects } from './import-files-service.js';
import {
  countMembersOfImportJob,
  countRejectedRows,
  findImportJob,
  findSilentImportJobs,
  finishImportJob,
  insertImportJob,
  markImportJobsInterrupted,
  releaseImportLock,
  touchImportJobs,
  unfinishedImportJobsOf,
  unitsOfImportJob,
} from './import-repo.js';
import { importMembers, recountUnits, undoImportJob, type ImportMode, type ImportOptions, type ImportOutcome } from './import-service.js';

/**
 * Long imports run after the request that starts them. The job's row says how it
 * ended; the progress of a running job is kept by the process running it (the job's
 * row is written only when it starts, beats and ends).
 */

const progress = new Map<number, { done: number; total: number; waiting: boolean }>();

export interface JobView {
  id: number;
  userId: number | null;
  fileName: string;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  /** Running, but waiting for an import started before it to end. */
  waiting: boolean;
  done: number;
  total: number;
  /** Members the job wrote that are still in the registry (an interrupted job's undo removes them). */
  written: number;
  /** What the undo of an interrupted job removed, and kept because they were changed or named since. */
  undone: { removed: number; kept: number } | null;
  outcome: ImportOutcome | null;
  error: string | null;
  /** Rows the import refused, kept with the job (downloadable with their reasons). */
  rejectedRows: number;
}

const HEARTBEAT_MS = 15_000;

function interruptedMessage(written: number): string {
  const kept = written
    ? `${formatNumber(written)} đoàn viên đã được ghi trước khi dừng. Hãy tải tệp lên lại để nhập tiếp (các dòng đã ghi không bị nhập hai lần), hoặc hủy phần đã nhập.`
    : 'Chưa có đoàn viên nào được ghi. Hãy tải tệp lên lại để nhập.';
  return `Lần nhập này bị gián đoạn vì máy chủ đã dừng giữa chừng. ${kept}`;
}

/**
 * At start: imports left `running` by a process that is gone are marked interrupted, and the
 * counts of the units they wrote into (recomputed only at an import's end) are brought up to date.
 */
export async function recoverInterruptedImports(ctx: DbContext, now = Date.now()): Promise<number> {
  const silent = await findSilentImportJobs(ctx, PROCESS_OWNER, now - DEAD_JOB_MS);
  const dead = silent.filter((job) => !ownerAliveHere(job.owner)).map((job) => job.id);
  await markImportJobsInterrupted(ctx, dead, now);
  await releaseImportLock(ctx, dead);
  for (const id of dead) await recountUnits(ctx, id, await unitsOfImportJob(ctx, id));
  return dead.length;
}

/** Touches the job every HEARTBEAT_MS, skipping a beat while the last one still waits for the database. */
function startHeartbeat(jobsCtx: DbContext, id: number): () => void {
  let waiting = false;
  const timer = setInterval(() => {
    if (waiting) return;
    waiting = true;
    touchImportJobs(jobsCtx, [id], Date.now())
      .catch(() => {})
      .finally(() => {
        waiting = false;
      });
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** A file to import, as the preview checked it. */
export interface ImportRequest {
  bytes: Buffer;
  fileName: string;
  options: ImportOptions;
  rowCount: number;
}

export async function startImportJob(
  ctx: DbContext,
  jobsCtx: DbContext,
  user: AuthUser,
  request: ImportRequest,
  mode: ImportMode,
  onFinished?: () => void,
): Promise<number> {
  const id = await insertImportJob(ctx, { userId: user.id, fileName: request.fileName, total: request.rowCount, owner: PROCESS_OWNER });
  progress.set(id, { done: 0, total: request.rowCount, waiting: false });
  const stopHeartbeat = startHeartbeat(jobsCtx, id);
  void (async () => {
    let status: 'done' | 'failed' = 'failed';
    let result: unknown;
    try {
      const report = await importMembers(jobsCtx, user, request.bytes, request.fileName, request.options, mode, {
        jobId: id,
        onWaiting: () => progress.set(id, { done: 0, total: request.rowCount, waiting: true }),
        onProgress: (done) => {
          progress.set(id, { done, total: request.rowCount, waiting: false });
        },
      });
      // The rows refused stay with the job, to be downloaded from its page once it has ended.
      await keepJobRejects(ctx, id, request.bytes, request.fileName, report.errors).catch(() => undefined);
      if (report.written) {
        status = 'done';
        result = { added: report.added, skipped: report.skipped, rejected: report.rejected } satisfies ImportOutcome;
      } else {
        result = {
          error: `Tệp còn ${formatNumber(report.errors.length)} lỗi (dữ liệu đã thay đổi từ lúc xem trước); không có dòng nào được ghi. Hãy tải tệp lên lại.`,
        };
      }
    } catch (e) {
      result = { error: e instanceof UserFacingError ? e.message : 'Lỗi hệ thống khi ghi dữ liệu; không có dòng nào được ghi.' };
    }
    stopHeartbeat();
    try {
      await finishImportJob(ctx, id, { status, done: status === 'done' ? request.rowCount : 0, result });
    } catch {
      // The row stays `running` without a runner: its page shows it interrupted.
    } finally {
      progress.delete(id);
      onFinished?.();
    }
  })();
  return id;
}

export async function readImportJob(ctx: DbContext, id: number): Promise<JobView | undefined> {
  const row = await findImportJob(ctx, id);
  if (!row) return undefined;
  const live = progress.get(id);
  const result = row.result_json
    ? (JSON.parse(row.result_json) as ImportOutcome & { error?: string; undone?: { removed: number; kept: number } })
    : null;
  // This process runs all of its live jobs in `progress`; another process's job is judged by its heartbeat.
  const silent = Date.now() - (row.heartbeat_at ?? row.updated_at) > DEAD_JOB_MS;
  const dead = row.status === 'running' && !live && (row.owner === PROCESS_OWNER || (silent && !ownerAliveHere(row.owner)));
  const interrupted = dead || row.status === 'interrupted';
  const written = interrupted ? await countMembersOfImportJob(ctx, id) : 0;
  return {
    id,
    userId: row.user_id,
    fileName: row.file_name,
    status: interrupted ? 'interrupted' : row.status,
    waiting: live?.waiting ?? false,
    done: live?.done ?? row.done,
    total: live?.total ?? row.total,
    written,
    undone: result?.undone ?? null,
    outcome: result && !result.error && !result.undone ? result : null,
    error: interrupted ? interruptedMessage(written) : (result?.error ?? null),
    rejectedRows: row.rejected_headers ? await countRejectedRows(ctx, id) : 0,
  };
}

/** An import the user started, for its progress page; anyone else's is not found. */
export async function readOwnImportJob(ctx: DbContext, user: AuthUser, id: number): Promise<JobView> {
  const job = await readImportJob(ctx, id);
  if (!job || job.userId !== user.id) throw new NotFound('Không có lần nhập này.');
  return job;
}

/** Removes what an interrupted import of the user's wrote before it stopped. */
export async function undoInterruptedImport(ctx: DbContext, user: AuthUser, id: number): Promise<{ removed: number; kept: number }> {
  const job = await readOwnImportJob(ctx, user, id);
  if (job.status !== 'interrupted') throw new Conflict('Chỉ hủy được phần đã nhập của một lần nhập bị gián đoạn.');
  await markImportJobsInterrupted(ctx, [id], Date.now());
  await releaseImportLock(ctx, [id]);
  const outcome = await undoImportJob(ctx, user, id);
  await finishImportJob(ctx, id, { status: 'failed', done: 0, result: { undone: outcome } });
  return outcome;
}

/** A failed or interrupted import stays on the user's desk this long (then its progress page still tells). */
const UNFINISHED_SHOWN_MS = 7 * 24 * 3600 * 1000;
const UNFINISHED_LIMIT = 20;

export interface UnfinishedImport {
  id: number;
  fileName: string;
  status: 'running' | 'failed' | 'interrupted';
}

/**
 * The user's member imports that wait for them: running, or failed or interrupted in the last
 * 7 days and not undone since. Read from the jobs' rows alone (cheap enough for every admin page);
 * `live` asks each job's own view, which tells a running job whose process died.
 */
export async function unfinishedImports(ctx: DbContext, user: AuthUser, live = false): Promise<UnfinishedImport[]> {
  const rows = await unfinishedImportJobsOf(ctx, user.id, Date.now() - UNFINISHED_SHOWN_MS, UNFINISHED_LIMIT);
  const jobs = rows
    .filter((r) => !(r.result_json && (JSON.parse(r.result_json) as { undone?: unknown }).undone))
    .map((r) => ({ id: Number(r.id), fileName: r.file_name, status: r.status as UnfinishedImport['status'] }));
  if (!live) return jobs;
  const views = await Promise.all(jobs.map((j) => readImportJob(ctx, j.id)));
  return jobs.flatMap((j, i) => {
    const status = views[i]?.status;
    return status === undefined || status === 'done' ? [] : [{ ...j, status }];
  });
}
