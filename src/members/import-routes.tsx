import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { grantUnitsFor } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { isValidIsoDate, todayInVietnam } from '../lib/dates.js';
import { NotFound, UserFacingError } from '../lib/errors.js';
import { formatNumber } from '../lib/format.js';
import { listUnitsInScope } from '../org/repo.js';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { readMultipartForm, uploadOf } from '../web/multipart.js';
import { pendingUploads, type PendingMeta } from '../web/pending-uploads.js';
import { CsrfField } from '../web/views/admin-layout.js';
import { ImportErrors } from '../web/views/import-errors.js';
import { FIELD_LABELS, MEMBER_FIELDS, type ColumnMapping, type MemberField } from './import/columns.js';
import { planMemberImport, type ImportPlan } from './import-service.js';
import { readImportJob, startImportJob } from './import-jobs.js';
import { UnitOptions } from '../web/views/unit-options.js';

const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
const write = { config: { access: { permission: 'record.write' as const } } };

interface PendingUpload extends PendingMeta {
  defaultUnitId: number | null;
  joinedOn: string;
}

/** The mapping chosen in the preview form: one column index (or none) per field. */
function mappingFromForm(body: Record<string, string>, guessed: ColumnMapping, columns: number): ColumnMapping {
  const pick = (field: MemberField) => {
    const raw = body[`col_${field}`];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    return raw === '' ? null : Number.isInteger(n) && n >= 0 && n < columns ? n : null;
  };
  const out = { ...guessed } as Record<MemberField, unknown>;
  for (const { field } of MEMBER_FIELDS) {
    const chosen = pick(field);
    if (chosen !== undefined) out[field] = chosen;
  }
  return out as unknown as ColumnMapping;
}

const simpleColumn = (v: ColumnMapping[MemberField]) => (typeof v === 'number' ? String(v) : v === null ? '' : 'auto');

export function registerMemberImportRoutes(
  app: FastifyInstance,
  { ctx, jobsCtx, dataDir }: { ctx: DbContext; jobsCtx: DbContext; dataDir: string },
): void {
  const store = pendingUploads<PendingUpload>(dataDir, 'imports');

  async function uploadPage(req: FastifyRequest, reply: FastifyReply, error: string | null = null, status = 200) {
    const units = (await listUnitsInScope(ctx, grantUnitsFor(currentUser(req), 'record.write'))).filter(
      (u) => u.status === 'active' && u.level === 'grassroots',
    );
    return sendAdminPage(
      req,
      reply,
      { title: 'Nhập đoàn viên từ tệp', active: 'members', error },
      (csrf) => (
        <form method="post" action="/quan-tri/doan-vien/nhap" enctype="multipart/form-data" class="panel">
          <CsrfField token={csrf} />
          <p class="muted">
            Tệp Excel (.xlsx) hoặc CSV, dòng đầu là tiêu đề cột (Họ và tên, Giới tính, Ngày sinh, Số CCCD, Đơn vị, Ngày kết nạp…). Bạn sẽ
            xem trước, chọn lại cột nếu cần và thấy mọi dòng lỗi trước khi ghi.
          </p>
          <div class="form-grid">
            <div class="form-row">
              <label for="defaultUnitId">Đơn vị cho các dòng không ghi đơn vị</label>
              <select id="defaultUnitId" name="defaultUnitId">
                <option value="">(tệp có cột Đơn vị)</option>
                <UnitOptions units={units} />
              </select>
            </div>
            <div class="form-row">
              <label for="joinedOn">Ngày kết nạp cho các dòng không ghi</label>
              <input id="joinedOn" name="joinedOn" type="date" value={todayInVietnam()} required />
            </div>
          </div>
          <div class="form-row">
            <label for="file">Tệp (.xlsx, .csv; tối đa 100 MB)</label>
            <input id="file" name="file" type="file" required accept=".xlsx,.csv,text/csv" />
          </div>
          <div class="actions">
            <button type="submit" class="primary">
              Tải lên và xem trước
            </button>
          </div>
        </form>
      ),
      status,
    );
  }

  async function previewPage(req: FastifyRequest, reply: FastifyReply, token: string, plan: ImportPlan, error: string | null = null) {
    const rejectedRows = new Set(plan.errors.map((e) => e.rowNumber)).size;
    const { headers } = plan.table;
    return sendAdminPage(req, reply, { title: `Xem trước: ${plan.fileName}`, active: 'members', error }, (csrf) => (
      <form method="post" action={`/quan-tri/doan-vien/nhap/${token}`} class="import-preview">
        <CsrfField token={csrf} />
        <div class="stat-cards">
          <div class="stat">
            <span class="stat-value">{formatNumber(plan.table.rowCount)}</span>
            <span class="stat-label">dòng dữ liệu</span>
          </div>
          <div class="stat">
            <span class="stat-value">{formatNumber(plan.newRows)}</span>
            <span class="stat-label">đoàn viên mới hợp lệ</span>
          </div>
          <div class="stat">
            <span class="stat-value">{formatNumber(plan.alreadyImported)}</span>
            <span class="stat-label">đã nhập trước đây (bỏ qua)</span>
          </div>
          <div class="stat">
            <span class="stat-value">{formatNumber(rejectedRows)}</span>
            <span class="stat-label">dòng có lỗi</span>
          </div>
        </div>
        <h2>Cột trong tệp</h2>
        <div class="panel form-grid">
          {MEMBER_FIELDS.map(({ field }) => {
            const current = simpleColumn(plan.mapping[field]);
            return (
              <div class="form-row" key={field}>
                <label for={`col_${field}`}>{FIELD_LABELS[field]}</label>
                <select id={`col_${field}`} name={current === 'auto' ? undefined : `col_${field}`} disabled={current === 'auto'}>
                  {current === 'auto' ? <option>(nhiều cột, nhận tự động)</option> : null}
                  <option value="">— không có —</option>
                  {headers.map((h, i) => (
                    <option key={i} value={i} selected={current === String(i)}>
                      {h || `Cột ${i + 1}`}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
          <div class="actions">
            <button type="submit" name="mode" value="preview" class="secondary">
              Kiểm tra lại với các cột đã chọn
            </button>
          </div>
        </div>
        <ImportErrors errors={plan.errors} />
        <div class="actions">
          {plan.errors.length === 0 ? (
            <button type="submit" name="mode" value="all" class="primary" disabled={plan.newRows === 0}>
              Nhập {formatNumber(plan.newRows)} đoàn viên
            </button>
          ) : (
            <button type="submit" name="mode" value="valid-only" class="primary" disabled={plan.newRows === 0}>
              Chỉ nhập {formatNumber(plan.newRows)} dòng hợp lệ
            </button>
          )}
          <a class="button secondary" href="/quan-tri/doan-vien/nhap">
            Tải lên tệp đã sửa
          </a>
        </div>
      </form>
    ));
  }

  app.get('/quan-tri/doan-vien/nhap', write, (req, reply) => uploadPage(req, reply));

  app.post<{ Body: Record<string, string> }>(
    '/quan-tri/doan-vien/nhap',
    { ...write, preValidation: readMultipartForm(MAX_IMPORT_BYTES) },
    async (req, reply) => {
      const upload = uploadOf(req);
      if (!upload) return uploadPage(req, reply, 'Chưa chọn tệp.', 400);
      if ('tooLarge' in upload)
        return uploadPage(
          req,
          reply,
          'Tệp quá lớn: tối đa 100 MB. Tệp lớn hơn hãy chia nhỏ, hoặc nhờ quản trị viên nhập bằng dòng lệnh.',
          413,
        );
      const user = currentUser(req);
      const defaultUnitId = /^\d+$/.test(req.body?.defaultUnitId ?? '') ? Number(req.body.defaultUnitId) : null;
      const joinedOn = isValidIsoDate(req.body?.joinedOn ?? '') ? req.body.joinedOn! : todayInVietnam();
      try {
        const plan = await planMemberImport(ctx, user, upload.bytes, upload.fileName, {
          defaultUnitId: defaultUnitId ?? undefined,
          defaultJoinedOn: joinedOn,
        });
        const token = await store.save({ userId: user.id, fileName: upload.fileName, defaultUnitId, joinedOn }, upload.bytes);
        return previewPage(req, reply, token, plan);
      } catch (e) {
        if (e instanceof UserFacingError) return uploadPage(req, reply, e.message, 400);
        throw e;
      }
    },
  );

  app.post<{ Params: { token: string }; Body: Record<string, string> }>('/quan-tri/doan-vien/nhap/:token', write, async (req, reply) => {
    const user = currentUser(req);
    const { meta, bytes } = await store.load(req.params.token, user.id);
    const options = { defaultUnitId: meta.defaultUnitId ?? undefined, defaultJoinedOn: meta.joinedOn };
    let plan = await planMemberImport(ctx, user, bytes, meta.fileName, options);
    try {
      plan = await planMemberImport(ctx, user, bytes, meta.fileName, {
        ...options,
        mapping: mappingFromForm(req.body ?? {}, plan.mapping, plan.table.headers.length),
      });
    } catch (e) {
      if (e instanceof UserFacingError) return previewPage(req, reply, req.params.token, plan, e.message);
      throw e;
    }
    const mode = req.body?.mode;
    if (mode !== 'all' && mode !== 'valid-only') return previewPage(req, reply, req.params.token, plan);
    if (mode === 'all' && plan.errors.length > 0)
      return previewPage(req, reply, req.params.token, plan, 'Tệp còn lỗi: hãy sửa tệp, hoặc chọn chỉ nhập các dòng hợp lệ.');
    const request = { bytes, fileName: meta.fileName, options: { ...options, mapping: plan.mapping }, rowCount: plan.table.rowCount };
    const jobId = await startImportJob(ctx, jobsCtx, user, request, mode, () => {
      void store.remove(req.params.token);
    });
    return reply.redirect(`/quan-tri/doan-vien/nhap/tien-do/${jobId}`, 303);
  });

  app.get<{ Params: { id: string } }>('/quan-tri/doan-vien/nhap/tien-do/:id', write, async (req, reply) => {
    const job = /^\d{1,9}$/.test(req.params.id) ? await readImportJob(ctx, Number(req.params.id)) : undefined;
    if (!job || job.userId !== currentUser(req).id) throw new NotFound('Không có lần nhập này.');
    if (job.status === 'running') reply.header('Refresh', '2');
    const pct = job.total ? Math.floor((job.done / job.total) * 100) : 100;
    return sendAdminPage(req, reply, { title: `Nhập đoàn viên: ${job.fileName}`, active: 'members', error: job.error }, () => (
      <div class="panel">
        {job.status === 'running' ? (
          <>
            <p>
              Đang kiểm tra và ghi: {formatNumber(job.done)} / {formatNumber(job.total)} dòng ({pct}%). Trang tự cập nhật.
            </p>
            <progress max={job.total || 1} value={job.done}>
              {pct}%
            </progress>
          </>
        ) : job.status === 'done' && job.outcome ? (
          <p class="flash flash-ok" role="status">
            Đã nhập {formatNumber(job.outcome.added)} đoàn viên mới; {formatNumber(job.outcome.skipped)} dòng đã có từ trước;{' '}
            {formatNumber(job.outcome.rejected)} dòng lỗi không được nhập.
          </p>
        ) : (
          <p>Không có dòng nào được ghi.</p>
        )}
        <p>
          <a href="/quan-tri/doan-vien">Danh sách đoàn viên</a> · <a href="/quan-tri/doan-vien/nhap">Nhập tệp khác</a>
        </p>
      </div>
    ));
  });
}
