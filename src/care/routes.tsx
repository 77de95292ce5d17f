import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Action } from '../access/roles.js';
import { canAnywhere } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { UserFacingError } from '../lib/errors.js';
import { paginateList } from '../lib/pagination.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { formRoute, freshForm, type FormState } from '../web/form-route.js';
import { readMultipartForm, uploadOf, type UploadedFile } from '../web/multipart.js';
import { fieldValue, idParam, parseParams, parseQuery, type FormBody } from '../web/parse.js';
import { MAX_ATTACHMENT_BYTES, sniffAttachment } from './attachment-files.js';
import {
  attachmentFile,
  caseFormValues,
  caseListPage,
  casePage,
  defaultProposingUnit,
  editableCase,
  editChoices,
  proposalChoices,
} from './page-service.js';
import { CASES_PATH } from './paths.js';
import { registerProgrammeRoutes } from './programme-routes.js';
import {
  attachmentForm,
  attachmentParams,
  caseActionForm,
  caseEditForm,
  caseListQuery,
  caseProposalForm,
  caseValuesFrom,
  type CaseActionForm,
} from './schema.js';
import {
  approveCase,
  attachUpload,
  closeCase,
  editCase,
  payCaseAsSeen,
  proposeWithAttachment,
  resubmitCase,
  returnCase,
} from './service.js';
import { CaseForm } from './views/case-form.js';
import { CasePage } from './views/case-page.js';
import { PRINT_SCRIPT } from '../web/views/print-frame.js';
import { CaseListPage, casePath } from './views/cases.js';

/** The care case pages: the list, the proposal and edit forms, a case with its actions and attachments. */

const PAGE = 30;
const needs = (permission: Action) => ({ config: { access: { permission } } });
const multipart = { preValidation: readMultipartForm(MAX_ATTACHMENT_BYTES) };
const TOO_LARGE = `Tệp quá lớn: tối đa ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`;

type IdReq = FastifyRequest<{ Params: { id: string } }>;
type Deps = { ctx: DbContext; dataDir: string };

/** The file of a multipart form: null when none was chosen (browsers send an empty, nameless part). */
function chosenFile(req: FastifyRequest): UploadedFile | 'too-large' | null {
  const upload = uploadOf(req);
  if (!upload) return null;
  if ('tooLarge' in upload) return 'too-large';
  return upload.fileName === '' && upload.bytes.length === 0 ? null : upload;
}

/** What is wrong with the chosen file, checked by content before anything is written. */
function fileProblem(req: FastifyRequest): string | null {
  const file = chosenFile(req);
  if (file === 'too-large') return TOO_LARGE;
  if (!file) return null;
  try {
    sniffAttachment(file.bytes, file.fileName);
    return null;
  } catch (e) {
    if (e instanceof UserFacingError) return e.message;
    throw e;
  }
}

const isSearch = (req: FastifyRequest) => fieldValue(req.body as FormBody, '_action') === 'tim';

// --- The list -----------------------------------------------------------------------------------

async function showCaseList(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const user = currentUser(req);
  const q = parseQuery(caseListQuery, req.query);
  const asked = { work: q.viec, programmeId: q.chuong_trinh, status: q.trang_thai, unitId: q.don_vi, from: q.tu, to: q.den };
  const { rows, total, filter, programmes, units } = await caseListPage(ctx, user, asked, { limit: PAGE, offset: (q.trang - 1) * PAGE });
  const p = paginateList(total, q.trang, PAGE);
  const qs = (n: number) =>
    new URLSearchParams(
      Object.entries({
        viec: filter.work ?? '',
        chuong_trinh: filter.programmeId ? String(filter.programmeId) : '',
        trang_thai: filter.status ?? '',
        don_vi: filter.unitId ? String(filter.unitId) : '',
        tu: filter.from ?? '',
        den: filter.to ?? '',
        trang: n > 1 ? String(n) : '',
      }).filter(([, v]) => v),
    ).toString();
  const props = { rows, total, offset: p.offset, page: p.page, pages: p.pages, filter, programmes, units };
  return sendAdminPage(req, reply, { title: 'Hồ sơ chăm lo, hỗ trợ', active: 'care' }, () => (
    <CaseListPage {...props} canPropose={canAnywhere(user, 'care.propose')} href={(n) => `${CASES_PATH}?${qs(n)}`} />
  ));
}

// --- Proposal and edit forms ----------------------------------------------------------------------

async function showProposal(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, s: FormState) {
  const values = caseValuesFrom(s.values);
  const choices = await proposalChoices(ctx, currentUser(req), values);
  const fileLost = chosenFile(req) !== null;
  const form = {
    mode: 'propose' as const,
    action: `${CASES_PATH}/ho-so`,
    values,
    errors: s.errors,
    ...choices,
    fileLost,
    cancel: CASES_PATH,
  };
  const props = { title: 'Đề xuất hỗ trợ', active: 'care', error: s.error };
  return sendAdminPage(req, reply, props, (csrf) => <CaseForm csrf={csrf} {...form} />, s.status);
}

async function newProposal(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const unitId = await defaultProposingUnit(ctx, currentUser(req));
  const values = { recipientKind: 'member', occurredOn: todayInVietnam(), proposingUnitId: String(unitId ?? '') };
  return showProposal(ctx, req, reply, freshForm(values));
}

/** A proposal, with its first attachment checked before anything is written; "tìm" searches members instead. */
const proposalRoute = ({ ctx, dataDir }: Deps) => {
  const submit = formRoute({
    schema: (req) => caseProposalForm(fileProblem(req)),
    show: (req, reply, s) => showProposal(ctx, req, reply, s),
    submit: (req, input) => {
      const file = chosenFile(req);
      return proposeWithAttachment(ctx, dataDir, currentUser(req), input, file === 'too-large' ? null : file);
    },
    done: (_req, reply, created) => redirectWithNotice(reply, casePath(created.case.id), 'Đã gửi đề nghị hỗ trợ.'),
  });
  return (req: FastifyRequest, reply: FastifyReply) =>
    isSearch(req) ? showProposal(ctx, req, reply, freshForm(req.body as FormBody)) : submit(req, reply);
};

async function showEdit(ctx: DbContext, req: IdReq, reply: FastifyReply, s: FormState) {
  const user = currentUser(req);
  const c = await editableCase(ctx, user, idParam(req.params));
  const values = s.status === 200 && !s.values.recipientKind ? caseFormValues(c) : caseValuesFrom(s.values);
  const version = /^\d{1,9}$/.test(fieldValue(s.values, 'version')) ? Number(fieldValue(s.values, 'version')) : c.version;
  const choices = await editChoices(ctx, user, values);
  const form = { mode: 'edit' as const, action: `${casePath(c.id)}/sua`, values, errors: s.errors, units: [], ...choices, version };
  const props = { title: `Sửa hồ sơ số ${c.id}`, active: 'care', error: s.error };
  return sendAdminPage(req, reply, props, (csrf) => <CaseForm csrf={csrf} {...form} cancel={casePath(c.id)} />, s.status);
}

const editRoute = ({ ctx }: Deps) => {
  const schema = caseEditForm.and(caseActionForm.pick({ version: true }));
  const submit = formRoute({
    schema,
    show: (req: IdReq, reply, s) => showEdit(ctx, req, reply, s),
    submit: async (req: IdReq, { version, ...fields }) => {
      const user = currentUser(req);
      const c = await editableCase(ctx, user, idParam(req.params));
      return editCase(ctx, user, c.id, version, fields);
    },
    done: (_req, reply, edited) => redirectWithNotice(reply, casePath(edited.case.id), 'Đã lưu hồ sơ.'),
  });
  return async (req: IdReq, reply: FastifyReply) => {
    if (!isSearch(req)) return submit(req, reply);
    return showEdit(ctx, req, reply, freshForm(req.body as FormBody));
  };
};

// --- A case and its actions -------------------------------------------------------------------------

/** The case page; after a refused action, with the message and what the user typed in that form. */
async function showCase(ctx: DbContext, req: IdReq, reply: FastifyReply, s: FormState = freshForm(), form?: string) {
  const today = todayInVietnam();
  const page = await casePage(ctx, currentUser(req), idParam(req.params), today);
  const sent = Object.entries(s.values).filter(([k, v]) => ['note', 'fundId', 'paidOn'].includes(k) && typeof v === 'string' && v !== '');
  const posted: Record<string, string> = form ? { ...Object.fromEntries(sent), form } : {};
  const error = Object.values(s.errors).find((m) => m) ?? s.error;
  const title = `Hồ sơ số ${page.c.id}: ${page.c.recipient_name}`;
  return sendAdminPage(
    req,
    reply,
    { title, active: 'care', error, scripts: [PRINT_SCRIPT] },
    (csrf) => <CasePage csrf={csrf} {...page} today={today} posted={posted} />,
    s.status,
  );
}

/** An action form of the case page: a refusal (a stale version is a 409) shows the case again with the message. */
const actionRoute = (ctx: DbContext, form: string, notice: string, work: (req: IdReq, id: number, f: CaseActionForm) => Promise<unknown>) =>
  formRoute({
    schema: caseActionForm,
    show: (req: IdReq, reply, s) => showCase(ctx, req, reply, s, form),
    submit: (req: IdReq, f) => work(req, idParam(req.params), f),
    done: (req: IdReq, reply) => redirectWithNotice(reply, casePath(idParam(req.params)), notice),
  });

/** An attachment added on the case page. */
const attachRoute = ({ ctx, dataDir }: Deps) =>
  formRoute({
    schema: attachmentForm,
    show: (req: IdReq, reply, s) => showCase(ctx, req, reply, s),
    submit: (req: IdReq) => {
      const file = chosenFile(req);
      if (file === null) throw new UserFacingError('Chưa chọn tệp.');
      if (file === 'too-large') throw new UserFacingError(TOO_LARGE, 413);
      return attachUpload(ctx, dataDir, currentUser(req), idParam(req.params), file);
    },
    done: (req: IdReq, reply) => redirectWithNotice(reply, casePath(idParam(req.params)), 'Đã thêm tệp đính kèm.'),
  });

/** Only for users who may read the case; each download is logged as a reading of it. */
async function download({ ctx, dataDir }: Deps, req: FastifyRequest, reply: FastifyReply) {
  const { id, file } = parseParams(attachmentParams, req.params);
  const { attachment: a, full, size } = await attachmentFile(ctx, dataDir, currentUser(req), id, file);
  const ascii = a.file_name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^\w.-]+/g, '_');
  return reply
    .type(a.mime)
    .header('Cache-Control', 'private, no-store')
    .header('Content-Length', size)
    .header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.file_name)}`)
    .send(fs.createReadStream(full));
}

export function registerCareRoutes(app: FastifyInstance, deps: Deps): void {
  const { ctx } = deps;
  const user = (req: FastifyRequest) => currentUser(req);
  const CASE = `${CASES_PATH}/ho-so/:id`;
  app.get(CASES_PATH, needs('care.propose'), (req, reply) => showCaseList(ctx, req, reply));
  app.get(`${CASES_PATH}/ho-so/moi`, needs('care.propose'), (req, reply) => newProposal(ctx, req, reply));
  app.post(`${CASES_PATH}/ho-so`, { ...needs('care.propose'), ...multipart }, proposalRoute(deps));
  app.get<{ Params: { id: string } }>(`${CASE}/sua`, needs('care.propose'), (req, reply) => showEdit(ctx, req, reply, freshForm()));
  app.post<{ Params: { id: string } }>(`${CASE}/sua`, needs('care.propose'), editRoute(deps));
  app.get<{ Params: { id: string } }>(CASE, needs('care.propose'), (req, reply) => showCase(ctx, req, reply));
  app.post<{ Params: { id: string } }>(
    `${CASE}/gui-lai`,
    needs('care.propose'),
    actionRoute(ctx, 'gui-lai', 'Đã gửi lại hồ sơ cho cấp trên.', (req, id, f) => resubmitCase(ctx, user(req), id, f.version)),
  );
  app.post<{ Params: { id: string } }>(
    `${CASE}/duyet`,
    needs('care.approve'),
    actionRoute(ctx, 'duyet', 'Đã duyệt hồ sơ.', (req, id, f) =>
      approveCase(ctx, user(req), id, f.version, { note: f.note.slice(0, 2000) || null, fundId: f.fundId }),
    ),
  );
  app.post<{ Params: { id: string } }>(
    `${CASE}/tra-lai`,
    needs('care.approve'),
    actionRoute(ctx, 'tra-lai', 'Đã trả lại hồ sơ cho đơn vị đề nghị.', (req, id, f) => returnCase(ctx, user(req), id, f.version, f.note)),
  );
  app.post<{ Params: { id: string } }>(
    `${CASE}/chi`,
    needs('care.pay'),
    actionRoute(ctx, 'chi', 'Đã ghi chi tiền.', (req, id, f) => payCaseAsSeen(ctx, user(req), id, f.version, f.fundId, f.paidOn)),
  );
  app.post<{ Params: { id: string } }>(
    `${CASE}/hoan-tat`,
    needs('care.pay'),
    actionRoute(ctx, 'hoan-tat', 'Hồ sơ đã hoàn tất.', (req, id, f) => closeCase(ctx, user(req), id, f.version)),
  );
  app.post<{ Params: { id: string } }>(`${CASE}/tep`, { ...needs('care.propose'), ...multipart }, attachRoute(deps));
  app.get(`${CASE}/tep/:file`, needs('care.propose'), (req, reply) => download(deps, req, reply));
  registerProgrammeRoutes(app, deps);
}
