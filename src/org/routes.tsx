import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { formRoute, type FormState } from '../web/form-route.js';
import { fieldValue, idParam, parseQuery, type FormBody } from '../web/parse.js';
import { asOfQuery, changeForm, dissolveForm, foundForm, mergeForm, moveForm, splitForm } from './schema.js';
import {
  changeUnit,
  dissolveUnit,
  foundUnit,
  mergeUnitInto,
  moveUnit,
  planDissolve,
  planMerge,
  planSplit,
  splitUnit,
  treePage,
  unitPage,
} from './service.js';
import { confirmTitle, TreeChangeConfirmPage, TreeChangeDonePage, type TreeChange } from './views/confirm.js';
import { TreePage } from './views/tree-page.js';
import type { RefusedForm, UnitFormName } from './views/unit-forms.js';
import { UnitPage } from './views/unit-page.js';

const read = { config: { access: { permission: 'record.read' as const } } };
const manage = { config: { access: { permission: 'unit.manage' as const } } };

type UnitRequest = FastifyRequest<{ Params: { id: string }; Body: FormBody }>;

async function showTree(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const data = await treePage(ctx, currentUser(req), parseQuery(asOfQuery, req.query).ngay);
  return sendAdminPage(req, reply, { title: 'Hệ thống tổ chức', active: 'units' }, () => <TreePage {...data} />);
}

/** A unit page; `refused`: the form that was sent and refused, shown again with what was typed. */
async function showUnit(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, unitId: number, refused: RefusedForm | null = null) {
  const data = await unitPage(ctx, currentUser(req), unitId, parseQuery(asOfQuery, req.query).ngay);
  return sendAdminPage(
    req,
    reply,
    { title: data.unit.full_name, active: 'units', error: refused?.state.error ?? null },
    (csrf) => <UnitPage data={data} csrf={csrf} refused={refused} />,
    refused?.state.status ?? 200,
  );
}

/** The POST of one of a unit page's change forms: refused, the page again with the form as typed; done, back to the unit. */
function unitForm<S extends z.ZodType>(
  ctx: DbContext,
  name: UnitFormName,
  schema: S,
  command: (ctx: DbContext, user: AuthUser, unitId: number, input: z.output<S>) => Promise<unknown>,
  notice: string,
) {
  return formRoute({
    schema,
    show: (req: UnitRequest, reply, state) => showUnit(ctx, req, reply, idParam(req.params), { name, state }),
    submit: (req: UnitRequest, input) => command(ctx, currentUser(req), idParam(req.params), input),
    done: (req: UnitRequest, reply) => redirectWithNotice(reply, `/quan-tri/don-vi/${idParam(req.params)}`, notice),
  });
}

const DONE_TITLES: Record<TreeChange['kind'], string> = {
  'sap-nhap': 'Đã sáp nhập đơn vị',
  'chia-tach': 'Đã chia tách đơn vị',
  'giai-the': 'Đã giải thể đơn vị',
};

/**
 * A change that ends or splits a unit takes two posts: the form's, answered by a page that says
 * in figures what the change will do (nothing is written), then "Xác nhận" with the same values,
 * answered by what was done. Either refused shows the unit page with the form as typed.
 */
function confirmedUnitForm<S extends z.ZodType, K extends TreeChange['kind'], P extends Extract<TreeChange, { kind: K }>['plan']>(
  ctx: DbContext,
  app: FastifyInstance,
  kind: K,
  schema: S,
  plan: (ctx: DbContext, user: AuthUser, unitId: number, input: z.output<S>) => Promise<P>,
  command: (ctx: DbContext, user: AuthUser, unitId: number, input: z.output<S>) => Promise<P>,
) {
  const show = (req: UnitRequest, reply: FastifyReply, state: FormState) =>
    showUnit(ctx, req, reply, idParam(req.params), { name: kind, state });
  const change = (p: P) => ({ kind, plan: p }) as unknown as TreeChange;
  app.post(
    `/quan-tri/don-vi/:id/${kind}`,
    manage,
    formRoute({
      schema,
      show,
      submit: (req: UnitRequest, input) => plan(ctx, currentUser(req), idParam(req.params), input),
      done: (req: UnitRequest, reply, p) =>
        sendAdminPage(req, reply, { title: confirmTitle(kind), active: 'units' }, (csrf) => (
          <TreeChangeConfirmPage change={change(p)} values={req.body} csrf={csrf} />
        )),
    }),
  );
  app.post(
    `/quan-tri/don-vi/:id/${kind}/xac-nhan`,
    manage,
    formRoute({
      schema,
      show,
      submit: (req: UnitRequest, input) => command(ctx, currentUser(req), idParam(req.params), input),
      done: (req: UnitRequest, reply, p) =>
        sendAdminPage(req, reply, { title: DONE_TITLES[kind], active: 'units' }, () => <TreeChangeDonePage change={change(p)} />),
    }),
  );
}

/** "Thành lập đơn vị trực thuộc" posts from the parent's page, and is shown there again when refused. */
function foundRoute(ctx: DbContext) {
  return formRoute({
    schema: foundForm,
    show: (req: UnitRequest, reply, state) =>
      showUnit(ctx, req, reply, idParam({ id: fieldValue(req.body, 'parentId') }), { name: 'thanh-lap', state }),
    submit: (req: UnitRequest, input) => foundUnit(ctx, currentUser(req), input),
    done: (_req, reply, unit) => redirectWithNotice(reply, `/quan-tri/don-vi/${unit.id}`, 'Đã thành lập đơn vị.'),
  });
}

export function registerOrgRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get('/quan-tri/don-vi', read, (req, reply) => showTree(ctx, req, reply));
  app.get('/quan-tri/don-vi/:id', read, (req, reply) => showUnit(ctx, req, reply, idParam(req.params)));
  app.post('/quan-tri/don-vi', manage, foundRoute(ctx));
  app.post('/quan-tri/don-vi/:id/doi', manage, unitForm(ctx, 'doi', changeForm, changeUnit, 'Đã ghi nhận thay đổi.'));
  app.post('/quan-tri/don-vi/:id/chuyen', manage, unitForm(ctx, 'chuyen', moveForm, moveUnit, 'Đã chuyển đơn vị.'));
  confirmedUnitForm(ctx, app, 'sap-nhap', mergeForm, planMerge, mergeUnitInto);
  confirmedUnitForm(ctx, app, 'chia-tach', splitForm, planSplit, splitUnit);
  confirmedUnitForm(ctx, app, 'giai-the', dissolveForm, planDissolve, dissolveUnit);
}
