import { describe, expect, it } from 'vitest';
import { draftFromText } from './draft-from-text.js';

const ARTICLE = `Công đoàn Bệnh viện Đa khoa tỉnh tổ chức ngày hội hiến máu
Sáng 18/6, Công đoàn Bệnh viện Đa khoa tỉnh phối hợp với Hội Chữ thập đỏ tổ chức ngày hội hiến máu tình nguyện lần thứ ba.
Ngày hội thu hút hơn 200 đoàn viên, người lao động đăng ký tham gia, thu được 180 đơn vị máu <an toàn> & đạt chuẩn.
IMG_7781.jpg
Đoàn viên đăng ký hiến máu tại hội trường
Các hoạt động bên lề gồm:
- Khám sức khỏe miễn phí
- Tư vấn dinh dưỡng
- Trao giấy chứng nhận
Hien mau 2
Lãnh đạo bệnh viện tặng quà cho người hiến máu
Tin & ảnh: Trịnh Thu Hà
Công đoàn Bệnh viện Đa khoa tỉnh
`;

describe('draftFromText: one pasted article', () => {
  const draft = draftFromText(ARTICLE);

  it('reads the headline and the lead', () => {
    expect(draft.headline).toBe('Công đoàn Bệnh viện Đa khoa tỉnh tổ chức ngày hội hiến máu');
    expect(draft.lead).toMatch(/^Sáng 18\/6, Công đoàn Bệnh viện/);
  });

  it('turns photo lines into figures without images, and escapes paragraph text', () => {
    expect(draft.blocks).toEqual([
      {
        type: 'p',
        html: 'Ngày hội thu hút hơn 200 đoàn viên, người lao động đăng ký tham gia, thu được 180 đơn vị máu &lt;an toàn&gt; &amp; đạt chuẩn.',
      },
      { type: 'figure', image: null, sourceName: 'IMG_7781.jpg', caption: 'Đoàn viên đăng ký hiến máu tại hội trường' },
      { type: 'p', html: 'Các hoạt động bên lề gồm:' },
      { type: 'list', ordered: false, items: ['Khám sức khỏe miễn phí', 'Tư vấn dinh dưỡng', 'Trao giấy chứng nhận'] },
      { type: 'figure', image: null, sourceName: 'Hien mau 2', caption: 'Lãnh đạo bệnh viện tặng quà cho người hiến máu' },
    ]);
    expect(draft.images).toEqual([]);
  });

  it('recognises the byline and the unit line', () => {
    expect(draft.byline).toEqual({ label: 'Tin & ảnh', author: 'Trịnh Thu Hà', unit: null });
    expect(draft.unitLine).toBe('Công đoàn Bệnh viện Đa khoa tỉnh');
    expect(draft.warnings).toEqual([]);
  });
});

describe('draftFromText: bylines', () => {
  const body =
    'Giải cầu lông công nhân viên chức khối cơ quan tỉnh\nChiều 21/3, hơn 100 vận động viên tranh tài tại giải cầu lông công nhân viên chức khối cơ quan tỉnh.';

  it.each([
    ['Tin & ảnh: Ông Văn Bình', { label: 'Tin & ảnh', author: 'Ông Văn Bình', unit: null }],
    ['Tin và ảnh: Ông Văn Bình', { label: 'Tin và ảnh', author: 'Ông Văn Bình', unit: null }],
    ['Tin, ảnh: Ông Văn Bình', { label: 'Tin, ảnh', author: 'Ông Văn Bình', unit: null }],
    ['Bài và ảnh: Ông Văn Bình, Ban TGNC LĐLĐ tỉnh', { label: 'Bài và ảnh', author: 'Ông Văn Bình', unit: 'Ban TGNC LĐLĐ tỉnh' }],
    ['Bài: Ông Văn Bình', { label: 'Bài', author: 'Ông Văn Bình', unit: null }],
    ['Tin: Ông Văn Bình, CĐN Giáo dục', { label: 'Tin', author: 'Ông Văn Bình', unit: 'CĐN Giáo dục' }],
  ])('recognises %s', (line, byline) => {
    const draft = draftFromText(`${body}\n${line}`);
    expect(draft.byline).toEqual(byline);
    expect(draft.blocks).toEqual([]);
  });
});

describe('draftFromText: several articles, odd pastes', () => {
  it('merges several articles into one draft with a warning', () => {
    const draft = draftFromText(
      [
        'Ngày 10/11, Công đoàn Trường Tiểu học Kim Đồng tổ chức hội thi giáo viên dạy giỏi cấp trường với 20 giáo viên tham gia.',
        'Tin: Lưu Văn Sơn',
        'Ngày 17/10, Công đoàn Trường THCS Nguyễn Du tổ chức chương trình giao lưu văn nghệ chào mừng ngày Phụ nữ Việt Nam.',
        'Bài và ảnh: Mai Thị Yến',
        'CĐN Giáo dục',
      ].join('\n'),
    );
    expect(draft.headline).toBeNull();
    expect(draft.lead).toMatch(/^Ngày 10\/11, Công đoàn Trường Tiểu học/);
    expect(draft.byline).toEqual({ label: 'Tin', author: 'Lưu Văn Sơn', unit: null });
    expect(draft.blocks).toEqual([
      { type: 'p', html: expect.stringMatching(/^Ngày 17\/10, Công đoàn Trường THCS/) },
      { type: 'p', html: 'Bài và ảnh: Mai Thị Yến' },
      { type: 'p', html: 'CĐN Giáo dục' },
    ]);
    expect(draft.warnings).toEqual([expect.stringMatching(/^Nội dung dán vào có 2 bài; đã gộp thành một bài nháp/)]);
  });

  it('reads a paste in decomposed Unicode (NFD) as NFC', () => {
    const draft = draftFromText(ARTICLE.normalize('NFD'));
    const expected = draftFromText(ARTICLE);
    expect(draft).toEqual(expected);
    expect(draft.headline).toBe('Công đoàn Bệnh viện Đa khoa tỉnh tổ chức ngày hội hiến máu');
    expect(draft.byline?.label).toBe('Tin & ảnh');
  });

  it('keeps a numbered run as an ordered list and a lone marked line as a paragraph', () => {
    const draft = draftFromText(
      [
        'Hội nghị tổng kết công tác nữ công năm 2024',
        'Chiều 6/1, Ban Nữ công LĐLĐ tỉnh tổ chức hội nghị tổng kết công tác năm 2024 và triển khai nhiệm vụ năm 2025.',
        'Hội nghị thống nhất ba nhiệm vụ trọng tâm như sau.',
        '1. Chăm lo đời sống nữ đoàn viên',
        '2. Phát triển đoàn viên nữ',
        '3. Nhân rộng mô hình tiêu biểu',
        'Kết thúc hội nghị, Ban Nữ công khen thưởng 12 tập thể và 30 cá nhân.',
        '- Ghi chú: số liệu tính đến ngày 31/12.',
      ].join('\n'),
    );
    expect(draft.blocks).toEqual([
      { type: 'p', html: 'Hội nghị thống nhất ba nhiệm vụ trọng tâm như sau.' },
      { type: 'list', ordered: true, items: ['Chăm lo đời sống nữ đoàn viên', 'Phát triển đoàn viên nữ', 'Nhân rộng mô hình tiêu biểu'] },
      { type: 'p', html: 'Kết thúc hội nghị, Ban Nữ công khen thưởng 12 tập thể và 30 cá nhân.' },
      { type: 'p', html: '- Ghi chú: số liệu tính đến ngày 31/12.' },
    ]);
  });

  it('returns an empty draft with the parser warning for an empty paste, and survives junk', () => {
    const empty = draftFromText('   \n\n');
    expect(empty).toMatchObject({ headline: null, lead: '', blocks: [], images: [], byline: null, unitLine: null });
    expect(empty.warnings).toEqual([expect.stringMatching(/^Trang trống/)]);
    expect(() => draftFromText('\u0000\uFFFD\uD800'.repeat(1000))).not.toThrow();
    expect(() => draftFromText(undefined as unknown as string)).not.toThrow();
  });
});
