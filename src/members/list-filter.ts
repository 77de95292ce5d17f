import { formatIsoDate, todayInVietnam } from '../lib/dates.js';
import { fold } from '../lib/fold.js';
import type { MemberFilter, MemberStatus } from './repo.js';
import {
  GENDER_LABELS,
  LEAVE_REASON_LABELS,
  LIST_FILTER_NAMES,
  QUALIFICATION_LABELS,
  UNION_POSITION_LABELS,
  type ListFilterValues,
} from './schema.js';

/**
 * The member list's filters, from its query string to the repository's filter, to the words that
 * describe them (the export's page and file title), and back to a query string (links, the export
 * form). Ethnicity is sensitive personal data: filtering by it is logged (see `memberListPage`).
 */

const STATUS: Record<string, MemberStatus> = { 'dang-sinh-hoat': 'current', 'da-thoi': 'former', 'tat-ca': 'all' };
const yesNo = (v: string | null | undefined) => (v === 'co' ? 1 : v === 'khong' ? 0 : null);

/** The repository's filter of a list query; `unitId` is the unit the user may list (checked by the caller). */
export function memberFilterOf(query: ListFilterValues, unitId: number | null, today = todayInVietnam()): MemberFilter {
  const year = Number(today.slice(0, 4));
  // A departure's reason is asked of former members: the list shows them.
  const status = query.ly_do && query.tinh_trang !== 'tat-ca' ? 'former' : (STATUS[query.tinh_trang ?? 'dang-sinh-hoat'] ?? 'current');
  return {
    unitId,
    nameQuery: fold(query.q).trim().replace(/\s+/g, ' ') || null,
    status,
    gender: query.gioi_tinh ?? null,
    bornFrom: query.tuoi_den !== null && query.tuoi_den !== undefined ? year - query.tuoi_den : null,
    bornTo: query.tuoi_tu !== null && query.tuoi_tu !== undefined ? year - query.tuoi_tu : null,
    startedFrom: query.vao_tu ?? null,
    startedTo: query.vao_den ?? null,
    leaveReason: query.ly_do ?? null,
    ethnicity: query.dan_toc ?? null,
    unionPosition: query.chuc_vu ?? null,
    partyMember: yesNo(query.dang_vien),
    fullTimeOfficer: yesNo(query.chuyen_trach),
    qualification: query.chuyen_mon ?? null,
  };
}

/** The list's query string of these filters (values as the page writes them; empty and default ones left out). */
export function filterParams(query: ListFilterValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of LIST_FILTER_NAMES) {
    const v = query[name];
    if (v === null || v === undefined || v === '') continue;
    if (name === 'tinh_trang' && v === 'dang-sinh-hoat') continue;
    out[name] = name === 'vao_tu' || name === 'vao_den' ? formatIsoDate(String(v)) : String(v);
  }
  return out;
}

/** The filters in words, besides the unit and the name ("đã thôi sinh hoạt; nữ; 30–40 tuổi; …"). */
export function describeFilters(query: ListFilterValues): string[] {
  const out: string[] = [];
  if (query.tinh_trang === 'da-thoi' || query.ly_do) out.push('đã thôi sinh hoạt');
  else if (query.tinh_trang === 'tat-ca') out.push('đang sinh hoạt và đã thôi');
  if (query.gioi_tinh) out.push(GENDER_LABELS[query.gioi_tinh]!.toLowerCase());
  if (query.tuoi_tu !== null && query.tuoi_tu !== undefined) out.push(`từ ${query.tuoi_tu} tuổi`);
  if (query.tuoi_den !== null && query.tuoi_den !== undefined) out.push(`đến ${query.tuoi_den} tuổi`);
  if (query.vao_tu) out.push(`sinh hoạt từ ngày ${formatIsoDate(query.vao_tu)}`);
  if (query.vao_den) out.push(`bắt đầu sinh hoạt đến ngày ${formatIsoDate(query.vao_den)}`);
  if (query.ly_do) out.push(`lý do thôi: ${LEAVE_REASON_LABELS[query.ly_do]}`);
  if (query.dan_toc) out.push(`dân tộc ${query.dan_toc}`);
  if (query.chuc_vu) out.push(`chức vụ ${UNION_POSITION_LABELS[query.chuc_vu]}`);
  if (query.dang_vien) out.push(query.dang_vien === 'co' ? 'đảng viên' : 'không là đảng viên');
  if (query.chuyen_trach) out.push(query.chuyen_trach === 'co' ? 'cán bộ công đoàn chuyên trách' : 'không chuyên trách');
  if (query.chuyen_mon) out.push(`trình độ ${QUALIFICATION_LABELS[query.chuyen_mon]}`);
  return out;
}
