import type { Selectable } from 'kysely';
import type { DbContext } from '../db/context.js';
import type { ExportJobTable } from '../db/schema.js';

/** The SQL of export jobs (the rows they export are read through repo.ts). */

export type ExportJobRow = Selectable<ExportJobTable>;

export async function insertExportJob(
  ctx: DbContext,
  values: { userId: number; kind: string; fileName: string; total: number; filter: unknown; owner: string },
): Promise<number> {
  const now = Date.now();
  const row = await ctx.db
    .insertInto('export_jobs')
    .values({
      kind: values.kind,
      user_id: values.userId,
      file_name: values.fileName,
      status: 'running',
      done: 0,
      total: values.total,
      filter_json: JSON.stringify(values.filter),
      error: null,
      created_at: now,
      updated_at: now,
      owner: values.owner,
      heartbeat_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The running process is still at work on this job and has written `done` rows. */
export async function touchExportJob(ctx: DbContext, id: number, done: number, now: number): Promise<void> {
  await ctx.db.updateTable('export_jobs').set({ heartbeat_at: now, done }).where('id', '=', id).where('status', '=', 'running').execute();
}

/** How an export ended (unless it was marked interrupted meanwhile). */
export async function finishExportJob(
  ctx: DbContext,
  id: number,
  values: { status: 'done' | 'failed'; done: number; total: number; error: string | null },
): Promise<void> {
  await ctx.db
    .updateTable('export_jobs')
    .set({ ...values, updated_at: Date.now() })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function findExportJob(ctx: DbContext, id: number): Promise<ExportJobRow | undefined> {
  return ctx.db.selectFrom('export_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The user's exports still `running` (as their rows say), newest first. */
export async function findRunningExportJobs(ctx: DbContext, userId: number): Promise<ExportJobRow[]> {
  return ctx.db
    .selectFrom('export_jobs')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', '=', 'running')
    .orderBy('id', 'desc')
    .execute();
}

/** Jobs still `running`, not run by `self`, whose last heartbeat is older than `deadBefore`. */
export async function findSilentExportJobs(
  ctx: DbContext,
  self: string,
  deadBefore: number,
): Promise<Array<{ id: number; owner: string | null; file_name: string }>> {
  const rows = await ctx.db
    .selectFrom('export_jobs')
    .select(['id', 'owner', 'file_name'])
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('owner', 'is', null), eb('owner', '!=', self)]))
    .where((eb) =>
      eb.or([eb('heartbeat_at', '<', deadBefore), eb.and([eb('heartbeat_at', 'is', null), eb('updated_at', '<', deadBefore)])]),
    )
    .execute();
  return rows.map((r) => ({ id: Number(r.id), owner: r.owner, file_name: r.file_name }));
}

/** These jobs' process is gone: they end `interrupted` (unless one finished meanwhile). */
export async function markExportJobsInterrupted(ctx: DbContext, ids: number[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db
    .updateTable('export_jobs')
    .set({ status: 'interrupted', updated_at: now })
    .where('id', 'in', ids)
    .where('status', '=', 'running')
    .execute();
}
