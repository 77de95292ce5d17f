import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { formRoute, freshForm, type FormState } from '../web/form-route.js';
import { idParam } from '../web/parse.js';
import { editMember, memberEditedAgain, memberForEdit } from './edit-service.js';
import { editForm } from './schema.js';
import { MemberEdit, memberFormValues } from './views/member-edit.js';

const write = { config: { access: { permission: 'record.write' as const } } };
type IdRequest = FastifyRequest<{ Params: { id: string } }>;

async function showEditForm(ctx: DbContext, req: IdRequest, reply: FastifyReply, state: FormState | null) {
  const user = currentUser(req);
  const id = idParam(req.params);
  // The first showing fills the form from the record (its sensitive fields: logged); a form sent back shows what was typed.
  const member = state ? await memberEditedAgain(ctx, user, id) : await memberForEdit(ctx, user, id);
  const shown = state ?? freshForm(memberFormValues(member));
  return sendAdminPage(
    req,
    reply,
    { title: `Sửa thông tin: ${member.full_name}`, active: 'members', error: shown.error },
    (csrf) => <MemberEdit csrf={csrf} member={member} state={shown} />,
    shown.status,
  );
}

/** Editing a member's details: the form, and its POST (a stale version is a 409 with the form again). */
export function registerMemberEditRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get<{ Params: { id: string } }>('/quan-tri/doan-vien/:id/sua', write, (req, reply) => showEditForm(ctx, req, reply, null));
  app.post<{ Params: { id: string } }>(
    '/quan-tri/doan-vien/:id/sua',
    write,
    formRoute<{ Params: { id: string } }, typeof editForm, string[]>({
      schema: editForm,
      show: (req, reply, state) => showEditForm(ctx, req, reply, state),
      submit: (req, input) => editMember(ctx, currentUser(req), idParam(req.params), input),
      done: (req, reply, changed) =>
        redirectWithNotice(
          reply,
          `/quan-tri/doan-vien/${idParam(req.params)}`,
          changed.length ? 'Đã lưu thông tin đoàn viên.' : 'Không có thông tin nào thay đổi.',
        ),
    }),
  );
}
