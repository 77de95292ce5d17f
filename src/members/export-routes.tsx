import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { idParam, parseQuery } from '../web/parse.js';
import { openOwnExportFile, readOwnExportJob, startMemberExport, type ExportRunner } from './export-job-service.js';
import { exportQuery } from './schema.js';
import { ExportProgress } from './views/export.js';

const read = { config: { access: { permission: 'record.read' as const } } };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function startExport(runner: ExportRunner, req: FastifyRequest, reply: FastifyReply) {
  const id = await startMemberExport(runner, currentUser(req), parseQuery(exportQuery, req.body ?? {}));
  return reply.redirect(`/quan-tri/doan-vien/xuat/${id}`, 303);
}

async function showProgress(runner: ExportRunner, req: FastifyRequest, reply: FastifyReply) {
  const job = await readOwnExportJob(runner.ctx, runner.dataDir, currentUser(req), idParam(req.params));
  if (job.status === 'running') reply.header('Refresh', '2');
  return sendAdminPage(req, reply, { title: 'Xuất danh sách đoàn viên', active: 'members', error: job.error }, (csrf) => (
    <ExportProgress csrf={csrf} job={job} />
  ));
}

async function sendFile(runner: ExportRunner, req: FastifyRequest, reply: FastifyReply) {
  const file = await openOwnExportFile(runner.ctx, runner.dataDir, currentUser(req), idParam(req.params));
  return reply
    .header('Content-Disposition', `attachment; filename="${file.downloadName}"`)
    .header('Content-Length', String(file.size))
    .header('Cache-Control', 'no-store')
    .type(XLSX)
    .send(fs.createReadStream(file.path));
}

/** The member list's export: started by a form, followed on its own page, downloaded by the user who started it. */
export function registerMemberExportRoutes(app: FastifyInstance, options: Omit<ExportRunner, 'onError'>): void {
  const runner: ExportRunner = { ...options, onError: (err) => app.log.error({ err }, 'member export failed') };
  app.post('/quan-tri/doan-vien/xuat', read, (req, reply) => startExport(runner, req, reply));
  app.get('/quan-tri/doan-vien/xuat/:id', read, (req, reply) => showProgress(runner, req, reply));
  app.get('/quan-tri/doan-vien/xuat/:id/tep', read, (req, reply) => sendFile(runner, req, reply));
}
