import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { formRoute, freshForm, type FormState } from '../web/form-route.js';
import { readMultipartForm, uploadOf } from '../web/multipart.js';
import { idParam } from '../web/parse.js';
import { pendingUploads, type PendingMeta } from '../web/pending-uploads.js';
import { jobRejectedRows, memberImportTemplate, previewRejectedRows, TEMPLATE_FILE_NAME } from './import-files-service.js';
import { readOwnImportJob, undoInterruptedImport } from './import-job-service.js';
import {
  importUnitChoices,
  MAX_IMPORT_BYTES,
  previewUpload,
  reviewMemberImport,
  type ImportPlan,
  type PendingImport,
} from './import-service.js';
import { importReviewForm, importUploadForm } from './schema.js';
import { ImportPreview, ImportProgress, UploadForm } from './views/import.js';

const write = { config: { access: { permission: 'record.write' as const } } };

type PendingUpload = PendingMeta & PendingImport;
type Store = ReturnType<typeof pendingUploads<PendingUpload>>;
type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

async function showUpload(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, state: FormState) {
  const units = await importUnitChoices(ctx, currentUser(req));
  return sendAdminPage(
    req,
    reply,
    { title: 'Nhập đoàn viên từ tệp', active: 'members', error: state.error },
    (csrf) => <UploadForm csrf={csrf} units={units} today={todayInVietnam()} />,
    state.status,
  );
}

function showPreview(req: FastifyRequest, reply: FastifyReply, token: string, plan: ImportPlan, error: string | null) {
  return sendAdminPage(req, reply, { title: `Xem trước: ${plan.fileName}`, active: 'members', error }, (csrf) => (
    <ImportPreview csrf={csrf} token={token} plan={plan} />
  ));
}

/** The upload is kept aside for the import, and its preview shown. */
async function uploaded(store: Store, req: FastifyRequest, reply: FastifyReply, result: Awaited<ReturnType<typeof previewUpload>>) {
  const token = await store.save({ userId: currentUser(req).id, ...result.pending }, result.bytes);
  return showPreview(req, reply, token, result.plan, null);
}

async function review(ctx: DbContext, jobsCtx: DbContext, store: Store, req: TokenRequest, reply: FastifyReply) {
  const user = currentUser(req);
  const { token } = req.params;
  const { meta, bytes } = await store.load(token, user.id);
  const input = importReviewForm.parse(req.body ?? {});
  const outcome = await reviewMemberImport(ctx, jobsCtx, user, { pending: meta, bytes }, input, () => void store.remove(token));
  if ('preview' in outcome) return showPreview(req, reply, token, outcome.preview, outcome.error);
  return reply.redirect(`/quan-tri/doan-vien/nhap/tien-do/${outcome.jobId}`, 303);
}

async function showProgress(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const job = await readOwnImportJob(ctx, currentUser(req), idParam(req.params));
  if (job.status === 'running') reply.header('Refresh', '2');
  return sendAdminPage(req, reply, { title: `Nhập đoàn viên: ${job.fileName}`, active: 'members', error: job.error }, (csrf) => (
    <ImportProgress job={job} csrf={csrf} />
  ));
}

async function undoInterrupted(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const id = idParam(req.params);
  await undoInterruptedImport(ctx, currentUser(req), id);
  // The job's page says what was removed and kept.
  return reply.redirect(`/quan-tri/doan-vien/nhap/tien-do/${id}`, 303);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendXlsx(reply: FastifyReply, fileName: string, bytes: Buffer) {
  return reply
    .header('Content-Disposition', `attachment; filename="${fileName}"`)
    .header('Cache-Control', 'no-store')
    .type(XLSX)
    .send(bytes);
}

/** The rows the preview refuses, with the columns chosen on it (in the link's query). */
async function previewRejects(ctx: DbContext, store: Store, req: TokenRequest, reply: FastifyReply) {
  const user = currentUser(req);
  const { meta, bytes } = await store.load(req.params.token, user.id);
  const input = importReviewForm.parse(req.query ?? {});
  return sendXlsx(reply, 'dong-loi.xlsx', await previewRejectedRows(ctx, user, { pending: meta, bytes }, input));
}

export function registerMemberImportRoutes(
  app: FastifyInstance,
  { ctx, jobsCtx, dataDir }: { ctx: DbContext; jobsCtx: DbContext; dataDir: string },
): void {
  const store = pendingUploads<PendingUpload>(dataDir, 'imports');
  app.get('/quan-tri/doan-vien/nhap', write, (req, reply) => showUpload(ctx, req, reply, freshForm()));
  app.get('/quan-tri/doan-vien/nhap/mau.xlsx', write, async (req, reply) =>
    sendXlsx(reply, TEMPLATE_FILE_NAME, await memberImportTemplate(ctx, currentUser(req))),
  );
  app.get<{ Params: { token: string } }>('/quan-tri/doan-vien/nhap/:token/dong-loi.xlsx', write, (req, reply) =>
    previewRejects(ctx, store, req, reply),
  );
  app.get('/quan-tri/doan-vien/nhap/tien-do/:id/dong-loi.xlsx', write, async (req, reply) =>
    sendXlsx(reply, `dong-loi-lan-nhap-${idParam(req.params)}.xlsx`, await jobRejectedRows(ctx, currentUser(req), idParam(req.params))),
  );
  app.post(
    '/quan-tri/doan-vien/nhap',
    { ...write, preValidation: readMultipartForm(MAX_IMPORT_BYTES) },
    formRoute({
      schema: importUploadForm,
      show: (req, reply, state) => showUpload(ctx, req, reply, state),
      submit: (req, input) => previewUpload(ctx, currentUser(req), uploadOf(req), input),
      done: (req, reply, result) => uploaded(store, req, reply, result),
    }),
  );
  app.post<{ Params: { token: string } }>('/quan-tri/doan-vien/nhap/:token', write, (req, reply) =>
    review(ctx, jobsCtx, store, req, reply),
  );
  app.get('/quan-tri/doan-vien/nhap/tien-do/:id', write, (req, reply) => showProgress(ctx, req, reply));
  app.post('/quan-tri/doan-vien/nhap/tien-do/:id/huy', write, (req, reply) => undoInterrupted(jobsCtx, req, reply));
}
