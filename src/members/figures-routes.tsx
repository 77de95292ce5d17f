import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { sendDownload, XLSX_TYPE } from '../web/download.js';
import { parseQuery } from '../web/parse.js';
import { PRINT_SCRIPT } from '../web/views/print-frame.js';
import { exportFigures, figuresPage } from './figures-service.js';
import { figuresQuery } from './schema.js';
import { Figures, FIGURES_PATH } from './views/figures.js';

/** The figures page and its table by child unit as .xlsx. */

const read = { config: { access: { permission: 'record.read' as const } } };

async function showFigures(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const page = await figuresPage(ctx, currentUser(req), parseQuery(figuresQuery, req.query));
  const { root, figures, issuer } = page;
  return sendAdminPage(req, reply, { title: 'Số liệu đoàn viên', active: 'stats', scripts: [PRINT_SCRIPT] }, () =>
    root && figures && issuer ? (
      <Figures {...page} root={root} figures={figures} issuer={issuer} />
    ) : (
      <p>Chưa có đơn vị nào trong phạm vi của bạn.</p>
    ),
  );
}

async function exportRoute(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const { bytes, fileName } = await exportFigures(ctx, currentUser(req), parseQuery(figuresQuery, req.query));
  return sendDownload(reply, bytes, fileName, XLSX_TYPE);
}

export function registerFiguresRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get(FIGURES_PATH, read, (req, reply) => showFigures(ctx, req, reply));
  app.get(`${FIGURES_PATH}/xuat.xlsx`, read, (req, reply) => exportRoute(ctx, req, reply));
}
