import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbContext } from '../db/context.js';
import { currentUser, redirectWithNotice, sendAdminPage } from '../web/admin-page.js';
import { formRoute, freshForm, type FormState } from '../web/form-route.js';
import { idParam, parseQuery } from '../web/parse.js';
import { accountsQuery, buttonSchema, grantSchema, newAccountSchema } from './schema.js';
import {
  accountPage,
  accountsPage,
  createAccountWithLink,
  grantRole,
  planDisable,
  planRevoke,
  resetLinkFor,
  revokeRole,
  setUserDisabled,
  unlockAccount,
} from './service.js';
import { DisableConfirmPage, disableSummary, RevokeConfirmPage, revokeSummary } from './views/account-confirm.js';
import { AccountPageView, AccountsPageView, ACCOUNTS_PATH, type ResetLink } from './views/accounts.js';

type IdRoute = { Params: { id: string } };

/** A route of one account: its id is read before anything else, so a bad one is a 404 (never a form error). */
const manageOne = {
  config: { access: { permission: 'user.manage' as const } },
  preHandler: async (req: FastifyRequest) => {
    idParam(req.params);
  },
};
const manage = { config: { access: { permission: 'user.manage' as const } } };

interface AccountsPageState {
  /** The "Tạo tài khoản" form's state. */
  create?: FormState;
  /** A refusal of one of the account's buttons. */
  refused?: FormState;
  resetLink?: ResetLink;
  /** A refused "Cấp quyền" form: the account whose row shows it again with the messages. */
  grantFor?: number;
}

async function showAccounts(ctx: DbContext, req: FastifyRequest, reply: FastifyReply, page: AccountsPageState = {}) {
  const data = await accountsPage(ctx, currentUser(req), parseQuery(accountsQuery, req.query).q ?? '');
  const grantForm = page.refused && page.grantFor !== undefined ? page.refused : undefined;
  const refusal = grantForm
    ? grantForm.error
    : page.refused
      ? (Object.values(page.refused.errors)[0] ?? page.refused.error)
      : (page.create?.error ?? null);
  return sendAdminPage(
    req,
    reply,
    { title: 'Tài khoản', active: 'users', error: refusal },
    (csrf) => (
      <AccountsPageView
        {...data}
        csrf={csrf}
        create={page.create ?? freshForm()}
        resetLink={page.resetLink ?? null}
        refusedGrant={grantForm && page.grantFor !== undefined ? { accountId: page.grantFor, state: grantForm } : null}
      />
    ),
    page.refused?.status ?? page.create?.status ?? 200,
  );
}

async function showAccount(ctx: DbContext, req: FastifyRequest<IdRoute>, reply: FastifyReply) {
  const data = await accountPage(ctx, currentUser(req), idParam(req.params));
  const title = `Tài khoản ${data.account.full_name}`;
  return sendAdminPage(req, reply, { title, active: 'users' }, (csrf) => <AccountPageView {...data} csrf={csrf} />);
}

/** A one-button form of an account: a refusal is shown on the accounts page; success redirects there with a notice. */
function accountButton(ctx: DbContext, notice: string, submit: (req: FastifyRequest<IdRoute>) => Promise<unknown>) {
  return formRoute({
    schema: buttonSchema,
    show: (req: FastifyRequest<IdRoute>, reply, state) => showAccounts(ctx, req, reply, { refused: state }),
    submit: (req: FastifyRequest<IdRoute>) => submit(req),
    done: (_req, reply) => redirectWithNotice(reply, ACCOUNTS_PATH, notice),
  });
}

/** Granting a role at a unit: a form in the account's row, shown again with its messages when refused. */
function grantForm(ctx: DbContext) {
  return formRoute({
    schema: grantSchema,
    show: (req: FastifyRequest<IdRoute>, reply, state) => showAccounts(ctx, req, reply, { refused: state, grantFor: idParam(req.params) }),
    submit: (req: FastifyRequest<IdRoute>, input) => grantRole(ctx, currentUser(req), idParam(req.params), input.role, input.unitId),
    done: (_req, reply) => redirectWithNotice(reply, ACCOUNTS_PATH, 'Đã cấp quyền.'),
  });
}

/** What was done, in full, with the way back to the accounts. */
function sendDone(req: FastifyRequest, reply: FastifyReply, title: string, summary: string) {
  return sendAdminPage(req, reply, { title, active: 'users' }, () => (
    <div class="panel plan">
      <p class="plan-summary">{summary}</p>
      <p>
        <a href={ACCOUNTS_PATH}>← Tất cả tài khoản</a>
      </p>
    </div>
  ));
}

/**
 * Disabling an account and revoking a role take two posts: the button's, answered by what will
 * happen (nothing is written), then "Xác nhận", answered by what was done. A refusal of either is
 * shown on the accounts page.
 */
function registerConfirmedAccountActions(app: FastifyInstance, ctx: DbContext) {
  const refused = (req: FastifyRequest<IdRoute>, reply: FastifyReply, state: FormState) =>
    showAccounts(ctx, req, reply, { refused: state });
  app.post<IdRoute>(
    `${ACCOUNTS_PATH}/:id/vo-hieu`,
    manageOne,
    formRoute({
      schema: buttonSchema,
      show: refused,
      submit: (req: FastifyRequest<IdRoute>) => planDisable(ctx, currentUser(req), idParam(req.params)),
      done: (req, reply, plan) =>
        sendAdminPage(req, reply, { title: 'Xác nhận vô hiệu hóa tài khoản', active: 'users' }, (csrf) => (
          <DisableConfirmPage plan={plan} csrf={csrf} />
        )),
    }),
  );
  app.post<IdRoute>(
    `${ACCOUNTS_PATH}/:id/vo-hieu/xac-nhan`,
    manageOne,
    formRoute({
      schema: buttonSchema,
      show: refused,
      submit: (req: FastifyRequest<IdRoute>) => setUserDisabled(ctx, currentUser(req), idParam(req.params), true),
      done: (req, reply, done) => sendDone(req, reply, 'Đã vô hiệu hóa tài khoản', disableSummary(done, true)),
    }),
  );
  app.post<IdRoute>(
    `${ACCOUNTS_PATH}/:id/thu-hoi`,
    manageOne,
    formRoute({
      schema: grantSchema,
      show: refused,
      submit: (req: FastifyRequest<IdRoute>, input) => planRevoke(ctx, currentUser(req), idParam(req.params), input.role, input.unitId),
      done: (req, reply, plan) =>
        sendAdminPage(req, reply, { title: 'Xác nhận thu hồi quyền', active: 'users' }, (csrf) => (
          <RevokeConfirmPage plan={plan} csrf={csrf} />
        )),
    }),
  );
  app.post<IdRoute>(
    `${ACCOUNTS_PATH}/:id/thu-hoi/xac-nhan`,
    manageOne,
    formRoute({
      schema: grantSchema,
      show: refused,
      submit: (req: FastifyRequest<IdRoute>, input) => revokeRole(ctx, currentUser(req), idParam(req.params), input.role, input.unitId),
      done: (req, reply, done) =>
        done
          ? sendDone(req, reply, 'Đã thu hồi quyền', revokeSummary(done, true))
          : redirectWithNotice(reply, ACCOUNTS_PATH, 'Tài khoản đã không còn quyền này.'),
    }),
  );
}

/** The link the page shows for a token. */
function linkOf(publicUrl: string | undefined, req: FastifyRequest, made: { name: string; token: string }): ResetLink {
  return { name: made.name, url: `${publicUrl ?? `${req.protocol}://${req.host}`}/dat-lai-mat-khau/${made.token}` };
}

export function registerUserRoutes(app: FastifyInstance, { ctx, publicUrl }: { ctx: DbContext; publicUrl: string | undefined }): void {
  app.get(ACCOUNTS_PATH, manage, (req, reply) => showAccounts(ctx, req, reply));
  app.post(
    ACCOUNTS_PATH,
    manage,
    formRoute({
      schema: newAccountSchema,
      show: (req, reply, state) => showAccounts(ctx, req, reply, { create: state }),
      submit: (req, input) => createAccountWithLink(ctx, currentUser(req), input),
      done: (req, reply, made) => showAccounts(ctx, req, reply, { resetLink: linkOf(publicUrl, req, made) }),
    }),
  );
  app.get<IdRoute>(`${ACCOUNTS_PATH}/:id`, manageOne, (req, reply) => showAccount(ctx, req, reply));

  registerConfirmedAccountActions(app, ctx);
  app.post<IdRoute>(
    `${ACCOUNTS_PATH}/:id/kich-hoat`,
    manageOne,
    accountButton(ctx, 'Đã kích hoạt lại tài khoản.', (req) => setUserDisabled(ctx, currentUser(req), idParam(req.params), false)),
  );
  app.post<IdRoute>(
    `${ACCOUNTS_PATH}/:id/dat-lai`,
    manageOne,
    formRoute({
      schema: buttonSchema,
      show: (req: FastifyRequest<IdRoute>, reply, state) => showAccounts(ctx, req, reply, { refused: state }),
      submit: (req: FastifyRequest<IdRoute>) => resetLinkFor(ctx, currentUser(req), idParam(req.params)),
      done: (req, reply, made) => showAccounts(ctx, req, reply, { resetLink: linkOf(publicUrl, req, made) }),
    }),
  );
  app.post<IdRoute>(`${ACCOUNTS_PATH}/:id/cap-quyen`, manageOne, grantForm(ctx));
  app.post<IdRoute>(
    `${ACCOUNTS_PATH}/:id/mo-khoa`,
    manageOne,
    formRoute({
      schema: buttonSchema,
      show: (req: FastifyRequest<IdRoute>, reply, state) => showAccounts(ctx, req, reply, { refused: state }),
      submit: (req: FastifyRequest<IdRoute>) => unlockAccount(ctx, currentUser(req), idParam(req.params)),
      done: (_req, reply, done) =>
        redirectWithNotice(
          reply,
          ACCOUNTS_PATH,
          done.wasLocked ? `Đã mở khóa đăng nhập cho ${done.name}.` : `Tài khoản ${done.name} không bị khóa đăng nhập.`,
        ),
    }),
  );
}
