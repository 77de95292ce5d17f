import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { grantUnitsFor, type AuthUser } from '../access/user.js';
import { can, scopeUnitIds } from '../access/scope.js';
import type { DbContext } from '../db/context.js';
import type { FundKind } from '../db/schema.js';
import { isValidIsoDate, todayInVietnam } from '../lib/dates.js';
import { Forbidden, NotFound, UserFacingError } from '../lib/errors.js';
import { formatMoney } from '../lib/format.js';
import { findUnitById, listUnitsInScope } from '../org/repo.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { ledgerDetails } from './ledger-details.js';
import { closeFund, createFund, ledgerOf, listFunds, recordReceipt, recordTransfer, reverseEntry } from './ledger.js';
import * as repo from './repo.js';
import { FUND_KIND_LABELS } from './schema.js';
import { FundsPage, fundPath, LedgerPage, type FormState } from './views/funds.js';
import { FUNDS_PATH } from './paths.js';

const manage = { config: { access: { permission: 'fund.manage' as const } } };

type Body = Record<string, string | undefined>;
type FundRequest = FastifyRequest<{ Params: { id: string }; Body: Body }>;

const idParam = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) ? Number(v) : 0);
const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);
const isFundKind = (v: string | undefined): v is FundKind => v !== undefined && Object.hasOwn(FUND_KIND_LABELS, v);

function required(id: number, message: string): number {
  if (!id) throw new UserFacingError(message);
  return id;
}

/** The period of a ledger page: up to `den` (today if not given) from `tu` (the first of that year if not given). */
function periodOf(query: Body, today: string): { from: string; to: string; error: string | null } {
  const given = (v: string | undefined) => (v && isValidIsoDate(v) ? v : null);
  const to = given(query.den) ?? today;
  const from = given(query.tu) ?? `${to.slice(0, 4)}-01-01`;
  const bad = (query.tu && !given(query.tu)) || (query.den && !given(query.den));
  if (bad) return { from: `${to.slice(0, 4)}-01-01`, to, error: 'Ngày trong khoảng thời gian không hợp lệ; sổ quỹ hiển thị từ đầu năm.' };
  if (from > to) return { from: `${to.slice(0, 4)}-01-01`, to, error: 'Từ ngày phải trước đến ngày; sổ quỹ hiển thị từ đầu năm.' };
  return { from, to, error: null };
}

/** After a write, the ledger of the period the user was looking at, widened to show the new entry. */
function ledgerAfter(fundId: number, sent: Body, on: string, today: string): string {
  const { from, to } = periodOf(sent, today);
  return `${fundPath(fundId)}?tu=${on < from ? on : from}&den=${on > to ? on : to}`;
}

/** A refused form is shown again with its message; a missing or out-of-scope fund or entry gets its error page. */
function refused(e: unknown, again: (message: string, status: number) => Promise<unknown>) {
  if (!(e instanceof UserFacingError) || e instanceof Forbidden || e instanceof NotFound) throw e;
  return again(e.message, e.statusCode);
}

export function registerFundRoutes(app: FastifyInstance, { ctx }: { ctx: DbContext }): void {
  const managedFunds = (user: AuthUser) => repo.listFundsUnder(ctx, scopeUnitIds(user, 'fund.manage'));
  const managedUnits = async (user: AuthUser) =>
    (await listUnitsInScope(ctx, grantUnitsFor(user, 'fund.manage'))).filter((u) => u.status === 'active');

  async function listPage(req: FastifyRequest, reply: FastifyReply, state: FormState | null = null, status = 200) {
    const user = currentUser(req);
    const today = todayInVietnam();
    const [funds, units, managed] = await Promise.all([listFunds(ctx, user, today), managedUnits(user), managedFunds(user)]);
    return sendAdminPage(
      req,
      reply,
      { title: 'Quỹ', active: 'funds' },
      (csrf) => (
        <FundsPage
          csrf={csrf}
          funds={funds}
          units={units}
          closable={managed.filter((f) => f.closed_on === null)}
          today={today}
          state={state}
        />
      ),
      status,
    );
  }

  async function ledgerPage(
    req: FastifyRequest,
    reply: FastifyReply,
    fundId: number,
    query: Body,
    state: FormState | null = null,
    status = 200,
  ) {
    const user = currentUser(req);
    const today = todayInVietnam();
    const { from, to, error } = periodOf(query, today);
    const { fund, opening, entries, closing } = await ledgerOf(ctx, user, fundId, from, to);
    const [details, unit, mayManage] = await Promise.all([
      ledgerDetails(ctx, fundId, from, to),
      findUnitById(ctx, fund.unit_id),
      can(ctx, user, 'fund.manage', fund.unit_id),
    ]);
    const [targets, donorUnits] = mayManage ? await Promise.all([managedFunds(user), managedUnits(user)]) : [[], []];
    return sendAdminPage(
      req,
      reply,
      { title: fund.name, active: 'funds' },
      (csrf) => (
        <LedgerPage
          csrf={csrf}
          fund={fund}
          unit={unit}
          opening={opening}
          closing={closing}
          entries={entries}
          details={details}
          from={from}
          to={to}
          periodError={error}
          mayManage={mayManage}
          targets={targets.filter((f) => f.id !== fund.id && f.closed_on === null)}
          donorUnits={donorUnits}
          today={today}
          state={state}
        />
      ),
      status,
    );
  }

  app.get('/quan-tri/quy', manage, (req, reply) => listPage(req, reply));

  app.post<{ Body: Body }>('/quan-tri/quy', manage, async (req, reply) => {
    const b = req.body ?? {};
    try {
      const unitId = required(idParam(b.unitId), 'Cần chọn đơn vị của quỹ.');
      if (!isFundKind(b.kind)) throw new UserFacingError('Cần chọn loại quỹ.');
      const fund = await createFund(ctx, currentUser(req), { unitId, name: b.name ?? '', kind: b.kind });
      return redirectWithNotice(reply, fundPath(fund.id), `Đã lập quỹ "${fund.name}".`);
    } catch (e) {
      return refused(e, (error, status) => listPage(req, reply, { form: 'create', values: b, error }, status));
    }
  });

  app.post<{ Body: Body }>('/quan-tri/quy/dong', manage, async (req, reply) => {
    const b = req.body ?? {};
    try {
      const fundId = required(idParam(b.fundId), 'Cần chọn quỹ cần đóng.');
      await closeFund(ctx, currentUser(req), fundId, b.on ?? '');
      return redirectWithNotice(reply, FUNDS_PATH, 'Đã đóng quỹ.');
    } catch (e) {
      return refused(e, (error, status) => listPage(req, reply, { form: 'close', values: b, error }, status));
    }
  });

  app.get<{ Params: { id: string }; Querystring: Body }>('/quan-tri/quy/:id', manage, (req, reply) =>
    ledgerPage(req, reply, idParam(req.params.id), req.query),
  );

  /** Runs a write on a fund's ledger; a refusal shows the ledger again with the message beside the form. */
  async function ledgerWrite(
    req: FundRequest,
    reply: FastifyReply,
    form: FormState['form'],
    entryId: number | undefined,
    write: (fundId: number, b: Body) => Promise<{ on: string; notice: string }>,
  ) {
    const fundId = idParam(req.params.id);
    const b = req.body ?? {};
    try {
      const { on, notice } = await write(fundId, b);
      return redirectWithNotice(reply, ledgerAfter(fundId, b, on, todayInVietnam()), notice);
    } catch (e) {
      return refused(e, (error, status) =>
        ledgerPage(req, reply, fundId, b, { form, values: b, error, ...(entryId === undefined ? {} : { entryId }) }, status),
      );
    }
  }

  app.post<{ Params: { id: string }; Body: Body }>('/quan-tri/quy/:id/thu', manage, (req, reply) =>
    ledgerWrite(req, reply, 'receipt', undefined, async (fundId, b) => {
      const unitId = idParam(b.sourceUnitId);
      const unit = unitId ? await findUnitById(ctx, unitId) : undefined;
      if (unitId && !unit) throw new UserFacingError('Không có đơn vị ủng hộ đã chọn.');
      const entry = await recordReceipt(ctx, currentUser(req), {
        fundId,
        on: b.on ?? '',
        amount: b.amount ?? '',
        sourceLabel: orNull(b.sourceLabel) ?? unit?.short_name ?? '',
        sourceUnitId: unit?.id ?? null,
        memo: orNull(b.memo),
      });
      return { on: entry.entry_date, notice: `Đã ghi thu ${formatMoney(entry.amount)} (bút toán số ${entry.id}).` };
    }),
  );

  app.post<{ Params: { id: string }; Body: Body }>('/quan-tri/quy/:id/chuyen', manage, (req, reply) =>
    ledgerWrite(req, reply, 'transfer', undefined, async (fundId, b) => {
      const toFundId = required(idParam(b.toFundId), 'Cần chọn quỹ nhận.');
      const { out } = await recordTransfer(ctx, currentUser(req), {
        fromFundId: fundId,
        toFundId,
        on: b.on ?? '',
        amount: b.amount ?? '',
        memo: orNull(b.memo),
      });
      return { on: out.entry_date, notice: `Đã chuyển ${formatMoney(-out.amount)} sang quỹ "${out.source_label}".` };
    }),
  );

  app.post<{ Params: { id: string; entryId: string }; Body: Body }>('/quan-tri/quy/:id/but-toan/:entryId/huy', manage, (req, reply) => {
    const entryId = idParam(req.params.entryId);
    return ledgerWrite(req, reply, 'reverse', entryId, async (fundId, b) => {
      const entry = await repo.findEntry(ctx, entryId);
      if (!entry || entry.fund_id !== fundId) throw new NotFound('Không có bút toán này trong sổ quỹ.');
      const memo = orNull(b.memo);
      if (!memo) throw new UserFacingError('Cần ghi lý do hủy để xác nhận việc hủy bút toán.');
      const [first] = await reverseEntry(ctx, currentUser(req), entryId, { on: b.on ?? '', memo });
      return { on: first!.entry_date, notice: `Đã hủy bút toán số ${entryId}.` };
    });
  });
}
