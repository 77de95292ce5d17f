import type { ControlledTransaction, Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Turns at SQLite's one write lock, between the site's short writes and a long import that
 * writes on its own connection (a worker thread). A long import keeps its transaction open
 * across chunks (committing after every chunk would write each touched index page again
 * and again); at each chunk's end it asks `wanted`, and commits when a short write waits or
 * its transaction has grown old. The site's connection (connection.ts) makes each write wait
 * here, without blocking the event loop, until no long transaction is open: SQLite's own
 * wait for the lock (busy_timeout) would block the event loop, and with it the import's
 * commit. Writes of other processes (the CLI) find the lock free at least every
 * `LONG_TRANSACTION_MS`.
 */
export const LONG_TRANSACTION_MS = 2000;
/** A long writer waits at most this long for short writes to let it in. */
const MAX_YIELD_MS = 2000;

class WriteTurns {
  /** Short writes held back by an open long transaction. */
  private waiting = 0;
  private open: Promise<void> | null = null;
  private drained: Promise<void> = Promise.resolve();
  private onDrained: (() => void) | null = null;

  /** A short write is about to take the lock: first lets an open long transaction end. */
  async enter(): Promise<void> {
    if (!this.open) return;
    if (this.waiting++ === 0) this.drained = new Promise((resolve) => (this.onDrained = resolve));
    try {
      while (this.open) await this.open;
    } finally {
      if (--this.waiting === 0) this.onDrained?.();
    }
  }

  /** Whether short writes wait for the open long transaction to end. */
  get wanted(): boolean {
    return this.waiting > 0;
  }

  /** A long transaction is about to begin: lets the short writes waiting now go first, then holds new ones back until `end`. */
  async beginLong(): Promise<() => void> {
    if (this.waiting > 0) await Promise.race([this.drained, new Promise((resolve) => setTimeout(resolve, MAX_YIELD_MS))]);
    while (this.open) await this.open;
    let end = () => {};
    const open = new Promise<void>((resolve) => (end = resolve));
    this.open = open;
    return () => {
      if (this.open === open) this.open = null;
      end();
    };
  }
}

/** This process's turns at SQLite's write lock (PostgreSQL locks rows, not the database: its writers never wait here). */
export const writeTurns = new WriteTurns();

/**
 * A transaction that a long writer keeps open across several steps and commits when
 * `shouldCommit` says so. `gated`: it writes on SQLite's import connection, whose
 * transactions take turns with the site's writes (sqlite-worker.ts), and commits as soon as
 * one of them waits.
 */
export class LongTransaction {
  private trx: ControlledTransaction<Database> | null = null;
  private beginning: Promise<ControlledTransaction<Database>> | null = null;
  private began = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly gated: boolean,
  ) {}

  /** The open transaction, begun if none is. */
  current(): Promise<ControlledTransaction<Database>> {
    if (this.trx) return Promise.resolve(this.trx);
    this.beginning ??= this.begin().finally(() => {
      this.beginning = null;
    });
    return this.beginning;
  }

  private async begin(): Promise<ControlledTransaction<Database>> {
    this.trx = await this.db.startTransaction().execute();
    this.began = Date.now();
    return this.trx;
  }

  /** Time to commit: short writes wait, or the transaction is old enough. */
  shouldCommit(): boolean {
    return this.trx !== null && ((this.gated && writeTurns.wanted) || Date.now() - this.began >= LONG_TRANSACTION_MS);
  }

  async commit(): Promise<void> {
    const trx = this.trx;
    this.trx = null;
    await trx?.commit().execute();
  }

  async rollback(): Promise<void> {
    const trx = this.trx;
    this.trx = null;
    await trx?.rollback().execute();
  }
}
