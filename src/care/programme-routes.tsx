import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Action } from '../access/roles.js';
import { canAnywhere } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { formRoute, freshForm, type FormState } from '../web/form-route.js';
import { idParam, parseQuery } from '../web/parse.js';
import { programmeChoices, programmeFormValues, programmeListPage, programmePage } from './page-service.js';
import { PROGRAMMES_PATH } from './paths.js';
import { createProgramme, readProgramme, updateProgramme } from './programme-service.js';
import { programmeForm, programmeValuesFrom, signListQuery } from './schema.js';
import { ProgrammeForm, ProgrammeListPage, ProgrammePage, programmePath } from './views/programmes.js';
import { programmeSignList, programmeSignListDocx } from './programme-paper-service.js';
import { SignListPage } from './views/programme-sign-list.js';
import { PRINT_SCRIPT } from '../web/views/print-frame.js';
import { DOCX_TYPE } from '../docx/state-document.js';
import { sendDownload } from '../web/download.js';

/** The care programme pages: the list, the new programme form, a programme's totals and its edit form. */

const needs = (permission: Action) => ({ config: { access: { permission } } });

type IdReq = FastifyRequest<{ Params: { id: string } }>;

async function showList(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const user = currentUser(req);
  const rows = await programmeListPage(ctx, user);
  return sendAdminPage(req, reply, { title: 'Chương trình chăm lo', active: 'care' }, () => (
    <ProgrammeListPage rows={rows} canManage={canAnywhere(user, 'fund.manage')} />
  ));
}

async function showNew(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, s: FormState) {
  const choices = await programmeChoices(ctx, currentUser(req), null);
  const form = {
    action: PROGRAMMES_PATH,
    submitLabel: 'Tạo chương trình',
    values: programmeValuesFrom(s.values),
    errors: s.errors,
    ...choices,
  };
  const props = { title: 'Tạo chương trình chăm lo', active: 'care', error: s.error };
  return sendAdminPage(req, reply, props, (csrf) => <ProgrammeForm csrf={csrf} {...form} />, s.status);
}

/** A programme's page; a manager sees its edit form (with what was typed after a refusal). */
async function showProgramme(ctx: DbContext, req: IdReq, reply: FastifyReply, s: FormState | null = null) {
  const page = await programmePage(ctx, currentUser(req), idParam(req.params));
  const values = s ? programmeValuesFrom(s.values) : programmeFormValues(page.programme);
  return sendAdminPage(
    req,
    reply,
    { title: page.programme.name, active: 'care', error: s?.error ?? null },
    (csrf) => <ProgrammePage csrf={csrf} {...page} values={values} errors={s?.errors ?? {}} />,
    s?.status ?? 200,
  );
}

const createRoute = (ctx: DbContext) =>
  formRoute({
    schema: programmeForm,
    show: (req, reply, s) => showNew(ctx, req, reply, s),
    submit: (req, input) => createProgramme(ctx, currentUser(req), input),
    done: (_req, reply, p) => redirectWithNotice(reply, programmePath(p.id), 'Đã tạo chương trình.'),
  });

const updateRoute = (ctx: DbContext) =>
  formRoute({
    schema: programmeForm,
    show: (req: IdReq, reply, s) => showProgramme(ctx, req, reply, s),
    submit: async (req: IdReq, input) => {
      const user = currentUser(req);
      const current = await readProgramme(ctx, user, idParam(req.params));
      return updateProgramme(ctx, user, current.id, input);
    },
    done: (_req, reply, p) => redirectWithNotice(reply, programmePath(p.id), 'Đã lưu chương trình.'),
  });

function newForm(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const values = { unitId: String(currentUser(req).unitId), startsOn: todayInVietnam() };
  return showNew(ctx, req, reply, freshForm(values));
}

async function showSignList(ctx: DbContext, req: IdReq, reply: FastifyReply) {
  const list = await programmeSignList(ctx, currentUser(req), idParam(req.params), parseQuery(signListQuery, req.query).don_vi);
  return sendAdminPage(req, reply, { title: `Danh sách ký nhận – ${list.programmeName}`, active: 'care', scripts: [PRINT_SCRIPT] }, () => (
    <SignListPage list={list} />
  ));
}

async function signListDocument(ctx: DbContext, req: IdReq, reply: FastifyReply) {
  const { bytes, fileName } = await programmeSignListDocx(
    ctx,
    currentUser(req),
    idParam(req.params),
    parseQuery(signListQuery, req.query).don_vi,
  );
  return sendDownload(reply, bytes, fileName, DOCX_TYPE);
}

export function registerProgrammeRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get(PROGRAMMES_PATH, needs('care.propose'), (req, reply) => showList(ctx, req, reply));
  app.get(`${PROGRAMMES_PATH}/moi`, needs('fund.manage'), (req, reply) => newForm(ctx, req, reply));
  app.post(PROGRAMMES_PATH, needs('fund.manage'), createRoute(ctx));
  app.get<{ Params: { id: string } }>(`${PROGRAMMES_PATH}/:id`, needs('care.propose'), (req, reply) => showProgramme(ctx, req, reply));
  app.post<{ Params: { id: string } }>(`${PROGRAMMES_PATH}/:id`, needs('fund.manage'), updateRoute(ctx));
  app.get<{ Params: { id: string } }>(`${PROGRAMMES_PATH}/:id/danh-sach-ky-nhan`, needs('care.propose'), (req, reply) =>
    showSignList(ctx, req, reply),
  );
  app.get<{ Params: { id: string } }>(`${PROGRAMMES_PATH}/:id/danh-sach-ky-nhan.docx`, needs('care.propose'), (req, reply) =>
    signListDocument(ctx, req, reply),
  );
}
