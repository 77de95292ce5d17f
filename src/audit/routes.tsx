import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { parseQuery } from '../web/parse.js';
import { auditQuerySchema } from './schema.js';
import { auditPage } from './service.js';
import { AuditPageView } from './views/audit-page.js';

async function showAuditPage(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const data = await auditPage(ctx, currentUser(req), parseQuery(auditQuerySchema, req.query));
  return sendAdminPage(req, reply, { title: 'Nhật ký thay đổi', active: 'audit' }, () => <AuditPageView data={data} />);
}

export function registerAuditRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get('/quan-tri/nhat-ky', { config: { access: { permission: 'audit.read' } } }, (req, reply) => showAuditPage(ctx, req, reply));
}
