import { SectionUnitFields } from './import-forms.js';
import type { Article, Section, Unit } from '../../db/schema.js';
import type { FieldErrors } from '../../web/parse.js';
import { CsrfField } from '../../web/views/admin-layout.js';
import { articlePath } from '../../web/views/layout.js';
import type { ArticleActions } from '../policy.js';
import { AUTOSAVE_MS, autosaves, checkReasonLabels } from '../schema.js';
import { FieldMessage } from '../../web/views/field.js';
import { articleEditPath, ReviewComment, StatusBadge, When, Warnings } from './components.js';

declare module 'preact' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- how preact declares its elements
  namespace JSX {
    interface IntrinsicElements {
      /** Trix's editor element, bound to the hidden input named by `input`. */
      'trix-editor': HTMLAttributes & { input: string; placeholder?: string };
    }
  }
}

export const BYLINE_LABELS = ['Tin & ảnh', 'Tin và ảnh', 'Tin, ảnh', 'Bài và ảnh', 'Bài', 'Tin'] as const;

/** What the form shows: the stored article, or what the user sent (kept when a save is refused). */
export interface DraftFormValues {
  sectionId: string;
  unitId: string;
  headline: string;
  lead: string;
  /** The body as the editor holds it (see editor-html.ts). */
  editorHtml: string;
  bylineLabel: string;
  authorName: string;
  authorUnit: string;
  comment: string;
  publishAt: string;
}

export interface ArticleFormProps {
  csrf: string;
  values: DraftFormValues;
  sections: Section[];
  units: Unit[];
  /** The version the form was loaded at: a save based on it is refused if someone saved since. */
  version: number;
  /** Absent for a new draft. */
  article?: Article;
  actions?: ArticleActions;
  warnings?: string[];
  /** The problems of a refused save, by field. */
  errors?: FieldErrors;
}

/** The editor's assets: newsroom.js first, so it configures Trix before the editor starts. */
export const EDITOR_ASSETS = { styles: ['/assets/trix.css'], scripts: ['/assets/newsroom.js', '/assets/trix.js'] };

export function ArticleFormPage(props: ArticleFormProps) {
  const { article, actions, warnings = [] } = props;
  const readOnly = article !== undefined && !actions?.edit;
  return (
    <>
      {article ? <ArticleHeader article={article} /> : null}
      <Warnings title="Lưu ý khi nhập bài (hãy kiểm tra lại):" items={warnings} />
      {article?.status === 'returned' || (article?.review_comment && article.status !== 'published') ? (
        <ReviewComment comment={article.review_comment} />
      ) : null}
      {readOnly ? <p class="flash flash-info">Bài đang ở trạng thái “chờ duyệt” hoặc đã đăng: chỉ biên tập viên mới sửa được.</p> : null}
      {article && article.check_reasons !== 0 ? <CheckNotice csrf={props.csrf} article={article} actions={actions} /> : null}
      <form
        id="article-form"
        method="post"
        action={article ? articleEditPath(article.id) : '/quan-tri/bai-viet/moi'}
        class="panel article-form"
        data-warn-unsaved={readOnly ? undefined : '1'}
        data-autosave={
          !article
            ? '/quan-tri/bai-viet/moi/tu-luu'
            : !readOnly && autosaves(article.status)
              ? `${articleEditPath(article.id)}/tu-luu`
              : undefined
        }
        data-autosave-ms={String(AUTOSAVE_MS)}
      >
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(props.version)} />
        {article ? <input type="hidden" name="id" value={String(article.id)} /> : null}
        <fieldset class="plain" disabled={readOnly}>
          <ArticleFields {...props} />
        </fieldset>
        <ActionBar article={article} actions={actions} readOnly={readOnly} />
        {article && actions && (actions.giveBack || actions.publish) ? (
          <EditorDesk article={article} actions={actions} values={props.values} />
        ) : null}
      </form>
      {article && actions?.withdraw ? <WithdrawForm csrf={props.csrf} article={article} /> : null}
      {article && actions?.unpublish ? <UnpublishLink article={article} /> : null}
    </>
  );
}

function ArticleHeader({ article }: { article: Article }) {
  return (
    <div class="article-meta">
      <StatusBadge status={article.status} />
      <span class="muted">
        Phiên bản {article.version} · cập nhật <When at={article.updated_at} />
      </span>
      {article.status === 'scheduled' ? (
        <span class="muted">
          · hẹn đăng <When at={article.published_at} />
        </span>
      ) : null}
      <a href={`${articleEditPath(article.id)}/phien-ban`}>Các phiên bản</a>
      <a href={`${articleEditPath(article.id)}/xem-truoc`} target="_blank" rel="noopener">
        Xem bản đã lưu
      </a>
      {article.status === 'published' ? (
        <a href={articlePath(article.slug)} target="_blank" rel="noopener">
          Xem trên cổng thông tin
        </a>
      ) : null}
    </div>
  );
}

function ArticleFields({ values, sections, units, errors = {} }: ArticleFormProps) {
  const labels: string[] =
    BYLINE_LABELS.includes(values.bylineLabel as (typeof BYLINE_LABELS)[number]) || !values.bylineLabel
      ? [...BYLINE_LABELS]
      : [values.bylineLabel, ...BYLINE_LABELS];
  return (
    <>
      <SectionUnitFields sections={sections} units={units} sectionId={values.sectionId} unitId={values.unitId} errors={errors} />
      <div class="form-row">
        <label for="headline">Tiêu đề</label>
        <input id="headline" name="headline" type="text" required maxLength={500} value={values.headline} />
        <FieldMessage message={errors.headline} />
      </div>
      <div class="form-row">
        <label for="lead">Sa-pô (đoạn mở đầu)</label>
        <textarea id="lead" name="lead" maxLength={5000} rows={3}>
          {values.lead}
        </textarea>
        <FieldMessage message={errors.lead} />
      </div>
      <div class="form-row">
        <label id="body-label" for="bodyHtml">
          Nội dung
        </label>
        <input type="hidden" id="bodyHtml" name="bodyHtml" value={values.editorHtml} />
        <trix-editor
          input="bodyHtml"
          class="trix-content article-editor"
          aria-labelledby="body-label"
          placeholder="Viết nội dung bài; chèn ảnh bằng nút ảnh trên thanh công cụ hoặc kéo thả ảnh vào đây."
        />
        <p id="editor-status" class="editor-status muted" role="status" aria-live="polite" />
        <p id="autosave-status" class="autosave-status muted" role="status" aria-live="polite" />
        <FieldMessage message={errors.bodyHtml} />
      </div>
      <fieldset class="byline-fields">
        <legend>Tác giả</legend>
        <div class="form-grid">
          <div class="form-row">
            <label for="bylineLabel">Nhãn</label>
            <select id="bylineLabel" name="bylineLabel">
              {labels.map((l) => (
                <option key={l} value={l} selected={l === (values.bylineLabel || 'Tin & ảnh')}>
                  {l}
                </option>
              ))}
            </select>
            <FieldMessage message={errors.bylineLabel} />
          </div>
          <div class="form-row">
            <label for="authorName">Tên tác giả</label>
            <input id="authorName" name="authorName" type="text" maxLength={200} value={values.authorName} />
            <FieldMessage message={errors.authorName} />
          </div>
          <div class="form-row">
            <label for="authorUnit">Đơn vị của tác giả</label>
            <input id="authorUnit" name="authorUnit" type="text" maxLength={300} value={values.authorUnit} />
            <FieldMessage message={errors.authorUnit} />
          </div>
        </div>
      </fieldset>
    </>
  );
}

function ActionBar({ article, actions, readOnly }: { article?: Article; actions?: ArticleActions; readOnly: boolean }) {
  return (
    <div class="actions">
      {!readOnly ? (
        <button type="submit" class="primary">
          Lưu
        </button>
      ) : null}
      {!readOnly ? (
        <button type="submit" class="secondary" formAction="/quan-tri/bai-viet/xem-truoc" formTarget="_blank" formNoValidate>
          Xem trước
        </button>
      ) : null}
      {article && actions?.submit ? (
        <button type="submit" class="secondary" formAction={`${articleEditPath(article.id)}/gui-duyet`}>
          Gửi duyệt
        </button>
      ) : null}
      {!article ? <span class="muted">Lưu bản nháp trước, sau đó gửi duyệt.</span> : null}
    </div>
  );
}

/** The editor's part of the form: return with a comment, publish now or at a time. */
function EditorDesk({ article, actions, values }: { article: Article; actions: ArticleActions; values: DraftFormValues }) {
  const base = articleEditPath(article.id);
  return (
    <fieldset class="editor-desk">
      <legend>Biên tập</legend>
      {actions.giveBack ? (
        <div class="desk-row">
          <div class="form-row">
            <label for="comment">Nhận xét gửi người viết (bắt buộc khi trả lại)</label>
            <textarea id="comment" name="comment" rows={2} maxLength={4000}>
              {values.comment}
            </textarea>
          </div>
          <button type="submit" class="secondary" formAction={`${base}/tra-lai`}>
            Trả lại
          </button>
        </div>
      ) : null}
      {actions.publish ? (
        <div class="desk-row">
          <button type="submit" class="primary" formAction={`${base}/dang`}>
            Đăng ngay
          </button>
          <div class="form-row">
            <label for="publishAt">Hoặc hẹn giờ đăng (giờ Việt Nam)</label>
            <input
              id="publishAt"
              name="publishAt"
              type="text"
              class="datetime-input"
              inputMode="numeric"
              autocomplete="off"
              placeholder="dd/mm/yyyy hh:mm"
              title="Ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 22/01/2016 11:16"
              maxLength={16}
              value={values.publishAt}
            />
          </div>
          <button type="submit" class="secondary" formAction={`${base}/hen-gio`}>
            Hẹn giờ đăng
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}

/** Unpublishing starts on its confirmation page, which says what will happen. */
function UnpublishLink({ article }: { article: Article }) {
  return (
    <div class="panel unpublish-form">
      <p class="muted">
        {article.status === 'scheduled'
          ? 'Hủy lịch đăng: bài sẽ không được đăng.'
          : 'Gỡ bài khỏi cổng thông tin: bài không còn hiện với bạn đọc và không tìm thấy được nữa.'}
      </p>
      <a class="button danger" href={`${articleEditPath(article.id)}/go-bai`}>
        {article.status === 'scheduled' ? 'Hủy lịch đăng…' : 'Gỡ bài…'}
      </a>
    </div>
  );
}

/** The writer takes a submitted article back to a draft. */
function WithdrawForm({ csrf, article }: { csrf: string; article: Article }) {
  return (
    <form method="post" action={`${articleEditPath(article.id)}/rut-lai`} class="panel withdraw-form">
      <CsrfField token={csrf} />
      <input type="hidden" name="version" value={String(article.version)} />
      <p class="muted">Rút lại: bài trở về bản nháp để sửa tiếp; biên tập viên không còn thấy bài trong hàng chờ duyệt.</p>
      <button type="submit" class="secondary">
        Rút lại
      </button>
    </form>
  );
}

/** An imported article waiting for a check: why, and the editor's confirmation. */
function CheckNotice({ csrf, article, actions }: { csrf: string; article: Article; actions?: ArticleActions }) {
  return (
    <div class="panel check-notice" role="status">
      <p>
        <strong>Bài nhập cần kiểm tra trước khi đăng:</strong> {checkReasonLabels(article.check_reasons).join('; ')}. Sửa tiêu đề hoặc xóa
        chỗ giữ ảnh rồi lưu{actions?.confirmCheck ? ', hoặc xác nhận bài đã được kiểm tra như hiện có' : ''}.
      </p>
      {actions?.confirmCheck ? (
        <form method="post" action={`${articleEditPath(article.id)}/da-kiem-tra`}>
          <CsrfField token={csrf} />
          <input type="hidden" name="version" value={String(article.version)} />
          <button type="submit" class="secondary">
            Xác nhận đã kiểm tra
          </button>
        </form>
      ) : null}
    </div>
  );
}
