import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connection.js';
import { portal } from './migrations/001_portal.js';
import { accounts } from './migrations/002_accounts.js';
import { unitHistory } from './migrations/003_unit_history.js';
import { members } from './migrations/004_members.js';
import { importJobs } from './migrations/005_import_jobs.js';
import { memberCounts } from './migrations/006_member_counts.js';
import { memberFlowCounts } from './migrations/007_member_flow_counts.js';
import { subtreeCounts } from './migrations/008_subtree_counts.js';
import { care } from './migrations/009_care.js';
import { casePaidOn } from './migrations/010_case_paid_on.js';
import { byteOrderKeys } from './migrations/011_byte_order_keys.js';
import { sparseCitizenIndex } from './migrations/012_sparse_citizen_index.js';
import { identifiedImportKeys } from './migrations/013_identified_import_keys.js';
import { treeSync } from './migrations/014_tree_sync.js';
import { memberTransferRequests } from './migrations/015_member_transfer_requests.js';
import { signInThrottle } from './migrations/016_sign_in_throttle.js';
import { jobHeartbeat } from './migrations/017_job_heartbeat.js';
import { exportJobs } from './migrations/018_export_jobs.js';
import { importBatches } from './migrations/019_import_batches.js';
import { leaveReasons } from './migrations/020_leave_reasons.js';
import { memberRegistryFields } from './migrations/021_member_registry_fields.js';
import { importRejectedRows } from './migrations/022_import_rejected_rows.js';
import { newsroomDesk } from './migrations/023_newsroom_desk.js';
import { accountSignIn } from './migrations/024_account_sign_in.js';
import { waitingWorkIndexes } from './migrations/026_waiting_work_indexes.js';

/** Every migration, in order. Names never change once released. */
function allMigrations(db: Db): Record<string, Migration> {
  return {
    '001_portal': portal(db.dialect),
    '002_accounts': accounts(db.dialect),
    '003_unit_history': unitHistory(db.dialect),
    '004_members': members(db.dialect),
    '005_import_jobs': importJobs(db.dialect),
    '006_member_counts': memberCounts(),
    '007_member_flow_counts': memberFlowCounts(),
    '008_subtree_counts': subtreeCounts(),
    '009_care': care(db.dialect),
    '010_case_paid_on': casePaidOn(),
    '011_byte_order_keys': byteOrderKeys(db.dialect),
    '012_sparse_citizen_index': sparseCitizenIndex,
    '013_identified_import_keys': identifiedImportKeys(db.dialect),
    '014_tree_sync': treeSync(),
    '015_member_transfer_requests': memberTransferRequests(db.dialect),
    '016_sign_in_throttle': signInThrottle(),
    '017_job_heartbeat': jobHeartbeat(),
    '018_export_jobs': exportJobs(db.dialect),
    '019_import_batches': importBatches(),
    '020_leave_reasons': leaveReasons(),
    '021_member_registry_fields': memberRegistryFields(),
    '022_import_rejected_rows': importRejectedRows(),
    '023_newsroom_desk': newsroomDesk(),
    '024_account_sign_in': accountSignIn(),
    '026_waiting_work_indexes': waitingWorkIndexes(),
  };
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => allMigrations(db) };
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new Error(`Lỗi khi nâng cấp cơ sở dữ liệu (migration ${failed}): ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
