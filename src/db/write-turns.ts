import type { ControlledTransaction, Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Turns at SQLite's one write lock, between this process's short writes and a long import.
 * A long import writes in transactions that stay open across its chunks (committing often
 * would write every touched index page again and again); at each chunk's end it asks
 * `wanted`, and commits when a short write waits or its transaction has grown old. A short
 * write waits here, without blocking the event loop, until no long transaction is open, then
 * runs; the import begins its next transaction once the waiting writes are through. Writes
 * of other processes (the CLI) find the lock free at least every `LONG_TRANSACTION_MS`.
 */
export const LONG_TRANSACTION_MS = 1000;
/** A long writer waits at most this long for short writes to let it in. */
const MAX_YIELD_MS = 2000;

class WriteTurns {
  private waiting = 0;
  private open: Promise<void> | null = null;
  private drained: Promise<void> = Promise.resolve();
  private onDrained: (() => void) | null = null;

  /** A short write: runs once no long transaction is open. */
  async take<T>(work: () => Promise<T>): Promise<T> {
    if (this.waiting++ === 0) this.drained = new Promise((resolve) => (this.onDrained = resolve));
    try {
      while (this.open) await this.open;
      return await work();
    } finally {
      if (--this.waiting === 0) this.onDrained?.();
    }
  }

  /** Whether short writes are waiting for the open long transaction to end. */
  get wanted(): boolean {
    return this.waiting > 0;
  }

  /** A long transaction is about to begin: waits for the short writes waiting now, then holds the others back until `end`. */
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
 * `shouldCommit` says so. On SQLite it takes its turn at the write lock.
 */
export class LongTransaction {
  private trx: ControlledTransaction<Database> | null = null;
  private beginning: Promise<ControlledTransaction<Database>> | null = null;
  private endTurn: (() => void) | null = null;
  private began = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly sqlite: boolean,
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
    if (this.sqlite) this.endTurn = await writeTurns.beginLong();
    try {
      this.trx = await this.db.startTransaction().execute();
    } catch (e) {
      this.release();
      throw e;
    }
    this.began = Date.now();
    return this.trx;
  }

  /** Time to commit: short writes wait, or the transaction is old enough. */
  shouldCommit(): boolean {
    return this.trx !== null && ((this.sqlite && writeTurns.wanted) || Date.now() - this.began >= LONG_TRANSACTION_MS);
  }

  async commit(): Promise<void> {
    const trx = this.trx;
    if (!trx) return;
    this.trx = null;
    try {
      await trx.commit().execute();
    } finally {
      this.release();
    }
  }

  async rollback(): Promise<void> {
    const trx = this.trx;
    if (!trx) return;
    this.trx = null;
    try {
      await trx.rollback().execute();
    } finally {
      this.release();
    }
  }

  private release(): void {
    this.endTurn?.();
    this.endTurn = null;
  }
}
