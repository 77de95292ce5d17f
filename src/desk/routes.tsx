import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { NotFound } from '../lib/errors.js';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { deskLists, menuCounts, WaitingCache, type WaitingItem } from './service.js';
import { DeskPage } from './views/desk.js';

export interface DeskOptions {
  ctx: DbContext;
}

/** The user's waiting work, asked at most once per request: the desk page and the menu share it. */
function waitingOnce(cache: WaitingCache) {
  const asked = new WeakMap<FastifyRequest, Promise<WaitingItem[]>>();
  return (req: FastifyRequest, fresh = false) => {
    let items = asked.get(req);
    if (!items) {
      items = fresh ? cache.fresh(currentUser(req)) : cache.recent(currentUser(req));
      asked.set(req, items);
    }
    return items;
  };
}

async function showDesk(ctx: DbContext, waiting: ReturnType<typeof waitingOnce>, req: FastifyRequest, reply: FastifyReply) {
  const [items, lists] = await Promise.all([waiting(req, true), deskLists(ctx, currentUser(req))]);
  return sendAdminPage(req, reply, { title: 'Việc cần làm' }, () => <DeskPage items={items} {...lists} />);
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** /quan-tri: what waits for the user; and the admin menu's counts on every admin page. */
export function registerDeskRoutes(app: FastifyInstance, { ctx }: DeskOptions): void {
  const cache = new WaitingCache(ctx);
  const waiting = waitingOnce(cache);
  app.decorate('adminMenuCounts', async (req: FastifyRequest) => menuCounts(await waiting(req)));
  // A user's own write (approving, returning, accepting…) changes what waits for them: their next menu reads afresh.
  app.addHook('onSend', async (req, _reply, payload) => {
    if (req.user && WRITES.has(req.method)) cache.forget(req.user.id);
    return payload;
  });
  app.get('/quan-tri', { config: { access: 'signed-in' } }, (req, reply) => showDesk(ctx, waiting, req, reply));
  // An address under /quan-tri that no page answers: "not found" inside the admin layout, not the portal's page.
  app.get('/quan-tri/*', { config: { access: 'signed-in' } }, async () => {
    throw new NotFound('Không có trang quản trị nào ở địa chỉ này.');
  });
}
