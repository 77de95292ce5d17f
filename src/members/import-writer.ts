import type { BulkColumn } from '../db/bulk.js';
import type { StatementSender } from '../db/context.js';
import type { MemberImportPieces } from '../db/dialects/index.js';
import { vietnameseNameSortKey } from '../lib/names.js';
import type { ValidMemberRow } from './import/validate.js';

/**
 * Writing checked import rows into a chunk's transaction: each row a member (naming its
 * import job) and a joining period.
 *
 * A chunk's statements are sent before the caller checks the next chunk: the database
 * (PostgreSQL's server, or SQLite in its worker thread) writes one chunk while Node
 * checks the next. Periods find their members by import key.
 */

export type KeyedRow = ValidMemberRow & { importKey: string; joinedOn: string };

const MEMBER_COLUMNS: BulkColumn[] = [
  ['full_name', 'text'],
  ['name_folded', 'text'],
  ['sort_key', 'text'],
  ['gender', 'text'],
  ['birth_date', 'text'],
  ['birth_year', 'integer'],
  ['citizen_id', 'text'],
  ['phone', 'text'],
  ['job', 'text'],
  ['card_number', 'text'],
  ['import_key', 'text'],
  ['import_job_id', 'integer'],
  ['created_at', 'bigint'],
  ['updated_at', 'bigint'],
  ['ethnicity', 'text'],
  ['religion', 'text'],
  ['hometown', 'text'],
  ['address', 'text'],
  ['email', 'text'],
  ['education', 'text'],
  ['qualification', 'text'],
  ['political_theory', 'text'],
  ['party_member', 'integer'],
  ['party_joined_on', 'text'],
  ['union_position', 'text'],
  ['full_time_officer', 'integer'],
  ['union_joined_on', 'text'],
  ['workforce_type', 'text'],
];

/** Chunks sent and not yet written: the next is queued while one is written, so the database never waits for Node. */
const WRITES_AHEAD = 2;

export class MemberImportWriter {
  private readonly writing: Array<Promise<unknown>> = [];
  private readonly now = Date.now();
  written = 0;

  /** `send` runs statements in the import's transaction; `dialect` builds them for its database; members name `jobId`. */
  constructor(
    private readonly dialect: MemberImportPieces,
    private readonly send: StatementSender,
    private readonly jobId: number,
  ) {}

  /** Sends the rows to be written; returns once they are on their way, with at most WRITES_AHEAD chunks unwritten. */
  async add(rows: KeyedRow[]): Promise<void> {
    if (rows.length === 0) return;
    // Built while the chunks before are still being written.
    const statements = this.dialect.insertMembers(
      MEMBER_COLUMNS,
      this.memberValues(rows),
      rows.map((r) => [r.importKey, r.unitId, r.joinedOn] as const),
    );
    while (this.writing.length >= WRITES_AHEAD) await this.writing.shift();
    const written = Promise.all(statements.map((s) => this.send(s)));
    // Awaited in turn; meanwhile a failure must not count as unhandled.
    written.catch(() => undefined);
    this.writing.push(written);
    this.written += rows.length;
  }

  /** Waits for the last chunks to be written. */
  async finish(): Promise<void> {
    // Every write is settled before the first failure is reported: the transaction ends after the last.
    const results = await Promise.allSettled(this.writing.splice(0));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private memberValues(rows: KeyedRow[]): Array<Array<string | number | null>> {
    return rows.map((r) => [
      r.fullName,
      r.nameFolded,
      vietnameseNameSortKey(r.fullName),
      r.gender,
      r.birthDate,
      r.birthYear,
      r.citizenId,
      r.phone,
      r.job,
      r.cardNumber,
      r.importKey,
      this.jobId,
      this.now,
      this.now,
      r.ethnicity ?? null,
      r.religion ?? null,
      r.hometown ?? null,
      r.address ?? null,
      r.email ?? null,
      r.education ?? null,
      r.qualification ?? null,
      r.politicalTheory ?? null,
      r.partyMember ?? null,
      r.partyJoinedOn ?? null,
      r.unionPosition ?? null,
      r.fullTimeOfficer ?? null,
      r.unionJoinedOn ?? null,
      r.workforceType ?? null,
    ]);
  }
}
