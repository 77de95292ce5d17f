import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import { todayInVietnam } from '../lib/dates.js';
import { NotFound } from '../lib/errors.js';
import type { Issuer } from '../lib/letterhead.js';
import { moneyInWords } from '../lib/money-words.js';
import { compareVietnameseNames } from '../lib/names.js';
import { slugify } from '../lib/slug.js';
import { issuerOf } from '../org/issuer.js';
import { authorizeCareRead } from './policy.js';
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
  rows: ProgrammeRecipient[];
  total: number;
  totalInWords: string;
}

export const SIGN_LIST_TITLE = 'DANH SÁCH KÝ NHẬN';
export const SIGN_LIST_SIGNERS = [
  { title: 'NGƯỜI LẬP BIỂU' },
  { title: 'KẾ TOÁN' },
  { title: 'THỦ TRƯỞNG ĐƠN VỊ', hint: '(Ký, họ tên, đóng dấu)' },
];

export async function programmeSignList(ctx: DbContext, user: AuthUser, programmeId: number, today = todayInVietnam()): Promise<SignList> {
  const programme = await repo.findProgramme(ctx, programmeId);
  if (!programme) throw new NotFound('Không có chương trình này.');
  await authorizeCareRead(ctx, user, programme.unit_id);
  const [recipients, issuer] = await Promise.all([programmeRecipients(ctx, programmeId), issuerOf(ctx, programme.unit_id)]);
  const rows = [...recipients].sort(
    (a, b) =>
      a.unitOrder - b.unitOrder || a.unitId - b.unitId || compareVietnameseNames(a.recipientName, b.recipientName) || a.caseId - b.caseId,
  );
  const total = rows.reduce((s, r) => s + r.cash, 0);
  return {
    issuer,
    programmeId,
    programmeName: programme.name,
    period: { from: programme.starts_on, to: programme.ends_on },
    date: today,
    rows,
    total,
    totalInWords: moneyInWords(total),
  };
}

export async function programmeSignListDocx(ctx: DbContext, user: AuthUser, programmeId: number) {
  const list = await programmeSignList(ctx, user, programmeId);
  return { bytes: await signListDocx(list), fileName: `danh-sach-ky-nhan-${slugify(list.programmeName, 50)}.docx`, list };
}
