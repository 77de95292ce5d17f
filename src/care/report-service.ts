import { permittedUnits } from '../access/scope.js';
import type { Issuer } from '../lib/letterhead.js';
import { issuerOf } from '../org/issuer.js';
import { grantUnitsFor, type AuthUser } from '../access/user.js';
import { recordAudit } from '../audit/audit.js';
import { actorOf } from '../auth/service.js';
import { listSectionsWithCounts } from '../news/repo.js';
import { readSiteSettings } from '../site/service.js';
import { readDate } from '../spreadsheet/dates.js';
import { inTransaction, type DbContext } from '../db/context.js';
import type { CareReason, Programme } from '../db/schema.js';
import { addDays, formatIsoDate, isValidIsoDate, type IsoDate } from '../lib/dates.js';
import { UserFacingError } from '../lib/errors.js';
import { formatMoney, formatNumber } from '../lib/format.js';
import { compareVietnamese } from '../lib/names.js';
import { childrenAsOf, versionAsOf } from '../org/repo.js';
import { authorizeCareRead, CARE_READ_ACTIONS } from './policy.js';
import * as repo from './report-repo.js';
import type { RawRow } from './report-repo.js';
import { careReportFileName, careReportWorkbook } from './report-export.js';
import { unitsInScope } from './repo.js';
import { REASON_LABELS } from './schema.js';

/**
 * Care reports: people helped, cases, cash and in-kind value of a unit's subtree over a period.
 *
 * Which cases count, and when: a case counts once it is paid (status paid or closed), on the
 * day of its payout in the ledger, with that payout's cash and the case's in-kind value. A
 * reversed payout sends its case back to "approved" (ledger.ts), so it counts in no period at
 * all; a case paid again counts on the day of its new payout. A case paid without cash has no
 * ledger entry: it counts on the day recorded as its payment (paid_on).
 * The subtree is the tree as it stood on the last day of the period (a unit moved since then
 * reports where it was), cut to the units the user may read today.
 */

export interface Figures {
  people: number;
  cases: number;
  cash: number;
  inKind: number;
  total: number;
}
export interface FigureRow extends Figures {
  key: string;
  label: string;
}
export type Bucket = 'day' | 'month' | 'year';
export interface SeriesPoint {
  key: string;
  label: string;
  total: number;
}

export interface CareReport {
  root: { id: number; shortName: string; fullName: string; hasChildren: boolean };
  from: IsoDate;
  to: IsoDate;
  totals: Figures;
  byProgramme: FigureRow[];
  byReason: FigureRow[];
  /** The root's own cases first, then each direct child with its whole subtree. */
  byUnit: FigureRow[];
  bucket: Bucket;
  series: SeriesPoint[];
  sentence: string;
  /** The root unit under its parent, for the printed report's letterhead. */
  issuer: Issuer;
}

const ZERO: Figures = { people: 0, cases: 0, cash: 0, inKind: 0, total: 0 };

function figuresOf(r: Pick<RawRow, 'people' | 'cases' | 'cash' | 'in_kind'> | undefined): Figures {
  if (!r) return { ...ZERO };
  const cash = Number(r.cash);
  const inKind = Number(r.in_kind);
  return { people: Number(r.people), cases: Number(r.cases), cash, inKind, total: cash + inKind };
}

function bucketOf(from: IsoDate, to: IsoDate): Bucket {
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
  if (months === 0 || addDays(from, 31) > to) return 'day';
  return months < 36 ? 'month' : 'year';
}
const BUCKET_LENGTH: Record<Bucket, number> = { day: 10, month: 7, year: 4 };

/** Every bucket of the period, in order, with its label ("05/03", "03/2026", "2026"). */
function bucketKeys(from: IsoDate, to: IsoDate, bucket: Bucket): Array<{ key: string; label: string }> {
  const out: Array<{ key: string; label: string }> = [];
  if (bucket === 'day') {
    for (let d = from; d <= to; d = addDays(d, 1)) out.push({ key: d, label: `${d.slice(8, 10)}/${d.slice(5, 7)}` });
  } else if (bucket === 'month') {
    let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
    const last = to.slice(0, 7);
    for (let key = from.slice(0, 7); key <= last; key = `${y}-${String(m).padStart(2, '0')}`) {
      out.push({ key, label: `${key.slice(5, 7)}/${key.slice(0, 4)}` });
      [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
    }
  } else {
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) out.push({ key: String(y), label: String(y) });
  }
  return out;
}

export function checkPeriod(from: string, to: string): void {
  if (!isValidIsoDate(from)) throw new UserFacingError(`Ngày bắt đầu "${from}" không hợp lệ.`);
  if (!isValidIsoDate(to)) throw new UserFacingError(`Ngày kết thúc "${to}" không hợp lệ.`);
  if (to < from) throw new UserFacingError(`Ngày kết thúc (${formatIsoDate(to)}) phải từ ngày bắt đầu (${formatIsoDate(from)}) trở đi.`);
}

/** The care report of `rootId`'s subtree over [from, to] (both days included), for a user who may read that unit. */
export async function careReport(ctx: DbContext, user: AuthUser, rootId: number, from: IsoDate, to: IsoDate): Promise<CareReport> {
  checkPeriod(from, to);
  await authorizeCareRead(ctx, user, rootId);
  const rootVersion = await versionAsOf(ctx, rootId, to);
  if (!rootVersion)
    throw new UserFacingError(`Đơn vị này chưa thành lập hoặc đã giải thể vào ngày ${formatIsoDate(to)}: hãy chọn khoảng thời gian khác.`);
  const bucket = bucketOf(from, to);
  const [rows, children] = await Promise.all([
    repo.reportRows(ctx, rootId, from, to, user, CARE_READ_ACTIONS, BUCKET_LENGTH[bucket]),
    childrenAsOf(ctx, rootId, to),
  ]);
  const dim = (d: string) => rows.filter((r) => r.dim === d);

  const totals = figuresOf(dim('all')[0]);

  const names = await repo.programmeNames(
    ctx,
    dim('programme')
      .filter((r) => r.k !== '')
      .map((r) => Number(r.k)),
  );
  const byProgramme = dim('programme')
    .map((r): FigureRow => ({
      key: r.k,
      label: r.k === '' ? 'Ngoài chương trình' : (names.get(Number(r.k)) ?? `Chương trình số ${r.k}`),
      ...figuresOf(r),
    }))
    .sort((a, b) => Number(a.key === '') - Number(b.key === '') || compareVietnamese(a.label, b.label));

  const reasonOrder = Object.keys(REASON_LABELS);
  const byReason = dim('reason')
    .map((r): FigureRow => ({ key: r.k, label: REASON_LABELS[r.k as CareReason] ?? r.k, ...figuresOf(r) }))
    .sort((a, b) => reasonOrder.indexOf(a.key) - reasonOrder.indexOf(b.key));

  const shown = await permittedUnits(
    ctx,
    user,
    CARE_READ_ACTIONS,
    children.map((c) => c.unit_id),
  );
  const order = await repo.unitOrder(ctx, [...shown]);
  const unitFigures = new Map(dim('unit').map((r) => [Number(r.k), figuresOf(r)]));
  const byUnit: FigureRow[] = [
    { key: String(rootId), label: `${rootVersion.short_name} (trực tiếp)`, ...(unitFigures.get(rootId) ?? ZERO) },
    ...children
      .filter((c) => shown.has(c.unit_id))
      .sort((a, b) => (order.get(a.unit_id) ?? 0) - (order.get(b.unit_id) ?? 0) || compareVietnamese(a.short_name, b.short_name))
      .map((c): FigureRow => ({ key: String(c.unit_id), label: c.short_name, ...(unitFigures.get(c.unit_id) ?? ZERO) })),
  ];

  const perBucket = new Map(dim('period').map((r) => [r.k, figuresOf(r).total]));
  const series = bucketKeys(from, to, bucket).map((b) => ({ ...b, total: perBucket.get(b.key) ?? 0 }));

  const root = { id: rootId, shortName: rootVersion.short_name, fullName: rootVersion.full_name, hasChildren: children.length > 0 };
  const issuer = await issuerOf(ctx, rootId);
  return {
    root,
    from,
    to,
    totals,
    byProgramme,
    byReason,
    byUnit,
    bucket,
    series,
    sentence: reportSentence(root, from, to, totals),
    issuer,
  };
}

// The report pages: the units to choose from, the period as typed, the export.

/** The units the user may report on, and the one shown: the one asked for, else their own top unit. */
export async function reportUnits(ctx: DbContext, user: AuthUser, asked: number | null) {
  const units = await unitsInScope(ctx, user, CARE_READ_ACTIONS);
  const roots = grantUnitsFor(user, CARE_READ_ACTIONS);
  return { units, unitId: asked ?? units.find((u) => roots.includes(u.id))?.id ?? units[0]?.id ?? 0 };
}

/** A date as typed in the address or the form: "2026-03-01" from the date picker, "01/03/2026" by hand. */
function typedDate(raw: string, which: string): IsoDate {
  const reading = readDate(raw.trim(), false);
  if (reading.kind === 'date') return reading.iso;
  throw new UserFacingError(
    raw.trim() === ''
      ? `Cần nhập ${which}.`
      : `${which[0]!.toUpperCase()}${which.slice(1)} “${raw.slice(0, 40)}” không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 01/03/2026.`,
  );
}

/** The report over a period as typed (either form of date). */
export function careReportAsTyped(ctx: DbContext, user: AuthUser, rootId: number, fromText: string, toText: string): Promise<CareReport> {
  return careReport(ctx, user, rootId, typedDate(fromText, 'ngày bắt đầu'), typedDate(toText, 'ngày kết thúc'));
}

/** The report as an .xlsx workbook; every export is logged. */
export async function exportCareReport(ctx: DbContext, user: AuthUser, rootId: number, fromText: string, toText: string) {
  const report = await careReportAsTyped(ctx, user, rootId, fromText, toText);
  const bytes = await careReportWorkbook(report);
  await inTransaction(ctx, (tx) =>
    recordAudit(tx, {
      actor: actorOf(user),
      action: 'care_report.export',
      entity: 'care_report',
      entityId: 'xlsx',
      unitId: report.root.id,
      after: { from: report.from, to: report.to, people: report.totals.people, cases: report.totals.cases, total: report.totals.total },
    }),
  );
  return { bytes, fileName: careReportFileName(report) };
}

const QUARTERS = ['I', 'II', 'III', 'IV'];
const lastDayOfMonth = (year: number, month: number) =>
  addDays(`${year + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`, -1);

/** How the federation's pages name a period: "Trong quý I năm 2026", "Trong 6 tháng đầu năm 2026", "Từ ngày 01/03/2026 đến ngày 15/04/2026". */
export function periodPhrase(from: IsoDate, to: IsoDate): string {
  if (from === to) return `Ngày ${formatIsoDate(from)}`;
  const [y1, m1, d1] = [Number(from.slice(0, 4)), Number(from.slice(5, 7)), from.slice(8, 10)];
  const [y2, m2] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  const wholeMonths = d1 === '01' && to === lastDayOfMonth(y2, m2);
  if (wholeMonths && m1 === 1 && m2 === 12) return y1 === y2 ? `Trong năm ${y1}` : `Trong giai đoạn ${y1} – ${y2}`;
  if (wholeMonths && y1 === y2) {
    if (m1 === m2) return `Trong tháng ${m1} năm ${y1}`;
    if (m1 === 1 && (m2 === 6 || m2 === 9)) return `Trong ${m2} tháng đầu năm ${y1}`;
    if (m1 === 7 && m2 === 12) return `Trong 6 tháng cuối năm ${y1}`;
    if (m1 % 3 === 1 && m2 === m1 + 2) return `Trong quý ${QUARTERS[(m1 - 1) / 3]} năm ${y1}`;
    return `Từ tháng ${m1} đến tháng ${m2} năm ${y1}`;
  }
  if (wholeMonths) return `Từ tháng ${String(m1).padStart(2, '0')}/${y1} đến tháng ${String(m2).padStart(2, '0')}/${y2}`;
  if (y1 === y2 && from.slice(5) === '01-01') return `Từ đầu năm ${y1} đến ngày ${formatIsoDate(to)}`;
  return `Từ ngày ${formatIsoDate(from)} đến ngày ${formatIsoDate(to)}`;
}

/** The sentence a report opens with, as the federation's news pages put it. */
export function reportSentence(root: { fullName: string; hasChildren: boolean }, from: IsoDate, to: IsoDate, t: Figures): string {
  const who = root.hasChildren ? `công đoàn các cấp thuộc ${root.fullName}` : root.fullName;
  const when = periodPhrase(from, to);
  if (t.cases === 0) return `${when}, ${who} chưa chi khoản thăm hỏi, hỗ trợ nào.`;
  const visits = t.cases > t.people ? ` (${formatNumber(t.cases)} lượt)` : '';
  const split =
    t.cash > 0 && t.inKind > 0
      ? `gồm tiền mặt ${formatMoney(t.cash)} và hiện vật trị giá ${formatMoney(t.inKind)}`
      : t.cash > 0
        ? 'toàn bộ bằng tiền mặt'
        : 'toàn bộ bằng hiện vật';
  return `${when}, ${who} đã thăm hỏi, hỗ trợ ${formatNumber(t.people)} đoàn viên, người lao động${visits}, tổng trị giá ${formatMoney(t.total)} (${split}).`;
}

// The public side: totals of programmes that publish them, never a name.

export interface PublishedProgramme extends Figures {
  programme: Programme;
  organiser: string;
}

/** Programmes whose totals are public, newest first, each with the figures of its paid cases. */
export async function publishedProgrammes(ctx: DbContext, programmeId: number | null = null): Promise<PublishedProgramme[]> {
  const { programmes, rows } = await repo.publishedProgrammeRows(ctx, programmeId);
  if (programmes.length === 0) return [];
  const byId = new Map(rows.map((row) => [Number(row.programme_id), figuresOf(row)]));
  return programmes.map(({ organiser, ...programme }) => ({ programme, organiser, ...(byId.get(programme.id) ?? ZERO) }));
}

/** What every public page is framed with: the site's settings and its sections. */
export async function publicFrame(ctx: DbContext) {
  const [site, sections] = await Promise.all([readSiteSettings(ctx), listSectionsWithCounts(ctx)]);
  return { site, sections };
}
