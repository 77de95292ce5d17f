import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/audit.js';
import { type AuthUser } from '../access/user.js';
import { authorize, can } from '../access/scope.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { Member, MembershipStart } from '../db/schema.js';
import { formatIsoDate, isValidIsoDate } from '../lib/dates.js';
import { Conflict, NotFound, UserFacingError } from '../lib/errors.js';
import { fold } from '../lib/fold.js';
import { vietnameseNameSortKey } from '../lib/names.js';
import { findUnitById, versionAsOf } from '../org/repo.js';
import * as repo from './repo.js';

const isoDate = z.string().refine(isValidIsoDate, 'Ngày không hợp lệ.');

export const memberInputSchema = z.object({
  fullName: z
    .string()
    .trim()
    .min(2, 'Cần nhập họ và tên.')
    .max(200)
    .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ')),
  gender: z.enum(['male', 'female']).nullable().default(null),
  birthDate: isoDate.nullable().default(null),
  birthYear: z.number().int().min(1900).max(2100).nullable().default(null),
  citizenId: z
    .string()
    .trim()
    .regex(/^(\d{9}|\d{12})$/, 'Số CCCD cần 12 chữ số (CMND cũ: 9 chữ số).')
    .nullable()
    .default(null),
  phone: z
    .string()
    .trim()
    .regex(/^0\d{9}$/, 'Số điện thoại cần 10 chữ số, bắt đầu bằng 0.')
    .nullable()
    .default(null),
  job: z.string().trim().max(200).nullable().default(null),
  cardNumber: z.string().trim().max(40).nullable().default(null),
  unitId: z.number().int().positive(),
  joinedOn: isoDate,
  /** The person confirmed this is not the same member as a close match. */
  notADuplicate: z.boolean().default(false),
});
export type MemberInput = z.input<typeof memberInputSchema>;

export const ERASED_NAME = 'Đã xóa theo yêu cầu';

export function foldName(fullName: string): string {
  return fold(fullName.normalize('NFC')).replace(/\s+/g, ' ').trim();
}

export function memberValues(m: z.infer<typeof memberInputSchema>, importKey: string | null = null): repo.MemberValues {
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
  };
}

const PERSONAL_FIELDS = ['full_name', 'gender', 'birth_date', 'birth_year', 'citizen_id', 'phone', 'job', 'card_number'] as const;

/** Which personal fields a record holds (not their values). */
function recordedFields(values: Partial<Record<(typeof PERSONAL_FIELDS)[number], unknown>>): string[] {
  return PERSONAL_FIELDS.filter((f) => values[f] !== null && values[f] !== undefined);
}

/** A close match a person must look at before admitting (same name, birth year within one). */
export class PossibleDuplicates extends Conflict {
  constructor(
    message: string,
    readonly matches: Array<{ id: number; fullName: string; birthYear: number | null; unitName: string | null }>,
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
  if (unit.level !== 'grassroots' && unit.level !== 'division' && unit.level !== 'group') {
    throw new UserFacingError(`Đoàn viên sinh hoạt tại công đoàn cơ sở: "${unit.short_name}" không phải công đoàn cơ sở.`);
  }
  return unit;
}

/** Admits (kết nạp) a member into a grassroots union. Refuses a sure duplicate; returns close matches for a person to look at. */
export async function admitMember(ctx: DbContext, user: AuthUser, input: MemberInput): Promise<{ id: number; closeMatches: Member[] }> {
  const parsed = memberInputSchema.safeParse(input);
  if (!parsed.success) throw new UserFacingError(parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.');
  const m = parsed.data;
  await authorize(ctx, user, 'record.write', m.unitId);
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

/** Writes a member and their first membership period; shared with the spreadsheet import. */
export async function admitIn(
  tx: DbContext,
  actor: Actor,
  m: z.infer<typeof memberInputSchema>,
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

/** Chuyển sinh hoạt: ends the period at the current unit and opens one at the new unit, on the same day. */
export async function transferMember(ctx: DbContext, user: AuthUser, memberId: number, toUnitId: number, on: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { member, open } = await currentPeriod(tx, memberId);
    if (!open) throw new UserFacingError(`${member.full_name} hiện không sinh hoạt ở đơn vị nào: hãy kết nạp lại.`);
    await authorize(tx, user, 'record.write', open.unit_id);
    if (open.unit_id === toUnitId) throw new UserFacingError('Đơn vị chuyển đến trùng với đơn vị hiện tại.');
    checkOn(on, open.started_on);
    await requireActiveUnit(tx, toUnitId, on);
    await repo.endMembership(tx, open.id, on, 'transfer_out');
    await repo.insertMembership(tx, { member_id: memberId, unit_id: toUnitId, started_on: on, start_kind: 'transfer_in' });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'member.transfer',
      entity: 'member',
      entityId: memberId,
      unitId: open.unit_id,
      before: { unit_id: open.unit_id },
      after: { unit_id: toUnitId, on },
    });
  });
}

/** The member leaves the union from `on`. */
export async function memberLeaves(ctx: DbContext, user: AuthUser, memberId: number, on: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { member, open } = await currentPeriod(tx, memberId);
    if (!open) throw new UserFacingError(`${member.full_name} đã không còn sinh hoạt.`);
    await authorize(tx, user, 'record.write', open.unit_id);
    checkOn(on, open.started_on);
    await repo.endMembership(tx, open.id, on, 'leave');
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'member.leave',
      entity: 'member',
      entityId: memberId,
      unitId: open.unit_id,
      after: { ended_on: on },
    });
  });
}

export async function rejoinMember(ctx: DbContext, user: AuthUser, memberId: number, unitId: number, on: string): Promise<void> {
  await authorize(ctx, user, 'record.write', unitId);
  await inTransaction(ctx, async (tx) => {
    const { member, open } = await currentPeriod(tx, memberId);
    if (open) throw new UserFacingError(`${member.full_name} đang sinh hoạt; dùng "chuyển sinh hoạt" để đổi đơn vị.`);
    const last = await repo.latestMembership(tx, memberId);
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

/** The unit that covers a member for permissions: their current unit, or the last one. */
async function coveringUnit(ctx: DbContext, memberId: number): Promise<number | null> {
  return (await repo.latestMembership(ctx, memberId))?.unit_id ?? null;
}

export function maskCitizenId(id: string | null): string | null {
  return id ? `${'•'.repeat(id.length - 3)}${id.slice(-3)}` : null;
}

/** A member's full record, for a user whose scope covers them; every opening is logged. */
export async function readMember(ctx: DbContext, user: AuthUser, memberId: number) {
  const member = await repo.findMember(ctx, memberId);
  if (!member) throw new NotFound('Không có đoàn viên này.');
  const unitId = await coveringUnit(ctx, memberId);
  await authorize(ctx, user, 'record.read', unitId);
  const periods = await repo.membershipsOf(ctx, memberId);
  const mayEdit = await can(ctx, user, 'record.write', unitId);
  await inTransaction(ctx, (tx) =>
    recordAudit(tx, { actor: actorOf(user), action: 'member.read', entity: 'member', entityId: memberId, unitId }),
  );
  return { member, periods, mayEdit };
}

/** Erases a member's personal data on request; the periods stay so past figures still count them. */
export async function eraseMember(ctx: DbContext, user: AuthUser, memberId: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { member } = await currentPeriod(tx, memberId);
    const unitId = await coveringUnit(tx, memberId);
    await authorize(tx, user, 'record.write', unitId);
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
      erased_at: Date.now(),
    });
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
