import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { listSectionsWithCounts } from '../news/repo.js';
import { readSiteSettings } from '../site/settings.js';
import { renderDocument } from '../web/render.js';
import { Layout, type PageMeta } from '../web/views/layout.js';
import { NotFoundPage } from '../web/views/pages.js';
import { publishedProgrammes } from './report-service.js';
import { programmePath, PUBLIC_PATH, PublishedProgrammePage, PublishedProgrammesPage } from './views/public.js';

/**
 * The portal's pages of programmes that publish their totals. They are not kept in the
 * portal's page cache: totals change whenever a case is paid or a payout reversed, which
 * does not bump the content version, so every request reads them afresh. The ETag still
 * spares the transfer of an unchanged page.
 */
export function registerCarePublicRoutes(app: FastifyInstance, { ctx, publicUrl }: { ctx: DbContext; publicUrl?: string }): void {
  const pub = { config: { access: 'public' as const } };

  async function send(req: FastifyRequest, reply: FastifyReply, meta: PageMeta, body: ComponentChildren, status = 200) {
    const [site, sections] = await Promise.all([readSiteSettings(ctx), listSectionsWithCounts(ctx)]);
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

  app.get(PUBLIC_PATH, pub, async (req, reply) => {
    const programmes = await publishedProgrammes(ctx);
    return send(
      req,
      reply,
      { title: 'Chăm lo đoàn viên, người lao động', path: PUBLIC_PATH },
      <PublishedProgrammesPage programmes={programmes} />,
    );
  });

  app.get<{ Params: { id: string } }>(`${PUBLIC_PATH}/:id`, pub, async (req, reply) => {
    const id = /^\d{1,9}$/.test(req.params.id) ? Number(req.params.id) : 0;
    const [p] = id ? await publishedProgrammes(ctx, id) : [];
    if (!p) {
      return send(
        req,
        reply,
        { title: 'Không tìm thấy trang', path: req.url.split('?')[0] ?? PUBLIC_PATH, noindex: true },
        <NotFoundPage message="Chương trình này không có hoặc không công bố kết quả." />,
        404,
      );
    }
    const meta = {
      title: p.programme.name,
      path: programmePath(p.programme.id),
      description: `Kết quả chương trình ${p.programme.name} của ${p.organiser}.`,
    };
    return send(req, reply, meta, <PublishedProgrammePage p={p} asOf={todayInVietnam()} />);
  });
}
