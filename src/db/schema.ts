import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Times are epoch milliseconds (INTEGER / BIGINT) so both databases sort and compare them alike. */
type Millis = number;
/** Booleans are 0/1 integers on both databases. */
type Flag = number;

export type UnitLevel = 'national' | 'sector_national' | 'province' | 'upper' | 'grassroots' | 'division' | 'group';

/** ISO calendar date 'YYYY-MM-DD' (Vietnam), as text. */
type IsoDate = string;

export type UnitType =
  'agency' | 'public_service' | 'state_enterprise' | 'non_state_enterprise' | 'fdi_enterprise' | 'cooperative' | 'union_body' | 'other';
export type UnitStatus = 'active' | 'dissolved' | 'merged';

/** The tree as it stands today; its history is in unit_versions and unit_events. */
export interface UnitTable {
  id: Generated<number>;
  parent_id: number | null;
  level: UnitLevel;
  short_name: string;
  full_name: string;
  sort_order: ColumnType<number, number | undefined, number>;
  created_at: Millis;
  unit_type: ColumnType<UnitType | null, UnitType | null | undefined, UnitType | null>;
  sector: ColumnType<string | null, string | null | undefined, string | null>;
  address: ColumnType<string | null, string | null | undefined, string | null>;
  has_womens_committee: ColumnType<Flag, Flag | undefined, Flag>;
  founded_on: ColumnType<IsoDate | null, IsoDate | null | undefined, IsoDate | null>;
  ended_on: ColumnType<IsoDate | null, IsoDate | null | undefined, IsoDate | null>;
  status: ColumnType<UnitStatus, UnitStatus | undefined, UnitStatus>;
}

export interface UnitVersionTable {
  id: Generated<number>;
  unit_id: number;
  valid_from: IsoDate;
  valid_to: IsoDate | null;
  parent_id: number | null;
  level: UnitLevel;
  unit_type: UnitType | null;
  sector: string | null;
  short_name: string;
  full_name: string;
  address: string | null;
  has_womens_committee: Flag;
}

export type UnitEventKind = 'found' | 'update' | 'move' | 'merge' | 'split' | 'dissolve';

export interface UnitEventTable {
  id: Generated<number>;
  kind: UnitEventKind;
  unit_id: number;
  other_unit_id: number | null;
  effective_on: IsoDate;
  details_json: string | null;
  note: string | null;
  actor_user_id: number | null;
  actor_label: string;
  recorded_at: Millis;
}

/** The day up to which dated tree events have been applied to today's tree (one row, id 1). */
export interface TreeSyncTable {
  id: number;
  synced_on: IsoDate;
}

export interface SectionTable {
  id: Generated<number>;
  unit_id: number | null;
  slug: string;
  name: string;
  sort_order: ColumnType<number, number | undefined, number>;
  created_at: Millis;
}

/** draft → submitted → (returned → submitted …) → scheduled | published → unpublished */
export type ArticleStatus = 'draft' | 'submitted' | 'returned' | 'scheduled' | 'published' | 'unpublished';

export interface ArticleTable {
  id: Generated<number>;
  section_id: number;
  slug: string;
  headline: string;
  headline_needs_review: Flag;
  lead: string;
  body_html: string;
  byline_label: string | null;
  author_name: string | null;
  author_unit: string | null;
  status: ArticleStatus;
  published_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
  /** Identifies where an imported article came from, so re-imports add nothing. */
  source_key: string | null;
  /** The unit the article is written for: whose reporters and editors may touch it. */
  unit_id: number | null;
  author_user_id: number | null;
  /** Bumped by every save; a save based on an older version is refused. */
  version: ColumnType<number, number | undefined, number>;
  review_comment: string | null;
  submitted_at: Millis | null;
  /** The headline folded for the newsroom's search (db/search/query indexText). */
  headline_folded: ColumnType<string, string | undefined, string>;
  /** The byline's author folded the same way. */
  author_folded: ColumnType<string, string | undefined, string>;
  /** Why an imported article waits for an editor's check (bits, news/schema CHECK_REASONS); 0: none. */
  check_reasons: ColumnType<number, number | undefined, number>;
}

export interface ArticleRevisionTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  headline: string;
  lead: string;
  body_html: string;
  snapshot_json: string;
  user_id: number | null;
  actor_label: string;
  created_at: Millis;
}

export interface UnitClosureTable {
  ancestor_id: number;
  descendant_id: number;
  depth: number;
}

export type Role = 'admin' | 'editor' | 'reporter' | 'officer' | 'viewer';

export interface UserTable {
  id: Generated<number>;
  login: string;
  full_name: string;
  password_hash: string;
  unit_id: number;
  disabled: ColumnType<Flag, Flag | undefined, Flag>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: Millis | null;
  password_changed_at: Millis;
  created_at: Millis;
  updated_at: Millis;
  /** The last successful sign-in (migration 024); null: never since it was kept. */
  last_sign_in_at: ColumnType<Millis | null, Millis | null | undefined, Millis | null>;
  /** Name and login folded for search (migration 024). */
  search_folded: ColumnType<string, string | undefined, string>;
}

export interface RoleGrantTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  unit_id: number;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  created_at: Millis;
  last_seen_at: Millis;
  expires_at: Millis;
  revoked_at: Millis | null;
  user_agent: string | null;
}

export interface PasswordResetTable {
  token_hash: string;
  user_id: number;
  created_by: number | null;
  created_at: Millis;
  expires_at: Millis;
  used_at: Millis | null;
}

/** Failed sign-ins of one (login, address) pair or one address, and the wait they impose. */
export interface SignInThrottleTable {
  key: string;
  failures: number;
  delay_ms: number;
  blocked_until: Millis | null;
  updated_at: Millis;
}

export interface FigureTable {
  id: Generated<number>;
  article_id: number;
  position: number;
  image_id: number | null;
  /** File name or alt text of the photo, as the old page had it. */
  source_name: string | null;
  caption: string;
}

export interface ImageTable {
  id: Generated<number>;
  sha256: string;
  width: number;
  height: number;
  created_at: Millis;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: Millis;
  actor_user_id: number | null;
  actor_label: string;
  action: string;
  entity: string;
  entity_id: string;
  unit_id: number | null;
  before_json: string | null;
  after_json: string | null;
}

export interface ContentVersionTable {
  id: number;
  version: number;
  changed_at: Millis;
}

export type Gender = 'male' | 'female';
export type MembershipStart = 'join' | 'transfer_in' | 'rejoin' | 'merge' | 'restructure';
export type MembershipEnd = 'transfer_out' | 'leave' | 'merge' | 'restructure';
/** Why a member left (thôi sinh hoạt); the labels are in `members/schema.ts`. */
export type LeaveReason = 'retired' | 'moved_out' | 'quit_job' | 'deceased' | 'expelled' | 'voluntary' | 'other';

export interface MemberTable {
  id: Generated<number>;
  full_name: string;
  name_folded: string;
  sort_key: string;
  gender: Gender | null;
  birth_date: IsoDate | null;
  birth_year: number | null;
  citizen_id: string | null;
  phone: string | null;
  job: string | null;
  card_number: string | null;
  /** Identifies the spreadsheet row a member came from, so re-imports add nothing. */
  import_key: string | null;
  /** The import job that wrote this member, until the job ends (its undo removes the job's members). */
  import_job_id: ColumnType<number | null, number | null | undefined, number | null>;
  erased_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
  // Registry fields (migration 021), all optional; codes' labels are in `members/schema.ts`.
  /** Sensitive personal data: one of the 54 official names of Vietnam's ethnic groups. */
  ethnicity: Optional<string>;
  /** Sensitive personal data. */
  religion: Optional<string>;
  hometown: Optional<string>;
  address: Optional<string>;
  email: Optional<string>;
  /** General education, "12/12". */
  education: Optional<string>;
  qualification: Optional<string>;
  political_theory: Optional<string>;
  party_member: Optional<Flag>;
  party_joined_on: Optional<IsoDate>;
  union_position: Optional<string>;
  full_time_officer: Optional<Flag>;
  /** When the member joined the union: may precede their first period in this registry. */
  union_joined_on: Optional<IsoDate>;
  workforce_type: Optional<string>;
  /** The member's consent to the processing of their personal data: its date and purpose. */
  consent_on: Optional<IsoDate>;
  consent_purpose: Optional<string>;
  /** Counts the record's edits: the edit form's optimistic check. */
  version: ColumnType<number, number | undefined, number>;
}

/** A nullable column that an insert may leave out. */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface MembershipTable {
  id: Generated<number>;
  member_id: number;
  unit_id: number;
  started_on: IsoDate;
  start_kind: MembershipStart;
  ended_on: IsoDate | null;
  end_kind: MembershipEnd | null;
  /** Set when the period ended by a departure recorded with its reason; null before reasons were kept. */
  end_reason: LeaveReason | null;
  /** The officer's words, for the reason "other". */
  end_note: string | null;
}

export type TransferRequestStatus = 'waiting' | 'accepted' | 'refused' | 'cancelled' | 'stale';

/** A transfer to a unit outside the requester's scope, waiting for the receiving side (or decided). */
export interface MemberTransferRequestTable {
  id: Generated<number>;
  member_id: number;
  from_unit_id: number;
  to_unit_id: number;
  transfer_on: IsoDate;
  status: TransferRequestStatus;
  requested_by: number;
  requested_at: Millis;
  decided_by: number | null;
  decided_at: Millis | null;
  reason: string | null;
}

export type ImportJobStatus = 'running' | 'done' | 'failed' | 'interrupted';

export interface ImportJobTable {
  id: Generated<number>;
  kind: string;
  user_id: number | null;
  file_name: string;
  status: ImportJobStatus;
  total: number;
  done: number;
  result_json: string | null;
  created_at: Millis;
  updated_at: Millis;
  /** The process running the job (a random id per start); null for jobs from before migration 017. */
  owner: string | null;
  heartbeat_at: Millis | null;
  /** The file's header row (JSON array) when the job kept the rows it refused (migration 022). */
  rejected_headers: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A row a member import refused: its cells as read (JSON array) and why (migration 022). */
export interface ImportRejectedRowTable {
  job_id: number;
  row_number: number;
  cells_json: string;
  reason: string;
}

/** One row per kind of import: the job that may write now. */
export interface ImportLockTable {
  name: string;
  job_id: number | null;
  taken_at: Millis | null;
}

export type ExportJobStatus = 'running' | 'done' | 'failed' | 'interrupted';

/** A long export run in the background; its file waits in DATA_DIR/exports for a day. */
export interface ExportJobTable {
  id: Generated<number>;
  kind: string;
  user_id: number;
  /** The file's name in DATA_DIR/exports (random, so it cannot be guessed). */
  file_name: string;
  status: ExportJobStatus;
  done: number;
  total: number;
  filter_json: string;
  /** Why a failed export failed, in Vietnamese. */
  error: string | null;
  created_at: Millis;
  updated_at: Millis;
  /** The process running the job (a random id per start), which touches `heartbeat_at` while it works. */
  owner: string | null;
  heartbeat_at: Millis | null;
}

export interface UnitMemberCountTable {
  unit_id: number;
  day: IsoDate;
  members: number;
  women: number;
  joined: ColumnType<number, number | undefined, number>;
  left_count: ColumnType<number, number | undefined, number>;
}
/** Members (and women) of a unit's whole subtree, as the tree stood, after each day the total changed. */
export interface UnitSubtreeCountTable {
  unit_id: number;
  day: IsoDate;
  members: number;
  women: number;
}

export type FundKind = 'social' | 'home' | 'study' | 'campaign' | 'other';

/** A fund of a unit (Quỹ Xã hội, Quỹ Mái ấm Công đoàn, Quỹ khuyến học, a campaign fund). */
export interface FundTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  kind: FundKind;
  created_at: Millis;
  /** No entry may be dated on or after this day. */
  closed_on: IsoDate | null;
}

export type FundEntryKind = 'receipt' | 'payout' | 'transfer_out' | 'transfer_in' | 'reversal';

/** One line of a fund's ledger; insert-only. Amounts are whole đồng: money in is positive, money out negative. */
export interface FundEntryTable {
  id: Generated<number>;
  fund_id: number;
  entry_date: IsoDate;
  kind: FundEntryKind;
  amount: number;
  /** Who gave (a unit or a person), for receipts; the other fund, for transfers. */
  source_label: string | null;
  source_unit_id: number | null;
  case_id: number | null;
  /** The same value on both legs of a transfer (and on both legs of its reversal). */
  transfer_id: string | null;
  /** Unique: an entry is reversed at most once. */
  reverses_entry_id: number | null;
  memo: string | null;
  created_by: number | null;
  created_at: Millis;
}

/** A care programme ("Tết Sum vầy 2026") organised by a unit, drawing on funds. */
export interface ProgrammeTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  starts_on: IsoDate;
  ends_on: IsoDate;
  budget: number;
  default_cash: number;
  default_in_kind: number;
  publish_totals: Flag;
  created_at: Millis;
  updated_at: Millis;
}

export interface ProgrammeFundTable {
  programme_id: number;
  fund_id: number;
}

export type RecipientKind = 'member' | 'child' | 'worker';
export type CareReason =
  'long_illness' | 'hardship' | 'grave_illness' | 'work_accident' | 'disaster' | 'study' | 'house' | 'holiday_gift' | 'other';
/** proposed → approved | returned (→ proposed …) → paid → closed */
export type CareCaseStatus = 'proposed' | 'returned' | 'approved' | 'paid' | 'closed';

export interface CareCaseTable {
  id: Generated<number>;
  programme_id: number | null;
  recipient_kind: RecipientKind;
  member_id: number | null;
  recipient_name: string;
  recipient_folded: string;
  recipient_birth_year: number | null;
  recipient_citizen_id: string | null;
  /** The member whose child receives (a study award …). */
  parent_member_id: number | null;
  reason: CareReason;
  description: string;
  /** The day of the visit or gift: the period the case counts in. */
  occurred_on: IsoDate;
  proposing_unit_id: number;
  cash_amount: number;
  in_kind_amount: number;
  status: CareCaseStatus;
  fund_id: number | null;
  proposed_by: number | null;
  proposed_at: Millis;
  decided_by: number | null;
  decided_at: Millis | null;
  decision_note: string | null;
  paid_entry_id: number | null;
  paid_by: number | null;
  /** The day it was paid (the payout's date; for a gift in kind alone, the day recorded as paid). */
  paid_on: ColumnType<IsoDate | null, IsoDate | null | undefined, IsoDate | null>;
  paid_at: Millis | null;
  closed_at: Millis | null;
  /** Identifies the spreadsheet row a case came from, so re-imports add nothing. */
  import_key: string | null;
  /** Bumped by every update; an update based on an older version is refused. */
  version: ColumnType<number, number | undefined, number>;
  created_at: Millis;
  updated_at: Millis;
}

export interface CareAttachmentTable {
  id: Generated<number>;
  case_id: number;
  file_name: string;
  stored_path: string;
  mime: string;
  size: number;
  uploaded_by: number | null;
  created_at: Millis;
}

export interface Database {
  units: UnitTable;
  sections: SectionTable;
  articles: ArticleTable;
  figures: FigureTable;
  images: ImageTable;
  settings: SettingTable;
  audit_events: AuditEventTable;
  content_version: ContentVersionTable;
  unit_closure: UnitClosureTable;
  unit_versions: UnitVersionTable;
  unit_events: UnitEventTable;
  tree_sync: TreeSyncTable;
  members: MemberTable;
  memberships: MembershipTable;
  member_transfer_requests: MemberTransferRequestTable;
  import_jobs: ImportJobTable;
  import_locks: ImportLockTable;
  import_rejected_rows: ImportRejectedRowTable;
  export_jobs: ExportJobTable;
  unit_member_counts: UnitMemberCountTable;
  unit_subtree_counts: UnitSubtreeCountTable;
  users: UserTable;
  role_grants: RoleGrantTable;
  sessions: SessionTable;
  password_resets: PasswordResetTable;
  sign_in_throttle: SignInThrottleTable;
  article_revisions: ArticleRevisionTable;
  funds: FundTable;
  fund_entries: FundEntryTable;
  programmes: ProgrammeTable;
  programme_funds: ProgrammeFundTable;
  care_cases: CareCaseTable;
  care_attachments: CareAttachmentTable;
}

export type Unit = Selectable<UnitTable>;
export type Section = Selectable<SectionTable>;
export type Article = Selectable<ArticleTable>;
export type NewArticle = Insertable<ArticleTable>;
export type ArticleUpdate = Updateable<ArticleTable>;
export type Figure = Selectable<FigureTable>;
export type User = Selectable<UserTable>;
export type ArticleRevision = Selectable<ArticleRevisionTable>;
export type UnitVersion = Selectable<UnitVersionTable>;
export type UnitEvent = Selectable<UnitEventTable>;
export type Member = Selectable<MemberTable>;
export type Membership = Selectable<MembershipTable>;
export type MemberTransferRequest = Selectable<MemberTransferRequestTable>;
export type Fund = Selectable<FundTable>;
export type FundEntry = Selectable<FundEntryTable>;
export type Programme = Selectable<ProgrammeTable>;
export type CareCase = Selectable<CareCaseTable>;
export type CareAttachment = Selectable<CareAttachmentTable>;
