import type { AuthUser } from '../access/user.js';
import { recordAudit } from '../audit/audit.js';
import { actorOf } from '../auth/service.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { Member } from '../db/schema.js';
import { formatIsoDate } from '../lib/dates.js';
import { Conflict, NotFound, UserFacingError } from '../lib/errors.js';
import { FieldError } from '../web/parse.js';
import * as correctionRepo from './correction-repo.js';
import type { PeriodRow } from './correction-repo.js';
import { type CorrectionEvent, type CorrectionTarget, type RedateInput, type UndoInput } from './correction-schema.js';
import * as policy from './policy.js';
import * as repo from './repo.js';
import { leaveReasonText, PERIOD_KIND_LABELS } from './schema.js';
import * as transferRepo from './transfer-repo.js';

/**
 * Correcting a member's history: a wrongly recorded admission (kết nạp), transfer (chuyển sinh
 * hoạt), leave (thôi sinh hoạt) or rejoin (kết nạp lại) gets another date, or is undone. Each
 * correction is worked out as the periods before and after it (`CorrectionPlan`), checked (periods
 * in order, not overlapping, each unit in existence for the whole of its period), and written in
 * one transaction with its audit event: the periods rewritten only if they still stand as read,
 * and the running totals moved by the difference between the periods' effects before and after,
 * on exactly the days and units they touch.
 *
 * Undoing a transfer joins the two periods again; undoing a leave reopens the period (or, when the
 * member was later rejoined at the same unit, joins the two periods); undoing a rejoin removes the
 * period it opened; undoing an admission — only when it is the whole history — removes the member
 * recorded in error. The audit log keeps every correction (without personal data).
 */

const fmt = formatIsoDate;
const kindOf = (k: string | null) => PERIOD_KIND_LABELS[k ?? ''] ?? k ?? '';

/** One period rewritten (`now`) or removed (null). */
interface PeriodChange {
  was: PeriodRow;
  now: PeriodRow | null;
}

/** A correction worked out, before anything is written. */
export interface CorrectionPlan {
  memberId: number;
  memberName: string;
  event: CorrectionEvent;
  action: 'redate' | 'undo';
  /** The event's recorded date, and the corrected one (null: undone). */
  oldOn: string;
  newOn: string | null;
  /** The units the event touches (the user must reach each of them). */
  units: Array<{ id: number; name: string }>;
  /** What the correction does, in a sentence. */
  summary: string;
  changes: PeriodChange[];
  /** Undoing the admission that is the whole history: the member record goes too. */
  removesMember: boolean;
}

/** The event a correction is about, found in the member's periods. */
interface Located {
  member: Member;
  event: CorrectionEvent;
  periods: PeriodRow[];
  index: number;
  period: PeriodRow;
  /** For a transfer, the period it opened; for a leave, the period after it, if any. */
  next: PeriodRow | undefined;
  /** For a rejoin, the period before it. */
  prev: PeriodRow | undefined;
  on: string;
  units: Array<{ id: number; name: string }>;
  /** "việc chuyển sinh hoạt ngày 12/03/2024 từ CĐCS A sang CĐCS B" */
  described: string;
}

const NO_SUCH_EVENT = 'Không có thay đổi này trong quá trình sinh hoạt của đoàn viên (có thể đã được đính chính).';

async function locate(ctx: DbContext, target: CorrectionTarget): Promise<Located> {
  const member = await repo.findMember(ctx, target.memberId);
  if (!member) throw new NotFound('Không có đoàn viên này.');
  const periods = await correctionRepo.periodsOf(ctx, target.memberId);
  const index = periods.findIndex((p) => p.id === target.periodId);
  const period = periods[index];
  if (!period) throw new NotFound(NO_SUCH_EVENT);
  const prev = periods[index - 1];
  const next = periods[index + 1];
  const unit = (p: PeriodRow) => ({ id: p.unit_id, name: p.unit_name });
  const base = { member, event: target.event, periods, index, period, prev, next };
  switch (target.event) {
    case 'admission':
      if (period.start_kind !== 'join') break;
      return {
        ...base,
        on: period.started_on,
        units: [unit(period)],
        described: `việc kết nạp ngày ${fmt(period.started_on)} vào ${period.unit_name}`,
      };
    case 'transfer':
      if (period.end_kind !== 'transfer_out' || !next || next.start_kind !== 'transfer_in' || next.started_on !== period.ended_on) break;
      return {
        ...base,
        on: next.started_on,
        units: [unit(period), unit(next)],
        described: `việc chuyển sinh hoạt ngày ${fmt(next.started_on)} từ ${period.unit_name} sang ${next.unit_name}`,
      };
    case 'leave': {
      if (period.end_kind !== 'leave' || period.ended_on === null) break;
      const why = leaveReasonText(period.end_reason, period.end_note);
      return {
        ...base,
        on: period.ended_on,
        units: [unit(period)],
        described: `việc thôi sinh hoạt ngày ${fmt(period.ended_on)} tại ${period.unit_name}${why ? ` (lý do: ${why})` : ''}`,
      };
    }
    case 'rejoin':
      if (period.start_kind !== 'rejoin' || !prev) break;
      return {
        ...base,
        on: period.started_on,
        units: prev.unit_id === period.unit_id ? [unit(period)] : [unit(prev), unit(period)],
        described: `việc kết nạp lại ngày ${fmt(period.started_on)} vào ${period.unit_name}`,
      };
  }
  throw new NotFound(NO_SUCH_EVENT);
}

const on = (message: string) => new FieldError(message, 'on');

/** The periods after a change of the event's date to `d`; an impossible date is refused by the date field. */
function redateChanges(l: Located, d: string): PeriodChange[] {
  const { period: p, next, prev } = l;
  if (d === l.on) throw on(`Ngày mới trùng với ngày đang ghi (${fmt(d)}).`);
  switch (l.event) {
    case 'admission':
      if (p.ended_on !== null && d >= p.ended_on)
        throw on(`Ngày kết nạp phải trước ngày ${fmt(p.ended_on)} (${kindOf(p.end_kind).toLowerCase()} khỏi ${p.unit_name}).`);
      return [{ was: p, now: { ...p, started_on: d } }];
    case 'transfer': {
      const to = next as PeriodRow;
      if (d <= p.started_on) throw on(`Ngày chuyển sinh hoạt phải sau ngày bắt đầu sinh hoạt tại ${p.unit_name} (${fmt(p.started_on)}).`);
      if (to.ended_on !== null && d >= to.ended_on)
        throw on(`Ngày chuyển sinh hoạt phải trước ngày ${fmt(to.ended_on)} (${kindOf(to.end_kind).toLowerCase()} khỏi ${to.unit_name}).`);
      return [
        { was: p, now: { ...p, ended_on: d } },
        { was: to, now: { ...to, started_on: d } },
      ];
    }
    case 'leave':
      if (d <= p.started_on) throw on(`Ngày thôi sinh hoạt phải sau ngày bắt đầu sinh hoạt tại ${p.unit_name} (${fmt(p.started_on)}).`);
      if (next && d > next.started_on)
        throw on(
          `Ngày thôi sinh hoạt không được sau ngày ${kindOf(next.start_kind).toLowerCase()} vào ${next.unit_name} (${fmt(next.started_on)}).`,
        );
      return [{ was: p, now: { ...p, ended_on: d } }];
    case 'rejoin': {
      const before = prev as PeriodRow;
      if (before.ended_on !== null && d < before.ended_on)
        throw on(
          `Ngày kết nạp lại phải từ ngày ${fmt(before.ended_on)} (${kindOf(before.end_kind).toLowerCase()} khỏi ${before.unit_name}) trở đi.`,
        );
      if (p.ended_on !== null && d >= p.ended_on)
        throw on(`Ngày kết nạp lại phải trước ngày ${fmt(p.ended_on)} (${kindOf(p.end_kind).toLowerCase()} khỏi ${p.unit_name}).`);
      return [{ was: p, now: { ...p, started_on: d } }];
    }
  }
}

const WAITING_REQUEST = 'Đoàn viên đang có đề nghị chuyển sinh hoạt chờ đơn vị nhận trả lời: hãy hủy đề nghị đó trước khi hủy bỏ việc này.';

/** The periods after undoing the event, and whether the member record goes; refusals say why. */
async function undoChanges(ctx: DbContext, l: Located): Promise<{ changes: PeriodChange[]; removesMember: boolean; outcome: string }> {
  const { period: p, next, prev } = l;
  const laterEvents = (from: number) =>
    l.periods
      .slice(from)
      .map((x) => `${kindOf(x.start_kind).toLowerCase()} ${x.unit_name} ngày ${fmt(x.started_on)}`)
      .join(', ');
  const waiting = async () => {
    if (await transferRepo.waitingRequestOf(ctx, l.member.id)) throw new Conflict(WAITING_REQUEST);
  };
  const until = (x: PeriodRow) => (x.ended_on === null ? 'đến nay' : `đến ${fmt(x.ended_on)} (${kindOf(x.end_kind).toLowerCase()})`);
  switch (l.event) {
    case 'admission': {
      if (l.periods.length > 1)
        throw new Conflict(
          `Không hủy được việc kết nạp: sau đó đoàn viên còn có thay đổi khác (${laterEvents(1)}). Hãy hủy bỏ các thay đổi đó trước, từ thay đổi sau cùng.`,
        );
      const cases = await correctionRepo.careCasesNaming(ctx, l.member.id);
      if (cases > 0)
        throw new Conflict(
          `Không hủy được việc kết nạp: đoàn viên có ${cases} hồ sơ chăm lo. Hồ sơ chăm lo phải giữ người nhận, nên hãy xử lý các hồ sơ đó trước.`,
        );
      await waiting();
      return {
        changes: [{ was: p, now: null }],
        removesMember: true,
        outcome: `hồ sơ đoàn viên ${l.member.full_name} được coi là ghi nhầm và bị xóa khỏi danh sách; nhật ký vẫn ghi việc kết nạp và việc hủy bỏ này`,
      };
    }
    case 'transfer': {
      const to = next as PeriodRow;
      if (to.end_kind === 'merge' || to.end_kind === 'restructure')
        throw new Conflict(
          `Không hủy được: sau khi chuyển đến, ${to.unit_name} đã được sắp xếp lại (${kindOf(to.end_kind).toLowerCase()}) ngày ${fmt(to.ended_on ?? '')} cùng các đoàn viên của đơn vị.`,
        );
      if (to.ended_on === null) await waiting();
      const joined = { ...p, ended_on: to.ended_on, end_kind: to.end_kind, end_reason: to.end_reason, end_note: to.end_note };
      return {
        changes: [
          { was: p, now: joined },
          { was: to, now: null },
        ],
        removesMember: false,
        outcome: `đoàn viên trở lại ${p.unit_name} từ ${fmt(p.started_on)} ${until(joined)}`,
      };
    }
    case 'leave': {
      if (next && (next.unit_id !== p.unit_id || next.start_kind !== 'rejoin'))
        throw new Conflict(
          `Không hủy được việc thôi sinh hoạt: sau đó đoàn viên đã ${kindOf(next.start_kind).toLowerCase()} vào ${next.unit_name} từ ngày ${fmt(next.started_on)}. Hãy hủy bỏ việc đó trước.`,
        );
      if (next) {
        const joined = { ...p, ended_on: next.ended_on, end_kind: next.end_kind, end_reason: next.end_reason, end_note: next.end_note };
        return {
          changes: [
            { was: p, now: joined },
            { was: next, now: null },
          ],
          removesMember: false,
          outcome: `đoàn viên sinh hoạt liên tục tại ${p.unit_name} từ ${fmt(p.started_on)} ${until(joined)} (việc kết nạp lại ngày ${fmt(next.started_on)} cũng được bỏ)`,
        };
      }
      const reopened = { ...p, ended_on: null, end_kind: null, end_reason: null, end_note: null };
      return {
        changes: [{ was: p, now: reopened }],
        removesMember: false,
        outcome: `đoàn viên tiếp tục sinh hoạt tại ${p.unit_name} từ ${fmt(p.started_on)} đến nay`,
      };
    }
    case 'rejoin': {
      const before = prev as PeriodRow;
      if (l.index < l.periods.length - 1)
        throw new Conflict(
          `Không hủy được việc kết nạp lại: sau đó đoàn viên còn có thay đổi khác (${laterEvents(l.index + 1)}). Hãy hủy bỏ các thay đổi đó trước, từ thay đổi sau cùng.`,
        );
      if (p.ended_on === null) await waiting();
      return {
        changes: [{ was: p, now: null }],
        removesMember: false,
        outcome: `đoàn viên trở lại tình trạng ${kindOf(before.end_kind).toLowerCase()} khỏi ${before.unit_name} từ ${fmt(before.ended_on ?? '')}`,
      };
    }
  }
}

/** Every unit of a rewritten period must exist (have versions without a gap) for the whole period. */
async function checkUnitsLive(ctx: DbContext, changes: PeriodChange[], field: string | null): Promise<void> {
  for (const { now } of changes) {
    if (!now) continue;
    const spans = await correctionRepo.unitVersionSpans(ctx, now.unit_id, now.started_on, now.ended_on);
    let covered = now.started_on;
    let open = false;
    for (const s of spans) {
      if (s.valid_from > covered) break;
      if (s.valid_to === null) {
        open = true;
        break;
      }
      if (s.valid_to > covered) covered = s.valid_to;
    }
    const ok = open || (now.ended_on !== null && covered >= now.ended_on);
    if (!ok) {
      const span = now.ended_on === null ? `từ ${fmt(now.started_on)} đến nay` : `từ ${fmt(now.started_on)} đến ${fmt(now.ended_on)}`;
      throw new FieldError(
        `${now.unit_name} không hoạt động suốt thời gian ${span} (đơn vị được thành lập sau, hoặc đã sáp nhập, giải thể): không thể ghi đoàn viên sinh hoạt tại đó.`,
        field,
      );
    }
  }
}

/** The periods after the correction still follow one another: each starts before it ends, none overlaps the next, only the last is open. */
function checkOrder(periods: PeriodRow[], changes: PeriodChange[]): void {
  const after: PeriodRow[] = [];
  for (const p of periods) {
    const c = changes.find((x) => x.was.id === p.id);
    if (!c) after.push(p);
    else if (c.now) after.push(c.now);
  }
  after.sort((a, b) => (a.started_on < b.started_on ? -1 : a.started_on > b.started_on ? 1 : a.id - b.id));
  after.forEach((p, i) => {
    const following = after[i + 1];
    const bad =
      (p.ended_on !== null && p.ended_on <= p.started_on) || (following && (p.ended_on === null || p.ended_on > following.started_on));
    if (bad) throw on('Ngày này làm các thời kỳ sinh hoạt chồng lên nhau hoặc sai thứ tự.');
  });
}

async function plan(
  ctx: DbContext,
  target: CorrectionTarget,
  action: { redate: string } | { undo: true },
  user: AuthUser,
): Promise<CorrectionPlan> {
  const l = await locate(ctx, target);
  await policy.authorizeCorrection(ctx, user, l.units);
  const base = {
    memberId: l.member.id,
    memberName: l.member.full_name,
    event: l.event,
    oldOn: l.on,
    units: l.units,
  };
  if ('redate' in action) {
    const changes = redateChanges(l, action.redate);
    checkOrder(l.periods, changes);
    await checkUnitsLive(ctx, changes, 'on');
    return {
      ...base,
      action: 'redate',
      newOn: action.redate,
      summary: `Sửa ${l.described}: ngày ${fmt(l.on)} thành ngày ${fmt(action.redate)}.`,
      changes,
      removesMember: false,
    };
  }
  const undone = await undoChanges(ctx, l);
  checkOrder(l.periods, undone.changes);
  await checkUnitsLive(ctx, undone.changes, null);
  return {
    ...base,
    action: 'undo',
    newOn: null,
    summary: `Hủy ${l.described}: ${undone.outcome}.`,
    changes: undone.changes,
    removesMember: undone.removesMember,
  };
}

/** The running totals' changes of a period: a member (and a woman) from its start, gone from its end; admissions and departures counted. */
function effects(p: PeriodRow, female: boolean, sign: 1 | -1): Array<{ unitId: number; day: string; change: repo.CountChange }> {
  const w = female ? 1 : 0;
  const out: Array<{ unitId: number; day: string; change: repo.CountChange }> = [
    {
      unitId: p.unit_id,
      day: p.started_on,
      change: { members: sign, women: sign * w, joined: p.start_kind === 'join' || p.start_kind === 'rejoin' ? sign : 0, left: 0 },
    },
  ];
  if (p.ended_on !== null)
    out.push({
      unitId: p.unit_id,
      day: p.ended_on,
      change: { members: -sign, women: -sign * w, joined: 0, left: p.end_kind === 'leave' ? sign : 0 },
    });
  return out;
}

/** The changes of the running totals a correction makes: the periods' effects after, less those before, by unit and day. */
function countChanges(changes: PeriodChange[], female: boolean) {
  const net = new Map<string, { unitId: number; day: string; change: repo.CountChange }>();
  const add = (e: { unitId: number; day: string; change: repo.CountChange }) => {
    const key = `${e.unitId}|${e.day}`;
    const c = net.get(key)?.change ?? { members: 0, women: 0, joined: 0, left: 0 };
    net.set(key, {
      unitId: e.unitId,
      day: e.day,
      change: {
        members: c.members + e.change.members,
        women: c.women + e.change.women,
        joined: c.joined + e.change.joined,
        left: c.left + e.change.left,
      },
    });
  };
  for (const { was, now } of changes) {
    for (const e of effects(was, female, -1)) add(e);
    if (now) for (const e of effects(now, female, 1)) add(e);
  }
  return [...net.values()];
}

const STALE = 'Quá trình sinh hoạt của đoàn viên đã thay đổi từ lúc bạn mở trang này: hãy mở lại trang đoàn viên và xem lại.';

/** Writes a plan: the periods (only if they still stand as read), the running totals, the member recorded in error, the audit. */
async function writePlan(tx: DbContext, user: AuthUser, p: CorrectionPlan, female: boolean): Promise<void> {
  for (const c of p.changes) {
    const ok = c.now ? await correctionRepo.rewritePeriod(tx, c.was, c.now) : await correctionRepo.deletePeriod(tx, c.was);
    if (!ok) throw new Conflict(STALE);
  }
  for (const c of countChanges(p.changes, female)) await repo.applyCountChange(tx, c.unitId, c.day, c.change);
  const requests = p.removesMember ? await correctionRepo.deleteMemberRecordedInError(tx, p.memberId) : 0;
  await recordAudit(tx, {
    actor: actorOf(user),
    action: p.action === 'redate' ? 'member.correct_date' : 'member.correct_undo',
    entity: 'member',
    entityId: p.memberId,
    unitId: p.units[0]?.id ?? null,
    before: { event: p.event, on: p.oldOn, unit_ids: p.units.map((u) => u.id) },
    after:
      p.action === 'redate'
        ? { event: p.event, on: p.newOn }
        : { event: p.event, undone: true, ...(p.removesMember ? { member_removed: true, requests_removed: requests } : {}) },
  });
}

/** The date the page showed must still be the event's date. */
function checkShown(p: CorrectionPlan, was: string): void {
  if (p.oldOn !== was) throw new Conflict(STALE);
}

/** What a correction page is shown with (see `correctionPage`). */
export interface CorrectionPageData {
  memberId: number;
  memberName: string;
  event: CorrectionEvent;
  /** The event's recorded date. */
  on: string;
  /** "việc chuyển sinh hoạt ngày 12/03/2024 từ CĐCS A sang CĐCS B" */
  described: string;
  plan: CorrectionPlan | null;
  refusal: string | null;
}

/** What the correction pages show: the event, and for an undo what it would do (or why it cannot be done). Writes nothing. */
export async function correctionPage(
  ctx: DbContext,
  user: AuthUser,
  target: CorrectionTarget,
  action: 'redate' | 'undo',
): Promise<CorrectionPageData> {
  const l = await locate(ctx, target);
  await policy.authorizeCorrection(ctx, user, l.units);
  const shown = { memberId: l.member.id, memberName: l.member.full_name, event: l.event, on: l.on, described: l.described };
  if (action === 'redate') return { ...shown, plan: null, refusal: null };
  try {
    return { ...shown, plan: await plan(ctx, target, { undo: true }, user), refusal: null };
  } catch (e) {
    if (e instanceof UserFacingError && e.statusCode !== 403 && e.statusCode !== 404) return { ...shown, plan: null, refusal: e.message };
    throw e;
  }
}

/** Sửa ngày: the event gets the date `input.on`, with the running totals moved on every day between. */
export async function redateEvent(ctx: DbContext, user: AuthUser, target: CorrectionTarget, input: RedateInput): Promise<CorrectionPlan> {
  return inTransaction(ctx, async (tx) => {
    await correctionRepo.lockMember(tx, target.memberId);
    const p = await plan(tx, target, { redate: input.on }, user);
    checkShown(p, input.was);
    const member = await repo.findMember(tx, target.memberId);
    await writePlan(tx, user, p, member?.gender === 'female');
    return p;
  });
}

/** Hủy bỏ: the event is undone (see the module's note), once confirmed on the page that says what it does. */
export async function undoEvent(ctx: DbContext, user: AuthUser, target: CorrectionTarget, input: UndoInput): Promise<CorrectionPlan> {
  return inTransaction(ctx, async (tx) => {
    await correctionRepo.lockMember(tx, target.memberId);
    const p = await plan(tx, target, { undo: true }, user);
    checkShown(p, input.was);
    const member = await repo.findMember(tx, target.memberId);
    await writePlan(tx, user, p, member?.gender === 'female');
    return p;
  });
}
