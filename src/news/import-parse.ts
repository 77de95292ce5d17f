/**
 * Parser for plain-text dumps of pages of the old portal (see domain.md §4).
 *
 * A dump is a sequence of lines: a slogan strip, navigation and section headings, then one
 * article (single-article page) or several articles back to back (listing page), then a
 * "Trang x / y" pager. Photos appear as a line holding the image's file name or alt text,
 * followed by a caption line. The parser is pure, never throws, and reports what it could
 * not place as Vietnamese warnings.
 */

export interface ParsedFigure {
  image: string;
  caption: string;
}
export type ParsedBlock = { type: 'p'; text: string } | { type: 'figure'; image: string; caption: string } | { type: 'h'; text: string };
/** `label` is '' when the dump gives only "Name, Unit" without a "Tin & ảnh:"-style label. */
export interface ParsedByline {
  label: string;
  author: string;
  unit: string | null;
}
export interface ParsedDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}
export interface ParsedArticle {
  headline: string | null;
  dateLine: ParsedDate | null;
  leadDate: { year: number | null; month: number; day: number } | null;
  lead: string;
  blocks: ParsedBlock[];
  byline: ParsedByline | null;
  unitLine: string | null;
}
export interface ParsedPage {
  slogan: string | null;
  /** `count` is null when a listing page names its section without an article count. */
  section: { name: string; count: number | null } | null;
  pager: { page: number; pages: number } | null;
  articles: ParsedArticle[];
  warnings: string[];
}

type LeadDate = NonNullable<ParsedArticle['leadDate']>;

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export function parsePageDump(text: string): ParsedPage {
  const parser = new PageParser(typeof text === 'string' ? text : '');
  return parser.parse();
}

const HEADLINE_MAX_LENGTH = 120;

export function deriveHeadline(lead: string): string {
  if (typeof lead !== 'string') return '';
  // Only the opening matters; bounding the input keeps this cheap on pathological leads.
  const text = cleanLine(lead.slice(0, 2000).normalize('NFC'));
  const sentence = firstSentence(stripLeadingTimePhrase(text));
  const shortened = shortenToHeadline(removeParentheticals(sentence), HEADLINE_MAX_LENGTH);
  return capitaliseFirstLetter(stripTrailingPunctuation(shortened));
}

// ---------------------------------------------------------------------------------------------
// Text preparation
// ---------------------------------------------------------------------------------------------

interface SourceLine {
  text: string;
  lineNo: number;
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const INVISIBLE_CHARS = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const ODD_SPACES = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
/** Old Vietnamese Word files carry "¬" as a hidden hyphen inside words ("n¬ước"). */
const WORD_JOINER_ARTIFACT = /(\p{L})¬+(\p{L})/gu;

function cleanLine(raw: string): string {
  return raw.replace(INVISIBLE_CHARS, '').replace(ODD_SPACES, ' ').replace(WORD_JOINER_ARTIFACT, '$1$2').replace(/ {2,}/g, ' ').trim();
}

function splitIntoLines(text: string): { lines: SourceLine[]; controlChars: number } {
  let controlChars = 0;
  const normalised = text
    .replace(LONE_SURROGATES, '\uFFFD')
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(CONTROL_CHARS, () => {
      controlChars += 1;
      return '';
    });
  const lines: SourceLine[] = [];
  normalised.split('\n').forEach((raw, index) => {
    const cleaned = cleanLine(raw);
    if (cleaned !== '') lines.push({ text: cleaned, lineNo: index + 1 });
  });
  return { lines, controlChars };
}

/** Binary junk decodes to replacement characters and symbols; real text is mostly letters. */
function looksLikeText(line: string): boolean {
  const sample = line.slice(0, 2000);
  if (sample.length < 8) return !sample.includes('\uFFFD');
  const readable = sample.match(/[\p{L}\p{N}\s.,;:!?…'"“”‘’()\-–—/%&+]/gu)?.length ?? 0;
  return readable / sample.length >= 0.7;
}

// ---------------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------------

function wordCount(line: string): number {
  return line.split(' ').length;
}

function quote(line: string): string {
  return `«${line.length > 60 ? `${line.slice(0, 59)}…` : line}»`;
}

const ENDS_WITH_PERIOD = /[.…]["”’)»]*$/u;
const ENDS_WITH_SENTENCE = /[.!?…]["”’)»]*$/u;
const ENDS_WITH_NON_TITLE_PUNCTUATION = /[.,;:…]["”’)»]*$/u;
const STARTS_LIKE_A_TITLE = /^["“‘'(«]?[\p{Lu}\p{N}]/u;

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function fullYear(digits: string): number {
  const year = Number(digits);
  return digits.length <= 2 ? 2000 + year : year;
}

function makeDate(year: number, month: number, day: number, hour: number, minute: number): ParsedDate | null {
  if (year < 1900 || year > 2100 || !isCalendarDate(year, month, day)) return null;
  if (hour > 23 || minute > 59) return null;
  return { year, month, day, hour, minute };
}

const WEEKDAY = String.raw`(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|cn)`;
/** "Thứ sáu, 22 Tháng 1 2016 11:16" (the provincial portal, Joomla style). */
const WORDED_DATE_LINE = new RegExp(
  String.raw`^${WEEKDAY}\s*,?\s*(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s*(\d{4})(?:\s*,?\s*(?:lúc\s*)?(\d{1,2})\s*[:h]\s*(\d{2}))?$`,
  'iu',
);
/** "11:03 05-07-24" (the national sector union's site), also "22/01/2016 11:16" and the like. */
const NUMERIC_DATE_LINE = new RegExp(
  String.raw`^(?:${WEEKDAY}\s*,?\s*)?(?:(?:cập nhật|ngày đăng|đăng ngày|đăng lúc)\s*:?\s*)?` +
    String.raw`(?:(\d{1,2}):(\d{2})\s*,?\s*)?(\d{1,2})([/.-])(\d{1,2})\4(\d{4}|\d{2})` +
    String.raw`(?:\s*,?\s*(?:lúc\s*)?(\d{1,2}):(\d{2}))?(?:\s*\(GMT\s*[+-]\s*\d{1,2}\))?$`,
  'iu',
);

type DateLineResult = { date: ParsedDate } | { invalid: true } | null;

function parseDateLine(line: string): DateLineResult {
  if (line.length > 80) return null;
  const worded = WORDED_DATE_LINE.exec(line);
  if (worded) {
    const [, day, month, year, hour, minute] = worded;
    const date = makeDate(Number(year), Number(month), Number(day), Number(hour ?? 0), Number(minute ?? 0));
    return date ? { date } : { invalid: true };
  }
  const numeric = NUMERIC_DATE_LINE.exec(line);
  if (numeric) {
    const [, hourBefore, minuteBefore, day, , month, year, hourAfter, minuteAfter] = numeric;
    const hour = Number(hourBefore ?? hourAfter ?? 0);
    const minute = Number(minuteBefore ?? minuteAfter ?? 0);
    const date = makeDate(fullYear(year ?? ''), Number(month), Number(day), hour, minute);
    return date ? { date } : { invalid: true };
  }
  return null;
}

function isDateLine(line: string): boolean {
  return parseDateLine(line) !== null;
}

const PART_OF_DAY = String.raw`(?:rạng\s+sáng|sáng\s+sớm|sáng|trưa|chiều\s+tối|chiều|tối|đêm)`;
/** The lead's opening time phrase must name the day explicitly: "Chiều 27/4", "Ngày 10/11",
 * "Sáng ngày 12/01/2023", "Trong 2 ngày 11 và 12/7/2015". A bare "5/5 tổ" is not a date. */
const LEAD_DATE_PREFIX = String.raw`(?:(?:vào|hôm)\s+)?(?:${PART_OF_DAY}(?:\s+(?:hôm\s+)?ngày)?|ngày|trong\s+(?:\d{1,2}|hai|ba|bốn|năm)\s+ngày|từ\s+ngày)`;
const MUNG = String.raw`(?:(?:mùng|mồng)\s*)?`;
const DAY_RANGE_END = String.raw`(?:\s*(?:-|–|và|đến)\s*(?:ngày\s+)?${MUNG}\d{1,2})?`;
const SLASH_DATE = String.raw`${MUNG}(\d{1,2})${DAY_RANGE_END}\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}|\d{2}))?(?![\d/])`;
const WORDED_DATE = String.raw`${MUNG}(\d{1,2})${DAY_RANGE_END}\s+tháng\s+(\d{1,2})(?:\s*,?\s*năm\s+(\d{4}))?(?!\d)`;
const LEAD_DATE = new RegExp(String.raw`^${LEAD_DATE_PREFIX}\s+(?:${SLASH_DATE}|${WORDED_DATE})`, 'iu');

function matchLeadDate(text: string): { date: LeadDate; length: number } | null {
  const match = LEAD_DATE.exec(text.slice(0, 200));
  if (!match) return null;
  const day = Number(match[1] ?? match[4]);
  const month = Number(match[2] ?? match[5]);
  const yearDigits = match[3] ?? match[6];
  const year = yearDigits === undefined ? null : fullYear(yearDigits);
  const valid = year === null ? isCalendarDate(2000, month, day) : year >= 1900 && year <= 2100 && isCalendarDate(year, month, day);
  return valid ? { date: { year, month, day }, length: match[0].length } : null;
}

function opensWithDate(line: string): boolean {
  return matchLeadDate(line) !== null;
}

/** The date at the start of the lead, or else at the start of its second or third sentence
 * ("Thiết thực kỷ niệm …. Ngày 07 tháng 3 năm 2023 …" puts the occasion first). */
function findLeadDate(lead: string): LeadDate | null {
  for (const sentence of sentenceStarts(lead.slice(0, 1000), 3)) {
    const match = matchLeadDate(sentence);
    if (match) return match.date;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Sentences and headlines
// ---------------------------------------------------------------------------------------------

const SENTENCE_BOUNDARY = /[.!?…]["”’)»]*\s+(?=["“‘(«]?[\p{Lu}\p{N}])/gu;

/** Titles and place prefixes written with a period. Longer acronyms ("UBND.", "CNVCLĐ.")
 * and short names ("Hà Nội.") do end sentences. */
const ABBREVIATION = /^(?:\p{Lu}{1,2}|ThS|PGS|Tp|Đ\/c|đ\/c)$/u;

/** Index just past each sentence end, skipping periods that close an abbreviation. */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const match of text.matchAll(SENTENCE_BOUNDARY)) {
    const before = text.slice(0, match.index);
    if (ABBREVIATION.test(before.slice(before.lastIndexOf(' ') + 1))) continue;
    ends.push(match.index + match[0].length);
  }
  return ends;
}

function sentenceStarts(text: string, limit: number): string[] {
  const starts = [0, ...sentenceEnds(text)].slice(0, limit);
  return starts.map((start) => text.slice(start));
}

function firstSentence(text: string): string {
  const [end] = sentenceEnds(text);
  return end === undefined ? text : text.slice(0, end).trim();
}

const LOOSE_TIME_OPENERS = /^(?:vừa qua|mới đây|hôm qua|hôm nay|sáng nay|chiều nay|tối nay)\s*,?\s*/iu;

function stripLeadingTimePhrase(text: string): string {
  const date = matchLeadDate(text);
  const rest = date ? text.slice(date.length) : text;
  return rest.replace(/^[\s,:;–-]+/u, '').replace(LOOSE_TIME_OPENERS, '');
}

/** "Liên đoàn Lao động (LĐLĐ) tỉnh" → "Liên đoàn Lao động tỉnh": a parenthesis only glosses an
 * acronym or adds an aside, which a headline does without. */
function removeParentheticals(text: string): string {
  return text.replace(/\s*\([^()]{1,80}\)/gu, '');
}

const DANGLING_WORDS = new Set([
  'và',
  'của',
  'cho',
  'với',
  'các',
  'những',
  'trong',
  'về',
  'tại',
  'để',
  'là',
  'được',
  'đã',
  'có',
  'từ',
  'đến',
  'theo',
  'mà',
  'hoặc',
  'nhằm',
  'như',
  'khi',
  'sẽ',
  'đang',
  'cùng',
  'trên',
  'dưới',
]);

function dropDanglingWords(text: string): string {
  const words = text.split(' ');
  while (words.length > 1 && DANGLING_WORDS.has((words[words.length - 1] ?? '').toLocaleLowerCase('vi'))) words.pop();
  return words.join(' ');
}

/** Commas, semicolons and spaced dashes end clauses; a dash between numbers is a range. */
const CLAUSE_BOUNDARY = /[,;](?= )| [–—-](?= )(?! ?\d)/gu;

function lastClauseBoundary(text: string): number {
  let last = -1;
  for (const match of text.matchAll(CLAUSE_BOUNDARY)) last = match.index;
  return last;
}

/** Cut at the last clause boundary when that keeps most of the allowance, else at the last
 * word boundary, dropping a dangling function word ("và", "của"…) left at the end. */
function shortenToHeadline(sentence: string, maxLength: number): string {
  const text = stripTrailingPunctuation(sentence);
  if (text.length <= maxLength) return text;
  const window = text.slice(0, maxLength + 1);
  const clauseEnd = lastClauseBoundary(window);
  if (clauseEnd >= maxLength * 0.75) return dropDanglingWords(text.slice(0, clauseEnd));
  const wordEnd = window.lastIndexOf(' ');
  if (wordEnd > 0) return dropDanglingWords(text.slice(0, wordEnd));
  return text.slice(0, maxLength);
}

function stripTrailingPunctuation(text: string): string {
  return text.replace(/[\s.,;:!?…/\-–—(«“"'‘]+$/u, '').trim();
}

function capitaliseFirstLetter(text: string): string {
  const index = text.search(/\p{L}/u);
  if (index < 0) return text;
  const letter = String.fromCodePoint(text.codePointAt(index) ?? 0);
  return text.slice(0, index) + letter.toLocaleUpperCase('vi') + text.slice(index + letter.length);
}

// ---------------------------------------------------------------------------------------------
// Line classifiers
// ---------------------------------------------------------------------------------------------

const PAGER = /^trang\s+(\d{1,5})\s*(?:\/|trên|của)\s*(\d{1,5})$/iu;

function parsePager(line: string): { page: number; pages: number } | null {
  const match = PAGER.exec(line);
  return match ? { page: Number(match[1]), pages: Number(match[2]) } : null;
}

/** "LĐLĐ tỉnh (223)": a section name followed by its article count. */
function parseSectionHeading(line: string): { name: string; count: number } | null {
  if (line.length > 70) return null;
  const match = /^(\S.*?)\s*\((\d{1,6})\)$/u.exec(line);
  if (!match) return null;
  const name = match[1] ?? '';
  if (wordCount(name) > 8 || /[.,;:!?]$/.test(name) || /\d/.test(name)) return null;
  return { name, count: Number(match[2]) };
}

const NAVIGATION_LINES = new Set([
  'trang chủ',
  'tin tức',
  'tin tức - sự kiện',
  'tin tức – sự kiện',
  'xem tiếp',
  'đọc tiếp',
  'chi tiết',
  'xem chi tiết',
  'xem thêm',
  'in bài',
  'in trang',
  'bản in',
  'gửi email',
  'gửi bài viết qua email',
  'quay lại',
  'quay về',
  'về đầu trang',
  'lên đầu trang',
  'chia sẻ',
  'facebook',
  'twitter',
  'zalo',
  'tweet',
  'share',
  'like',
  'email',
  'print',
  'in',
  'trở về',
  'đầu trang',
]);
const PAGINATION_TOKEN = /^(?:đầu|cuối|lùi|trước|tiếp|theo|sau|start|prev|next|end|[«»‹›<>]{1,2}|\.\.\.|…|\d{1,4})$/iu;
const VIEW_COUNTER = /^(?:lượt xem|lượt đọc|số lần đọc|đã xem)\s*:?\s*[\d.,]+(?:\s*lượt)?$/iu;
const BREADCRUMB = /^(?:trang chủ|home)\s*(?:>|»|\/|›)/iu;

function isNavigationChrome(line: string): boolean {
  if (line.length > 120) return false;
  const bare = line
    .replace(/[\s:»>«<|]+$/u, '')
    .replace(/^[\s»>«<|]+/u, '')
    .toLocaleLowerCase('vi');
  return NAVIGATION_LINES.has(bare) || isPaginationRow(line) || VIEW_COUNTER.test(line) || BREADCRUMB.test(line);
}

/** "Đầu « Lùi 1 2 3 Tiếp » Cuối": checked token by token, which keeps it linear. */
function isPaginationRow(line: string): boolean {
  return line.split(' ').every((token) => PAGINATION_TOKEN.test(token));
}

/** Headings above a list of other articles' titles, and the site footer: no content follows. */
const RELATED_ARTICLES_HEADING =
  /^(?:các tin khác|tin khác|các tin đã đưa|tin cùng chuyên mục|tin liên quan|bài viết liên quan|các bài viết khác|các bài khác)\s*:?$/iu;
const FOOTER_OPENING = /^(?:bản quyền|copyright|©|cơ quan chủ quản|giấy phép số|chịu trách nhiệm nội dung)/iu;

function startsTrailingChrome(line: string): boolean {
  return RELATED_ARTICLES_HEADING.test(line) || (line.length <= 100 && FOOTER_OPENING.test(line) && !ENDS_WITH_SENTENCE.test(line));
}

/** The national site prints its bilingual name in capitals at the top. */
function isMasthead(line: string): boolean {
  return line.length <= 80 && !/\p{Ll}/u.test(line) && (line.match(/\p{Lu}/gu)?.length ?? 0) >= 3;
}

const GREETING = /^(?:nhiệt liệt\s+)?(?:chào mừng|chúc mừng|mừng)\s/iu;

/** Short, unpunctuated, digit-free lines at the top: breadcrumbs and section names. */
function isShortNavigationLine(line: string): boolean {
  return line.length <= 50 && wordCount(line) <= 6 && !/[\d.,;:!?…"“”()]/u.test(line) && !opensWithDate(line);
}

const BYLINE_LABEL = /^((?:tin|bài)(?:\s*(?:&|và|,|\/|\+)\s*ảnh)?)\s*:\s*(.+)$/iu;
const PERSONAL_NAME = String.raw`\p{Lu}\p{Ll}*(?:\s\p{Lu}\p{Ll}*){1,4}`;
const NAME_ONLY = new RegExp(String.raw`^${PERSONAL_NAME}$`, 'u');
const NAME_AND_UNIT = new RegExp(String.raw`^(${PERSONAL_NAME})\s*(?:,|\s[–—-])\s*(.+)$`, 'u');
const UNIT_KEYWORD =
  /^(?:ban|văn phòng|vp|công đoàn|cđ\p{Lu}*|lđlđ|liên đoàn|tổng liên đoàn|ubkt|ủy ban|uỷ ban|phòng|trường|sở|báo|tạp chí|trung tâm|bệnh viện|công ty|đảng ủy|đảng uỷ)(?=$|[\s,.–-])/iu;

export function startsWithUnitKeyword(text: string): boolean {
  return UNIT_KEYWORD.test(text);
}

/** "Tô Thị Ái, Công đoàn Viên chức tỉnh" / "Tô Thị Ái – CĐVC" / "Tô Thị Ái (CĐVC tỉnh)". */
function splitAuthorAndUnit(text: string): { author: string; unit: string | null } {
  const parenthesised = /^(.+?)\s*\(([^()]+)\)$/u.exec(text);
  if (parenthesised) return { author: (parenthesised[1] ?? '').trim(), unit: (parenthesised[2] ?? '').trim() };
  const match = /^(.+?)\s*(?:,|\s[–—-]\s?)\s*(.+)$/u.exec(text);
  if (!match) return { author: text, unit: null };
  return { author: (match[1] ?? '').trim(), unit: (match[2] ?? '').trim() || null };
}

export function parseLabelledByline(line: string): ParsedByline | null {
  if (line.length > 160) return null;
  const match = BYLINE_LABEL.exec(line);
  if (!match) return null;
  const label = (match[1] ?? '')
    .replace(/\s*([&,/+])\s*/u, (_all, sign: string) => (sign === ',' ? ', ' : ` ${sign} `))
    .replace(/\s+/g, ' ');
  const rest = (match[2] ?? '').replace(/[.;,]+$/u, '').trim();
  const { author, unit } = splitAuthorAndUnit(rest);
  if (author === '' || author.length > 60 || wordCount(author) > 7) return null;
  return { label, author, unit };
}

function isLabelledByline(line: string): boolean {
  return parseLabelledByline(line) !== null;
}

/** A byline without a label: "Name, Unit" where the unit names an organisation, or a bare
 * name whose unit follows on the next line. Personal names are 2–5 capitalised words. */
export function parseUnlabelledByline(line: string, next: string | null): ParsedByline | null {
  if (line.length > 110 || ENDS_WITH_SENTENCE.test(line.replace(/\.\/\.$/, ''))) return null;
  const withUnit = NAME_AND_UNIT.exec(line);
  if (withUnit) {
    const unit = (withUnit[2] ?? '').trim();
    if (unit.length <= 70 && startsWithUnitKeyword(unit)) return { label: '', author: withUnit[1] ?? '', unit };
    return null;
  }
  if (NAME_ONLY.test(line) && next !== null && isUnitLike(next) && startsWithUnitKeyword(next)) {
    return { label: '', author: line, unit: null };
  }
  return null;
}

/** The author's unit on its own line: "Ban TGNC LĐLĐ tỉnh", "LĐLĐ tỉnh", "CĐN Giáo dục". */
export function isUnitLike(line: string): boolean {
  return (
    line.length <= 80 &&
    wordCount(line) <= 10 &&
    !/[.:;!?]$/u.test(line) &&
    !opensWithDate(line) &&
    !isDateLine(line) &&
    !isImageFileName(line) &&
    parsePager(line) === null
  );
}

const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|bmp|tiff?|heic)$/iu;
const CAMERA_FILE = /^(?:img|dsc|dscn|dcim|pxl|mvimg|screenshot)[\s_-]?\d/iu;
const NUMBERED_PHOTO = /^(?:ảnh|anh|hình|hinh|photo|pic|a)[\s_-]*\d{1,4}(?:[\s_.-]+[\p{L}\d.]{1,8}){0,3}$/iu;
const HASHED_NAME = /^[a-z]?\d{6,}(?:[\s_-]+[0-9a-f]{6,})+$|^[0-9a-f]{16,}$/iu;
const DIGIT_HEAVY_TOKEN = /^(?=(?:\D*\d){5})[\w-]{8,}$/u;

/** Lines that can only be an image's file name: an image extension, a camera or chat-app
 * file name (digits and hex hashes), or a numbered "Ảnh 2", "anh1", "a1". */
function isImageFileName(line: string): boolean {
  if (line.length > 120) return false;
  if (IMAGE_EXTENSION.test(line) && wordCount(line) <= 6) return true;
  if (line.length <= 24 && NUMBERED_PHOTO.test(line)) return true;
  return line.length <= 80 && (CAMERA_FILE.test(line) || HASHED_NAME.test(line) || DIGIT_HEAVY_TOKEN.test(line));
}

/** Alt text such as "Toan canh HN TK", "SK VC 6t -2017", "Tham quan gian hàng": a few words,
 * no sentence punctuation. Only a figure when a caption-like line follows (see tryFigure). */
function isAltTextLike(line: string): boolean {
  return line.length <= 40 && wordCount(line) <= 6 && !/[,;:!?…"“”()]/u.test(line) && !ENDS_WITH_PERIOD.test(line) && !opensWithDate(line);
}

/** A caption is one short-ish line, normally without a final period. After an unmistakable
 * file name a period is tolerated on a shorter line; the "./." that closes articles never is. */
function isCaptionLike(line: string, afterFileName: boolean): boolean {
  if (line.length < 2 || line.length > 300) return false;
  if (isImageFileName(line) || isDateLine(line) || parsePager(line) !== null || parseSectionHeading(line) !== null) return false;
  if (isLabelledByline(line) || opensWithDate(line) || /[:;]$/u.test(line)) return false;
  if (!ENDS_WITH_PERIOD.test(line)) return true;
  return afterFileName && line.length <= 250 && !line.endsWith('./.');
}

/** A paragraph that can open an article: dated, a full sentence, or simply long. */
function isLeadLike(line: string): boolean {
  if (isImageFileName(line) || isDateLine(line) || parsePager(line) !== null || isLabelledByline(line)) return false;
  return opensWithDate(line) || ENDS_WITH_SENTENCE.test(line) || line.length >= 150;
}

function isTitleLike(line: string): boolean {
  if (line.length < 8 || line.length > 250) return false;
  const words = wordCount(line);
  if (words < 2 || words > 40 || !STARTS_LIKE_A_TITLE.test(line) || ENDS_WITH_NON_TITLE_PUNCTUATION.test(line)) return false;
  return (
    !opensWithDate(line) &&
    !isImageFileName(line) &&
    !isDateLine(line) &&
    parsePager(line) === null &&
    parseSectionHeading(line) === null &&
    !isLabelledByline(line) &&
    looksLikeText(line)
  );
}

// ---------------------------------------------------------------------------------------------
// The page parser: a single pass over the content lines with one or two lines of look-ahead
// ---------------------------------------------------------------------------------------------

interface ArticleDraft {
  headline: string | null;
  dateLine: ParsedDate | null;
  lead: string;
  blocks: ParsedBlock[];
  byline: ParsedByline | null;
  unitLine: string | null;
  /** Opened by a headline or date line rather than inferred from the text. */
  marked: boolean;
  /** Its byline has been read; only the unit line may still follow. */
  closing: boolean;
  startLineNo: number;
}

class PageParser {
  private readonly page: ParsedPage = { slogan: null, section: null, pager: null, articles: [], warnings: [] };
  private lines: SourceLine[] = [];
  private index = 0;
  private current: ArticleDraft | null = null;
  private hasPager = false;
  /** Lines that occur more than once: a repeated strip at the top is the slogan. */
  private readonly repeatedLines = new Set<string>();
  private readonly repeatedChrome = new Set<string>();

  constructor(private readonly text: string) {}

  parse(): ParsedPage {
    try {
      this.prepare();
      this.parsePrelude();
      this.parseBody();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.warn(`Lỗi không mong đợi khi phân tích trang (${reason}); kết quả có thể chưa đầy đủ.`);
    } finally {
      this.closeArticle();
    }
    this.reportMissingArticles();
    return this.page;
  }

  // --- preparation --------------------------------------------------------------------------

  private prepare(): void {
    const { lines, controlChars } = splitIntoLines(this.text);
    if (controlChars > 0) this.warn(`Đã bỏ ${controlChars} ký tự điều khiển không hợp lệ.`);
    this.lines = lines.filter((line) => {
      if (looksLikeText(line.text)) return true;
      this.warn(`Dòng ${line.lineNo}: bỏ qua dòng không đọc được (có thể là dữ liệu nhị phân).`);
      return false;
    });
    this.hasPager = this.lines.some((line) => parsePager(line.text) !== null);
    const seen = new Set<string>();
    for (const { text } of this.lines) {
      if (seen.has(text)) this.repeatedLines.add(text);
      seen.add(text);
    }
  }

  private peek(offset: number): string | null {
    return this.lines[this.index + offset]?.text ?? null;
  }

  private get lineNo(): number {
    return this.lines[this.index]?.lineNo ?? 0;
  }

  private warn(message: string): void {
    this.page.warnings.push(message);
  }

  // --- prelude: masthead, slogan, breadcrumbs, section heading ------------------------------

  private parsePrelude(): void {
    while (this.index < this.lines.length) {
      const line = this.peek(0) ?? '';
      const next = this.peek(1);
      if (this.tryPager(line) || isNavigationChrome(line)) {
        this.index += 1;
        continue;
      }
      if (isMasthead(line) && !(next !== null && isDateLine(next))) {
        this.skipAsRepeatedChrome(line);
        continue;
      }
      if (this.trySectionHeading(line)) continue;
      if (this.page.slogan === null && this.page.section === null && this.isSlogan(line)) {
        this.page.slogan = line;
        this.skipAsRepeatedChrome(line);
        continue;
      }
      if (this.isBreadcrumb(line, next)) {
        this.index += 1;
        continue;
      }
      if (this.isUncountedSectionName(line, next)) {
        this.page.section = { name: line, count: null };
        this.index += 1;
        continue;
      }
      return;
    }
  }

  private skipAsRepeatedChrome(line: string): void {
    this.repeatedChrome.add(line);
    this.index += 1;
  }

  /** The slogan strip is the first line when what follows it is page structure (a date line,
   * a section heading, a breadcrumb) rather than article text, or when the page repeats it. */
  private isSlogan(line: string): boolean {
    const next = this.peek(1);
    const afterNext = this.peek(2);
    if (next === null || isDateLine(line) || opensWithDate(line)) return false;
    if (line.length >= 30 && this.repeatedLines.has(line)) return true;
    if (GREETING.test(line) && line.length <= 250) {
      // "Greeting, date, title" is a slogan above an article; "title, date, lead" is a headline.
      return !isDateLine(next) || (afterNext !== null && isTitleLike(afterNext));
    }
    if (!ENDS_WITH_SENTENCE.test(line) || line.length < 40) return false;
    if (isDateLine(next) || parseSectionHeading(next) !== null) return true;
    return (
      isShortNavigationLine(next) &&
      (afterNext === null || parseSectionHeading(afterNext) !== null || isShortNavigationLine(afterNext) || isLeadLike(afterNext))
    );
  }

  /** "LĐLĐ tỉnh" above "LĐLĐ tỉnh (223)". */
  private isBreadcrumb(line: string, next: string | null): boolean {
    return isShortNavigationLine(line) && next !== null && (parseSectionHeading(next) !== null || isShortNavigationLine(next));
  }

  /** On a listing page (it has a pager) a short name above the first lead is the section,
   * printed without its count, e.g. "Công đoàn viên chức tỉnh". */
  private isUncountedSectionName(line: string, next: string | null): boolean {
    return (
      this.hasPager && this.page.section === null && isShortNavigationLine(line) && next !== null && !isDateLine(next) && isLeadLike(next)
    );
  }

  // --- body ---------------------------------------------------------------------------------

  private parseBody(): void {
    while (this.index < this.lines.length) {
      const line = this.peek(0) ?? '';
      if (startsTrailingChrome(line)) {
        this.skipTrailingChrome();
        return;
      }
      if (this.tryPager(line) || isNavigationChrome(line) || this.repeatedChrome.has(line)) {
        this.index += 1;
        continue;
      }
      if (this.current?.closing) {
        if (this.tryUnitLine(line)) continue;
        this.closeArticle();
      }
      if (this.tryDateLine(line) || this.trySectionHeading(line) || this.tryByline(line) || this.tryHeadline(line) || this.tryFigure(line))
        continue;
      this.addText(line);
    }
  }

  /** Related-article lists and footers carry no content, but the pager may still follow. */
  private skipTrailingChrome(): void {
    for (; this.index < this.lines.length; this.index += 1) this.tryPager(this.peek(0) ?? '');
  }

  private tryPager(line: string): boolean {
    const pager = parsePager(line);
    if (!pager) return false;
    if (pager.page < 1 || pager.pages < 1 || pager.page > pager.pages) {
      this.warn(`Dòng ${this.lineNo}: số trang ${quote(line)} không hợp lệ, đã bỏ qua.`);
    } else if (this.page.pager === null) {
      this.page.pager = pager;
    } else if (this.page.pager.page !== pager.page || this.page.pager.pages !== pager.pages) {
      this.warn(`Dòng ${this.lineNo}: số trang ${quote(line)} khác với số trang đã gặp, đã bỏ qua.`);
    }
    return true;
  }

  private trySectionHeading(line: string): boolean {
    const section = parseSectionHeading(line);
    if (!section) return false;
    if (this.page.section === null || this.page.section.count === null) this.page.section = section;
    else if (this.page.section.name !== section.name || this.page.section.count !== section.count) {
      this.warn(`Dòng ${this.lineNo}: tiêu đề chuyên mục ${quote(line)} lặp lại, đã bỏ qua.`);
    }
    this.index += 1;
    return true;
  }

  /** A date line opens an article, unless it belongs to a headline that has just opened one. */
  private tryDateLine(line: string): boolean {
    const parsed = parseDateLine(line);
    if (parsed === null) return false;
    const lineNo = this.lineNo;
    this.index += 1;
    if ('invalid' in parsed) {
      this.warn(`Dòng ${lineNo}: ngày giờ ${quote(line)} không hợp lệ, đã bỏ qua.`);
      return true;
    }
    const draft = this.current;
    if (draft && draft.lead === '' && draft.dateLine === null && draft.blocks.length === 0) {
      draft.dateLine = parsed.date;
      draft.marked = true;
    } else {
      this.startArticle({ dateLine: parsed.date }, lineNo);
    }
    return true;
  }

  private tryByline(line: string): boolean {
    const draft = this.current;
    const next = this.peek(1);
    const byline = parseLabelledByline(line) ?? (draft && draft.lead !== '' ? parseUnlabelledByline(line, next) : null);
    if (!byline) return false;
    if (!draft) {
      this.warn(`Dòng ${this.lineNo}: dòng tác giả ${quote(line)} không thuộc bài nào, đã bỏ qua.`);
    } else if (draft.byline) {
      this.warn(`Dòng ${this.lineNo}: bài đã có dòng tác giả, bỏ qua dòng ${quote(line)}.`);
    } else {
      draft.byline = byline;
      draft.closing = true;
    }
    this.index += 1;
    return true;
  }

  /** After a byline, a short organisation line is the author's unit. Without a unit keyword
   * only a very short line qualifies, and never one that introduces a date line (a headline). */
  private tryUnitLine(line: string): boolean {
    const draft = this.current;
    if (!draft?.byline || draft.unitLine !== null || !isUnitLike(line)) return false;
    const next = this.peek(1);
    if (next !== null && isDateLine(next)) return false;
    const qualifies = startsWithUnitKeyword(line) || (draft.byline.unit === null && wordCount(line) <= 5);
    if (!qualifies) return false;
    draft.unitLine = line;
    this.index += 1;
    this.closeArticle();
    return true;
  }

  /** Headlines: a title-like line next to a date line (either order), or at the start of an
   * article followed by its lead, or a title-like line followed by a dated lead mid-page. */
  private tryHeadline(line: string): boolean {
    if (!isTitleLike(line)) return false;
    const draft = this.current;
    const next = this.peek(1);
    const awaitingHeadline = draft !== null && draft.lead === '' && draft.headline === null && draft.blocks.length === 0;
    if (next !== null && isDateLine(next)) {
      if (awaitingHeadline && draft.dateLine === null) this.setHeadline(draft, line);
      else this.startHeadedArticle(line);
      return true;
    }
    if (awaitingHeadline && draft.dateLine !== null) {
      this.setHeadline(draft, line);
      return true;
    }
    if (next === null || !isLeadLike(next)) return false;
    if (awaitingHeadline) this.setHeadline(draft, line);
    else if (draft === null || (draft.lead !== '' && opensWithDate(next))) this.startHeadedArticle(line);
    else return false;
    return true;
  }

  private setHeadline(draft: ArticleDraft, line: string): void {
    draft.headline = line;
    draft.marked = true;
    this.index += 1;
  }

  private startHeadedArticle(line: string): void {
    this.startArticle({ headline: line }, this.lineNo);
    this.index += 1;
  }

  private tryFigure(line: string): boolean {
    const next = this.peek(1);
    if (isImageFileName(line)) {
      const hasCaption = next !== null && isCaptionLike(next, true);
      const caption = hasCaption ? next : this.adoptPrecedingCaption();
      if (caption === '') this.warn(`Dòng ${this.lineNo}: ảnh ${quote(line)} không có chú thích.`);
      this.addFigure(line, caption, hasCaption ? 2 : 1);
      return true;
    }
    // Alt text is only recognised inside an article body: before the lead, a short line
    // followed by a short one is more likely a headline or section name.
    if (this.current?.lead && isAltTextLike(line) && next !== null && isCaptionLike(next, false)) {
      this.addFigure(line, next, 2);
      return true;
    }
    return false;
  }

  /** A gallery may print its caption above a run of uncaptioned images: take the preceding
   * short unpunctuated paragraph as the caption of the run's first image. */
  private adoptPrecedingCaption(): string {
    const blocks = this.current?.blocks ?? [];
    const last = blocks[blocks.length - 1];
    if (!last || last.type === 'figure') return '';
    if (last.text.length > 200 || /[.:;]["”’)]*$/u.test(last.text)) return '';
    blocks.pop();
    return last.text;
  }

  private addFigure(image: string, caption: string, linesUsed: number): void {
    const draft = this.current ?? this.startArticle({}, this.lineNo);
    draft.blocks.push({ type: 'figure', image, caption });
    this.index += linesUsed;
  }

  private addText(line: string): void {
    const next = this.peek(1);
    const lineNo = this.lineNo;
    this.index += 1;
    const draft = this.current;
    if (!draft) {
      this.startArticle({ lead: line }, lineNo);
      return;
    }
    if (draft.lead === '') {
      draft.lead = line;
      return;
    }
    // Listing pages run short articles together as bare dated leads ("Ngày 10/11, …" then
    // "Ngày 17/10, …"). An unmarked article that is still only a lead therefore ends where
    // the next dated paragraph begins; inside a headed article, a dated paragraph stays.
    if (!draft.marked && draft.blocks.length === 0 && opensWithDate(line)) {
      this.startArticle({ lead: line }, lineNo);
      return;
    }
    const isSubheading = isTitleLike(line) && line.length <= 120 && wordCount(line) <= 15 && next !== null && isLeadLike(next);
    draft.blocks.push(isSubheading ? { type: 'h', text: line } : { type: 'p', text: line });
  }

  // --- articles -----------------------------------------------------------------------------

  private startArticle(start: { headline?: string; dateLine?: ParsedDate; lead?: string }, lineNo: number): ArticleDraft {
    this.closeArticle();
    const draft: ArticleDraft = {
      headline: start.headline ?? null,
      dateLine: start.dateLine ?? null,
      lead: start.lead ?? '',
      blocks: [],
      byline: null,
      unitLine: null,
      marked: start.headline !== undefined || start.dateLine !== undefined,
      closing: false,
      startLineNo: lineNo,
    };
    this.current = draft;
    return draft;
  }

  private closeArticle(): void {
    const draft = this.current;
    if (!draft) return;
    this.current = null;
    const number = this.page.articles.length + 1;
    if (draft.lead === '') this.warn(`Bài ${number} (dòng ${draft.startLineNo}): không có đoạn mở đầu.`);
    this.page.articles.push({
      headline: draft.headline,
      dateLine: draft.dateLine,
      leadDate: draft.lead === '' ? null : findLeadDate(draft.lead),
      lead: draft.lead,
      blocks: draft.blocks,
      byline: draft.byline,
      unitLine: draft.unitLine,
    });
  }

  private reportMissingArticles(): void {
    if (this.lines.length === 0) {
      if (!this.page.warnings.some((warning) => warning.startsWith('Trang trống'))) {
        this.warn('Trang trống: không có nội dung nào để phân tích.');
      }
    } else if (this.page.articles.length === 0) {
      this.warn('Không tìm thấy bài viết nào trên trang.');
    }
  }
}
