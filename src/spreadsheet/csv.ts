/** Reading CSV/TSV text as a stream of records, so a million-row file stays lean. */
import { parse } from 'csv-parse';
import { Readable, pipeline } from 'node:stream';
import { normalizeCell } from './cells.js';
import type { TextEncoding } from './sniff.js';
import { TableBuilder, type SheetHead, type SheetRow } from './table-builder.js';

export type Delimiter = ',' | ';' | '\t';
const DELIMITERS: Delimiter[] = [',', ';', '\t'];
const CHUNK_BYTES = 1 << 20;
const SAMPLE_BYTES = 1 << 16;
const SAMPLE_RECORDS = 30;
/** A record longer than this (characters) is refused: usually a quote that is never closed. */
export const MAX_RECORD_CHARS = 1_000_000;

export interface TextSource {
  bytes: Buffer;
  encoding: TextEncoding;
  bomLength: number;
}

/** Delimiter counts of each record in a sample, quotes respected. */
function countDelimiters(sample: string): Array<Record<Delimiter, number>> {
  const counts: Array<Record<Delimiter, number>> = [];
  let current = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let empty = true;
  for (const ch of sample) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (!empty) counts.push(current);
      current = { ',': 0, ';': 0, '\t': 0 };
      empty = true;
      if (counts.length >= SAMPLE_RECORDS) break;
      continue;
    } else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) current[ch]++;
    empty = false;
  }
  if (!empty && counts.length < SAMPLE_RECORDS) counts.push(current);
  return counts;
}

/** The count most records share (ties: the larger), and how many share it. */
function modeOf(values: number[]): { value: number; records: number } {
  const tally = new Map<number, number>();
  for (const v of values) if (v > 0) tally.set(v, (tally.get(v) ?? 0) + 1);
  let best = { value: 0, records: 0 };
  for (const [value, records] of tally) {
    if (records > best.records || (records === best.records && value > best.value)) best = { value, records };
  }
  return best;
}

/** The delimiter that splits most sample records into the same number of fields. */
export function detectDelimiter(sample: string): Delimiter {
  const counts = countDelimiters(sample);
  let best: { delimiter: Delimiter; value: number; records: number } = { delimiter: ',', value: 0, records: 0 };
  for (const delimiter of DELIMITERS) {
    const mode = modeOf(counts.map((c) => c[delimiter]));
    if (mode.records > best.records || (mode.records === best.records && mode.value > best.value)) best = { delimiter, ...mode };
  }
  return best.delimiter;
}

/** How far into its bytes a source has been handed to the parser. */
interface ReadPosition {
  bytes: number;
}

function* byteChunks(bytes: Buffer, start: number, position: ReadPosition): Generator<Buffer> {
  for (let i = start; i < bytes.length; i += CHUNK_BYTES) {
    position.bytes = Math.min(bytes.length, i + CHUNK_BYTES);
    yield bytes.subarray(i, i + CHUNK_BYTES);
  }
}

function* decodedChunks(source: TextSource, position: ReadPosition): Generator<string> {
  const decoder = new TextDecoder(source.encoding, { fatal: true });
  for (const chunk of byteChunks(source.bytes, source.bomLength, position)) yield decoder.decode(chunk, { stream: true });
  yield decoder.decode();
}

function textSample(source: TextSource): string {
  const slice = source.bytes.subarray(source.bomLength, source.bomLength + SAMPLE_BYTES);
  return new TextDecoder(source.encoding).decode(slice);
}

async function* records(source: TextSource, delimiter: Delimiter, position: ReadPosition): AsyncGenerator<string[]> {
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  const chunks = source.encoding === 'utf-8' ? byteChunks(source.bytes, source.bomLength, position) : decodedChunks(source, position);
  // One chunk ahead at most, so the share read follows the rows handed over.
  pipeline(Readable.from(chunks, { highWaterMark: 1 }), parser, () => undefined);
  for await (const record of parser) yield record as string[];
}

/** A Vietnamese reason for a csv-parse or text-decoding error. */
export function csvErrorReason(error: unknown): string {
  const e = (error ?? {}) as { code?: string; lines?: number };
  const where = e.lines ? ` (gần dòng ${e.lines})` : '';
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `có dấu ngoặc kép (") mở mà không đóng${where}.`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `có dấu ngoặc kép (") đóng không đúng chỗ${where}.`;
    case 'CSV_MAX_RECORD_SIZE':
      return `có dòng dài quá ${MAX_RECORD_CHARS.toLocaleString('vi-VN')} ký tự${where}, thường do dấu ngoặc kép không đóng.`;
    case 'ERR_ENCODING_INVALID_ENCODED_DATA':
      return 'chữ trong tệp không đúng mã UTF-16 như phần đầu tệp khai báo.';
    default:
      return `nội dung CSV không hợp lệ${where}.`;
  }
}

/** CSV/TSV text opened for reading: its header, then its data rows as they are parsed. */
export interface DelimitedRows {
  delimiter: Delimiter;
  /** The header found in the first rows, or null when they hold none. */
  head: SheetHead | null;
  /** The data rows, about `chunkRows` at a time; csv-parse and decoding errors are thrown as they come. */
  chunks(chunkRows: number): AsyncGenerator<SheetRow[]>;
  /** Share of the text handed to the parser so far, from 0 to 1. */
  readShare(): number;
}

/** Reads the first rows of CSV/TSV text to find its header; the data rows follow on demand. */
export async function openDelimitedText(source: TextSource, maxRows: number): Promise<DelimitedRows> {
  const delimiter = detectDelimiter(textSample(source));
  const position: ReadPosition = { bytes: source.bomLength };
  const builder = new TableBuilder(maxRows);
  const parsed = records(source, delimiter, position);
  let rowNumber = 0;
  let ended = false;
  const next = async (): Promise<boolean> => {
    const r = await parsed.next();
    if (r.done) return false;
    builder.add(++rowNumber, r.value.map(normalizeCell));
    return true;
  };
  while (!builder.headSettled) {
    if (!(await next())) {
      ended = true;
      break;
    }
  }
  const head = builder.settledHead();
  if (!head) await parsed.return(undefined);
  return {
    delimiter,
    head,
    async *chunks(chunkRows: number) {
      if (!head) return;
      while (!ended) {
        if (!(await next())) ended = true;
        if (builder.pending >= chunkRows) yield builder.take();
      }
      // The last rows, or those found among the first rows when the text ended there.
      if (builder.pending > 0) yield builder.take();
    },
    readShare: () => (source.bytes.length === 0 ? 1 : position.bytes / source.bytes.length),
  };
}
