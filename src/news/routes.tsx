import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { z } from 'zod';
import type { Action } from '../access/roles.js';
import { canAnywhere } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { asDatabaseBusy } from '../db/busy.js';
import { UserFacingError } from '../lib/errors.js';
import type { Article } from '../db/schema.js';
import { ImageRejected, storeImage } from '../media/store.js';
import { mediaUrl } from '../media/urls.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { formRoute, freshForm, type FormState } from '../web/form-route.js';
import { readMultipartForm, uploadOf } from '../web/multipart.js';
import { FieldError, fieldValue, idParam, parseParams, parseQuery, type FormBody } from '../web/parse.js';
import { renderDocument } from '../web/render.js';
import { Layout } from '../web/views/layout.js';
import { createDraftFromDocx, createDraftFromText } from './draft-import-service.js';
import {
  articleForm,
  articleListQuery,
  newArticleForm,
  pasteTextForm,
  previewForm,
  returnForm,
  revisionCompareQuery,
  revisionParams,
  reviewQueueQuery,
  scheduleForm,
  versionForm,
  importTargetForm,
  type ArticleFormInput,
} from './schema.js';
import {
  articleFormChoices,
  articleListPage,
  autosaveDraft,
  confirmChecked,
  createDraft,
  previewFrame,
  readArticle,
  restoreRevisionOf,
  reviewQueuePage,
  revisionsPage,
  saveAndStep,
  unpublishArticle,
  unpublishPreview,
  unsavedArticle,
  withdrawSubmission,
  type EditorStep,
} from './service.js';
import { UnpublishConfirmPage } from './views/unpublish.js';
import { ArticleListPage, ReviewQueuePage, type ListFilters } from './views/article-list.js';
import { ArticleFormPage, EDITOR_ASSETS, type DraftFormValues } from './views/article-form.js';
import { articleEditPath, siteClock, siteDateTimeLocal } from './views/components.js';
import { fromEditorHtml, toEditorHtml } from './views/editor-html.js';
import { DocxImportForm, PasteTextForm } from './views/import-forms.js';
import { PreviewPage } from './views/preview.js';
import { RevisionsPage } from './views/revisions.js';

export interface NewsroomOptions {
  ctx: DbContext;
  dataDir: string;
}

type IdRoute = { Params: { id: string } };
const needs = (permission: Action) => ({ config: { access: { permission } } });

// --- The editing form ------------------------------------------------------------------------------

/** The form's fields as the page shows them. */
function formValues(body: FormBody): DraftFormValues {
  return {
    sectionId: fieldValue(body, 'sectionId'),
    unitId: fieldValue(body, 'unitId'),
    headline: fieldValue(body, 'headline'),
    lead: fieldValue(body, 'lead'),
    editorHtml: fieldValue(body, 'bodyHtml'),
    bylineLabel: fieldValue(body, 'bylineLabel'),
    authorName: fieldValue(body, 'authorName'),
    authorUnit: fieldValue(body, 'authorUnit'),
    comment: fieldValue(body, 'comment'),
    publishAt: fieldValue(body, 'publishAt'),
  };
}

/** A stored article as the form's fields. */
function articleValues(a: Article): FormBody {
  return {
    sectionId: String(a.section_id),
    unitId: a.unit_id === null ? '' : String(a.unit_id),
    headline: a.headline,
    lead: a.lead,
    bodyHtml: toEditorHtml(a.body_html),
    bylineLabel: a.byline_label ?? '',
    authorName: a.author_name ?? '',
    authorUnit: a.author_unit ?? '',
    comment: '',
    publishAt: a.status === 'scheduled' ? siteDateTimeLocal(a.published_at) : '',
  };
}

/** The draft the form describes, its body back from the editor's markup. */
function draftOf(input: ArticleFormInput) {
  return { ...input, bodyHtml: fromEditorHtml(input.bodyHtml), bylineLabel: input.bylineLabel || 'Tin & ảnh' };
}

interface EditorPage {
  article?: Article;
  version: number;
  warnings?: string[];
}

async function showEditor(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, state: FormState, page: EditorPage) {
  const { sections, units, actions, reachUnitId } = await articleFormChoices(ctx, currentUser(req), page.article);
  // An article of no unit is the portal's: its form starts on the unit that owns the portal.
  const values = formValues(state.values);
  if (!values.unitId && reachUnitId !== null) values.unitId = String(reachUnitId);
  const title = page.article ? 'Sửa bài viết' : 'Viết bài mới';
  // The version is hidden, and the editor's desk (comment, time to publish) is not always shown: their problems head the page.
  const error = state.errors.version ?? state.errors.comment ?? state.errors.publishAt ?? state.error;
  return sendAdminPage(
    req,
    reply,
    { title, active: 'articles', error, ...EDITOR_ASSETS },
    (csrf) => (
      <ArticleFormPage
        csrf={csrf}
        values={values}
        errors={state.errors}
        sections={sections}
        units={units}
        version={page.version}
        article={page.article}
        actions={actions}
        warnings={page.warnings}
      />
    ),
    state.status,
  );
}

/** The version a save reached before its next step was refused: the form goes on from there. */
const savedVersions = new WeakMap<FastifyRequest, number>();

/** The form as typed, after a refused save or step. */
async function showTypedEditor(ctx: DbContext, req: FastifyRequest<IdRoute>, reply: FastifyReply, state: FormState) {
  const article = await readArticle(ctx, currentUser(req), idParam(req.params));
  const typed = /^\d{1,10}$/.test(fieldValue(state.values, 'version')) ? Number(fieldValue(state.values, 'version')) : 0;
  return showEditor(ctx, req, reply, state, { article, version: savedVersions.get(req) ?? typed });
}

/** The stored article, after a refused unpublish. */
async function showStoredEditor(ctx: DbContext, req: FastifyRequest<IdRoute>, reply: FastifyReply, state: FormState) {
  const article = await readArticle(ctx, currentUser(req), idParam(req.params));
  return showEditor(ctx, req, reply, { ...state, values: articleValues(article) }, { article, version: article.version });
}

/** The unpublish confirmation: what will happen, then the button; shown again with the reason when the unpublish is refused. */
async function unpublishConfirm(ctx: DbContext, req: FastifyRequest<IdRoute>, reply: FastifyReply, state: FormState) {
  const preview = await unpublishPreview(ctx, currentUser(req), idParam(req.params));
  const { article } = preview;
  const title = article.status === 'scheduled' ? 'Hủy lịch đăng bài' : 'Gỡ bài khỏi cổng thông tin';
  return sendAdminPage(
    req,
    reply,
    { title, active: 'articles', error: state.errors.version ?? state.error },
    (csrf) => <UnpublishConfirmPage csrf={csrf} article={article} section={preview.section} />,
    state.status,
  );
}

async function newArticlePage(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const user = currentUser(req);
  const values = { unitId: String(user.unitId), bylineLabel: 'Tin & ảnh', authorName: user.fullName };
  return showEditor(ctx, req, reply, freshForm(values), { version: 0 });
}

async function editArticlePage(ctx: DbContext, req: FastifyRequest<IdRoute>, reply: FastifyReply) {
  const id = idParam(req.params);
  const article = await readArticle(ctx, currentUser(req), id);
  const warnings = takeImportWarnings(req, reply, id);
  return showEditor(ctx, req, reply, freshForm(articleValues(article)), { article, version: article.version, warnings });
}

/** A POST of the editing form: save, then the step, then back to the form with the notice. */
function editorRoute<S extends z.ZodType<z.output<typeof articleForm>>>(
  ctx: DbContext,
  schema: S,
  notice: string,
  stepOf: (input: z.output<S>) => EditorStep,
) {
  return formRoute<IdRoute, S, number>({
    schema,
    show: (req, reply, state) => showTypedEditor(ctx, req, reply, state),
    submit: (req, input) => {
      const { version, ...fields } = input as z.output<typeof articleForm>;
      const remember = (saved: number) => savedVersions.set(req, saved);
      return saveAndStep(ctx, currentUser(req), idParam(req.params), version, draftOf(fields), stepOf(input), remember);
    },
    done: (req, reply) => redirectWithNotice(reply, articleEditPath(idParam(req.params)), notice),
  });
}

// --- Preview -------------------------------------------------------------------------------------

async function sendPreview(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, article: Article, unsaved: boolean) {
  const { site, sections, section } = await previewFrame(ctx, article);
  const page = h(Layout, {
    site,
    sections,
    baseUrl: `${req.protocol}://${req.host}`,
    meta: { title: `Xem trước: ${article.headline}`, path: articleEditPath(article.id), noindex: true },
    activeSectionId: section.id,
    children: h(PreviewPage, { article, section, unsaved }),
  });
  return reply.header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(renderDocument(page));
}

/** The form as it stands, unsaved: rendered like the public page, sanitised as a save would be. */
async function previewUnsaved(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const { id, ...fields } = parseParams(previewForm, req.body);
  const article = await unsavedArticle(ctx, currentUser(req), id, { ...draftOf(fields), bylineLabel: fields.bylineLabel });
  return sendPreview(ctx, req, reply, article, true);
}

// --- Lists and revisions -------------------------------------------------------------------------

async function articleList(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, queue = false) {
  const user = currentUser(req);
  const parsed = parseQuery(articleListQuery, req.query);
  const query = queue ? { ...parsed, 'can-kiem-tra': true } : parsed;
  const p = await articleListPage(ctx, user, query);
  const filters: ListFilters = {
    status: query['trang-thai'],
    q: query.q,
    sectionId: query['chuyen-muc'],
    unitId: query['don-vi'],
    author: query['tac-gia'],
    flagged: query['can-kiem-tra'],
  };
  const title = queue ? 'Bài nhập cần kiểm tra' : 'Bài viết';
  return sendAdminPage(req, reply, { title, active: 'articles' }, () => (
    <ArticleListPage
      rows={p.rows}
      total={p.total}
      filters={filters}
      sections={p.sections}
      units={p.units}
      page={p.page}
      pages={p.pages}
      canWrite={canAnywhere(user, 'article.write')}
      queue={queue}
    />
  ));
}

/** The editor's automatic save: the form's fields in, JSON out (the new version, or why not). */
async function autosave(ctx: DbContext, req: FastifyRequest<IdRoute>, reply: FastifyReply) {
  const parsed = articleForm.safeParse(req.body ?? {});
  if (!parsed.success) return sendJson(reply, 400, { error: 'Biểu mẫu thiếu số phiên bản của bài; hãy tải lại trang rồi thử lại.' });
  const { version, ...fields } = parsed.data;
  return answerAutosave(reply, async () => {
    const saved = await autosaveDraft(ctx, currentUser(req), idParam(req.params), version, draftOf(fields));
    return { version: saved.version, savedAt: saved.savedAt };
  });
}

/** The first automatic save of a new article creates its draft; the page then goes on as its editing page. */
async function autosaveNew(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const fields = newArticleForm.parse(req.body ?? {});
  return answerAutosave(reply, async () => {
    const { id, version } = await createDraft(ctx, currentUser(req), draftOf(fields));
    return { id, version, savedAt: Date.now(), editUrl: articleEditPath(id) };
  });
}

const sendJson = (reply: FastifyReply, status: number, body: object) => reply.code(status).header('Cache-Control', 'no-store').send(body);

/** An autosave's answer: what was saved and when ("10:42"), or the refusal (with its field) as JSON. */
async function answerAutosave(reply: FastifyReply, save: () => Promise<{ savedAt: number } & Record<string, unknown>>) {
  try {
    const saved = await save();
    return sendJson(reply, 200, { ...saved, time: siteClock(saved.savedAt) });
  } catch (thrown) {
    const e = asDatabaseBusy(thrown);
    if (e instanceof UserFacingError)
      return sendJson(reply, e.statusCode, { error: e.message, field: e instanceof FieldError ? e.field : null });
    throw e;
  }
}

async function reviewQueue(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const p = await reviewQueuePage(ctx, currentUser(req), parseQuery(reviewQueueQuery, req.query).trang);
  return sendAdminPage(req, reply, { title: 'Duyệt bài', active: 'queue' }, () => (
    <ReviewQueuePage rows={p.rows} total={p.total} page={p.page} pages={p.pages} />
  ));
}

async function revisions(ctx: DbContext, req: FastifyRequest<IdRoute>, reply: FastifyReply) {
  const id = idParam(req.params);
  const page = await revisionsPage(ctx, currentUser(req), id, parseQuery(revisionCompareQuery, req.query));
  return sendAdminPage(req, reply, { title: `Phiên bản: ${page.article.headline}`, active: 'articles' }, (csrf) => (
    <RevisionsPage csrf={csrf} article={page.article} revisions={page.revisions} canRestore={page.canRestore} compare={page.compare} />
  ));
}

type RevisionRoute = { Params: { id: string; rev: string } };

/** A refused restore goes back to the revisions with the reason. */
function restoreRoute(ctx: DbContext) {
  return formRoute<RevisionRoute, typeof versionForm, { restored: number; version: number }>({
    schema: versionForm,
    show: (req, reply, state) =>
      redirectWithNotice(reply, `${articleEditPath(idParam(req.params))}/phien-ban`, state.errors.version ?? state.error ?? ''),
    submit: (req, input) => {
      const { id, rev } = parseParams(revisionParams, req.params);
      return restoreRevisionOf(ctx, currentUser(req), id, rev, input.version);
    },
    done: (req, reply, r) =>
      redirectWithNotice(
        reply,
        articleEditPath(idParam(req.params)),
        `Đã khôi phục nội dung phiên bản ${r.restored} thành phiên bản ${r.version}.`,
      ),
  });
}

// --- Photos --------------------------------------------------------------------------------------

/** The editor's photo upload: JSON in, JSON out. */
async function uploadPhoto(ctx: DbContext, dataDir: string, req: FastifyRequest, reply: FastifyReply) {
  const refuse = (status: number, error: string) => reply.code(status).header('Cache-Control', 'no-store').send({ error });
  let bytes: Buffer;
  try {
    const file = await req.file();
    if (!file) return refuse(400, 'Chưa chọn tệp ảnh.');
    bytes = await file.toBuffer();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') return refuse(413, 'Ảnh quá lớn: tối đa 20 MB.');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return refuse(400, 'Yêu cầu tải ảnh không hợp lệ.');
    throw e;
  }
  try {
    const image = await storeImage(ctx, dataDir, bytes);
    return reply
      .header('Cache-Control', 'no-store')
      .send({ url: mediaUrl(image.sha256, 'large'), sha256: image.sha256, width: image.width, height: image.height });
  } catch (e) {
    if (e instanceof ImageRejected) return refuse(400, e.message);
    throw e;
  }
}

// --- Imports into a new draft --------------------------------------------------------------------

// Warnings of an import, carried over the redirect to the new draft in a short-lived cookie.
const IMPORT_COOKIE = 'cd_nhap';
const MAX_COOKIE_CHARS = 3000;

function rememberImportWarnings(reply: FastifyReply, id: number, warnings: string[]) {
  if (warnings.length === 0) return;
  let kept = warnings.map((w) => w.slice(0, 400));
  const encoded = (list: string[]) => Buffer.from(JSON.stringify({ id, w: list })).toString('base64url');
  while (kept.length > 1 && encoded(kept).length > MAX_COOKIE_CHARS) kept = kept.slice(0, -1);
  if (kept.length < warnings.length) kept.push(`… và ${warnings.length - kept.length} lưu ý khác.`);
  reply.setCookie(IMPORT_COOKIE, encoded(kept), { path: '/quan-tri/bai-viet', httpOnly: true, sameSite: 'strict', maxAge: 300 });
}

function takeImportWarnings(req: FastifyRequest, reply: FastifyReply, id: number): string[] {
  const raw = req.cookies[IMPORT_COOKIE];
  if (!raw) return [];
  reply.clearCookie(IMPORT_COOKIE, { path: '/quan-tri/bai-viet' });
  try {
    const data = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { id?: unknown; w?: unknown };
    return data.id === id && Array.isArray(data.w) ? data.w.filter((w): w is string => typeof w === 'string').slice(0, 50) : [];
  } catch {
    return [];
  }
}

async function showImportForm(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, kind: 'docx' | 'text', state: FormState) {
  const { sections, units } = await articleFormChoices(ctx, currentUser(req));
  const props = { sections, units, sectionId: fieldValue(state.values, 'sectionId'), unitId: fieldValue(state.values, 'unitId') };
  const title = kind === 'docx' ? 'Nhập bài từ tệp Word' : 'Dán văn bản thành bài';
  return sendAdminPage(
    req,
    reply,
    { title, active: 'articles', error: state.error },
    (csrf) =>
      kind === 'docx' ? (
        <DocxImportForm csrf={csrf} errors={state.errors} {...props} />
      ) : (
        <PasteTextForm csrf={csrf} errors={state.errors} text={fieldValue(state.values, 'text')} {...props} />
      ),
    state.status,
  );
}

const freshImportForm = (req: FastifyRequest) => freshForm({ sectionId: '', unitId: String(currentUser(req).unitId) });

function importDone(reply: FastifyReply, { id, warnings }: { id: number; warnings: string[] }) {
  rememberImportWarnings(reply, id, warnings);
  return redirectWithNotice(reply, articleEditPath(id), 'Đã tạo bản nháp từ nội dung nhập. Hãy kiểm tra lại trước khi gửi duyệt.');
}

// --- Routes --------------------------------------------------------------------------------------

export function registerNewsroomRoutes(app: FastifyInstance, { ctx, dataDir }: NewsroomOptions): void {
  app.get('/quan-tri/bai-viet', needs('article.read'), (req, reply) => articleList(ctx, req, reply));
  app.get('/quan-tri/bai-viet/can-kiem-tra', needs('article.read'), (req, reply) => articleList(ctx, req, reply, true));
  app.get('/quan-tri/duyet-bai', needs('article.review'), (req, reply) => reviewQueue(ctx, req, reply));

  app.get('/quan-tri/bai-viet/moi', needs('article.write'), (req, reply) => newArticlePage(ctx, req, reply));
  app.post(
    '/quan-tri/bai-viet/moi',
    needs('article.write'),
    formRoute({
      schema: newArticleForm,
      show: (req, reply, state) => showEditor(ctx, req, reply, state, { version: 0 }),
      submit: (req, input) => createDraft(ctx, currentUser(req), draftOf(input)),
      done: (_req, reply, { id }) => redirectWithNotice(reply, articleEditPath(id), 'Đã lưu bản nháp.'),
    }),
  );

  app.get<IdRoute>('/quan-tri/bai-viet/:id', needs('article.write'), (req, reply) => editArticlePage(ctx, req, reply));
  app.post<IdRoute>(
    '/quan-tri/bai-viet/:id',
    needs('article.write'),
    editorRoute(ctx, articleForm, 'Đã lưu bài viết.', () => ({ kind: 'save' })),
  );
  app.post<IdRoute>(
    '/quan-tri/bai-viet/:id/gui-duyet',
    needs('article.write'),
    editorRoute(ctx, articleForm, 'Đã gửi bài cho biên tập viên duyệt.', () => ({ kind: 'submit' })),
  );
  app.post<IdRoute>(
    '/quan-tri/bai-viet/:id/tra-lai',
    needs('article.review'),
    editorRoute(ctx, returnForm, 'Đã trả bài lại cho người viết.', (input) => ({ kind: 'return', comment: input.comment })),
  );
  app.post<IdRoute>(
    '/quan-tri/bai-viet/:id/dang',
    needs('article.publish'),
    editorRoute(ctx, articleForm, 'Đã đăng bài lên cổng thông tin.', () => ({ kind: 'publish' })),
  );
  app.post<IdRoute>(
    '/quan-tri/bai-viet/:id/hen-gio',
    needs('article.publish'),
    editorRoute(ctx, scheduleForm, 'Đã hẹn giờ đăng bài.', (input) => ({ kind: 'schedule', at: input.publishAt })),
  );
  app.post('/quan-tri/bai-viet/moi/tu-luu', needs('article.write'), (req, reply) => autosaveNew(ctx, req, reply));
  app.post<IdRoute>('/quan-tri/bai-viet/:id/tu-luu', needs('article.write'), (req, reply) => autosave(ctx, req, reply));
  app.post<IdRoute>(
    '/quan-tri/bai-viet/:id/rut-lai',
    needs('article.write'),
    formRoute<IdRoute, typeof versionForm, number>({
      schema: versionForm,
      show: (req, reply, state) => showStoredEditor(ctx, req, reply, state),
      submit: (req, input) => withdrawSubmission(ctx, currentUser(req), idParam(req.params), input.version),
      done: (req, reply) =>
        redirectWithNotice(reply, articleEditPath(idParam(req.params)), 'Đã rút bài về bản nháp; sửa xong hãy gửi duyệt lại.'),
    }),
  );
  app.post<IdRoute>(
    '/quan-tri/bai-viet/:id/da-kiem-tra',
    needs('article.review'),
    formRoute<IdRoute, typeof versionForm, number>({
      schema: versionForm,
      show: (req, reply, state) => showStoredEditor(ctx, req, reply, state),
      submit: (req, input) => confirmChecked(ctx, currentUser(req), idParam(req.params), input.version),
      done: (req, reply) =>
        redirectWithNotice(reply, articleEditPath(idParam(req.params)), 'Đã xác nhận bài nhập đã được kiểm tra; bài có thể đăng.'),
    }),
  );
  app.get<IdRoute>('/quan-tri/bai-viet/:id/go-bai', needs('article.publish'), (req, reply) =>
    unpublishConfirm(ctx, req, reply, freshForm()),
  );
  app.post<IdRoute>(
    '/quan-tri/bai-viet/:id/go-bai',
    needs('article.publish'),
    formRoute<IdRoute, typeof versionForm, number>({
      schema: versionForm,
      show: (req, reply, state) => unpublishConfirm(ctx, req, reply, state),
      submit: (req, input) => unpublishArticle(ctx, currentUser(req), idParam(req.params), input.version),
      done: (req, reply) => redirectWithNotice(reply, articleEditPath(idParam(req.params)), 'Đã gỡ bài khỏi cổng thông tin.'),
    }),
  );

  app.get<IdRoute>('/quan-tri/bai-viet/:id/xem-truoc', needs('article.read'), async (req, reply) =>
    sendPreview(ctx, req, reply, await readArticle(ctx, currentUser(req), idParam(req.params)), false),
  );
  app.post('/quan-tri/bai-viet/xem-truoc', needs('article.write'), (req, reply) => previewUnsaved(ctx, req, reply));

  app.get<IdRoute>('/quan-tri/bai-viet/:id/phien-ban', needs('article.read'), (req, reply) => revisions(ctx, req, reply));
  app.post<RevisionRoute>('/quan-tri/bai-viet/:id/phien-ban/:rev/khoi-phuc', needs('article.write'), restoreRoute(ctx));

  app.post('/quan-tri/anh', needs('article.write'), (req, reply) => uploadPhoto(ctx, dataDir, req, reply));

  app.get('/quan-tri/bai-viet/nhap-docx', needs('article.write'), (req, reply) =>
    showImportForm(ctx, req, reply, 'docx', freshImportForm(req)),
  );
  app.post(
    '/quan-tri/bai-viet/nhap-docx',
    { ...needs('article.write'), preValidation: readMultipartForm() },
    formRoute({
      schema: importTargetForm,
      show: (req, reply, state) => showImportForm(ctx, req, reply, 'docx', state),
      submit: (req, target) => createDraftFromDocx(ctx, currentUser(req), dataDir, uploadOf(req), target),
      done: (_req, reply, result) => importDone(reply, result),
    }),
  );
  app.get('/quan-tri/bai-viet/dan-van-ban', needs('article.write'), (req, reply) =>
    showImportForm(ctx, req, reply, 'text', freshImportForm(req)),
  );
  app.post(
    '/quan-tri/bai-viet/dan-van-ban',
    needs('article.write'),
    formRoute({
      schema: pasteTextForm,
      show: (req, reply, state) => showImportForm(ctx, req, reply, 'text', state),
      submit: (req, input) => createDraftFromText(ctx, currentUser(req), dataDir, input),
      done: (_req, reply, result) => importDone(reply, result),
    }),
  );
}
