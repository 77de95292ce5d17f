import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import type { CareReason } from '../db/schema.js';
import { isValidIsoDate, todayInVietnam } from '../lib/dates.js';
import { UserFacingError } from '../lib/errors.js';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { readMultipartForm, uploadOf } from '../web/multipart.js';
import { pendingUploads, type PendingMeta } from '../web/pending-uploads.js';
import { commitCareImport, planCareImport, type CareImportOptions, type CareImportPlan } from './import-service.js';
import { listProgrammes } from './programme-service.js';
import { REASON_LABELS } from './schema.js';
import { CareImportPreview, CareImportResult, CareImportUpload, type UploadValues } from './views/import.js';
import { CARE_IMPORT_PATH } from './paths.js';

/** Uploading a care list for a programme: upload → preview with every bad row → import → result. */

const MAX_CARE_IMPORT_BYTES = 10 * 1024 * 1024;
const propose = { config: { access: { permission: 'care.propose' as const } } };

type PendingCareUpload = PendingMeta & CareImportOptions;

const isReason = (v: string | undefined): v is CareReason => v !== undefined && Object.hasOwn(REASON_LABELS, v);

/** The form's options, or null when one of them is missing or malformed. */
function optionsFrom(values: UploadValues): CareImportOptions | null {
  const programmeId = /^\d{1,9}$/.test(values.programmeId) ? Number(values.programmeId) : 0;
  if (!programmeId || !isValidIsoDate(values.occurredOn) || !isReason(values.reason)) return null;
  return { programmeId, occurredOn: values.occurredOn, defaultReason: values.reason };
}

export function registerCareImportRoutes(app: FastifyInstance, { ctx, dataDir }: { ctx: DbContext; dataDir: string }): void {
  const store = pendingUploads<PendingCareUpload>(dataDir, 'care-imports');

  async function uploadPage(req: FastifyRequest, reply: FastifyReply, values: UploadValues, error: string | null = null, status = 200) {
    const programmes = await listProgrammes(ctx, currentUser(req), todayInVietnam());
    return sendAdminPage(
      req,
      reply,
      { title: 'Nhập danh sách chăm lo từ tệp', active: 'care', error },
      (csrf) => <CareImportUpload csrf={csrf} programmes={programmes} values={values} />,
      status,
    );
  }

  function previewPage(
    req: FastifyRequest,
    reply: FastifyReply,
    token: string,
    plan: CareImportPlan,
    error: string | null = null,
    status = 200,
  ) {
    return sendAdminPage(
      req,
      reply,
      { title: `Xem trước danh sách: ${plan.fileName}`, active: 'care', error },
      (csrf) => <CareImportPreview csrf={csrf} token={token} plan={plan} />,
      status,
    );
  }

  app.get<{ Querystring: { chuong_trinh?: string } }>(CARE_IMPORT_PATH, propose, (req, reply) =>
    uploadPage(req, reply, { programmeId: req.query.chuong_trinh ?? '', occurredOn: todayInVietnam(), reason: 'holiday_gift' }),
  );

  app.post<{ Body: Record<string, string> }>(
    CARE_IMPORT_PATH,
    { ...propose, preValidation: readMultipartForm(MAX_CARE_IMPORT_BYTES) },
    async (req, reply) => {
      const body = req.body ?? {};
      const values: UploadValues = { programmeId: body.programmeId ?? '', occurredOn: body.occurredOn ?? '', reason: body.reason ?? '' };
      const options = optionsFrom(values);
      if (!options) return uploadPage(req, reply, values, 'Cần chọn chương trình, ngày thăm hỏi, trao quà và lý do.', 400);
      const upload = uploadOf(req);
      if (!upload || ('fileName' in upload && upload.fileName === ''))
        return uploadPage(req, reply, values, 'Chưa chọn tệp danh sách.', 400);
      if ('tooLarge' in upload)
        return uploadPage(req, reply, values, 'Tệp quá lớn: tối đa 10 MB. Hãy chia danh sách thành nhiều tệp.', 413);
      const user = currentUser(req);
      try {
        const plan = await planCareImport(ctx, user, upload.bytes, upload.fileName, options);
        const token = await store.save({ userId: user.id, fileName: upload.fileName, ...options }, upload.bytes);
        return previewPage(req, reply, token, plan);
      } catch (e) {
        if (e instanceof UserFacingError) return uploadPage(req, reply, values, e.message, e.statusCode);
        throw e;
      }
    },
  );

  app.post<{ Params: { token: string }; Body: Record<string, string> }>(`${CARE_IMPORT_PATH}/:token`, propose, async (req, reply) => {
    const user = currentUser(req);
    const { token } = req.params;
    const { meta, bytes } = await store.load(token, user.id);
    const { userId: _user, fileName, ...options } = meta;
    const plan = await planCareImport(ctx, user, bytes, fileName, options);
    const mode = req.body?.mode;
    if (mode !== 'all' && mode !== 'valid-only') return previewPage(req, reply, token, plan);
    if (mode === 'all' && plan.errors.length > 0)
      return previewPage(req, reply, token, plan, 'Tệp còn lỗi: hãy sửa tệp, hoặc chọn chỉ nhập các dòng hợp lệ.', 400);
    try {
      const outcome = await commitCareImport(ctx, user, plan, mode);
      await store.remove(token);
      return sendAdminPage(req, reply, { title: `Đã nhập danh sách: ${fileName}`, active: 'care' }, () => (
        <CareImportResult outcome={outcome} plan={plan} />
      ));
    } catch (e) {
      if (e instanceof UserFacingError)
        return previewPage(req, reply, token, plan, `${e.message} Không có dòng nào được ghi.`, e.statusCode);
      throw e;
    }
  });
}
