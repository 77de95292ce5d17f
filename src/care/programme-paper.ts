import type { AuthUser } from '../access/user.js';
import type { DbContext } from '../db/context.js';
import {
  amountCell,
  centredCell,
  gridTable,
  letterhead,
  para,
  run,
  signatureTable,
  stateDocument,
  textCell,
} from '../docx/state-document.js';
import { formatIsoDate, todayInVietnam } from '../lib/dates.js';
import { NotFound } from '../lib/errors.js';
import { formatNumber } from '../lib/format.js';
import type { Issuer } from '../lib/letterhead.js';
import { moneyInWords } from '../lib/money-words.js';
import { compareVietnameseNames } from '../lib/names.js';
import { slugify } from '../lib/slug.js';
import { issuerOf } from '../org/issuer.js';
import { authorizeCareRead } from './policy.js';
import { programmeRecipients, type ProgrammeRecipient } from './programme-repo.js';
import * as repo from './repo.js';

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

const SHARES = [6, 30, 30, 16, 18];

export async function signListDocx(list: SignList): Promise<Buffer> {
  const rows = list.rows.map((r, i) => [
    centredCell(String(i + 1)),
    textCell(r.recipientName),
    textCell(r.unitName),
    amountCell(formatNumber(r.cash)),
    textCell(''),
  ]);
  rows.push([
    centredCell(''),
    textCell('Tổng cộng', true),
    textCell(`${formatNumber(list.rows.length)} người`, true),
    amountCell(formatNumber(list.total), true),
    textCell(''),
  ]);
  return stateDocument(`${SIGN_LIST_TITLE} – ${list.programmeName}`, [
    letterhead(list.issuer, list.date),
    para([run(SIGN_LIST_TITLE, { bold: true, size: 14 })], { align: 'center', before: 240, after: 0 }),
    para([run(`Nhận tiền hỗ trợ chương trình "${list.programmeName}"`, { bold: true })], { align: 'center', after: 0 }),
    para([run(`Từ ngày ${formatIsoDate(list.period.from)} đến ngày ${formatIsoDate(list.period.to)}`, { italics: true })], {
      align: 'center',
      after: 200,
    }),
    gridTable(['STT', 'Họ và tên', 'Đơn vị', 'Số tiền (đồng)', 'Ký nhận'], rows, SHARES),
    para([run('Tổng số tiền (viết bằng chữ): '), run(list.totalInWords, { italics: true, bold: true })], { before: 160, after: 200 }),
    signatureTable(SIGN_LIST_SIGNERS),
  ]);
}

export async function programmeSignListDocx(ctx: DbContext, user: AuthUser, programmeId: number) {
  const list = await programmeSignList(ctx, user, programmeId);
  return { bytes: await signListDocx(list), fileName: `danh-sach-ky-nhan-${slugify(list.programmeName, 50)}.docx`, list };
}
