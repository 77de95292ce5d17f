/**
 * Running a parser of an uploaded file (mammoth, exceljs) in a worker thread with a heap
 * limit and a time limit: a hostile file ends the worker, never the server.
 *
 * The worker is plain JavaScript evaluated from a string (as in src/db/sqlite-worker.ts),
 * so that it runs the same from the compiled program and from the TypeScript sources under test.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface BoundedJob {
  /** JavaScript defining `async function run(data, modules)`; what it returns is cloned back. */
  source: string;
  /** Packages the worker requires, by the name `run` sees them under: `{ mammoth: 'mammoth' }`. */
  modules: Record<string, string>;
  data: unknown;
  maxOldGenerationSizeMb: number;
  timeoutMs: number;
}

/** The worker ran out of time or memory and was stopped. */
export class WorkerOverrun extends Error {
  constructor(readonly limit: 'time' | 'memory') {
    super(`worker stopped: ${limit} limit`);
    this.name = 'WorkerOverrun';
  }
}

/** The work threw in the worker; the message is the parser's, not for users. */
export class WorkerFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerFailed';
  }
}

const PRELUDE = `
const { parentPort, workerData } = require('node:worker_threads');
const modules = {};
for (const [name, file] of Object.entries(workerData.modules)) modules[name] = require(file);
`;

const POSTLUDE = `
Promise.resolve()
  .then(() => run(workerData.data, modules))
  .then(
    (result) => parentPort.postMessage({ result }),
    (error) => parentPort.postMessage({ error: String((error && error.message) || error) }),
  );
`;

const resolvePackage = createRequire(import.meta.url).resolve;

/** Runs the job in a fresh worker; rejects with WorkerOverrun past a limit, WorkerFailed when the work throws. */
export function runBounded<T>(job: BoundedJob): Promise<T> {
  const modules = Object.fromEntries(Object.entries(job.modules).map(([name, pkg]) => [name, resolvePackage(pkg)]));
  const worker = new Worker(PRELUDE + job.source + POSTLUDE, {
    eval: true,
    workerData: { modules, data: job.data },
    resourceLimits: { maxOldGenerationSizeMb: job.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    stdout: true,
    stderr: true,
  });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => settle(() => reject(new WorkerOverrun('time'))), job.timeoutMs);
    worker.on('message', (message: { result?: T; error?: string }) => {
      if (message.error !== undefined) settle(() => reject(new WorkerFailed(message.error ?? '')));
      else settle(() => resolve(message.result as T));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') settle(() => reject(new WorkerOverrun('memory')));
      else settle(() => reject(new WorkerFailed(error.message)));
    });
    worker.on('exit', () => settle(() => reject(new WorkerOverrun('memory'))));
  });
}

/** A Uint8Array cloned back from a worker, as a Buffer without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface BoundedStreamJob extends BoundedJob {
  /**
   * JavaScript defining `async function run(data, modules, { emit, heard })`: `await emit(item)`
   * hands an item over (waiting while the reader holds `ahead` items not yet taken), `heard()`
   * is the last message the reader sent with `tell`. What `run` returns is ignored.
   */
  source: string;
  /** The time limit counts only the time the reader waits for the next item. */
  timeoutMs: number;
  /** Items the worker may hand over before the reader takes them (2 by default). */
  ahead?: number;
  /** The worker is stopped when the reader leaves it waiting this long (2 minutes by default). */
  idleTimeoutMs?: number;
}

const STREAM_PRELUDE = `
let credits = 0;
let wake = null;
let told;
parentPort.on('message', (message) => {
  if (message.more) credits += message.more;
  if ('tell' in message) told = message.tell;
  if (wake) { const w = wake; wake = null; w(); }
});
async function emit(item) {
  while (credits === 0) await new Promise((resolve) => { wake = resolve; });
  credits--;
  parentPort.postMessage({ item });
}
const heard = () => told;
`;

const STREAM_POSTLUDE = `
Promise.resolve()
  .then(() => run(workerData.data, modules, { emit, heard }))
  .then(
    () => parentPort.postMessage({ done: true }),
    (error) => parentPort.postMessage({ error: String((error && error.message) || error) }),
  );
`;

/**
 * A worker whose items are read one at a time, as in `runBounded` but handed over as they are
 * made: the worker runs at most `ahead` items ahead of the reader (so neither side holds more),
 * the time limit counts the reader's waits, and a reader that stops reading (or calls `close`)
 * ends the worker.
 */
export class BoundedStream<T> {
  private readonly worker: Worker;
  private readonly queue: T[] = [];
  private readonly ahead: number;
  private done = false;
  private failure: Error | null = null;
  private stopped = false;
  private waiter: (() => void) | null = null;
  private waitedMs = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly job: BoundedStreamJob) {
    this.ahead = Math.max(1, job.ahead ?? 2);
    const modules = Object.fromEntries(Object.entries(job.modules).map(([name, pkg]) => [name, resolvePackage(pkg)]));
    this.worker = new Worker(PRELUDE + STREAM_PRELUDE + job.source + STREAM_POSTLUDE, {
      eval: true,
      workerData: { modules, data: job.data },
      resourceLimits: { maxOldGenerationSizeMb: job.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: true,
      stderr: true,
    });
    // An abandoned stream must not keep the process alive; a reader waiting keeps it alive by its timer.
    this.worker.unref();
    this.worker.on('message', (message: { item?: T; done?: boolean; error?: string }) => {
      if (this.stopped) return;
      if (message.error !== undefined) this.fail(new WorkerFailed(message.error));
      else if (message.done) this.finish();
      else this.queue.push(message.item as T);
      this.wakeReader();
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new WorkerOverrun('memory') : new WorkerFailed(error.message));
    });
    this.worker.on('exit', () => this.fail(new WorkerOverrun('memory')));
    this.worker.postMessage({ more: this.ahead });
    this.startIdleTimer();
  }

  /** The next item; undefined once the work is done. Throws WorkerOverrun or WorkerFailed. */
  async next(): Promise<T | undefined> {
    clearTimeout(this.idleTimer);
    while (this.queue.length === 0 && !this.done && !this.failure) await this.waitForWorker();
    if (this.queue.length > 0) {
      const item = this.queue.shift() as T;
      if (!this.stopped) this.worker.postMessage({ more: 1 });
      this.startIdleTimer();
      return item;
    }
    if (this.failure) throw this.failure;
    return undefined;
  }

  /** Sends the worker a message its `heard()` returns from now on. */
  tell(message: unknown): void {
    if (!this.stopped) this.worker.postMessage({ tell: message });
  }

  /** Ends the worker; items not read are dropped. */
  close(): void {
    this.abandon(new WorkerFailed('closed'));
  }

  /** Ends the worker with `error`, dropping what it handed over and was not read. */
  private abandon(error: Error): void {
    this.fail(error);
    this.queue.length = 0;
  }

  private waitForWorker(): Promise<void> {
    const started = performance.now();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.fail(new WorkerOverrun('time')), Math.max(0, this.job.timeoutMs - this.waitedMs));
      this.waiter = () => {
        clearTimeout(timer);
        this.waitedMs += performance.now() - started;
        resolve();
      };
    });
  }

  private wakeReader(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  private startIdleTimer(): void {
    if (this.stopped) return;
    this.idleTimer = setTimeout(() => this.abandon(new WorkerOverrun('time')), this.job.idleTimeoutMs ?? 120_000);
    this.idleTimer.unref();
  }

  private finish(): void {
    this.done = true;
    this.stop();
  }

  private fail(error: Error): void {
    if (!this.done && !this.failure) this.failure = error;
    this.stop();
    this.wakeReader();
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.idleTimer);
    void this.worker.terminate();
  }
}
