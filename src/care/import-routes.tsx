import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { UserFacingError } from '../lib/errors.js';
import { currentUser, sendAdminPage } from '../web/admin-page.js';
import { readMultipartForm, uploadOf } from '../web/multipart.js';
import { fieldValue, parseQuery, type FormBody } from '../web/parse.js';
import { pendingUploads, type PendingMeta } from '../web/pending-uploads.js';
import { commitCareImport, planCareImport, type CareImportOptions, type CareImportPlan } from './import-service.js';
import { CARE_IMPORT_PATH } from './paths.js';
import { listProgrammes } from './programme-service.js';
import { careImportForm, careImportQuery } from './schema.js';
import { CareImportPreview, CareImportResult, CareImportUpload, type UploadValues } from './views/import.js';

/** Uploading a care list for a programme: upload → preview with every bad row → import → result. */

const MAX_CARE_IMPORT_BYTES = 10 * 1024 * 1024;
const propose = { config: { access: { permission: 'care.propose' as const } } };

type Store = ReturnType<typeof pendingUploads<PendingMeta & CareImportOptions>>;
type Deps = { ctx: DbContext; store: Store };
type TokenReq = FastifyRequest<{ Params: { token: string } }>;

async function showUpload(
  ctx: DbContext,
  req: FastifyRequest,
  reply: FastifyReply,
  values: UploadValues,
  error: string | null = null,
  status = 200,
) {
  const programmes = await listProgrammes(ctx, currentUser(req), todayInVietnam());
  return sendAdminPage(
    req,
    reply,
    { title: 'Nhập danh sách chăm lo từ tệp', active: 'care', error },
    (csrf) => <CareImportUpload csrf={csrf} programmes={programmes} values={values} />,
    status,
  );
}

function showPreview(
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

function newUpload(ctx: DbContext, req: FastifyRequest, reply: FastifyReply) {
  const { chuong_trinh } = parseQuery(careImportQuery, req.query);
  return showUpload(ctx, req, reply, { programmeId: chuong_trinh, occurredOn: todayInVietnam(), reason: 'holiday_gift' });
}

/** The uploaded list, read and checked: its preview, kept aside until the user chooses to import it. */
async function upload({ ctx, store }: Deps, req: FastifyRequest, reply: FastifyReply) {
  const body = req.body as FormBody;
  const values: UploadValues = {
    programmeId: fieldValue(body, 'programmeId'),
    occurredOn: fieldValue(body, 'occurredOn'),
    reason: fieldValue(body, 'reason'),
  };
  const options = careImportForm.safeParse(values);
  if (!options.success) return showUpload(ctx, req, reply, values, 'Cần chọn chương trình, ngày thăm hỏi, trao quà và lý do.', 400);
  const file = uploadOf(req);
  if (!file || ('fileName' in file && file.fileName === '')) return showUpload(ctx, req, reply, values, 'Chưa chọn tệp danh sách.', 400);
  if ('tooLarge' in file) return showUpload(ctx, req, reply, values, 'Tệp quá lớn: tối đa 10 MB. Hãy chia danh sách thành nhiều tệp.', 413);
  const user = currentUser(req);
  try {
    const plan = await planCareImport(ctx, user, file.bytes, file.fileName, options.data);
    const token = await store.save({ userId: user.id, fileName: file.fileName, ...options.data }, file.bytes);
    return showPreview(req, reply, token, plan);
  } catch (e) {
    if (e instanceof UserFacingError) return showUpload(ctx, req, reply, values, e.message, e.statusCode);
    throw e;
  }
}

/** Imports the kept list: all of it (only when every row is good) or its good rows; anything else shows the preview again. */
async function commit({ ctx, store }: Deps, req: TokenReq, reply: FastifyReply) {
  const user = currentUser(req);
  const { token } = req.params;
  const { meta, bytes } = await store.load(token, user.id);
  const { userId: _user, fileName, ...options } = meta;
  const plan = await planCareImport(ctx, user, bytes, fileName, options);
  const mode = fieldValue(req.body as FormBody, 'mode');
  if (mode !== 'all' && mode !== 'valid-only') return showPreview(req, reply, token, plan);
  if (mode === 'all' && plan.errors.length > 0)
    return showPreview(req, reply, token, plan, 'Tệp còn lỗi: hãy sửa tệp, hoặc chọn chỉ nhập các dòng hợp lệ.', 400);
  try {
    const outcome = await commitCareImport(ctx, user, plan, mode);
    await store.remove(token);
    return sendAdminPage(req, reply, { title: `Đã nhập danh sách: ${fileName}`, active: 'care' }, () => (
      <CareImportResult outcome={outcome} plan={plan} />
    ));
  } catch (e) {
    if (e instanceof UserFacingError) return showPreview(req, reply, token, plan, `${e.message} Không có dòng nào được ghi.`, e.statusCode);
    throw e;
  }
}

export function registerCareImportRoutes(app: FastifyInstance, { ctx, dataDir }: { ctx: DbContext; dataDir: string }): void {
  const deps: Deps = { ctx, store: pendingUploads<PendingMeta & CareImportOptions>(dataDir, 'care-imports') };
  app.get(CARE_IMPORT_PATH, propose, (req, reply) => newUpload(ctx, req, reply));
  app.post(CARE_IMPORT_PATH, { ...propose, preValidation: readMultipartForm(MAX_CARE_IMPORT_BYTES) }, (req, reply) =>
    upload(deps, req, reply),
  );
  app.post<{ Params: { token: string } }>(`${CARE_IMPORT_PATH}/:token`, propose, (req, reply) => commit(deps, req, reply));
}
