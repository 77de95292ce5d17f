import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { NotFound } from '../lib/errors.js';
import type { Issuer } from '../lib/letterhead.js';
import { moneyInWords } from '../lib/money-words.js';
import { compareVietnameseNames } from '../lib/names.js';
import { slugify } from '../lib/slug.js';
import { issuerOf } from '../org/issuer.js';
import { authorizeCareRead, authorizeProgrammeRead } from './policy.js';
import { programmeRecipients, type ProgrammeRecipient } from './programme-repo.js';
import * as repo from './repo.js';
import { signListDocx } from './programme-sign-list-docx.js';

/**
 * A programme's signature list (danh sách ký nhận): each recipient of its approved, paid or
 * closed cases, by unit in tree order and by name within a unit, with the cash they sign for;
 * the total in digits and in words. Issued by the organising unit, for officers who reach it.
 */

export interface SignList {
  issuer: Issuer;
  programmeId: number;
  programmeName: string;
  period: { from: string; to: string };
  date: string;
  /** The unit the list is limited to (with the units below it), or null for the whole programme. */
  unitId: number | null;
  /** For the whole programme: the units that have recipients, to print one unit's list. */
  units: Array<{ id: number; name: string }>;
  rows: ProgrammeRecipient[];
  total: number;
  totalInWords: string;
}

/**
 * The list of the whole programme, for officers who reach its organising unit; or, with `unitId`,
 * of the recipients in that unit and the units below it, issued by that unit, for officers who
 * reach it and see the programme (a grassroots union prints its own members' list).
 */
export async function programmeSignList(
  ctx: DbContext,
  user: AuthUser,
  programmeId: number,
  unitId: number | null = null,
  today = todayInVietnam(),
): Promise<SignList> {
  const programme = await repo.findProgramme(ctx, programmeId);
  if (!programme) throw new NotFound('Không có chương trình này.');
  if (unitId === null) await authorizeCareRead(ctx, user, programme.unit_id);
  else {
    await authorizeProgrammeRead(ctx, user, programme);
    await authorizeCareRead(ctx, user, unitId);
  }
  const [recipients, issuer, all] = await Promise.all([
    programmeRecipients(ctx, programmeId, unitId),
    issuerOf(ctx, unitId ?? programme.unit_id),
    unitId === null ? null : programmeRecipients(ctx, programmeId, null),
  ]);
  const rows = [...recipients].sort(
    (a, b) =>
      a.unitOrder - b.unitOrder || a.unitId - b.unitId || compareVietnameseNames(a.recipientName, b.recipientName) || a.caseId - b.caseId,
  );
  const units = new Map((all ?? rows).map((r) => [r.unitId, r.unitName]));
  const total = rows.reduce((s, r) => s + r.cash, 0);
  return {
    issuer,
    programmeId,
    programmeName: programme.name,
    period: { from: programme.starts_on, to: programme.ends_on },
    date: today,
    unitId,
    units: unitId === null ? [...units].map(([id, name]) => ({ id, name })) : [],
    rows,
    total,
    totalInWords: moneyInWords(total),
  };
}

export async function programmeSignListDocx(ctx: DbContext, user: AuthUser, programmeId: number, unitId: number | null = null) {
  const list = await programmeSignList(ctx, user, programmeId, unitId);
  const unitPart = unitId === null ? '' : `-${slugify(list.issuer.name, 40)}`;
  return { bytes: await signListDocx(list), fileName: `danh-sach-ky-nhan-${slugify(list.programmeName, 50)}${unitPart}.docx`, list };
}
