import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { formRoute, type FormState } from '../web/form-route.js';
import { idParam } from '../web/parse.js';
import { emptyForm, refuseTransferForm } from './schema.js';
import { acceptTransfer, cancelTransfer, refuseTransfer, transferRequestsPage } from './transfer-service.js';
import { TRANSFER_REQUESTS_PATH, TransferRequests } from './views/transfer-requests.js';

const write = { config: { access: { permission: 'record.write' as const } } };
type IdParams = { Params: { id: string } };

async function showRequests(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, form?: { requestId: number; state: FormState }) {
  const page = await transferRequestsPage(ctx, currentUser(req));
  return sendAdminPage(
    req,
    reply,
    { title: 'Đề nghị chuyển sinh hoạt', active: 'members', error: form?.state.error ?? null },
    (csrf) => <TransferRequests csrf={csrf} {...page} form={form} />,
    form?.state.status ?? 200,
  );
}

/** A decision on one request: a refusal comes back to the requests page with the message. */
function decision<S extends z.ZodType, R>(
  ctx: DbContext,
  schema: S,
  submit: (user: AuthUser, requestId: number, input: z.output<S>) => Promise<R>,
  done: (reply: FastifyReply, result: R) => unknown,
) {
  return formRoute<IdParams, S, R>({
    schema,
    show: (req, reply, state) => showRequests(ctx, req, reply, { requestId: idParam(req.params), state }),
    submit: (req, input) => submit(currentUser(req), idParam(req.params), input),
    done: (_req, reply, result) => done(reply, result),
  });
}

const accept = (ctx: DbContext) => (user: AuthUser, id: number) => acceptTransfer(ctx, user, id);
const refuse = (ctx: DbContext) => (user: AuthUser, id: number, input: { reason: string }) => refuseTransfer(ctx, user, id, input.reason);
const cancel = (ctx: DbContext) => (user: AuthUser, id: number) => cancelTransfer(ctx, user, id);

/** Transfer requests: the page of those waiting, and accepting, refusing, cancelling one. */
export function registerTransferRequestRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get(TRANSFER_REQUESTS_PATH, write, (req, reply) => showRequests(ctx, req, reply));
  app.post<IdParams>(
    `${TRANSFER_REQUESTS_PATH}/:id/nhan`,
    write,
    decision(ctx, emptyForm, accept(ctx), (reply, { memberId }) =>
      redirectWithNotice(reply, `/quan-tri/doan-vien/${memberId}`, 'Đã nhận đoàn viên chuyển đến.'),
    ),
  );
  app.post<IdParams>(
    `${TRANSFER_REQUESTS_PATH}/:id/tu-choi`,
    write,
    decision(ctx, refuseTransferForm, refuse(ctx), (reply) => redirectWithNotice(reply, TRANSFER_REQUESTS_PATH, 'Đã từ chối đề nghị.')),
  );
  app.post<IdParams>(
    `${TRANSFER_REQUESTS_PATH}/:id/huy`,
    write,
    decision(ctx, emptyForm, cancel(ctx), (reply) => redirectWithNotice(reply, TRANSFER_REQUESTS_PATH, 'Đã hủy đề nghị chuyển sinh hoạt.')),
  );
}
