import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { formRoute, freshForm, type FormState } from '../web/form-route.js';
import { fieldValue, idParam, parseQuery, type FormBody } from '../web/parse.js';
import { admitForm, eraseForm, leaveForm, listQuery, memberPageQuery, rejoinForm, sensitiveFieldOf, transferForm } from './schema.js';
import {
  admitOrShowMatches,
  eraseMember,
  memberLeaves,
  memberListPage,
  memberPage,
  memberUnitChoices,
  rejoinMember,
  type AdmitOutcome,
  type DuplicateMatch,
} from './service.js';
import { registerMemberEditRoutes } from './edit-routes.js';
import { registerCorrectionRoutes } from './correction-routes.js';
import { registerTransferRequestRoutes } from './transfer-routes.js';
import { transferOrRequest, type TransferOutcome } from './transfer-service.js';
import { AdmitForm } from './views/admit-form.js';
import { registerFiguresRoutes } from './figures-routes.js';
import { MemberList } from './views/member-list.js';
import { MemberPage, type MemberForm } from './views/member-page.js';

const read = { config: { access: { permission: 'record.read' as const } } };
const write = { config: { access: { permission: 'record.write' as const } } };

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
const memberPath = (id: number) => `/quan-tri/doan-vien/${id}`;

async function showList(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const page = await memberListPage(ctx, currentUser(req), parseQuery(listQuery, req.query));
  return sendAdminPage(req, reply, { title: 'Đoàn viên', active: 'members' }, (csrf) => <MemberList csrf={csrf} {...page} />);
}

async function showAdmitForm(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, state: FormState, matches: DuplicateMatch[] = []) {
  const units = await memberUnitChoices(ctx, currentUser(req));
  return sendAdminPage(
    req,
    reply,
    { title: 'Kết nạp đoàn viên', active: 'members', error: state.error },
    (csrf) => <AdmitForm csrf={csrf} units={units} state={state} matches={matches} today={todayInVietnam()} />,
    state.status,
  );
}

function admitted(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, result: AdmitOutcome) {
  if ('id' in result) return redirectWithNotice(reply, memberPath(result.id), 'Đã kết nạp đoàn viên.');
  const { duplicates } = result;
  const state = { values: (req.body ?? {}) as FormBody, errors: {}, error: duplicates.message, status: duplicates.statusCode };
  return showAdmitForm(ctx, req, reply, state, duplicates.matches);
}

async function showMember(ctx: DbContext, req: IdRequest, reply: FastifyReply, form?: { name: MemberForm; state: FormState }) {
  const query = parseQuery(memberPageQuery, req.query);
  const chosen = form?.name === 'transfer' ? Number(fieldValue(form.state.values, 'toUnitId')) : NaN;
  const page = await memberPage(ctx, currentUser(req), idParam(req.params), {
    reveal: form ? null : query.cccd !== null ? 'citizen_id' : sensitiveFieldOf(query.hien),
    unitSearch: query.don_vi_khac,
    keepUnitId: Number.isSafeInteger(chosen) && chosen > 0 ? chosen : null,
  });
  return sendAdminPage(
    req,
    reply,
    { title: page.member.full_name, active: 'members', error: form?.state.error ?? null },
    (csrf) => <MemberPage csrf={csrf} {...page} unitSearch={query.don_vi_khac} today={todayInVietnam()} form={form} />,
    form?.state.status ?? 200,
  );
}

/** A form of the member page: a refusal shows the page again with the form as typed. */
function memberForm<S extends z.ZodType, R = void>(
  ctx: DbContext,
  name: MemberForm,
  schema: S,
  notice: string | ((result: R) => string),
  submit: (req: IdRequest, id: number, input: z.output<S>) => Promise<R>,
) {
  return formRoute<{ Params: { id: string } }, S, R>({
    schema,
    show: (req, reply, state) => showMember(ctx, req, reply, { name, state }),
    submit: (req, input) => submit(req, idParam(req.params), input),
    done: (req, reply, result) =>
      redirectWithNotice(reply, memberPath(idParam(req.params)), typeof notice === 'string' ? notice : notice(result)),
  });
}

const TRANSFER_NOTICES: Record<TransferOutcome, string> = {
  moved: 'Đã chuyển sinh hoạt.',
  requested: 'Đơn vị chuyển đến ngoài phạm vi của bạn: đã gửi đề nghị, chờ đơn vị đó nhận.',
};

export function registerMemberRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get('/quan-tri/doan-vien', read, (req, reply) => showList(ctx, req, reply));
  registerTransferRequestRoutes(app, { ctx });
  registerMemberEditRoutes(app, { ctx });
  registerCorrectionRoutes(app, { ctx });
  app.get('/quan-tri/doan-vien/moi', write, (req, reply) => showAdmitForm(ctx, req, reply, freshForm()));
  app.post(
    '/quan-tri/doan-vien',
    write,
    formRoute({
      schema: admitForm,
      show: (req, reply, state) => showAdmitForm(ctx, req, reply, state),
      submit: (req, input) => admitOrShowMatches(ctx, currentUser(req), input),
      done: (req, reply, result) => admitted(ctx, req, reply, result),
    }),
  );
  app.get<{ Params: { id: string } }>('/quan-tri/doan-vien/:id', read, (req, reply) => showMember(ctx, req, reply));
  app.post<{ Params: { id: string } }>(
    '/quan-tri/doan-vien/:id/chuyen',
    write,
    memberForm(
      ctx,
      'transfer',
      transferForm,
      (outcome: TransferOutcome) => TRANSFER_NOTICES[outcome],
      (req, id, input) => transferOrRequest(ctx, currentUser(req), id, input.toUnitId, input.on),
    ),
  );
  app.post<{ Params: { id: string } }>(
    '/quan-tri/doan-vien/:id/thoi',
    write,
    memberForm(ctx, 'leave', leaveForm, 'Đã ghi nhận thôi sinh hoạt.', (req, id, input) =>
      memberLeaves(ctx, currentUser(req), id, input.on, { reason: input.reason, note: input.note }),
    ),
  );
  app.post<{ Params: { id: string } }>(
    '/quan-tri/doan-vien/:id/ket-nap-lai',
    write,
    memberForm(ctx, 'rejoin', rejoinForm, 'Đã kết nạp lại.', (req, id, input) =>
      rejoinMember(ctx, currentUser(req), id, input.unitId, input.on),
    ),
  );
  app.post<{ Params: { id: string } }>(
    '/quan-tri/doan-vien/:id/xoa',
    write,
    memberForm(ctx, 'erase', eraseForm, 'Đã xóa dữ liệu cá nhân của đoàn viên.', (req, id) => eraseMember(ctx, currentUser(req), id)),
  );
  registerFiguresRoutes(app, { ctx });
}
