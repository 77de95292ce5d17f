import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { NotFound, UserFacingError } from '../lib/errors.js';
import { formatNumber } from '../lib/format.js';
import {
  findImportJob,
  findSilentImportJobs,
  finishImportJob,
  insertImportJob,
  markImportJobsInterrupted,
  touchImportJobs,
} from './import-repo.js';
import { importMembers, type ImportMode, type ImportOptions, type ImportOutcome } from './import-service.js';

/**
 * Long imports run after the request that starts them. The job's row says how it
 * ended; the progress of a running job is kept by the process running it (a
 * progress write inside SQLite's single-writer transaction would wait on itself).
 */

const progress = new Map<number, { done: number; total: number }>();

export interface JobView {
  id: number;
  userId: number | null;
  fileName: string;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  done: number;
  total: number;
  outcome: ImportOutcome | null;
  error: string | null;
}

/**
 * This process, as the owner of the jobs it runs: host, pid and a random id drawn at start.
 * A job is alive while its owner touches it; on SQLite the touch waits behind the import's own
 * transaction, so a silent job whose owner is a live process of this machine is alive too.
 */
const BOOT_ID = `${os.hostname().slice(0, 30)}:${process.pid}:${randomBytes(9).toString('base64url')}`;
const HEARTBEAT_MS = 15_000;
/** A running job not touched for this long, by a process not seen alive, belongs to a process that is gone. */
export const DEAD_JOB_MS = 60_000;

const INTERRUPTED =
  'Lần nhập này bị gián đoạn vì máy chủ đã dừng giữa chừng. Hãy tải tệp lên lại để nhập lại: đoàn viên đã có trong sổ sẽ không bị nhập hai lần.';

function ownerAliveHere(owner: string | null): boolean {
  if (!owner) return false;
  const [host, pid] = owner.split(':');
  if (host !== os.hostname().slice(0, 30) || !/^\d+$/.test(pid ?? '')) return false;
  // Our own pid under another id is an earlier run (a restarted container keeps its pids).
  if (Number(pid) === process.pid) return owner === BOOT_ID;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** At start: imports left `running` by a process that is gone are marked interrupted. */
export async function recoverInterruptedImports(ctx: DbContext, now = Date.now()): Promise<number> {
  const silent = await findSilentImportJobs(ctx, BOOT_ID, now - DEAD_JOB_MS);
  const dead = silent.filter((job) => !ownerAliveHere(job.owner)).map((job) => job.id);
  await markImportJobsInterrupted(ctx, dead, now);
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
  const id = await insertImportJob(ctx, { userId: user.id, fileName: request.fileName, total: request.rowCount, owner: BOOT_ID });
  progress.set(id, { done: 0, total: request.rowCount });
  // On the import's connection: on SQLite a beat from the site's connection would wait on the import's write lock.
  const stopHeartbeat = startHeartbeat(jobsCtx, id);
  void (async () => {
    let status: 'done' | 'failed' = 'failed';
    let result: unknown;
    try {
      const report = await importMembers(jobsCtx, user, request.bytes, request.fileName, request.options, mode, {
        onProgress: (done) => {
          progress.set(id, { done, total: request.rowCount });
        },
      });
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
  const result = row.result_json ? (JSON.parse(row.result_json) as ImportOutcome & { error?: string }) : null;
  // This process runs all of its live jobs in `progress`; another process's job is judged by its heartbeat.
  const silent = Date.now() - (row.heartbeat_at ?? row.updated_at) > DEAD_JOB_MS;
  const dead = row.status === 'running' && !live && (row.owner === BOOT_ID || (silent && !ownerAliveHere(row.owner)));
  const interrupted = dead || row.status === 'interrupted';
  return {
    id,
    userId: row.user_id,
    fileName: row.file_name,
    status: interrupted ? 'interrupted' : row.status,
    done: live?.done ?? row.done,
    total: live?.total ?? row.total,
    outcome: result && !result.error ? result : null,
    error: interrupted ? INTERRUPTED : (result?.error ?? null),
  };
}

/** An import the user started, for its progress page; anyone else's is not found. */
export async function readOwnImportJob(ctx: DbContext, user: AuthUser, id: number): Promise<JobView> {
  const job = await readImportJob(ctx, id);
  if (!job || job.userId !== user.id) throw new NotFound('Không có lần nhập này.');
  return job;
}
