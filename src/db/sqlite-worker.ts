import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { CompiledQuery, Kysely, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import type { StatementSender } from './context.js';
import type { Database } from './schema.js';
import { writeTurns } from './write-turns.js';

/**
 * A SQLite connection that runs its statements in a worker thread. Long imports write
 * through it: SQLite works on one core while Node reads and checks the next rows on
 * the other, and a server's event loop keeps answering requests during the writes.
 *
 * The worker is plain JavaScript evaluated from this string, so that it runs the same
 * from the compiled program and from the TypeScript sources under test.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const statements = new Map();
function prepare(text) {
  let statement = statements.get(text);
  if (statement) statements.delete(text);
  else statement = db.prepare(text);
  statements.set(text, statement);
  if (statements.size > 256) statements.delete(statements.keys().next().value);
  return statement;
}
parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.postMessage({ id: message.id, closed: true });
    return;
  }
  try {
    const statement = prepare(message.sql);
    if (statement.reader) {
      parentPort.postMessage({ id: message.id, rows: statement.all(message.parameters) });
    } else {
      const result = statement.run(message.parameters);
      parentPort.postMessage({ id: message.id, changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) });
    }
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

interface Reply {
  id: number;
  rows?: unknown[];
  changes?: number;
  lastInsertRowid?: number;
  closed?: boolean;
  error?: { message: string; code?: string };
}

/** An error the worker's SQLite raised, with SQLite's code ("SQLITE_CONSTRAINT_UNIQUE" …). */
export class SqliteWorkerError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

/** The worker, and the replies it owes: statements run in the order they are sent. */
class SqliteThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private failure: Error | null = null;

  constructor(file: string, pragmas: string[]) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, pragmas } });
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (!waiter) return;
      if (reply.error) waiter.reject(new SqliteWorkerError(reply.error.message, reply.error.code));
      else waiter.resolve(reply);
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`SQLite worker stopped (exit code ${code}).`)));
  }

  send(message: { sql: string; parameters: readonly unknown[] } | { close: true }): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  async close(): Promise<void> {
    if (!this.failure) await this.send({ close: true });
    await this.worker.terminate();
  }
}

class WorkerConnection implements DatabaseConnection {
  constructor(private readonly thread: SqliteThread) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const reply = await this.thread.send({ sql: query.sql, parameters: query.parameters });
    if (reply.rows) return { rows: reply.rows as R[] };
    return { rows: [], numAffectedRows: BigInt(reply.changes ?? 0), insertId: BigInt(reply.lastInsertRowid ?? 0) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('The SQLite worker connection does not stream rows.');
  }
}

/** One connection, used by one caller at a time (a transaction holds it to the end). */
class WorkerDriver implements Driver {
  private thread: SqliteThread | null = null;
  private connection: WorkerConnection | null = null;
  private held: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;
  private endTurn: (() => void) | null = null;

  constructor(
    private readonly file: string,
    private readonly pragmas: string[],
  ) {}

  async init(): Promise<void> {
    this.thread = new SqliteThread(this.file, this.pragmas);
    this.connection = new WorkerConnection(this.thread);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.held;
    let release = () => {};
    this.held = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    this.release = release;
    if (!this.connection) throw new Error('The SQLite worker connection is closed.');
    return this.connection;
  }

  send<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
    if (!this.connection) return Promise.reject(new Error('The SQLite worker connection is closed.'));
    return this.connection.executeQuery(query);
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = null;
    release?.();
  }

  /**
   * A transaction here takes its turn with the site's writes (write-turns.ts): while it is
   * open they wait without blocking the event loop, which its statements' replies need.
   */
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const endTurn = await writeTurns.beginLong();
    try {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    } catch (e) {
      endTurn();
      throw e;
    }
    this.endTurn = endTurn;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('commit'));
    } finally {
      this.endTransactionTurn();
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } finally {
      this.endTransactionTurn();
    }
  }

  private endTransactionTurn(): void {
    this.endTurn?.();
    this.endTurn = null;
  }

  async destroy(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    this.connection = null;
    await thread?.close();
  }
}

class WorkerSqliteDialect extends SqliteDialect {
  private readonly driver: WorkerDriver;

  constructor(file: string, pragmas: string[]) {
    // The database is never opened by the base dialect: only its compiler, adapter and introspector are used.
    super({ database: () => Promise.reject(new Error('unused')) });
    this.driver = new WorkerDriver(file, pragmas);
  }

  override createDriver(): Driver {
    return this.driver;
  }

  send<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
    return this.driver.send(query);
  }
}

const senders = new WeakMap<Kysely<Database>, StatementSender>();

/** A Kysely over a SQLite file whose statements run in a worker thread, set up with `pragmas`. */
export function sqliteInWorker(file: string, pragmas: string[]): Kysely<Database> {
  const dialect = new WorkerSqliteDialect(file, pragmas);
  const kysely = new Kysely<Database>({ dialect });
  senders.set(kysely, (query) => dialect.send(query));
  return kysely;
}

/**
 * For a Kysely of `sqliteInWorker`: a sender that posts each statement to the worker at
 * once. Kysely waits for a statement's reply before it sends the next one on a connection,
 * and the reply waits for Node to finish what it is doing: an import that sends its next
 * statements ahead keeps the worker busy meanwhile. The worker has one connection, so
 * statements sent inside a transaction are part of it; all must be awaited before it ends.
 */
export function statementSenderOf(db: Kysely<Database>): StatementSender | undefined {
  return senders.get(db);
}
