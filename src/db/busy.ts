import { DatabaseBusy } from '../lib/errors.js';

/**
 * Errors that mean "the database was busy with other writes", not "this write is wrong":
 * SQLite's lock waits that ran out (SQLITE_BUSY, SQLITE_LOCKED and their extended codes),
 * and PostgreSQL's lock timeouts, deadlocks and serialization failures.
 */
const POSTGRES_BUSY = new Set(['40001', '40P01', '55P03']);

export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || POSTGRES_BUSY.has(code);
}

/** The error as the user should meet it: a busy database as `DatabaseBusy`, anything else as it is. */
export function asDatabaseBusy(error: unknown): unknown {
  return isDatabaseBusy(error) ? new DatabaseBusy() : error;
}
