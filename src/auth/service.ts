import { createHash, randomBytes } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/audit.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { Role } from '../db/schema.js';
import { NotFound, UserFacingError } from '../lib/errors.js';
import { fold } from '../lib/fold.js';
import { siteDateParts } from '../lib/format.js';
import { FieldError, parseInput } from '../web/parse.js';
import type { AuthUser } from '../access/user.js';
import { ROLE_ACTIONS, ROLE_LABELS, type Action } from '../access/roles.js';
import { can } from '../access/scope.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import {
  accountUnits,
  authorizeCreateAccount,
  authorizeManageAccount,
  authorizeRoleChange,
  authorizeResetLink,
  authorizeSetDisabled,
  authorizeViewAccount,
  manageableAccounts,
} from './policy.js';
import * as repo from './repo.js';
import { newAccountSchema, newUserSchema, type NewAccountInput, type NewUserInput } from './schema.js';

export const SESSION_LIFETIME_MS = 7 * 24 * 3600 * 1000;
export const SESSION_IDLE_MS = 12 * 3600 * 1000;
/** Per (login, address) pair: from the 5th failure, a wait of 1 s, 2 s, 4 s… up to 15 minutes; forgotten a day after the last failure. */
export const PAIR_THROTTLE: repo.ThrottleRule = {
  limit: 5,
  forgetAfterMs: 24 * 3600 * 1000,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
};
/** Per address, whatever the login: the same waits from the 50th failure; forgotten an hour after the last one. */
export const ADDRESS_THROTTLE: repo.ThrottleRule = {
  limit: 50,
  forgetAfterMs: 3600 * 1000,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
};
export const RESET_LIFETIME_MS = 24 * 3600 * 1000;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export function actorOf(user: AuthUser): Actor {
  return { userId: user.id, label: `${user.fullName} (${user.login})` };
}

/** The one answer to every failed sign-in that was checked: wrong password, unknown login, disabled account (a wait not over says until when: `lockMessage`). */
export const BAD_LOGIN = 'Tên đăng nhập hoặc mật khẩu không đúng. Nếu đã nhập sai nhiều lần, hãy chờ một lát rồi thử lại.';
// Verifying against a real hash when the login is unknown keeps the answer time the same.
let dummyHash: Promise<string> | undefined;

export type LoginResult = { ok: true; token: string; user: AuthUser } | { ok: false; error: string };

const throttleKeys = (name: string, address: string) => ({ address: `a|${address}`, pair: `p|${address}|${name}` });

/**
 * Signs in. Every attempt is counted against its (login, address) pair and its address before the
 * password is checked, so concurrent guesses cannot share one count; a key that must wait is
 * refused unchecked. The answer to every failure is the same sentence.
 */
export async function login(
  ctx: DbContext,
  loginName: string,
  password: string,
  userAgent: string | null,
  address = '',
  now = Date.now(),
): Promise<LoginResult> {
  const name = loginName.trim().toLowerCase().slice(0, 100);
  const keys = throttleKeys(name, address.slice(0, 60));
  const refused = { ok: false as const, error: BAD_LOGIN };
  // A key that must wait says until when: it depends on the (login, address) pair or the address
  // alone, never on whether the account exists.
  if ((await repo.reserveSignInAttempt(ctx, keys.address, ADDRESS_THROTTLE, now)) === undefined)
    return { ok: false, error: lockMessage(await repo.blockedUntil(ctx, keys.address, now), now, 'address') };
  const failures = await repo.reserveSignInAttempt(ctx, keys.pair, PAIR_THROTTLE, now);
  if (failures === undefined) return { ok: false, error: lockMessage(await repo.blockedUntil(ctx, keys.pair, now), now, 'account') };
  const user = await repo.findUserByLogin(ctx, name);
  dummyHash ??= hashPassword(newToken());
  const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
  const authUser = user && passwordOk && !user.disabled ? await loadAuthUser(ctx, user.id) : undefined;
  if (!user || !authUser) {
    if (user && failures === PAIR_THROTTLE.limit)
      await recordAudit(ctx, {
        actor: { userId: null, label: 'hệ thống' },
        action: 'user.lock',
        entity: 'user',
        entityId: user.id,
        unitId: user.unit_id,
        after: { failures, wait_ms: PAIR_THROTTLE.firstDelayMs },
      });
    return refused;
  }
  const token = newToken();
  await inTransaction(ctx, async (tx) => {
    await repo.clearSignInThrottle(tx, keys.pair);
    await repo.forgiveSignInAttempt(tx, keys.address);
    await repo.insertSession(tx, {
      token_hash: tokenHash(token),
      user_id: user.id,
      expires_at: now + SESSION_LIFETIME_MS,
      user_agent: userAgent?.slice(0, 300) ?? null,
    });
    await repo.recordSignIn(tx, user.id, now);
    await recordAudit(tx, { actor: actorOf(authUser), action: 'user.login', entity: 'user', entityId: user.id, unitId: user.unit_id });
  });
  return { ok: true, token, user: authUser };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The answer to a sign-in refused because it must wait: "Tài khoản tạm khóa do đăng nhập sai nhiều
 * lần. Vui lòng thử lại sau 15 phút (lúc 00:01)." — the minutes left, rounded up, and the clock
 * time in Vietnam when the wait is over (rounded up to the minute); under a minute, the seconds.
 */
export function lockMessage(until: number | null, now: number, who: 'account' | 'address'): string {
  const what =
    who === 'account'
      ? 'Tài khoản tạm khóa do đăng nhập sai nhiều lần.'
      : 'Máy của bạn tạm bị chặn đăng nhập do đăng nhập sai nhiều lần với nhiều tài khoản.';
  const left = Math.max((until ?? now) - now, 1000);
  if (left < 60_000) return `${what} Vui lòng thử lại sau ${Math.ceil(left / 1000)} giây.`;
  const at = siteDateParts(new Date(Math.ceil((until ?? now) / 60_000) * 60_000));
  return `${what} Vui lòng thử lại sau ${Math.ceil(left / 60_000)} phút (lúc ${pad2(at.hour)}:${pad2(at.minute)}).`;
}

export async function loadAuthUser(ctx: DbContext, userId: number): Promise<AuthUser | undefined> {
  const user = await repo.findUserById(ctx, userId);
  if (!user || user.disabled) return undefined;
  return {
    id: Number(user.id),
    login: user.login,
    fullName: user.full_name,
    unitId: Number(user.unit_id),
    grants: await repo.grantsOf(ctx, user.id),
  };
}

/**
 * When sessions were last seen, noted by requests and written in the background: a page view
 * never writes, so it never waits behind a long write. A flush that meets a busy database
 * keeps its notes for the next one; a lost note costs at most a minute of idle time.
 */
export class SessionTouches {
  private seen = new Map<string, number>();
  private flushing: Promise<void> | null = null;

  constructor(private readonly ctx: DbContext) {}

  note(hash: string, now: number): void {
    this.seen.set(hash, now);
  }

  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.seen.size === 0) return Promise.resolve();
    const batch = this.seen;
    this.seen = new Map();
    this.flushing = inTransaction(this.ctx, (tx) => repo.touchSessions(tx, batch))
      .catch(() => {
        for (const [hash, at] of batch) if (!this.seen.has(hash)) this.seen.set(hash, at);
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }
}

/** How stale a session's last-seen time may get before a request notes it again. */
const TOUCH_AFTER_MS = 60_000;

/** The user behind a session cookie, if the session is live (not revoked, expired or idle too long). */
export async function userForSession(
  ctx: DbContext,
  token: string,
  now = Date.now(),
  touches?: SessionTouches,
): Promise<AuthUser | undefined> {
  if (!token || token.length > 100) return undefined;
  const hash = tokenHash(token);
  const session = await repo.findLiveSession(ctx, hash, now);
  if (!session || session.disabled || now - session.last_seen_at > SESSION_IDLE_MS) return undefined;
  if (now - session.last_seen_at > TOUCH_AFTER_MS) touches?.note(hash, now);
  return {
    id: Number(session.user_id),
    login: session.login,
    fullName: session.full_name,
    unitId: Number(session.unit_id),
    grants: await repo.grantsOf(ctx, session.user_id),
  };
}

export async function logout(ctx: DbContext, token: string): Promise<void> {
  await repo.revokeSession(ctx, tokenHash(token));
}

/** An administrator (CLI: congdoan user create --admin), in the caller's transaction. */
export function createAdminIn(tx: DbContext, actor: Actor, input: Omit<NewUserInput, 'role'>): Promise<number> {
  return insertUserWithRole(tx, actor, { ...input, role: 'admin' });
}

export async function createUser(ctx: DbContext, by: AuthUser, input: NewUserInput): Promise<number> {
  const u = parseInput(newUserSchema, input);
  await authorizeCreateAccount(ctx, by, u.unitId, u.role);
  return inTransaction(ctx, (tx) => insertUserWithRole(tx, actorOf(by), u));
}

/** A password nobody knows, for an account whose user sets theirs through a link. */
function randomPasswordFor(login: string): string {
  let password = newToken();
  while (passwordProblem(password, login)) password = newToken();
  return password;
}

/** A new account from the accounts page, with its one-time link to set a password (the account gets a random one until then). */
export async function createAccountWithLink(ctx: DbContext, by: AuthUser, input: NewAccountInput, now = Date.now()) {
  const a = parseInput(newAccountSchema, input);
  const u = parseInput(newUserSchema, { ...a, password: randomPasswordFor(a.login) });
  await authorizeCreateAccount(ctx, by, u.unitId, u.role);
  return inTransaction(ctx, async (tx) => {
    const id = await insertUserWithRole(tx, actorOf(by), u);
    const token = await insertResetLink(tx, by, { id, unit_id: u.unitId }, now);
    return { name: `${u.fullName} (${u.login})`, token };
  });
}

async function insertUserWithRole(tx: DbContext, actor: Actor, input: NewUserInput): Promise<number> {
  const u = parseInput(newUserSchema, input);
  const problem = passwordProblem(u.password, u.login);
  if (problem) throw new FieldError(problem, 'password');
  await requireStandingUnit(tx, u.unitId);
  if (await repo.findUserByLogin(tx, u.login)) throw new FieldError(`Tên đăng nhập "${u.login}" đã có người dùng.`, 'login');
  const user = await repo.insertUser(tx, {
    login: u.login,
    full_name: u.fullName,
    password_hash: await hashPassword(u.password),
    unit_id: u.unitId,
  });
  await repo.insertGrant(tx, user.id, u.role, u.unitId);
  await recordAudit(tx, {
    actor,
    action: 'user.create',
    entity: 'user',
    entityId: user.id,
    unitId: u.unitId,
    after: { login: u.login, full_name: u.fullName, unit_id: u.unitId, role: u.role },
  });
  return Number(user.id);
}

/** A new account or role is only ever placed at a unit that still stands (not dissolved, not merged). */
async function requireStandingUnit(ctx: DbContext, unitId: number): Promise<void> {
  const unit = await repo.findUnitStatus(ctx, unitId);
  if (!unit) throw new FieldError(`Không có đơn vị số ${unitId}.`, 'unitId');
  if (unit.status !== 'active')
    throw new FieldError(
      `Đơn vị "${unit.short_name}" ${unit.status === 'merged' ? 'đã sáp nhập' : 'đã giải thể'}: không tạo tài khoản hay cấp quyền mới tại đơn vị này.`,
      'unitId',
    );
}

async function targetUser(ctx: DbContext, userId: number) {
  const user = await repo.findUserById(ctx, userId);
  if (!user) throw new NotFound('Không có tài khoản này.');
  return user;
}

/** An account as a confirmation names it, with its roles and where they are held. */
async function describeAccount(ctx: DbContext, userId: number) {
  const account = await repo.findAccount(ctx, userId);
  if (!account) throw new NotFound('Không có tài khoản này.');
  const grants = await repo.grantsOf(ctx, userId);
  const names = await repo.unitNames(ctx, [...new Set(grants.map((g) => g.unitId))]);
  return { account, grants: grants.map((g) => ({ ...g, unitName: names.get(g.unitId) ?? `đơn vị số ${g.unitId}` })) };
}
export type DescribedAccount = Awaited<ReturnType<typeof describeAccount>>;

/** What disabling an account does: it can no longer sign in, and its open sessions end. */
export interface DisablePlan extends DescribedAccount {
  openSessions: number;
}

async function planDisableIn(ctx: DbContext, userId: number, now: number): Promise<DisablePlan> {
  return { ...(await describeAccount(ctx, userId)), openSessions: await repo.countOpenSessionsOf(ctx, userId, now) };
}

/** The confirmation of "Vô hiệu hóa": the account, its roles, the sessions that will end; nothing is written. */
export async function planDisable(ctx: DbContext, by: AuthUser, userId: number, now = Date.now()): Promise<DisablePlan> {
  const user = await targetUser(ctx, userId);
  await authorizeSetDisabled(ctx, by, user, true);
  return planDisableIn(ctx, userId, now);
}

/** Disables or enables an account; disabling ends its open sessions. Gives the account and the sessions ended. */
export async function setUserDisabled(
  ctx: DbContext,
  by: AuthUser,
  userId: number,
  disabled: boolean,
  now = Date.now(),
): Promise<DisablePlan> {
  const user = await targetUser(ctx, userId);
  await authorizeSetDisabled(ctx, by, user, disabled);
  return inTransaction(ctx, async (tx) => {
    const plan = await planDisableIn(tx, user.id, now);
    await repo.updateUser(tx, user.id, { disabled: disabled ? 1 : 0 });
    const ended = disabled ? await repo.revokeSessionsOf(tx, user.id, now) : 0;
    await recordAudit(tx, {
      actor: actorOf(by),
      action: disabled ? 'user.disable' : 'user.enable',
      entity: 'user',
      entityId: user.id,
      unitId: user.unit_id,
      before: { disabled: user.disabled },
      after: { disabled: disabled ? 1 : 0, ...(disabled ? { sessions_ended: ended } : {}) },
    });
    return { ...plan, openSessions: ended };
  });
}

export async function grantRole(ctx: DbContext, by: AuthUser, userId: number, role: Role, unitId: number): Promise<void> {
  const user = await targetUser(ctx, userId);
  await authorizeRoleChange(ctx, by, user, role, unitId);
  await requireStandingUnit(ctx, unitId);
  await inTransaction(ctx, async (tx) => {
    await repo.insertGrant(tx, user.id, role, unitId);
    await recordAudit(tx, {
      actor: actorOf(by),
      action: 'role.grant',
      entity: 'user',
      entityId: user.id,
      unitId,
      after: { role, unit_id: unitId },
    });
  });
}

/** What revoking a role at a unit takes away: what the account can no longer do there (another role may still allow some of it). */
export interface RevokePlan extends DescribedAccount {
  role: Role;
  unitId: number;
  unitName: string;
  /** Units standing at and below the unit (where the role reached). */
  unitsReached: number;
  /** What the account will no longer do at the unit. */
  lost: Action[];
  /** The roles it keeps. */
  kept: DescribedAccount['grants'];
}

async function planRevokeIn(ctx: DbContext, userId: number, role: Role, unitId: number): Promise<RevokePlan> {
  const described = await describeAccount(ctx, userId);
  const grant = described.grants.find((g) => g.role === role && g.unitId === unitId);
  if (!grant) throw new UserFacingError(`Tài khoản không có quyền ${ROLE_LABELS[role]} tại đơn vị này.`);
  const kept = described.grants.filter((g) => g !== grant);
  const a = described.account;
  const after: AuthUser = { id: Number(a.id), login: a.login, fullName: a.full_name, unitId: Number(a.unit_id), grants: kept };
  const lost: Action[] = [];
  for (const action of ROLE_ACTIONS[role]) if (!(await can(ctx, after, action, unitId))) lost.push(action);
  return { ...described, role, unitId, unitName: grant.unitName, unitsReached: await repo.countActiveUnitsFrom(ctx, unitId), lost, kept };
}

/** The confirmation of "thu hồi": what the account will no longer reach; nothing is written. */
export async function planRevoke(ctx: DbContext, by: AuthUser, userId: number, role: Role, unitId: number): Promise<RevokePlan> {
  const user = await targetUser(ctx, userId);
  await authorizeRoleChange(ctx, by, user, role, unitId);
  return planRevokeIn(ctx, userId, role, unitId);
}

export async function revokeRole(ctx: DbContext, by: AuthUser, userId: number, role: Role, unitId: number): Promise<RevokePlan | null> {
  const user = await targetUser(ctx, userId);
  await authorizeRoleChange(ctx, by, user, role, unitId);
  return inTransaction(ctx, async (tx) => {
    const held = (await repo.grantsOf(tx, user.id)).some((g) => g.role === role && g.unitId === unitId);
    const plan = held ? await planRevokeIn(tx, user.id, role, unitId) : null;
    const n = await repo.deleteGrant(tx, user.id, role, unitId);
    if (n > 0)
      await recordAudit(tx, {
        actor: actorOf(by),
        action: 'role.revoke',
        entity: 'user',
        entityId: user.id,
        unitId,
        before: { role, unit_id: unitId },
      });
    return plan;
  });
}

async function insertResetLink(tx: DbContext, by: AuthUser, user: { id: number; unit_id: number }, now: number): Promise<string> {
  const token = newToken();
  await repo.endPasswordResetsOf(tx, user.id, now);
  await repo.insertPasswordReset(tx, {
    token_hash: tokenHash(token),
    user_id: user.id,
    created_by: by.id,
    expires_at: now + RESET_LIFETIME_MS,
  });
  await recordAudit(tx, { actor: actorOf(by), action: 'user.reset_link', entity: 'user', entityId: user.id, unitId: user.unit_id });
  return token;
}

/** A one-time link for a user to set a new password (no mail server is assumed: the administrator hands it over). */
export async function issuePasswordReset(ctx: DbContext, by: AuthUser, userId: number, now = Date.now()): Promise<string> {
  return (await resetLinkFor(ctx, by, userId, now)).token;
}

/** The same, with the account's name for the page that shows the link. */
export async function resetLinkFor(ctx: DbContext, by: AuthUser, userId: number, now = Date.now()) {
  const user = await targetUser(ctx, userId);
  await authorizeResetLink(ctx, by, user);
  const token = await inTransaction(ctx, (tx) => insertResetLink(tx, by, user, now));
  return { name: `${user.full_name} (${user.login})`, token };
}

/** Accounts with their roles, and whether the user may act on each (scope over every unit the account reaches). */
async function withGrants<T extends { id: number; unit_id: number }>(ctx: DbContext, user: AuthUser, accounts: T[]) {
  const grants = await repo.grantsOfUsers(
    ctx,
    accounts.map((a) => Number(a.id)),
  );
  const grantsOf = (a: T) => grants.get(Number(a.id)) ?? [];
  const units = new Map(
    accounts.map((a) => [
      Number(a.id),
      accountUnits(
        a,
        grantsOf(a).map((g) => g.unitId),
      ),
    ]),
  );
  const manageable = await manageableAccounts(ctx, user, units);
  return accounts.map((a) => ({ ...a, grants: grantsOf(a), manageable: manageable.has(Number(a.id)) }));
}

/** Accounts with when their sign-in wait ends, if one is running (a wait of a few seconds counts too). */
async function withLocks<T extends { login: string }>(ctx: DbContext, accounts: T[], now: number) {
  const locked = accounts.length ? await repo.lockedLogins(ctx, now) : new Map<string, number>();
  return accounts.map((a) => ({ ...a, locked_until: locked.get(a.login) ?? null }));
}

/** The accounts page: the accounts of the units the user manages (those whose name or login holds `query`, diacritics aside), their roles, and the units to grant roles at. */
export async function accountsPage(ctx: DbContext, user: AuthUser, query = '', now = Date.now()) {
  const [accounts, units] = await Promise.all([repo.listUsersInScope(ctx, user, fold(query.trim())), repo.unitsForAccounts(ctx, user)]);
  return { accounts: await withGrants(ctx, user, await withLocks(ctx, accounts, now)), units, query: query.trim() };
}
export type AccountsPage = Awaited<ReturnType<typeof accountsPage>>;
/** An account as the accounts pages show it, with its roles and whether the viewer may act on it. */
export type Account = AccountsPage['accounts'][number];

/** One account's page. */
export async function accountPage(ctx: DbContext, user: AuthUser, accountId: number) {
  const account = await repo.findAccount(ctx, accountId);
  if (!account) throw new NotFound('Không có tài khoản này.');
  await authorizeViewAccount(ctx, user, account);
  const [accounts, units] = await Promise.all([
    withGrants(ctx, user, await withLocks(ctx, [account], Date.now())),
    repo.unitsForAccounts(ctx, user),
  ]);
  return { account: accounts[0]!, units };
}

export async function passwordResetUser(ctx: DbContext, token: string, now = Date.now()) {
  if (!token || token.length > 100) return undefined;
  const reset = await repo.findUsablePasswordReset(ctx, tokenHash(token), now);
  return reset ? repo.findUserById(ctx, reset.user_id) : undefined;
}

export async function resetPassword(ctx: DbContext, token: string, newPassword: string, now = Date.now()): Promise<void> {
  const user = await passwordResetUser(ctx, token, now);
  if (!user) throw new UserFacingError('Liên kết đặt lại mật khẩu không hợp lệ, đã hết hạn hoặc đã được dùng.');
  const problem = passwordProblem(newPassword, user.login);
  if (problem) throw new FieldError(problem, 'password');
  const hash = await hashPassword(newPassword);
  await inTransaction(ctx, async (tx) => {
    if (!(await repo.consumePasswordReset(tx, tokenHash(token)))) throw new UserFacingError('Liên kết này vừa được dùng.');
    // The new password ends the account's other links too (updateUser).
    await repo.updateUser(tx, user.id, { password_hash: hash, password_changed_at: now });
    await repo.revokeSessionsOf(tx, user.id);
    await recordAudit(tx, {
      actor: { userId: user.id, label: `${user.full_name} (${user.login})` },
      action: 'user.password_reset',
      entity: 'user',
      entityId: user.id,
      unitId: user.unit_id,
    });
  });
}

/** Changes the user's own password and ends every session of theirs. */
export async function changePassword(ctx: DbContext, user: AuthUser, current: string, next: string): Promise<void> {
  const row = await repo.findUserById(ctx, user.id);
  if (!row || !(await verifyPassword(row.password_hash, current))) throw new FieldError('Mật khẩu hiện tại không đúng.', 'current');
  const problem = passwordProblem(next, row.login);
  if (problem) throw new FieldError(problem, 'password');
  const hash = await hashPassword(next);
  await inTransaction(ctx, async (tx) => {
    await repo.updateUser(tx, user.id, { password_hash: hash, password_changed_at: Date.now() });
    await repo.revokeSessionsOf(tx, user.id);
    await recordAudit(tx, { actor: actorOf(user), action: 'user.password_change', entity: 'user', entityId: user.id, unitId: row.unit_id });
  });
}

/**
 * Sign-in throttle rows whose failures are forgotten and whose wait is over count for nothing
 * (the next attempt starts afresh): the hourly sweep removes them, so the table holds only the
 * keys that failed lately. Keys are `a|address` and `p|address|login` (see `login`).
 */
export async function purgeEndedSignInThrottles(ctx: DbContext, now = Date.now()): Promise<number> {
  return (
    (await repo.purgeSignInThrottle(ctx, 'a|', ADDRESS_THROTTLE, now)) + (await repo.purgeSignInThrottle(ctx, 'p|', PAIR_THROTTLE, now))
  );
}

/** The accounts of a unit or holding a role at it, with their roles there (what a unit's change says about them). */
export function accountsAtUnit(ctx: DbContext, unitId: number) {
  return repo.accountsAtUnit(ctx, unitId);
}
export type AccountAtUnit = Awaited<ReturnType<typeof accountsAtUnit>>[number];

/** Unlocks an account whose sign-in must wait after failed attempts (from every address); audited. Gives whether it was locked. */
export async function unlockAccount(
  ctx: DbContext,
  by: AuthUser,
  userId: number,
  now = Date.now(),
): Promise<{ name: string; wasLocked: boolean }> {
  const user = await targetUser(ctx, userId);
  await authorizeManageAccount(ctx, by, user);
  return inTransaction(ctx, async (tx) => {
    const until = await repo.loginLockedUntil(tx, user.login, now);
    await repo.clearPairThrottlesOf(tx, user.login);
    await recordAudit(tx, {
      actor: actorOf(by),
      action: 'user.unlock',
      entity: 'user',
      entityId: user.id,
      unitId: user.unit_id,
      before: { locked_until: until },
    });
    return { name: `${user.full_name} (${user.login})`, wasLocked: until !== null };
  });
}
