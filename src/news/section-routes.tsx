import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { DbContext } from '../db/context.js';
import { formatNumber } from '../lib/format.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { formRoute, type FormState } from '../web/form-route.js';
import { fieldValue, idParam } from '../web/parse.js';
import { sectionPath } from '../web/views/layout.js';
import { newSectionForm, sectionNameForm, sectionOrderForm, sectionUnitForm } from './schema.js';
import { createSection, renameSection, sectionsPage, setSectionOrder, setSectionUnit } from './section-service.js';
import { SECTIONS_PATH, SectionsPage, type Refused } from './views/sections.js';

export { SECTIONS_PATH } from './views/sections.js';

const manage = { config: { access: { permission: 'section.manage' as const } } };

type SectionRoute = { Params: { id?: string } };

async function listPage(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, refused: Refused | null = null, status = 200) {
  const { sections, units, general } = await sectionsPage(ctx, currentUser(req));
  return sendAdminPage(
    req,
    reply,
    { title: 'Chuyên mục', active: 'sections', error: refused?.message ?? null },
    (csrf) => <SectionsPage csrf={csrf} sections={sections} units={units} general={general} refused={refused} />,
    status,
  );
}

/** The list again, with the refused form as typed and the reason. */
function showRefused(ctx: DbContext, req: FastifyRequest<SectionRoute>, reply: FastifyReply, form: string, state: FormState) {
  const values = Object.fromEntries(Object.keys(state.values).map((k) => [k, fieldValue(state.values, k).slice(0, 100_000)]));
  const message = Object.values(state.errors)[0] ?? state.error ?? '';
  return listPage(ctx, req, reply, { form, values, message }, state.status);
}

/** A section form: one change, then the list with its notice; a refusal shows the list with the form as typed. */
function sectionRoute<S extends z.ZodType, R>(
  ctx: DbContext,
  schema: S,
  formOf: (req: FastifyRequest<SectionRoute>) => string,
  submit: (req: FastifyRequest<SectionRoute>, input: z.output<S>) => Promise<R>,
  notice: (result: R) => string,
) {
  return formRoute<SectionRoute, S, R>({
    schema,
    show: (req, reply, state) => showRefused(ctx, req, reply, formOf(req), state),
    submit,
    done: (_req, reply, result) => redirectWithNotice(reply, SECTIONS_PATH, notice(result)),
  });
}

export function registerSectionRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get(SECTIONS_PATH, manage, (req, reply) => listPage(ctx, req, reply));

  app.post<SectionRoute>(
    SECTIONS_PATH,
    manage,
    sectionRoute(
      ctx,
      newSectionForm,
      () => 'create',
      (req, input) => createSection(ctx, currentUser(req), input),
      (section) => `Đã thêm chuyên mục “${section.name}” tại ${sectionPath(section.slug)}.`,
    ),
  );

  app.post<SectionRoute>(
    `${SECTIONS_PATH}/:id/ten`,
    manage,
    sectionRoute(
      ctx,
      sectionNameForm,
      (req) => `name-${req.params.id}`,
      (req, input) => renameSection(ctx, currentUser(req), idParam(req.params), input.name),
      ({ before, after }) =>
        before.name === after.name
          ? `Chuyên mục “${after.name}” vẫn giữ tên cũ.`
          : `Đã đổi tên chuyên mục thành “${after.name}”, đường dẫn vẫn là ${sectionPath(after.slug)}.`,
    ),
  );

  app.post<SectionRoute>(
    `${SECTIONS_PATH}/:id/thu-tu`,
    manage,
    sectionRoute(
      ctx,
      sectionOrderForm,
      (req) => `order-${req.params.id}`,
      (req, input) => setSectionOrder(ctx, currentUser(req), idParam(req.params), input.sortOrder),
      ({ before, after }) =>
        before.sort_order === after.sort_order
          ? `Chuyên mục “${after.name}” vẫn có thứ tự ${formatNumber(after.sort_order)}.`
          : `Chuyên mục “${after.name}” nay có thứ tự ${formatNumber(after.sort_order)}.`,
    ),
  );

  app.post<SectionRoute>(
    `${SECTIONS_PATH}/don-vi`,
    manage,
    sectionRoute(
      ctx,
      sectionUnitForm,
      () => 'unit',
      (req, input) => setSectionUnit(ctx, currentUser(req), input.sectionId, input.unitId),
      ({ after, unit }) =>
        unit
          ? `Chuyên mục “${after.name}” thuộc đơn vị “${unit.short_name}”.`
          : `Chuyên mục “${after.name}” là chuyên mục chung của cổng thông tin.`,
    ),
  );
}
