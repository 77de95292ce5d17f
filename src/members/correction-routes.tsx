import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { formRoute, freshForm, type FormState } from '../web/form-route.js';
import { parseParams } from '../web/parse.js';
import { correctionParams, EVENT_NAMES, redateForm, undoForm, type CorrectionTarget } from './correction-schema.js';
import { correctionPage, redateEvent, undoEvent, type CorrectionPlan } from './correction-service.js';
import { RedateForm, UndoConfirm } from './views/correction.js';

/**
 * Correcting a member's history: each event of the member page has "Sửa ngày" (a form) and
 * "Hủy bỏ" (a page saying what undoing it does, with the button that does it). The pages write nothing.
 */

const write = { config: { access: { permission: 'record.write' as const } } };
type Params = { Params: { id: string; period: string; event: string } };
type ParamsRequest = FastifyRequest<Params>;

const BASE = '/quan-tri/doan-vien/:id/qua-trinh/:period/:event';

function targetOf(req: FastifyRequest): CorrectionTarget {
  const p = parseParams(correctionParams, req.params);
  return { memberId: p.id, periodId: p.period, event: p.event };
}

async function showRedate(ctx: DbContext, req: ParamsRequest, reply: FastifyReply, state: FormState) {
  const target = targetOf(req);
  const page = await correctionPage(ctx, currentUser(req), target, 'redate');
  return sendAdminPage(
    req,
    reply,
    { title: `Sửa ngày ${EVENT_NAMES[page.event]}: ${page.memberName}`, active: 'members', error: state.error },
    (csrf) => <RedateForm csrf={csrf} page={page} periodId={target.periodId} state={state} />,
    state.status,
  );
}

async function showUndo(ctx: DbContext, req: ParamsRequest, reply: FastifyReply, state: FormState) {
  const target = targetOf(req);
  const page = await correctionPage(ctx, currentUser(req), target, 'undo');
  return sendAdminPage(
    req,
    reply,
    { title: `Hủy bỏ việc ${EVENT_NAMES[page.event]}: ${page.memberName}`, active: 'members', error: state.error },
    (csrf) => <UndoConfirm csrf={csrf} page={page} periodId={target.periodId} />,
    // A correction that cannot be made says so with its own status, before any button is offered.
    page.refusal && state.status === 200 ? 409 : state.status,
  );
}

function corrected(reply: FastifyReply, plan: CorrectionPlan) {
  if (plan.removesMember)
    return redirectWithNotice(reply, '/quan-tri/doan-vien', `Đã hủy việc kết nạp ghi nhầm: hồ sơ ${plan.memberName} đã được xóa.`);
  return redirectWithNotice(
    reply,
    `/quan-tri/doan-vien/${plan.memberId}`,
    plan.action === 'redate' ? `Đã sửa ngày ${EVENT_NAMES[plan.event]}.` : `Đã hủy bỏ việc ${EVENT_NAMES[plan.event]}.`,
  );
}

export function registerCorrectionRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get<Params>(`${BASE}/sua-ngay`, write, (req, reply) => showRedate(ctx, req, reply, freshForm()));
  app.post<Params>(
    `${BASE}/sua-ngay`,
    write,
    formRoute<Params, typeof redateForm, CorrectionPlan>({
      schema: redateForm,
      show: (req, reply, state) => showRedate(ctx, req, reply, state),
      submit: (req, input) => redateEvent(ctx, currentUser(req), targetOf(req), input),
      done: (_req, reply, plan) => corrected(reply, plan),
    }),
  );
  app.get<Params>(`${BASE}/huy-bo`, write, (req, reply) => showUndo(ctx, req, reply, freshForm()));
  app.post<Params>(
    `${BASE}/huy-bo`,
    write,
    formRoute<Params, typeof undoForm, CorrectionPlan>({
      schema: undoForm,
      show: (req, reply, state) => showUndo(ctx, req, reply, state),
      submit: (req, input) => undoEvent(ctx, currentUser(req), targetOf(req), input),
      done: (_req, reply, plan) => corrected(reply, plan),
    }),
  );
}
