/**
 * Generated dumps of old-portal listing pages for load tests: a section heading, then `count`
 * articles back to back, each with a dated lead, paragraphs, a photo line with its caption and a
 * byline with its unit. Deterministic for a given `seed`; every article's text differs.
 */

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Quốc', 'Ngọc', 'Hữu', 'Thanh'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quyên', 'Sơn', 'Tâm', 'Uyên', 'Vinh'];
const PLACES = [
  'Trường Tiểu học Hòa Bình',
  'Bệnh viện Đa khoa huyện',
  'Công ty May Sông Hồng',
  'Chi cục Thuế khu vực',
  'Nhà máy Gạch Tuy-nen',
];
const EVENTS = [
  'tổ chức Hội nghị người lao động năm',
  'trao quà cho đoàn viên có hoàn cảnh khó khăn dịp',
  'phát động phong trào thi đua lao động giỏi năm',
  'tổ chức giải bóng chuyền hơi chào mừng năm',
  'tập huấn kỹ năng đối thoại tại nơi làm việc năm',
];
const SENTENCES = [
  'Các đại biểu đã thảo luận sôi nổi về việc nâng cao đời sống, việc làm và thu nhập của người lao động.',
  'Ban chấp hành công đoàn cơ sở cam kết tiếp tục đồng hành cùng đoàn viên trong mọi hoàn cảnh.',
  'Chương trình nhận được sự ủng hộ nhiệt tình của lãnh đạo đơn vị và đông đảo đoàn viên.',
  'Dịp này, nhiều tập thể và cá nhân có thành tích xuất sắc đã được biểu dương, khen thưởng.',
  'Hoạt động góp phần tạo không khí vui tươi, đoàn kết và gắn bó giữa các đoàn viên.',
  'Kết thúc buổi làm việc, các đồng chí đã thống nhất kế hoạch triển khai trong thời gian tới.',
];

/** A pseudo-random generator (mulberry32), so that a seed gives the same dump every time. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatePageDump(section: string, count: number, seed = 1): string {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const lines = ['Công đoàn tỉnh đồng hành cùng người lao động.', '', section, '', `${section} (${count})`, ''];
  for (let i = 1; i <= count; i++) {
    const day = 1 + (i % 28);
    const month = 1 + (i % 12);
    const year = 2015 + (i % 10);
    const place = pick(PLACES);
    lines.push(
      `Ngày ${day}/${month}/${year}, Công đoàn cơ sở ${place} ${pick(EVENTS)} ${year} (lần thứ ${i} của mẫu ${seed}), với ${20 + (i % 300)} đoàn viên tham gia.`,
      '',
    );
    const paragraphs = 1 + Math.floor(next() * 3);
    for (let p = 0; p < paragraphs; p++) lines.push(`${pick(SENTENCES)} ${pick(SENTENCES)} ${pick(SENTENCES)}`, '');
    if (i % 2 === 0) lines.push(`IMG_${String(10000 + i).padStart(5, '0')}.jpg`, `Quang cảnh hoạt động tại ${place}`, '');
    lines.push(`Tin & ảnh: ${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`, '', `CĐCS ${place}`, '');
  }
  lines.push('Trang 1 / 1');
  return lines.join('\n');
}
