import type { Selectable } from 'kysely';
import { isAnyOf, pairTable } from '../db/bulk.js';
import type { DbContext } from '../db/context.js';
import { dialectOf, type LookupConnection } from '../db/dialects/index.js';
import type { ImportJobTable } from '../db/schema.js';
import type { KeyedRow } from './import-writer.js';

/** The SQL of the member import: the registry lookups of its rows (its writes: import-writer.ts), and its jobs. */

/** Import keys of the rows found among the members' indexed keys (which keys a database indexes: `dialectOf`). */
export async function existingImportKeys({ ctx, send }: LookupConnection, rows: KeyedRow[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (rows.length === 0) return found;
  let query = ctx.db
    .selectFrom('members')
    .select('import_key')
    .where(
      isAnyOf(
        ctx,
        'import_key',
        rows.map((r) => r.importKey),
      ),
    );
  const indexed = dialectOf(ctx).memberImport.indexedImportKeys;
  if (indexed) query = query.where(indexed);
  for (const r of (await send(query.compile())).rows) if (r.import_key) found.add(r.import_key);
  return found;
}

/**
 * Members of the registry with the citizen ID, or the folded name and birth date, of one
 * of the rows (their names), and the import keys of those found by citizen ID.
 */
export interface PeopleFound {
  byId: Map<string, string>;
  keysById: Set<string>;
  byNameBirth: Map<string, string>;
}

export async function peopleMatching({ ctx, send }: LookupConnection, rows: KeyedRow[]): Promise<PeopleFound> {
  const ids = rows.flatMap((r) => (r.citizenId ? [r.citizenId] : []));
  const pairs = rows.flatMap((r) => (r.birthDate ? [[r.nameFolded, r.birthDate] as const] : []));
  const [withId, withNameBirth] = await Promise.all([
    ids.length
      ? send(
          ctx.db
            .selectFrom('members')
            .select(['citizen_id', 'full_name', 'import_key'])
            .where(isAnyOf(ctx, 'citizen_id', ids))
            .where('erased_at', 'is', null)
            .compile(),
        )
      : null,
    pairs.length
      ? send(
          ctx.db
            .selectFrom(pairTable(ctx, pairs).as('p'))
            .innerJoin('members as m', (j) => j.onRef('m.name_folded', '=', 'p.a').onRef('m.birth_date', '=', 'p.b'))
            .select(['m.name_folded', 'm.birth_date', 'm.full_name'])
            .where('m.erased_at', 'is', null)
            .compile(),
        )
      : null,
  ]);
  const byId = new Map<string, string>();
  const keysById = new Set<string>();
  for (const m of withId?.rows ?? []) {
    if (m.citizen_id) byId.set(m.citizen_id, m.full_name);
    if (m.import_key) keysById.add(m.import_key);
  }
  const byNameBirth = new Map<string, string>();
  for (const m of withNameBirth?.rows ?? []) byNameBirth.set(`${m.name_folded}|${m.birth_date}`, m.full_name);
  return { byId, keysById, byNameBirth };
}

/** A running import's row. */
export async function insertImportJob(
  ctx: DbContext,
  values: { userId: number; fileName: string; total: number; owner: string },
): Promise<number> {
  const now = Date.now();
  const row = await ctx.db
    .insertInto('import_jobs')
    .values({
      kind: 'members',
      user_id: values.userId,
      file_name: values.fileName.slice(0, 300),
      status: 'running',
      total: values.total,
      done: 0,
      result_json: null,
      created_at: now,
      updated_at: now,
      owner: values.owner,
      heartbeat_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** How an import ended. */
export async function finishImportJob(
  ctx: DbContext,
  id: number,
  values: { status: 'done' | 'failed'; done: number; result: unknown },
): Promise<void> {
  await ctx.db
    .updateTable('import_jobs')
    .set({ status: values.status, done: values.done, result_json: JSON.stringify(values.result), updated_at: Date.now() })
    .where('id', '=', id)
    .execute();
}

/** The running process is still at work on these jobs. */
export async function touchImportJobs(ctx: DbContext, ids: number[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db.updateTable('import_jobs').set({ heartbeat_at: now }).where('id', 'in', ids).where('status', '=', 'running').execute();
}

/** Jobs still `running`, not run by `self`, whose last heartbeat is older than `deadBefore`. */
export async function findSilentImportJobs(
  ctx: DbContext,
  self: string,
  deadBefore: number,
): Promise<Array<{ id: number; owner: string | null }>> {
  const rows = await ctx.db
    .selectFrom('import_jobs')
    .select(['id', 'owner'])
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('owner', 'is', null), eb('owner', '!=', self)]))
    .where((eb) =>
      eb.or([eb('heartbeat_at', '<', deadBefore), eb.and([eb('heartbeat_at', 'is', null), eb('updated_at', '<', deadBefore)])]),
    )
    .execute();
  return rows.map((r) => ({ id: Number(r.id), owner: r.owner }));
}

/** These jobs' process is gone: they end `interrupted` (unless one finished meanwhile). */
export async function markImportJobsInterrupted(ctx: DbContext, ids: number[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db
    .updateTable('import_jobs')
    .set({ status: 'interrupted', updated_at: now })
    .where('id', 'in', ids)
    .where('status', '=', 'running')
    .execute();
}

export async function findImportJob(ctx: DbContext, id: number): Promise<Selectable<ImportJobTable> | undefined> {
  return ctx.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the members' import lock for `jobId` when it is free, already this job's, or held by a
 * job whose holder stopped touching it before `staleBefore`. True when `jobId` holds it.
 */
export async function takeImportLock(ctx: DbContext, jobId: number, now: number, staleBefore: number): Promise<boolean> {
  const result = await ctx.db
    .updateTable('import_locks')
    .set({ job_id: jobId, taken_at: now })
    .where('name', '=', 'members')
    .where((eb) => eb.or([eb('job_id', 'is', null), eb('job_id', '=', jobId), eb('taken_at', '<', staleBefore)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The job holding the lock is still at work. */
export async function touchImportLock(ctx: DbContext, jobId: number, now: number): Promise<void> {
  await ctx.db.updateTable('import_locks').set({ taken_at: now }).where('name', '=', 'members').where('job_id', '=', jobId).execute();
}

export async function releaseImportLock(ctx: DbContext, jobIds: number[]): Promise<void> {
  if (jobIds.length === 0) return;
  await ctx.db
    .updateTable('import_locks')
    .set({ job_id: null, taken_at: null })
    .where('name', '=', 'members')
    .where('job_id', 'in', jobIds)
    .execute();
}

/** Up to `limit` members written by the job, with the unit of their joining period. */
export async function membersOfImportJob(
  ctx: DbContext,
  jobId: number,
  limit: number,
): Promise<Array<{ id: number; unitId: number; kept: boolean }>> {
  const rows = await ctx.db
    .selectFrom('members as m')
    .innerJoin('memberships as ms', 'ms.member_id', 'm.id')
    .select((eb) => [
      'm.id',
      'ms.unit_id',
      // A member changed since the import, or that other records now name, is kept: undoing the import must not lose work done on it.
      eb
        .or([
          eb('m.updated_at', '<>', eb.ref('m.created_at')),
          eb.exists(eb.selectFrom('memberships as o').select('o.id').whereRef('o.member_id', '=', 'm.id').whereRef('o.id', '<>', 'ms.id')),
          eb.exists(
            eb
              .selectFrom('care_cases as c')
              .select('c.id')
              .where((c) => c.or([c('c.member_id', '=', c.ref('m.id')), c('c.parent_member_id', '=', c.ref('m.id'))])),
          ),
          eb.exists(eb.selectFrom('member_transfer_requests as t').select('t.id').whereRef('t.member_id', '=', 'm.id')),
        ])
        .as('kept'),
    ])
    .where('m.import_job_id', '=', jobId)
    .orderBy('m.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), unitId: Number(r.unit_id), kept: Boolean(Number(r.kept)) }));
}

/** Removes these members of an import and their joining periods; `kept` ones only stop naming the job. */
export async function removeImportedMembers(ctx: DbContext, removed: number[], kept: number[]): Promise<void> {
  if (kept.length) await ctx.db.updateTable('members').set({ import_job_id: null }).where('id', 'in', kept).execute();
  if (removed.length === 0) return;
  await ctx.db.deleteFrom('memberships').where('member_id', 'in', removed).execute();
  await ctx.db.deleteFrom('members').where('id', 'in', removed).execute();
}

/** Members the job wrote that are still in the registry. */
export async function countMembersOfImportJob(ctx: DbContext, jobId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('import_job_id', '=', jobId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The units the job's members joined. */
export async function unitsOfImportJob(ctx: DbContext, jobId: number): Promise<number[]> {
  const rows = await ctx.db
    .selectFrom('members as m')
    .innerJoin('memberships as ms', 'ms.member_id', 'm.id')
    .select('ms.unit_id')
    .distinct()
    .where('m.import_job_id', '=', jobId)
    .execute();
  return rows.map((r) => Number(r.unit_id));
}

/** A row an import refused, as kept with its job. */
export interface RejectedRow {
  rowNumber: number;
  cells: string[];
  reason: string;
}

/** Keeps the rows an import refused with its job (the file's header row, and each row's cells and reason). */
export async function saveRejectedRows(ctx: DbContext, jobId: number, headers: string[], rows: RejectedRow[]): Promise<void> {
  await ctx.db
    .updateTable('import_jobs')
    .set({ rejected_headers: JSON.stringify(headers) })
    .where('id', '=', jobId)
    .execute();
  for (let i = 0; i < rows.length; i += 500) {
    await ctx.db
      .insertInto('import_rejected_rows')
      .values(
        rows
          .slice(i, i + 500)
          .map((r) => ({ job_id: jobId, row_number: r.rowNumber, cells_json: JSON.stringify(r.cells), reason: r.reason })),
      )
      .onConflict((oc) => oc.columns(['job_id', 'row_number']).doNothing())
      .execute();
  }
}

/** The rows a job refused, in the file's order, with its header row (null: the job kept none). */
export async function rejectedRowsOf(ctx: DbContext, jobId: number): Promise<{ headers: string[]; rows: RejectedRow[] } | null> {
  const job = await ctx.db.selectFrom('import_jobs').select('rejected_headers').where('id', '=', jobId).executeTakeFirst();
  if (!job?.rejected_headers) return null;
  const rows = await ctx.db
    .selectFrom('import_rejected_rows')
    .select(['row_number', 'cells_json', 'reason'])
    .where('job_id', '=', jobId)
    .orderBy('row_number')
    .execute();
  return {
    headers: JSON.parse(job.rejected_headers) as string[],
    rows: rows.map((r) => ({ rowNumber: Number(r.row_number), cells: JSON.parse(r.cells_json) as string[], reason: r.reason })),
  };
}

/** How many rows a job kept as refused. */
export async function countRejectedRows(ctx: DbContext, jobId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('import_rejected_rows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', '=', jobId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes the refused rows kept by jobs last touched before `before` (epoch ms); how many went. */
export async function deleteRejectedRowsBefore(ctx: DbContext, before: number): Promise<number> {
  const r = await ctx.db
    .deleteFrom('import_rejected_rows')
    .where('job_id', 'in', (eb) => eb.selectFrom('import_jobs').select('id').where('updated_at', '<', before))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The user's import jobs still running, or failed or interrupted since `since` (epoch ms), newest first (index import_jobs_user_status). */
export async function unfinishedImportJobsOf(
  ctx: DbContext,
  userId: number,
  since: number,
  limit: number,
): Promise<Array<Pick<Selectable<ImportJobTable>, 'id' | 'file_name' | 'status' | 'result_json' | 'updated_at'>>> {
  return ctx.db
    .selectFrom('import_jobs')
    .select(['id', 'file_name', 'status', 'result_json', 'updated_at'])
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([eb('status', '=', 'running'), eb.and([eb('status', 'in', ['failed', 'interrupted']), eb('updated_at', '>=', since)])]),
    )
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
