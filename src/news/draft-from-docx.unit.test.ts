import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { deflateBomb, zipOf, type TestEntry } from '../zip/test-zip.js';
import { DraftImportError, draftFromDocx, type DraftContent } from './draft-from-docx.js';

type Child = Paragraph | Table;

let png: Buffer;

beforeAll(async () => {
  png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } })
    .png()
    .toBuffer();
});

async function docxOf(children: Child[]): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

function photo(description = ''): Paragraph {
  return new Paragraph({
    children: [
      new ImageRun({ type: 'png', data: png, transformation: { width: 40, height: 30 }, altText: { name: 'anh', description, title: '' } }),
    ],
  });
}

function italic(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, italics: true })] });
}

function plain(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun(text)] });
}

const HEADLINE = 'Công đoàn cơ sở Sở Tài nguyên và Môi trường ra quân trồng cây xanh';
const LEAD =
  'Sáng 14/3, Công đoàn cơ sở Sở Tài nguyên và Môi trường phối hợp với Đoàn Thanh niên tổ chức lễ ra quân trồng 500 cây xanh tại khuôn viên Khu xử lý nước thải phía Bắc.';

function fullArticle(): Child[] {
  return [
    new Paragraph({ text: HEADLINE, heading: HeadingLevel.TITLE }),
    plain(LEAD),
    new Paragraph({
      children: [
        new TextRun('Phát biểu tại buổi lễ, đồng chí '),
        new TextRun({ text: 'Lê Thị Hồng Nhung', bold: true }),
        new TextRun(', Chủ tịch Công đoàn cơ sở, nhấn mạnh '),
        new TextRun({ text: '“mỗi cây xanh là một lời cam kết”', italics: true }),
        new TextRun(' của tổ R&D <phòng Kỹ thuật>. Chi tiết xem tại '),
        new ExternalHyperlink({ link: 'https://example.org/trong-cay?nam=2024&dot=1', children: [new TextRun('trang của Sở')] }),
        new TextRun(' hoặc '),
        new ExternalHyperlink({ link: 'javascript:alert(1)', children: [new TextRun('liên kết lạ')] }),
        new TextRun('.'),
      ],
    }),
    photo('Trong cay 01'),
    italic('Đoàn viên công đoàn trồng cây tại khu xử lý nước thải'),
    new Paragraph({ text: 'Lan tỏa phong trào xanh', heading: HeadingLevel.HEADING_2 }),
    plain('Trong tháng Ba, công đoàn cơ sở tiếp tục triển khai các hoạt động:'),
    new Paragraph({ text: 'Trồng và chăm sóc cây xanh', bullet: { level: 0 } }),
    new Paragraph({ text: 'Thu gom rác thải nhựa', bullet: { level: 0 } }),
    new Paragraph({ text: 'Tuyên truyền tiết kiệm điện', bullet: { level: 0 } }),
    photo(),
    italic('Ảnh: Lãnh đạo Sở trao quà cho đoàn viên tiêu biểu'),
    plain('Tin & ảnh: Phạm Quốc Khánh'),
    plain('Công đoàn Sở Tài nguyên và Môi trường'),
  ];
}

describe('draftFromDocx: a full article', () => {
  let draft: DraftContent;

  beforeAll(async () => {
    draft = await draftFromDocx(await docxOf(fullArticle()), 'trong-cay.docx');
  });

  it('reads the headline from the Title style and the lead from the first paragraph', () => {
    expect(draft.headline).toBe(HEADLINE);
    expect(draft.lead).toBe(LEAD);
  });

  it('keeps bold, italic and web links as safe inline HTML, dropping other links', () => {
    expect(draft.blocks[0]).toEqual({
      type: 'p',
      html:
        'Phát biểu tại buổi lễ, đồng chí <strong>Lê Thị Hồng Nhung</strong>, Chủ tịch Công đoàn cơ sở, nhấn mạnh ' +
        '<em>“mỗi cây xanh là một lời cam kết”</em> của tổ R&amp;D &lt;phòng Kỹ thuật&gt;. Chi tiết xem tại ' +
        '<a href="https://example.org/trong-cay?nam=2024&amp;dot=1">trang của Sở</a> hoặc liên kết lạ.',
    });
  });

  it('orders paragraphs, subheading, list and figures as in the document', () => {
    expect(draft.blocks.map((block) => block.type)).toEqual(['p', 'figure', 'h', 'p', 'list', 'figure']);
    expect(draft.blocks[2]).toEqual({ type: 'h', text: 'Lan tỏa phong trào xanh' });
    expect(draft.blocks[4]).toEqual({
      type: 'list',
      ordered: false,
      items: ['Trồng và chăm sóc cây xanh', 'Thu gom rác thải nhựa', 'Tuyên truyền tiết kiệm điện'],
    });
  });

  it('turns each image into a figure with its bytes and the italic caption after it', () => {
    expect(draft.blocks[1]).toEqual({
      type: 'figure',
      image: 0,
      sourceName: 'Trong cay 01',
      caption: 'Đoàn viên công đoàn trồng cây tại khu xử lý nước thải',
    });
    expect(draft.blocks[5]).toEqual({
      type: 'figure',
      image: 1,
      sourceName: null,
      caption: 'Lãnh đạo Sở trao quà cho đoàn viên tiêu biểu',
    });
    expect(draft.images).toHaveLength(2);
    expect(draft.images[0]?.contentType).toBe('image/png');
    expect(draft.images[0]?.bytes.equals(png)).toBe(true);
  });

  it('recognises the byline and the unit line after it, and has nothing to warn about', () => {
    expect(draft.byline).toEqual({ label: 'Tin & ảnh', author: 'Phạm Quốc Khánh', unit: null });
    expect(draft.unitLine).toBe('Công đoàn Sở Tài nguyên và Môi trường');
    expect(draft.warnings).toEqual([]);
  });
});

describe('draftFromDocx: headlines, captions and bylines', () => {
  it('takes a first short bold paragraph as the headline when there is no heading', async () => {
    const draft = await draftFromDocx(
      await docxOf([
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ text: 'Hội nghị người lao động năm 2025', bold: true })],
        }),
        plain('Chiều 9/1, Công đoàn Trường Cao đẳng Y tế tổ chức Hội nghị người lao động năm 2025.'),
        plain('Bài và ảnh: Vũ Thị Thanh Hương, CĐN Y tế'),
      ]),
      'hoi-nghi.docx',
    );
    expect(draft.headline).toBe('Hội nghị người lao động năm 2025');
    expect(draft.lead).toMatch(/^Chiều 9\/1, Công đoàn Trường/);
    expect(draft.byline).toEqual({ label: 'Bài và ảnh', author: 'Vũ Thị Thanh Hương', unit: 'CĐN Y tế' });
    expect(draft.blocks).toEqual([]);
  });

  it('warns when there is no headline at all', async () => {
    const draft = await draftFromDocx(
      await docxOf([plain('Ngày 2/4, Ban Nữ công tổ chức tọa đàm về bình đẳng giới trong cơ quan.')]),
      'toa-dam.docx',
    );
    expect(draft.headline).toBeNull();
    expect(draft.warnings.join(' ')).toMatch(/Không tìm thấy tiêu đề/);
  });

  it('gives an image followed by an ordinary paragraph an empty caption and a warning', async () => {
    const draft = await draftFromDocx(
      await docxOf([
        new Paragraph({ text: 'Giải bóng đá nam công nhân viên chức', heading: HeadingLevel.HEADING_1 }),
        plain('Sáng 20/5, giải bóng đá nam khai mạc với 12 đội tham dự.'),
        photo(),
        plain('Các trận đấu diễn ra sôi nổi, thể hiện tinh thần đoàn kết giữa các đơn vị trong ngành.'),
      ]),
      'bong-da.docx',
    );
    expect(draft.blocks).toEqual([
      { type: 'figure', image: 0, sourceName: null, caption: '' },
      { type: 'p', html: 'Các trận đấu diễn ra sôi nổi, thể hiện tinh thần đoàn kết giữa các đơn vị trong ngành.' },
    ]);
    expect(draft.warnings).toEqual([expect.stringMatching(/^Ảnh thứ 1 không có chú thích/)]);
  });

  it('takes a centred paragraph or one starting with "Ảnh" as the caption, but not "Ảnh hưởng …"', async () => {
    const draft = await draftFromDocx(
      await docxOf([
        new Paragraph({ text: 'Tập huấn nghiệp vụ công tác công đoàn', heading: HeadingLevel.HEADING_1 }),
        plain('Trong 2 ngày 11 và 12/7, 80 cán bộ công đoàn cơ sở tham gia lớp tập huấn.'),
        photo(),
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun('Quang cảnh lớp tập huấn')] }),
        photo(),
        plain('Ảnh 2: Học viên thảo luận nhóm'),
        photo(),
        plain('Ảnh hưởng của lớp học tới phong trào cơ sở là rất rõ.'),
      ]),
      'tap-huan.docx',
    );
    const figures = draft.blocks.filter((block) => block.type === 'figure');
    expect(figures.map((figure) => figure.caption)).toEqual(['Quang cảnh lớp tập huấn', 'Học viên thảo luận nhóm', '']);
    expect(draft.blocks[draft.blocks.length - 1]).toEqual({ type: 'p', html: 'Ảnh hưởng của lớp học tới phong trào cơ sở là rất rõ.' });
    expect(draft.warnings).toEqual([expect.stringMatching(/^Ảnh thứ 3 không có chú thích/)]);
  });

  it('does not take a long italic paragraph as a caption', async () => {
    const long = `${'Đây là một đoạn văn in nghiêng rất dài kể lại diễn biến của buổi lễ. '.repeat(5)}`.trim();
    const draft = await draftFromDocx(
      await docxOf([
        new Paragraph({ text: 'Lễ kết nạp đoàn viên mới', heading: HeadingLevel.HEADING_1 }),
        plain('Chiều 3/6, Công đoàn cơ sở kết nạp 25 đoàn viên mới.'),
        photo(),
        italic(long),
      ]),
      'ket-nap.docx',
    );
    expect(draft.blocks[0]).toMatchObject({ type: 'figure', caption: '' });
    expect(draft.blocks[1]).toEqual({ type: 'p', html: `<em>${long}</em>` });
  });

  it('reads photos and captions laid out in a table, with a warning about the table', async () => {
    const draft = await draftFromDocx(
      await docxOf([
        new Paragraph({ text: 'Hội thao chào mừng ngày thành lập ngành', heading: HeadingLevel.HEADING_1 }),
        plain('Sáng 25/8, hơn 300 vận động viên tham gia hội thao.'),
        new Table({
          rows: [
            new TableRow({ children: [new TableCell({ children: [photo()] })] }),
            new TableRow({ children: [new TableCell({ children: [italic('Vận động viên thi kéo co')] })] }),
          ],
        }),
        plain('Tin: Đặng Văn Lộc'),
      ]),
      'hoi-thao.docx',
    );
    expect(draft.blocks).toEqual([{ type: 'figure', image: 0, sourceName: null, caption: 'Vận động viên thi kéo co' }]);
    expect(draft.byline).toEqual({ label: 'Tin', author: 'Đặng Văn Lộc', unit: null });
    expect(draft.warnings).toEqual([expect.stringMatching(/bảng/)]);
  });

  it.each([
    ['Tin & ảnh: Hồ Thị Mai', { label: 'Tin & ảnh', author: 'Hồ Thị Mai', unit: null }],
    ['Tin và ảnh: Hồ Thị Mai, LĐLĐ tỉnh', { label: 'Tin và ảnh', author: 'Hồ Thị Mai', unit: 'LĐLĐ tỉnh' }],
    ['Tin, ảnh: Hồ Thị Mai', { label: 'Tin, ảnh', author: 'Hồ Thị Mai', unit: null }],
    ['Bài: Hồ Thị Mai', { label: 'Bài', author: 'Hồ Thị Mai', unit: null }],
  ])('recognises the byline %s', async (line, byline) => {
    const draft = await draftFromDocx(
      await docxOf([
        new Paragraph({ text: 'Thăm hỏi đoàn viên bị ốm đau', heading: HeadingLevel.HEADING_1 }),
        plain('Ngày 5/9, Ban Thường vụ thăm hỏi 10 đoàn viên có hoàn cảnh khó khăn.'),
        plain(line),
        plain('Ban TGNC LĐLĐ tỉnh'),
      ]),
      'tham-hoi.docx',
    );
    expect(draft.byline).toEqual(byline);
    expect(draft.unitLine).toBe('Ban TGNC LĐLĐ tỉnh');
    expect(draft.blocks).toEqual([]);
  });

  it('reads a caption typed after a line break in the photo’s own paragraph', async () => {
    const draft = await draftFromDocx(
      await docxOf([
        new Paragraph({ text: 'Trao học bổng cho con đoàn viên', heading: HeadingLevel.HEADING_1 }),
        plain('Ngày 1/6, Công đoàn ngành trao 50 suất học bổng cho con đoàn viên vượt khó học giỏi.'),
        new Paragraph({
          children: [
            new ImageRun({ type: 'png', data: png, transformation: { width: 40, height: 30 } }),
            new TextRun({ text: 'Các em học sinh nhận học bổng', italics: true, break: 1 }),
          ],
        }),
      ]),
      'hoc-bong.docx',
    );
    expect(draft.blocks).toEqual([{ type: 'figure', image: 0, sourceName: null, caption: 'Các em học sinh nhận học bổng' }]);
    expect(draft.warnings).toEqual([]);
  });

  it('keeps the place of an image browsers cannot show, with a warning', async () => {
    const bmp = Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]);
    const draft = await draftFromDocx(
      await docxOf([
        new Paragraph({ text: 'Sơ đồ tổ chức công đoàn cơ sở', heading: HeadingLevel.HEADING_1 }),
        plain('Sơ đồ dưới đây mô tả cơ cấu tổ chức của công đoàn cơ sở sau đại hội.'),
        new Paragraph({ children: [new ImageRun({ type: 'bmp', data: bmp, transformation: { width: 10, height: 10 } })] }),
        italic('Sơ đồ tổ chức'),
      ]),
      'so-do.docx',
    );
    expect(draft.blocks).toEqual([{ type: 'figure', image: null, sourceName: null, caption: 'Sơ đồ tổ chức' }]);
    expect(draft.images).toEqual([]);
    expect(draft.warnings).toEqual([expect.stringMatching(/^Ảnh thứ 1 có định dạng BMP, trình duyệt không hiển thị được/)]);
  });

  it('warns about text typed in the old TCVN3 fonts', async () => {
    const draft = await draftFromDocx(await docxOf([plain('C«ng ®oµn c¬ së tæ chøc héi nghÞ c¸n bé c«ng chøc n¨m 2010.')]), 'cu.docx');
    expect(draft.warnings.join(' ')).toMatch(/phông chữ cũ \(TCVN3\/VNI\)/);
  });

  it('normalises decomposed Vietnamese to NFC', async () => {
    const draft = await draftFromDocx(
      await docxOf([
        new Paragraph({ text: 'Tuyên dương đoàn viên xuất sắc'.normalize('NFD'), heading: HeadingLevel.HEADING_1 }),
        plain('Chiều 30/12, Công đoàn ngành tuyên dương 15 đoàn viên.'.normalize('NFD')),
      ]),
      'tuyen-duong.docx',
    );
    expect(draft.headline).toBe('Tuyên dương đoàn viên xuất sắc');
    expect(draft.lead).toBe('Chiều 30/12, Công đoàn ngành tuyên dương 15 đoàn viên.');
  });
});

describe('draftFromDocx: limits', () => {
  it('keeps at most 100 images and says how many were dropped', async () => {
    const photos = Array.from({ length: 103 }, () => photo());
    const draft = await draftFromDocx(
      await docxOf([
        new Paragraph({ text: 'Bộ ảnh ngày hội văn hóa công nhân', heading: HeadingLevel.HEADING_1 }),
        plain('Ngày hội thu hút đông đảo công nhân lao động tham gia.'),
        ...photos,
      ]),
      'bo-anh.docx',
    );
    expect(draft.images).toHaveLength(100);
    expect(draft.blocks.filter((block) => block.type === 'figure')).toHaveLength(100);
    expect(draft.warnings.join(' ')).toMatch(/hơn 100 ảnh.*3 ảnh còn lại bị bỏ/);
  });

  it('stops at about 2 MB of text with a warning', async () => {
    const paragraph = 'Công đoàn các cấp tiếp tục chăm lo đời sống, bảo vệ quyền lợi hợp pháp của người lao động. '.repeat(100);
    const paragraphs = Array.from({ length: Math.ceil(2_100_000 / paragraph.length) }, () => plain(paragraph));
    const draft = await draftFromDocx(await docxOf([plain('Mở đầu bài viết rất dài.'), ...paragraphs]), 'dai.docx');
    const length = draft.blocks.reduce((sum, block) => sum + (block.type === 'p' ? block.html.length : 0), 0);
    expect(length).toBeLessThan(2_100_000);
    expect(length).toBeGreaterThan(1_900_000);
    expect(draft.warnings.join(' ')).toMatch(/quá dài/);
  }, 60_000);
});

/** A zip with stored (uncompressed) entries. */
function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function importErrorOf(bytes: Buffer, fileName: string): Promise<DraftImportError> {
  const error = await draftFromDocx(bytes, fileName).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DraftImportError);
  return error as DraftImportError;
}

describe('draftFromDocx: files that are not usable', () => {
  it('refuses an empty file', async () => {
    const error = await importErrorOf(Buffer.alloc(0), 'trong.docx');
    expect(error.message).toBe('Không nhập được «trong.docx»: tệp rỗng (0 byte), không có nội dung để nhập.');
  });

  it('refuses a PNG renamed .docx', async () => {
    expect((await importErrorOf(png, 'anh-doi-ten.docx')).message).toMatch(/«anh-doi-ten\.docx».*ảnh PNG, không phải văn bản Word/);
  });

  it('refuses an old Word 97-2003 .doc, saying how to fix it', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect((await importErrorOf(ole, 'C:\\Users\\pv\\bai-cu.doc')).message).toMatch(
      /^Không nhập được «bai-cu\.doc»: tệp \.doc \(Word 97-2003\) chưa được hỗ trợ, hãy lưu lại dạng \.docx/,
    );
  });

  it('refuses a password-protected Word file', async () => {
    const encrypted = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(200),
      Buffer.from('EncryptedPackage', 'utf16le'),
    ]);
    expect((await importErrorOf(encrypted, 'mat-khau.docx')).message).toMatch(/đặt mật khẩu/);
  });

  it('refuses a text file renamed .docx', async () => {
    expect((await importErrorOf(Buffer.from('Tin & ảnh: ai đó\nNội dung bài viết.'), 'ghi-chu.docx')).message).toMatch(
      /«ghi-chu\.docx».*văn bản thuần/,
    );
  });

  it('refuses a few bytes that only start like a zip', async () => {
    const junk = Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(40)]);
    expect((await importErrorOf(junk, 'hong.docx')).message).toMatch(/«hong\.docx».*bị hỏng/);
  });

  it('refuses a zip that is not a Word document', async () => {
    const zip = storedZip({ 'ghi-chu.txt': 'không phải Word', 'anh/so-do.txt': '1 2 3' });
    expect((await importErrorOf(zip, 'nen.docx')).message).toMatch(/«nen\.docx».*tệp nén \(zip\) nhưng không phải văn bản Word/);
  });

  it('refuses a zip with a word folder but no main document', async () => {
    const zip = storedZip({ '[Content_Types].xml': '<Types/>', 'word/styles.xml': '<styles/>' });
    expect((await importErrorOf(zip, 'thieu.docx')).message).toMatch(/«thieu\.docx».*không phải văn bản Word/);
  });

  it('refuses a truncated document', async () => {
    const whole = await docxOf(fullArticle());
    expect((await importErrorOf(whole.subarray(0, Math.floor(whole.length / 2)), 'dang-do.docx')).message).toMatch(/bị hỏng/);
  });

  it('refuses a document with no paragraphs, and one with only a photo', async () => {
    expect((await importErrorOf(await docxOf([]), 'rong.docx')).message).toMatch(/«rong\.docx».*không có chữ nào/);
    expect((await importErrorOf(await docxOf([photo()]), 'chi-anh.docx')).message).toMatch(/không có chữ nào \(chỉ có 1 ảnh\)/);
  });

  it('refuses a zip bomb quickly and in bounded memory, whatever sizes the zip declares', async () => {
    const word = (document: TestEntry) =>
      zipOf([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: '_rels/.rels', data: Buffer.from('<Relationships/>') },
        document,
      ]);
    const started = Date.now();
    const heap = process.memoryUsage().rss;
    for (const declaredSize of [150 * 1024 * 1024, 4000]) {
      const bomb = word({ name: 'word/document.xml', deflated: deflateBomb(150), declaredSize });
      expect(bomb.length).toBeLessThan(200_000);
      expect((await importErrorOf(bomb, 'bom.docx')).message).toMatch(/«bom\.docx».*giải nén quá lớn/);
    }
    const huge = word({ name: 'word/media/image1.png', deflated: deflateBomb(600), declaredSize: 10 });
    expect((await importErrorOf(huge, 'bom-anh.docx')).message).toMatch(/khi giải nén vượt quá 256 MB/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - heap).toBeLessThan(400 * 1024 * 1024);
  });

  it('refuses a zip64 document with a clear message instead of handing it to the parser', async () => {
    const whole = await docxOf(fullArticle());
    const end = whole.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    whole.writeUInt32LE(0xffffffff, end + 16);
    expect((await importErrorOf(whole, 'lon.docx')).message).toMatch(/«lon\.docx».*nén theo kiểu zip64/);
  });

  it('refuses a document too complex to convert within the worker limits', async () => {
    // 29 MB of runs: under the XML cap, far over what mammoth may use.
    const run = '<w:r><w:t>a</w:t></w:r>';
    const body = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>${run.repeat(1_200_000)}</w:p></w:body></w:document>`;
    const zip = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
      {
        name: '_rels/.rels',
        data: Buffer.from(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        ),
      },
      { name: 'word/document.xml', data: Buffer.from(body) },
    ]);
    expect((await importErrorOf(zip, 'phuc-tap.docx')).message).toMatch(/«phuc-tap\.docx».*quá phức tạp hoặc quá lớn để đọc/);
  }, 40_000);

  it('never crashes or hangs on random junk', async () => {
    for (let round = 0; round < 40; round += 1) {
      const prefix = round % 2 === 0 ? Buffer.from('PK\u0003\u0004') : Buffer.alloc(0);
      await importErrorOf(Buffer.concat([prefix, randomBytes(1 + round * 37)]), 'rac.docx');
    }
  });
});
