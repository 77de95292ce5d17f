import { sql } from 'kysely';
import type { DbContext } from '../db/context.js';
import { scopeUnitIds } from '../access/scope.js';
import type { AuthUser, Grant } from '../access/user.js';
import type { Role, User } from '../db/schema.js';
import { fold } from '../lib/fold.js';

export async function findUserByLogin(ctx: DbContext, login: string): Promise<User | undefined> {
  return ctx.db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
}

export async function findUserById(ctx: DbContext, id: number): Promise<User | undefined> {
  return ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
  ctx: DbContext,
  values: { login: string; full_name: string; password_hash: string; unit_id: number },
): Promise<User> {
  const now = Date.now();
  return ctx.db
    .insertInto('users')
    .values({
      ...values,
      search_folded: accountSearchText(values.full_name, values.login),
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateUser(
  ctx: DbContext,
  id: number,
  values: Partial<
    Pick<User, 'full_name' | 'password_hash' | 'unit_id' | 'disabled' | 'failed_logins' | 'locked_until' | 'password_changed_at'>
  >,
): Promise<void> {
  const now = Date.now();
  await ctx.db
    .updateTable('users')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
  // A new password, by whatever path, ends every reset link issued before it.
  if (values.password_hash !== undefined) await endPasswordResetsOf(ctx, id, now);
  if (values.full_name !== undefined) {
    const user = await findUserById(ctx, id);
    if (user)
      await ctx.db
        .updateTable('users')
        .set({ search_folded: accountSearchText(user.full_name, user.login) })
        .where('id', '=', id)
        .execute();
  }
}

/** What the accounts search looks in: the folded name and the login (as migration 024 filled it). */
export function accountSearchText(fullName: string, login: string): string {
  return `${fold(fullName)} ${login.toLowerCase()}`.slice(0, 400);
}

/** A successful sign-in: when, for the accounts page (written at sign-in only, never by a page view). */
export async function recordSignIn(ctx: DbContext, userId: number, now: number): Promise<void> {
  await ctx.db.updateTable('users').set({ last_sign_in_at: now }).where('id', '=', userId).execute();
}

export async function grantsOf(ctx: DbContext, userId: number): Promise<Grant[]> {
  const rows = await ctx.db.selectFrom('role_grants').select(['role', 'unit_id']).where('user_id', '=', userId).orderBy('id').execute();
  return rows.map((r) => ({ role: r.role, unitId: Number(r.unit_id) }));
}

export async function insertGrant(ctx: DbContext, userId: number, role: Role, unitId: number): Promise<void> {
  await ctx.db
    .insertInto('role_grants')
    .values({ user_id: userId, role, unit_id: unitId })
    .onConflict((oc) => oc.columns(['user_id', 'role', 'unit_id']).doNothing())
    .execute();
}

export async function deleteGrant(ctx: DbContext, userId: number, role: Role, unitId: number): Promise<number> {
  const r = await ctx.db
    .deleteFrom('role_grants')
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countUsers(ctx: DbContext): Promise<number> {
  const row = await ctx.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

const ACCOUNT_COLUMNS = [
  'u.id',
  'u.login',
  'u.full_name',
  'u.unit_id',
  'u.disabled',
  'u.created_at',
  'u.last_sign_in_at',
  'un.short_name as unit_name',
] as const;

/** Accounts whose own unit the user manages accounts of, with their unit's name; `folded`: only those whose name or login holds it. */
export async function listUsersInScope(ctx: DbContext, user: AuthUser, folded = '') {
  let q = ctx.db
    .selectFrom('users as u')
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .select(ACCOUNT_COLUMNS)
    .where('u.unit_id', 'in', scopeUnitIds(user, 'user.manage'));
  const words = folded
    .replace(/[%_\\]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  for (const word of words) q = q.where('u.search_folded', 'like', `%${word}%`);
  return q.orderBy('u.full_name').orderBy('u.id').execute();
}
export type AccountRow = Awaited<ReturnType<typeof listUsersInScope>>[number];

/** One account with its unit's name. */
export async function findAccount(ctx: DbContext, id: number) {
  return ctx.db
    .selectFrom('users as u')
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .select(ACCOUNT_COLUMNS)
    .where('u.id', '=', id)
    .executeTakeFirst();
}

/** The grants of several accounts, in one query. */
export async function grantsOfUsers(ctx: DbContext, userIds: number[]): Promise<Map<number, Grant[]>> {
  const byUser = new Map<number, Grant[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await ctx.db
    .selectFrom('role_grants')
    .select(['user_id', 'role', 'unit_id'])
    .where('user_id', 'in', userIds)
    .orderBy('id')
    .execute();
  for (const r of rows) byUser.get(Number(r.user_id))?.push({ role: r.role, unitId: Number(r.unit_id) });
  return byUser;
}

/** The units where the user manages accounts, and below: where accounts are made and roles granted (the picker orders them as the tree). */
export async function unitsForAccounts(ctx: DbContext, user: AuthUser) {
  return ctx.db
    .selectFrom('units')
    .select(['id', 'short_name', 'parent_id', 'status'])
    .where('id', 'in', scopeUnitIds(user, 'user.manage'))
    .execute();
}

/** A unit's name and whether it still stands. */
export async function findUnitStatus(ctx: DbContext, id: number) {
  return ctx.db.selectFrom('units').select(['id', 'short_name', 'status']).where('id', '=', id).executeTakeFirst();
}

export async function insertSession(
  ctx: DbContext,
  values: { token_hash: string; user_id: number; expires_at: number; user_agent: string | null },
): Promise<void> {
  const now = Date.now();
  await ctx.db
    .insertInto('sessions')
    .values({ ...values, created_at: now, last_seen_at: now, revoked_at: null })
    .execute();
}

export async function findLiveSession(ctx: DbContext, tokenHash: string, now: number) {
  return ctx.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.token_hash',
      's.user_id',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      'u.login',
      'u.full_name',
      'u.unit_id',
      'u.disabled',
      'u.password_changed_at',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
}

/** Sessions seen at these times (by token hash); a time never moves back. */
export async function touchSessions(ctx: DbContext, seen: ReadonlyMap<string, number>): Promise<void> {
  for (const [hash, at] of seen)
    await ctx.db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', hash).where('last_seen_at', '<', at).execute();
}

export async function revokeSession(ctx: DbContext, tokenHash: string): Promise<void> {
  await ctx.db
    .updateTable('sessions')
    .set({ revoked_at: Date.now() })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends the account's open sessions (not ended, not expired); gives how many. */
export async function revokeSessionsOf(ctx: DbContext, userId: number, now = Date.now()): Promise<number> {
  const r = await ctx.db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The sessions `revokeSessionsOf` would end now. */
export async function countOpenSessionsOf(ctx: DbContext, userId: number, now: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Units by id, with their names (for what a page says about grants). */
export async function unitNames(ctx: DbContext, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('units').select(['id', 'short_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.short_name]));
}

/** How many units stand at and below a unit today. */
export async function countActiveUnitsFrom(ctx: DbContext, unitId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('unit_closure as c')
    .innerJoin('units as u', 'u.id', 'c.descendant_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.ancestor_id', '=', unitId)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertPasswordReset(
  ctx: DbContext,
  values: { token_hash: string; user_id: number; created_by: number | null; expires_at: number },
): Promise<void> {
  await ctx.db
    .insertInto('password_resets')
    .values({ ...values, created_at: Date.now(), used_at: null })
    .execute();
}

/** A link that may still set a password: not used or ended, not expired, and issued since the password last changed. */
export async function findUsablePasswordReset(ctx: DbContext, tokenHash: string, now: number) {
  return ctx.db
    .selectFrom('password_resets as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .selectAll('r')
    .where('r.token_hash', '=', tokenHash)
    .where('r.used_at', 'is', null)
    .where('r.expires_at', '>', now)
    .whereRef('r.created_at', '>=', 'u.password_changed_at')
    .executeTakeFirst();
}

/** Marks a reset link used; false when someone used it (or it ended) first. */
export async function consumePasswordReset(ctx: DbContext, tokenHash: string): Promise<boolean> {
  const r = await ctx.db
    .updateTable('password_resets')
    .set({ used_at: Date.now() })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Ends every link of the account still open (a newer one issued, one used, the password changed). */
export async function endPasswordResetsOf(ctx: DbContext, userId: number, now: number): Promise<void> {
  await ctx.db.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** How failures of one throttle key turn into waits. */
export interface ThrottleRule {
  /** The failure that starts the waits. */
  limit: number;
  /** Failures are forgotten this long after the last one. */
  forgetAfterMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

/**
 * Counts a sign-in attempt against `key` before the password is checked, in one conditional
 * update: unless the key must still wait, its failures grow by one and, from `rule.limit` on,
 * the wait doubles (up to `rule.maxDelayMs`). Concurrent attempts each get their own count, and
 * none passes once the limit has set a wait. Undefined: the key must still wait.
 */
export async function reserveSignInAttempt(ctx: DbContext, key: string, rule: ThrottleRule, now: number): Promise<number | undefined> {
  await ctx.db
    .insertInto('sign_in_throttle')
    .values({ key, failures: 0, delay_ms: 0, blocked_until: null, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const count = sql<number>`(case when updated_at < ${now - rule.forgetAfterMs} then 1 else failures + 1 end)`;
  const delay = sql<number>`(case when ${count} < ${rule.limit} then 0 when ${count} = ${rule.limit} then ${rule.firstDelayMs}
    when delay_ms * 2 > ${rule.maxDelayMs} then ${rule.maxDelayMs} else delay_ms * 2 end)`;
  const row = await ctx.db
    .updateTable('sign_in_throttle')
    .set({
      failures: count,
      delay_ms: delay,
      blocked_until: sql<number | null>`(case when ${delay} = 0 then null else ${delay} + cast(${now} as bigint) end)`,
      updated_at: now,
    })
    .where('key', '=', key)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', now)]))
    .returning('failures')
    .executeTakeFirst();
  return row ? Number(row.failures) : undefined;
}

/** A sign-in succeeded: the pair's failures are forgotten. */
export async function clearSignInThrottle(ctx: DbContext, key: string): Promise<void> {
  await ctx.db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}

/** A sign-in succeeded: the attempt counted against the address is taken back (its earlier failures stay). */
export async function forgiveSignInAttempt(ctx: DbContext, key: string): Promise<void> {
  await ctx.db
    .updateTable('sign_in_throttle')
    .set({ failures: sql<number>`(case when failures > 0 then failures - 1 else 0 end)` })
    .where('key', '=', key)
    .execute();
}

/**
 * Removes the rows of keys starting with `keyPrefix` that a new attempt would treat as fresh: the
 * last failure is older than `rule.forgetAfterMs` and no wait is running. Gives how many went.
 */
export async function purgeSignInThrottle(ctx: DbContext, keyPrefix: string, rule: ThrottleRule, now: number): Promise<number> {
  const r = await ctx.db
    .deleteFrom('sign_in_throttle')
    .where('key', 'like', `${keyPrefix}%`)
    .where('updated_at', '<', now - rule.forgetAfterMs)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The accounts that belong to a unit or hold a role there, with their roles at it. */
export async function accountsAtUnit(ctx: DbContext, unitId: number) {
  const users = await ctx.db
    .selectFrom('users')
    .select(['id', 'login', 'full_name', 'unit_id', 'disabled'])
    .where((eb) =>
      eb.or([eb('unit_id', '=', unitId), eb('id', 'in', eb.selectFrom('role_grants').select('user_id').where('unit_id', '=', unitId))]),
    )
    .orderBy('full_name')
    .orderBy('id')
    .execute();
  const grants = await grantsOfUsers(
    ctx,
    users.map((u) => Number(u.id)),
  );
  return users.map((u) => ({
    id: Number(u.id),
    login: u.login,
    fullName: u.full_name,
    ownUnit: Number(u.unit_id) === unitId,
    disabled: u.disabled === 1,
    roles: (grants.get(Number(u.id)) ?? []).filter((g) => g.unitId === unitId).map((g) => g.role),
  }));
}

/** When the wait of a throttle key ends, if it is still running. */
export async function blockedUntil(ctx: DbContext, key: string, now: number): Promise<number | null> {
  const row = await ctx.db.selectFrom('sign_in_throttle').select('blocked_until').where('key', '=', key).executeTakeFirst();
  const until = row?.blocked_until === null || row?.blocked_until === undefined ? null : Number(row.blocked_until);
  return until !== null && until > now ? until : null;
}

/** The (address, login) keys of a login: `p|<address>|<login>`. LIKE only narrows; the end is checked exactly. */
async function pairKeysOf(ctx: DbContext, login: string, now: number | null): Promise<Array<{ key: string; until: number | null }>> {
  let q = ctx.db
    .selectFrom('sign_in_throttle')
    .select(['key', 'blocked_until'])
    .where('key', 'like', `p|%${login.replace(/[%_\\]/g, '%')}`);
  if (now !== null) q = q.where('blocked_until', '>', now);
  const rows = await q.execute();
  return rows
    .filter((r) => r.key.startsWith('p|') && r.key.endsWith(`|${login}`))
    .map((r) => ({ key: r.key, until: r.blocked_until === null ? null : Number(r.blocked_until) }));
}

/** Logins whose sign-in must wait now (from some address), with when the longest wait ends. */
export async function lockedLogins(ctx: DbContext, now: number): Promise<Map<string, number>> {
  const rows = await ctx.db
    .selectFrom('sign_in_throttle')
    .select(['key', 'blocked_until'])
    .where('key', 'like', 'p|%')
    .where('blocked_until', '>', now)
    .execute();
  const out = new Map<string, number>();
  for (const r of rows) {
    const login = r.key.slice(r.key.lastIndexOf('|') + 1);
    out.set(login, Math.max(out.get(login) ?? 0, Number(r.blocked_until)));
  }
  return out;
}

/** When a login's longest running wait ends (null: none). */
export async function loginLockedUntil(ctx: DbContext, login: string, now: number): Promise<number | null> {
  const keys = await pairKeysOf(ctx, login, now);
  return keys.length ? Math.max(...keys.map((k) => k.until ?? 0)) : null;
}

/** Forgets the failed sign-ins of a login from every address (an administrator unlocks it); gives how many keys went. */
export async function clearPairThrottlesOf(ctx: DbContext, login: string): Promise<number> {
  const keys = (await pairKeysOf(ctx, login, null)).map((k) => k.key);
  if (keys.length === 0) return 0;
  const r = await ctx.db.deleteFrom('sign_in_throttle').where('key', 'in', keys).executeTakeFirst();
  return Number(r.numDeletedRows);
}
