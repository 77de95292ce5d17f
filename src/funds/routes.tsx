import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { isValidIsoDate, todayInVietnam } from '../lib/dates.js';
import { formatMoney } from '../lib/format.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { formRoute, type FormState as FormRouteState } from '../web/form-route.js';
import { idParam, parseParams, parseQuery, type FormBody } from '../web/parse.js';
import { FUNDS_PATH } from '../care/paths.js';
import {
  closeFundForm,
  createFundForm,
  entryParams,
  ledgerQuery,
  receiptForm,
  reversalForm,
  transferForm,
  voucherParams,
} from './schema.js';
import { exportLedger, payoutVoucher, payoutVoucherDocx } from './paper-service.js';
import { VoucherPage } from './views/voucher.js';
import { PRINT_SCRIPT } from '../web/views/print-frame.js';
import { isoDate } from '../web/fields.js';
import { DOCX_TYPE } from '../docx/state-document.js';
import { sendDownload, XLSX_TYPE } from '../web/download.js';
import { closeFund, createFund, fundsPage, ledgerPage, receiveFromForm, recordTransfer, reverseEntryOf } from './service.js';
import { FundsPage, fundPath, LedgerPage, type FormState } from './views/funds.js';

/** The fund pages: the list of funds and each fund's ledger, with the forms that write to them. */

const manage = { config: { access: { permission: 'fund.manage' as const } } };

type IdReq = FastifyRequest<{ Params: { id: string } }>;
type Period = { tu?: string | null; den?: string | null; trang?: number };

/** The period of a ledger page: up to `den` (today if not given) from `tu` (the first of that year if not given); dd/mm/yyyy or yyyy-mm-dd. */
function periodOf(query: Period, today: string): { from: string; to: string; error: string | null } {
  const given = (v: string | null | undefined) => {
    const r = v ? isoDate.safeParse(v) : null;
    return r?.success && isValidIsoDate(r.data) ? r.data : null;
  };
  const to = given(query.den) ?? today;
  const from = given(query.tu) ?? `${to.slice(0, 4)}-01-01`;
  const bad = (query.tu && !given(query.tu)) || (query.den && !given(query.den));
  if (bad) return { from: `${to.slice(0, 4)}-01-01`, to, error: 'Ngày trong khoảng thời gian không hợp lệ; sổ quỹ hiển thị từ đầu năm.' };
  if (from > to) return { from: `${to.slice(0, 4)}-01-01`, to, error: 'Từ ngày phải trước đến ngày; sổ quỹ hiển thị từ đầu năm.' };
  return { from, to, error: null };
}

/** The period the user was looking at, as a ledger form sends it back. */
const sentPeriod = (body: unknown): Period => parseQuery(ledgerQuery, body);

/** After a write, the ledger of the period the user was looking at, widened to show the new entry. */
function ledgerAfter(fundId: number, sent: Period, on: string): string {
  const { from, to } = periodOf(sent, todayInVietnam());
  return `${fundPath(fundId)}?tu=${on < from ? on : from}&den=${on > to ? on : to}`;
}

/** A refused form as the fund views show it: which form, what was typed, and its problems. */
function viewState(form: FormState['form'], s: FormRouteState | null, entryId?: number): FormState | null {
  if (!s) return null;
  const values = s.values as Record<string, string | undefined>;
  return { form, values, error: s.error ?? '', errors: s.errors, ...(entryId === undefined ? {} : { entryId }) };
}

async function showFunds(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, state: FormState | null = null, status = 200) {
  const today = todayInVietnam();
  const page = await fundsPage(ctx, currentUser(req), today);
  return sendAdminPage(
    req,
    reply,
    { title: 'Quỹ', active: 'funds' },
    (csrf) => <FundsPage csrf={csrf} {...page} today={today} state={state} />,
    status,
  );
}

async function showLedger(
  ctx: DbContext,
  req: FastifyRequest,
  reply: FastifyReply,
  fundId: number,
  query: Period,
  state: FormState | null = null,
  status = 200,
) {
  const today = todayInVietnam();
  const { from, to, error } = periodOf(query, today);
  const page = await ledgerPage(ctx, currentUser(req), fundId, from, to, query.trang ?? 1);
  return sendAdminPage(
    req,
    reply,
    { title: page.fund.name, active: 'funds', scripts: [PRINT_SCRIPT] },
    (csrf) => <LedgerPage csrf={csrf} {...page} from={from} to={to} periodError={error} today={today} state={state} />,
    status,
  );
}

const createFundRoute = (ctx: DbContext) =>
  formRoute({
    schema: createFundForm,
    show: (req, reply, s) => showFunds(ctx, req, reply, viewState('create', s), s.status),
    submit: (req, f) => createFund(ctx, currentUser(req), f),
    done: (_req, reply, fund) => redirectWithNotice(reply, fundPath(fund.id), `Đã lập quỹ "${fund.name}".`),
  });

const closeFundRoute = (ctx: DbContext) =>
  formRoute({
    schema: closeFundForm,
    show: (req, reply, s) => showFunds(ctx, req, reply, viewState('close', s), s.status),
    submit: (req, f) => closeFund(ctx, currentUser(req), f.fundId, f.on),
    done: (_req, reply) => redirectWithNotice(reply, FUNDS_PATH, 'Đã đóng quỹ.'),
  });

const showLedgerAgain =
  (ctx: DbContext, form: FormState['form'], entryId?: (req: IdReq) => number) => (req: IdReq, reply: FastifyReply, s: FormRouteState) =>
    showLedger(ctx, req, reply, idParam(req.params), sentPeriod(req.body), viewState(form, s, entryId?.(req)), s.status);

const receiptRoute = (ctx: DbContext) =>
  formRoute({
    schema: receiptForm,
    show: showLedgerAgain(ctx, 'receipt'),
    submit: (req: IdReq, f) => receiveFromForm(ctx, currentUser(req), idParam(req.params), f),
    done: (req, reply, entry) =>
      redirectWithNotice(
        reply,
        ledgerAfter(entry.fund_id, sentPeriod(req.body), entry.entry_date),
        `Đã ghi thu ${formatMoney(entry.amount)} (bút toán số ${entry.id}).`,
      ),
  });

const transferRoute = (ctx: DbContext) =>
  formRoute({
    schema: transferForm,
    show: showLedgerAgain(ctx, 'transfer'),
    submit: (req: IdReq, f) => recordTransfer(ctx, currentUser(req), { ...f, fromFundId: idParam(req.params) }),
    done: (req, reply, { out }) =>
      redirectWithNotice(
        reply,
        ledgerAfter(out.fund_id, sentPeriod(req.body), out.entry_date),
        `Đã chuyển ${formatMoney(-out.amount)} sang quỹ "${out.source_label}".`,
      ),
  });

const entryOf = (req: IdReq) => parseParams(entryParams, req.params);

const reversalRoute = (ctx: DbContext) =>
  formRoute({
    schema: reversalForm,
    show: showLedgerAgain(ctx, 'reverse', (req) => entryOf(req).entryId),
    submit: (req: IdReq, f) => reverseEntryOf(ctx, currentUser(req), entryOf(req).id, entryOf(req).entryId, f),
    done: (req, reply, [first]) =>
      redirectWithNotice(
        reply,
        ledgerAfter(first!.fund_id, sentPeriod(req.body), first!.entry_date),
        `Đã hủy bút toán số ${entryOf(req).entryId}.`,
      ),
  });

async function exportLedgerRoute(ctx: DbContext, req: IdReq, reply: FastifyReply) {
  const { from, to } = periodOf(parseQuery(ledgerQuery, req.query), todayInVietnam());
  const { bytes, fileName } = await exportLedger(ctx, currentUser(req), idParam(req.params), from, to);
  return sendDownload(reply, bytes, fileName, XLSX_TYPE);
}

type EntryReq = FastifyRequest<{ Params: { id: string; entryId: string } }>;

async function showVoucher(ctx: DbContext, req: EntryReq, reply: FastifyReply) {
  const { id, entryId } = parseParams(voucherParams, req.params);
  const v = await payoutVoucher(ctx, currentUser(req), id, entryId);
  return sendAdminPage(req, reply, { title: `Phiếu chi số ${v.number}`, active: 'funds', scripts: [PRINT_SCRIPT] }, () => (
    <VoucherPage v={v} />
  ));
}

async function voucherDocument(ctx: DbContext, req: EntryReq, reply: FastifyReply) {
  const { id, entryId } = parseParams(voucherParams, req.params);
  const { bytes, fileName } = await payoutVoucherDocx(ctx, currentUser(req), id, entryId);
  return sendDownload(reply, bytes, fileName, DOCX_TYPE);
}

export function registerFundRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  app.get(FUNDS_PATH, manage, (req, reply) => showFunds(ctx, req, reply));
  app.post<{ Body: FormBody }>(FUNDS_PATH, manage, createFundRoute(ctx));
  app.post<{ Body: FormBody }>(`${FUNDS_PATH}/dong`, manage, closeFundRoute(ctx));
  app.get<{ Params: { id: string } }>(`${FUNDS_PATH}/:id`, manage, (req, reply) =>
    showLedger(ctx, req, reply, idParam(req.params), parseQuery(ledgerQuery, req.query)),
  );
  app.get<{ Params: { id: string } }>(`${FUNDS_PATH}/:id/so-quy.xlsx`, manage, (req, reply) => exportLedgerRoute(ctx, req, reply));
  app.get<{ Params: { id: string; entryId: string } }>(`${FUNDS_PATH}/:id/but-toan/:entryId/phieu-chi`, manage, (req, reply) =>
    showVoucher(ctx, req, reply),
  );
  app.get<{ Params: { id: string; entryId: string } }>(`${FUNDS_PATH}/:id/but-toan/:entryId/phieu-chi.docx`, manage, (req, reply) =>
    voucherDocument(ctx, req, reply),
  );
  app.post<{ Params: { id: string } }>(`${FUNDS_PATH}/:id/thu`, manage, receiptRoute(ctx));
  app.post<{ Params: { id: string } }>(`${FUNDS_PATH}/:id/chuyen`, manage, transferRoute(ctx));
  app.post<{ Params: { id: string; entryId: string } }>(`${FUNDS_PATH}/:id/but-toan/:entryId/huy`, manage, reversalRoute(ctx));
}
