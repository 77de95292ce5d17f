import { recordAudit, type Actor } from '../audit/audit.js';
import type { AuthUser } from '../access/user.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { Member, Membership, MembershipStart, Unit } from '../db/schema.js';
import { formatIsoDate, isValidIsoDate } from '../lib/dates.js';
import { Conflict, NotFound, UserFacingError } from '../lib/errors.js';
import { fold } from '../lib/fold.js';
import { vietnameseNameSortKey } from '../lib/names.js';
import { paginateList } from '../lib/pagination.js';
import { findUnitById, listUnits, listUnitsInScope, versionAsOf } from '../org/repo.js';
import * as policy from './policy.js';
import * as repo from './repo.js';
import * as transferRepo from './transfer-repo.js';
import {
  holdsMembers,
  leaveInputSchema,
  memberInputSchema,
  type LeaveInput,
  type ListQuery,
  REGISTRY_COLUMNS,
  REGISTRY_FIELDS,
  type MemberInput,
  type MemberRecord,
  type RegistryField,
  type RegistryValues,
  type SensitiveField,
} from './schema.js';
import { memberFilterOf } from './list-filter.js';
import { heldSensitiveFields, recordReveal } from './sensitive.js';

export { memberInputSchema, type MemberInput } from './schema.js';
export type { MemberListRow } from './repo.js';
/** Rebuilds the member totals of units' subtrees after a tree event (the org history calls it in its transaction). */
export { refreshSubtreeCounts } from './counts-repo.js';

export const ERASED_NAME = 'Đã xóa theo yêu cầu';

export function foldName(fullName: string): string {
  return fold(fullName.normalize('NFC')).replace(/\s+/g, ' ').trim();
}

export function memberValues(m: MemberRecord, importKey: string | null = null): repo.MemberValues {
  return {
    full_name: m.fullName,
    name_folded: foldName(m.fullName),
    sort_key: vietnameseNameSortKey(m.fullName),
    gender: m.gender,
    birth_date: m.birthDate,
    birth_year: m.birthDate ? Number(m.birthDate.slice(0, 4)) : m.birthYear,
    citizen_id: m.citizenId,
    phone: m.phone,
    job: m.job,
    card_number: m.cardNumber,
    import_key: importKey,
    ...registryColumns(m),
  };
}

/** The registry fields' values under their column names. */
export function registryColumns(m: RegistryValues): Pick<repo.MemberValues, (typeof REGISTRY_COLUMNS)[RegistryField]> {
  const out: Record<string, unknown> = {};
  for (const f of REGISTRY_FIELDS) out[REGISTRY_COLUMNS[f]] = m[f] ?? null;
  return out as Pick<repo.MemberValues, (typeof REGISTRY_COLUMNS)[RegistryField]>;
}

const PERSONAL_FIELDS = [
  'full_name',
  'gender',
  'birth_date',
  'birth_year',
  'citizen_id',
  'phone',
  'job',
  'card_number',
  ...REGISTRY_FIELDS.map((f) => REGISTRY_COLUMNS[f]),
] as const;

/** Which personal fields a record holds (not their values). */
function recordedFields(values: Partial<Record<(typeof PERSONAL_FIELDS)[number], unknown>>): string[] {
  return PERSONAL_FIELDS.filter((f) => values[f] !== null && values[f] !== undefined);
}

/** A member close to one being admitted. */
export interface DuplicateMatch {
  id: number;
  fullName: string;
  birthYear: number | null;
  unitName: string | null;
}

/** A close match a person must look at before admitting (same name, birth year within one). */
export class PossibleDuplicates extends Conflict {
  constructor(
    message: string,
    readonly matches: DuplicateMatch[],
  ) {
    super(message);
  }
}

export interface DuplicateCheck {
  sure: Member | null;
  reason: string | null;
  close: Member[];
}

/**
 * Duplicate rules: the same citizen ID is the same person; the same folded name
 * and birth date is too (names differing only in diacritics fold alike); the same
 * folded name with a birth year within one year is shown to a person to decide.
 */
export async function findDuplicates(
  ctx: DbContext,
  m: { fullName: string; birthDate: string | null; birthYear: number | null; citizenId: string | null },
): Promise<DuplicateCheck> {
  if (m.citizenId) {
    const byId = await repo.findByCitizenId(ctx, m.citizenId);
    if (byId) return { sure: byId, reason: `trùng số CCCD ${m.citizenId}`, close: [] };
  }
  const folded = foldName(m.fullName);
  if (m.birthDate) {
    const [same] = await repo.findByNameAndBirth(ctx, folded, m.birthDate);
    if (same) return { sure: same, reason: `trùng họ tên và ngày sinh ${formatIsoDate(m.birthDate)}`, close: [] };
  }
  const year = m.birthDate ? Number(m.birthDate.slice(0, 4)) : m.birthYear;
  const close = (await repo.findByName(ctx, folded)).filter(
    (c) => year === null || c.birth_year === null || Math.abs(c.birth_year - year) <= 1,
  );
  return { sure: null, reason: null, close };
}

async function requireActiveUnit(tx: DbContext, unitId: number, on: string) {
  const unit = await findUnitById(tx, unitId);
  if (!unit) throw new UserFacingError(`Không có đơn vị số ${unitId}.`);
  if (!(await versionAsOf(tx, unitId, on)))
    throw new UserFacingError(`Đơn vị "${unit.short_name}" không hoạt động vào ngày ${formatIsoDate(on)}.`);
  if (!holdsMembers(unit)) {
    throw new UserFacingError(`Đoàn viên sinh hoạt tại công đoàn cơ sở: "${unit.short_name}" không phải công đoàn cơ sở.`);
  }
  return unit;
}

/** Admits (kết nạp) a member into a grassroots union. Refuses a sure duplicate; returns close matches for a person to look at. */
export async function admitMember(ctx: DbContext, user: AuthUser, input: MemberInput): Promise<{ id: number; closeMatches: Member[] }> {
  const parsed = memberInputSchema.safeParse(input);
  if (!parsed.success) throw new UserFacingError(parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.');
  const m = parsed.data;
  await policy.authorizeAdmit(ctx, user, m.unitId);
  return inTransaction(ctx, async (tx) => {
    await requireActiveUnit(tx, m.unitId, m.joinedOn);
    const dup = await findDuplicates(tx, m);
    if (dup.sure) throw new Conflict(`Đã có đoàn viên ${dup.sure.full_name} (${dup.reason}).`);
    if (dup.close.length > 0 && !m.notADuplicate) {
      const matches = await Promise.all(
        dup.close.slice(0, 10).map(async (c) => ({
          id: c.id,
          fullName: c.full_name,
          birthYear: c.birth_year,
          unitName: (await repo.membershipsOf(tx, c.id)).at(-1)?.unit_name ?? null,
        })),
      );
      throw new PossibleDuplicates(
        `Có ${dup.close.length} đoàn viên trùng họ tên, năm sinh gần nhau: hãy kiểm tra rồi xác nhận đây là người khác.`,
        matches,
      );
    }
    const id = await admitIn(tx, actorOf(user), m, 'join', null);
    return { id, closeMatches: dup.close };
  });
}

/** What the admission form leads to: the member admitted, or the close matches a person must look at first. */
export type AdmitOutcome = { id: number } | { duplicates: PossibleDuplicates };

/** Admits like admitMember, but gives close matches back instead of refusing, for the form to show them with the confirmation. */
export async function admitOrShowMatches(ctx: DbContext, user: AuthUser, input: MemberInput): Promise<AdmitOutcome> {
  try {
    return { id: (await admitMember(ctx, user, input)).id };
  } catch (e) {
    if (e instanceof PossibleDuplicates) return { duplicates: e };
    throw e;
  }
}

/** Writes a member and their first membership period; shared with the spreadsheet import. */
export async function admitIn(
  tx: DbContext,
  actor: Actor,
  m: MemberRecord,
  kind: MembershipStart,
  importKey: string | null,
): Promise<number> {
  const values = memberValues(m, importKey);
  const id = await repo.insertMember(tx, values);
  await repo.insertMembership(tx, { member_id: id, unit_id: m.unitId, started_on: m.joinedOn, start_kind: kind });
  // Personal data stays out of the audit log, so an erasure erases it everywhere.
  await recordAudit(tx, {
    actor,
    action: 'member.create',
    entity: 'member',
    entityId: id,
    unitId: m.unitId,
    after: { unit_id: m.unitId, joined_on: m.joinedOn, fields: recordedFields(values) },
  });
  return id;
}

async function currentPeriod(tx: DbContext, memberId: number) {
  const member = await repo.findMember(tx, memberId);
  if (!member || member.erased_at) throw new NotFound('Không có đoàn viên này.');
  return { member, open: await repo.openMembership(tx, memberId) };
}

function checkOn(on: string, after: string) {
  if (!isValidIsoDate(on)) throw new UserFacingError(`Ngày "${on}" không hợp lệ.`);
  if (on <= after)
    throw new UserFacingError(`Ngày ${formatIsoDate(on)} phải sau ngày bắt đầu sinh hoạt hiện tại (${formatIsoDate(after)}).`);
}

/** The current period of a member to be transferred; refused for a former member. */
export async function transferablePeriod(tx: DbContext, memberId: number): Promise<Membership> {
  const { member, open } = await currentPeriod(tx, memberId);
  if (!open) throw new UserFacingError(`${member.full_name} hiện không sinh hoạt ở đơn vị nào: hãy kết nạp lại.`);
  return open;
}

/** Checks a transfer of the period `open` to `toUnitId` on `on`: another unit, after the period's start, an active union. */
export async function checkTransfer(tx: DbContext, open: Membership, toUnitId: number, on: string): Promise<void> {
  if (open.unit_id === toUnitId) throw new UserFacingError('Đơn vị chuyển đến trùng với đơn vị hiện tại.');
  checkOn(on, open.started_on);
  await requireActiveUnit(tx, toUnitId, on);
}

/** Ends the period `open` and opens one at `toUnitId` on `on`, with the transfer's audit event; `requestId` when a request led to it. */
export async function moveMemberIn(
  tx: DbContext,
  actor: Actor,
  open: Membership,
  toUnitId: number,
  on: string,
  requestId: number | null = null,
) {
  await repo.endMembership(tx, open.id, on, 'transfer_out');
  await repo.insertMembership(tx, { member_id: open.member_id, unit_id: toUnitId, started_on: on, start_kind: 'transfer_in' });
  await recordAudit(tx, {
    actor,
    action: 'member.transfer',
    entity: 'member',
    entityId: open.member_id,
    unitId: open.unit_id,
    before: { unit_id: open.unit_id },
    after: requestId === null ? { unit_id: toUnitId, on } : { unit_id: toUnitId, on, request_id: requestId },
  });
}

/** A request waiting for a member ends without effect once the member leaves, moves or is erased. */
async function endWaitingRequest(tx: DbContext, actor: Actor, memberId: number, why: string): Promise<void> {
  const waiting = await transferRepo.waitingRequestOf(tx, memberId);
  if (!waiting || !(await transferRepo.decideRequest(tx, waiting.id, 'stale', null, why))) return;
  await recordAudit(tx, {
    actor,
    action: 'member.transfer_stale',
    entity: 'member',
    entityId: memberId,
    unitId: waiting.from_unit_id,
    after: { request_id: waiting.id, to_unit_id: waiting.to_unit_id, reason: why },
  });
}

/** Closes the requests waiting out of or into a unit, each as stale with the reason its requester reads. */
async function closeWaitingRequestsAt(tx: DbContext, actor: Actor, unitId: number, side: 'from' | 'to', why: string): Promise<number> {
  let closed = 0;
  for (const waiting of await transferRepo.waitingRequestsAt(tx, unitId, side)) {
    if (!(await transferRepo.decideRequest(tx, waiting.id, 'stale', null, why))) continue;
    await recordAudit(tx, {
      actor,
      action: 'member.transfer_stale',
      entity: 'member',
      entityId: waiting.member_id,
      unitId: waiting.from_unit_id,
      after: { request_id: waiting.id, to_unit_id: waiting.to_unit_id, reason: why },
    });
    closed++;
  }
  return closed;
}

/**
 * A unit ends (merged, dissolved, split): the requests waiting to move a member into it, and any
 * still waiting out of it, can no longer be carried out and are closed in the same transaction.
 * `how` says what became of the unit ("đã sáp nhập vào … từ ngày …").
 */
export async function closeTransferRequestsOfEndedUnitIn(tx: DbContext, actor: Actor, unitId: number, how: string): Promise<number> {
  const unit = await findUnitById(tx, unitId);
  const name = unit?.short_name ?? `số ${unitId}`;
  return (
    (await closeWaitingRequestsAt(tx, actor, unitId, 'to', `Đã đóng: đơn vị nhận (${name}) ${how}.`)) +
    (await closeWaitingRequestsAt(tx, actor, unitId, 'from', `Đã đóng: đơn vị của đoàn viên (${name}) ${how}.`))
  );
}

/** Chuyển sinh hoạt within the officer's scope: ends the period at the current unit and opens one at the new unit, on the same day. */
export async function transferMember(ctx: DbContext, user: AuthUser, memberId: number, toUnitId: number, on: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const open = await transferablePeriod(tx, memberId);
    await policy.authorizeEdit(tx, user, open.unit_id);
    await checkTransfer(tx, open, toUnitId, on);
    await policy.authorizeTransfer(tx, user, open.unit_id, toUnitId);
    const actor = actorOf(user);
    await endWaitingRequest(tx, actor, memberId, 'Đoàn viên đã được chuyển sinh hoạt sang đơn vị khác.');
    await moveMemberIn(tx, actor, open, toUnitId, on);
  });
}

/** The member leaves the union from `on`, for a reason of the list ("other" with the officer's words). */
export async function memberLeaves(ctx: DbContext, user: AuthUser, memberId: number, on: string, why: LeaveInput): Promise<void> {
  const parsed = leaveInputSchema.safeParse(why);
  if (!parsed.success) throw new UserFacingError(parsed.error.issues[0]?.message ?? 'Cần chọn lý do.');
  const { reason, note } = parsed.data;
  await inTransaction(ctx, async (tx) => {
    const { member, open } = await currentPeriod(tx, memberId);
    if (!open) throw new UserFacingError(`${member.full_name} đã không còn sinh hoạt.`);
    await policy.authorizeEdit(tx, user, open.unit_id);
    checkOn(on, open.started_on);
    await repo.endMembership(tx, open.id, on, 'leave', { reason, note });
    await endWaitingRequest(tx, actorOf(user), memberId, 'Đoàn viên đã thôi sinh hoạt.');
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'member.leave',
      entity: 'member',
      entityId: memberId,
      unitId: open.unit_id,
      after: note === null ? { ended_on: on, reason } : { ended_on: on, reason, note },
    });
  });
}

/** Kết nạp lại: a former member, whose last unit is in the officer's scope, into a union of that scope. */
export async function rejoinMember(ctx: DbContext, user: AuthUser, memberId: number, unitId: number, on: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { member, open } = await currentPeriod(tx, memberId);
    const last = await repo.latestMembership(tx, memberId);
    await policy.authorizeRejoin(tx, user, last?.unit_id ?? null, unitId);
    if (open) throw new UserFacingError(`${member.full_name} đang sinh hoạt; dùng "chuyển sinh hoạt" để đổi đơn vị.`);
    if (last?.ended_on && on < last.ended_on) throw new UserFacingError(`Ngày kết nạp lại phải từ ${formatIsoDate(last.ended_on)} trở đi.`);
    await requireActiveUnit(tx, unitId, on);
    await repo.insertMembership(tx, { member_id: memberId, unit_id: unitId, started_on: on, start_kind: 'rejoin' });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'member.rejoin',
      entity: 'member',
      entityId: memberId,
      unitId,
      after: { unit_id: unitId, on },
    });
  });
}

/** Moves every current member of a unit to another from `on` (merging unions); used by the org history. */
export async function moveAllMembersIn(tx: DbContext, actor: Actor, fromUnitId: number, toUnitId: number, on: string): Promise<number> {
  const open = await repo.openMembershipsOfUnit(tx, fromUnitId);
  for (const period of open) {
    await repo.endMembership(tx, period.id, on, 'merge');
    await repo.insertMembership(tx, { member_id: period.member_id, unit_id: toUnitId, started_on: on, start_kind: 'merge' });
  }
  // Their requests to move elsewhere were made from the old unit: closed, the requester may send a new one.
  const [from, to] = await Promise.all([findUnitById(tx, fromUnitId), findUnitById(tx, toUnitId)]);
  const toName = to?.short_name ?? `số ${toUnitId}`;
  await closeWaitingRequestsAt(
    tx,
    actor,
    fromUnitId,
    'from',
    `Đã đóng: đơn vị của đoàn viên (${from?.short_name ?? `số ${fromUnitId}`}) đã sáp nhập vào ${toName} từ ngày ${formatIsoDate(on)}; đoàn viên nay sinh hoạt tại ${toName}, hãy gửi đề nghị mới nếu vẫn cần.`,
  );
  if (open.length)
    await recordAudit(tx, {
      actor,
      action: 'member.move_all',
      entity: 'unit',
      entityId: fromUnitId,
      unitId: fromUnitId,
      after: { to_unit_id: toUnitId, on, members: open.length },
    });
  return open.length;
}

export { maskCitizenId } from './sensitive.js';

/** A member's full record, for a user whose scope covers them; every opening is logged. */
export async function readMember(ctx: DbContext, user: AuthUser, memberId: number) {
  const { member, periods, mayEdit } = await openMember(ctx, user, memberId, null);
  return { member, periods, mayEdit };
}

/** Opens a record (logged), showing a sensitive field in full when asked (logged as well), both events in one transaction. */
async function openMember(ctx: DbContext, user: AuthUser, memberId: number, reveal: SensitiveField | null) {
  const member = await repo.findMember(ctx, memberId);
  if (!member) throw new NotFound('Không có đoàn viên này.');
  const unitId = await policy.coveringUnit(ctx, memberId);
  await policy.authorizeRead(ctx, user, unitId);
  const revealed = reveal !== null && heldSensitiveFields(member).includes(reveal) ? reveal : null;
  if (revealed) await policy.authorizeReveal(ctx, user, unitId);
  const periods = await repo.membershipsOf(ctx, memberId);
  const mayEdit = await policy.mayEdit(ctx, user, unitId);
  await inTransaction(ctx, async (tx) => {
    const actor = actorOf(user);
    await recordAudit(tx, { actor, action: 'member.read', entity: 'member', entityId: memberId, unitId });
    if (revealed) await recordReveal(tx, actor, memberId, unitId, [revealed]);
  });
  return { member, periods, mayEdit, revealed };
}

/** The units a user may put members in (admit, transfer to, rejoin): active unions, divisions and groups of their write scope. */
export async function memberUnitChoices(ctx: DbContext, user: AuthUser): Promise<Unit[]> {
  return (await listUnitsInScope(ctx, policy.admitRoots(user))).filter((u) => u.status === 'active' && holdsMembers(u));
}

const OTHER_TARGETS = 50;

/**
 * Active unions outside the user's write scope whose name holds `search` (folded), or the one a returned form had chosen:
 * a transfer there becomes a request. Only on demand, and at most 50, since a country holds over 100,000 units.
 */
async function requestTargets(ctx: DbContext, inScope: Unit[], search: string | null, keepUnitId: number | null): Promise<Unit[]> {
  if (search === null && keepUnitId === null) return [];
  const reached = new Set(inScope.map((u) => u.id));
  const wanted = search === null ? null : fold(search).replace(/\s+/g, ' ');
  const matches = (u: Unit) => u.id === keepUnitId || (wanted !== null && fold(`${u.short_name} ${u.full_name}`).includes(wanted));
  return (await listUnits(ctx))
    .filter((u) => u.status === 'active' && holdsMembers(u) && !reached.has(u.id) && matches(u))
    .slice(0, OTHER_TARGETS);
}

/** What a member page is asked for: the full citizen ID, a search of units outside the scope, the unit a returned form chose. */
export interface MemberPageOptions {
  /** The sensitive field asked to be shown in full (null: none). */
  reveal: SensitiveField | null;
  unitSearch: string | null;
  keepUnitId: number | null;
}

/**
 * A member's page: the record (its opening logged; the full citizen ID shown and logged when asked), the units the forms
 * offer (inside the user's scope, and outside it for a transfer request), and the transfer request waiting, if any.
 */
export async function memberPage(ctx: DbContext, user: AuthUser, memberId: number, options: MemberPageOptions) {
  const opened = await openMember(ctx, user, memberId, options.reveal);
  const current = opened.periods.some((p) => p.ended_on === null);
  const targets = opened.mayEdit ? await memberUnitChoices(ctx, user) : [];
  const otherTargets = opened.mayEdit && current ? await requestTargets(ctx, targets, options.unitSearch, options.keepUnitId) : [];
  const request = (await transferRepo.waitingRequestRowOf(ctx, memberId)) ?? null;
  const waiting = request ? { ...request, mayCancel: policy.mayCancelTransfer(user, request) } : null;
  return { ...opened, targets, otherTargets, waiting };
}

const LIST_PAGE = 30;

/** The units a user may list members of, and the one of them a filter chose (null: their whole scope). */
async function listScope(ctx: DbContext, user: AuthUser, unitFilter: number | null) {
  const units = await listUnitsInScope(ctx, policy.listRoots(user));
  const unitId = unitFilter !== null && units.some((u) => u.id === unitFilter) ? unitFilter : null;
  return { units, unitId };
}

/**
 * The member list: the members the user reaches (current ones, former ones, or both), by name, a page at a time,
 * filtered (list-filter.ts). Filtering by ethnicity, sensitive personal data, is logged.
 */
export async function memberListPage(ctx: DbContext, user: AuthUser, query: ListQuery) {
  const { units, unitId } = await listScope(ctx, user, query.don_vi);
  const filter = memberFilterOf(query, unitId);
  const { rows, total } = await repo.listMembersInScope(ctx, user, policy.READ, filter, LIST_PAGE, (query.trang - 1) * LIST_PAGE);
  if (filter.ethnicity)
    await inTransaction(ctx, (tx) =>
      recordAudit(tx, {
        actor: actorOf(user),
        action: 'member.list_sensitive',
        entity: 'member',
        entityId: 'list',
        unitId,
        after: { fields: ['ethnicity'], rows: total },
      }),
    );
  return { units, unitId, q: query.q, query, rows, pagination: paginateList(total, query.trang, LIST_PAGE) };
}

/** Erases a member's personal data on request; the periods stay so past figures still count them. */
export async function eraseMember(ctx: DbContext, user: AuthUser, memberId: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { member } = await currentPeriod(tx, memberId);
    const unitId = await policy.coveringUnit(tx, memberId);
    await policy.authorizeEdit(tx, user, unitId);
    await repo.updateMember(tx, memberId, {
      full_name: ERASED_NAME,
      name_folded: foldName(ERASED_NAME),
      sort_key: vietnameseNameSortKey(ERASED_NAME),
      birth_date: null,
      birth_year: null,
      citizen_id: null,
      phone: null,
      job: null,
      card_number: null,
      ...Object.fromEntries(REGISTRY_FIELDS.map((f) => [REGISTRY_COLUMNS[f], null])),
      erased_at: Date.now(),
    });
    await endWaitingRequest(tx, actorOf(user), memberId, 'Dữ liệu cá nhân của đoàn viên đã bị xóa theo yêu cầu.');
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'member.erase',
      entity: 'member',
      entityId: memberId,
      unitId,
      before: { fields: recordedFields(member) },
    });
  });
}
