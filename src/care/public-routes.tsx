import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { renderDocument } from '../web/render.js';
import { Layout, type PageMeta } from '../web/views/layout.js';
import { idParams } from '../web/parse.js';
import { NotFoundPage } from '../web/views/pages.js';
import { publicFrame, publishedProgrammes } from './report-service.js';
import { programmePath, PUBLIC_PATH, PublishedProgrammePage, PublishedProgrammesPage } from './views/public.js';

/**
 * The portal's pages of programmes that publish their totals. They are not kept in the
 * portal's page cache: totals change whenever a case is paid or a payout reversed, which
 * does not bump the content version, so every request reads them afresh. The ETag still
 * spares the transfer of an unchanged page.
 */
type Deps = { ctx: DbContext; publicUrl?: string };
const pub = { config: { access: 'public' as const } };

async function send(
  { ctx, publicUrl }: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  meta: PageMeta,
  body: ComponentChildren,
  status = 200,
) {
  const { site, sections } = await publicFrame(ctx);
  const html = renderDocument(
    <Layout site={site} sections={sections} baseUrl={publicUrl ?? `${req.protocol}://${req.host}`} meta={meta}>
      {body}
    </Layout>,
  );
  const etag = `"${createHash('sha1').update(html).digest('base64url').slice(0, 20)}"`;
  reply.header('Cache-Control', 'public, no-cache').header('ETag', etag).header('Vary', 'Accept-Encoding');
  if (status === 200 && req.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

async function showProgrammes(deps: Deps, req: FastifyRequest, reply: FastifyReply) {
  const programmes = await publishedProgrammes(deps.ctx);
  const meta = { title: 'Chăm lo đoàn viên, người lao động', path: PUBLIC_PATH };
  return send(deps, req, reply, meta, <PublishedProgrammesPage programmes={programmes} />);
}

/** One programme's published totals; an unknown, unpublished or malformed id is the portal's not-found page. */
async function showProgramme(deps: Deps, req: FastifyRequest, reply: FastifyReply) {
  const asked = idParams.safeParse(req.params);
  const [p] = asked.success ? await publishedProgrammes(deps.ctx, asked.data.id) : [];
  if (!p) {
    const meta = { title: 'Không tìm thấy trang', path: req.url.split('?')[0] ?? PUBLIC_PATH, noindex: true };
    return send(deps, req, reply, meta, <NotFoundPage message="Chương trình này không có hoặc không công bố kết quả." />, 404);
  }
  const meta = {
    title: p.programme.name,
    path: programmePath(p.programme.id),
    description: `Kết quả chương trình ${p.programme.name} của ${p.organiser}.`,
  };
  return send(deps, req, reply, meta, <PublishedProgrammePage p={p} asOf={todayInVietnam()} />);
}

export function registerCarePublicRoutes(app: FastifyInstance, deps: Deps): void {
  app.get(PUBLIC_PATH, pub, (req, reply) => showProgrammes(deps, req, reply));
  app.get(`${PUBLIC_PATH}/:id`, pub, (req, reply) => showProgramme(deps, req, reply));
}
