import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canAnywhere, grantUnitsFor, type AuthUser } from '../access/user.js';
import { can, canAbove, permittedUnits, scopeUnitIds } from '../access/scope.js';
import type { Action } from '../access/roles.js';
import type { DbContext } from '../db/context.js';
import type { CareCase, CareCaseStatus, Programme, Unit } from '../db/schema.js';
import { isValidIsoDate, todayInVietnam } from '../lib/dates.js';
import { Conflict, Forbidden, NotFound, UserFacingError } from '../lib/errors.js';
import { fold } from '../lib/fold.js';
import { formatNumber } from '../lib/format.js';
import { paginateList, parsePageNumber } from '../lib/pagination.js';
import { listCurrentMembers } from '../members/repo.js';
import { findUnitById, listUnitsInScope } from '../org/repo.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { readMultipartForm, uploadOf, type UploadedFile } from '../web/multipart.js';
import { authorizeCareRead, careReadRoots } from './access.js';
import {
  attachmentPath,
  MAX_ATTACHMENT_BYTES,
  removeAttachmentFile,
  saveAttachment,
  sniffAttachment,
  type AttachmentKind,
} from './attachment-files.js';
import {
  addAttachment,
  approveCase,
  closeCase,
  editCase,
  listCases,
  payCase,
  proposeCase,
  readCase,
  resubmitCase,
  returnCase,
} from './cases.js';
import {
  caseFieldsFrom,
  caseValuesFrom,
  idOf,
  programmeInputFrom,
  programmeValuesFrom,
  type CaseFormValues,
  type FieldErrors,
  type FormBody,
  type ProgrammeFormValues,
} from './forms.js';
import { caseHistory, fundsAbove, fundsByIds, memberInCareScope, type FundWithUnit } from './page-queries.js';
import { createProgramme, listProgrammes, programmeTotals, readProgramme, updateProgramme } from './programmes.js';
import * as repo from './repo.js';
import { STATUS_LABELS } from './schema.js';
import { CaseForm } from './views/case-form.js';
import { CasePage, type CaseActions } from './views/case-page.js';
import { CaseListPage, casePath, type CaseListFilterValues } from './views/cases.js';
import { ProgrammeForm, ProgrammeListPage, programmePath, ProgrammeSummary } from './views/programmes.js';
import { CASES_PATH, PROGRAMMES_PATH } from './paths.js';

/** The care pages: programmes, and cases from proposal to payment. Every decision is the services'. */

const PAGE = 30;
const MEMBER_MATCHES = 20;
const needs = (permission: Action) => ({ config: { access: { permission } } });
const multipart = { preValidation: readMultipartForm(MAX_ATTACHMENT_BYTES) };
const TOO_LARGE = `Tệp quá lớn: tối đa ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`;

type IdRoute = { Params: { id: string }; Body: FormBody };
type IdReq = FastifyRequest<IdRoute>;

const dateOf = (v: unknown) => (typeof v === 'string' && isValidIsoDate(v) ? v : null);
const isStatus = (v: unknown): v is CareCaseStatus => typeof v === 'string' && v in STATUS_LABELS;
const bodyText = (body: FormBody, key: string) => {
  const v = body?.[key];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

/** The case version an action form was shown with. */
function versionOf(body: FormBody): number {
  const v = bodyText(body, 'version');
  if (!/^\d{1,9}$/.test(v)) throw new UserFacingError('Biểu mẫu thiếu phiên bản hồ sơ: hãy tải lại trang rồi thử lại.');
  return Number(v);
}

/** The file of a multipart form: null when none was chosen (browsers send an empty, nameless part). */
function chosenFile(req: FastifyRequest): UploadedFile | 'too-large' | null {
  const upload = uploadOf(req);
  if (!upload) return null;
  if ('tooLarge' in upload) return 'too-large';
  return upload.fileName === '' && upload.bytes.length === 0 ? null : upload;
}

/** A refusal to show on the page the user was on; missing rights and records go to the error pages. */
function isFormError(e: unknown): e is UserFacingError {
  return e instanceof UserFacingError && !(e instanceof Forbidden) && !(e instanceof NotFound);
}

export function registerCareRoutes(app: FastifyInstance, { ctx, dataDir }: { ctx: DbContext; dataDir: string }): void {
  const activeUnits = async (user: AuthUser, action: Action) =>
    (await listUnitsInScope(ctx, grantUnitsFor(user, action))).filter((u) => u.status === 'active');

  // --- Cases: list ------------------------------------------------------------------------------

  app.get<{ Querystring: Record<string, string | undefined> }>(CASES_PATH, needs('care.propose'), async (req, reply) => {
    const user = currentUser(req);
    const [programmes, units] = await Promise.all([listProgrammes(ctx, user), listUnitsInScope(ctx, careReadRoots(user))]);
    const q = req.query;
    const programmeId = idOf(q.chuong_trinh ?? '');
    const unitId = idOf(q.don_vi ?? '');
    const filter: CaseListFilterValues = {
      programmeId: programmes.some((p) => p.id === programmeId) ? programmeId : null,
      status: isStatus(q.trang_thai) ? q.trang_thai : null,
      unitId: units.some((u) => u.id === unitId) ? unitId : null,
      from: dateOf(q.tu),
      to: dateOf(q.den),
    };
    const page = parsePageNumber(q.trang) ?? 1;
    const { rows, total } = await listCases(ctx, user, { ...filter, limit: PAGE, offset: (page - 1) * PAGE });
    const p = paginateList(total, page, PAGE);
    const qs = (n: number) =>
      new URLSearchParams(
        Object.entries({
          chuong_trinh: filter.programmeId ? String(filter.programmeId) : '',
          trang_thai: filter.status ?? '',
          don_vi: filter.unitId ? String(filter.unitId) : '',
          tu: filter.from ?? '',
          den: filter.to ?? '',
          trang: n > 1 ? String(n) : '',
        }).filter(([, v]) => v),
      ).toString();
    return sendAdminPage(req, reply, { title: 'Hồ sơ chăm lo, hỗ trợ', active: 'care' }, () => (
      <CaseListPage
        rows={rows}
        total={total}
        offset={p.offset}
        page={p.page}
        pages={p.pages}
        filter={filter}
        programmes={programmes}
        units={units}
        canPropose={canAnywhere(user, 'care.propose')}
        href={(n) => `${CASES_PATH}?${qs(n)}`}
      />
    ));
  });

  // --- Cases: proposal and edit forms ----------------------------------------------------------

  interface CaseFormState {
    values: CaseFormValues;
    errors?: FieldErrors;
    error?: string | null;
    status?: number;
    fileLost?: boolean;
  }

  async function memberChoices(user: AuthUser, values: CaseFormValues) {
    const query = fold(values.memberQuery).trim().replace(/\s+/g, ' ');
    const id = idOf(values.memberId);
    const [found, chosen] = await Promise.all([
      query ? listCurrentMembers(ctx, grantUnitsFor(user, 'care.propose'), query, MEMBER_MATCHES, 0) : null,
      id ? memberInCareScope(ctx, user, id) : null,
    ]);
    return {
      found:
        found?.rows.map((m) => ({
          id: m.id,
          fullName: m.full_name,
          birthYear: m.birth_date ? Number(m.birth_date.slice(0, 4)) : m.birth_year,
          unitName: m.unit_name,
        })) ?? null,
      chosen,
    };
  }

  async function proposalForm(req: FastifyRequest, reply: FastifyReply, s: CaseFormState) {
    const user = currentUser(req);
    const [units, programmes, members] = await Promise.all([
      activeUnits(user, 'care.propose'),
      listProgrammes(ctx, user),
      memberChoices(user, s.values),
    ]);
    return sendAdminPage(
      req,
      reply,
      { title: 'Đề xuất hỗ trợ', active: 'care', error: s.error ?? null },
      (csrf) => (
        <CaseForm
          csrf={csrf}
          mode="propose"
          action={`${CASES_PATH}/ho-so`}
          values={s.values}
          errors={s.errors ?? {}}
          units={units}
          programmes={programmes}
          {...members}
          fileLost={s.fileLost}
          cancel={CASES_PATH}
        />
      ),
      s.status ?? 200,
    );
  }

  app.get(`${CASES_PATH}/ho-so/moi`, needs('care.propose'), async (req, reply) => {
    const user = currentUser(req);
    const units = await activeUnits(user, 'care.propose');
    const values = caseValuesFrom({});
    values.recipientKind = 'member';
    values.occurredOn = todayInVietnam();
    values.proposingUnitId = String((units.find((u) => u.id === user.unitId) ?? units[0])?.id ?? '');
    return proposalForm(req, reply, { values });
  });

  /** A proposal, with its first attachment checked before anything is written. */
  app.post<{ Body: FormBody }>(`${CASES_PATH}/ho-so`, { ...needs('care.propose'), ...multipart }, async (req, reply) => {
    const user = currentUser(req);
    const values = caseValuesFrom(req.body);
    const file = chosenFile(req);
    const fileLost = file !== null;
    if (bodyText(req.body, '_action') === 'tim') return proposalForm(req, reply, { values, fileLost });
    const errors: FieldErrors = {};
    let kind: AttachmentKind | null = null;
    if (file === 'too-large') errors.file = TOO_LARGE;
    else if (file) {
      try {
        kind = sniffAttachment(file.bytes, file.fileName);
      } catch (e) {
        if (!isFormError(e)) throw e;
        errors.file = e.message;
      }
    }
    const unitId = idOf(values.proposingUnitId);
    if (unitId === null) errors.proposingUnitId = 'Cần chọn đơn vị đề nghị.';
    const parsed = caseFieldsFrom(values);
    if (!parsed.ok) Object.assign(errors, parsed.errors);
    if (!parsed.ok || Object.keys(errors).length)
      return proposalForm(req, reply, {
        values,
        errors,
        fileLost,
        error: 'Đề nghị chưa được gửi: hãy sửa các chỗ được ghi chú.',
        status: 400,
      });
    let created: CareCase;
    try {
      created = (await proposeCase(ctx, user, { ...parsed.input, proposingUnitId: unitId! })).case;
    } catch (e) {
      if (!isFormError(e)) throw e;
      return proposalForm(req, reply, { values, fileLost, error: e.message, status: e.statusCode });
    }
    if (file && file !== 'too-large' && kind) await attach(user, created.id, file, kind);
    return redirectWithNotice(reply, casePath(created.id), 'Đã gửi đề nghị hỗ trợ.');
  });

  async function attach(user: AuthUser, caseId: number, file: UploadedFile, kind: AttachmentKind) {
    const storedPath = await saveAttachment(dataDir, caseId, file.bytes, kind);
    try {
      await addAttachment(ctx, user, caseId, {
        fileName: file.fileName || `tep.${kind.ext}`,
        storedPath,
        mime: kind.mime,
        size: file.bytes.length,
      });
    } catch (e) {
      await removeAttachmentFile(dataDir, storedPath);
      throw e;
    }
  }

  async function editForm(req: IdReq, reply: FastifyReply, c: CareCase, s: CaseFormState & { version: number }) {
    const user = currentUser(req);
    const [programmes, members] = await Promise.all([listProgrammes(ctx, user), memberChoices(user, s.values)]);
    return sendAdminPage(
      req,
      reply,
      { title: `Sửa hồ sơ số ${c.id}`, active: 'care', error: s.error ?? null },
      (csrf) => (
        <CaseForm
          csrf={csrf}
          mode="edit"
          action={`${casePath(c.id)}/sua`}
          values={s.values}
          errors={s.errors ?? {}}
          units={[]}
          programmes={programmes}
          {...members}
          version={s.version}
          cancel={casePath(c.id)}
        />
      ),
      s.status ?? 200,
    );
  }

  async function editableCase(req: IdReq): Promise<CareCase> {
    const { case: c, mayEdit } = await readCase(ctx, currentUser(req), idOf(req.params.id) ?? 0);
    if (!mayEdit) {
      if (c.status !== 'proposed' && c.status !== 'returned')
        throw new Conflict(`Hồ sơ đang ở trạng thái "${STATUS_LABELS[c.status]}": không sửa được nữa.`);
      throw new Forbidden('Chỉ đơn vị đề nghị (và cấp trên của đơn vị) mới sửa được hồ sơ này.');
    }
    return c;
  }

  app.get<IdRoute>(`${CASES_PATH}/ho-so/:id/sua`, needs('care.propose'), async (req, reply) => {
    const c = await editableCase(req);
    const values: CaseFormValues = {
      recipientKind: c.recipient_kind,
      memberQuery: '',
      memberId: String(c.member_id ?? c.parent_member_id ?? ''),
      fullName: c.recipient_kind === 'member' ? '' : c.recipient_name,
      birthYear: c.recipient_kind === 'member' ? '' : String(c.recipient_birth_year ?? ''),
      citizenId: c.recipient_citizen_id ?? '',
      reason: c.reason,
      description: c.description,
      occurredOn: c.occurred_on,
      programmeId: String(c.programme_id ?? ''),
      cashAmount: formatNumber(c.cash_amount),
      inKindAmount: formatNumber(c.in_kind_amount),
      proposingUnitId: String(c.proposing_unit_id),
    };
    return editForm(req, reply, c, { values, version: c.version });
  });

  app.post<IdRoute>(`${CASES_PATH}/ho-so/:id/sua`, needs('care.propose'), async (req, reply) => {
    const c = await editableCase(req);
    const values = caseValuesFrom(req.body);
    const version = versionOf(req.body);
    if (bodyText(req.body, '_action') === 'tim') return editForm(req, reply, c, { values, version });
    const parsed = caseFieldsFrom(values);
    if (!parsed.ok)
      return editForm(req, reply, c, {
        values,
        version,
        errors: parsed.errors,
        error: 'Chưa lưu: hãy sửa các chỗ được ghi chú.',
        status: 400,
      });
    try {
      await editCase(ctx, currentUser(req), c.id, version, parsed.input);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return editForm(req, reply, c, { values, version, error: e.message, status: e.statusCode });
    }
    return redirectWithNotice(reply, casePath(c.id), 'Đã lưu hồ sơ.');
  });

  // --- Case page and its actions ----------------------------------------------------------------

  /** The funds a case may be paid from: its programme's, or (without a programme fund) those of the units above its unit. */
  async function fundChoices(c: CareCase): Promise<FundWithUnit[]> {
    const ids = c.programme_id !== null ? await repo.fundIdsOfProgramme(ctx, c.programme_id) : [];
    return ids.length ? fundsByIds(ctx, ids) : fundsAbove(ctx, c.proposing_unit_id);
  }

  async function casePage(
    req: IdReq,
    reply: FastifyReply,
    opts: { error?: string; status?: number; posted?: Record<string, string> } = {},
  ) {
    const user = currentUser(req);
    const today = todayInVietnam();
    const { case: c, attachments, warnings, mayEdit, mayApprove, mayReturn, mayPay } = await readCase(ctx, user, idOf(req.params.id) ?? 0);
    const unitId = c.proposing_unit_id;
    const [unit, programme, history, fund, entry, parent, closer, proposer] = await Promise.all([
      findUnitById(ctx, unitId),
      c.programme_id !== null ? repo.findProgramme(ctx, c.programme_id) : undefined,
      caseHistory(ctx, c.id),
      c.fund_id !== null ? fundsByIds(ctx, [c.fund_id]).then((f) => f[0] ?? null) : null,
      c.paid_entry_id !== null ? repo.findEntry(ctx, c.paid_entry_id) : undefined,
      c.parent_member_id !== null ? memberInCareScope(ctx, user, c.parent_member_id) : null,
      canAbove(ctx, user, 'care.pay', unitId),
      can(ctx, user, 'care.propose', unitId),
    ]);
    const actions: CaseActions = {
      mayEdit,
      mayResubmit: mayEdit && c.status === 'returned',
      mayApprove,
      mayReturn,
      mayPay,
      mayClose: closer && c.status === 'paid',
      mayAttach: c.status !== 'closed' && (proposer || mayApprove || mayReturn || closer),
    };
    const choices = mayApprove || mayPay ? await fundChoices(c) : [];
    const managed = mayPay
      ? await permittedUnits(
          ctx,
          user,
          'fund.manage',
          choices.map((f) => f.unit_id),
        )
      : new Set<number>();
    const payFunds = await Promise.all(
      choices
        .filter((f) => managed.has(f.unit_id) && (f.closed_on === null || f.closed_on > today))
        .map(async (f) => ({ ...f, balance: await repo.balanceAsOf(ctx, f.id, today) })),
    );
    const payment = entry ? { entry, balance: await repo.balanceAsOf(ctx, entry.fund_id, today) } : null;
    const title = `Hồ sơ số ${c.id}: ${c.recipient_name}`;
    return sendAdminPage(
      req,
      reply,
      { title, active: 'care', error: opts.error ?? null },
      (csrf) => (
        <CasePage
          csrf={csrf}
          c={c}
          unitName={unit?.full_name ?? ''}
          programme={programme ?? null}
          parent={parent}
          attachments={attachments}
          history={history}
          warnings={warnings}
          fund={fund}
          payment={payment}
          actions={actions}
          approveFunds={mayApprove ? choices : []}
          payFunds={payFunds}
          today={today}
          posted={opts.posted ?? {}}
        />
      ),
      opts.status ?? 200,
    );
  }

  app.get<IdRoute>(`${CASES_PATH}/ho-so/:id`, needs('care.propose'), (req, reply) => casePage(req, reply));

  /** Runs an action form; a refusal shows the case again with the message and what the user typed. */
  async function act(
    req: IdReq,
    reply: FastifyReply,
    form: string,
    notice: string,
    work: (id: number, version: number) => Promise<unknown>,
  ) {
    const id = idOf(req.params.id) ?? 0;
    try {
      await work(id, versionOf(req.body));
    } catch (e) {
      if (!isFormError(e)) throw e;
      const posted = Object.fromEntries(['note', 'fundId', 'paidOn'].map((k) => [k, bodyText(req.body, k)]).filter(([, v]) => v !== ''));
      return casePage(req, reply, { error: e.message, status: e.statusCode, posted: { ...posted, form } });
    }
    return redirectWithNotice(reply, casePath(id), notice);
  }

  app.post<IdRoute>(`${CASES_PATH}/ho-so/:id/gui-lai`, needs('care.propose'), (req, reply) =>
    act(req, reply, 'gui-lai', 'Đã gửi lại hồ sơ cho cấp trên.', (id, version) => resubmitCase(ctx, currentUser(req), id, version)),
  );

  app.post<IdRoute>(`${CASES_PATH}/ho-so/:id/duyet`, needs('care.approve'), (req, reply) =>
    act(req, reply, 'duyet', 'Đã duyệt hồ sơ.', (id, version) =>
      approveCase(ctx, currentUser(req), id, version, {
        note: bodyText(req.body, 'note').slice(0, 2000) || null,
        fundId: idOf(bodyText(req.body, 'fundId')),
      }),
    ),
  );

  app.post<IdRoute>(`${CASES_PATH}/ho-so/:id/tra-lai`, needs('care.approve'), (req, reply) =>
    act(req, reply, 'tra-lai', 'Đã trả lại hồ sơ cho đơn vị đề nghị.', (id, version) =>
      returnCase(ctx, currentUser(req), id, version, bodyText(req.body, 'note')),
    ),
  );

  app.post<IdRoute>(`${CASES_PATH}/ho-so/:id/chi`, needs('care.pay'), (req, reply) =>
    act(req, reply, 'chi', 'Đã ghi chi tiền.', async (id, version) => {
      const user = currentUser(req);
      const current = await repo.findCase(ctx, id);
      if (!current) throw new NotFound('Không có hồ sơ hỗ trợ này.');
      await authorizeCareRead(ctx, user, current.proposing_unit_id);
      // Paying takes no version (two payments of one case cannot both be written); the form's version still guards what the user saw.
      if (current.version !== version) {
        throw new Conflict(
          `Hồ sơ số ${id} đã được người khác cập nhật (hiện ở trạng thái "${STATUS_LABELS[current.status]}") trong khi bạn đang xem. Chưa ghi chi; hãy xem lại hồ sơ.`,
        );
      }
      const paidOn = bodyText(req.body, 'paidOn');
      if (!isValidIsoDate(paidOn)) throw new UserFacingError('Cần nhập ngày chi hợp lệ.');
      const fundId = idOf(bodyText(req.body, 'fundId'));
      if (fundId === null) throw new UserFacingError('Cần chọn quỹ chi.');
      await payCase(ctx, user, id, fundId, paidOn);
    }),
  );

  app.post<IdRoute>(`${CASES_PATH}/ho-so/:id/hoan-tat`, needs('care.pay'), (req, reply) =>
    act(req, reply, 'hoan-tat', 'Hồ sơ đã hoàn tất.', (id, version) => closeCase(ctx, currentUser(req), id, version)),
  );

  // --- Attachments ----------------------------------------------------------------------------

  app.post<IdRoute>(`${CASES_PATH}/ho-so/:id/tep`, { ...needs('care.propose'), ...multipart }, async (req, reply) => {
    const user = currentUser(req);
    const id = idOf(req.params.id) ?? 0;
    try {
      await readCase(ctx, user, id);
      const file = chosenFile(req);
      if (file === null) throw new UserFacingError('Chưa chọn tệp.');
      if (file === 'too-large') throw new UserFacingError(TOO_LARGE, 413);
      await attach(user, id, file, sniffAttachment(file.bytes, file.fileName));
    } catch (e) {
      if (!isFormError(e)) throw e;
      return casePage(req, reply, { error: e.message, status: e.statusCode });
    }
    return redirectWithNotice(reply, casePath(id), 'Đã thêm tệp đính kèm.');
  });

  /** Only for users who may read the case; each download is logged as a reading of it. */
  app.get<{ Params: { id: string; file: string } }>(`${CASES_PATH}/ho-so/:id/tep/:file`, needs('care.propose'), async (req, reply) => {
    const { attachments } = await readCase(ctx, currentUser(req), idOf(req.params.id) ?? 0);
    const a = attachments.find((x) => x.id === idOf(req.params.file));
    const full = a ? attachmentPath(dataDir, a.stored_path) : null;
    const stat = full ? await fs.promises.stat(full).catch(() => null) : null;
    if (!a || !full || !stat?.isFile()) throw new NotFound('Không có tệp đính kèm này.');
    const ascii = a.file_name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .replace(/[^\w.-]+/g, '_');
    return reply
      .type(a.mime)
      .header('Cache-Control', 'private, no-store')
      .header('Content-Length', stat.size)
      .header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.file_name)}`)
      .send(fs.createReadStream(full));
  });

  // --- Programmes -------------------------------------------------------------------------------

  app.get(PROGRAMMES_PATH, needs('care.propose'), async (req, reply) => {
    const user = currentUser(req);
    const programmes = await listProgrammes(ctx, user);
    const rows = await Promise.all(
      programmes.map(async (programme) => ({ programme, totals: await programmeTotals(ctx, user, programme.id) })),
    );
    return sendAdminPage(req, reply, { title: 'Chương trình chăm lo', active: 'care' }, () => (
      <ProgrammeListPage rows={rows} canManage={canAnywhere(user, 'fund.manage')} />
    ));
  });

  interface ProgrammeFormState {
    values: ProgrammeFormValues;
    errors?: FieldErrors;
    error?: string | null;
    status?: number;
  }

  /** Units the user may organise for; funds of the organiser's subtree the user manages (any in scope while it is not chosen yet). */
  async function programmeChoices(user: AuthUser, programme: Programme | null) {
    const units: Unit[] = await activeUnits(user, 'fund.manage');
    if (programme && !units.some((u) => u.id === programme.unit_id)) {
      const own = await findUnitById(ctx, programme.unit_id);
      if (own) units.unshift(own);
    }
    const managed = scopeUnitIds(user, 'fund.manage');
    const funds = await repo.listFundsUnder(
      ctx,
      programme
        ? ctx.db
            .selectFrom('unit_closure')
            .select('descendant_id')
            .where('ancestor_id', '=', programme.unit_id)
            .where('descendant_id', 'in', managed)
        : managed,
    );
    return { units, funds };
  }

  async function newProgrammeForm(req: FastifyRequest, reply: FastifyReply, s: ProgrammeFormState) {
    const { units, funds } = await programmeChoices(currentUser(req), null);
    return sendAdminPage(
      req,
      reply,
      { title: 'Tạo chương trình chăm lo', active: 'care', error: s.error ?? null },
      (csrf) => (
        <ProgrammeForm
          csrf={csrf}
          action={PROGRAMMES_PATH}
          submitLabel="Tạo chương trình"
          values={s.values}
          errors={s.errors ?? {}}
          units={units}
          funds={funds}
        />
      ),
      s.status ?? 200,
    );
  }

  async function programmePage(req: IdReq, reply: FastifyReply, s: Partial<ProgrammeFormState> = {}) {
    const user = currentUser(req);
    const programme = await readProgramme(ctx, user, idOf(req.params.id) ?? 0);
    const [totals, unit, mayManage] = await Promise.all([
      programmeTotals(ctx, user, programme.id),
      findUnitById(ctx, programme.unit_id),
      can(ctx, user, 'fund.manage', programme.unit_id),
    ]);
    const choices = mayManage ? await programmeChoices(user, programme) : null;
    const values: ProgrammeFormValues = s.values ?? {
      unitId: String(programme.unit_id),
      name: programme.name,
      startsOn: programme.starts_on,
      endsOn: programme.ends_on,
      budget: formatNumber(programme.budget),
      defaultCash: formatNumber(programme.default_cash),
      defaultInKind: formatNumber(programme.default_in_kind),
      publishTotals: programme.publish_totals === 1,
      fundIds: programme.fundIds.map(String),
    };
    const fundNames = choices ? [] : await fundsByIds(ctx, programme.fundIds);
    return sendAdminPage(
      req,
      reply,
      { title: programme.name, active: 'care', error: s.error ?? null },
      (csrf) => (
        <>
          <ProgrammeSummary totals={totals} unitName={unit?.full_name ?? ''} />
          {choices ? (
            <>
              <h2>Sửa chương trình</h2>
              <ProgrammeForm
                csrf={csrf}
                action={programmePath(programme.id)}
                submitLabel="Lưu thay đổi"
                values={values}
                errors={s.errors ?? {}}
                units={choices.units}
                funds={choices.funds}
              />
            </>
          ) : (
            <p>Nguồn chi: {fundNames.length ? fundNames.map((f) => `${f.name} (${f.unit_name})`).join(', ') : 'chưa chọn quỹ'}.</p>
          )}
          <p>
            <a href={PROGRAMMES_PATH}>« Danh sách chương trình</a>
          </p>
        </>
      ),
      s.status ?? 200,
    );
  }

  /** A programme draws on funds of its organiser or of units below it. */
  async function checkProgrammeFunds(unitId: number, fundIds: number[]): Promise<string | null> {
    for (const id of fundIds) {
      const fund = await repo.findFund(ctx, id);
      if (!fund) return `Không có quỹ số ${id}.`;
      if (!(await repo.isWithin(ctx, unitId, fund.unit_id))) return `Quỹ "${fund.name}" không thuộc đơn vị tổ chức hoặc đơn vị trực thuộc.`;
    }
    return null;
  }

  async function saveProgramme(req: FastifyRequest<{ Body: FormBody }>, reply: FastifyReply, id: number | null) {
    const user = currentUser(req);
    const values = programmeValuesFrom(req.body);
    const again = (s: Omit<ProgrammeFormState, 'values'>) =>
      id === null ? newProgrammeForm(req, reply, { values, ...s }) : programmePage(req as IdReq, reply, { values, ...s });
    const parsed = programmeInputFrom(values);
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    if (parsed.ok) {
      const fundProblem = await checkProgrammeFunds(parsed.input.unitId, parsed.input.fundIds);
      if (fundProblem) errors.fundIds = fundProblem;
    }
    if (!parsed.ok || Object.keys(errors).length) return again({ errors, error: 'Chưa lưu: hãy sửa các chỗ được ghi chú.', status: 400 });
    let savedId: number;
    try {
      savedId = (id === null ? await createProgramme(ctx, user, parsed.input) : await updateProgramme(ctx, user, id, parsed.input)).id;
    } catch (e) {
      if (!isFormError(e)) throw e;
      return again({ error: e.message, status: e.statusCode });
    }
    return redirectWithNotice(reply, programmePath(savedId), id === null ? 'Đã tạo chương trình.' : 'Đã lưu chương trình.');
  }

  app.get(`${PROGRAMMES_PATH}/moi`, needs('fund.manage'), async (req, reply) => {
    const user = currentUser(req);
    const values = programmeValuesFrom({});
    values.unitId = String(user.unitId);
    values.startsOn = todayInVietnam();
    return newProgrammeForm(req, reply, { values });
  });
  app.post<{ Body: FormBody }>(PROGRAMMES_PATH, needs('fund.manage'), (req, reply) => saveProgramme(req, reply, null));
  app.get<IdRoute>(`${PROGRAMMES_PATH}/:id`, needs('care.propose'), (req, reply) => programmePage(req, reply));
  app.post<IdRoute>(`${PROGRAMMES_PATH}/:id`, needs('fund.manage'), async (req, reply) => {
    const id = idOf(req.params.id) ?? 0;
    await readProgramme(ctx, currentUser(req), id);
    return saveProgramme(req, reply, id);
  });
}
