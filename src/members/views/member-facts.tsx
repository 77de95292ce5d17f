import type { Member } from '../../db/schema.js';
import { formatIsoDate } from '../../lib/dates.js';
import {
  GENDER_LABELS,
  POLITICAL_THEORY_LABELS,
  QUALIFICATION_LABELS,
  SENSITIVE_FIELDS,
  UNION_POSITION_LABELS,
  WORKFORCE_TYPE_LABELS,
  YES_NO_LABELS,
  type SensitiveField,
} from '../schema.js';
import { maskCitizenId } from '../sensitive.js';

const date = (d: string | null) => (d ? formatIsoDate(d) : null);
const label = (labels: Record<string, string>, code: string | null) => (code ? (labels[code] ?? code) : null);
const yesNo = (v: number | null) => (v === null ? null : YES_NO_LABELS[String(v)]);

/** A sensitive field: masked, with a link that shows it in full (the showing is logged); in full once revealed. */
function Sensitive({ member, field, revealed }: { member: Member; field: SensitiveField; revealed: SensitiveField | null }) {
  const value = member[field];
  if (!value) return <>—</>;
  if (revealed === field) return <>{value}</>;
  const masked = field === 'citizen_id' ? maskCitizenId(value) : '••••••';
  return (
    <>
      {masked}{' '}
      <a href={`/quan-tri/doan-vien/${member.id}?hien=${SENSITIVE_FIELDS[field].param}`}>
        {field === 'citizen_id' ? 'Hiện đủ' : 'Hiện'} (được ghi nhật ký)
      </a>
    </>
  );
}

/** A member's record as the member page shows it: personal data, the registry's fields, the consent to processing. */
export function MemberFacts({ member, revealed, status }: { member: Member; revealed: SensitiveField | null; status: string }) {
  const rows: Array<[string, preact.ComponentChildren]> = [
    ['Tình trạng', status],
    ['Giới tính', member.gender ? GENDER_LABELS[member.gender] : null],
    ['Ngày sinh', member.birth_date ? formatIsoDate(member.birth_date) : member.birth_year],
    ['Số CCCD', <Sensitive member={member} field="citizen_id" revealed={revealed} />],
    ['Dân tộc', <Sensitive member={member} field="ethnicity" revealed={revealed} />],
    ['Tôn giáo', <Sensitive member={member} field="religion" revealed={revealed} />],
    ['Quê quán', member.hometown],
    ['Nơi ở hiện nay', member.address],
    ['Điện thoại', member.phone],
    ['Email', member.email],
    ['Nghề nghiệp', member.job],
    ['Loại lao động', label(WORKFORCE_TYPE_LABELS, member.workforce_type)],
    ['Trình độ học vấn', member.education],
    ['Trình độ chuyên môn', label(QUALIFICATION_LABELS, member.qualification)],
    ['Lý luận chính trị', label(POLITICAL_THEORY_LABELS, member.political_theory)],
    [
      'Đảng viên',
      member.party_member === 1 && member.party_joined_on
        ? `Có, vào Đảng ngày ${formatIsoDate(member.party_joined_on)}`
        : yesNo(member.party_member),
    ],
    ['Ngày vào công đoàn', date(member.union_joined_on)],
    ['Chức vụ công đoàn', label(UNION_POSITION_LABELS, member.union_position)],
    ['Cán bộ công đoàn chuyên trách', yesNo(member.full_time_officer)],
    ['Số thẻ đoàn viên', member.card_number],
    [
      'Đồng ý xử lý dữ liệu cá nhân',
      member.consent_on || member.consent_purpose
        ? [member.consent_on ? `ngày ${formatIsoDate(member.consent_on)}` : null, member.consent_purpose]
            .filter(Boolean)
            .join(' — mục đích: ')
        : 'chưa ghi nhận',
    ],
  ];
  return (
    <dl class="facts">
      {rows.map(([dt, dd]) => (
        <>
          <dt>{dt}</dt>
          <dd>{dd ?? '—'}</dd>
        </>
      ))}
    </dl>
  );
}
