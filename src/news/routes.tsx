import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readMultipartForm, uploadOf } from '../web/multipart.js';
import { h } from 'preact';
import { canAnywhere, grantUnitsFor } from '../access/user.js';
import type { Action } from '../access/roles.js';
import type { DbContext } from '../db/context.js';
import type { Article, ArticleStatus } from '../db/schema.js';
import { Forbidden, NotFound, UserFacingError } from '../lib/errors.js';
import { siteTime } from '../lib/format.js';
import { paginateList, parsePageNumber } from '../lib/pagination.js';
import { ImageRejected, storeImage } from '../media/store.js';
import { mediaUrl } from '../media/urls.js';
import { findUnitById, listUnitsInScope } from '../org/repo.js';
import { readSiteSettings } from '../site/settings.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { renderDocument } from '../web/render.js';
import { Layout } from '../web/views/layout.js';
import { DraftImportError, draftFromDocx, type DraftContent } from './draft-from-docx.js';
import { draftFromText } from './draft-from-text.js';
import {
  allowedActions,
  createDraft,
  createDraftFromImport,
  listArticlesInScope,
  listOwnWork,
  listReviewQueue,
  publishArticle,
  readArticle,
  restoreRevision,
  returnToWriter,
  saveDraft,
  submitForReview,
  unpublishArticle,
  type DraftInput,
} from './newsroom.js';
import * as repo from './repo.js';
import { sanitizeArticleHtml } from './sanitize.js';
import { ArticleListPage, ReviewQueuePage, statusFromSlug } from './views/article-list.js';
import { ArticleFormPage, EDITOR_ASSETS, type DraftFormValues } from './views/article-form.js';
import { articleEditPath, siteDateTimeLocal } from './views/components.js';
import { DashboardPage } from './views/dashboard.js';
import { fromEditorHtml, toEditorHtml } from './views/editor-html.js';
import { DocxImportForm, PasteTextForm } from './views/import-forms.js';
import { PreviewPage } from './views/preview.js';
import { RevisionsPage, type RevisionText } from './views/revisions.js';

const LIST_PAGE_SIZE = 20;
const MAX_PASTE_CHARS = 2_000_000;

export interface NewsroomOptions {
  ctx: DbContext;
  dataDir: string;
}

type Form = Record<string, unknown> | undefined;

/** A form field as one string (formbody gives arrays for repeated names). */
function field(form: Form, name: string): string {
  const value = form?.[name];
  if (typeof value === 'string') return value;
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
}

/** An id in the address: a positive integer, or 404. */
function idParam(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1) throw new NotFound('Bài viết không tồn tại hoặc đã bị xóa.');
  return Number(raw);
}

function versionField(form: Form): number {
  const raw = field(form, 'version');
  if (!/^\d{1,10}$/.test(raw)) throw new UserFacingError('Biểu mẫu thiếu số phiên bản của bài; hãy tải lại trang rồi thử lại.');
  return Number(raw);
}

function valuesFromForm(form: Form): DraftFormValues {
  return {
    sectionId: field(form, 'sectionId'),
    unitId: field(form, 'unitId'),
    headline: field(form, 'headline'),
    lead: field(form, 'lead'),
    editorHtml: field(form, 'bodyHtml'),
    bylineLabel: field(form, 'bylineLabel'),
    authorName: field(form, 'authorName'),
    authorUnit: field(form, 'authorUnit'),
    comment: field(form, 'comment'),
    publishAt: field(form, 'publishAt'),
  };
}

function valuesFromArticle(a: Article): DraftFormValues {
  return {
    sectionId: String(a.section_id),
    unitId: a.unit_id === null ? '' : String(a.unit_id),
    headline: a.headline,
    lead: a.lead,
    editorHtml: toEditorHtml(a.body_html),
    bylineLabel: a.byline_label ?? '',
    authorName: a.author_name ?? '',
    authorUnit: a.author_unit ?? '',
    comment: '',
    publishAt: a.status === 'scheduled' ? siteDateTimeLocal(a.published_at) : '',
  };
}

function draftInput(v: DraftFormValues): DraftInput {
  return {
    sectionId: v.sectionId,
    unitId: v.unitId,
    headline: v.headline,
    lead: v.lead,
    bodyHtml: fromEditorHtml(v.editorHtml),
    bylineLabel: v.bylineLabel || 'Tin & ảnh',
    authorName: v.authorName,
    authorUnit: v.authorUnit,
  };
}

/** "2025-03-01T08:30" read as Vietnam time. */
function parseSiteDateTime(raw: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(raw);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  return siteTime(year, month, day, hour, minute).getTime();
}

/** Errors a form can show next to the user's text; refusals and missing articles get their own page. */
const isFormError = (e: unknown): e is UserFacingError =>
  e instanceof UserFacingError && !(e instanceof Forbidden) && !(e instanceof NotFound);

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

export function registerNewsroomRoutes(app: FastifyInstance, { ctx, dataDir }: NewsroomOptions): void {
  const needs = (permission: Action) => ({ config: { access: { permission } } });
  const html = 'text/html; charset=utf-8';

  async function unitsForWriting(req: FastifyRequest, article?: Article) {
    const units = await listUnitsInScope(ctx, grantUnitsFor(currentUser(req), 'article.write'));
    if (article?.unit_id && !units.some((u) => u.id === article.unit_id)) {
      const own = await findUnitById(ctx, article.unit_id);
      if (own) units.unshift(own);
    }
    return units;
  }

  interface FormPage {
    article?: Article;
    values: DraftFormValues;
    version: number;
    error?: string;
    status?: number;
    warnings?: string[];
  }

  async function sendArticleForm(req: FastifyRequest, reply: FastifyReply, page: FormPage) {
    const { article } = page;
    const [sections, units, actions] = await Promise.all([
      repo.listSectionsWithCounts(ctx),
      unitsForWriting(req, article),
      article ? allowedActions(ctx, currentUser(req), article) : undefined,
    ]);
    const title = article ? 'Sửa bài viết' : 'Viết bài mới';
    return sendAdminPage(
      req,
      reply,
      { title, active: 'articles', error: page.error ?? null, ...EDITOR_ASSETS },
      (csrf) => (
        <ArticleFormPage
          csrf={csrf}
          values={page.values}
          sections={sections}
          units={units}
          version={page.version}
          article={article}
          actions={actions}
          warnings={page.warnings}
        />
      ),
      page.status ?? 200,
    );
  }

  /**
   * Saves the form (a save that changes nothing writes no version), then runs the next step
   * with the new version. A refused save or step shows the form again with the user's text.
   */
  async function saveThen(
    req: FastifyRequest<{ Params: { id: string }; Body: Form }>,
    reply: FastifyReply,
    notice: string,
    options: {
      precheck?: () => string | null;
      step?: (version: number) => Promise<unknown>;
    } = {},
  ) {
    const user = currentUser(req);
    const id = idParam(req.params.id);
    const values = valuesFromForm(req.body);
    let version = versionField(req.body);
    try {
      const problem = options.precheck?.();
      if (problem) throw new UserFacingError(problem);
      version = await saveDraft(ctx, user, id, version, draftInput(values));
      await options.step?.(version);
    } catch (e) {
      if (!isFormError(e)) throw e;
      const article = await readArticle(ctx, user, id);
      return sendArticleForm(req, reply, { article, values, version, error: e.message, status: e.statusCode });
    }
    return redirectWithNotice(reply, articleEditPath(id), notice);
  }

  async function sendPreview(req: FastifyRequest, reply: FastifyReply, article: Article, unsaved: boolean) {
    const [site, sections] = await Promise.all([readSiteSettings(ctx), repo.listSectionsWithCounts(ctx)]);
    const section = sections.find((s) => s.id === article.section_id) ?? sections[0];
    if (!section) throw new UserFacingError('Chưa có chuyên mục nào: hãy tạo chuyên mục trước.');
    const page = h(Layout, {
      site,
      sections,
      baseUrl: `${req.protocol}://${req.host}`,
      meta: { title: `Xem trước: ${article.headline}`, path: articleEditPath(article.id), noindex: true },
      activeSectionId: section.id,
      children: h(PreviewPage, { article, section, unsaved }),
    });
    return reply.header('Cache-Control', 'no-store').type(html).send(renderDocument(page));
  }

  // --- Dashboard, lists -----------------------------------------------------------------------

  app.get('/quan-tri', { config: { access: 'signed-in' } }, async (req, reply) => {
    const user = currentUser(req);
    const canWrite = canAnywhere(user, 'article.write');
    const [ownWork, queue] = await Promise.all([
      canWrite ? listOwnWork(ctx, user) : [],
      canAnywhere(user, 'article.review') ? listReviewQueue(ctx, user, 1, 0) : null,
    ]);
    return sendAdminPage(req, reply, { title: 'Trang làm việc' }, () => (
      <DashboardPage
        ownWork={ownWork}
        queueCount={queue ? queue.total : null}
        canWrite={canWrite}
        canRead={canAnywhere(user, 'article.read')}
      />
    ));
  });

  app.get<{ Querystring: { 'trang-thai'?: string; trang?: string } }>('/quan-tri/bai-viet', needs('article.read'), async (req, reply) => {
    const user = currentUser(req);
    const status = statusFromSlug(req.query['trang-thai']);
    const page = parsePageNumber(req.query.trang) ?? 1;
    const { rows, total } = await listArticlesInScope(ctx, user, status ? [status] : null, LIST_PAGE_SIZE, (page - 1) * LIST_PAGE_SIZE);
    const p = paginateList(total, page, LIST_PAGE_SIZE);
    return sendAdminPage(req, reply, { title: 'Bài viết', active: 'articles' }, () => (
      <ArticleListPage
        rows={rows}
        total={total}
        status={status}
        page={p.page}
        pages={p.pages}
        canWrite={canAnywhere(user, 'article.write')}
      />
    ));
  });

  app.get<{ Querystring: { trang?: string } }>('/quan-tri/duyet-bai', needs('article.review'), async (req, reply) => {
    const page = parsePageNumber(req.query.trang) ?? 1;
    const { rows, total } = await listReviewQueue(ctx, currentUser(req), LIST_PAGE_SIZE, (page - 1) * LIST_PAGE_SIZE);
    const p = paginateList(total, page, LIST_PAGE_SIZE);
    return sendAdminPage(req, reply, { title: 'Duyệt bài', active: 'queue' }, () => (
      <ReviewQueuePage rows={rows} total={total} page={p.page} pages={p.pages} />
    ));
  });

  // --- Writing --------------------------------------------------------------------------------

  app.get('/quan-tri/bai-viet/moi', needs('article.write'), async (req, reply) => {
    const user = currentUser(req);
    const values: DraftFormValues = {
      sectionId: '',
      unitId: String(user.unitId),
      headline: '',
      lead: '',
      editorHtml: '',
      bylineLabel: 'Tin & ảnh',
      authorName: user.fullName,
      authorUnit: '',
      comment: '',
      publishAt: '',
    };
    return sendArticleForm(req, reply, { values, version: 0 });
  });

  app.post<{ Body: Form }>('/quan-tri/bai-viet/moi', needs('article.write'), async (req, reply) => {
    const values = valuesFromForm(req.body);
    try {
      const { id } = await createDraft(ctx, currentUser(req), draftInput(values));
      return redirectWithNotice(reply, articleEditPath(id), 'Đã lưu bản nháp.');
    } catch (e) {
      if (!isFormError(e)) throw e;
      return sendArticleForm(req, reply, { values, version: 0, error: e.message, status: e.statusCode });
    }
  });

  app.get<{ Params: { id: string } }>('/quan-tri/bai-viet/:id', needs('article.write'), async (req, reply) => {
    const id = idParam(req.params.id);
    const article = await readArticle(ctx, currentUser(req), id);
    return sendArticleForm(req, reply, {
      article,
      values: valuesFromArticle(article),
      version: article.version,
      warnings: takeImportWarnings(req, reply, id),
    });
  });

  app.post<{ Params: { id: string }; Body: Form }>('/quan-tri/bai-viet/:id', needs('article.write'), (req, reply) =>
    saveThen(req, reply, 'Đã lưu bài viết.'),
  );

  app.post<{ Params: { id: string }; Body: Form }>('/quan-tri/bai-viet/:id/gui-duyet', needs('article.write'), (req, reply) =>
    saveThen(req, reply, 'Đã gửi bài cho biên tập viên duyệt.', {
      step: (version) => submitForReview(ctx, currentUser(req), idParam(req.params.id), version),
    }),
  );

  app.post<{ Params: { id: string }; Body: Form }>('/quan-tri/bai-viet/:id/tra-lai', needs('article.review'), (req, reply) =>
    saveThen(req, reply, 'Đã trả bài lại cho người viết.', {
      precheck: () => (field(req.body, 'comment').trim() ? null : 'Cần ghi nhận xét khi trả bài cho người viết.'),
      step: (version) => returnToWriter(ctx, currentUser(req), idParam(req.params.id), version, field(req.body, 'comment')),
    }),
  );

  app.post<{ Params: { id: string }; Body: Form }>('/quan-tri/bai-viet/:id/dang', needs('article.publish'), (req, reply) =>
    saveThen(req, reply, 'Đã đăng bài lên cổng thông tin.', {
      step: (version) => publishArticle(ctx, currentUser(req), idParam(req.params.id), version),
    }),
  );

  app.post<{ Params: { id: string }; Body: Form }>('/quan-tri/bai-viet/:id/hen-gio', needs('article.publish'), (req, reply) => {
    const at = parseSiteDateTime(field(req.body, 'publishAt'));
    return saveThen(req, reply, 'Đã hẹn giờ đăng bài.', {
      precheck: () =>
        at === null
          ? 'Cần chọn ngày giờ đăng bài.'
          : at <= Date.now() + 60_000
            ? 'Thời điểm hẹn đăng phải sau thời điểm hiện tại; muốn đăng ngay hãy bấm “Đăng ngay”.'
            : null,
      step: (version) => publishArticle(ctx, currentUser(req), idParam(req.params.id), version, at),
    });
  });

  app.post<{ Params: { id: string }; Body: Form }>('/quan-tri/bai-viet/:id/go-bai', needs('article.publish'), async (req, reply) => {
    const id = idParam(req.params.id);
    try {
      await unpublishArticle(ctx, currentUser(req), id, versionField(req.body));
    } catch (e) {
      if (!isFormError(e)) throw e;
      const article = await readArticle(ctx, currentUser(req), id);
      return sendArticleForm(req, reply, {
        article,
        values: valuesFromArticle(article),
        version: article.version,
        error: e.message,
        status: e.statusCode,
      });
    }
    return redirectWithNotice(reply, articleEditPath(id), 'Đã gỡ bài khỏi cổng thông tin.');
  });

  // --- Preview --------------------------------------------------------------------------------

  app.get<{ Params: { id: string } }>('/quan-tri/bai-viet/:id/xem-truoc', needs('article.read'), async (req, reply) =>
    sendPreview(req, reply, await readArticle(ctx, currentUser(req), idParam(req.params.id)), false),
  );

  /** The form as it stands, unsaved: rendered like the public page, sanitised as a save would be. */
  app.post<{ Body: Form }>('/quan-tri/bai-viet/xem-truoc', needs('article.write'), async (req, reply) => {
    const user = currentUser(req);
    const v = valuesFromForm(req.body);
    const id = field(req.body, 'id');
    const stored = id ? await readArticle(ctx, user, idParam(id)) : null;
    const now = Date.now();
    const article: Article = {
      id: stored?.id ?? 0,
      slug: stored?.slug ?? '',
      status: stored?.status ?? 'draft',
      version: stored?.version ?? 0,
      section_id: Number(v.sectionId) || (stored?.section_id ?? 0),
      unit_id: Number(v.unitId) || (stored?.unit_id ?? null),
      headline: v.headline.trim() || '(Chưa có tiêu đề)',
      headline_needs_review: 0,
      lead: v.lead.trim(),
      body_html: sanitizeArticleHtml(fromEditorHtml(v.editorHtml)),
      byline_label: v.authorName.trim() ? v.bylineLabel || 'Tin & ảnh' : null,
      author_name: v.authorName.trim() || null,
      author_unit: v.authorUnit.trim() || null,
      published_at: stored?.status === 'published' ? stored.published_at : now,
      created_at: stored?.created_at ?? now,
      updated_at: now,
      source_key: null,
      author_user_id: stored?.author_user_id ?? user.id,
      review_comment: null,
      submitted_at: null,
    };
    return sendPreview(req, reply, article, true);
  });

  // --- Revisions ------------------------------------------------------------------------------

  app.get<{ Params: { id: string }; Querystring: { a?: string; b?: string } }>(
    '/quan-tri/bai-viet/:id/phien-ban',
    needs('article.read'),
    async (req, reply) => {
      const user = currentUser(req);
      const article = await readArticle(ctx, user, idParam(req.params.id));
      const rows = await repo.listRevisions(ctx, article.id);
      const revisions = rows.map((r) => ({ ...r, status: revisionStatus(r.snapshot_json) }));
      const compare = await revisionPair(article.id, req.query.a, req.query.b);
      const canRestore = (await allowedActions(ctx, user, article)).edit;
      return sendAdminPage(req, reply, { title: `Phiên bản: ${article.headline}`, active: 'articles' }, (csrf) => (
        <RevisionsPage csrf={csrf} article={article} revisions={revisions} canRestore={canRestore} compare={compare} />
      ));
    },
  );

  async function revisionPair(articleId: number, a: unknown, b: unknown): Promise<{ a: RevisionText; b: RevisionText } | null> {
    if (typeof a !== 'string' || typeof b !== 'string' || !/^\d{1,10}$/.test(a) || !/^\d{1,10}$/.test(b)) return null;
    const [ra, rb] = await Promise.all([repo.findRevision(ctx, articleId, Number(a)), repo.findRevision(ctx, articleId, Number(b))]);
    if (!ra || !rb) throw new NotFound('Không có phiên bản này.');
    return ra.version <= rb.version ? { a: ra, b: rb } : { a: rb, b: ra };
  }

  app.post<{ Params: { id: string; rev: string }; Body: Form }>(
    '/quan-tri/bai-viet/:id/phien-ban/:rev/khoi-phuc',
    needs('article.write'),
    async (req, reply) => {
      const id = idParam(req.params.id);
      const revision = await repo.findRevision(ctx, id, idParam(req.params.rev));
      if (!revision) throw new NotFound('Không có phiên bản này.');
      try {
        const version = await restoreRevision(ctx, currentUser(req), id, revision.id, versionField(req.body));
        return redirectWithNotice(
          reply,
          articleEditPath(id),
          `Đã khôi phục nội dung phiên bản ${revision.version} thành phiên bản ${version}.`,
        );
      } catch (e) {
        if (!isFormError(e)) throw e;
        return redirectWithNotice(reply, `${articleEditPath(id)}/phien-ban`, e.message);
      }
    },
  );

  // --- Photos ---------------------------------------------------------------------------------

  /** The editor's photo upload: JSON in, JSON out. */
  app.post('/quan-tri/anh', needs('article.write'), async (req, reply) => {
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
  });

  // --- Imports into a new draft -----------------------------------------------------------------

  interface ImportPage {
    sectionId: string;
    unitId: string;
    text?: string;
    error?: string;
    status?: number;
  }

  async function sendImportForm(req: FastifyRequest, reply: FastifyReply, kind: 'docx' | 'text', page: ImportPage) {
    const [sections, units] = await Promise.all([repo.listSectionsWithCounts(ctx), unitsForWriting(req)]);
    const props = { sections, units, sectionId: page.sectionId, unitId: page.unitId };
    return kind === 'docx'
      ? sendAdminPage(
          req,
          reply,
          { title: 'Nhập bài từ tệp Word', active: 'articles', error: page.error ?? null },
          (csrf) => <DocxImportForm csrf={csrf} {...props} />,
          page.status,
        )
      : sendAdminPage(
          req,
          reply,
          { title: 'Dán văn bản thành bài', active: 'articles', error: page.error ?? null },
          (csrf) => <PasteTextForm csrf={csrf} text={page.text ?? ''} {...props} />,
          page.status,
        );
  }

  async function createFromImport(
    req: FastifyRequest,
    reply: FastifyReply,
    kind: 'docx' | 'text',
    form: Form,
    read: () => Promise<DraftContent>,
    fallbackHeadline: string,
  ) {
    const target = { sectionId: field(form, 'sectionId'), unitId: field(form, 'unitId') };
    try {
      const content = await read();
      const { id, warnings } = await createDraftFromImport(ctx, currentUser(req), dataDir, content, {
        sectionId: Number(target.sectionId),
        unitId: Number(target.unitId),
        fallbackHeadline,
      });
      rememberImportWarnings(reply, id, warnings);
      return redirectWithNotice(reply, articleEditPath(id), 'Đã tạo bản nháp từ nội dung nhập. Hãy kiểm tra lại trước khi gửi duyệt.');
    } catch (e) {
      if (!(e instanceof DraftImportError) && !isFormError(e)) throw e;
      const status = e instanceof UserFacingError ? e.statusCode : 400;
      return sendImportForm(req, reply, kind, {
        ...target,
        text: kind === 'text' ? field(form, 'text') : undefined,
        error: e.message,
        status,
      });
    }
  }

  app.get('/quan-tri/bai-viet/nhap-docx', needs('article.write'), (req, reply) =>
    sendImportForm(req, reply, 'docx', { sectionId: '', unitId: String(currentUser(req).unitId) }),
  );

  app.post<{ Body: Form }>(
    '/quan-tri/bai-viet/nhap-docx',
    { ...needs('article.write'), preValidation: readMultipartForm() },
    async (req, reply) => {
      const upload = uploadOf(req);
      const target = { sectionId: field(req.body, 'sectionId'), unitId: field(req.body, 'unitId') };
      if (!upload || ('bytes' in upload && upload.bytes.length === 0 && !upload.fileName)) {
        return sendImportForm(req, reply, 'docx', { ...target, error: 'Chưa chọn tệp Word (.docx).', status: 400 });
      }
      if ('tooLarge' in upload) return sendImportForm(req, reply, 'docx', { ...target, error: 'Tệp quá lớn: tối đa 20 MB.', status: 413 });
      return createFromImport(
        req,
        reply,
        'docx',
        req.body,
        () => draftFromDocx(upload.bytes, upload.fileName),
        `Bài nhập từ tệp ${upload.fileName}`.slice(0, 200),
      );
    },
  );

  app.get('/quan-tri/bai-viet/dan-van-ban', needs('article.write'), (req, reply) =>
    sendImportForm(req, reply, 'text', { sectionId: '', unitId: String(currentUser(req).unitId) }),
  );

  app.post<{ Body: Form }>('/quan-tri/bai-viet/dan-van-ban', needs('article.write'), async (req, reply) => {
    const text = field(req.body, 'text');
    if (!text.trim() || text.length > MAX_PASTE_CHARS) {
      const error = text.trim() ? 'Văn bản quá dài (tối đa 2 triệu ký tự).' : 'Chưa có nội dung: hãy dán văn bản của bài.';
      return sendImportForm(req, reply, 'text', {
        sectionId: field(req.body, 'sectionId'),
        unitId: field(req.body, 'unitId'),
        text: text.slice(0, MAX_PASTE_CHARS),
        error,
        status: 400,
      });
    }
    return createFromImport(req, reply, 'text', req.body, async () => draftFromText(text), 'Bài dán từ văn bản');
  });
}

function revisionStatus(snapshotJson: string): ArticleStatus | null {
  try {
    const status = (JSON.parse(snapshotJson) as { status?: unknown }).status;
    return typeof status === 'string' ? (status as ArticleStatus) : null;
  } catch {
    return null;
  }
}
